"""Community's rows of the tenancy table: stories, questions and answers, follows, the feed,
reports and the community moderation queue."""

from __future__ import annotations

from typing import Any

from cocrea.campaigns.models import Tag
from cocrea.community.models import Answer, Question, Story
from tests.tenancy import MEMBER, MODERATOR, PUBLIC, Spec, World


def _story(w: World) -> dict[str, Any]:
    return {"story_id": w.story.pk}


def _g_story(w: World) -> dict[str, Any]:
    return {"story_id": w.g_story.pk}


def _question(w: World) -> dict[str, Any]:
    return {"question_id": w.question.pk}


def _g_question(w: World) -> dict[str, Any]:
    return {"question_id": w.g_question.pk}


def _answer(w: World) -> dict[str, Any]:
    return {"answer_id": w.answer.pk}


def _g_answer(w: World) -> dict[str, Any]:
    return {"answer_id": w.g_answer.pk}


def _target(kind: str, name: str):  # type: ignore[no-untyped-def]
    return lambda w: {"target": kind, "item_id": getattr(w, name).pk}


URLS: dict[str, Spec] = {
    "community:stories": Spec(PUBLIC),
    "community:story_new": Spec(MEMBER, data=lambda w: {"title": "Hacked", "body": "Hacked"}),
    "community:story": Spec(PUBLIC, kwargs=_story, foreign=[_g_story]),
    "community:story_edit": Spec(
        MEMBER,
        kwargs=_story,
        data=lambda w: {"title": "Hacked", "body": "Hacked"},
        foreign=[_g_story],
    ),
    "community:story_delete": Spec(MEMBER, kwargs=_story, foreign=[_g_story]),
    "community:story_comment": Spec(
        MEMBER, kwargs=_story, data=lambda w: {"body": "Hacked"}, foreign=[_g_story]
    ),
    "community:story_rate": Spec(
        MEMBER, kwargs=_story, data=lambda w: {"stars": "1"}, foreign=[_g_story]
    ),
    "community:questions": Spec(PUBLIC),
    "community:question_new": Spec(MEMBER, data=lambda w: {"title": "Hacked?"}),
    "community:question": Spec(PUBLIC, kwargs=_question, foreign=[_g_question]),
    "community:answer_post": Spec(
        MEMBER, kwargs=_question, data=lambda w: {"body": "Hacked"}, foreign=[_g_question]
    ),
    "community:answer_helpful": Spec(MEMBER, kwargs=_answer, foreign=[_g_answer]),
    "community:answer_upvote": Spec(MEMBER, kwargs=_answer, foreign=[_g_answer]),
    "community:answer_unupvote": Spec(MEMBER, kwargs=_answer, foreign=[_g_answer]),
    "community:feed": Spec(MEMBER),
    "community:member_follow": Spec(
        MEMBER,
        kwargs=lambda w: {"membership_id": w.dan.pk},
        foreign=[lambda w: {"membership_id": w.g_member.pk}],
    ),
    "community:member_unfollow": Spec(
        MEMBER,
        kwargs=lambda w: {"membership_id": w.dan.pk},
        foreign=[lambda w: {"membership_id": w.g_member.pk}],
    ),
    "community:topic_follow": Spec(
        MEMBER,
        kwargs=lambda w: {"tag_slug": w.topic.slug},
        foreign=[lambda w: {"tag_slug": w.g_topic.slug}],
    ),
    "community:topic_unfollow": Spec(
        MEMBER,
        kwargs=lambda w: {"tag_slug": w.topic.slug},
        foreign=[lambda w: {"tag_slug": w.g_topic.slug}],
    ),
    "community:report": Spec(
        MEMBER,
        kwargs=_target("story", "story"),
        data=lambda w: {"reason": "spam"},
        foreign=[
            _target("story", "g_story"),
            _target("question", "g_question"),
            _target("answer", "g_answer"),
        ],
    ),
    "community:moderation": Spec(MODERATOR),
    "community:moderate": Spec(
        MODERATOR,
        kwargs=_target("story", "story"),
        data=lambda w: {"action": "hide", "reason": "Hacked"},
        foreign=[
            _target("story", "g_story"),
            _target("question", "g_question"),
            _target("answer", "g_answer"),
        ],
    ),
}


def objects(w: World) -> dict[str, Any]:
    story = Story.objects.create(brand=w.brand, author=w.dan, title="Dan's V60", body="<p>x</p>")
    question = Question.objects.create(brand=w.brand, author=w.dan, title="Dan asks")
    answer = Answer.objects.create(question=question, author=w.mona, body="<p>Mona answers</p>")
    g_story = Story.objects.create(brand=w.other, author=w.g_member, title="Globex story", body="x")
    g_question = Question.objects.create(brand=w.other, author=w.g_member, title="Globex asks")
    g_answer = Answer.objects.create(question=g_question, author=w.g_member, body="<p>g</p>")
    return {
        "story": story,
        "question": question,
        "answer": answer,
        "topic": Tag.objects.get(brand=w.brand, slug="reuse"),
        "g_story": g_story,
        "g_question": g_question,
        "g_answer": g_answer,
        "g_topic": Tag.objects.get(brand=w.other, slug="space"),
    }


MIRROR = {
    "g_story": "story",
    "g_question": "question",
    "g_answer": "answer",
    "g_topic": "topic",
}
