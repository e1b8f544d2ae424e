"""Stories, questions and answers feed the insight engine's voice stream (after commit).

One place maps a community row to a voice, so the services only say "this changed" or "this is
gone". A hidden row is forgotten; restored, it is sent again.
"""

from __future__ import annotations

from django.urls import reverse

from cocrea.community.models import Answer, Question, Story
from cocrea.insights.stream import schedule_voice, voice_forget

SOURCES = {
    "story": "community.story",
    "question": "community.question",
    "answer": "community.answer",
}


def _story(story: Story) -> None:
    schedule_voice(
        brand=story.brand,
        channel="story",
        source=SOURCES["story"],
        external_id=story.pk,
        title=story.title,
        text=story.body_text,
        author=story.author,
        created_at=story.created_at,
        url=reverse("community:story", args=[story.brand.slug, story.pk]),
    )


def _question(question: Question) -> None:
    schedule_voice(
        brand=question.brand,
        channel="question",
        source=SOURCES["question"],
        external_id=question.pk,
        title=question.title,
        text=f"{question.title}\n{question.body_text}".strip(),
        author=question.author,
        created_at=question.created_at,
        url=reverse("community:question", args=[question.brand.slug, question.pk]),
    )


def _answer(answer: Answer) -> None:
    question = answer.question
    schedule_voice(
        brand=question.brand,
        channel="answer",
        source=SOURCES["answer"],
        external_id=answer.pk,
        title=question.title,
        text=answer.body_text,
        author=answer.author,
        created_at=answer.created_at,
        url=reverse("community:question", args=[question.brand.slug, question.pk])
        + f"#answer-{answer.pk}",
    )


def feed_voice(kind: str, pk: int) -> None:
    """Send (or refresh) the voice of a story, question or answer; call inside the transaction."""
    if kind == "story":
        story = Story.objects.select_related("brand", "author").filter(pk=pk).first()
        if story is not None:
            _story(story) if not story.is_hidden else forget_voice(kind, pk)
    elif kind == "question":
        question = Question.objects.select_related("brand", "author").filter(pk=pk).first()
        if question is not None:
            _question(question) if not question.is_hidden else forget_voice(kind, pk)
    elif kind == "answer":
        answer = Answer.objects.select_related("question__brand", "author").filter(pk=pk).first()
        if answer is not None:
            _answer(answer) if not answer.is_hidden else forget_voice(kind, pk)
    else:
        raise ValueError(f"unknown community kind {kind!r}")


def forget_voice(kind: str, pk: int) -> None:
    voice_forget(source=SOURCES[kind], external_id=pk)
