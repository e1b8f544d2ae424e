"""The lead-user view of the brand team, and the invitation to a private co-creation panel."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocrea.brands.permissions import brand_view, is_admin
from cocrea.campaigns.models import Campaign
from cocrea.community.views import brand_of, member_of
from cocrea.core.errors import DomainError
from cocrea.ideas.responses import failed, membership_of
from cocrea.leadusers.forms import PanelForm
from cocrea.leadusers.scoring import rank_lead_users
from cocrea.leadusers.selectors import brand_history
from cocrea.leadusers.services import panel_invite

SHOWN = 30


@brand_view("moderator")
def ranking(request: HttpRequest) -> HttpResponse:
    brand = brand_of(request)
    history = brand_history(brand)
    leads = rank_lead_users(history, limit=SHOWN)
    panels = Campaign.objects.filter(brand=brand, visibility=Campaign.Visibility.INVITED)
    context = {
        "leads": leads,
        "topic_source": "themes" if any(t.startswith("theme:") for t in history.topics) else "tags",
        "panels": panels.order_by("-created_at")[:50],
        "can_invite": is_admin(membership_of(request)),
        "section": "leadusers",
    }
    return render(request, "leadusers/ranking.html", context)


@brand_view("admin")
@require_POST
def panel(request: HttpRequest) -> HttpResponse:
    brand = brand_of(request)
    back = reverse("leadusers:ranking", args=[brand.slug])
    form = PanelForm(request.POST, brand=brand)
    if not form.is_valid():
        error = next(iter(form.errors.values()))[0]
        return failed(request, DomainError(error), back)
    try:
        campaign, invitations = panel_invite(
            actor=member_of(request),
            members=list(form.cleaned_data["members"]),
            campaign=form.cleaned_data.get("campaign"),
            title=form.cleaned_data.get("title") or "",
        )
    except DomainError as error:
        return failed(request, error, back)
    messages.success(
        request,
        _("%(count)d member(s) invited to “%(title)s”.")
        % {"count": len(invitations), "title": campaign.title},
    )
    return redirect(reverse("campaigns:detail", args=[brand.slug, campaign.pk]))
