"""The API credentials' rows of the tenancy table: the brand's keys (admins) and a member's
personal tokens (their own only)."""

from __future__ import annotations

from typing import Any

from cocrea.api.services import key_create
from tests.tenancy import ADMIN, MEMBER, Spec, World


def _new(w: World) -> dict[str, Any]:
    return {"name": "Hacked", "scope": "read"}


URLS: dict[str, Spec] = {
    "apikeys:keys": Spec(ADMIN, data=_new),
    "apikeys:key_revoke": Spec(
        ADMIN, kwargs=lambda w: {"key_id": w.key.pk}, foreign=[lambda w: {"key_id": w.g_key.pk}]
    ),
    "apikeys:tokens": Spec(MEMBER, data=_new),
    "apikeys:token_revoke": Spec(
        MEMBER,
        kwargs=lambda w: {"key_id": w.token.pk},
        foreign=[lambda w: {"key_id": w.g_token.pk}],
    ),
}


def _key(membership: Any, kind: str) -> Any:
    return key_create(membership=membership, kind=kind, name="Tenancy", scope="read")[0]


def objects(w: World) -> dict[str, Any]:
    return {
        "key": _key(w.alice, "brand"),
        "g_key": _key(w.charlie, "brand"),
        "token": _key(w.bob, "personal"),
        "g_token": _key(w.charlie, "personal"),
    }


MIRROR: dict[str, str] = {"g_key": "key", "g_token": "token"}
