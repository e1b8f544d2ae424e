from __future__ import annotations

from django.db.models import QuerySet

from cocrea.accounts.models import User
from cocrea.brands.models import Membership


def memberships_of(user: User) -> QuerySet[Membership]:
    """The brands a person belongs to, with their role there."""
    return Membership.objects.filter(user=user).select_related("brand").order_by("brand__name")
