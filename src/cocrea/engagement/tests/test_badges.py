from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cocrea.core.errors import Conflict, DomainError, PermissionDenied
from cocrea.engagement.badges import badge_award, badge_create
from cocrea.engagement.models import BadgeAward, Kind, Reward
from cocrea.engagement.rewards import reward_grant
from cocrea.engagement.services import record
from cocrea.engagement.tests.helpers import configure
from cocrea.ideas.comment_services import comment_post
from cocrea.ideas.services import vote_cast, vote_withdraw
from cocrea.ideas.tests.factories import IdeaFactory
from cocrea.ideas.tests.helpers import submit
from cocrea.notifications.models import Notification

pytestmark = pytest.mark.django_db


def held(member) -> list[str]:
    return sorted(BadgeAward.objects.filter(member=member).values_list("badge__name", flat=True))


def test_a_rule_awards_its_badge_at_the_threshold_and_notifies_once(alice, bob, campaign):
    badge_create(
        actor=alice, brand=alice.brand, name="First idea", kind="idea_submitted", threshold=1
    )
    badge_create(actor=alice, brand=alice.brand, name="Chatty", kind="comment_posted", threshold=3)
    idea = submit(bob, campaign)
    assert held(bob) == ["First idea"]
    for n in range(3):
        comment_post(member=bob, idea=idea, body=f"Comment {n}")
        assert held(bob) == (["Chatty", "First idea"] if n == 2 else ["First idea"])
    comment_post(member=bob, idea=idea, body="One more")
    notes = Notification.objects.filter(recipient=bob.user, kind="badge_awarded")
    assert sorted(note.data["badge"] for note in notes) == ["Chatty", "First idea"]


def test_a_withdrawn_vote_does_not_count_toward_a_badge(alice, bob, dan, campaign):
    badge_create(actor=alice, brand=alice.brand, name="Supporter", kind="vote_given", threshold=2)
    first, second = (
        IdeaFactory(campaign=campaign, author=bob),
        IdeaFactory(campaign=campaign, author=bob),
    )
    vote_cast(member=dan, idea=first)
    vote_withdraw(member=dan, idea=first)
    vote_cast(member=dan, idea=second)
    assert held(dan) == []
    vote_cast(member=dan, idea=first)
    assert held(dan) == ["Supporter"]


def test_badges_cost_no_query_while_none_is_pending(alice, bob, dan, campaign):
    badge_create(actor=alice, brand=alice.brand, name="First comment", kind="comment_posted")
    configure(alice, tiers=[])
    idea = IdeaFactory(campaign=campaign, author=bob)
    comment_post(member=dan, idea=idea, body="First")  # awards the badge
    with CaptureQueriesContext(connection) as queries:
        record(kind=Kind.COMMENT_POSTED, member=dan, idea=idea)
    ours = [q["sql"] for q in queries if "engagement_" in q["sql"]]
    assert len(ours) == 2  # the event INSERT and the score upsert (which counts pending rules)


def test_manual_award_by_an_admin_only_once(alice, mona, bob):
    badge = badge_create(actor=alice, brand=alice.brand, name="Barista of the month")
    with pytest.raises(PermissionDenied):
        badge_award(badge=badge, member=bob, actor=mona)
    badge_award(badge=badge, member=bob, actor=alice, reason="Great help")
    with pytest.raises(Conflict):
        badge_award(badge=badge, member=bob, actor=alice)
    assert held(bob) == ["Barista of the month"]


def test_a_badge_of_another_brand_cannot_be_given(alice, charlie):
    badge = badge_create(actor=alice, brand=alice.brand, name="Local hero")
    with pytest.raises(DomainError):
        badge_award(badge=badge, member=charlie)
    with pytest.raises(PermissionDenied):
        badge_create(actor=charlie, brand=alice.brand, name="Intruder")


@pytest.mark.parametrize(
    ("name", "kind", "threshold"),
    [("", None, None), ("x" * 61, None, None), ("Ok", "nonsense", 1), ("Ok", "comment_posted", 0)],
)
def test_bad_badge_rules_are_refused(alice, name, kind, threshold):
    with pytest.raises(DomainError):
        badge_create(actor=alice, brand=alice.brand, name=name, kind=kind, threshold=threshold)


def test_rewards_ledger_keeps_prizes_points_and_royalties(alice, bob):
    reward_grant(
        member=bob,
        kind="prize",
        label="Espresso machine",
        amount="250",
        currency="eur",
        source="Contest winner",
        reference="contest:12",
    )
    reward_grant(member=bob, kind="points", label="Welcome points", amount=100, actor=alice)
    reward_grant(
        member=bob, kind="royalty", label="Royalty on the Lumière cup", amount=Decimal("2.5")
    )
    rows = list(
        Reward.objects.filter(member=bob).order_by("id").values_list("kind", "amount", "currency")
    )
    assert rows == [
        ("prize", Decimal("250.00"), "EUR"),
        ("points", Decimal("100.00"), ""),
        ("royalty", Decimal("2.50"), ""),
    ]
    assert Notification.objects.filter(recipient=bob.user, kind="reward_granted").count() == 3


@pytest.mark.parametrize(
    ("kind", "amount", "currency", "reference"),
    [
        ("royalty", 101, "", ""),
        ("points", None, "", ""),
        ("prize", -1, "EUR", ""),
        ("prize", 10, "euros", ""),
        ("bogus", None, "", ""),
        ("other", "abc", "", ""),
        ("other", None, "", "contest 12; drop table"),
        ("prize", "NaN", "EUR", ""),
    ],
)
def test_bad_rewards_are_refused(bob, kind, amount, currency, reference):
    with pytest.raises(DomainError):
        reward_grant(
            member=bob,
            kind=kind,
            label="Prize",
            amount=amount,
            currency=currency,
            reference=reference,
        )
    assert not Reward.objects.exists()


def test_only_admins_grant_rewards_by_hand(mona, bob, charlie):
    for actor in (mona, charlie):
        with pytest.raises(PermissionDenied):
            reward_grant(member=bob, kind="other", label="Mug", actor=actor)


def test_console_creates_a_badge_and_awards_it(as_alice, alice, bob, brand):
    url = reverse("engagement:badges", args=[brand.slug])
    response = as_alice.post(
        url, {"name": "Helper", "symbol": "🤝", "kind": "helpful_answer", "threshold": "10"}
    )
    assert response.status_code == 302
    badge = brand.badges.get()
    assert badge.rule.kind == "helpful_answer" and badge.rule.threshold == 10
    award_url = reverse("engagement:badge_award", args=[brand.slug, badge.pk])
    assert as_alice.post(award_url, {"member": bob.pk}).status_code == 302
    assert held(bob) == ["Helper"]
    page = as_alice.get(reverse("engagement:badge", args=[brand.slug, badge.pk])).content.decode()
    assert "Bob" in page


def test_console_refuses_bad_input_without_error(as_alice, alice, brand, charlie):
    url = reverse("engagement:badges", args=[brand.slug])
    for data in (
        {"name": "x" * 500},
        {"name": "Ok", "kind": "comment_posted", "threshold": "-3"},
        {"name": "Ok", "threshold": "abc"},
        {"name": "Ok", "kind": "<script>"},
    ):
        assert as_alice.post(url, data).status_code == 200
    assert not brand.badges.exists()
    badge = badge_create(actor=alice, brand=brand, name="Mine")
    award_url = reverse("engagement:badge_award", args=[brand.slug, badge.pk])
    as_alice.post(award_url, {"member": charlie.pk})  # another brand's member: refused
    as_alice.post(award_url, {"member": "99999999999999999999"})
    assert not BadgeAward.objects.exists()
    rewards = reverse("engagement:rewards", args=[brand.slug])
    response = as_alice.post(rewards, {"member": charlie.pk, "kind": "other", "label": "x"})
    assert response.status_code == 200 and not Reward.objects.exists()


def test_a_new_rule_is_given_to_members_who_already_meet_it(alice, bob, dan, campaign):
    submit(bob, campaign, title="One")
    submit(bob, campaign, title="Two")
    submit(dan, campaign, title="Three")
    badge = badge_create(
        actor=alice, brand=alice.brand, name="Prolific", kind="idea_submitted", threshold=2
    )
    assert held(bob) == ["Prolific"] and held(dan) == []
    submit(dan, campaign, title="Four")
    assert held(dan) == ["Prolific"]
    assert badge.awards.count() == 2
