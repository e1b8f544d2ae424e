from __future__ import annotations

import pytest

from cocrea.contests.tests.helpers import make_contest, make_product


@pytest.fixture
def product(brand, alice):  # type: ignore[no-untyped-def]
    return make_product(brand, alice)


@pytest.fixture
def contest(brand, alice, product):  # type: ignore[no-untyped-def]
    return make_contest(brand, alice, product)
