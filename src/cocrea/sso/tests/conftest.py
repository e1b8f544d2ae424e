from __future__ import annotations

from collections.abc import Iterator

import pytest

from cocrea.sso.tests.provider import Provider, start


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    """The real OpenID Connect provider, one process for the whole run."""
    yield from start(tmp_path_factory.mktemp("oidc"))
