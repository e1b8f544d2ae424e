"""What every ``/api/v1/`` request goes through around its operation.

* a body above ``API_MAX_BODY_BYTES`` is refused with 413 from its ``Content-Length``, unread;
* a NUL character anywhere (path, query, JSON strings) is refused with 400;
* a successful read gets an ``ETag``; ``If-None-Match`` with it answers 304, without a body;
* a write with an ``Idempotency-Key`` header runs once per caller, brand and key: a retry gets
  the first answer back (``Idempotent-Replayed: true``) and creates nothing;
* the answer speaks the caller's language: ``Accept-Language`` when it names one the platform
  speaks, else the language of the person whose key or token it is, else the site's choice
  (``accounts.middleware.LanguageMiddleware``: the cookie, the signed-in person, French).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

from cocrea.api.errors import error_body
from cocrea.api.models import IdempotentRequest
from cocrea.api.services import TOKEN_PREFIX, authenticate
from cocrea.brands.cache import brand_by_slug
from cocrea.core.errors import DomainError
from cocrea.core.text import itemwise_nul

PREFIX = "/api/v1/"
KEEP_IDEMPOTENT = timedelta(hours=24)
IDEMPOTENCY_KEY_MAX = 255
_BRAND_PATH = re.compile(r"^/api/v1/brands/([-a-zA-Z0-9_]+)/")
_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def _error(status: int, detail: str, code: str) -> JsonResponse:
    return JsonResponse(error_body(detail, code), status=status)


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def _content_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def refuse_bad_input(request: HttpRequest) -> JsonResponse | None:
    if _content_length(request) > settings.API_MAX_BODY_BYTES:
        limit = settings.API_MAX_BODY_BYTES
        return _error(413, _("The request body is larger than %(max)d bytes.") % {"max": limit},
                      "too_large")  # fmt: skip
    nul = _("The request contains a NUL character, which is not allowed.")
    query = request.META.get("QUERY_STRING", "")
    if "\x00" in request.path or "%00" in query or "\x00" in query:
        return _error(400, nul, "nul_byte")
    if any(_has_nul(k) or _has_nul(request.GET.getlist(k)) for k in request.GET):
        return _error(400, nul, "nul_byte")
    if request.method in _UNSAFE and request.content_type == "application/json" and request.body:
        if b"\x00" in request.body:
            return _error(400, nul, "nul_byte")
        try:
            data = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            return None  # the operation answers 400 for a body it cannot parse
        if _has_nul(data) and not itemwise_nul(request.path):
            return _error(400, nul, "nul_byte")
    return None


class ApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        language = caller_language(request)
        if language is not None:
            translation.activate(language)
            request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self._answer(request)
        response["Content-Language"] = translation.get_language()
        return response

    def _answer(self, request: HttpRequest) -> HttpResponse:
        if refused := refuse_bad_input(request):
            return refused
        if request.method in _UNSAFE and request.headers.get("Idempotency-Key") is not None:
            return idempotent(request, self.get_response)
        response = self.get_response(request)
        if request.method in ("GET", "HEAD"):
            return conditional(request, response)
        return response


_KEY_PREFIXES = tuple(f"{prefix}_" for prefix in TOKEN_PREFIX.values())


def caller_language(request: HttpRequest) -> str | None:
    """``Accept-Language`` if it names a language the platform speaks, else the language of
    the person whose API key or personal token this is (``None``: leave the site's choice).
    The key read here is kept for ``KeyAuth``: no second query."""
    header = request.headers.get("Accept-Language", "")
    for code, _quality in parse_accept_lang_header(header[:255]):
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    authorization = request.headers.get("Authorization", "")
    token = authorization[7:].strip() if authorization[:7].lower() == "bearer " else ""
    if not token.startswith(_KEY_PREFIXES) or not token.isascii() or not token.isprintable():
        return None
    try:
        key = authenticate(token)
    except DomainError:  # not valid, or its brand is suspended: the operation refuses it
        return None
    request._cocrea_key = key  # type: ignore[attr-defined]  # KeyAuth reuses it
    language = str(key.membership.user.language or "")
    return language if language in {code for code, _name in settings.LANGUAGES} else None


def conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Weak ETag of a successful read's body; 304 when the caller already has it."""
    patch_vary_headers(response, ("Authorization", "Cookie", "Accept-Language"))
    if response.status_code != 200 or response.streaming:
        return response
    response["Cache-Control"] = "private, no-cache"
    set_response_etag(response)
    answer = get_conditional_response(request, etag=response.get("ETag"), response=response)
    return answer if answer is not None else response


def _caller(request: HttpRequest) -> str | None:
    """Who sends this write, checked as the operation will check it (``None``: let it refuse)."""
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        try:
            key = getattr(request, "_cocrea_key", None) or authenticate(header[7:])
        except DomainError:  # not valid, or its brand is suspended: the operation refuses it
            return None
        request._cocrea_key = key  # type: ignore[attr-defined]  # KeyAuth reuses it
        return f"k{key.pk}"
    user = request.user
    return f"u{user.pk}" if user.is_authenticated else None


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256(f"{request.method} {request.get_full_path()}\n".encode())
    digest.update(request.body)
    return digest.hexdigest()


def _replay(record: IdempotentRequest) -> HttpResponse:
    response = HttpResponse(bytes(record.body), status=record.status,
                            content_type=record.content_type or None)  # fmt: skip
    response["Idempotent-Replayed"] = "true"
    return response


def idempotent(request: HttpRequest, get_response: Callable[..., HttpResponse]) -> HttpResponse:
    key = request.headers.get("Idempotency-Key", "")
    if not key or len(key) > IDEMPOTENCY_KEY_MAX or not key.isprintable():
        detail = _("The Idempotency-Key header must be 1 to 255 printable characters.")
        return _error(400, detail, "invalid_idempotency_key")
    match = _BRAND_PATH.match(request.path)
    brand = brand_by_slug(match.group(1)) if match else None
    caller = _caller(request)
    if brand is None or caller is None:
        return get_response(request)  # the operation refuses it (401/404) or needs no brand
    fingerprint = _fingerprint(request)
    IdempotentRequest.objects.filter(
        brand=brand, caller=caller, key=key, created_at__lt=timezone.now() - KEEP_IDEMPOTENT
    ).delete()
    try:
        with transaction.atomic():  # a savepoint: the failed insert leaves no broken transaction
            record = IdempotentRequest.objects.create(
                brand=brand, caller=caller, key=key, fingerprint=fingerprint
            )
    except IntegrityError:
        first = IdempotentRequest.objects.filter(brand=brand, caller=caller, key=key).first()
        if first is None:
            return _error(409, _("Retry this request."), "idempotency_in_progress")
        if first.fingerprint != fingerprint:
            detail = _("This Idempotency-Key was used for another request.")
            return _error(422, detail, "idempotency_key_reused")
        if first.status == 0:
            detail = _("The first request with this Idempotency-Key is still running.")
            return _error(409, detail, "idempotency_in_progress")
        return _replay(first)
    return _run_once(request, record, get_response)


def _run_once(
    request: HttpRequest, record: IdempotentRequest, get_response: Callable[..., HttpResponse]
) -> HttpResponse:
    """Run the write; keep its answer if it succeeded, else forget the key (nothing was made,
    so the retry may run again)."""
    kept = False
    try:
        response = get_response(request)
        if 200 <= response.status_code < 300 and not response.streaming:
            record.status = response.status_code
            record.body = response.content
            record.content_type = response.get("Content-Type", "")
            record.save(update_fields=["status", "body", "content_type"])
            kept = True
        return response
    finally:
        if not kept:
            IdempotentRequest.objects.filter(pk=record.pk).delete()


def purge_idempotent_requests() -> int:
    deleted, _rows = IdempotentRequest.objects.filter(
        created_at__lt=timezone.now() - KEEP_IDEMPOTENT
    ).delete()
    return deleted
