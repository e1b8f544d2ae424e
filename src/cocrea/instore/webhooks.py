"""The in-store event types of the webhooks registry (docs/webhooks.md)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cocrea.webhooks.registry import register

INSTORE_SIGNAL = register(
    "instore.signal",
    _("In-store signal"),
    _(
        "A kiosk, bracelet station or shelf QR code recorded a coup de cœur, a product view, "
        "a rating, a comment or an idea (one event per accepted signal, never for a retry)."
    ),
).key
