"""Accounts' rows of the tenancy table: the consent page, the brand's published terms and
privacy notice, and the console page that publishes them (admins)."""

from __future__ import annotations

from typing import Any

from cocrea.accounts.models import LegalDocument
from tests.tenancy import ADMIN, MEMBER, PUBLIC, Spec, World


def _legal_data(w: World) -> dict[str, Any]:
    return {"kind": "terms", "title": "Hacked terms", "body": "Hacked", "summary": ""}


URLS: dict[str, Spec] = {
    "privacy_console:consent": Spec(
        MEMBER, data=lambda w: {"terms_version": 0, "privacy_version": 0, "accept": "on"}
    ),
    "privacy_console:document": Spec(PUBLIC, kwargs=lambda w: {"kind": "terms"}),
    "privacy_console:legal": Spec(ADMIN, data=_legal_data),
}


def objects(w: World) -> dict[str, Any]:
    # Terms of each brand, as an archived text: the cast is not asked to accept anything (the
    # brand's required version stays 0), so the other rows of the table are not redirected.
    for brand in (w.brand, w.other):
        LegalDocument.objects.create(brand=brand, kind="terms", version=1, title="T", body="B")
    return {}


MIRROR: dict[str, str] = {}
