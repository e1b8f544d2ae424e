"""Thin views for invitation links and tracked share links."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocrea.brands.permissions import brand_view
from cocrea.campaigns.models import Campaign
from cocrea.campaigns.permissions import can_view_campaign
from cocrea.core.errors import DomainError
from cocrea.engagement.models import Referral, ReferralLink, ShareLink, ShareOpen
from cocrea.engagement.referrals import (
    referral_join,
    referral_link_for,
    referral_opened,
    share_link_for,
    share_opened,
    visitor_key,
)
from cocrea.ideas.models import Idea
from cocrea.ideas.permissions import can_view_idea


@brand_view("member")
def invite_page(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    link = referral_link_for(member=membership)
    shares = (
        ShareLink.objects.filter(member=membership)
        .select_related("idea", "campaign")
        .order_by("-created_at")[:50]
    )
    context = {
        "link": link,
        "link_url": request.build_absolute_uri(_referral_path(link)),
        "brought": Referral.objects.filter(referrer=membership).count(),
        "shares": [(share, request.build_absolute_uri(_share_path(share))) for share in shares],
        "opens": ShareOpen.objects.filter(sharer=membership, credited=True).count(),
        "campaigns": [
            campaign
            for campaign in Campaign.objects.filter(brand=membership.brand).select_related("brand")
            if can_view_campaign(campaign, membership)
        ],
        "my_ideas": Idea.objects.filter(
            author=membership, withdrawn_at__isnull=True, is_hidden=False
        ).order_by("-created_at")[:20],
    }
    return render(request, "engagement/invite.html", context)


def _referral_path(link: ReferralLink) -> str:
    return reverse("engagement:referral", args=[link.brand.slug, link.code])


def _share_path(share: ShareLink) -> str:
    return reverse("engagement:share", args=[share.brand.slug, share.code])


def _target(request: HttpRequest) -> tuple[Idea | None, Campaign | None]:
    brand, membership = request.brand, request.membership  # type: ignore[attr-defined]
    idea_id, campaign_id = request.POST.get("idea", ""), request.POST.get("campaign", "")
    if idea_id.isdigit() and len(idea_id) < 12:
        idea = get_object_or_404(
            Idea.objects.select_related("campaign__brand"), pk=idea_id, brand=brand
        )
        if not can_view_idea(idea, membership):
            raise Http404
        return idea, None
    if campaign_id.isdigit() and len(campaign_id) < 12:
        campaign = get_object_or_404(
            Campaign.objects.select_related("brand"), pk=campaign_id, brand=brand
        )
        if not can_view_campaign(campaign, membership):
            raise Http404
        return None, campaign
    return None, None


@require_POST
@brand_view("member")
def share_create(request: HttpRequest) -> HttpResponse:
    """Make (or find) the member's tracked link to an idea or a campaign: JSON ``{"url"}`` for
    scripts, else back to the invitation page."""
    membership = request.membership  # type: ignore[attr-defined]
    idea, campaign = _target(request)
    try:
        share = share_link_for(member=membership, idea=idea, campaign=campaign)
    except DomainError as error:
        return JsonResponse({"detail": str(error.message), "code": error.code}, status=400)
    url = request.build_absolute_uri(_share_path(share))
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"url": url})
    messages.success(request, _("Your link is ready: %(url)s") % {"url": url})
    return redirect("engagement:invite", brand_slug=membership.brand.slug)


def _visitor(request: HttpRequest) -> str:
    """The visitor's key; an anonymous visitor gets a session, so that opening twice counts
    once."""
    if not request.user.is_authenticated and request.session.session_key is None:
        request.session.save()
    return visitor_key(user=request.user, session_key=request.session.session_key)


@brand_view(None)
def referral_page(request: HttpRequest, code: str) -> HttpResponse:
    """The landing page of an invitation link: who invites, and a button to join."""
    brand, membership = request.brand, request.membership  # type: ignore[attr-defined]
    link = get_object_or_404(
        ReferralLink.objects.select_related("member__user", "brand"), code=code, brand=brand
    )
    if membership is None or membership.pk != link.member_id:
        referral_opened(link=link, visitor=_visitor(request))
    context = {"link": link, "inviter": link.member.user, "is_member": membership is not None}
    return render(request, "engagement/referral.html", context)


@require_POST
@login_required
@brand_view(None)
def referral_join_view(request: HttpRequest, code: str) -> HttpResponse:
    brand = request.brand  # type: ignore[attr-defined]
    link = get_object_or_404(ReferralLink.objects.select_related("member"), code=code, brand=brand)
    try:
        referral_join(link=link, user=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("engagement:referral", brand_slug=brand.slug, code=code)
    messages.success(request, _("Welcome to the %(brand)s community!") % {"brand": brand.name})
    return redirect("brands:brand_home", brand_slug=brand.slug)


@brand_view(None)
def share_open(request: HttpRequest, code: str) -> HttpResponse:
    """Credit the sharer once per distinct visitor, then go to the idea or the campaign."""
    brand, membership = request.brand, request.membership  # type: ignore[attr-defined]
    share = get_object_or_404(
        ShareLink.objects.select_related("idea__campaign__brand", "campaign__brand", "member"),
        code=code,
        brand=brand,
    )
    if share.idea is not None:
        visible = can_view_idea(share.idea, membership)
        target = reverse("ideas:detail", args=[brand.slug, share.idea_id])
    else:
        visible = can_view_campaign(share.campaign, membership)  # type: ignore[arg-type]
        target = reverse("ideas:list", args=[brand.slug, share.campaign.slug])  # type: ignore[union-attr]
    if visible and request.method == "GET":
        share_opened(link=share, visitor=_visitor(request), visitor_member=membership)
    return redirect(target)
