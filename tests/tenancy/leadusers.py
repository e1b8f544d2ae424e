"""Lead users' rows of the tenancy table: the ranking (moderators) and panel invites (admins)."""

from __future__ import annotations

from typing import Any

from tests.tenancy import ADMIN, MODERATOR, Spec, World

URLS: dict[str, Spec] = {
    "leadusers:ranking": Spec(MODERATOR),
    "leadusers:panel": Spec(
        ADMIN,
        data=lambda w: {"members": [w.dan.pk], "campaign": w.secret.pk},
        foreign_data=lambda w: {"members": [w.g_member.pk], "campaign": w.g_secret.pk},
    ),
}


def objects(w: World) -> dict[str, Any]:
    return {}


MIRROR: dict[str, str] = {}
