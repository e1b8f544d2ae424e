"""The webhooks page of the brand console (brand admins): endpoints, secrets, delivery log."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from cocrea.brands.permissions import brand_view
from cocrea.core.errors import DomainError
from cocrea.webhooks import registry, selectors, services
from cocrea.webhooks.forms import EndpointForm
from cocrea.webhooks.models import Delivery, Endpoint

SESSION_NEW_SECRET = "webhooks_new_secret"  # noqa: S105 (a session key: the secret to show once)


def _endpoint(request: HttpRequest, endpoint_id: Any) -> Endpoint:
    try:
        return services.endpoint_for(request.brand, endpoint_id)  # type: ignore[attr-defined]
    except DomainError as error:
        raise Http404 from error


def _show_secret_once(request: HttpRequest, endpoint: Endpoint) -> None:
    request.session[SESSION_NEW_SECRET] = {"endpoint": str(endpoint.pk), "secret": endpoint.secret}


def _pop_secret(request: HttpRequest, endpoint: Endpoint) -> str | None:
    kept = request.session.get(SESSION_NEW_SECRET)
    if isinstance(kept, dict) and kept.get("endpoint") == str(endpoint.pk):
        del request.session[SESSION_NEW_SECRET]
        return str(kept.get("secret", ""))
    return None


def _console(request: HttpRequest, form: EndpointForm, status: int = 200) -> HttpResponse:
    context = {
        "endpoints": list(selectors.endpoints(request.brand)),  # type: ignore[attr-defined]
        "form": form,
        "event_types": registry.EVENT_TYPES.values(),
    }
    return render(request, "webhooks/console.html", context, status=status)


@require_GET
@brand_view("admin")
def console(request: HttpRequest) -> HttpResponse:
    return _console(request, EndpointForm(initial={"is_active": True}))


def _apply_error(form: EndpointForm, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


@require_POST
@brand_view("admin")
def create(request: HttpRequest) -> HttpResponse:
    form = EndpointForm(request.POST)
    if not form.is_valid():
        return _console(request, form, status=400)
    try:
        endpoint = services.endpoint_create(
            actor=request.membership,  # type: ignore[attr-defined]
            brand=request.brand,  # type: ignore[attr-defined]
            url=form.cleaned_data["url"],
            event_types=form.cleaned_data["event_types"],
            description=form.cleaned_data["description"],
        )
    except DomainError as error:
        _apply_error(form, error)
        return _console(request, form, status=error.status)
    _show_secret_once(request, endpoint)
    messages.success(request, _("Endpoint added. Copy its secret now: it is shown only once."))
    return redirect("webhooks:endpoint", brand_slug=endpoint.brand.slug, endpoint_id=endpoint.pk)


def _endpoint_page(
    request: HttpRequest, endpoint: Endpoint, form: EndpointForm | None = None, status: int = 200
) -> HttpResponse:
    state = request.GET.get("state", "")
    form = form or EndpointForm(
        initial={
            "url": endpoint.url,
            "description": endpoint.description,
            "event_types": endpoint.event_types,
            "is_active": endpoint.is_active,
        }
    )
    context = {
        "endpoint": endpoint,
        "form": form,
        "new_secret": _pop_secret(request, endpoint),
        "deliveries": list(selectors.deliveries(endpoint, state)),
        "states": Delivery.State.choices,
        "state": state,
        "event_labels": {key: t.label for key, t in registry.EVENT_TYPES.items()},
    }
    return render(request, "webhooks/endpoint.html", context, status=status)


@require_GET
@brand_view("admin")
def endpoint(request: HttpRequest, endpoint_id: Any) -> HttpResponse:
    return _endpoint_page(request, _endpoint(request, endpoint_id))


@require_POST
@brand_view("admin")
def edit(request: HttpRequest, endpoint_id: Any) -> HttpResponse:
    hook = _endpoint(request, endpoint_id)
    form = EndpointForm(request.POST)
    if not form.is_valid():
        return _endpoint_page(request, hook, form, status=400)
    try:
        services.endpoint_update(
            actor=request.membership,  # type: ignore[attr-defined]
            endpoint=hook,
            url=form.cleaned_data["url"],
            event_types=form.cleaned_data["event_types"],
            description=form.cleaned_data["description"],
            is_active=form.cleaned_data["is_active"],
        )
    except DomainError as error:
        _apply_error(form, error)
        hook.refresh_from_db()
        return _endpoint_page(request, hook, form, status=error.status)
    messages.success(request, _("Endpoint saved."))
    return redirect("webhooks:endpoint", brand_slug=hook.brand.slug, endpoint_id=hook.pk)


@require_POST
@brand_view("admin")
def rotate(request: HttpRequest, endpoint_id: Any) -> HttpResponse:
    hook = services.endpoint_rotate_secret(
        actor=request.membership,  # type: ignore[attr-defined]
        endpoint=_endpoint(request, endpoint_id),
    )
    _show_secret_once(request, hook)
    messages.success(
        request, _("New secret made. The previous one stays valid for a while: see below.")
    )
    return redirect("webhooks:endpoint", brand_slug=hook.brand.slug, endpoint_id=hook.pk)


@require_POST
@brand_view("admin")
def ping(request: HttpRequest, endpoint_id: Any) -> HttpResponse:
    hook = _endpoint(request, endpoint_id)
    try:
        services.endpoint_ping(actor=request.membership, endpoint=hook)  # type: ignore[attr-defined]
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Test event sent: its delivery appears below."))
    return redirect("webhooks:endpoint", brand_slug=hook.brand.slug, endpoint_id=hook.pk)


@require_POST
@brand_view("admin")
def delete(request: HttpRequest, endpoint_id: Any) -> HttpResponse:
    hook = _endpoint(request, endpoint_id)
    services.endpoint_delete(actor=request.membership, endpoint=hook)  # type: ignore[attr-defined]
    messages.success(request, _("Endpoint deleted: nothing more is sent to it."))
    return redirect("webhooks:console", brand_slug=hook.brand.slug)


def _delivery(request: HttpRequest, delivery_id: Any) -> Delivery:
    found = selectors.delivery(request.brand, delivery_id)  # type: ignore[attr-defined]
    if found is None:
        raise Http404
    return found


@require_GET
@brand_view("admin")
def delivery(request: HttpRequest, delivery_id: Any) -> HttpResponse:
    found = _delivery(request, delivery_id)
    body = services.envelope(found.event, found.endpoint.brand.slug)
    context = {
        "delivery": found,
        "endpoint": found.endpoint,
        "attempts": list(found.attempt_log.all()),
        "body": json.dumps(json.loads(body), ensure_ascii=False, indent=2),
        "event_labels": {key: t.label for key, t in registry.EVENT_TYPES.items()},
    }
    return render(request, "webhooks/delivery.html", context)


@require_POST
@brand_view("admin")
def redeliver(request: HttpRequest, delivery_id: Any) -> HttpResponse:
    found = _delivery(request, delivery_id)
    try:
        services.delivery_redeliver(actor=request.membership, delivery=found)  # type: ignore[attr-defined]
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Sent again: the new attempt appears below."))
    return redirect("webhooks:delivery", brand_slug=request.brand.slug, delivery_id=found.pk)  # type: ignore[attr-defined]
