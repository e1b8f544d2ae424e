"""Comment pages and actions: post (or reply), edit, delete, up-vote."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocrea.brands.permissions import brand_view
from cocrea.core import ratelimit
from cocrea.core.errors import DomainError, RateLimited
from cocrea.ideas import comment_services, selectors
from cocrea.ideas import permissions as perms
from cocrea.ideas.forms import CommentForm
from cocrea.ideas.models import Comment
from cocrea.ideas.responses import (
    add_form_error,
    closed,
    failed,
    membership_of,
    refuse_visitor,
    saved,
)
from cocrea.ideas.views import idea_url, render_detail


def comment_url(comment: Comment) -> str:
    return f"{idea_url(comment.idea)}#comment-{comment.pk}"


def _comment(request: HttpRequest, comment_id: int) -> Comment:
    """The brand's comment on an idea the viewer may see, or 404."""
    return selectors.comment_for_page(request.brand, comment_id, membership_of(request))  # type: ignore[attr-defined]


def _parent(form: CommentForm, idea_id: int) -> Comment | None:
    parent_id = form.cleaned_data.get("parent")
    if not parent_id:
        return None
    return Comment.objects.filter(pk=parent_id, idea_id=idea_id).first()


@brand_view()
@require_POST
def comment_post(request: HttpRequest, idea_id: int) -> HttpResponse:
    member = membership_of(request)
    idea = selectors.idea_for_page(request.brand, idea_id, member)  # type: ignore[attr-defined]
    if refused := refuse_visitor(request):
        return refused
    form = CommentForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            ratelimit.hit("comment_post", f"m{member.pk}")  # type: ignore[union-attr]
            comment = comment_services.comment_post(
                member=member,  # type: ignore[arg-type]
                idea=idea,
                body=form.cleaned_data["body"],
                parent=_parent(form, idea.pk),
            )
        except RateLimited as error:
            if getattr(request, "htmx", False):
                return failed(request, error, idea_url(idea))
            add_form_error(form, error)
            status = 429
        except DomainError as error:
            add_form_error(form, error)
            status = error.status
        else:
            return saved(request, _("Your comment is published."), comment_url(comment))
    return render_detail(request, idea, status=status, comment_form=form, comment_error=True)


@brand_view()
def comment_edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _comment(request, comment_id)
    if refused := refuse_visitor(request):
        return refused
    member = membership_of(request)
    if not perms.can_edit_comment(comment, member):
        return closed(request, _("This comment can no longer be edited."), comment_url(comment))
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            comment_services.comment_edit(
                member=member,  # type: ignore[arg-type]
                comment=comment,
                body=form.cleaned_data["body"],
            )
        except DomainError as error:
            add_form_error(form, error)
        else:
            return saved(request, _("Your comment is updated."), comment_url(comment))
    context = {"form": form, "comment": comment, "idea": comment.idea}
    return render(request, "ideas/comment_edit.html", context)


def _comment_action(
    request: HttpRequest, comment_id: int, action: Callable[..., object], done: str
) -> HttpResponse:
    comment = _comment(request, comment_id)
    if refused := refuse_visitor(request):
        return refused
    try:
        action(member=membership_of(request), comment=comment)
    except DomainError as error:
        return failed(request, error, comment_url(comment))
    return saved(request, done, comment_url(comment))


@brand_view()
@require_POST
def comment_delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    action = comment_services.comment_delete
    return _comment_action(request, comment_id, action, _("Your comment is deleted."))


@brand_view()
@require_POST
def comment_upvote(request: HttpRequest, comment_id: int) -> HttpResponse:
    action = comment_services.comment_upvote
    return _comment_action(request, comment_id, action, _("Thank you for your up-vote."))


@brand_view()
@require_POST
def comment_unupvote(request: HttpRequest, comment_id: int) -> HttpResponse:
    action = comment_services.comment_unupvote
    return _comment_action(request, comment_id, action, _("Your up-vote is removed."))
