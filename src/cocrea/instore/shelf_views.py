"""The page a shelf QR code opens on a shopper's phone: heart a product, rate it (1 to 5) or leave
a comment, without an app or an account (on a members-only brand, as its other pages, for its
members only).

Its signals go through the same ingest as the devices' (``ingest.signals_ingest``), attributed
to the store's shelf QR device (``selectors.shelf_device``): they count, reach the dashboard,
the insight engine and the webhooks like a kiosk's.

A light limit against abuse, per phone: the page gives the phone a random id in a signed cookie
(``COOKIE``) and refuses a post without it; the id names the signal, so the database's
``(device, client_id)`` rule keeps one heart and one rating per phone and product (a second
one is a ``duplicate``); comments are counted per phone and per address (``shelf_phone``,
``shelf_ip`` in ``RATE_LIMITS``).
"""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cocrea.brands.models import Brand
from cocrea.brands.permissions import brand_view
from cocrea.core import ratelimit
from cocrea.core.clientip import client_ip
from cocrea.core.errors import RateLimited
from cocrea.instore import selectors
from cocrea.instore.ingest import TEXT_MAX, signals_ingest
from cocrea.instore.models import Device, Product, Store

COOKIE = "cocrea_shelf"
COOKIE_SALT = "cocrea.instore.shelf"
COOKIE_AGE = 365 * 24 * 3600
ACTIONS = ("heart", "rating", "comment")


class ShelfForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a, a) for a in ACTIONS],
        error_messages={
            "required": gettext_lazy("Choose what to send: a heart, a rating or a comment."),
            "invalid_choice": gettext_lazy("Choose what to send: a heart, a rating or a comment."),
        },
    )
    rating = forms.TypedChoiceField(
        choices=[(str(n), str(n)) for n in range(1, 6)], coerce=int, required=False
    )
    text = forms.CharField(
        label=gettext_lazy("Your comment"), max_length=TEXT_MAX, required=False, strip=True
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "rating" and not data.get("rating"):
            self.add_error("rating", _("Choose from 1 to 5 stars."))
        return data


def _phone(request: HttpRequest) -> str | None:
    value = request.get_signed_cookie(COOKIE, default=None, salt=COOKIE_SALT, max_age=COOKIE_AGE)
    return value if isinstance(value, str) and len(value) == 32 else None


def _remember_phone(request: HttpRequest, response: HttpResponse, phone: str | None) -> None:
    if phone is None:
        response.set_signed_cookie(
            COOKIE,
            secrets.token_hex(16),
            salt=COOKIE_SALT,
            max_age=COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )


def _place(brand: Brand, store_id: int, product_id: int) -> tuple[Store, Product, Device]:
    """The store, product and shelf device of the code, or 404 (another brand's ids, a closed
    store, a discontinued product, no shelf QR codes in service)."""
    store = Store.objects.filter(brand=brand, pk=store_id, is_active=True).first()
    product = Product.objects.filter(brand=brand, pk=product_id).first()
    device = selectors.shelf_device(store) if store is not None else None
    if store is None or product is None or device is None:
        raise Http404
    if product.status == Product.Status.DISCONTINUED:
        raise Http404
    return store, product, device


def _client_id(action: str, phone: str, product: Product) -> str:
    """One heart and one rating per phone and product; every comment its own."""
    if action == "comment":
        return f"qc.{uuid.uuid4().hex}"
    key = salted_hmac(COOKIE_SALT, f"{action}:{phone}:{product.pk}").hexdigest()[:40]
    return f"q{action[0]}.{key}"


def _signal(form: ShelfForm, phone: str, product: Product) -> dict[str, Any]:
    action = form.cleaned_data["action"]
    signal = {
        "id": _client_id(action, phone, product),
        "kind": action,
        "at": timezone.now().isoformat(),
        "product_id": product.pk,
        "language": (get_language() or "fr")[:2],
    }
    if action == "rating":
        signal["rating"] = form.cleaned_data["rating"]
    if action == "comment":
        signal["text"] = form.cleaned_data["text"]
    return signal


THANKS = {
    ("heart", "accepted"): gettext_lazy("Added to the coups de cœur of this shop. Thank you!"),
    ("heart", "duplicate"): gettext_lazy("You already gave this product your heart."),
    ("rating", "accepted"): gettext_lazy("Thank you for your rating!"),
    ("rating", "duplicate"): gettext_lazy("You already rated this product."),
    ("comment", "accepted"): gettext_lazy("Thank you: the brand will read your comment."),
}


def _limit(request: HttpRequest, phone: str) -> None:
    ratelimit.hit("shelf_phone", phone)
    ratelimit.hit("shelf_ip", client_ip(request))


def _page(request: HttpRequest, store: Store, product: Product, **extra: Any) -> HttpResponse:
    status = extra.pop("status", 200)
    context = {"brand": store.brand, "store": store, "product": product, "text_max": TEXT_MAX}
    response = render(request, "instore/shelf.html", {**context, **extra}, status=status)
    _remember_phone(request, response, _phone(request))
    return response


@require_http_methods(["GET", "POST"])
@brand_view()
def shelf(request: HttpRequest, store_id: int, product_id: int) -> HttpResponse:
    store, product, device = _place(request.brand, store_id, product_id)  # type: ignore[attr-defined]
    if request.method == "GET":
        return _page(request, store, product)
    phone = _phone(request)
    if phone is None:
        error = _("Your browser must accept cookies to send this: reload the page and try again.")
        return _page(request, store, product, error=error, status=400)
    form = ShelfForm(request.POST)
    if not form.is_valid():
        return _page(request, store, product, form=form, status=400)
    try:
        _limit(request, phone)
    except RateLimited as refused:
        return _page(request, store, product, form=form, error=refused.message, status=429)
    outcome = signals_ingest(device=device, items=[_signal(form, phone, product)])
    result = outcome.results[0]
    if result.status == "refused":
        detail = result.error["detail"] if result.error else _("This could not be sent.")
        return _page(request, store, product, form=form, error=detail, status=result.http)
    action = form.cleaned_data["action"]
    messages.success(request, THANKS.get((action, result.status), THANKS[(action, "accepted")]))
    return redirect(request.path)
