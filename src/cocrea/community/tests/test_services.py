"""Stories, ratings, questions, answers and the helpful mark, at the service level."""

from __future__ import annotations

import pytest

from cocrea.campaigns.models import Tag
from cocrea.community import qa_services, services
from cocrea.community.models import Answer, HelpfulMark, Question, Story
from cocrea.core.errors import Conflict, DomainError, PermissionDenied
from cocrea.engagement.models import EngagementEvent, Kind, MemberScore
from cocrea.engagement.services import current_score
from cocrea.ideas.tests.helpers import fake_png, png
from cocrea.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _story(member, **kw):  # type: ignore[no-untyped-def]
    kw.setdefault("title", "My morning V60")
    kw.setdefault("body", "15 g of coffee, 250 ml of water at 93 °C.")
    return services.story_post(member=member, **kw)


def _events(member, kind):  # type: ignore[no-untyped-def]
    return list(
        EngagementEvent.objects.filter(member=member, kind=kind).values_list("weight", flat=True)
    )


# --- Stories ------------------------------------------------------------------------------


def test_a_story_is_sanitised_and_earns_experience_shared(bob):
    story = _story(bob, body="<p>Nice <script>alert(1)</script><b>brew</b></p>")
    assert "<script>" not in story.body and "<b>brew</b>" in story.body
    assert story.body_text.startswith("Nice")
    assert _events(bob, Kind.EXPERIENCE_SHARED) == [8.0]


def test_a_story_keeps_typed_figures_and_refuses_unknown_or_absurd_ones(bob):
    story = _story(bob, figures={"distance": "5,2", "duration": 31, "place": "  Lyon  "})
    assert story.figures == {"distance": 5.2, "duration": 31.0, "place": "Lyon"}
    for bad in (
        {"speed": 3},
        {"distance": "far"},
        {"distance": -1},
        {"water": float("nan")},
        {"temperature": 1e9},
        {"place": 12},
        {"distance": True},
        ["x"],
    ):
        with pytest.raises(DomainError):
            _story(bob, figures=bad)  # type: ignore[arg-type]


def test_a_story_takes_three_checked_photos_at_most(bob):
    story = _story(bob, photos=[png(), png(), png()])
    assert story.photos.count() == 3
    assert all(not photo.image.name.endswith("photo.png") for photo in story.photos.all())
    with pytest.raises(DomainError):
        _story(bob, photos=[png() for _ in range(4)])
    with pytest.raises(DomainError):
        _story(bob, photos=[fake_png()])


def test_title_and_body_are_required_and_bounded(bob):
    for title, body in (("", "text"), ("x" * 141, "text"), ("Title", ""), ("Title", "x" * 20_001)):
        with pytest.raises(DomainError):
            _story(bob, title=title, body=body)


def test_only_the_author_edits_or_deletes(bob, dan, brand):
    tag = Tag.objects.create(brand=brand, name="Home", slug="home")
    story = _story(bob)
    with pytest.raises(PermissionDenied):
        services.story_edit(member=dan, story=story, title="Hacked", body="Hacked")
    edited = services.story_edit(
        member=bob, story=story, title="New", body="Better", figures={"dose": 16}, tags=[tag]
    )
    assert edited.title == "New" and edited.figures == {"dose": 16.0}
    with pytest.raises(PermissionDenied):
        services.story_delete(member=dan, story=story)
    services.story_delete(member=bob, story=story)
    assert not Story.objects.exists()


def test_tags_of_another_brand_are_refused(bob, other_brand):
    tag = Tag.objects.create(brand=other_brand, name="Space", slug="space")
    with pytest.raises(DomainError):
        _story(bob, tags=[tag])


def test_one_rating_per_member_and_never_ones_own(bob, dan, mona):
    story = _story(bob)
    services.story_rate(member=dan, story=story, stars=4)
    services.story_rate(member=dan, story=story, stars=2)
    services.story_rate(member=mona, story=story, stars=5)
    story.refresh_from_db()
    assert (story.rating_count, story.rating_sum) == (2, 7)
    with pytest.raises(PermissionDenied):
        services.story_rate(member=bob, story=story, stars=5)
    for stars in (0, 6, "3", True, None):
        with pytest.raises(DomainError):
            services.story_rate(member=dan, story=story, stars=stars)  # type: ignore[arg-type]


def test_comments_count_and_are_bounded(bob, dan):
    story = _story(bob)
    services.story_comment(member=dan, story=story, body="Lovely")
    story.refresh_from_db()
    assert story.comment_count == 1
    with pytest.raises(DomainError):
        services.story_comment(member=dan, story=story, body="  ")
    with pytest.raises(DomainError):
        services.story_comment(member=dan, story=story, body="x" * 5001)


def test_outsiders_cannot_act_on_a_brand_story(bob, charlie):
    story = _story(bob)
    with pytest.raises(PermissionDenied):
        services.story_rate(member=charlie, story=story, stars=5)
    with pytest.raises(PermissionDenied):
        services.story_comment(member=charlie, story=story, body="Hi")


# --- Questions and the helpful answer -----------------------------------------------------


def _qa(bob, dan):  # type: ignore[no-untyped-def]
    question = qa_services.question_ask(member=bob, title="Which grind for a moka pot?")
    answer = qa_services.answer_post(member=dan, question=question, body="Fine, not espresso-fine.")
    return question, answer


def test_an_answer_notifies_the_asker_and_counts(bob, dan):
    question, _answer = _qa(bob, dan)
    question.refresh_from_db()
    assert question.answer_count == 1
    note = Notification.objects.get(recipient=bob.user)
    assert note.kind == Notification.Kind.ANSWER_POSTED and note.data["question"] == question.pk


def test_the_asker_marks_a_helpful_answer_which_credits_the_answerer(bob, dan):
    question, answer = _qa(bob, dan)
    qa_services.answer_mark_helpful(actor=bob, answer=answer)
    answer.refresh_from_db()
    question.refresh_from_db()
    assert answer.is_helpful and question.resolved_at is not None
    assert _events(dan, Kind.HELPFUL_ANSWER) == [15.0]
    assert current_score(MemberScore.objects.get(member=dan)) > 14.9
    told = Notification.objects.filter(kind=Notification.Kind.ANSWER_HELPFUL)
    assert [n.recipient_id for n in told] == [dan.user_id]  # the asker acted: not told
    # idempotent
    qa_services.answer_mark_helpful(actor=bob, answer=answer)
    assert _events(dan, Kind.HELPFUL_ANSWER) == [15.0]


def test_moving_the_mark_reverses_the_previous_credit(bob, dan, mona, alice):
    question, first = _qa(bob, dan)
    second = qa_services.answer_post(member=alice, question=question, body="Medium-fine.")
    qa_services.answer_mark_helpful(actor=bob, answer=first)
    qa_services.answer_mark_helpful(actor=mona, answer=second)  # a moderator changes it
    assert list(Answer.objects.filter(is_helpful=True)) == [second]
    assert sorted(_events(dan, Kind.HELPFUL_ANSWER)) == [-15.0, 15.0]
    assert abs(current_score(MemberScore.objects.get(member=dan))) < 1e-6
    assert _events(alice, Kind.HELPFUL_ANSWER) == [15.0]
    actions = list(HelpfulMark.objects.values_list("answer_id", "action"))
    assert actions == [(first.pk, "mark"), (first.pk, "unmark"), (second.pk, "mark")]
    # the asker is told when a moderator chose for them
    assert Notification.objects.filter(
        recipient=bob.user, kind=Notification.Kind.ANSWER_HELPFUL
    ).exists()


def test_moving_a_mark_cancels_that_answers_credit_not_a_later_one_from_the_same_asker(
    bob, dan, alice
):
    old_question, old_answer = _qa(bob, dan)
    qa_services.answer_mark_helpful(actor=bob, answer=old_answer)
    new_question, new_answer = _qa(bob, dan)
    qa_services.answer_mark_helpful(actor=bob, answer=new_answer)
    old_credit = HelpfulMark.objects.get(answer=old_answer).credit
    new_credit = HelpfulMark.objects.get(answer=new_answer).credit
    assert old_credit and new_credit and old_credit != new_credit

    other = qa_services.answer_post(member=alice, question=old_question, body="Coarser.")
    qa_services.answer_mark_helpful(actor=bob, answer=other)

    reversal = EngagementEvent.objects.get(member=dan, reverses__isnull=False)
    assert reversal.reverses_id == old_credit.pk
    assert reversal.occurred_at == old_credit.occurred_at and reversal.weight == -15.0
    assert not EngagementEvent.objects.filter(reverses=new_credit).exists()
    assert new_question.pk != old_question.pk


def test_a_mark_without_its_credit_falls_back_to_the_latest_credit_from_the_asker(bob, dan, alice):
    question, answer = _qa(bob, dan)
    qa_services.answer_mark_helpful(actor=bob, answer=answer)
    HelpfulMark.objects.update(credit=None)  # a mark written before marks kept their credit
    other = qa_services.answer_post(member=alice, question=question, body="Coarser.")
    qa_services.answer_mark_helpful(actor=bob, answer=other)
    assert sorted(_events(dan, Kind.HELPFUL_ANSWER)) == [-15.0, 15.0]
    assert abs(current_score(MemberScore.objects.get(member=dan))) < 1e-6


def test_answering_ones_own_question_earns_nothing(bob):
    question = qa_services.question_ask(member=bob, title="Anyone?")
    answer = qa_services.answer_post(member=bob, question=question, body="I found it myself.")
    qa_services.answer_mark_helpful(actor=bob, answer=answer)
    assert _events(bob, Kind.HELPFUL_ANSWER) == []


def test_only_the_asker_or_a_moderator_marks(bob, dan, alice):
    _question, answer = _qa(bob, dan)
    with pytest.raises(PermissionDenied):
        qa_services.answer_mark_helpful(actor=dan, answer=answer)
    qa_services.answer_mark_helpful(actor=alice, answer=answer)  # an admin is a moderator


def test_an_answer_is_upvoted_once_never_by_its_author(bob, dan):
    _question, answer = _qa(bob, dan)
    qa_services.answer_upvote(member=bob, answer=answer)
    with pytest.raises(Conflict):
        qa_services.answer_upvote(member=bob, answer=answer)
    with pytest.raises(PermissionDenied):
        qa_services.answer_upvote(member=dan, answer=answer)
    answer.refresh_from_db()
    assert answer.upvote_count == 1
    qa_services.answer_unupvote(member=bob, answer=answer)
    qa_services.answer_unupvote(member=bob, answer=answer)
    answer.refresh_from_db()
    assert answer.upvote_count == 0


def test_hidden_questions_take_no_answers(bob, dan, mona):
    question, _answer = _qa(bob, dan)
    services.moderate(actor=mona, target=question, action="hide", reason="Spam")
    question.refresh_from_db()
    with pytest.raises(PermissionDenied):
        qa_services.answer_post(member=dan, question=question, body="More")
    assert Question.objects.get().is_hidden


# --- Follows, reports, moderation ---------------------------------------------------------


def test_follows_are_idempotent_and_stay_in_the_brand(bob, dan, charlie, brand, other_brand):
    services.follow_member(member=bob, followed=dan)
    services.follow_member(member=bob, followed=dan)
    assert bob.following.count() == 1
    with pytest.raises(DomainError):
        services.follow_member(member=bob, followed=bob)
    with pytest.raises(DomainError):
        services.follow_member(member=bob, followed=charlie)
    with pytest.raises(DomainError):
        services.follow_topic(
            member=bob, tag=Tag.objects.create(brand=other_brand, name="X", slug="x")
        )


def test_reports_once_and_moderators_hide_with_a_decision(bob, dan, mona):
    story = _story(bob)
    services.report(member=dan, target=story, reason="spam")
    with pytest.raises(Conflict):
        services.report(member=dan, target=story, reason="spam")
    with pytest.raises(DomainError):
        services.report(member=dan, target=story, reason="nonsense")
    with pytest.raises(PermissionDenied):
        services.moderate(actor=dan, target=story, action="hide", reason="x")
    decision = services.moderate(actor=mona, target=story, action="hide", reason="Spam")
    story.refresh_from_db()
    assert story.is_hidden and decision.story == story and decision.actor == mona.user
    assert not story.communityreport_set.filter(state="open").exists()


def test_the_reversal_cancels_the_credit_for_this_asker_not_another(bob, dan, mona):
    mine = qa_services.question_ask(member=bob, title="Bob asks")
    other = qa_services.question_ask(member=mona, title="Mona asks")
    for_bob = qa_services.answer_post(member=dan, question=mine, body="Dan helps Bob")
    for_mona = qa_services.answer_post(member=dan, question=other, body="Dan helps Mona")
    qa_services.answer_mark_helpful(actor=bob, answer=for_bob)
    qa_services.answer_mark_helpful(actor=mona, answer=for_mona)  # Dan's latest credit
    better = qa_services.answer_post(member=mona, question=mine, body="Mona helps Bob")
    qa_services.answer_mark_helpful(actor=bob, answer=better)
    reversal = EngagementEvent.objects.get(member=dan, weight__lt=0)
    assert reversal.reverses.actor_id == bob.pk  # the credit Bob gave, not Mona's
