from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.phases import current_phase
from cocrea.demo.seed import DEMO_PASSWORD
from cocrea.ideas.models import Idea, Vote

pytestmark = pytest.mark.django_db


def test_demo_has_three_campaigns_in_different_phases(seeded):
    ideas = seeded.campaigns.filter(kind="ideas")  # contests have their own tests
    phases = {c.slug: getattr(current_phase(c), "kind", None) for c in ideas}
    assert sorted(phases.values()) == ["results", "submission", "voting"]


def test_demo_counters_match_the_rows(seeded):
    for idea in Idea.objects.filter(brand=seeded)[:50]:
        assert idea.support_count == Vote.objects.filter(idea=idea).count()


def test_demo_ideas_are_written_in_two_languages_with_their_own_answers(seeded):
    from cocrea.demo.content import CAMPAIGNS

    ideas = Idea.objects.filter(brand=seeded)
    assert ideas.count() == sum(len(spec["ideas"]) for spec in CAMPAIGNS) >= 50
    assert ideas.filter(title__startswith="Une").exists()  # French
    assert ideas.filter(title__contains="cup").exists()  # English
    assert ideas.filter(status="launched").count() >= 4
    assert ideas.filter(status="merged").count() >= 2
    answered = ideas.exclude(status__in=["new", "merged"])
    assert all(i.status_changes.filter(answer__gt="").exists() for i in answered)


def _texts(brand: Brand) -> dict[str, list[str]]:
    """Everything people of the demo wrote, by kind."""
    from cocrea.community.models import Answer, Question, Story, StoryComment
    from cocrea.contests.models import Entry
    from cocrea.ideas.models import Comment, StatusChange

    ideas = Idea.objects.filter(brand=brand)
    return {
        "idea titles": list(ideas.values_list("title", flat=True)),
        "idea bodies": list(ideas.values_list("body_text", flat=True)),
        "comments": list(Comment.objects.filter(idea__brand=brand).values_list("body", flat=True)),
        "answers": list(
            StatusChange.objects.filter(idea__brand=brand, answer__gt="").values_list(
                "answer", flat=True
            )
        ),
        "stories": list(Story.objects.filter(brand=brand).values_list("body_text", flat=True)),
        "story comments": list(
            StoryComment.objects.filter(story__brand=brand).values_list("body", flat=True)
        ),
        "questions": list(Question.objects.filter(brand=brand).values_list("title", flat=True)),
        "replies": list(
            Answer.objects.filter(question__brand=brand).values_list("body", flat=True)
        ),
        "entries": list(Entry.objects.filter(brand=brand).values_list("title", flat=True)),
        "entry stories": list(Entry.objects.filter(brand=brand).values_list("story", flat=True)),
        "bios": [
            b
            for b in Membership.objects.filter(brand=brand).values_list("user__bio", flat=True)
            if b
        ],
    }


def test_no_two_demo_texts_are_identical(seeded):
    """The old demo repeated one comment 35 times and one idea five times with suffixes."""
    texts = _texts(seeded)
    assert all(texts[kind] for kind in ("comments", "answers", "stories", "entries"))
    everything = [text.strip() for kind in texts.values() for text in kind]
    repeated = {text for text in everything if everything.count(text) > 1}
    assert repeated == set()
    assert not any(marker in t for t in texts["idea titles"] for marker in ("Variante", "(version"))


def test_no_demo_date_is_in_the_future_and_ideas_follow_their_phases(seeded):
    """Every timestamp of every demo row is in the past; ideas came in while their campaign took
    ideas, comments after their idea, answers after the idea."""
    from django.apps import apps
    from django.db import models
    from django.utils import timezone

    now = timezone.now()
    future = []
    for model in apps.get_models():
        if not model.__module__.startswith("cocrea."):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.DateTimeField) and field.name not in {
                "ends_at",
                "expires_at",
                "starts_at",
                "retention_until",
                "next_run_at",
            }:
                late = model.objects.filter(**{f"{field.name}__gt": now})
                future += [f"{model._meta.label}.{field.name}"] if late.exists() else []
    assert future == []
    for idea in Idea.objects.filter(brand=seeded).prefetch_related("campaign__phases"):
        submission = next(p for p in idea.campaign.phases.all() if p.kind == "submission")
        assert submission.starts_at <= idea.created_at <= (submission.ends_at or now)
        assert all(c.created_at >= idea.created_at for c in idea.comments.all())
        assert all(s.created_at >= idea.created_at for s in idea.status_changes.all())


def test_contest_rewards_follow_the_published_results(seeded):
    from cocrea.contests.models import Placement
    from cocrea.engagement.models import BadgeAward, Reward

    winners = {
        p.entry.author_id for p in Placement.objects.filter(is_winner=True, contest__brand=seeded)
    }
    laureates = set(
        BadgeAward.objects.filter(
            badge__name_fr="Lauréat de concours", badge__brand=seeded
        ).values_list("member_id", flat=True)
    )
    assert winners and laureates == winners
    contest_rewards = Reward.objects.filter(brand=seeded, reference__startswith="contest:")
    placed = set(
        Placement.objects.filter(contest__brand=seeded).values_list("entry__author_id", flat=True)
    )
    assert (
        contest_rewards.exists()
        and set(contest_rewards.values_list("member_id", flat=True)) <= placed
    )


def test_demo_has_pictures_logo_covers_and_idea_images(seeded):
    """Drawn at seed time (nothing shipped, nothing downloaded) and small."""
    from cocrea.demo import pictures
    from cocrea.ideas.models import IdeaImage

    assert seeded.logo.name.endswith(".png")
    assert all(c.cover.name for c in seeded.campaigns.all())
    assert IdeaImage.objects.filter(idea__brand=seeded).count() >= 2
    drawn = [pictures.logo(), *(pictures.cover(t) for t in ("cups", "winter", "app", "contest"))]
    drawn += [pictures.idea_picture("chestnut"), pictures.idea_picture("pickup")]
    assert max(picture.size for picture in drawn) < 40_000


def test_demo_insights_open_on_themes_with_their_quotes(seeded):
    from cocrea.insights.models import AnalysisRun, Theme, Voice

    assert Voice.objects.filter(brand=seeded).analysed().count() >= 150
    run = AnalysisRun.objects.get(brand=seeded, kind="themes")
    assert run.state == AnalysisRun.State.DONE
    themes = Theme.objects.filter(brand=seeded)
    assert themes.count() >= 5
    client = Client()
    assert client.login(email="admin@cafe-lumiere.demo", password=DEMO_PASSWORD)
    page = client.get(f"/b/{seeded.slug}/console/insights/").content.decode()
    assert themes.order_by("-size").first().label in page


def test_demo_staff_can_log_in_with_the_printed_password(seeded):
    admin = Membership.objects.get(brand=seeded, role=Membership.Role.ADMIN)
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": admin.user.email, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/b/cafe-lumiere/console/").status_code == 200


def test_seed_command_is_idempotent_and_prints_accounts(seeded, capsys):
    call_command("seed_demo", members=60)
    out = capsys.readouterr().out
    assert "admin@cafe-lumiere.demo" in out and DEMO_PASSWORD in out
    assert Brand.objects.filter(slug="cafe-lumiere").count() == 1
    assert (
        "Demo webhook endpoint (every event, docs/webhooks.md): http://127.0.0.1:8001/hooks" in out
    )


def test_seed_command_prints_the_address_it_will_be_served_at(seeded, capsys, settings):
    settings.SITE_URL = "http://127.0.0.1:18801"
    call_command("seed_demo", members=60)
    out = capsys.readouterr().out
    assert "http://127.0.0.1:18801/b/cafe-lumiere/" in out and ":8000" not in out
    others = Membership.objects.filter(brand=seeded).count() - 4
    assert f"… and {others} members" in out


def test_demo_has_a_partnership_with_a_space_polls_and_a_synthesis_citing_answers(seeded):
    from cocrea.influencers.models import Citation, Partnership, Round, Space

    partnership = Partnership.objects.get(brand=seeded)
    space = Space.objects.get(brand=seeded)
    assert partnership.influencer.role == Membership.Role.INFLUENCER
    assert space.follower_count >= 10
    assert Round.objects.filter(space=space, kind="poll").count() == 2
    cited = Citation.objects.filter(claim__synthesis__space=space, kind="quote")
    assert cited.exists() and all(c.response.round.space_id == space.pk for c in cited)


def test_demo_has_a_capsule_contest_opened_from_an_accepted_claim_with_her_in_the_jury(seeded):
    from cocrea.contests.models import Contest, Juror
    from cocrea.influencers.models import CapsuleStep, Space

    space = Space.objects.get(brand=seeded)
    step = CapsuleStep.objects.get(space=space, kind="contest")
    assert step.claim is not None and step.claim.decision == "accepted"
    contest = Contest.objects.get(campaign=step.campaign)
    assert contest.campaign.partner.account_id == space.influencer_id
    assert Juror.objects.filter(contest=contest, member=space.influencer).exists()


def test_every_text_the_demo_brand_wrote_has_its_english_version(seeded):
    from cocrea.demo.english import demo_rows, english

    missing = [
        (type(row).__name__, field, getattr(row, f"{field}_fr"))
        for row, fields in demo_rows(seeded)
        for field in fields
        if getattr(row, f"{field}_fr") and not getattr(row, f"{field}_en")
    ]
    assert missing == [], "add their English to demo/english.py"
    assert english("Une phrase que la démo n'a jamais écrite.") is None
