from __future__ import annotations

import pytest

from cocrea.brands.models import Brand, Membership
from cocrea.customizer.models import Product
from cocrea.customizer.tests.factories import make_product


@pytest.fixture
def product(brand: Brand, alice: Membership) -> Product:
    return make_product(brand, alice)


@pytest.fixture
def g_product(other_brand: Brand, charlie: Membership) -> Product:
    return make_product(other_brand, charlie, name="Globex mug")
