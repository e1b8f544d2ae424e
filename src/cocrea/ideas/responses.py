"""Shared answers of the idea views: refusals, errors, the join offer, safe redirects."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

from cocrea.brands.models import Membership
from cocrea.campaigns.models import Campaign
from cocrea.campaigns.permissions import can_view_campaign
from cocrea.core.errors import DomainError
from cocrea.ideas.permissions import should_offer_join


def membership_of(request: HttpRequest) -> Membership | None:
    return request.membership  # type: ignore[attr-defined,no-any-return]


def wants_fragment(request: HttpRequest) -> bool:
    """htmx and JSON callers get a short answer with a status instead of a redirect."""
    accept = request.headers.get("Accept", "")
    return bool(getattr(request, "htmx", False)) or accept.startswith("application/json")


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}) and target.startswith("/"):
        return target
    return default


def join_offer(request: HttpRequest, status: int = 403) -> HttpResponse:
    """The friendly refusal for a signed-in visitor who is not a member of this public brand."""
    context = {
        "next": request.get_full_path()
        if request.method == "GET"
        else safe_next(request, request.path)
    }
    if getattr(request, "htmx", False):
        return render(request, "ideas/_join_offer.html", context, status=status)
    return render(request, "ideas/join_offer.html", context, status=status)


def to_login(request: HttpRequest, next_url: str | None = None) -> HttpResponse:
    next_url = next_url or (
        request.get_full_path() if request.method == "GET" else safe_next(request, "/")
    )
    response = redirect_to_login(next_url)
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(response["Location"])
    return response


def gate_campaign(request: HttpRequest, campaign: Campaign) -> HttpResponse | None:
    """None when the viewer may see the campaign; otherwise login, a join offer or 404."""
    membership = membership_of(request)
    if can_view_campaign(campaign, membership):
        return None
    if not request.user.is_authenticated:
        return to_login(request)
    members_only = campaign.visibility == Campaign.Visibility.MEMBERS
    if members_only and should_offer_join(campaign.brand, membership, request.user):
        return join_offer(request)
    raise Http404


def refuse_visitor(request: HttpRequest) -> HttpResponse | None:
    """Actions need a membership of this brand: visitors log in, outsiders are offered to join."""
    membership = membership_of(request)
    if membership is not None:
        return None
    if not request.user.is_authenticated:
        return to_login(request)
    if should_offer_join(request.brand, membership, request.user):  # type: ignore[attr-defined]
        return join_offer(request)
    raise Http404


def failed(request: HttpRequest, error: DomainError, fallback_url: str) -> HttpResponse:
    """A refused action: a status and message for htmx/JSON, a flash message otherwise."""
    message = str(error.message)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"detail": message, "code": error.code}, status=error.status)
    if getattr(request, "htmx", False):
        return HttpResponse(message, status=error.status, content_type="text/plain; charset=utf-8")
    messages.error(request, message)
    return redirect(safe_next(request, fallback_url))


def closed(request: HttpRequest, message: str, back_url: str) -> HttpResponse:
    """A member asked for something the phase or the rules do not allow now."""
    context = {"message": message, "back_url": back_url}
    return render(request, "ideas/closed.html", context, status=403)


def add_form_error(form: object, error: DomainError) -> None:
    fields = getattr(form, "fields", {})
    field = error.field if error.field in fields else None
    form.add_error(field, str(error.message))  # type: ignore[attr-defined]


def saved(request: HttpRequest, message: str, url: str) -> HttpResponse:
    messages.success(request, message)
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)
