"""Suspicious voting is flagged with its evidence; voiding a flag's votes keeps tallies exact."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cocrea.accounts.models import User
from cocrea.brands.models import Membership
from cocrea.brands.tests.factories import MembershipFactory
from cocrea.campaigns.models import Phase
from cocrea.contests.fraud import suspicious_votes
from cocrea.contests.models import Entry, EntryVote
from cocrea.contests.tests.helpers import add_entry, entry_for_page, set_phase
from cocrea.contests.votes import trace_hash, vote_cast, votes_void

pytestmark = pytest.mark.django_db


def _old(member: Membership) -> Membership:
    """An account created long ago, a member since long before the contest opened."""
    past = timezone.now() - timedelta(days=400)
    User.objects.filter(pk=member.user_id).update(date_joined=past)
    Membership.objects.filter(pk=member.pk).update(joined_at=past)
    return member


def _voters(brand, n, old=True):  # type: ignore[no-untyped-def]
    members = [MembershipFactory(brand=brand) for _ in range(n)]
    return [_old(m) for m in members] if old else members


def test_honest_voting_raises_no_flag(brand, contest, dan):
    entries = [
        add_entry(contest, dan, "A"),
        add_entry(contest, _old(MembershipFactory(brand=brand)), "B"),
    ]
    set_phase(contest, Phase.Kind.VOTING)
    for i, voter in enumerate(_voters(brand, 6)):
        for entry in entries:
            vote_cast(member=voter, entry=entry_for_page(entry), ip_hash=trace_hash(f"10.0.0.{i}"))
    assert suspicious_votes(contest) == []


def test_a_burst_of_brand_new_accounts_is_flagged(brand, contest, dan):
    entry = add_entry(contest, dan, "Sunrise")
    set_phase(contest, Phase.Kind.VOTING)
    for i, voter in enumerate(_voters(brand, 4, old=False)):  # accounts created just now
        vote_cast(member=voter, entry=entry_for_page(entry), ip_hash=trace_hash(f"10.0.1.{i}"))
    flags = [f for f in suspicious_votes(contest) if f.rule == "new_accounts"]
    assert len(flags) == 1 and len(flags[0].vote_ids) == 4
    assert "Sunrise" in flags[0].title and len(flags[0].evidence) == 4


def test_many_accounts_from_one_address_or_device_are_flagged(brand, contest, dan):
    entry = add_entry(contest, dan)
    set_phase(contest, Phase.Kind.VOTING)
    for voter in _voters(brand, 3):
        vote_cast(member=voter, entry=entry_for_page(entry), ip_hash=trace_hash("6.6.6.6"))
    for i, voter in enumerate(_voters(brand, 3)):
        vote_cast(
            member=voter,
            entry=entry_for_page(entry),
            ip_hash=trace_hash(f"7.7.7.{i}"),
            device_hash=trace_hash("same phone"),
        )
    rules = sorted(f.rule for f in suspicious_votes(contest))
    assert rules == ["shared_device", "shared_ip"]


def test_new_members_voting_for_one_design_only_are_flagged(brand, contest, dan):
    entry = add_entry(contest, dan, "Only me")
    other = add_entry(contest, _old(MembershipFactory(brand=brand)), "Other")
    set_phase(contest, Phase.Kind.VOTING)
    newcomers = _voters(brand, 3, old=False)
    for voter in newcomers:  # accounts created a day ago: not a burst, but they joined lately
        User.objects.filter(pk=voter.user_id).update(date_joined=timezone.now() - timedelta(days=1))
        vote_cast(member=voter, entry=entry_for_page(entry), ip_hash=trace_hash(str(voter.pk)))
    regular = _voters(brand, 1)[0]
    vote_cast(member=regular, entry=entry_for_page(entry))
    vote_cast(member=regular, entry=entry_for_page(other))
    flags = suspicious_votes(contest)
    assert [f.rule for f in flags] == ["single_entry"]
    assert len(flags[0].vote_ids) == 3


def test_voiding_a_flag_updates_the_tally_and_clears_the_flag(brand, contest, dan, mona):
    entry = add_entry(contest, dan)
    set_phase(contest, Phase.Kind.VOTING)
    for voter in _voters(brand, 2):
        vote_cast(member=voter, entry=entry_for_page(entry), ip_hash=trace_hash("1.1.1.1"))
    for voter in _voters(brand, 3):
        vote_cast(member=voter, entry=entry_for_page(entry), ip_hash=trace_hash("6.6.6.6"))
    (flag,) = suspicious_votes(contest)
    votes_void(actor=mona, contest=contest, vote_ids=flag.vote_ids, reason="Farm", rule=flag.rule)
    assert Entry.objects.get(pk=entry.pk).vote_count == 2
    assert EntryVote.objects.filter(voided_at=None).count() == 2
    assert suspicious_votes(contest) == []
