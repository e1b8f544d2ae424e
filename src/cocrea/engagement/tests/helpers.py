"""Builders shared by the engagement tests."""

from __future__ import annotations

from cocrea.brands.models import Brand, Membership
from cocrea.engagement.models import DEFAULT_WEIGHTS
from cocrea.engagement.services import TierSpec, engagement_configure, engagement_setup


def configure(
    admin: Membership,
    *,
    half_life_days: float = 90.0,
    tiers: list[tuple[str, float, bool]] | None = None,
    **weights: float,
) -> None:
    """Set the brand's rules through the service, replacing its tiers with ``tiers``."""
    brand: Brand = admin.brand
    engagement_setup(brand=brand)
    existing = [TierSpec(t.pk, t.name, t.threshold, delete=True) for t in brand.tiers.all()]
    new = [TierSpec(None, name, threshold, accepted) for name, threshold, accepted in tiers or []]
    engagement_configure(
        actor=admin,
        brand=brand,
        half_life_days=half_life_days,
        weights={**DEFAULT_WEIGHTS, **weights},
        tiers=existing + new,
    )
