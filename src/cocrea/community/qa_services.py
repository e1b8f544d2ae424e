"""Writes for questions and answers: ask, answer, up-vote, mark the helpful answer.

"Helping other customers" is engagement: the author of the answer the asker (or a moderator)
marks helpful earns ``helpful_answer`` — not for answering one's own question. One helpful
answer per question (a partial unique constraint); marking another one moves the mark, and the
previous answerer's credit is cancelled by a *reversal* row in the ledger (``reverse_event`` of
the credit the mark kept), never by deleting history. Every mark is kept in ``HelpfulMark``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Membership
from cocrea.campaigns.models import Tag
from cocrea.community import permissions as perms
from cocrea.community.insights import feed_voice
from cocrea.community.models import Answer, AnswerVote, HelpfulMark, Question
from cocrea.community.services import clean_body, clean_tags, clean_title, require
from cocrea.core.errors import Conflict, DomainError
from cocrea.engagement.models import Kind
from cocrea.engagement.services import record, reverse_event
from cocrea.notifications.models import Notification
from cocrea.notifications.services import notify

QUESTION_TITLE_MAX = 160


def lock_question(question: Question) -> Question:
    return (
        Question.objects.select_for_update(of=("self",))
        .select_related("brand", "author__user")
        .get(pk=question.pk)
    )


@transaction.atomic
def question_ask(
    *, member: Membership, title: str, body: str = "", tags: Iterable[Tag] = ()
) -> Question:
    require(perms.can_post(member, member.brand_id), _("Join the community to ask a question."))
    title = clean_title(title, limit=QUESTION_TITLE_MAX)
    html, text = clean_body(body, required=False)
    tag_list = clean_tags(member.brand_id, tags)
    question = Question.objects.create(
        brand_id=member.brand_id, author=member, title=title, body=html, body_text=text
    )
    question.tags.set(tag_list)
    feed_voice("question", question.pk)
    return question


@transaction.atomic
def answer_post(*, member: Membership, question: Question, body: str) -> Answer:
    """Answer a question; the asker is told (not when answering oneself)."""
    require(perms.can_answer(question, member), _("You cannot answer this question."))
    html, text = clean_body(body)
    question = lock_question(question)
    answer = Answer.objects.create(question=question, author=member, body=html, body_text=text)
    Question.objects.filter(pk=question.pk).update(answer_count=F("answer_count") + 1)
    notify(
        recipients=[question.author.user],
        brand=question.brand,
        kind=Notification.Kind.ANSWER_POSTED,
        actor=member.user,
        data={"question": question.pk, "title": question.title},
    )
    feed_voice("answer", answer.pk)
    return answer


@transaction.atomic
def answer_upvote(*, member: Membership, answer: Answer) -> AnswerVote:
    require(perms.can_upvote_answer(answer, member), _("You cannot up-vote this answer."))
    lock_question(answer.question)
    try:
        with transaction.atomic():
            vote = AnswerVote.objects.create(answer=answer, member=member)
    except IntegrityError:
        raise Conflict(_("You already up-voted this answer.")) from None
    Answer.objects.filter(pk=answer.pk).update(upvote_count=F("upvote_count") + 1)
    return vote


@transaction.atomic
def answer_unupvote(*, member: Membership, answer: Answer) -> None:
    lock_question(answer.question)
    deleted, _rows = AnswerVote.objects.filter(answer=answer, member=member).delete()
    if deleted:
        Answer.objects.filter(pk=answer.pk).update(upvote_count=F("upvote_count") - 1)


def _credit(question: Question, answer: Answer) -> int | None:
    """Helping *other* customers counts: no credit for answering one's own question. The
    event's ``actor`` is the member who was helped (the asker). Returns the event's id."""
    if answer.author_id == question.author_id:
        return None
    written = record(kind=Kind.HELPFUL_ANSWER, member=answer.author, actor=question.author)
    return written[0] if written else None


def _uncredit(question: Question, answer: Answer) -> None:
    """Cancel the credit the answer's latest mark wrote. Marks made before marks kept their
    credit have none: then the answerer's latest credit from this asker is cancelled."""
    mark = HelpfulMark.objects.filter(answer=answer, action=HelpfulMark.Action.MARK).last()
    if mark is not None and mark.credit_id is not None:
        reverse_event(event_id=mark.credit_id)
    elif answer.author_id != question.author_id:
        record(kind=Kind.HELPFUL_ANSWER, member=answer.author, actor=question.author, undo=True)


@transaction.atomic
def answer_mark_helpful(*, actor: Membership, answer: Answer) -> Answer:
    """The asker or a moderator marks ``answer`` as THE helpful one (idempotent).

    A previous helpful answer loses the mark and its author's credit (a ledger reversal).
    The answerer and the asker are told (never the actor).
    """
    question = lock_question(answer.question)
    require(
        perms.can_mark_helpful(question, actor),
        _("Only the person who asked or a moderator may choose the helpful answer."),
    )
    answer = Answer.objects.select_related("author__user").get(pk=answer.pk)
    if answer.question_id != question.pk or answer.is_hidden:
        raise DomainError(_("This answer cannot be marked helpful."), code="not_found")
    if answer.is_helpful:
        return answer
    previous = (
        Answer.objects.select_related("author").filter(question=question, is_helpful=True).first()
    )
    if previous is not None:
        Answer.objects.filter(pk=previous.pk).update(is_helpful=False)
        HelpfulMark.objects.create(
            question=question, answer=previous, actor=actor, action=HelpfulMark.Action.UNMARK
        )
        _uncredit(question, previous)
    Answer.objects.filter(pk=answer.pk).update(is_helpful=True)
    answer.is_helpful = True
    Question.objects.filter(pk=question.pk).update(resolved_at=timezone.now())
    HelpfulMark.objects.create(
        question=question,
        answer=answer,
        actor=actor,
        action=HelpfulMark.Action.MARK,
        credit_id=_credit(question, answer),
    )
    notify(
        recipients=[answer.author.user, question.author.user],
        brand=question.brand,
        kind=Notification.Kind.ANSWER_HELPFUL,
        actor=actor.user,
        data={
            "question": question.pk,
            "title": question.title,
            "answer": answer.pk,
            "asker": question.author.user_id,
        },
    )
    return answer
