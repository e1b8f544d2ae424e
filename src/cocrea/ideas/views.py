"""Pages of an idea campaign: the list (the campaign page), submit, edit, the idea page,
support votes, ratings and follows. Comments are in ``comment_views``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocrea.brands.permissions import brand_view, is_moderator
from cocrea.campaigns.cache import brand_tags
from cocrea.campaigns.models import Campaign
from cocrea.campaigns.phases import current_phase
from cocrea.core import ratelimit
from cocrea.core.errors import DomainError, RateLimited
from cocrea.ideas import permissions as perms
from cocrea.ideas import selectors, services
from cocrea.ideas.forms import CommentForm, IdeaFilterForm, IdeaForm, RatingForm
from cocrea.ideas.models import Idea
from cocrea.ideas.responses import (
    add_form_error,
    closed,
    failed,
    gate_campaign,
    membership_of,
    refuse_visitor,
    safe_next,
    saved,
    wants_fragment,
)


def idea_url(idea: Idea) -> str:
    return reverse("ideas:detail", args=[idea.brand.slug, idea.pk])


def list_url(campaign: Campaign) -> str:
    return reverse("ideas:list", args=[campaign.brand.slug, campaign.slug])


# --- The campaign page --------------------------------------------------------------------


@brand_view()
def idea_list(request: HttpRequest, campaign_slug: str) -> HttpResponse:
    campaign = selectors.campaign_for_page(request.brand, campaign_slug)  # type: ignore[attr-defined]
    if refused := gate_campaign(request, campaign):
        return refused
    membership = membership_of(request)
    tags = brand_tags(campaign.brand_id)
    form = IdeaFilterForm(request.GET, campaign=campaign, tags=tags)
    filters = form.filters()
    ideas = selectors.ideas_for_campaign(campaign, membership, filters)
    context = {
        "campaign": campaign,
        "phase": current_phase(campaign),
        "filter_form": form,
        "filters": filters,
        "page": selectors.page_of(ideas, form.page_number()),
        "vote_open": perms.may_act(campaign, membership, "vote"),
        "can_submit": perms.can_submit(campaign, membership),
        "offer_join": perms.should_offer_join(request.brand, membership, request.user),  # type: ignore[attr-defined]
        "is_moderator": is_moderator(membership),
    }
    partial = getattr(request, "htmx", False) and request.htmx.target == "idea-results"  # type: ignore[attr-defined]
    template = "ideas/_idea_results.html" if partial else "ideas/idea_list.html"
    return render(request, template, context)


# --- Submit, edit, withdraw ---------------------------------------------------------------


@brand_view()
def idea_submit(request: HttpRequest, campaign_slug: str) -> HttpResponse:
    campaign = selectors.campaign_for_page(request.brand, campaign_slug)  # type: ignore[attr-defined]
    if refused := gate_campaign(request, campaign) or refuse_visitor(request):
        return refused
    member = membership_of(request)
    if not perms.can_submit(campaign, member):
        return closed(request, _("This campaign does not take new ideas now."), list_url(campaign))
    form = IdeaForm(request.POST or None, request.FILES or None, campaign=campaign)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            ratelimit.hit("idea_submit", f"m{member.pk}")  # type: ignore[union-attr]
            idea = services.idea_submit(member=member, campaign=campaign, **form.service_kwargs())  # type: ignore[arg-type]
        except RateLimited as error:
            add_form_error(form, error)
            status = 429
        except DomainError as error:
            add_form_error(form, error)
        else:
            return saved(request, _("Thank you! Your idea is published."), idea_url(idea))
    context = {"form": form, "campaign": campaign, "editing": None}
    return render(request, "ideas/idea_form.html", context, status=status)


def _edit_initial(idea: Idea) -> dict[str, Any]:
    return {
        "title": idea.title,
        "body": services.rich_text_source(idea.body),
        "category": idea.category_id,
        "tags": list(idea.tags.all()),
    }


@brand_view()
def idea_edit(request: HttpRequest, idea_id: int) -> HttpResponse:
    member = membership_of(request)
    idea = selectors.idea_for_page(request.brand, idea_id, member)  # type: ignore[attr-defined]
    if refused := refuse_visitor(request):
        return refused
    assert member is not None  # refuse_visitor answered everyone without a membership
    if not perms.can_edit_idea(idea, member):
        return closed(request, _("This idea can no longer be edited."), idea_url(idea))
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = IdeaForm(*data, campaign=idea.campaign, idea=idea, initial=_edit_initial(idea))
    if request.method == "POST" and form.is_valid():
        removed = [image.pk for image in form.cleaned_data.get("remove_images") or ()]
        try:
            services.idea_edit(
                member=member,
                idea=idea,
                remove_image_ids=removed,
                **form.service_kwargs(),
            )
        except DomainError as error:
            add_form_error(form, error)
        else:
            return saved(request, _("Your idea is updated."), idea_url(idea))
    context = {"form": form, "campaign": idea.campaign, "editing": idea}
    return render(request, "ideas/idea_form.html", context)


@brand_view()
@require_POST
def idea_withdraw(request: HttpRequest, idea_id: int) -> HttpResponse:
    member = membership_of(request)
    idea = selectors.idea_for_page(request.brand, idea_id, member)  # type: ignore[attr-defined]
    if refused := refuse_visitor(request):
        return refused
    try:
        services.idea_withdraw(member=member, idea=idea)  # type: ignore[arg-type]
    except DomainError as error:
        return failed(request, error, idea_url(idea))
    return saved(request, _("Your idea is withdrawn."), list_url(idea.campaign))


# --- The idea page ------------------------------------------------------------------------


def detail_context(request: HttpRequest, idea: Idea) -> dict[str, Any]:
    member = membership_of(request)
    comments = selectors.comments_for_idea(idea, member)
    return {
        "idea": idea,
        "campaign": idea.campaign,
        "answer": selectors.latest_answer(idea),
        "comment_tree": selectors.comment_tree(comments),
        "comment_form": CommentForm(),
        "rating_form": RatingForm(initial={"stars": getattr(idea, "my_rating", None)}),
        "can_vote": perms.can_vote(idea, member),
        "can_rate": perms.can_rate(idea, member),
        "can_comment": perms.can_comment(idea, member),
        "can_edit": perms.can_edit_idea(idea, member),
        "can_withdraw": perms.can_withdraw_idea(idea, member),
        "can_follow": perms.can_follow(idea, member),
        "is_moderator": is_moderator(member),
        "offer_join": perms.should_offer_join(request.brand, member, request.user),  # type: ignore[attr-defined]
        "max_depth": selectors.MAX_COMMENT_DEPTH,
    }


def render_detail(
    request: HttpRequest, idea: Idea, status: int = 200, **extra: Any
) -> HttpResponse:
    context = detail_context(request, idea) | extra
    return render(request, "ideas/idea_detail.html", context, status=status)


def visible_idea(request: HttpRequest, idea_id: int) -> Idea | HttpResponse:
    """The brand's idea if the viewer may see it; login or a join offer for a closed campaign."""
    member, brand = membership_of(request), request.brand  # type: ignore[attr-defined]
    idea = selectors.idea_for_page(brand, idea_id, member, check=False)
    if refused := gate_campaign(request, idea.campaign):
        return refused
    return selectors.check_visible(idea, member)


@brand_view()
def idea_detail(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = visible_idea(request, idea_id)
    if isinstance(idea, HttpResponse):
        return idea
    return render_detail(request, idea)


# --- Support votes, ratings, follows ------------------------------------------------------


def _idea_action(
    request: HttpRequest, idea_id: int, action: Callable[..., object], limit: str | None = None
) -> HttpResponse | Idea:
    """Run ``action(member=..., idea=...)``; the idea (re-read) on success, else a response."""
    member = membership_of(request)
    idea = selectors.idea_for_page(request.brand, idea_id, member)  # type: ignore[attr-defined]
    if refused := refuse_visitor(request):
        return refused
    try:
        if limit:
            ratelimit.hit(limit, f"m{member.pk}")  # type: ignore[union-attr]
        action(member=member, idea=idea)
    except DomainError as error:
        return failed(request, error, idea_url(idea))
    return selectors.idea_for_page(request.brand, idea_id, member)  # type: ignore[attr-defined]


def _support(request: HttpRequest, idea_id: int, voted: bool) -> HttpResponse:
    """Vote (``voted``) or withdraw the vote; the vote box answers from what the service
    returned (the idea is not read again)."""
    member = membership_of(request)
    idea = selectors.idea_for_vote(request.brand, idea_id, member)  # type: ignore[attr-defined]
    if refused := refuse_visitor(request):
        return refused
    assert member is not None  # refuse_visitor answered everyone without a membership
    try:
        ratelimit.hit("vote_cast", f"m{member.pk}")
        if voted:
            services.vote_cast(member=member, idea=idea)
        else:
            services.vote_withdraw(member=member, idea=idea)
    except DomainError as error:
        return failed(request, error, idea_url(idea))
    if wants_fragment(request):
        idea.has_voted = voted  # type: ignore[attr-defined]
        context = {"idea": idea, "vote_open": perms.can_vote(idea, member)}
        return render(request, "ideas/_vote_box.html", context)
    return redirect(safe_next(request, idea_url(idea)))


@brand_view()
@require_POST
def vote(request: HttpRequest, idea_id: int) -> HttpResponse:
    return _support(request, idea_id, voted=True)


@brand_view()
@require_POST
def unvote(request: HttpRequest, idea_id: int) -> HttpResponse:
    return _support(request, idea_id, voted=False)


@brand_view()
@require_POST
def rate(request: HttpRequest, idea_id: int) -> HttpResponse:
    form = RatingForm(request.POST)
    stars = form.cleaned_data["stars"] if form.is_valid() else 0

    def rate_with_stars(*, member: Any, idea: Idea) -> object:
        return services.rating_set(member=member, idea=idea, stars=stars)

    result = _idea_action(request, idea_id, rate_with_stars)
    if isinstance(result, HttpResponse):
        return result
    return saved(request, _("Thank you for your rating."), idea_url(result))


@brand_view()
@require_POST
def follow(request: HttpRequest, idea_id: int) -> HttpResponse:
    result = _idea_action(request, idea_id, services.follow_idea)
    if isinstance(result, HttpResponse):
        return result
    return saved(request, _("You follow this idea."), idea_url(result))


@brand_view()
@require_POST
def unfollow(request: HttpRequest, idea_id: int) -> HttpResponse:
    result = _idea_action(request, idea_id, services.unfollow_idea)
    if isinstance(result, HttpResponse):
        return result
    return saved(request, _("You no longer follow this idea."), idea_url(result))
