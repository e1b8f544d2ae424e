"""Build a brand's member history for ``scoring.rank_lead_users`` in a fixed number of queries.

Topics are the insight engine's themes (``Voice.theme``), whose volume over time tells which
grew; a brand with no theme yet falls back on the tags of ideas, stories and questions. Every
read below is one query over the brand (no per-member query), so the page's cost does not grow
with the number of members ranked.
"""

from __future__ import annotations

from datetime import datetime

from django.apps import apps
from django.db.models import F, Q
from django.urls import reverse

from cocrea.brands.models import Brand, Membership
from cocrea.community.models import Answer, Question, Story, StoryRating
from cocrea.ideas.models import Idea, Rating
from cocrea.insights.models import Need, Theme, Voice
from cocrea.leadusers.scoring import Contribution, Fact, History

ACCEPTED = (Idea.Status.ACCEPTED, Idea.Status.IN_DEVELOPMENT, Idea.Status.LAUNCHED)
SOLVED = (Idea.Status.IN_DEVELOPMENT, Idea.Status.LAUNCHED)
VOICE_LIMIT = 200_000  # the newest voices read for themes: bounded memory on a huge brand


def _idea_url(slug: str, pk: int) -> str:
    return reverse("ideas:detail", args=[slug, pk])


def _theme_history(
    brand: Brand,
) -> tuple[list[Contribution], dict[str, str], dict[str, list[datetime]]]:
    voices = (
        Voice.objects.visible()
        .filter(brand=brand, theme__isnull=False, low_information=False)  # no "+1" as evidence
        .order_by("-created_at")
        .values_list("author_id", "channel", "title", "text", "theme_id", "created_at", "sentiment")
    )[:VOICE_LIMIT]
    contributions: list[Contribution] = []
    times: dict[str, list[datetime]] = {}
    for author_id, channel, title, text, theme_id, created_at, sentiment in voices:
        topic = f"theme:{theme_id}"
        times.setdefault(topic, []).append(created_at)
        if author_id is not None:
            label = title or (text[:80] + ("…" if len(text) > 80 else ""))
            contributions.append(
                Contribution(author_id, channel, label, topic, created_at, sentiment)
            )
    labels = {
        f"theme:{pk}": label
        for pk, label in Theme.objects.filter(brand=brand).values_list("id", "label")
    }
    return contributions, labels, times


def _tag_history(
    brand: Brand,
) -> tuple[list[Contribution], dict[str, str], dict[str, list[datetime]]]:
    """No theme yet: the tags of ideas, stories and questions are the topics."""
    contributions: list[Contribution] = []
    times: dict[str, list[datetime]] = {}
    labels: dict[str, str] = {}
    sources = (
        ("idea", Idea.objects.filter(brand=brand, is_hidden=False, withdrawn_at=None)),
        ("story", Story.objects.filter(brand=brand, is_hidden=False)),
        ("question", Question.objects.filter(brand=brand, is_hidden=False)),
    )
    for kind, rows in sources:
        for author_id, title, created_at, tag_id, tag_name in rows.filter(
            tags__isnull=False
        ).values_list("author_id", "title", "created_at", "tags__id", "tags__name"):
            topic = f"tag:{tag_id}"
            labels[topic] = f"#{tag_name}"
            times.setdefault(topic, []).append(created_at)
            contributions.append(Contribution(author_id, kind, title, topic, created_at))
    return contributions, labels, times


def _sentiments(brand: Brand) -> list[Contribution]:
    """Negative voices (theme or not) carry the frustration signal when topics come from tags."""
    rows = Voice.objects.visible().filter(brand=brand, sentiment__lt=0, author__isnull=False)
    return [
        Contribution(author_id, channel, title or text[:80], None, created_at, sentiment)
        for author_id, channel, title, text, created_at, sentiment in rows.values_list(
            "author_id", "channel", "title", "text", "created_at", "sentiment"
        ).order_by("sentiment")[:2000]
    ]


def _needs(brand: Brand) -> list[Fact]:
    rows = Need.objects.filter(brand=brand, voice__author__isnull=False)
    rows = rows.filter(voice__in=Voice.objects.visible()).order_by("-voice__created_at")
    return [
        Fact(author_id, "need", sentence)
        for author_id, sentence in rows.values_list("voice__author_id", "sentence")[:5000]
    ]


def _expertise(brand: Brand) -> list[Fact]:
    slug = brand.slug
    facts = [
        Fact(author_id, "accepted", title, url=_idea_url(slug, pk))
        for pk, author_id, title in Idea.objects.filter(
            brand=brand, status__in=ACCEPTED
        ).values_list("pk", "author_id", "title")
    ]
    facts += [
        Fact(author_id, "solved", title, url=_idea_url(slug, pk))
        for pk, author_id, title in Idea.objects.filter(brand=brand, status__in=SOLVED).values_list(
            "pk", "author_id", "title"
        )
    ]
    facts += [
        Fact(author_id, "solved", title, url=reverse("community:story", args=[slug, pk]))
        for pk, author_id, title in Story.objects.filter(brand=brand, is_hidden=False).values_list(
            "pk", "author_id", "title"
        )
    ]
    helpful = Answer.objects.filter(question__brand=brand, is_helpful=True, is_hidden=False)
    helpful = helpful.exclude(author_id=F("question__author_id"))
    facts += [
        Fact(author_id, "helpful", title, url=reverse("community:question", args=[slug, qid]))
        for author_id, title, qid in helpful.values_list(
            "author_id", "question__title", "question_id"
        )
    ]
    facts += [
        Fact(author_id, "rating", "", value=stars)
        for author_id, stars in Rating.objects.filter(idea__brand=brand).values_list(
            "idea__author_id", "stars"
        )
    ]
    facts += [
        Fact(author_id, "rating", "", value=stars)
        for author_id, stars in StoryRating.objects.filter(story__brand=brand).values_list(
            "story__author_id", "stars"
        )
    ]
    return facts + jury_selections(brand)


def jury_selections(brand: Brand) -> list[Fact]:
    """Contest entries the jury selected (finalists, winners) and seats on a jury.

    The contests app is optional here: without it (or before its tables exist) no fact.
    """
    try:
        entry = apps.get_model("contests", "Entry")
        juror = apps.get_model("contests", "Juror")
    except LookupError:
        return []
    finalists = entry.objects.filter(brand=brand, is_finalist=True, is_hidden=False)
    facts = [
        Fact(author_id, "jury", title)
        for author_id, title in finalists.values_list("author_id", "title")
    ]
    seats = juror.objects.filter(contest__brand=brand).filter(~Q(member__isnull=True))
    facts += [
        Fact(member_id, "juror", str(name))
        for member_id, name in seats.values_list("member_id", "contest__campaign__title")
    ]
    return facts


def brand_history(brand: Brand) -> History:
    """The whole input of the ranking, read in about a dozen queries."""
    members = {
        pk: name or email.split("@")[0]
        for pk, name, email in Membership.objects.filter(
            brand=brand, user__deleted_at=None
        ).values_list("pk", "user__display_name", "user__email")
    }
    contributions, labels, times = _theme_history(brand)
    if not times:
        contributions, labels, times = _tag_history(brand)
        contributions += _sentiments(brand)
    return History(
        members=members,
        contributions=contributions,
        topics=labels,
        facts=_needs(brand) + _expertise(brand),
        topic_times=times,
    )
