"""The brand console: campaigns, their phases and invitations. Thin views over services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from cocrea.brands.permissions import brand_view, is_admin
from cocrea.campaigns import selectors, services
from cocrea.campaigns.forms import (
    CampaignForm,
    CategoryRows,
    InvitationForm,
    PhaseOpenForm,
    TagRows,
)
from cocrea.campaigns.models import Campaign, Phase, Tag, phase_label
from cocrea.campaigns.phases import allowed_actions, current_phase
from cocrea.core.errors import DomainError, NotFound
from cocrea.core.forms import form_field
from cocrea.core.rows import NameRows, initial_rows

ACTION_LABELS = {
    "submit": gettext_lazy("submit ideas"),
    "edit": gettext_lazy("edit their ideas"),
    "withdraw": gettext_lazy("withdraw their ideas"),
    "comment": pgettext_lazy("what members may do", "comment"),
    "vote": gettext_lazy("vote"),
    "rate": gettext_lazy("rate ideas"),
}


def _form_error(form: forms.Form, error: DomainError, field_map: dict[str, str]) -> None:
    field = field_map.get(error.field or "", error.field)
    form.add_error(form_field(form, field), str(error.message))


def _campaign_url(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    return redirect("campaigns:detail", brand_slug=request.brand.slug, campaign_id=campaign.pk)  # type: ignore[attr-defined]


@brand_view("moderator")
def console(request: HttpRequest) -> HttpResponse:
    """The console's home: what needs attention, then the brand's campaigns."""
    from cocrea.ideas.triage import WAITING_DAYS, attention_counts
    from cocrea.moderation.selectors import open_report_groups

    brand = request.brand  # type: ignore[attr-defined]
    attention = {
        **attention_counts(brand),
        "reports": open_report_groups(brand).count(),
        "waiting_days": WAITING_DAYS,
    }
    campaigns = list(selectors.campaigns_for_console(brand))
    return render(
        request, "campaigns/console.html", {"campaigns": campaigns, "attention": attention}
    )


def _form_kwargs(form: CampaignForm, rows: dict[str, NameRows]) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "slug": data["slug"],
        "objective": data["objective"],
        "description": data["description"],
        "cover": data.get("cover"),
        "visibility": data["visibility"],
        "allow_rating": data["allow_rating"],
        "categories": rows["categories"].rows(),
        "tag_rows": rows["tags"].rows(),
        "phases": data["phases"],
    }


def _phase_field_map(form: CampaignForm) -> dict[str, str]:
    return {kind: form.field_for_phase(kind) for kind in services.PHASE_ORDER}


def _rows(request: HttpRequest, campaign: Campaign | None) -> dict[str, NameRows]:
    """The categories (the campaign's) and the tags (the brand's), edited as rows."""
    data = request.POST if request.method == "POST" else None
    categories = campaign.categories.order_by("pk") if campaign else []
    tags = Tag.objects.filter(brand=request.brand).order_by("pk")  # type: ignore[attr-defined]
    return {
        "categories": CategoryRows(data, prefix="categories", initial=initial_rows(categories)),
        "tags": TagRows(data, prefix="tags", initial=initial_rows(tags)),
    }


def _valid(form: CampaignForm, rows: dict[str, NameRows]) -> bool:
    valid = [form.is_valid(), *(formset.is_valid() for formset in rows.values())]
    return all(valid)


def _rows_error(form: CampaignForm, rows: dict[str, NameRows], error: DomainError) -> None:
    if error.field in rows:
        rows[error.field].non_form_errors().append(str(error.message))
    else:
        _form_error(form, error, _phase_field_map(form))


@brand_view("admin")
def create(request: HttpRequest) -> HttpResponse:
    brand = request.brand  # type: ignore[attr-defined]
    form = CampaignForm(request.POST or None, request.FILES or None)
    rows = _rows(request, None)
    if request.method == "POST" and _valid(form, rows):
        try:
            campaign = services.campaign_create(
                actor=request.membership,  # type: ignore[attr-defined]
                brand=brand,
                **_form_kwargs(form, rows),
            )
        except DomainError as error:
            _rows_error(form, rows, error)
        else:
            messages.success(request, _("The campaign is created."))
            return _campaign_url(request, campaign)
    context = {"form": form, "rows": rows, "campaign": None}
    return render(request, "campaigns/campaign_form.html", context)


def _initial(campaign: Campaign) -> dict[str, Any]:
    return {**CampaignForm.campaign_initial(campaign), "allow_rating": campaign.allow_rating}


@brand_view("admin")
def edit(request: HttpRequest, campaign_id: int) -> HttpResponse:
    brand = request.brand  # type: ignore[attr-defined]
    campaign = selectors.campaign_for_console(brand, campaign_id)
    form = CampaignForm(request.POST or None, request.FILES or None, initial=_initial(campaign))
    rows = _rows(request, campaign)
    if request.method == "POST" and _valid(form, rows):
        try:
            services.campaign_update(
                actor=request.membership,  # type: ignore[attr-defined]
                campaign=campaign,
                remove_cover=form.cleaned_data["remove_cover"],
                **_form_kwargs(form, rows),
            )
        except DomainError as error:
            _rows_error(form, rows, error)
        else:
            messages.success(request, _("The campaign is saved."))
            return _campaign_url(request, campaign)
    context = {"form": form, "rows": rows, "campaign": campaign}
    return render(request, "campaigns/campaign_form.html", context)


def _timeline(campaign: Campaign) -> list[dict[str, Any]]:
    current = current_phase(campaign)
    by_kind = {p.kind: p for p in campaign.phases.all()}
    return [
        {
            "kind": kind.value,
            "label": phase_label(campaign.kind, kind.value),
            "phase": by_kind.get(kind.value),
            "is_current": current is not None and current.kind == kind.value,
        }
        for kind in Phase.Kind
    ]


@brand_view("moderator")
def detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = selectors.campaign_for_console(request.brand, campaign_id)  # type: ignore[attr-defined]
    next_kind = services.next_phase_kind(campaign)
    context = {
        "campaign": campaign,
        "timeline": _timeline(campaign),
        "current": current_phase(campaign),
        "actions": [ACTION_LABELS[a] for a in ACTION_LABELS if a in allowed_actions(campaign)],
        "next_label": phase_label(campaign.kind, next_kind) if next_kind else None,
        "invitations": list(selectors.invitations_for(campaign)),
        "invitation_form": InvitationForm(),
        "changes": selectors.phase_changes_for(campaign),
        "can_manage": is_admin(request.membership),  # type: ignore[attr-defined]
        "now": timezone.now(),
    }
    return render(request, "campaigns/campaign_detail.html", context)


def _move_phase(
    request: HttpRequest, campaign: Campaign, move: Callable[[], Phase]
) -> HttpResponse:
    """Run a phase move and say how it went, then back to the campaign's console page."""
    try:
        phase = move()
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The %(phase)s phase is open.") % {"phase": phase.label})
    return _campaign_url(request, campaign)


@require_POST
@brand_view("admin")
def advance(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = selectors.campaign_for_console(request.brand, campaign_id)  # type: ignore[attr-defined]
    actor = request.membership  # type: ignore[attr-defined]
    return _move_phase(
        request, campaign, lambda: services.phase_advance(actor=actor, campaign=campaign)
    )


@require_POST
@brand_view("admin")
def open_phase(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = selectors.campaign_for_console(request.brand, campaign_id)  # type: ignore[attr-defined]
    form = PhaseOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a phase to open."))
        return _campaign_url(request, campaign)
    actor, kind = request.membership, form.cleaned_data["kind"]  # type: ignore[attr-defined]
    return _move_phase(
        request,
        campaign,
        lambda: services.phase_open(actor=actor, campaign=campaign, kind=kind),
    )


@require_POST
@brand_view("admin")
def invite(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = selectors.campaign_for_console(request.brand, campaign_id)  # type: ignore[attr-defined]
    form = InvitationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid e-mail address."))
        return _campaign_url(request, campaign)
    try:
        invitation = services.invitation_add(
            actor=request.membership,  # type: ignore[attr-defined]
            campaign=campaign,
            email=form.cleaned_data["email"],
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("%(name)s is invited.") % {"name": invitation.member.user.public_name},
        )
    return _campaign_url(request, campaign)


@require_POST
@brand_view("admin")
def uninvite(request: HttpRequest, campaign_id: int, invitation_id: int) -> HttpResponse:
    campaign = selectors.campaign_for_console(request.brand, campaign_id)  # type: ignore[attr-defined]
    try:
        services.invitation_remove(
            actor=request.membership,  # type: ignore[attr-defined]
            campaign=campaign,
            invitation_id=invitation_id,
        )
    except NotFound:  # another campaign's (or brand's) invitation id
        raise Http404 from None
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The invitation is removed."))
    return _campaign_url(request, campaign)
