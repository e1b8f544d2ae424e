"""The aggregation job: reads the raw rows of one brand (ideas, entries, comments, answers, the
engagement ledger, voices, staff time, outcomes) and writes ``DailyFigure`` and ``Snapshot``.

Pages read only those two tables. The job rewrites a brand's figures in one transaction (delete,
then insert), so it is idempotent and safe to run twice or to interrupt.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Min, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.models import Campaign, Phase
from cocrea.contests.models import Entry, Placement
from cocrea.engagement.models import EngagementEvent, Referral
from cocrea.ideas.models import Comment, Idea, StatusChange
from cocrea.insights.models import Need, Voice
from cocrea.programmes.models import DailyFigure, Outcome, Programme, Snapshot, StaffAction
from cocrea.programmes.services import default_programme

ANSWER_DUE_DAYS = 14
ACTIVE_WINDOW_DAYS = 30
WAITING = Q(status=Idea.Status.NEW, answered_at=None, is_hidden=False, withdrawn_at=None)

Key = tuple[int, int | None, date, str]  # programme, campaign, day, metric


class Figures:
    """Sums by (programme, campaign, day, metric); a campaign of None is the programme itself."""

    def __init__(self, brand: Brand) -> None:
        self.brand = brand
        self.of_campaign = dict(
            Campaign.objects.filter(brand=brand).values_list("pk", "programme_id")
        )
        self.default = default_programme(brand_id=brand.pk).pk
        self.sums: dict[Key, Decimal] = defaultdict(Decimal)

    def add(self, campaign_id: int | None, day: date, metric: str, value: Any) -> None:
        programme = self.of_campaign.get(campaign_id, self.default) if campaign_id else None
        self.sums[(programme or self.default, campaign_id, day, metric)] += Decimal(value or 0)

    def add_programme(self, programme_id: int | None, day: date, metric: str, value: Any) -> None:
        self.sums[(programme_id or self.default, None, day, metric)] += Decimal(value or 0)

    def rows(self) -> Iterator[DailyFigure]:
        for (programme, campaign, day, metric), value in self.sums.items():
            if value:
                yield DailyFigure(
                    brand=self.brand,
                    programme_id=programme,
                    campaign_id=campaign,
                    day=day,
                    metric=metric,
                    value=value,
                )


def _by_day(qs: QuerySet[Any], field: str, campaign: str, value: Any = None) -> Iterable[Any]:
    return (
        qs.annotate(day=TruncDate(field))
        .values_list(campaign, "day")
        .annotate(v=value if value is not None else Count("pk"))
        .order_by()
    )


def _contributions(f: Figures) -> None:
    brand = f.brand
    for campaign, day, n in _by_day(Idea.objects.filter(brand=brand), "created_at", "campaign_id"):
        f.add(campaign, day, "ideas_submitted", n)
    entries = Entry.objects.filter(brand=brand)
    for campaign, day, n in _by_day(entries, "created_at", "contest__campaign_id"):
        f.add(campaign, day, "entries_submitted", n)
    comments = Comment.objects.filter(brand=brand)
    for campaign, day, n in _by_day(comments, "created_at", "idea__campaign_id"):
        f.add(campaign, day, "comments", n)


def _answers(f: Figures) -> None:
    changes = StatusChange.objects.filter(idea__brand=f.brand)
    metric_of = {
        Idea.Status.ACCEPTED: "ideas_accepted",
        Idea.Status.LAUNCHED: "ideas_launched",
        Idea.Status.MERGED: "duplicates_merged",
    }
    rows = (
        changes.annotate(day=TruncDate("created_at"))
        .values_list("idea__campaign_id", "day", "to_status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for campaign, day, status, n in rows:
        f.add(campaign, day, "ideas_answered", n)
        if status in metric_of:
            f.add(campaign, day, metric_of[status], n)


def _winners(f: Figures) -> None:
    placements = Placement.objects.filter(contest__brand=f.brand, is_winner=True)
    counts = placements.values_list("contest__campaign_id").annotate(n=Count("pk")).order_by()
    results = dict(
        Phase.objects.filter(campaign__brand=f.brand, kind=Phase.Kind.RESULTS).values_list(
            "campaign_id", "starts_at"
        )
    )
    for campaign, n in counts:
        when = results.get(campaign) or timezone.now()
        f.add(campaign, timezone.localtime(when).date(), "winners", n)


def _ledger(f: Figures) -> None:
    events = EngagementEvent.objects.filter(brand=f.brand)
    for campaign, day, n in _by_day(events, "occurred_at", "idea__campaign_id"):
        f.add(campaign, day, "engagement_events", n)
    for _none, day, n in _by_day(Referral.objects.filter(brand=f.brand), "created_at", "brand_id"):
        f.add_programme(None, day, "referrals", n)


def _information(f: Figures) -> None:
    voices = Voice.objects.filter(brand=f.brand, analysed_at__isnull=False)
    for campaign, day, n in _by_day(voices, "created_at", "campaign_id"):
        f.add(campaign, day, "voices", n)
    needs = Need.objects.filter(voice__brand=f.brand)
    for campaign, day, n in _by_day(needs, "voice__created_at", "voice__campaign_id"):
        f.add(campaign, day, "needs", n)


def _staff(f: Figures) -> None:
    actions = StaffAction.objects.filter(brand=f.brand)
    rows = (
        actions.annotate(day=TruncDate("occurred_at"))
        .values_list("programme_id", "campaign_id", "day")
        .annotate(m=Sum("minutes"))
        .order_by()
    )
    for programme, campaign, day, minutes in rows:
        if campaign is not None:
            f.add(campaign, day, "staff_minutes", minutes)
        else:
            f.add_programme(programme, day, "staff_minutes", minutes)


def _outcomes(f: Figures) -> None:
    outcomes = Outcome.objects.filter(programme__brand=f.brand)
    rows = (
        outcomes.values_list("programme_id", "campaign_id", "occurred_on", "kind")
        .annotate(total=Sum("amount"), n=Count("pk"))
        .order_by()
    )
    for programme, campaign, day, kind, total, n in rows:
        metric, value = ("ideas_launched", n) if kind == Outcome.Kind.LAUNCH else ("revenue", total)
        if campaign is not None and f.of_campaign.get(campaign) == programme:
            f.add(campaign, day, metric, value)
        else:
            f.add_programme(programme, day, metric, value)


def _firsts(f: Figures) -> None:
    """Distinct contributors (first idea or design in a campaign, in a programme) and members
    gained (first contribution at the brand), each counted on the day it happened."""
    pairs: list[tuple[int, int, datetime]] = list(
        Idea.objects.filter(brand=f.brand)
        .values_list("author_id", "campaign_id")
        .annotate(first=Min("created_at"))
        .order_by()
    )
    pairs += list(
        Entry.objects.filter(brand=f.brand)
        .values_list("author_id", "contest__campaign_id")
        .annotate(first=Min("created_at"))
        .order_by()
    )
    first_in_campaign: dict[tuple[int, int], datetime] = {}
    for author, campaign, first in pairs:
        key = (author, campaign)
        first_in_campaign[key] = min(first, first_in_campaign.get(key, first))
    first_in_programme: dict[tuple[int, int], datetime] = {}
    first_at_brand: dict[int, tuple[datetime, int]] = {}
    for (author, campaign), first in first_in_campaign.items():
        f.add(campaign, timezone.localtime(first).date(), "contributors", 1)
        programme = f.of_campaign.get(campaign, f.default)
        key = (author, programme)
        first_in_programme[key] = min(first, first_in_programme.get(key, first))
        if author not in first_at_brand or first < first_at_brand[author][0]:
            first_at_brand[author] = (first, campaign)
    for (_author, programme), first in first_in_programme.items():
        f.add_programme(programme, timezone.localtime(first).date(), "programme_contributors", 1)
    for first, campaign in first_at_brand.values():
        f.add(campaign, timezone.localtime(first).date(), "members_gained", 1)


def _snapshots(brand: Brand, f: Figures, now: datetime) -> list[Snapshot]:
    rows: list[Snapshot] = []

    def put(programme: int, campaign: int | None, metric: str, value: Any) -> None:
        rows.append(
            Snapshot(
                brand=brand,
                programme_id=programme,
                campaign_id=campaign,
                metric=metric,
                value=Decimal(value or 0),
                computed_at=now,
            )
        )

    overdue = Q(created_at__lt=now - timedelta(days=ANSWER_DUE_DAYS))
    waiting = (
        Idea.objects.filter(WAITING, brand=brand)
        .values_list("campaign_id")
        .annotate(n=Count("pk"), late=Count("pk", filter=overdue), oldest=Min("created_at"))
        .order_by()
    )
    per_programme: dict[int, list[Any]] = defaultdict(lambda: [0, 0, None])
    for campaign, n, late, oldest in waiting:
        programme = f.of_campaign.get(campaign, f.default)
        put(programme, campaign, "backlog", n)
        put(programme, campaign, "overdue", late)
        total = per_programme[programme]
        total[0] += n
        total[1] += late
        total[2] = oldest if total[2] is None else min(total[2], oldest)
    for programme, (n, late, oldest) in per_programme.items():
        put(programme, None, "backlog", n)
        put(programme, None, "overdue", late)
        put(programme, None, "oldest_wait_days", (now - oldest).days if oldest else 0)
    since = now - timedelta(days=ACTIVE_WINDOW_DAYS)
    active: dict[int, set[int]] = defaultdict(set)
    recent = [
        Idea.objects.filter(brand=brand, created_at__gte=since).values_list(
            "campaign__programme_id", "author_id"
        ),
        Entry.objects.filter(brand=brand, created_at__gte=since).values_list(
            "contest__campaign__programme_id", "author_id"
        ),
        Comment.objects.filter(brand=brand, created_at__gte=since).values_list(
            "idea__campaign__programme_id", "author_id"
        ),
    ]
    for qs in recent:
        for programme, author in qs.distinct().order_by():
            active[programme].add(author)
    members = Membership.objects.filter(brand=brand).count()
    themes = (
        Voice.objects.filter(brand=brand, theme__isnull=False, campaign__isnull=False)
        .values_list("campaign__programme_id")
        .annotate(n=Count("theme_id", distinct=True))
        .order_by()
    )
    theme_counts = dict(themes)
    for programme in Programme.objects.filter(brand=brand).values_list("pk", flat=True):
        put(programme, None, "members", members)
        put(programme, None, "active_members", len(active.get(programme, ())))
        put(programme, None, "themes", theme_counts.get(programme, 0))
    return rows


@transaction.atomic
def aggregate_brand(brand: Brand) -> int:
    """Recompute every figure of one brand; returns the number of daily rows written."""
    now = timezone.now()
    figures = Figures(brand)
    for step in (_contributions, _answers, _winners, _ledger, _information, _staff, _outcomes):
        step(figures)
    _firsts(figures)
    snapshots = _snapshots(brand, figures, now)
    DailyFigure.objects.filter(brand=brand).delete()
    Snapshot.objects.filter(brand=brand).delete()
    written = DailyFigure.objects.bulk_create(figures.rows(), batch_size=2000)
    Snapshot.objects.bulk_create(snapshots, batch_size=2000)
    return len(written)
