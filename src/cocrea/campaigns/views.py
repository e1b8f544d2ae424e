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
from cocrea.campaigns.forms import CampaignForm, InvitationForm, PhaseOpenForm
from cocrea.campaigns.models import Campaign, Phase, phase_label
from cocrea.campaigns.phases import allowed_actions, current_phase
from cocrea.core.errors import DomainError, NotFound
from cocrea.core.forms import form_field

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


def _form_kwargs(form: CampaignForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "slug": data["slug"],
        "objective": data["objective"],
        "description": data["description"],
        "cover": data.get("cover"),
        "visibility": data["visibility"],
        "allow_rating": data["allow_rating"],
        "categories": data["category_list"],
        "tags": data["tag_list"],
        "phases": data["phases"],
    }


def _phase_field_map(form: CampaignForm) -> dict[str, str]:
    return {kind: form.field_for_phase(kind) for kind in services.PHASE_ORDER}


@brand_view("admin")
def create(request: HttpRequest) -> HttpResponse:
    brand = request.brand  # type: ignore[attr-defined]
    form = CampaignForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(
                actor=request.membership,  # type: ignore[attr-defined]
                brand=brand,
                **_form_kwargs(form),
            )
        except DomainError as error:
            _form_error(form, error, _phase_field_map(form))
        else:
            messages.success(request, _("The campaign is created."))
            return _campaign_url(request, campaign)
    context = {"form": form, "tag_names": selectors.brand_tag_names(brand), "campaign": None}
    return render(request, "campaigns/campaign_form.html", context)


def _initial(campaign: Campaign, brand_tags: list[str]) -> dict[str, Any]:
    return {
        **CampaignForm.campaign_initial(campaign),
        "allow_rating": campaign.allow_rating,
        "categories": "\n".join(c.name for c in campaign.categories.all()),
        "tags": ", ".join(brand_tags),
    }


@brand_view("admin")
def edit(request: HttpRequest, campaign_id: int) -> HttpResponse:
    brand = request.brand  # type: ignore[attr-defined]
    campaign = selectors.campaign_for_console(brand, campaign_id)
    tag_names = selectors.brand_tag_names(brand)
    form = CampaignForm(
        request.POST or None, request.FILES or None, initial=_initial(campaign, tag_names)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(
                actor=request.membership,  # type: ignore[attr-defined]
                campaign=campaign,
                remove_cover=form.cleaned_data["remove_cover"],
                **_form_kwargs(form),
            )
        except DomainError as error:
            _form_error(form, error, _phase_field_map(form))
        else:
            messages.success(request, _("The campaign is saved."))
            return _campaign_url(request, campaign)
    context = {"form": form, "tag_names": tag_names, "campaign": campaign}
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
