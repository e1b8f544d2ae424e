from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from cocrea.brands.models import Brand


def brands_for_home(user: Any) -> QuerySet[Brand]:
    """Public brands and the brands the viewer belongs to, with member counts."""
    visible = Q(visibility=Brand.Visibility.PUBLIC)
    if getattr(user, "is_authenticated", False):
        visible |= Q(memberships__user=user)
    return (
        Brand.objects.filter(visible)
        .distinct()
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name")
    )
