"""Programme services and the campaign's programme: rules tested one by one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.models import Campaign
from cocrea.campaigns.tests.factories import CampaignFactory
from cocrea.core.errors import DomainError, PermissionDenied
from cocrea.programmes import services
from cocrea.programmes.models import Programme
from cocrea.programmes.services import ObjectiveSpec, ProgrammeSpec

pytestmark = pytest.mark.django_db


def _spec(**over: object) -> ProgrammeSpec:
    values: dict[str, object] = {
        "name": "Coffee at home",
        "starts_on": date(2026, 1, 1),
        "ends_on": date(2026, 12, 31),
        "forms": ["community"],
        "capacity_per_month": 10,
    }
    values.update(over)
    return ProgrammeSpec(**values)  # type: ignore[arg-type]


def test_a_new_campaign_joins_the_default_programme(brand: Brand) -> None:
    campaign = CampaignFactory(brand=brand)
    assert campaign.programme.is_default
    assert campaign.programme.brand_id == brand.pk
    assert Programme.objects.filter(brand=brand, is_default=True).count() == 1


def test_each_brand_has_its_own_default(brand: Brand, other_brand: Brand) -> None:
    ours = CampaignFactory(brand=brand).programme
    theirs = CampaignFactory(brand=other_brand).programme
    assert ours != theirs


def test_moving_a_campaign_to_another_brands_programme_is_refused(
    alice: Membership, campaign: Campaign, other_brand: Brand
) -> None:
    foreign = services.default_programme(brand_id=other_brand.pk)
    with pytest.raises(DomainError) as caught:
        services.campaign_move(actor=alice, campaign=campaign, programme=foreign)
    assert caught.value.code == "other_brand"
    campaign.refresh_from_db()
    assert campaign.programme.brand_id == campaign.brand_id


def test_a_campaign_moves_within_its_brand(alice: Membership, campaign: Campaign) -> None:
    target = services.programme_create(actor=alice, brand=campaign.brand, spec=_spec())
    services.campaign_move(actor=alice, campaign=campaign, programme=target)
    campaign.refresh_from_db()
    assert campaign.programme_id == target.pk


def test_another_brands_campaign_in_the_service_is_refused(
    alice: Membership, brand: Brand, other_brand: Brand
) -> None:
    foreign = CampaignFactory(brand=other_brand)
    with pytest.raises(DomainError) as caught:
        services.programme_create(actor=alice, brand=brand, spec=_spec(), campaigns=[foreign])
    assert caught.value.field == "campaigns"
    assert not Programme.objects.filter(name="Coffee at home").exists()


def test_only_admins_create_programmes(mona: Membership, brand: Brand) -> None:
    with pytest.raises(PermissionDenied):
        services.programme_create(actor=mona, brand=brand, spec=_spec())


def test_an_unknown_form_is_refused(alice: Membership, brand: Brand) -> None:
    with pytest.raises(DomainError) as caught:
        services.programme_create(actor=alice, brand=brand, spec=_spec(forms=["growth_hacking"]))
    assert caught.value.field == "forms"


def test_a_percentage_above_100_is_refused(alice: Membership, brand: Brand) -> None:
    objective = ObjectiveSpec(
        metric="active_members_pct",
        target=Decimal("120"),
        starts_on=date(2026, 1, 1),
        due_on=date(2026, 6, 1),
    )
    with pytest.raises(DomainError) as caught:
        services.programme_create(actor=alice, brand=brand, spec=_spec(objectives=[objective]))
    assert caught.value.field == "objectives.0.target"


def test_nul_in_a_service_call_is_refused(alice: Membership, brand: Brand) -> None:
    with pytest.raises(DomainError) as caught:
        services.programme_create(actor=alice, brand=brand, spec=_spec(positioning="a\x00b"))
    assert caught.value.code == "nul_byte"


def test_deleting_a_brand_deletes_its_programmes_and_campaigns(
    brand: Brand, campaign: Campaign
) -> None:
    brand.delete()
    assert not Programme.objects.exists()
    assert not Campaign.objects.exists()
