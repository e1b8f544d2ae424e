"""Poll pages (htmx): the community's polls, a poll with its vote form and live results."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocrea.brands.permissions import brand_view
from cocrea.core import ratelimit
from cocrea.core.errors import DomainError
from cocrea.core.forms import form_field
from cocrea.ideas.responses import (
    failed,
    gate_campaign,
    membership_of,
    refuse_visitor,
    wants_fragment,
)
from cocrea.polls import permissions as perms
from cocrea.polls import selectors, services
from cocrea.polls.forms import PollForm
from cocrea.polls.models import Poll


def poll_url(poll: Poll) -> str:
    return reverse("polls:detail", args=[poll.brand.slug, poll.pk])


def card_context(request: HttpRequest, poll: Poll, **extra: Any) -> dict[str, Any]:
    """What ``polls/_poll.html`` needs; shared with the pages that embed polls (spaces)."""
    member = membership_of(request)
    voted = bool(getattr(poll, "has_voted", False))
    is_open = perms.is_open(poll)
    show_results = perms.can_see_results(poll, member, voted=voted)
    return {
        "poll": poll,
        "is_open": is_open,
        "can_vote": perms.can_vote(poll, member) and not voted,
        "can_manage": perms.can_manage_poll(poll, member),
        "results": selectors.poll_results(poll) if show_results else None,
        "mine": selectors.my_choices(poll, member) if voted else set(),
        "vote_url": reverse("polls:vote", args=[poll.brand.slug, poll.pk]),
        "results_url": reverse("polls:results", args=[poll.brand.slug, poll.pk]),
        "close_url": reverse("polls:close", args=[poll.brand.slug, poll.pk]),
    } | extra


def _poll(request: HttpRequest, poll_id: int) -> Poll | HttpResponse:
    """The brand's community or campaign poll the viewer may see, or the refusal."""
    poll = selectors.poll_for_page(request.brand, poll_id, membership_of(request))  # type: ignore[attr-defined]
    if poll.campaign is not None and (refused := gate_campaign(request, poll.campaign)):
        return refused
    return poll


@brand_view()
def poll_list(request: HttpRequest) -> HttpResponse:
    member = membership_of(request)
    polls = selectors.polls_for_list(request.brand, member)  # type: ignore[attr-defined]
    context = {"polls": polls, "can_create": perms.can_create_poll(member)}
    return render(request, "polls/list.html", context)


@brand_view("moderator")
def poll_create(request: HttpRequest) -> HttpResponse:
    brand = request.brand  # type: ignore[attr-defined]
    form = PollForm(request.POST or None, request.FILES or None, brand=brand)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            poll = services.poll_create(
                actor=membership_of(request),  # type: ignore[arg-type]
                question=data["question"],
                kind=data["kind"],
                options=form.options(),
                closes_at=data["closes_at"],
                campaign=data.get("campaign"),
            )
        except DomainError as error:
            form.add_error(form_field(form, (error.field or "").split(".")[0]), str(error.message))
        else:
            messages.success(request, _("Your poll is open."))
            return redirect(poll_url(poll))
    return render(request, "polls/form.html", {"form": form}, status=400 if form.errors else 200)


@brand_view()
def poll_detail(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = _poll(request, poll_id)
    if isinstance(poll, HttpResponse):
        return poll
    return render(request, "polls/detail.html", card_context(request, poll))


@brand_view()
def poll_results(request: HttpRequest, poll_id: int) -> HttpResponse:
    """The card again, for htmx's refresh every few seconds while the poll is open."""
    poll = _poll(request, poll_id)
    if isinstance(poll, HttpResponse):
        return poll
    return render(request, "polls/_poll.html", card_context(request, poll))


@brand_view()
@require_POST
def poll_vote(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = _poll(request, poll_id)
    if isinstance(poll, HttpResponse):
        return poll
    return vote_and_answer(request, poll, poll_url(poll))


def vote_and_answer(request: HttpRequest, poll: Poll, back_url: str, **extra: Any) -> HttpResponse:
    """Cast the posted vote; the card for htmx, else back to the page. Shared with spaces."""
    if refused := refuse_visitor(request):
        return refused
    member = membership_of(request)
    assert member is not None  # refuse_visitor answered everyone without a membership
    try:
        ratelimit.hit("vote_cast", f"m{member.pk}")
        services.poll_vote(
            member=member,
            poll=poll,
            option_ids=request.POST.getlist("option"),
            value=request.POST.get("value"),
        )
    except DomainError as error:
        return failed(request, error, back_url)
    if wants_fragment(request):
        poll.has_voted = True  # type: ignore[attr-defined]
        return render(request, "polls/_poll.html", card_context(request, poll, **extra))
    messages.success(request, _("Thank you: your vote is counted."))
    return redirect(back_url)


@brand_view()
@require_POST
def poll_close(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = _poll(request, poll_id)
    if isinstance(poll, HttpResponse):
        return poll
    if refused := refuse_visitor(request):
        return refused
    if not perms.can_manage_poll(poll, membership_of(request)):
        raise PermissionDenied
    try:
        services.poll_close(actor=membership_of(request), poll=poll)  # type: ignore[arg-type]
    except DomainError as error:
        return failed(request, error, poll_url(poll))
    messages.success(request, _("The poll is closed."))
    return redirect(poll_url(poll))
