"""The OpenAPI schema names its components by class name: two schemas of the same name in two
apps would silently publish one shape for both (the brands' BrandOut once described the kiosk's)."""

from __future__ import annotations

from collections import defaultdict

from ninja import Schema

from cocrea.api.v1 import api


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def test_every_api_schema_has_its_own_name() -> None:
    api.get_openapi_schema()  # imports every router and its schemas
    modules = defaultdict(set)
    for schema in _subclasses(Schema):
        if schema.__module__.startswith("cocrea."):
            modules[schema.__name__].add(schema.__module__)
    assert {name: sorted(m) for name, m in modules.items() if len(m) > 1} == {}
