"""The status workflow and merges (ideas/workflow.py), called directly."""

from __future__ import annotations

import math

import pytest

from cocrea.brands.tests.factories import MembershipFactory
from cocrea.campaigns.tests.factories import CampaignFactory
from cocrea.core.errors import Conflict, DomainError, PermissionDenied
from cocrea.ideas.models import Comment, Follow, Idea, Rating, StatusChange, Vote
from cocrea.ideas.tests.factories import CommentFactory, IdeaFactory
from cocrea.ideas.workflow import allowed_statuses, idea_merge, idea_set_status
from cocrea.notifications.models import Notification

Status = Idea.Status


@pytest.fixture
def idea(campaign, bob):
    return IdeaFactory(campaign=campaign, author=bob, title="Cup with a lid")


def test_moderator_accepts_an_idea_with_an_answer(mona, idea):
    change = idea_set_status(
        actor_membership=mona, idea=idea, to_status=Status.ACCEPTED, answer="<p>Great!</p>"
    )
    idea.refresh_from_db()
    assert idea.status == Status.ACCEPTED
    assert idea.answered_at is not None
    assert (change.from_status, change.to_status, change.actor) == ("new", "accepted", mona.user)
    assert change.answer == "<p>Great!</p>"


def test_admin_may_answer(alice, idea):
    idea_set_status(actor_membership=alice, idea=idea, to_status=Status.UNDER_REVIEW)
    assert Idea.objects.get(pk=idea.pk).status == Status.UNDER_REVIEW


def test_member_cannot_answer(dan, idea):
    with pytest.raises(PermissionDenied):
        idea_set_status(actor_membership=dan, idea=idea, to_status=Status.ACCEPTED)
    assert Idea.objects.get(pk=idea.pk).status == Status.NEW
    assert not StatusChange.objects.exists()


def test_admin_of_another_brand_cannot_answer(charlie, idea):
    with pytest.raises(PermissionDenied):
        idea_set_status(actor_membership=charlie, idea=idea, to_status=Status.ACCEPTED)
    assert not StatusChange.objects.exists()


def test_answer_is_sanitised(mona, idea):
    change = idea_set_status(
        actor_membership=mona,
        idea=idea,
        to_status=Status.UNDER_REVIEW,
        answer='<p onclick="x()">Hi<script>alert(1)</script></p>',
    )
    assert change.answer == "<p>Hi</p>"


def test_declined_without_a_reason_is_refused(mona, idea):
    with pytest.raises(DomainError) as error:
        idea_set_status(actor_membership=mona, idea=idea, to_status=Status.DECLINED, answer="  ")
    assert error.value.field == "answer"
    with pytest.raises(DomainError):  # markup without text is no reason either
        idea_set_status(
            actor_membership=mona, idea=idea, to_status=Status.DECLINED, answer="<p></p>"
        )
    assert Idea.objects.get(pk=idea.pk).status == Status.NEW


def test_declined_with_a_reason(mona, idea):
    idea_set_status(
        actor_membership=mona, idea=idea, to_status=Status.DECLINED, answer="Too costly"
    )
    assert Idea.objects.get(pk=idea.pk).status == Status.DECLINED


def test_ideas_never_move_back_down_the_ladder(mona, idea):
    idea_set_status(actor_membership=mona, idea=idea, to_status=Status.IN_DEVELOPMENT)
    with pytest.raises(Conflict):
        idea_set_status(actor_membership=mona, idea=idea, to_status=Status.ACCEPTED)
    with pytest.raises(Conflict):
        idea_set_status(actor_membership=mona, idea=idea, to_status=Status.IN_DEVELOPMENT)


def test_launched_is_final(mona, alice, idea):
    idea_set_status(actor_membership=mona, idea=idea, to_status=Status.LAUNCHED)
    assert allowed_statuses(idea, alice) == []
    with pytest.raises(Conflict):
        idea_set_status(actor_membership=alice, idea=idea, to_status=Status.DECLINED, answer="no")


def test_only_an_admin_reopens_a_declined_idea(mona, alice, idea):
    idea_set_status(actor_membership=mona, idea=idea, to_status=Status.DECLINED, answer="No")
    with pytest.raises(Conflict):
        idea_set_status(actor_membership=mona, idea=idea, to_status=Status.UNDER_REVIEW)
    with pytest.raises(Conflict):
        idea_set_status(actor_membership=alice, idea=idea, to_status=Status.ACCEPTED)
    idea_set_status(actor_membership=alice, idea=idea, to_status=Status.UNDER_REVIEW)
    assert Idea.objects.get(pk=idea.pk).status == Status.UNDER_REVIEW


def test_merged_is_not_reached_by_a_status_change(mona, idea):
    with pytest.raises(DomainError):
        idea_set_status(actor_membership=mona, idea=idea, to_status=Status.MERGED)
    with pytest.raises(DomainError):
        idea_set_status(actor_membership=mona, idea=idea, to_status="bogus")


def test_allowed_statuses_for_a_new_idea(mona, bob, idea):
    assert allowed_statuses(idea, mona) == [
        "under_review",
        "accepted",
        "in_development",
        "launched",
        "declined",
    ]
    assert allowed_statuses(idea, bob) == []


def test_oversize_answer_is_refused(mona, idea):
    with pytest.raises(DomainError) as error:
        idea_set_status(
            actor_membership=mona, idea=idea, to_status=Status.ACCEPTED, answer="x" * 10_001
        )
    assert error.value.code == "too_long"


def test_status_change_notifies_author_and_followers_not_the_actor(mona, bob, dan, idea):
    Follow.objects.create(idea=idea, member=dan)
    Follow.objects.create(idea=idea, member=mona)  # the actor follows too
    idea_set_status(actor_membership=mona, idea=idea, to_status=Status.ACCEPTED)
    rows = Notification.objects.filter(kind=Notification.Kind.STATUS_CHANGED)
    assert {n.recipient for n in rows} == {bob.user, dan.user}
    assert all(n.data == {"from": "new", "to": "accepted"} and n.idea == idea for n in rows)


def test_refused_change_notifies_nobody(mona, idea):
    with pytest.raises(DomainError):
        idea_set_status(actor_membership=mona, idea=idea, to_status=Status.DECLINED)
    assert not Notification.objects.exists()


# --- Merge ------------------------------------------------------------------------------------


@pytest.fixture
def pair(campaign, bob, dan):
    source = IdeaFactory(campaign=campaign, author=bob, title="Keep-warm cup")
    target = IdeaFactory(campaign=campaign, author=dan, title="Thermal cup")
    return source, target


def test_merge_counts_a_member_who_supported_both_once(mona, pair, brand):
    source, target = pair
    both, only_source, only_target = (MembershipFactory(brand=brand) for _ in range(3))
    for member in (both, only_source):
        Vote.objects.create(idea=source, member=member)
    for member in (both, only_target):
        Vote.objects.create(idea=target, member=member)
    Idea.objects.filter(pk=source.pk).update(support_count=2)
    Idea.objects.filter(pk=target.pk).update(support_count=2)

    idea_merge(actor_membership=mona, source=source, target=target, answer="Same idea")

    target.refresh_from_db()
    source.refresh_from_db()
    assert target.support_count == 3
    assert set(target.votes.values_list("member_id", flat=True)) == {
        both.pk,
        only_source.pk,
        only_target.pk,
    }
    assert not Vote.objects.filter(idea=source).exists()
    assert target.trending_score == pytest.approx(
        math.log10(3) + target.created_at.timestamp() / 45000
    )
    assert (source.status, source.merged_into, source.support_count) == ("merged", target, 0)
    change = StatusChange.objects.get(idea=source)
    assert (change.to_status, change.merged_into, change.answer) == ("merged", target, "Same idea")


def test_merge_keeps_the_target_rating_of_a_member_who_rated_both(mona, pair, brand):
    source, target = pair
    both, other = MembershipFactory(brand=brand), MembershipFactory(brand=brand)
    Rating.objects.create(idea=source, member=both, stars=1)
    Rating.objects.create(idea=target, member=both, stars=5)
    Rating.objects.create(idea=source, member=other, stars=3)
    idea_merge(actor_membership=mona, source=source, target=target)
    target.refresh_from_db()
    assert Rating.objects.get(idea=target, member=both).stars == 5
    assert (target.rating_count, target.rating_sum) == (2, 8)
    assert not Rating.objects.filter(idea=source).exists()


def test_merge_moves_comments_and_recounts(mona, pair):
    source, target = pair
    CommentFactory.create_batch(2, idea=source)
    CommentFactory(idea=target)
    Idea.objects.filter(pk=source.pk).update(comment_count=2)
    Idea.objects.filter(pk=target.pk).update(comment_count=1)
    idea_merge(actor_membership=mona, source=source, target=target)
    source.refresh_from_db()
    target.refresh_from_db()
    assert Comment.objects.filter(idea=target).count() == 3
    assert (source.comment_count, target.comment_count) == (0, 3)


def test_merge_moves_followers_without_duplicates(mona, pair, brand, bob, dan):
    source, target = pair
    both, only_source = MembershipFactory(brand=brand), MembershipFactory(brand=brand)
    Follow.objects.create(idea=source, member=both)
    Follow.objects.create(idea=source, member=only_source)
    Follow.objects.create(idea=target, member=both)
    idea_merge(actor_membership=mona, source=source, target=target)
    followers = list(Follow.objects.filter(idea=target).values_list("member_id", flat=True))
    assert sorted(followers) == sorted({both.pk, only_source.pk, bob.pk})
    assert not Follow.objects.filter(idea=source).exists()


def test_merge_notifies_both_authors_and_followers_but_not_the_actor(mona, pair, brand, bob, dan):
    source, target = pair
    source_fan, target_fan = MembershipFactory(brand=brand), MembershipFactory(brand=brand)
    Follow.objects.create(idea=source, member=source_fan)
    Follow.objects.create(idea=target, member=target_fan)
    Follow.objects.create(idea=target, member=mona)
    idea_merge(actor_membership=mona, source=source, target=target)
    rows = Notification.objects.filter(kind=Notification.Kind.IDEA_MERGED)
    assert {n.recipient for n in rows} == {bob.user, dan.user, source_fan.user, target_fan.user}
    assert all(n.idea == target and n.data["to"] == "merged" for n in rows)
    assert rows[0].data["source_title"] == "Keep-warm cup"


def test_merge_into_itself_is_refused(mona, pair):
    source, _target = pair
    with pytest.raises(DomainError):
        idea_merge(actor_membership=mona, source=source, target=source)


def test_merge_into_a_merged_idea_is_refused(mona, pair, campaign):
    source, target = pair
    third = IdeaFactory(campaign=campaign)
    idea_merge(actor_membership=mona, source=target, target=third)
    target.refresh_from_db()
    with pytest.raises(Conflict):
        idea_merge(actor_membership=mona, source=source, target=target)
    assert Idea.objects.get(pk=source.pk).status == Status.NEW


def test_merge_across_campaigns_is_refused(mona, pair, brand):
    source, _target = pair
    elsewhere = IdeaFactory(campaign=CampaignFactory(brand=brand))
    with pytest.raises(DomainError):
        idea_merge(actor_membership=mona, source=source, target=elsewhere)


def test_merge_into_another_brand_is_refused(mona, pair, other_brand):
    source, _target = pair
    foreign = IdeaFactory(campaign=CampaignFactory(brand=other_brand))
    with pytest.raises(DomainError):
        idea_merge(actor_membership=mona, source=source, target=foreign)


def test_member_cannot_merge(bob, pair):
    source, target = pair
    with pytest.raises(PermissionDenied):
        idea_merge(actor_membership=bob, source=source, target=target)
    assert Idea.objects.get(pk=source.pk).status == Status.NEW


def test_a_merged_idea_cannot_be_merged_again(mona, pair, campaign):
    source, target = pair
    idea_merge(actor_membership=mona, source=source, target=target)
    with pytest.raises(Conflict):
        idea_merge(actor_membership=mona, source=source, target=IdeaFactory(campaign=campaign))
