"""Thin views for members: profiles and privacy, members-only areas and drops, the leaderboard
of a campaign."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocrea.brands.models import Membership
from cocrea.brands.permissions import brand_view
from cocrea.campaigns.models import Campaign
from cocrea.campaigns.permissions import can_view_campaign
from cocrea.core.errors import DomainError, PermissionDenied
from cocrea.engagement import selectors
from cocrea.engagement.areas import drop_claim
from cocrea.engagement.forms import PrivacyForm
from cocrea.engagement.models import DropClaim, MemberArea, MemberScore
from cocrea.engagement.permissions import area_may_open, may_claim_drop, member_tier
from cocrea.engagement.rewards import privacy_set


@brand_view(None)
def profile_page(request: HttpRequest, member_id: int) -> HttpResponse:
    brand, viewer = request.brand, request.membership  # type: ignore[attr-defined]
    member = get_object_or_404(
        Membership.objects.select_related("user", "brand"), pk=member_id, brand=brand
    )
    shown = selectors.profile(member, viewer)
    context = {"profile": shown, "member": member}
    if shown.is_self:
        score = MemberScore.objects.filter(member=member).first()
        privacy = shown.privacy
        context["privacy_form"] = PrivacyForm(
            initial={
                "show_tier": privacy.show_tier,
                "show_badges": privacy.show_badges,
                "show_contributions": privacy.show_contributions,
                "show_rewards": privacy.show_rewards,
                "show_on_leaderboard": not (score and score.leaderboard_opt_out),
            }
        )
    return render(request, "engagement/profile.html", context)


@require_POST
@brand_view("member")
def privacy_update(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    form = PrivacyForm(request.POST)
    form.is_valid()  # booleans: anything not "on" is False
    data = {name: bool(form.cleaned_data.get(name)) for name in form.fields}
    privacy_set(member=membership, **data)
    messages.success(request, _("Your choices are saved."))
    return redirect("engagement:profile", brand_slug=membership.brand.slug, member_id=membership.pk)


@brand_view("member")
def areas_page(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    context = {"entries": selectors.areas_for(membership), "tier": member_tier(membership)}
    return render(request, "engagement/areas.html", context)


def _area(request: HttpRequest, area_id: int) -> MemberArea:
    return get_object_or_404(
        MemberArea.objects.select_related("min_tier", "brand"),
        pk=area_id,
        brand=request.brand,  # type: ignore[attr-defined]
    )


def _locked(request: HttpRequest, area: MemberArea) -> HttpResponse:
    context = {"area": area, "tier": member_tier(request.membership)}  # type: ignore[attr-defined]
    return render(request, "engagement/area_locked.html", context, status=403)


@brand_view("member")
def area_page(request: HttpRequest, area_id: int) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    area = _area(request, area_id)
    if not area.is_published and not membership.is_staff_role:
        raise Http404
    if not area_may_open(membership, area):
        return _locked(request, area)
    claimed = DropClaim.objects.filter(area=area, member=membership).exists()
    context = {"area": area, "claimed": claimed, "may_claim": may_claim_drop(membership, area)}
    return render(request, "engagement/area.html", context)


@require_POST
@brand_view("member")
def area_claim(request: HttpRequest, area_id: int) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    area = _area(request, area_id)
    if not area.is_published and not membership.is_staff_role:
        raise Http404
    try:
        drop_claim(member=membership, area=area)
    except PermissionDenied:
        return _locked(request, area)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("It is yours! The brand team will be in touch."))
    return redirect("engagement:area", brand_slug=area.brand.slug, area_id=area.pk)


@brand_view("member")
def campaign_leaderboard_page(request: HttpRequest, campaign_slug: str) -> HttpResponse:
    brand, membership = request.brand, request.membership  # type: ignore[attr-defined]
    campaign = get_object_or_404(
        Campaign.objects.select_related("brand"), brand=brand, slug=campaign_slug
    )
    if not can_view_campaign(campaign, membership):
        raise Http404
    rows = selectors.campaign_leaderboard(campaign, now=timezone.now())
    return render(
        request, "engagement/campaign_leaderboard.html", {"campaign": campaign, "rows": rows}
    )
