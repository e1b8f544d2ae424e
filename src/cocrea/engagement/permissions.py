"""Who may see and change what in engagement. Pure predicates."""

from __future__ import annotations

from cocrea.brands.models import Brand, Membership
from cocrea.brands.permissions import is_admin


def can_see_leaderboard(brand: Brand, membership: Membership | None) -> bool:
    """Members of the brand (any role); visitors of a public brand do not see who ranks where."""
    return membership is not None and membership.brand_id == brand.pk


def can_configure(brand: Brand, membership: Membership | None) -> bool:
    return membership is not None and membership.brand_id == brand.pk and is_admin(membership)
