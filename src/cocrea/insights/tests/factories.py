"""Insight rows written directly, for test set-up only (the pipeline fills them in real life)."""

from __future__ import annotations

import struct
from datetime import datetime, timedelta

import factory
from django.utils import timezone

from cocrea.brands.models import Brand
from cocrea.brands.tests.factories import BrandFactory
from cocrea.campaigns.models import Campaign
from cocrea.campaigns.tests.factories import CampaignFactory
from cocrea.insights.models import AnalysisRun, Need, Theme, Voice


def _unit_vector(seed: int) -> bytes:
    """A float32 one-hot vector of 8 dimensions (L2-normalised, as the pipeline stores them)."""
    values = [0.0] * 8
    values[seed % 8] = 1.0
    return struct.pack("<8f", *values)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    brand = factory.SubFactory(BrandFactory)
    label = factory.Sequence(lambda n: f"Theme {n}")
    keyphrases = factory.LazyAttribute(lambda o: [o.label.lower(), "reusable cup"])
    size = 0
    centroid = factory.Sequence(_unit_vector)


class VoiceFactory(factory.django.DjangoModelFactory):
    """An analysed voice. ``theme`` and ``campaign`` must belong to ``brand`` (tenancy)."""

    class Meta:
        model = Voice

    brand = factory.SubFactory(BrandFactory)
    channel = Voice.Channel.IDEA
    title = factory.Sequence(lambda n: f"Voice {n}")
    text = "A reusable cup that keeps coffee warm."
    language = "en"
    created_at = factory.LazyFunction(timezone.now)
    analysed_at = factory.LazyFunction(timezone.now)
    keywords = factory.LazyFunction(lambda: ["cup", "coffee"])
    sentiment = 0.0


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need

    voice = factory.SubFactory(VoiceFactory)
    brand = factory.SelfAttribute("voice.brand")
    sentence = "I wish the cup kept coffee warm longer."
    cue = "I wish"


class AnalysisRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnalysisRun

    brand = factory.SubFactory(BrandFactory)
    kind = "themes"


def days_ago(now: datetime, days: float) -> datetime:
    return now - timedelta(days=days, hours=1)


def build_dataset(brand: Brand, campaign: Campaign, other_brand: Brand | None = None) -> dict:
    """A hand-built, fully known data set for the dashboard's aggregations.

    Last 30 days: 12 voices (cups 4, waiting 3, vegan 1, prices 2, no theme 2);
    the 30 days before: 9 (cups 4, vegan 4, prices 1).
    Growth of share: waiting +25 pts, prices +5.6 pts, cups -11.1 pts, vegan -36.1 pts.
    """
    now = timezone.now()
    store = CampaignFactory(brand=brand, title="The store of tomorrow")
    cups = ThemeFactory(brand=brand, label="Reusable cups", keyphrases=["reusable cup", "deposit"])
    waiting = ThemeFactory(brand=brand, label="Waiting time", keyphrases=[["queue", 0.9]])
    vegan = ThemeFactory(brand=brand, label="Vegan options", keyphrases=["oat milk"])
    prices = ThemeFactory(brand=brand, label="Prices", keyphrases=["price"])

    def voice(theme: Theme | None, days: float, sentiment: float | None, **kw: object) -> Voice:
        kw.setdefault("campaign", campaign)
        return VoiceFactory(
            brand=brand, theme=theme, created_at=days_ago(now, days), sentiment=sentiment, **kw
        )

    cup_voices = [
        voice(
            cups,
            1,
            0.6,
            theme_similarity=0.9,
            text="Bring your own cup, get a discount.",
            member_tier="gold",
            language="fr",
        ),
        voice(
            cups,
            1,
            0.4,
            theme_similarity=0.8,
            text="A deposit for reusable cups.",
            member_tier="gold",
        ),
        voice(cups, 3, 0.2, theme_similarity=0.7, text="Cups made of glass."),
        voice(cups, 10, -0.2, theme_similarity=0.6, text="The cup far from the centre."),
    ]
    for days in (35, 40, 45, 50):
        voice(cups, days, 0.5, theme_similarity=0.5)
    waiting_voices = [
        voice(waiting, 2, -0.6, text="The queue is far too long.", campaign=store, language="fr"),
        voice(waiting, 2, -0.8, text="Waited twenty minutes.", campaign=store),
        voice(waiting, 5, -0.4, text="Slow service at noon.", campaign=store),
    ]
    voice(vegan, 20, 0.0, text="Oat milk please.")
    for days in (31, 33, 36, 40):
        voice(vegan, days, 0.3)
    voice(prices, 4, -0.3, text="Coffee is too expensive.")
    voice(prices, 6, -0.1, text="Prices went up again.")
    voice(prices, 33, 0.0)
    loose = [
        voice(None, 0, None, channel=Voice.Channel.COMMENT, text="Nice!"),
        voice(None, 8, None, channel=Voice.Channel.COMMENT, text="+1", language="fr"),
    ]
    NeedFactory(
        voice=waiting_voices[0], sentence="Il faudrait une deuxième caisse.", cue="il faudrait"
    )
    NeedFactory(voice=waiting_voices[1], sentence="I wish you opened earlier.")
    NeedFactory(voice=cup_voices[2], sentence="Please add glass cups.", cue="please add")
    if other_brand is not None:
        foreign_theme = ThemeFactory(brand=other_brand, label="Globex secret theme")
        for days in (1, 2, 3):
            VoiceFactory(
                brand=other_brand,
                theme=foreign_theme,
                created_at=days_ago(now, days),
                text="=GLOBEX secret voice",
                sentiment=-1.0,
                theme_similarity=1.0,
            )
    return {
        "now": now,
        "store": store,
        "cups": cups,
        "waiting": waiting,
        "vegan": vegan,
        "prices": prices,
        "cup_voices": cup_voices,
        "waiting_voices": waiting_voices,
        "loose": loose,
    }


def build_funnel(brand: Brand, campaign: Campaign) -> dict:
    """Ideas at every stage of the funnel, with their status ledgers and supports.

    Last 30 days: 5 ideas submitted, 4 answered, 3 accepted (one later declined), 1 launched.
    All time: one more idea, launched 60 days ago.
    """
    from cocrea.brands.tests.factories import MembershipFactory
    from cocrea.ideas.models import Idea, StatusChange, Vote
    from cocrea.ideas.tests.factories import IdeaFactory

    now = timezone.now()
    status = Idea.Status
    ladders = {
        "new": [],
        "reviewed": [(status.NEW, status.UNDER_REVIEW)],
        "developed": [(status.NEW, status.ACCEPTED), (status.ACCEPTED, status.IN_DEVELOPMENT)],
        "launched": [(status.NEW, status.ACCEPTED), (status.ACCEPTED, status.LAUNCHED)],
        "declined": [(status.NEW, status.ACCEPTED), (status.ACCEPTED, status.DECLINED)],
        "old": [(status.NEW, status.LAUNCHED)],
    }
    ideas = {}
    for name, ladder in ladders.items():
        idea = IdeaFactory(
            campaign=campaign, title=f"Idea {name}", status=ladder[-1][1] if ladder else status.NEW
        )
        for before, after in ladder:
            StatusChange.objects.create(idea=idea, from_status=before, to_status=after)
        created = days_ago(now, 60 if name == "old" else 2)
        Idea.objects.filter(pk=idea.pk).update(created_at=created)
        ideas[name] = idea
    supporters = [MembershipFactory(brand=brand) for _ in range(3)]
    for member in supporters:
        Vote.objects.create(idea=ideas["developed"], member=member)
    Vote.objects.create(idea=ideas["launched"], member=supporters[0])
    for member in supporters[1:]:
        old = Vote.objects.create(idea=ideas["launched"], member=member)
        Vote.objects.filter(pk=old.pk).update(created_at=days_ago(now, 40))
    Idea.objects.filter(pk=ideas["developed"].pk).update(support_count=3)
    Idea.objects.filter(pk=ideas["launched"].pk).update(support_count=3)
    return ideas
