"""Threaded comments in the REST API, over ``comment_services`` (as ``comment_views``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from cocrea.api.auth import brand_context, require_member
from cocrea.api.common import BrandSlug, Id, responses
from cocrea.api.models import Scope
from cocrea.api.pagination import list_page
from cocrea.brands.models import Membership
from cocrea.brands.permissions import is_moderator
from cocrea.core import ratelimit
from cocrea.ideas import comment_services, selectors
from cocrea.ideas.models import Comment
from cocrea.ideas.schemas import CommentIn, CommentOut, CommentPage, CommentPatch, CommentQuery

router = Router(tags=["comments"])


def comment_out(comment: Comment, viewer: Membership | None) -> dict[str, Any]:
    withheld = comment.deleted_at is not None or (comment.is_hidden and not is_moderator(viewer))
    return {
        "id": comment.pk,
        "idea_id": comment.idea_id,
        "parent_id": comment.parent_id,
        "author": {"id": comment.author_id, "display_name": comment.author.user.public_name},
        "body": "" if withheld else comment.body,
        "is_official": comment.is_official,
        "is_hidden": comment.is_hidden,
        "is_deleted": comment.deleted_at is not None,
        "upvote_count": comment.upvote_count,
        "has_upvoted": bool(getattr(comment, "has_upvoted", False)),
        "created_at": comment.created_at,
        "edited_at": comment.edited_at,
    }


@router.get(
    "/{brand}/ideas/{idea_id}/comments",
    response=responses(CommentPage),
    operation_id="comments_list",
)
def comments_list(
    request: HttpRequest, brand: BrandSlug, idea_id: Id, query: Query[CommentQuery]
) -> dict[str, Any]:
    """The idea's comments, oldest first; rebuild the threads with ``parent_id``."""
    context = brand_context(request, brand)
    idea = selectors.idea_for_page(context.brand, idea_id, context.membership)
    comments = selectors.comments_of_idea(idea, context.membership)
    return list_page(
        comments,
        ("created_at", "id"),
        query,
        tag="comments",
        out=lambda comment: comment_out(comment, context.membership),
        since_field="created_at",
    )


@router.post(
    "/{brand}/ideas/{idea_id}/comments",
    response=responses(CommentOut, 201),
    operation_id="comments_create",
)
def comments_create(
    request: HttpRequest, brand: BrandSlug, idea_id: Id, data: CommentIn
) -> Status[dict[str, Any]]:
    """Comment, or reply with ``parent_id``; the commenter then follows the idea."""
    context = brand_context(request, brand, Scope.WRITE)
    member = require_member(context)
    idea = selectors.idea_for_page(context.brand, idea_id, member)
    parent = None
    if data.parent_id is not None:
        parent = selectors.comment_for_page(context.brand, data.parent_id, member)
    ratelimit.hit("comment_post", f"m{member.pk}")
    comment = comment_services.comment_post(member=member, idea=idea, body=data.body, parent=parent)
    comment.has_upvoted = False  # type: ignore[attr-defined]
    return Status(201, comment_out(comment, member))


def _own_comment(request: HttpRequest, brand: str, comment_id: int) -> tuple[Comment, Membership]:
    context = brand_context(request, brand, Scope.WRITE)
    member = require_member(context)
    return selectors.comment_for_page(context.brand, comment_id, member), member


@router.patch(
    "/{brand}/comments/{comment_id}", response=responses(CommentOut), operation_id="comments_update"
)
def comments_update(
    request: HttpRequest, brand: BrandSlug, comment_id: Id, data: CommentPatch
) -> dict[str, Any]:
    comment, member = _own_comment(request, brand, comment_id)
    comment = comment_services.comment_edit(member=member, comment=comment, body=data.body)
    return comment_out(comment, member)


@router.delete(
    "/{brand}/comments/{comment_id}", response=responses(None, 204), operation_id="comments_delete"
)
def comments_delete(request: HttpRequest, brand: BrandSlug, comment_id: Id) -> HttpResponse:
    """Blank one's comment; its replies stay in the thread."""
    comment, member = _own_comment(request, brand, comment_id)
    comment_services.comment_delete(member=member, comment=comment)
    return HttpResponse(status=204)


@router.post(
    "/{brand}/comments/{comment_id}/upvote",
    response=responses(CommentOut, 201),
    operation_id="comments_upvote",
)
def comments_upvote(
    request: HttpRequest, brand: BrandSlug, comment_id: Id
) -> Status[dict[str, Any]]:
    comment, member = _own_comment(request, brand, comment_id)
    comment_services.comment_upvote(member=member, comment=comment)
    comment.refresh_from_db(fields=["upvote_count"])
    comment.has_upvoted = True  # type: ignore[attr-defined]
    return Status(201, comment_out(comment, member))


@router.delete(
    "/{brand}/comments/{comment_id}/upvote",
    response=responses(None, 204),
    operation_id="comments_unupvote",
)
def comments_unupvote(request: HttpRequest, brand: BrandSlug, comment_id: Id) -> HttpResponse:
    comment, member = _own_comment(request, brand, comment_id)
    comment_services.comment_unupvote(member=member, comment=comment)
    return HttpResponse(status=204)
