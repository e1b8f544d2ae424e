from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from cocrea.brands.models import Brand, Membership
from cocrea.brands.permissions import membership_for
from cocrea.core.errors import PermissionDenied
from django.utils.translation import gettext_lazy as _


@transaction.atomic
def brand_join(*, brand: Brand, user: Any) -> Membership:
    """Join a public brand as a member; idempotent."""
    existing = membership_for(brand, user)
    if existing is not None:
        return existing
    if brand.visibility != Brand.Visibility.PUBLIC:
        raise PermissionDenied(_("This community is open by invitation only."), code="closed")
    try:
        with transaction.atomic():
            return Membership.objects.create(brand=brand, user=user, role=Membership.Role.MEMBER)
    except IntegrityError:
        return Membership.objects.get(brand=brand, user=user)


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str) -> Membership:
    membership.role = Membership.Role(role)
    membership.save(update_fields=["role"])
    return membership
