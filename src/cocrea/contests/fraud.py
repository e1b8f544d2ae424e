"""Fair voting: which votes look suspicious, and why (the evidence moderators read).

Three rules, each with its thresholds below, computed from the votes still counting and the
audit log of casts (``VoteEvent``: keyed hashes of the IP address and of the device):

- **new accounts** — votes on one design from accounts created less than ``NEW_ACCOUNT`` before
  they voted, at least ``BURST_MIN`` of them within ``BURST_WINDOW``;
- **shared network / shared device** — at least ``SHARED_MIN`` different accounts voted from the
  same IP address hash (or the same device hash);
- **single-design voters** — at least ``SINGLE_MIN`` accounts that joined the community after the
  contest opened and cast one vote only, all for the same design.

A flag is a signal, not a verdict: moderators read the evidence and void with a reason (or not).
The page reads every counting vote of the contest once (two queries), in Python: fine for the
tens of thousands of votes of a contest; the thresholds are the knobs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from cocrea.contests.models import Contest, EntryVote, VoteEvent

NEW_ACCOUNT = timedelta(minutes=60)
BURST_WINDOW = timedelta(minutes=30)
BURST_MIN = 3
SHARED_MIN = 3
SINGLE_MIN = 3


@dataclass
class Flag:
    rule: str  # new_accounts | shared_ip | shared_device | single_entry
    title: str
    vote_ids: list[int]
    evidence: list[str] = field(default_factory=list)
    entry_title: str = ""


@dataclass(frozen=True)
class _Vote:
    id: int
    entry_id: int
    entry_title: str
    member_id: int
    name: str
    at: datetime
    account_created: datetime
    joined: datetime


def _votes(contest: Contest) -> list[_Vote]:
    rows = EntryVote.objects.filter(contest=contest, voided_at=None).values_list(
        "id",
        "entry_id",
        "entry__title",
        "member_id",
        "member__user__display_name",
        "member__user__email",
        "created_at",
        "member__user__date_joined",
        "member__joined_at",
    )
    return [
        _Vote(vid, eid, title, mid, name or email.split("@")[0], at, created, joined)
        for vid, eid, title, mid, name, email, at, created, joined in rows.order_by("created_at")
    ]


def suspicious_votes(contest: Contest) -> list[Flag]:
    votes = _votes(contest)
    return [
        *_new_account_bursts(votes),
        *_shared_traces(contest, votes),
        *_single_entry_voters(contest, votes),
    ]


def _minutes(delta: timedelta) -> int:
    return max(0, int(delta.total_seconds() // 60))


def _largest_burst(votes: list[_Vote]) -> list[_Vote]:
    """The most votes (time-ordered) that fit in one BURST_WINDOW."""
    best: list[_Vote] = []
    start = 0
    for end in range(len(votes)):
        while votes[end].at - votes[start].at > BURST_WINDOW:
            start += 1
        if end - start + 1 > len(best):
            best = votes[start : end + 1]
    return best


def _new_account_bursts(votes: list[_Vote]) -> list[Flag]:
    young: dict[int, list[_Vote]] = defaultdict(list)
    for vote in votes:
        if vote.at - vote.account_created < NEW_ACCOUNT:
            young[vote.entry_id].append(vote)
    flags = []
    for group in young.values():
        burst = _largest_burst(group)
        if len(burst) < BURST_MIN:
            continue
        values = {"n": len(burst), "title": burst[0].entry_title}
        flags.append(
            Flag(
                rule="new_accounts",
                title=_("%(n)d votes for “%(title)s” from accounts created minutes before")
                % values,
                vote_ids=[v.id for v in burst],
                entry_title=burst[0].entry_title,
                evidence=[
                    _("%(name)s voted at %(time)s, %(age)d min after creating the account")
                    % {
                        "name": v.name,
                        "time": f"{timezone.localtime(v.at):%H:%M}",
                        "age": _minutes(v.at - v.account_created),
                    }
                    for v in burst
                ],
            )
        )
    return flags


def _cast_traces(contest: Contest) -> dict[tuple[int, int], tuple[str, str]]:
    """(entry, member) → (ip hash, device hash) of the latest cast."""
    rows = VoteEvent.objects.filter(contest=contest, kind=VoteEvent.Kind.CAST).order_by("at", "id")
    return {
        (entry_id, member_id): (ip, device)
        for entry_id, member_id, ip, device in rows.values_list(
            "entry_id", "member_id", "ip_hash", "device_hash"
        )
    }


def _shared_traces(contest: Contest, votes: list[_Vote]) -> list[Flag]:
    traces = _cast_traces(contest)
    groups: dict[tuple[str, str], list[_Vote]] = defaultdict(list)
    for vote in votes:
        ip, device = traces.get((vote.entry_id, vote.member_id), ("", ""))
        if ip:
            groups[("shared_ip", ip)].append(vote)
        if device:
            groups[("shared_device", device)].append(vote)
    flags = []
    for (rule, trace), group in groups.items():
        members = {v.member_id for v in group}
        if len(members) < SHARED_MIN:
            continue
        values = {"n": len(members), "trace": trace[:8]}
        title = (
            _("%(n)d accounts voted from the same network address (%(trace)s…)")
            if rule == "shared_ip"
            else _("%(n)d accounts voted from the same device (%(trace)s…)")
        ) % values
        flags.append(
            Flag(rule=rule, title=title, vote_ids=[v.id for v in group], evidence=_lines(group))
        )
    return flags


def _lines(group: list[_Vote]) -> list[str]:
    return [
        _("%(name)s voted for “%(title)s” at %(time)s")
        % {
            "name": v.name,
            "title": v.entry_title,
            "time": f"{timezone.localtime(v.at):%d/%m %H:%M}",
        }
        for v in group
    ]


def _single_entry_voters(contest: Contest, votes: list[_Vote]) -> list[Flag]:
    opened = min((p.starts_at for p in contest.campaign.phases.all()), default=None)
    per_member: dict[int, list[_Vote]] = defaultdict(list)
    for vote in votes:
        per_member[vote.member_id].append(vote)
    per_entry: dict[int, list[_Vote]] = defaultdict(list)
    for member_votes in per_member.values():
        only = member_votes[0]
        if len(member_votes) == 1 and (opened is None or only.joined >= opened):
            per_entry[only.entry_id].append(only)
    flags = []
    for group in per_entry.values():
        if len(group) < SINGLE_MIN:
            continue
        values: dict[str, Any] = {"n": len(group), "title": group[0].entry_title}
        flags.append(
            Flag(
                rule="single_entry",
                title=_("%(n)d new members voted for “%(title)s” and for nothing else") % values,
                vote_ids=[v.id for v in group],
                entry_title=group[0].entry_title,
                evidence=_lines(group),
            )
        )
    return flags
