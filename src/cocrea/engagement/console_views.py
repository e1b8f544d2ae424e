"""Thin console views: badges, rewards, members-only areas, early access (brand admins), and
the brand's events with their attendance (the brand team)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocrea.brands.permissions import brand_view
from cocrea.core.errors import DomainError
from cocrea.core.forms import form_field
from cocrea.core.texts import texts_of
from cocrea.engagement.areas import area_create, area_delete, area_update, early_access_set
from cocrea.engagement.badges import badge_award, badge_create, badge_delete, badge_update
from cocrea.engagement.events import attendance_record, event_create
from cocrea.engagement.forms import (
    AreaForm,
    AttendanceForm,
    AwardForm,
    BadgeForm,
    EarlyAccessForm,
    EventForm,
    RewardForm,
)
from cocrea.engagement.models import Badge, BrandEvent, EarlyAccess, MemberArea, Reward
from cocrea.engagement.rewards import reward_grant


def _form_error(form: Any, error: DomainError) -> None:
    form.add_error(form_field(form, error.field), str(error.message))


def _badge_values(form: BadgeForm) -> dict[str, Any]:
    data = form.cleaned_data
    kind = data.get("kind") or None
    return {
        "name": data["name"],
        "description": data.get("description", ""),
        "symbol": data.get("symbol") or "★",
        "kind": kind,
        "threshold": (data.get("threshold") or 1) if kind else None,
    }


@brand_view("admin")
def badges_page(request: HttpRequest) -> HttpResponse:
    brand, membership = request.brand, request.membership  # type: ignore[attr-defined]
    form = BadgeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            badge_create(actor=membership, brand=brand, **_badge_values(form))
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The badge is created."))
            return redirect("engagement:badges", brand_slug=brand.slug)
    badges = (
        Badge.objects.filter(brand=brand).select_related("rule").annotate(holders=Count("awards"))
    )
    return render(request, "engagement/console_badges.html", {"form": form, "badges": badges})


@brand_view("admin")
def badge_page(request: HttpRequest, badge_id: int) -> HttpResponse:
    brand, membership = request.brand, request.membership  # type: ignore[attr-defined]
    badge = get_object_or_404(Badge.objects.select_related("brand"), pk=badge_id, brand=brand)
    rule = getattr(badge, "rule", None)
    initial = {
        "name": texts_of(badge, "name"),
        "symbol": badge.symbol,
        "description": texts_of(badge, "description"),
    }
    if rule is not None:
        initial |= {"kind": rule.kind, "threshold": rule.threshold}
    form = BadgeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            badge_update(actor=membership, badge=badge, **_badge_values(form))
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The badge is saved."))
            return redirect("engagement:badges", brand_slug=brand.slug)
    context = {
        "badge": badge,
        "form": form,
        "award_form": AwardForm(brand=brand),
        "awards": badge.awards.select_related("member__user")[:200],
    }
    return render(request, "engagement/console_badge.html", context)


@require_POST
@brand_view("admin")
def badge_award_view(request: HttpRequest, badge_id: int) -> HttpResponse:
    brand, membership = request.brand, request.membership  # type: ignore[attr-defined]
    badge = get_object_or_404(Badge.objects.select_related("brand"), pk=badge_id, brand=brand)
    form = AwardForm(request.POST, brand=brand)
    if not form.is_valid():
        messages.error(request, _("Choose a member of the brand."))
    else:
        try:
            badge_award(
                badge=badge,
                member=form.cleaned_data["member"],
                actor=membership,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The badge is awarded."))
    return redirect("engagement:badge", brand_slug=brand.slug, badge_id=badge.pk)


@require_POST
@brand_view("admin")
def badge_delete_view(request: HttpRequest, badge_id: int) -> HttpResponse:
    brand, membership = request.brand, request.membership  # type: ignore[attr-defined]
    badge = get_object_or_404(Badge.objects.select_related("brand"), pk=badge_id, brand=brand)
    badge_delete(actor=membership, badge=badge)
    messages.success(request, _("The badge is deleted."))
    return redirect("engagement:badges", brand_slug=brand.slug)


@brand_view("admin")
def rewards_page(request: HttpRequest) -> HttpResponse:
    brand, membership = request.brand, request.membership  # type: ignore[attr-defined]
    form = RewardForm(request.POST if request.method == "POST" else None, brand=brand)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reward_grant(
                member=data["member"],
                kind=data["kind"],
                label=data["label"],
                amount=data.get("amount"),
                currency=data.get("currency") or "",
                source=data.get("source") or "",
                actor=membership,
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The reward is recorded and the member told."))
            return redirect("engagement:rewards", brand_slug=brand.slug)
    rewards = Reward.objects.filter(brand=brand).select_related("member__user", "actor__user")
    return render(
        request, "engagement/console_rewards.html", {"form": form, "rewards": rewards[:200]}
    )


def _area_values(form: AreaForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "body": data.get("body", ""),
        "min_tier": data.get("min_tier"),
        "drop_label": data.get("drop_label", ""),
        "stock": data.get("stock"),
        "is_published": bool(data.get("is_published")),
    }


@brand_view("admin")
def console_areas_page(request: HttpRequest) -> HttpResponse:
    brand, membership = request.brand, request.membership  # type: ignore[attr-defined]
    data = request.POST if request.method == "POST" else None
    form = AreaForm(data, brand=brand, initial={"is_published": True})
    if data is not None and form.is_valid():
        try:
            area = area_create(actor=membership, brand=brand, **_area_values(form))
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The members-only area is created."))
            return redirect("engagement:console_area", brand_slug=brand.slug, area_id=area.pk)
    areas = (
        MemberArea.objects.filter(brand=brand)
        .select_related("min_tier")
        .annotate(claimed=Count("claims"))
    )
    return render(request, "engagement/console_areas.html", {"form": form, "areas": areas})


@brand_view("admin")
def console_area_page(request: HttpRequest, area_id: int) -> HttpResponse:
    brand, membership = request.brand, request.membership  # type: ignore[attr-defined]
    area = get_object_or_404(MemberArea.objects.select_related("brand"), pk=area_id, brand=brand)
    initial = {
        "title": texts_of(area, "title"),
        "body": texts_of(area, "body"),
        "min_tier": area.min_tier_id,
        "drop_label": texts_of(area, "drop_label"),
        "stock": area.stock,
        "is_published": area.is_published,
    }
    data = request.POST if request.method == "POST" else None
    form = AreaForm(data, brand=brand, initial=initial)
    if data is not None and form.is_valid():
        try:
            area_update(actor=membership, area=area, **_area_values(form))
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The members-only area is saved."))
            return redirect("engagement:console_area", brand_slug=brand.slug, area_id=area.pk)
    claims = area.claims.select_related("member__user").order_by("-created_at")[:500]
    return render(
        request, "engagement/console_area.html", {"area": area, "form": form, "claims": claims}
    )


@require_POST
@brand_view("admin")
def console_area_delete(request: HttpRequest, area_id: int) -> HttpResponse:
    brand, membership = request.brand, request.membership  # type: ignore[attr-defined]
    area = get_object_or_404(MemberArea.objects.select_related("brand"), pk=area_id, brand=brand)
    area_delete(actor=membership, area=area)
    messages.success(request, _("The members-only area is deleted."))
    return redirect("engagement:console_areas", brand_slug=brand.slug)


@brand_view("admin")
def early_access_page(request: HttpRequest) -> HttpResponse:
    brand, membership = request.brand, request.membership  # type: ignore[attr-defined]
    form = EarlyAccessForm(request.POST if request.method == "POST" else None, brand=brand)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            early_access_set(
                actor=membership, campaign=data["campaign"], tier=data["tier"], days=data["days"]
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Early access is saved."))
            return redirect("engagement:early_access", brand_slug=brand.slug)
    rows = EarlyAccess.objects.filter(brand=brand).select_related("campaign", "tier")
    return render(request, "engagement/console_early_access.html", {"form": form, "rows": rows})


@brand_view("moderator")
def events_page(request: HttpRequest) -> HttpResponse:
    """The brand's events (tastings, workshops, openings), newest first, and a form for one."""
    brand, membership = request.brand, request.membership  # type: ignore[attr-defined]
    form = EventForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            event = event_create(
                actor=membership,
                brand=brand,
                title=data["title"],
                starts_at=data["starts_at"],
                place=data.get("place") or "",
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The event is created: record who came."))
            return redirect("engagement:event", brand_slug=brand.slug, event_id=event.pk)
    events = BrandEvent.objects.filter(brand=brand).annotate(attendees=Count("attendances"))
    return render(request, "engagement/console_events.html", {"form": form, "events": events[:200]})


@brand_view("moderator")
def event_page(request: HttpRequest, event_id: int) -> HttpResponse:
    """One event: who attended, and a form to record more attendees by e-mail."""
    brand, membership = request.brand, request.membership  # type: ignore[attr-defined]
    event = get_object_or_404(BrandEvent, pk=event_id, brand=brand)
    form = AttendanceForm(request.POST if request.method == "POST" else None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = attendance_record(actor=membership, event=event, emails=form.emails_list())
        except DomainError as error:
            _form_error(form, error)
        else:
            if not result.unknown:
                messages.success(request, _("Attendance recorded."))
                return redirect("engagement:event", brand_slug=brand.slug, event_id=event.pk)
    attendances = event.attendances.select_related("member__user").order_by("-created_at")
    context = {"event": event, "form": form, "result": result, "attendances": attendances}
    return render(request, "engagement/console_event.html", context)
