"""One error format for every failure of the API: ``{"detail", "code", "errors"}``.

``detail`` is a sentence in the caller's language, ``code`` a stable word to branch on, ``errors``
the fields at fault (``[{"loc": [...], "msg": ..., "type": ...}]``), empty when none is.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from cocrea.core.errors import DomainError, RateLimited


class ErrorOut(Schema):
    detail: str
    code: str
    errors: list[dict[str, Any]]


ERROR_STATUSES = (400, 401, 403, 404, 409, 413, 422, 429)
HTTP_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "rate_limited",
}


def error_body(detail: Any, code: str, errors: list[dict[str, Any]] | None = None) -> dict:
    return {"detail": str(detail), "code": code, "errors": errors or []}


def _clean_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Pydantic's errors without ``ctx``/``url`` (they may hold exceptions or the input)."""
    return [
        {"loc": list(error.get("loc", ())), "msg": str(error.get("msg", "")),
         "type": str(error.get("type", "invalid"))}
        for error in errors
    ]  # fmt: skip


def install(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, body: dict) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
        fields = [{"loc": ["body", error.field], "msg": str(error.message), "type": error.code}]
        body = error_body(error.message, error.code, fields if error.field else None)
        # A refused value of a field is a validation error, as pydantic's are: 422.
        status = 422 if error.field and error.status == 400 else error.status
        response = respond(request, status, body)
        if isinstance(error, RateLimited):
            response["Retry-After"] = str(getattr(error, "retry_after", 60))
        return response

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
        errors = _clean_errors(error.errors)
        return respond(request, 422, error_body(_("Invalid input."), "invalid", errors))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, error: Exception) -> HttpResponse:
        return respond(request, 404, error_body(_("Not found."), "not_found"))

    api.add_exception_handler(ObjectDoesNotExist, not_found)  # type: ignore[arg-type]

    @api.exception_handler(DjangoPermissionDenied)
    def forbidden(request: HttpRequest, error: Exception) -> HttpResponse:
        return respond(request, 403, error_body(_("You may not do this."), "forbidden"))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, error: Exception) -> HttpResponse:
        detail = _("Authentication required: an API key, a personal token or a session.")
        response = respond(request, 401, error_body(detail, "not_authenticated"))
        response["WWW-Authenticate"] = 'Bearer realm="cocrea"'
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
        status = error.status_code
        return respond(request, status, error_body(error, HTTP_CODES.get(status, "error")))

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, error: Exception) -> HttpResponse:
        return respond(request, 413, error_body(_("The request body is too large."), "too_large"))
