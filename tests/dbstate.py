"""What a refused request must leave as it was: every row of every Cocréa table.

``snapshot()`` reads each table in one SQL query: per table, its row count and every row, column
by column, in primary-key order, concatenated by the database itself (``group_concat`` on SQLite,
``string_agg`` on PostgreSQL). Two snapshots are equal only if no row was added, removed or
changed, as when the rows were copied into Python, but without building a dictionary per row
(the tenancy and bad-input tables take thousands of snapshots). New apps, their tables and their
many-to-many tables are included without anyone having to remember.

Left out: the rate-limit counters (counting refused requests is their job) and ``last_login``
(logging a test person in is no change).

``module_transaction`` and ``make_cast`` let a module build its objects once: a transaction
around the module, rolled back at its end, inside which each test's own transaction
(pytest-django's ``db``) is a savepoint. Files the module's objects write (exports, uploads)
go to the module's own folders, copied into each test's (the root conftest.py gives each test
its own ``MEDIA_ROOT`` and ``EXPORTS_ROOT``).
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import override_settings

_SKIPPED_MODELS = {"core.RateLimitBucket"}
_SKIPPED_FIELDS = {"last_login"}
_queries: dict[str, tuple[list[str], str]] = {}


def _models() -> list[Any]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model.__module__.startswith("cocrea.")
        and model._meta.label not in _SKIPPED_MODELS
        and not model._meta.proxy
    ]


def _table_expression(model: Any) -> str:
    """One SQL expression: ``<count>:<row>|<row>|…``, each row its columns' literal values."""
    quote = connection.ops.quote_name
    meta = model._meta
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    columns = [quote(f.column) for f in meta.local_concrete_fields if f.name not in _SKIPPED_FIELDS]
    if connection.vendor == "postgresql":
        row = f"ROW({', '.join(columns)})::text"
        return (
            f"(SELECT COUNT(*) || ':' || COALESCE(string_agg({row}, '|' ORDER BY {pk}), '')"  # noqa: S608 (quoted names of our own tables)
            f" FROM {table})"
        )
    # SQLite: quote() writes each value as an SQL literal, so NULL, '' and 'NULL' differ.
    row = " || ',' || ".join(f"quote({column})" for column in columns)
    return (
        f"(SELECT COUNT(*) || ':' || COALESCE(group_concat(r, '|'), '')"  # noqa: S608 (as above)
        f" FROM (SELECT {row} AS r FROM {table} ORDER BY {pk}))"
    )


def _query() -> tuple[list[str], str]:
    if connection.vendor not in _queries:
        models = _models()
        sql = "SELECT " + ", ".join(_table_expression(model) for model in models)
        _queries[connection.vendor] = ([model._meta.label for model in models], sql)
    return _queries[connection.vendor]


def snapshot() -> dict[str, str]:
    """Every row of every Cocréa table, one string per table (see the module's docstring)."""
    labels, sql = _query()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        values = cursor.fetchone()
    return dict(zip(labels, values, strict=True))


_FOLDERS = {"media": "MEDIA_ROOT", "exports": "EXPORTS_ROOT"}


@contextmanager
def module_transaction(django_db_blocker: Any, files: Path) -> Iterator[None]:
    """A transaction for a module-scoped fixture, always rolled back, with its files in
    ``files`` (see the docstring)."""
    folders = {setting: files / name for name, setting in _FOLDERS.items()}
    with django_db_blocker.unblock(), override_settings(**folders):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def copy_module_files(files: Path, settings: Any) -> None:
    """The files of ``module_transaction``'s objects, into this test's folders."""
    for name, setting in _FOLDERS.items():
        if (files / name).exists():
            shutil.copytree(files / name, getattr(settings, setting), dirs_exist_ok=True)


def module_world(build: Callable[[], Any]) -> tuple[Any, Any]:
    """The fixtures ``_module_world`` and ``world`` of a module whose world ``build`` makes:
    built once for the module in ``module_transaction``, each test running in its own savepoint
    inside it (pytest-django's ``db``) on a deep copy of the objects (a test may change them in
    memory: ``refresh_from_db``), with the world's files in the test's own folders. A module
    binds both names: ``_module_world, world = module_world(_build_world)``."""

    @pytest.fixture(scope="module", name="_module_world")
    def _module_world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Any]:  # type: ignore[no-untyped-def]
        files = tmp_path_factory.mktemp("world")
        with module_transaction(django_db_blocker, files):
            yield SimpleNamespace(world=build(), files=files)

    @pytest.fixture(name="world")
    def world(_module_world, db, settings) -> Any:  # type: ignore[no-untyped-def]
        copy_module_files(_module_world.files, settings)
        return copy.deepcopy(_module_world.world)

    return _module_world, world


def make_cast() -> dict[str, Any]:
    """The cast of the root conftest.py (brand, other_brand, alice, mona, bob, dan, charlie and
    campaign), made outside its function-scoped fixtures, for a module-scoped world."""
    from cocrea.accounts.tests.factories import UserFactory
    from cocrea.brands.models import Membership
    from cocrea.brands.tests.factories import BrandFactory, MembershipFactory
    from cocrea.campaigns.tests.factories import CampaignFactory

    brand = BrandFactory(name="Café Lumière", slug="cafe-lumiere")
    other_brand = BrandFactory(name="Globex", slug="globex")

    def member(brand: Any, email: str, name: str, role: str) -> Any:
        user = UserFactory(email=email, display_name=name)
        return MembershipFactory(brand=brand, user=user, role=role)

    role = Membership.Role
    return {
        "brand": brand,
        "other_brand": other_brand,
        "alice": member(brand, "alice@example.org", "Alice", role.ADMIN),
        "mona": member(brand, "mona@example.org", "Mona", role.MODERATOR),
        "bob": member(brand, "bob@example.org", "Bob", role.MEMBER),
        "dan": member(brand, "dan@example.org", "Dan", role.MEMBER),
        "charlie": member(other_brand, "charlie@example.org", "Charlie", role.ADMIN),
        "campaign": CampaignFactory(
            brand=brand, slug="cup-of-tomorrow", title="The cup of tomorrow"
        ),
    }
