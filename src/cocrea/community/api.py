"""The community in the REST API: stories (rated, discussed) and questions with answers and the
helpful mark, over the community's own selectors, predicates and services."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status

from cocrea.api.auth import brand_context, require_member
from cocrea.api.common import BrandSlug, Id, responses
from cocrea.api.models import Scope
from cocrea.api.pagination import list_page
from cocrea.brands.models import Brand, Membership
from cocrea.brands.permissions import is_moderator
from cocrea.campaigns.models import Tag
from cocrea.community import permissions as perms
from cocrea.community import qa_services, selectors, services
from cocrea.community.models import Answer, Question, Story
from cocrea.community.schemas import (
    AnswerIn,
    AnswerOut,
    QuestionDetailOut,
    QuestionIn,
    QuestionPage,
    QuestionQuery,
    StoryCommentIn,
    StoryCommentOut,
    StoryDetailOut,
    StoryIn,
    StoryPage,
    StoryQuery,
    StoryRatingIn,
    StoryRatingOut,
)
from cocrea.core.errors import DomainError

router = Router(tags=["community"])


def _ref(member: Membership) -> dict[str, Any]:
    return {"id": member.pk, "display_name": member.user.public_name}


def _tags(brand: Brand, slugs: list[str]) -> list[Tag]:
    tags = list(Tag.objects.filter(brand=brand, slug__in=set(slugs)))
    if len(tags) != len(set(slugs)):
        raise DomainError(_("Choose tags of this community."), field="tags")
    return tags


def story_out(story: Story) -> dict[str, Any]:
    average = story.rating_sum / story.rating_count if story.rating_count else None
    return {
        "id": story.pk,
        "title": story.title,
        "body_text": story.body_text,
        "author": _ref(story.author),
        "tags": [t.slug for t in story.tags.all()],
        "figures": story.figures if isinstance(story.figures, dict) else {},
        "comment_count": story.comment_count,
        "rating_count": story.rating_count,
        "rating_average": average,
        "is_hidden": story.is_hidden,
        "created_at": story.created_at,
        "updated_at": story.updated_at,
    }


def story_detail_out(story: Story) -> dict[str, Any]:
    comments = [
        {"id": c.pk, "author": _ref(c.author), "body": c.body, "created_at": c.created_at}
        for c in story.comments.all()
    ]
    return story_out(story) | {
        "body": story.body,
        "photo_urls": [p.image.url for p in story.photos.all()],
        "my_stars": getattr(story, "my_stars", None),
        "comments": comments,
    }


@router.get("/{brand}/stories", response=responses(StoryPage), operation_id="stories_list")
def stories_list(
    request: HttpRequest, brand: BrandSlug, query: Query[StoryQuery]
) -> dict[str, Any]:
    context = brand_context(request, brand)
    stories = selectors.stories_for_list(
        context.brand, context.membership, sort=query.sort, tag=query.tag or ""
    )
    ordering = selectors.STORY_SORTS[query.sort]
    tag = f"stories:{query.sort}"
    return list_page(stories, ordering, query, tag=tag, out=story_out, since_field="updated_at")


@router.post(
    "/{brand}/stories", response=responses(StoryDetailOut, 201), operation_id="stories_create"
)
def stories_create(request: HttpRequest, brand: BrandSlug, data: StoryIn) -> Status[dict[str, Any]]:
    """Share a story (photos are added on the site); the author earns ``experience_shared``."""
    context = brand_context(request, brand, Scope.WRITE)
    member = require_member(context)
    story = services.story_post(
        member=member,
        title=data.title,
        body=data.body,
        figures=data.figures,
        tags=_tags(context.brand, data.tags),
    )
    return Status(201, story_detail_out(selectors.story_for_page(context.brand, story.pk, member)))


@router.get(
    "/{brand}/stories/{story_id}", response=responses(StoryDetailOut), operation_id="stories_get"
)
def stories_get(request: HttpRequest, brand: BrandSlug, story_id: Id) -> dict[str, Any]:
    context = brand_context(request, brand)
    return story_detail_out(selectors.story_for_page(context.brand, story_id, context.membership))


@router.post(
    "/{brand}/stories/{story_id}/comments",
    response=responses(StoryCommentOut, 201),
    operation_id="stories_comment",
)
def stories_comment(
    request: HttpRequest, brand: BrandSlug, story_id: Id, data: StoryCommentIn
) -> Status[dict[str, Any]]:
    context = brand_context(request, brand, Scope.WRITE)
    member = require_member(context)
    story = selectors.story_for_page(context.brand, story_id, member)
    comment = services.story_comment(member=member, story=story, body=data.body)
    out = {"id": comment.pk, "author": _ref(member), "body": comment.body}
    return Status(201, out | {"created_at": comment.created_at})


@router.put(
    "/{brand}/stories/{story_id}/rating",
    response=responses(StoryRatingOut),
    operation_id="stories_rate",
)
def stories_rate(
    request: HttpRequest, brand: BrandSlug, story_id: Id, data: StoryRatingIn
) -> dict[str, Any]:
    context = brand_context(request, brand, Scope.WRITE)
    member = require_member(context)
    story = selectors.story_for_page(context.brand, story_id, member)
    services.story_rate(member=member, story=story, stars=data.stars)
    story.refresh_from_db(fields=["rating_count", "rating_sum"])
    average = story.rating_sum / story.rating_count if story.rating_count else None
    return {
        "story_id": story.pk,
        "stars": data.stars,
        "rating_count": story.rating_count,
        "rating_average": average,
    }


def question_out(question: Question) -> dict[str, Any]:
    return {
        "id": question.pk,
        "title": question.title,
        "body_text": question.body_text,
        "author": _ref(question.author),
        "tags": [t.slug for t in question.tags.all()],
        "answer_count": question.answer_count,
        "resolved_at": question.resolved_at,
        "is_hidden": question.is_hidden,
        "created_at": question.created_at,
    }


def answer_out(answer: Answer) -> dict[str, Any]:
    return {
        "id": answer.pk,
        "question_id": answer.question_id,
        "author": _ref(answer.author),
        "body": answer.body,
        "upvote_count": answer.upvote_count,
        "has_upvoted": bool(getattr(answer, "has_upvoted", False)),
        "is_helpful": answer.is_helpful,
        "is_hidden": answer.is_hidden,
        "created_at": answer.created_at,
    }


def _question_detail(brand: Brand, question_id: int, member: Membership | None) -> dict[str, Any]:
    question = selectors.question_for_page(brand, question_id, member)
    answers = [answer_out(a) for a in question.answer_list]  # type: ignore[attr-defined]
    return question_out(question) | {"body": question.body, "answers": answers}


@router.get("/{brand}/questions", response=responses(QuestionPage), operation_id="questions_list")
def questions_list(
    request: HttpRequest, brand: BrandSlug, query: Query[QuestionQuery]
) -> dict[str, Any]:
    context = brand_context(request, brand)
    questions = selectors.questions_for_list(
        context.brand, context.membership, state=query.state or "", tag=query.tag or ""
    )
    ordering = ("-created_at", "-id")
    return list_page(
        questions, ordering, query, tag="questions", out=question_out, since_field="created_at"
    )


@router.post(
    "/{brand}/questions", response=responses(QuestionDetailOut, 201), operation_id="questions_ask"
)
def questions_ask(
    request: HttpRequest, brand: BrandSlug, data: QuestionIn
) -> Status[dict[str, Any]]:
    context = brand_context(request, brand, Scope.WRITE)
    member = require_member(context)
    question = qa_services.question_ask(
        member=member, title=data.title, body=data.body, tags=_tags(context.brand, data.tags)
    )
    return Status(201, _question_detail(context.brand, question.pk, member))


@router.get(
    "/{brand}/questions/{question_id}",
    response=responses(QuestionDetailOut),
    operation_id="questions_get",
)
def questions_get(request: HttpRequest, brand: BrandSlug, question_id: Id) -> dict[str, Any]:
    context = brand_context(request, brand)
    return _question_detail(context.brand, question_id, context.membership)


@router.post(
    "/{brand}/questions/{question_id}/answers",
    response=responses(AnswerOut, 201),
    operation_id="answers_post",
)
def answers_post(
    request: HttpRequest, brand: BrandSlug, question_id: Id, data: AnswerIn
) -> Status[dict[str, Any]]:
    """Answer a question; the asker is told."""
    context = brand_context(request, brand, Scope.WRITE)
    member = require_member(context)
    question = selectors.question_for_page(context.brand, question_id, member)
    answer = qa_services.answer_post(member=member, question=question, body=data.body)
    return Status(201, answer_out(answer))


def _answer(request: HttpRequest, brand: str, answer_id: int) -> tuple[Answer, Membership]:
    """The brand's answer the caller may see, or 404."""
    context = brand_context(request, brand, Scope.WRITE)
    member = require_member(context)
    answer = selectors.answer_in_brand(context.brand, answer_id)
    hidden = answer.is_hidden and not (is_moderator(member) or answer.author_id == member.pk)
    if hidden or not perms.can_view_question(answer.question, member):
        raise Http404
    return answer, member


@router.post(
    "/{brand}/answers/{answer_id}/helpful",
    response=responses(AnswerOut),
    operation_id="answers_mark_helpful",
)
def answers_mark_helpful(request: HttpRequest, brand: BrandSlug, answer_id: Id) -> dict[str, Any]:
    """The asker (or the brand team) marks the helpful answer; its author earns the credit."""
    answer, member = _answer(request, brand, answer_id)
    return answer_out(qa_services.answer_mark_helpful(actor=member, answer=answer))


@router.post(
    "/{brand}/answers/{answer_id}/upvote",
    response=responses(None, 204),
    operation_id="answers_upvote",
)
def answers_upvote(request: HttpRequest, brand: BrandSlug, answer_id: Id) -> HttpResponse:
    answer, member = _answer(request, brand, answer_id)
    qa_services.answer_upvote(member=member, answer=answer)
    return HttpResponse(status=204)


@router.delete(
    "/{brand}/answers/{answer_id}/upvote",
    response=responses(None, 204),
    operation_id="answers_unupvote",
)
def answers_unupvote(request: HttpRequest, brand: BrandSlug, answer_id: Id) -> HttpResponse:
    answer, member = _answer(request, brand, answer_id)
    qa_services.answer_unupvote(member=member, answer=answer)
    return HttpResponse(status=204)
