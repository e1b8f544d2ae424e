from __future__ import annotations

import pytest

from cocrea.campaigns.tests.factories import CampaignFactory
from cocrea.core.errors import Conflict, DomainError, PermissionDenied
from cocrea.ideas import comment_services as cs
from cocrea.ideas.models import Follow, Idea
from cocrea.ideas.tests.factories import IdeaFactory
from cocrea.ideas.tests.helpers import submit
from cocrea.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_comment_counts_and_makes_the_commenter_follow(bob, dan, campaign):
    idea = submit(bob, campaign)
    cs.comment_post(member=dan, idea=idea, body="Love it")
    idea.refresh_from_db()
    assert idea.comment_count == 1
    assert Follow.objects.filter(idea=idea, member=dan).exists()


def test_new_comment_notifies_followers_but_not_the_actor(bob, dan, alice, campaign):
    idea = submit(bob, campaign)
    cs.comment_post(member=dan, idea=idea, body="First")
    rows = Notification.objects.filter(kind=Notification.Kind.NEW_COMMENT)
    assert [n.recipient_id for n in rows] == [bob.user_id]
    assert rows.get().idea_id == idea.pk and rows.get().actor_id == dan.user_id


def test_reply_notifies_the_parent_author_once_as_a_reply(bob, dan, alice, campaign):
    idea = submit(bob, campaign)
    parent = cs.comment_post(member=dan, idea=idea, body="First")
    Notification.objects.all().delete()
    cs.comment_post(member=alice, idea=idea, body="Thanks", parent=parent)
    kinds = dict(Notification.objects.values_list("recipient_id", "kind"))
    assert kinds == {
        dan.user_id: Notification.Kind.COMMENT_REPLY,
        bob.user_id: Notification.Kind.NEW_COMMENT,
    }


def test_staff_comments_are_official(bob, mona, campaign):
    idea = submit(bob, campaign)
    assert cs.comment_post(member=mona, idea=idea, body="From the team").is_official
    assert not cs.comment_post(member=bob, idea=idea, body="Me").is_official


def test_comment_length_and_emptiness_are_checked(bob, campaign):
    idea = submit(bob, campaign)
    with pytest.raises(DomainError, match="limited"):
        cs.comment_post(member=bob, idea=idea, body="x" * (cs.COMMENT_MAX + 1))
    with pytest.raises(DomainError):
        cs.comment_post(member=bob, idea=idea, body="   ")


def test_reply_to_a_comment_of_another_idea_is_refused(bob, campaign):
    one, two = submit(bob, campaign), submit(bob, campaign, title="Two")
    parent = cs.comment_post(member=bob, idea=one, body="here")
    with pytest.raises(DomainError):
        cs.comment_post(member=bob, idea=two, body="there", parent=parent)


def test_outsider_and_closed_phase_cannot_comment(bob, charlie, brand):
    idea = IdeaFactory(campaign=CampaignFactory(brand=brand, phases="results"), author=bob)
    with pytest.raises(PermissionDenied):
        cs.comment_post(member=bob, idea=idea, body="late")
    idea_open = IdeaFactory(campaign=CampaignFactory(brand=brand), author=bob)
    with pytest.raises(PermissionDenied):
        cs.comment_post(member=charlie, idea=idea_open, body="hi")


def test_comments_allowed_during_review(bob, dan, brand):
    idea = IdeaFactory(campaign=CampaignFactory(brand=brand, phases="review"), author=bob)
    cs.comment_post(member=dan, idea=idea, body="Still thinking")
    assert Idea.objects.get(pk=idea.pk).comment_count == 1


def test_delete_keeps_the_row_blanks_text_and_decrements(bob, dan, campaign):
    idea = submit(bob, campaign)
    comment = cs.comment_post(member=dan, idea=idea, body="Oops")
    cs.comment_delete(member=dan, comment=comment)
    comment.refresh_from_db()
    idea.refresh_from_db()
    assert comment.body == "" and comment.deleted_at is not None
    assert idea.comment_count == 0
    with pytest.raises(PermissionDenied):
        cs.comment_delete(member=dan, comment=comment)


def test_only_the_author_edits_or_deletes(bob, dan, campaign):
    idea = submit(bob, campaign)
    comment = cs.comment_post(member=dan, idea=idea, body="Mine")
    with pytest.raises(PermissionDenied):
        cs.comment_edit(member=bob, comment=comment, body="Hijack")
    with pytest.raises(PermissionDenied):
        cs.comment_delete(member=bob, comment=comment)
    cs.comment_edit(member=dan, comment=comment, body="Mine, edited")
    comment.refresh_from_db()
    assert comment.body == "Mine, edited" and comment.edited_at is not None


def test_comment_upvote_once_and_exact(bob, dan, alice, campaign):
    idea = submit(bob, campaign)
    comment = cs.comment_post(member=bob, idea=idea, body="Vote me")
    cs.comment_upvote(member=dan, comment=comment)
    cs.comment_upvote(member=alice, comment=comment)
    with pytest.raises(Conflict):
        cs.comment_upvote(member=dan, comment=comment)
    cs.comment_unupvote(member=alice, comment=comment)
    comment.refresh_from_db()
    assert comment.upvote_count == 1
