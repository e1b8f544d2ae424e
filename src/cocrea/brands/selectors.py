from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from cocrea.brands.models import Brand, Membership


def brands_for_home(user: Any) -> QuerySet[Brand]:
    """Public brands and the brands the viewer belongs to, with member counts."""
    visible = Q(visibility=Brand.Visibility.PUBLIC)
    if getattr(user, "is_authenticated", False):
        visible |= Q(memberships__user=user)
    return (
        Brand.objects.filter(visible, suspended_at=None)
        .distinct()
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name")
    )


def team_members(brand: Brand, query: str = "") -> QuerySet[Membership]:
    """The brand's members, the team first, filtered by name or e-mail."""
    rank = Case(
        When(role=Membership.Role.ADMIN, then=Value(0)),
        When(role=Membership.Role.MODERATOR, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    members = Membership.objects.filter(brand=brand).select_related("user")
    query = query.strip()
    if query:
        members = members.filter(
            Q(user__display_name__icontains=query) | Q(user__email__icontains=query)
        )
    return members.annotate(role_rank=rank).order_by(
        "role_rank", "user__display_name", "user__email", "pk"
    )


def team_counts(brand: Brand) -> dict[str, int]:
    rows = Membership.objects.filter(brand=brand).values("role").annotate(n=Count("pk"))
    return {row["role"]: row["n"] for row in rows}


def memberships_of_user(user: Any) -> QuerySet[Membership]:
    """The person's memberships with their brands (the API's list of the caller's brands)."""
    return Membership.objects.filter(user_id=user.pk).select_related("brand")
