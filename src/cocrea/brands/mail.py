"""E-mails in a brand's name: its sender name, its colours and logo, its language."""

from __future__ import annotations

from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from cocrea.brands.colours import readable_on, text_on
from cocrea.brands.models import Brand


def brand_from_email(brand: Brand | None) -> str:
    """``"Café Lumière" <no-reply@…>``: the platform's address under the brand's name."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if brand is None:
        return str(settings.DEFAULT_FROM_EMAIL)
    # Django encodes the header when it sends; quoting here keeps commas and quotes harmless.
    name = " ".join(brand.mail_sender_name.split()).replace("\\", "").replace('"', "'")
    return f'"{name}" <{address or "no-reply@cocrea.local"}>'


def email_theme(brand: Brand | None) -> dict[str, str]:
    """Colours for e-mail templates (which need inline styles: mail clients drop style sheets)."""
    primary = brand.primary_colour if brand is not None else "#1f4e79"
    accent = brand.accent_colour if brand is not None else "#e07a1f"
    logo = ""
    if brand is not None and brand.logo:
        logo = settings.SITE_URL + brand.logo.url
    return {
        "primary": primary,
        "on_primary": text_on(primary),
        "link": readable_on(primary),
        "accent": accent,
        "on_accent": text_on(accent),
        "logo_url": logo,
        "name": brand.name if brand is not None else "Cocréa",
    }


def brand_message(
    *,
    brand: Brand | None,
    template: str,
    context: dict[str, Any],
    subject: Any,
    to: str,
    language: str,
    headers: dict[str, str] | None = None,
) -> EmailMultiAlternatives:
    """Render ``<template>.txt`` and ``<template>.html`` in ``language`` for one recipient."""
    with translation.override(language):
        full = {**context, "brand": brand, "theme": email_theme(brand)}
        full["site_url"] = settings.SITE_URL
        subject = str(subject)
        body = render_to_string(f"{template}.txt", full)
        html = render_to_string(f"{template}.html", full)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split())[:200],
        body=body,
        from_email=brand_from_email(brand),
        to=[to],
        headers=headers or {},
    )
    message.attach_alternative(html, "text/html")
    return message
