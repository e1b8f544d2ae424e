from __future__ import annotations

from django.db.models import QuerySet

from cocrea.accounts.models import User
from cocrea.brands.models import Membership
from cocrea.engagement.models import Reward


def memberships_of(user: User) -> QuerySet[Membership]:
    """The brands a person belongs to, with their role there."""
    return Membership.objects.filter(user=user).select_related("brand").order_by("brand__name")


def rewards_of(user: User, limit: int = 20) -> QuerySet[Reward]:
    """The person's latest rewards across their brands."""
    return (
        Reward.objects.filter(member__user=user)
        .select_related("brand")
        .order_by("-created_at", "-id")[:limit]
    )
