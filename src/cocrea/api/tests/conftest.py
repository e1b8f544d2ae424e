"""Keys of the test cast: alice's brand key, bob's personal token, charlie's key (another brand)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from cocrea.api.models import ApiKey
from cocrea.api.services import key_create


@dataclass
class ApiClient:
    """The test client with a bearer token on every request, JSON in and out."""

    token: str
    client: Client

    def _headers(self, headers: dict[str, str] | None) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} | {
            f"HTTP_{k.upper().replace('-', '_')}": v for k, v in (headers or {}).items()
        }

    def get(self, path: str, params: dict | None = None, headers: dict | None = None) -> Any:
        return self.client.get(path, params or {}, **self._headers(headers))

    def post(self, path: str, data: Any = None, headers: dict | None = None) -> Any:
        body = data if isinstance(data, str | bytes) else json.dumps(data or {})
        return self.client.post(
            path, body, content_type="application/json", **self._headers(headers)
        )

    def patch(self, path: str, data: Any = None, headers: dict | None = None) -> Any:
        body = json.dumps(data or {})
        return self.client.patch(
            path, body, content_type="application/json", **self._headers(headers)
        )

    def put(self, path: str, data: Any = None, headers: dict | None = None) -> Any:
        body = json.dumps(data or {})
        return self.client.put(
            path, body, content_type="application/json", **self._headers(headers)
        )

    def delete(self, path: str, headers: dict | None = None) -> Any:
        return self.client.delete(path, **self._headers(headers))


def make_client(membership: Any, kind: str = ApiKey.Kind.BRAND, scope: str = "admin") -> ApiClient:
    _key, secret = key_create(membership=membership, kind=kind, name="test", scope=scope)
    return ApiClient(secret, Client())


@pytest.fixture
def alice_api(alice: Any) -> ApiClient:
    return make_client(alice)


@pytest.fixture
def bob_api(bob: Any) -> ApiClient:
    return make_client(bob, ApiKey.Kind.PERSONAL, "write")


@pytest.fixture
def charlie_api(charlie: Any) -> ApiClient:
    return make_client(charlie)
