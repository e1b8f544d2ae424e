"""Version 1 of the REST API: OpenAPI 3.1 at ``/api/v1/openapi.json``, docs at ``/api/v1/docs``
(Swagger UI served from this server, no CDN). Every operation needs a caller (``auth.AUTH``)
and answers errors in one format (``errors.install``). Routers live in their apps' ``api.py``."""

from __future__ import annotations

import copy
from typing import Any

from ninja import NinjaAPI, Swagger
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema

from cocrea.api import errors
from cocrea.api.auth import AUTH

LOCAL_REF = "#/$defs/"


def _hoist_definitions(node: Any, found: dict[str, Any]) -> None:
    """Move every nested ``$defs`` into ``found`` and point their ``$ref`` at the components."""
    if isinstance(node, dict):
        definitions = node.pop("$defs", None)
        if definitions:
            _hoist_definitions(definitions, found)
            found.update(definitions)
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(LOCAL_REF):
            node["$ref"] = REF_TEMPLATE.format(model=ref.removeprefix(LOCAL_REF))
        for value in node.values():
            _hoist_definitions(value, found)
    elif isinstance(node, list):
        for value in node:
            _hoist_definitions(value, found)


class CocreaAPI(NinjaAPI):
    """Ninja moves the ``$defs`` of the schemas it makes into ``components``, but not those of a
    body schema written in ``openapi_extra`` (the device batch, whose items the view checks one
    by one): pydantic's ``#/$defs/SignalIn`` would point nowhere in the OpenAPI document. They
    join the components here, under the same names (two different shapes of one name fail)."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        found: dict[str, Any] = {}
        schema["paths"] = copy.deepcopy(schema["paths"])  # it shares the operations' own dicts
        _hoist_definitions(schema["paths"], found)
        components = schema["components"]["schemas"]
        for name, definition in found.items():
            if components.setdefault(name, definition) != definition:
                raise ValueError(f"Two OpenAPI schemas are named {name}")
        return schema


api = CocreaAPI(
    title="Cocréa API",
    version="1.0",
    description=(
        "The REST API of a Cocréa platform. Authenticate with a brand API key or a personal "
        "token (`Authorization: Bearer ck_….…`), or the site's session (with its CSRF token "
        'on writes). Errors are `{"detail", "code", "errors"}`. Lists are paginated by '
        "`cursor` (`next_cursor`). Reads carry an `ETag`; writes accept an `Idempotency-Key`. "
        "See docs/api.md."
    ),
    urls_namespace="api-v1",
    auth=AUTH,
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)


def _register() -> None:
    from cocrea.brands.api import router as brands
    from cocrea.campaigns.api import router as campaigns
    from cocrea.community.api import router as community
    from cocrea.contests.api import router as contests
    from cocrea.customizer.api import router as customizer
    from cocrea.engagement.api import router as engagement
    from cocrea.exports.api import router as exports
    from cocrea.ideas.answer_api import router as answers
    from cocrea.ideas.api import router as ideas
    from cocrea.ideas.comment_api import router as comments
    from cocrea.influencers.api import router as influencers
    from cocrea.insights.api import router as insights
    from cocrea.instore.api import router as devices
    from cocrea.notifications.api import router as notifications
    from cocrea.programmes.api import router as programmes

    routers = [brands, campaigns, ideas, comments, answers, notifications, engagement]
    routers += [contests, customizer, community, insights, exports, programmes, influencers]
    for router in routers:
        api.add_router("/brands", router)
    api.add_router("/device", devices)  # a device's own token: its brand and store only


_register()
