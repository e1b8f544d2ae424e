"""Who may manage webhooks: the brand's admins (they see where the brand's data goes)."""

from __future__ import annotations

from cocrea.brands.models import Brand, Membership
from cocrea.brands.permissions import is_admin


def can_manage(membership: Membership | None, brand: Brand) -> bool:
    return membership is not None and membership.brand_id == brand.pk and is_admin(membership)
