"""The data migration: campaigns that predate programmes move into their brand's default one."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from cocrea.brands.tests.factories import BrandFactory

BEFORE = [("programmes", "0001_initial"), ("campaigns", "0004_campaign_programme")]
AFTER = [
    ("programmes", "0002_default_programmes"),
    ("campaigns", "0005_campaign_programme_required"),
]


@pytest.mark.django_db(transaction=True)
def test_existing_campaigns_move_into_a_default_programme_per_brand() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Campaign = old.get_model("campaigns", "Campaign")
    # Brands with today's model: the brands app's later migrations stay applied.
    lumiere = BrandFactory(name="Lumière", slug="lumiere")
    globex = BrandFactory(name="Globex", slug="globex")
    for brand, slug in [(lumiere, "a"), (lumiere, "b"), (globex, "c")]:
        Campaign.objects.create(brand_id=brand.pk, slug=slug, title=slug, objective="x")
    empty = BrandFactory(name="Empty", slug="empty")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    new = executor.loader.project_state(AFTER).apps
    Programme = new.get_model("programmes", "Programme")
    Campaign = new.get_model("campaigns", "Campaign")

    ours = Programme.objects.get(brand_id=lumiere.pk, is_default=True)
    assert set(Campaign.objects.filter(programme=ours).values_list("slug", flat=True)) == {"a", "b"}
    theirs = Programme.objects.get(brand_id=globex.pk, is_default=True)
    assert list(Campaign.objects.filter(programme=theirs).values_list("slug", flat=True)) == ["c"]
    assert ours.starts_on <= timezone.localdate()
    assert Programme.objects.filter(brand_id=empty.pk, is_default=True).count() == 1
