"""The REST API (OpenAPI 3.1 at /api/docs). One error format: {"detail": ..., "code": ...}."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import NinjaAPI
from ninja.errors import ValidationError

from cocrea.core.errors import DomainError

api = NinjaAPI(title="Cocréa API", version="1", urls_namespace="api")


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
    return api.create_response(
        request, {"detail": str(error.message), "code": error.code}, status=error.status
    )


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": gettext("Invalid input"), "code": "invalid", "errors": error.errors},
        status=422,
    )


@api.get("/health", auth=None)
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}
