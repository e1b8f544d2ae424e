from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from cocrea.brands.tests.factories import BrandFactory
from cocrea.campaigns.models import Campaign, Category, Phase


class CampaignFactory(factory.django.DjangoModelFactory):
    """A campaign whose submission phase is open now (then voting, review, results)."""

    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    brand = factory.SubFactory(BrandFactory)
    slug = factory.Sequence(lambda n: f"campaign-{n}")
    title = factory.Sequence(lambda n: f"Campaign {n}")
    objective = "Imagine the next product with us"
    description = "<p>Tell us what you would like.</p>"
    allow_rating = True

    @factory.post_generation
    def phases(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        """``phases="voting"`` opens that phase now; the others are placed around it."""
        if not create:
            return
        open_kind = extracted or Phase.Kind.SUBMISSION
        kinds = [k.value for k in Phase.Kind]
        now = timezone.now()
        index = kinds.index(open_kind)
        for position, kind in enumerate(kinds):
            offset = position - index
            starts = now + timedelta(days=30 * offset) - timedelta(days=1)
            ends = None if kind == Phase.Kind.RESULTS else starts + timedelta(days=30)
            Phase.objects.create(campaign=self, kind=kind, starts_at=starts, ends_at=ends)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    campaign = factory.SubFactory(CampaignFactory)
    name = factory.Sequence(lambda n: f"Category {n}")
