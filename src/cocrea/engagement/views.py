"""Thin views: the leaderboard (members) and the engagement settings (brand admins)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocrea.brands.permissions import brand_view
from cocrea.core.errors import DomainError
from cocrea.core.texts import texts_of
from cocrea.engagement import selectors
from cocrea.engagement.forms import TierFormSet, VisibilityForm, WeightsForm
from cocrea.engagement.services import (
    TierSpec,
    engagement_configure,
    engagement_setup,
    leaderboard_set_visibility,
)


@brand_view("member")
def leaderboard_page(request: HttpRequest) -> HttpResponse:
    brand, membership = request.brand, request.membership  # type: ignore[attr-defined]
    now = timezone.now()
    mine = selectors.standing(membership, now=now)
    context = {
        "rows": list(selectors.leaderboard(brand, now=now)),
        "mine": mine,
        "visibility_form": VisibilityForm(initial={"visible": not mine.hidden}),
    }
    return render(request, "engagement/leaderboard.html", context)


@require_POST
@brand_view("member")
def leaderboard_visibility(request: HttpRequest) -> HttpResponse:
    brand, membership = request.brand, request.membership  # type: ignore[attr-defined]
    form = VisibilityForm(request.POST)
    visible = form.is_valid() and form.cleaned_data["visible"]
    leaderboard_set_visibility(member=membership, visible=visible)
    if visible:
        messages.success(request, _("You appear on the leaderboard."))
    else:
        messages.success(request, _("You no longer appear on the leaderboard."))
    return redirect("engagement:leaderboard", brand_slug=brand.slug)


def _tier_initial(brand: object) -> list[dict[str, object]]:
    return [
        {
            "tier_id": tier.pk,
            "name": texts_of(tier, "name"),
            "threshold": tier.threshold,
            "requires_accepted_idea": tier.requires_accepted_idea,
        }
        for tier in selectors.tiers(brand)  # type: ignore[arg-type]
    ]


def _specs(formset: TierFormSet) -> list[TierSpec]:  # type: ignore[valid-type]
    specs = []
    for form in formset:  # type: ignore[attr-defined]
        data = form.cleaned_data
        if not data or (not data.get("tier_id") and data.get("DELETE")):
            continue  # an empty or discarded extra line
        specs.append(
            TierSpec(
                pk=data.get("tier_id"),
                name=data["name"],
                threshold=data["threshold"],
                requires_accepted_idea=data["requires_accepted_idea"],
                delete=bool(data.get("DELETE")),
            )
        )
    return specs


@brand_view("admin")
def settings_page(request: HttpRequest) -> HttpResponse:
    brand, membership = request.brand, request.membership  # type: ignore[attr-defined]
    row = selectors.weights(brand) or engagement_setup(brand=brand)
    data = request.POST if request.method == "POST" else None
    form = WeightsForm(data, initial=WeightsForm.initial_from(row))
    formset = TierFormSet(data, initial=_tier_initial(brand), prefix="tiers")
    if data is not None and form.is_valid() and formset.is_valid():
        try:
            engagement_configure(
                actor=membership,
                brand=brand,
                half_life_days=form.cleaned_data["half_life_days"],
                weights=form.weights(),
                tiers=_specs(formset),
            )
        except DomainError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, str(error.message))
        else:
            messages.success(request, _("The engagement rules are saved."))
            return redirect("engagement:settings", brand_slug=brand.slug)
    return render(request, "engagement/settings.html", {"form": form, "formset": formset})
