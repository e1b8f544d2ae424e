"""The jury, the ranking formula against a hand-computed example, and closing the contest."""

from __future__ import annotations

import pytest

from cocrea.brands.tests.factories import MembershipFactory
from cocrea.campaigns.models import Phase
from cocrea.campaigns.phases import current_phase
from cocrea.contests import jury, ranking
from cocrea.contests.models import Entry, Placement
from cocrea.contests.selectors import scores_for_juror
from cocrea.contests.tests.helpers import add_entry, entry_for_page, make_contest, reload, set_phase
from cocrea.core.errors import Conflict, DomainError, PermissionDenied
from cocrea.engagement.models import BadgeAward, Reward
from cocrea.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_ranking_formula_matches_the_hand_computed_example():
    """Votes 40 / 30 / 10; criteria originality (weight 2) and brand fit (weight 1); two jurors.

    Juror 1 marks A (6, 9) → 7, B (9, 9) → 9, C (3, 6) → 4; juror 2 marks A (5, 8) → 6,
    B (8, 5) → 7, C (6, 3) → 5. Jury raw: A 6.5, B 8, C 4.5 → jury scores 0.8125, 1, 0.5625.
    Public scores: 1, 0.75, 0.25. Jury weight 60 %:
    A = 0.6 * 0.8125 + 0.4 * 1 = 0.8875; B = 0.6 * 1 + 0.4 * 0.75 = 0.9; C = 0.3375 + 0.1 = 0.4375.
    """
    originality, fit = 1, 2
    weights = {originality: 2, fit: 1}
    marks = {
        (1, 10): {originality: 6, fit: 9},
        (1, 20): {originality: 9, fit: 9},
        (1, 30): {originality: 3, fit: 6},
        (2, 10): {originality: 5, fit: 8},
        (2, 20): {originality: 8, fit: 5},
        (2, 30): {originality: 6, fit: 3},
    }
    raw = ranking.jury_raw_scores(marks, weights)
    assert raw == {10: 6.5, 20: 8.0, 30: 4.5}
    finalists = [
        ranking.Finalist(10, 40, 0),
        ranking.Finalist(20, 30, 1),
        ranking.Finalist(30, 10, 2),
    ]
    terms = ranking.rank(finalists, raw, jury_weight=60, winners=1)
    assert [t.entry_id for t in terms] == [20, 10, 30]
    assert [t.final_score for t in terms] == pytest.approx([0.9, 0.8875, 0.4375])
    assert [t.jury_score for t in terms] == pytest.approx([1.0, 0.8125, 0.5625])
    assert [t.public_score for t in terms] == pytest.approx([0.75, 1.0, 0.25])
    assert [t.is_winner for t in terms] == [True, False, False]


def test_ties_go_to_more_votes_then_the_earlier_entry():
    finalists = [ranking.Finalist(1, 5, 1), ranking.Finalist(2, 5, 0), ranking.Finalist(3, 0, 2)]
    terms = ranking.rank(finalists, {}, jury_weight=50, winners=2)
    assert [t.entry_id for t in terms] == [2, 1, 3]
    assert terms[2].final_score == 0.0


def _jury_contest(brand, alice, product, bob, dan):  # type: ignore[no-untyped-def]
    contest = make_contest(
        brand,
        alice,
        product,
        finalists=2,
        winners=1,
        jury_weight=60,
        winner_prize="Your mug produced",
        royalty_percent=1,
    )
    authors = [MembershipFactory(brand=brand) for _ in range(3)]
    entries = [add_entry(contest, a, f"E{i}") for i, a in enumerate(authors)]
    for entry, votes in zip(entries, (3, 5, 1), strict=True):
        Entry.objects.filter(pk=entry.pk).update(vote_count=votes)
    jury.criteria_set(actor=alice, contest=contest, criteria=[("Originality", 2), ("Fit", 1)])
    jury.juror_add(actor=alice, contest=contest, email=bob.user.email)
    jury.juror_add(actor=alice, contest=contest, email=dan.user.email)
    return set_phase(contest, Phase.Kind.REVIEW), entries


def _marks(contest, values):  # type: ignore[no-untyped-def]
    return dict(zip([c.pk for c in contest.criteria.all()], values, strict=True))


def test_jurors_score_finalists_and_never_see_each_others_marks(brand, alice, product, bob, dan):
    contest, entries = _jury_contest(brand, alice, product, bob, dan)
    finalists = jury.shortlist(contest)
    assert [e.title for e in finalists] == ["E1", "E0"]
    jury.scorecard_set(
        member=bob, entry=entry_for_page(finalists[0]), marks=_marks(contest, [9, 9])
    )
    assert scores_for_juror(contest, dan) == {}
    bobs = scores_for_juror(contest, bob)
    assert bobs == {finalists[0].pk: _marks(contest, [9, 9])}
    with pytest.raises(PermissionDenied):  # not a finalist
        jury.scorecard_set(
            member=dan, entry=entry_for_page(entries[2]), marks=_marks(contest, [1, 1])
        )
    with pytest.raises(DomainError):  # a criterion is missing
        jury.scorecard_set(member=dan, entry=entry_for_page(finalists[0]), marks={})
    with pytest.raises(DomainError):  # out of range
        jury.scorecard_set(
            member=dan, entry=entry_for_page(finalists[0]), marks=_marks(contest, [11, 1])
        )


def test_only_jurors_score_during_the_jury(brand, alice, product, bob, dan, mona):
    contest, _entries = _jury_contest(brand, alice, product, bob, dan)
    finalist = entry_for_page(jury.shortlist(contest)[0])
    with pytest.raises(PermissionDenied):
        jury.scorecard_set(member=mona, entry=finalist, marks=_marks(contest, [5, 5]))
    set_phase(contest, Phase.Kind.VOTING)
    with pytest.raises(PermissionDenied):
        jury.scorecard_set(
            member=bob, entry=entry_for_page(finalist), marks=_marks(contest, [5, 5])
        )


def test_closing_ranks_rewards_and_tells_the_entrants(brand, alice, product, bob, dan):
    contest, entries = _jury_contest(brand, alice, product, bob, dan)
    e0, e1 = (entry_for_page(e) for e in entries[:2])
    jury.scorecard_set(member=bob, entry=e0, marks=_marks(contest, [10, 10]))
    jury.scorecard_set(member=bob, entry=e1, marks=_marks(contest, [4, 4]))
    placements = jury.contest_close(actor=alice, contest=contest)
    # E0: public 3/5 = 0.6, jury 10/10 = 1 → 0.6 + 0.24 = 0.84; E1: 1 and 0.4 → 0.24 + 0.4 = 0.64
    assert [(p.entry.title, p.rank, p.is_winner) for p in placements] == [
        ("E0", 1, True),
        ("E1", 2, False),
    ]
    assert Placement.objects.get(entry=e0).final_score == pytest.approx(0.84)
    contest = reload(contest)
    assert contest.closed_at is not None
    assert current_phase(contest.campaign).kind == Phase.Kind.RESULTS
    winner = entries[0].author
    kinds = sorted(Reward.objects.filter(member=winner).values_list("kind", flat=True))
    assert kinds == ["points", "prize", "royalty"]
    assert Reward.objects.filter(member=entries[1].author, kind="points").count() == 1
    assert not Reward.objects.filter(member=entries[2].author).exists()
    assert BadgeAward.objects.filter(member=winner).count() == 1
    results = Notification.objects.filter(kind="contest_result")
    assert sorted(n.data["place"] for n in results) == ["entrant", "finalist", "winner"]
    with pytest.raises(Conflict):
        jury.contest_close(actor=alice, contest=contest)
    assert scores_for_juror(contest, dan) == {}


def test_a_contest_cannot_close_during_submission(contest, alice, mona):
    with pytest.raises(DomainError):
        jury.contest_close(actor=alice, contest=contest)
    with pytest.raises(PermissionDenied):
        jury.contest_close(actor=mona, contest=contest)


def test_the_brand_may_choose_the_finalists(brand, alice, product, bob, dan):
    contest, entries = _jury_contest(brand, alice, product, bob, dan)
    chosen = jury.shortlist_freeze(actor=alice, contest=contest, entry_ids=[entries[2].pk])
    assert [e.title for e in chosen] == ["E2"]
    with pytest.raises(DomainError):
        jury.shortlist_freeze(actor=alice, contest=contest, entry_ids=[e.pk for e in entries])


def test_criteria_are_checked(contest, alice):
    with pytest.raises(DomainError):
        jury.criteria_set(actor=alice, contest=contest, criteria=[("A", 11)])
    with pytest.raises(DomainError):
        jury.criteria_set(actor=alice, contest=contest, criteria=[("A", 1), ("a", 2)])
