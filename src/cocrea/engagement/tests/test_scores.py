from __future__ import annotations

import math
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cocrea.campaigns.tests.factories import CampaignFactory
from cocrea.core.errors import Conflict
from cocrea.engagement.models import EngagementEvent, Kind, MemberScore, TierChange
from cocrea.engagement.services import current_score, record, reverse_event, scores_rebase
from cocrea.engagement.tests.helpers import configure
from cocrea.ideas.comment_services import comment_post
from cocrea.ideas.services import vote_cast, vote_withdraw
from cocrea.ideas.tests.factories import IdeaFactory
from cocrea.ideas.tests.helpers import submit
from cocrea.ideas.workflow import idea_set_status
from cocrea.notifications.models import Notification

pytestmark = pytest.mark.django_db


def score_of(member, now=None) -> float:
    return current_score(MemberScore.objects.get(member=member), now=now)


def test_decay_and_weights_match_a_hand_computed_example(alice, bob):
    configure(alice, half_life_days=10, idea_submitted=10, comment_posted=3)
    t0 = timezone.now() - timedelta(days=20)
    record(kind=Kind.IDEA_SUBMITTED, member=bob, at=t0)
    record(kind=Kind.COMMENT_POSTED, member=bob, at=t0 + timedelta(days=10))
    # 10 points two half-lives ago + 3 points one half-life ago = 10/4 + 3/2
    assert score_of(bob, now=t0 + timedelta(days=20)) == pytest.approx(4.0, rel=1e-12)
    assert score_of(bob, now=t0 + timedelta(days=30)) == pytest.approx(2.0, rel=1e-12)
    weights = sorted(EngagementEvent.objects.filter(member=bob).values_list("weight", flat=True))
    assert weights == [3.0, 10.0]


def test_reverse_event_cancels_that_event_exactly_and_once(alice, bob):
    configure(alice, half_life_days=10, idea_submitted=10, comment_posted=3)
    t0 = timezone.now() - timedelta(days=20)
    [older] = record(kind=Kind.COMMENT_POSTED, member=bob, at=t0)
    [newer] = record(kind=Kind.COMMENT_POSTED, member=bob, at=t0 + timedelta(days=10))
    assert reverse_event(event_id=older) is True
    assert reverse_event(event_id=older) is False  # already reversed
    assert reverse_event(event_id=newer + 1000) is False  # no such event
    # Only the newer one is left: 3 points one half-life ago.
    assert score_of(bob, now=t0 + timedelta(days=20)) == pytest.approx(1.5, rel=1e-9)
    reversal = EngagementEvent.objects.get(reverses__isnull=False)
    assert reversal.reverses_id == older and reversal.weight == -3.0


def test_services_record_their_events_with_the_brand_weights(alice, bob, dan, campaign):
    configure(alice, idea_submitted=7, vote_given=2, vote_received=5, comment_posted=4)
    idea = submit(bob, campaign)
    vote_cast(member=dan, idea=idea)
    comment_post(member=dan, idea=idea, body="Yes please")
    kinds = set(EngagementEvent.objects.values_list("member__user__display_name", "kind", "weight"))
    assert kinds == {
        ("Bob", "idea_submitted", 7.0),
        ("Bob", "vote_received", 5.0),
        ("Dan", "vote_given", 2.0),
        ("Dan", "comment_posted", 4.0),
    }
    assert score_of(bob) == pytest.approx(12.0, rel=1e-6)
    assert score_of(dan) == pytest.approx(6.0, rel=1e-6)


def test_a_vote_on_ones_own_idea_earns_no_vote_received(bob, campaign):
    idea = submit(bob, campaign)
    vote_cast(member=bob, idea=idea)
    assert not EngagementEvent.objects.filter(kind=Kind.VOTE_RECEIVED).exists()


def test_vote_withdraw_appends_reversals_that_cancel_exactly(bob, dan, campaign):
    idea = submit(bob, campaign)
    vote_cast(member=dan, idea=idea)
    vote_withdraw(member=dan, idea=idea)
    now = timezone.now()
    bob_before = 10.0 * 2 ** -(
        (now - EngagementEvent.objects.get(kind="idea_submitted").occurred_at).total_seconds()
        / (90 * 86400)
    )
    reversals = EngagementEvent.objects.filter(reverses__isnull=False)
    assert sorted(reversals.values_list("kind", "weight")) == [
        ("vote_given", -1.0),
        ("vote_received", -2.0),
    ]
    assert all(r.occurred_at == r.reverses.occurred_at for r in reversals)
    assert EngagementEvent.objects.count() == 5  # idea, vote given/received, two reversals
    assert score_of(dan, now) == pytest.approx(0.0, abs=1e-12)
    assert score_of(bob, now) == pytest.approx(bob_before, rel=1e-12)
    vote_cast(member=dan, idea=idea)  # supporting again earns again
    assert score_of(dan) == pytest.approx(1.0, rel=1e-6)


def test_rebuilt_scores_equal_the_incremental_ones(alice, bob, dan, mona, campaign):
    configure(alice, half_life_days=30)
    start = timezone.now() - timedelta(days=400)
    ideas = [IdeaFactory(campaign=campaign, author=author) for author in (bob, dan, mona)]
    for day in range(0, 400, 7):
        at = start + timedelta(days=day, seconds=day * 37)
        record(kind=Kind.COMMENT_POSTED, member=[bob, dan, mona][day % 3], idea=ideas[0], at=at)
        record(kind=Kind.VOTE_GIVEN, member=[dan, mona, bob][day % 3], idea=ideas[day % 3], at=at)
    vote_cast(member=dan, idea=ideas[0])
    vote_withdraw(member=dan, idea=ideas[0])
    idea_set_status(actor_membership=alice, idea=ideas[1], to_status="accepted")
    now = timezone.now()
    incremental = {s.member_id: current_score(s, now=now) for s in MemberScore.objects.all()}
    scores_rebase(brand=campaign.brand, now=now - timedelta(days=3))
    call_command("rebuild_engagement_scores", "--brand", campaign.brand.slug, stdout=None)
    rebuilt = {s.member_id: current_score(s, now=now) for s in MemberScore.objects.all()}
    assert set(rebuilt) == set(incremental) and len(rebuilt) == 3
    for member_id, value in incremental.items():
        assert math.isclose(rebuilt[member_id], value, rel_tol=1e-9), member_id
    assert MemberScore.objects.get(member=dan).has_accepted_idea


def test_rebase_keeps_every_score(alice, bob, campaign):
    record(kind=Kind.IDEA_SUBMITTED, member=bob, at=timezone.now() - timedelta(days=50))
    now = timezone.now()
    before = score_of(bob, now=now)
    scores_rebase(brand=campaign.brand, now=now)
    assert MemberScore.objects.get(member=bob).epoch == now.timestamp()
    assert score_of(bob, now=now) == pytest.approx(before, rel=1e-12)


def test_tier_promotion_notifies_once(alice, bob, dan, campaign):
    configure(alice, tiers=[("Member", 0, False), ("Insider", 5, False)], idea_submitted=10)
    idea = submit(bob, campaign)
    comment_post(member=bob, idea=idea, body="More details")
    submit(bob, campaign, title="Another one")
    score = MemberScore.objects.select_related("tier").get(member=bob)
    assert score.tier.name == "Insider"
    assert score.next_threshold is None  # nothing left to reach: later events stop early
    sent = Notification.objects.filter(recipient=bob.user, kind="tier_promoted")
    assert [n.data["tier"] for n in sent] == ["Insider"]
    assert sent[0].data["tier_i18n"]["en"] == "Insider"
    assert list(TierChange.objects.values_list("to_tier_name", flat=True)) == ["Insider"]


def test_entry_tier_is_given_without_notification(alice, dan, campaign):
    configure(alice, tiers=[("Member", 0, False), ("Insider", 500, False)])
    comment_post(member=dan, idea=IdeaFactory(campaign=campaign), body="Hi")
    assert MemberScore.objects.get(member=dan).tier.name == "Member"
    assert not Notification.objects.filter(kind="tier_promoted").exists()


def test_a_tier_that_needs_an_accepted_idea_waits_for_it(alice, bob, campaign):
    configure(alice, tiers=[("Member", 0, False), ("Ambassador", 5, True)], idea_accepted=1)
    idea = submit(bob, campaign)
    assert MemberScore.objects.get(member=bob).tier.name == "Member"
    idea_set_status(actor_membership=alice, idea=idea, to_status="accepted")
    assert MemberScore.objects.get(member=bob).tier.name == "Ambassador"
    assert Notification.objects.filter(recipient=bob.user, kind="tier_promoted").count() == 1


def test_accepted_and_launched_are_credited_once_per_idea(alice, bob, campaign):
    idea = submit(bob, campaign)
    idea_set_status(actor_membership=alice, idea=idea, to_status="accepted")
    idea_set_status(actor_membership=alice, idea=idea, to_status="launched")
    kinds = list(EngagementEvent.objects.filter(member=bob).values_list("kind", flat=True))
    assert sorted(kinds) == ["idea_accepted", "idea_launched", "idea_submitted"]


def test_a_failing_service_writes_no_event(bob, dan, campaign):
    idea = IdeaFactory(campaign=campaign, author=bob)
    with pytest.raises(RuntimeError), transaction.atomic():
        vote_cast(member=dan, idea=idea)
        raise RuntimeError("the request dies after the vote")
    assert not EngagementEvent.objects.exists() and not MemberScore.objects.exists()
    vote_cast(member=dan, idea=idea)
    with pytest.raises(Conflict):
        vote_cast(member=dan, idea=idea)
    assert EngagementEvent.objects.count() == 2  # given + received, not twice


def test_a_vote_costs_one_insert_and_two_upserts_without_reads(alice, bob, dan, campaign):
    configure(alice, tiers=[])
    first, second = (
        IdeaFactory(campaign=campaign, author=bob),
        IdeaFactory(campaign=campaign, author=bob),
    )
    vote_cast(member=dan, idea=first)  # first event of each member: tiers are looked at once
    with CaptureQueriesContext(connection) as queries:
        vote_cast(member=dan, idea=second)
    ours = [q["sql"] for q in queries if "engagement_" in q["sql"]]
    if connection.vendor == "postgresql":  # the whole vote is one statement
        assert len(ours) == 1 and "INSERT INTO engagement_engagementevent" in ours[0]
        return
    assert len(ours) == 3
    assert ours[0].startswith("INSERT INTO engagement_engagementevent")
    assert all(sql.startswith("INSERT INTO engagement_memberscore") for sql in ours[1:])


def test_events_stay_in_their_brand(alice, bob, charlie, other_brand):
    other_campaign = CampaignFactory(brand=other_brand)
    other_idea = IdeaFactory(campaign=other_campaign, author=charlie)
    comment_post(member=charlie, idea=other_idea, body="Mine")
    event = EngagementEvent.objects.get()
    assert event.brand == other_brand and event.member == charlie
    assert MemberScore.objects.get().brand == other_brand
