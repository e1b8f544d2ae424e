from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocrea.brands.permissions import brand_view
from cocrea.core.errors import DomainError
from cocrea.core.ratelimit import hit
from cocrea.ideas.models import Comment, Idea
from cocrea.ideas.permissions import can_view_idea
from cocrea.moderation.forms import DecisionForm, ReportForm
from cocrea.moderation.selectors import (
    audit_entries,
    audit_rows,
    hidden_items,
    open_report_groups,
    queue_entries,
)
from cocrea.moderation.services import moderation_decide, report_submit

QUEUE_PAGE = 20
AUDIT_PAGE = 30


def _idea_url(brand_slug: str, idea: Idea, comment: Comment | None = None) -> str:
    try:
        url = reverse("ideas:detail", args=[brand_slug, idea.pk])
    except NoReverseMatch:  # the idea page is not installed
        return reverse("brands:brand_home", args=[brand_slug])
    return f"{url}#comment-{comment.pk}" if comment is not None else url


def _report(request: HttpRequest, idea: Idea, comment: Comment | None) -> HttpResponse:
    brand, membership = request.brand, request.membership  # type: ignore[attr-defined]
    if not can_view_idea(idea, membership) or (comment is not None and comment.is_hidden):
        raise Http404
    form = ReportForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        try:
            hit("report_submit", f"m{membership.pk}")
            if form.is_valid():
                report_submit(
                    reporter=membership,
                    item=comment if comment is not None else idea,
                    reason=form.cleaned_data["reason"],
                    details=form.cleaned_data["details"],
                )
                messages.success(request, _("Thank you. A moderator will look at it."))
                return redirect(_idea_url(brand.slug, idea, comment))
            status = 400
        except DomainError as error:
            form.add_error(None, str(error.message))
            status = error.status
    context = {"form": form, "idea": idea, "comment": comment, "back": _idea_url(brand.slug, idea)}
    return render(request, "moderation/report.html", context, status=status)


@brand_view("member")
def report_idea(request: HttpRequest, idea_id: int) -> HttpResponse:
    brand = request.brand  # type: ignore[attr-defined]
    idea = get_object_or_404(
        Idea.objects.select_related("campaign__brand"), pk=idea_id, brand=brand
    )
    return _report(request, idea, None)


@brand_view("member")
def report_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    brand = request.brand  # type: ignore[attr-defined]
    comment = get_object_or_404(
        Comment.objects.select_related("idea__campaign__brand"),
        pk=comment_id,
        brand=brand,
        deleted_at=None,
    )
    return _report(request, comment.idea, comment)


@brand_view("moderator")
def queue(request: HttpRequest) -> HttpResponse:
    brand = request.brand  # type: ignore[attr-defined]
    page = Paginator(open_report_groups(brand), QUEUE_PAGE).get_page(request.GET.get("page"))
    hidden_ideas, hidden_comments = hidden_items(brand)
    context = {
        "page": page,
        "entries": queue_entries(brand, list(page.object_list)),
        "hidden_ideas": hidden_ideas,
        "hidden_comments": hidden_comments,
        "reason_max": DecisionForm.base_fields["reason"].max_length,  # type: ignore[attr-defined]
    }
    return render(request, "moderation/queue.html", context)


def _item(brand: Any, target: str, item_id: int) -> Idea | Comment:
    if target == "idea":
        return get_object_or_404(Idea, pk=item_id, brand=brand)
    return get_object_or_404(Comment, pk=item_id, brand=brand)


@brand_view("moderator")
@require_POST
def decide(request: HttpRequest) -> HttpResponse:
    brand, membership = request.brand, request.membership  # type: ignore[attr-defined]
    form = DecisionForm(request.POST)
    if not form.is_valid():
        if form.has_error("reason", "required"):
            messages.error(request, _("Give a reason: it is kept in the audit log."))
        else:
            messages.error(request, _("The decision was not understood. Nothing was changed."))
        return redirect("moderation:queue", brand_slug=brand.slug)
    data = form.cleaned_data
    item = _item(brand, data["target"], data["item_id"])
    try:
        moderation_decide(
            actor_membership=membership, item=item, action=data["action"], reason=data["reason"]
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Done. The decision is recorded in the audit log."))
    return redirect("moderation:queue", brand_slug=brand.slug)


@brand_view("moderator")
def audit(request: HttpRequest) -> HttpResponse:
    brand = request.brand  # type: ignore[attr-defined]
    page = Paginator(audit_rows(brand), AUDIT_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "entries": audit_entries(brand, list(page.object_list))}
    return render(request, "moderation/audit.html", context)
