from __future__ import annotations

import pytest
from django.core.management import call_command

from cocrea.brands.models import Brand


@pytest.fixture(scope="package")
def seeded(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The demo brand, seeded once for the package's tests (each test's writes roll back)."""
    with django_db_blocker.unblock():
        call_command("seed_demo", members=60, verbosity=0)
        yield Brand.objects.get(slug="cafe-lumiere")
        Brand.objects.filter(slug="cafe-lumiere").delete()
        from cocrea.accounts.models import User

        User.objects.filter(email__endswith=".demo").delete()
