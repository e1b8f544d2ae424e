"""Reads for polls: lists with the viewer's state, and live results from the tallies."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Sum
from django.http import Http404

from cocrea.brands.models import Brand, Membership
from cocrea.polls.models import TOTAL_KEY, Ballot, Poll, PollOption, PollTally


def with_viewer(polls: QuerySet[Poll], member: Membership | None) -> QuerySet[Poll]:
    if member is None:
        return polls.annotate(has_voted=Exists(Ballot.objects.none()))
    mine = Ballot.objects.filter(poll=OuterRef("pk"), member=member)
    return polls.annotate(has_voted=Exists(mine))


def polls_for_list(
    brand: Brand, member: Membership | None, *, scope: str = Poll.Scope.COMMUNITY
) -> QuerySet[Poll]:
    polls = Poll.objects.filter(brand=brand, scope=scope).select_related("campaign")
    return with_viewer(polls, member).prefetch_related(
        Prefetch("options", queryset=PollOption.objects.select_related("design"))
    )


def polls_of_campaign(brand: Brand, campaign_id: int, member: Membership | None) -> QuerySet[Poll]:
    return polls_for_list(brand, member, scope=Poll.Scope.CAMPAIGN).filter(campaign_id=campaign_id)


def poll_for_page(
    brand: Brand, poll_id: int, member: Membership | None, *, scopes: tuple[str, ...] = ()
) -> Poll:
    """The brand's poll (404 for another brand's id or a poll served by another page)."""
    scopes = scopes or (Poll.Scope.COMMUNITY, Poll.Scope.CAMPAIGN)
    polls = with_viewer(Poll.objects.filter(brand=brand, scope__in=scopes), member)
    poll = (
        polls.select_related("campaign", "author__user")
        .prefetch_related(Prefetch("options", queryset=PollOption.objects.select_related("design")))
        .filter(pk=poll_id)
        .first()
    )
    if poll is None:
        raise Http404
    return poll


@dataclass
class Line:
    """One answer's share of the votes."""

    key: int
    label: str
    count: int
    percent: int
    option: PollOption | None = None


@dataclass
class Results:
    total: int
    lines: list[Line]
    average: float | None = None  # a 1 to 5 scale's mean

    @property
    def leader(self) -> Line | None:
        best = max(self.lines, key=lambda line: line.count, default=None)
        return best if best is not None and best.count else None


def poll_results(poll: Poll) -> Results:
    """Counts per answer, from the tallies: one query of a few rows, whatever the votes."""
    return polls_results([poll])[poll.pk]


def polls_results(polls: list[Poll]) -> dict[int, Results]:
    """The results of several polls (a page of them) from their tallies, in one query."""
    counts: dict[int, dict[int, int]] = {poll.pk: {} for poll in polls}
    rows = (
        PollTally.objects.filter(poll__in=[poll.pk for poll in polls])
        .values("poll_id", "key")
        .annotate(n=Sum("count"))
        .order_by()
        .values_list("poll_id", "key", "n")
    )
    for poll_id, key, n in rows:
        counts[poll_id][key] = n
    return {poll.pk: _results(poll, counts[poll.pk]) for poll in polls}


def _results(poll: Poll, counts: dict[int, int]) -> Results:
    total = counts.pop(TOTAL_KEY, 0)

    def percent(n: int) -> int:
        return round(100 * n / total) if total else 0

    if poll.kind == Poll.Kind.SCALE:
        lines = [Line(v, str(v), counts.get(v, 0), percent(counts.get(v, 0))) for v in range(1, 6)]
        points = sum(v * counts.get(v, 0) for v in range(1, 6))
        return Results(total, lines, round(points / total, 2) if total else None)
    lines = [
        Line(o.pk, o.label, counts.get(o.pk, 0), percent(counts.get(o.pk, 0)), o)
        for o in poll.options.all()
    ]
    return Results(total, lines)


def my_choices(poll: Poll, member: Membership | None) -> set[int]:
    """The keys the member voted for (option ids, or the scale's value)."""
    if member is None:
        return set()
    ballot = Ballot.objects.filter(poll=poll, member=member).first()
    if ballot is None:
        return set()
    if ballot.value is not None:
        return {ballot.value}
    return set(ballot.choices.values_list("option_id", flat=True))
