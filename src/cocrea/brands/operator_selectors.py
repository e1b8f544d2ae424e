"""What the platform's operators read: every brand with its size and activity."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from cocrea.brands.models import Brand, Membership
from cocrea.engagement.models import EngagementEvent
from cocrea.ideas.models import Idea

ACTIVE_DAYS = 30


def _count(queryset: QuerySet, field: str = "pk") -> Subquery:  # type: ignore[type-arg]
    counted = queryset.order_by().values("brand").annotate(n=Count(field, distinct=True))
    return Coalesce(Subquery(counted.values("n")[:1]), 0, output_field=IntegerField())  # type: ignore[return-value]


def brands_for_operators(query: str = "") -> QuerySet[Brand]:
    """Brands with ``member_count``, ``admin_count``, ``idea_count``, ``active_members`` (an
    engagement event in the last 30 days) and ``last_activity``: one query, no N+1."""
    since = timezone.now() - timedelta(days=ACTIVE_DAYS)
    members = Membership.objects.filter(brand=OuterRef("pk"))
    events = EngagementEvent.objects.filter(brand=OuterRef("pk"))
    brands = Brand.objects.annotate(
        member_count=_count(members),
        admin_count=_count(members.filter(role=Membership.Role.ADMIN)),
        idea_count=_count(Idea.objects.filter(brand=OuterRef("pk"))),
        active_members=_count(events.filter(occurred_at__gte=since), "member"),
        last_activity=Subquery(events.order_by("-occurred_at").values("occurred_at")[:1]),
    )
    query = query.strip()
    if query:
        brands = brands.filter(name__icontains=query) | brands.filter(slug__icontains=query)
    return brands.order_by("name", "pk")
