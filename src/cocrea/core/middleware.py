"""Request data no part of the platform may store, refused or cleaned before any view sees it;
and the security headers of every response."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.utils.translation import gettext as _

from cocrea.core.text import clean_json, clean_text, has_nul, itemwise_nul


def _has_nul(request: HttpRequest) -> bool:
    for query in (request.GET, request.POST if request.method == "POST" else None):
        if query is None:
            continue
        for key, values in query.lists():
            if has_nul(key) or any(has_nul(value) for value in values):
                return True
    return has_nul(request.path)


def _is_json(request: HttpRequest) -> bool:
    kind = request.content_type or ""
    return kind == "application/json" or kind.endswith("+json")


def _clean_post(request: HttpRequest) -> None:
    """Every posted field without control or bidi characters (passwords are left as typed:
    they are compared, never shown)."""
    cleaned = QueryDict(mutable=True, encoding=request.POST.encoding)
    changed = False
    for key, values in request.POST.lists():
        new = values if "password" in key else [clean_text(value) for value in values]
        changed = changed or new != values
        cleaned.setlist(key, new)
    if changed:
        cleaned._mutable = False
        request.POST = cleaned  # type: ignore[assignment]


def _clean_json_body(request: HttpRequest) -> bool:
    """Clean the strings of a JSON body in place; ``False`` if one holds a NUL."""
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return True  # not JSON: the view answers with its own 4xx
    cleaned, nul = clean_json(data)
    if nul and not itemwise_nul(request.path):
        return False
    if cleaned != data:
        request._body = json.dumps(cleaned, ensure_ascii=False).encode()  # type: ignore[attr-defined]
    return True


def _refuse_nul(request: HttpRequest) -> HttpResponse:
    message = _("The request contains a NUL character, which is not allowed.")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "code": "nul_byte", "errors": []}, status=400)
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


class BadRequestMiddleware:
    """NUL bytes are refused with 400 (PostgreSQL cannot store them; no one types them), in
    forms, query strings and JSON bodies alike; control and bidi characters are removed from
    every posted text (``core.text``: one definition)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _is_json(request):
            if has_nul(request.path) or (request.body and not _clean_json_body(request)):
                return _refuse_nul(request)
        elif _has_nul(request):
            return _refuse_nul(request)
        elif request.method == "POST":
            _clean_post(request)
        return self.get_response(request)


def policy_with_form_action(policy: str, origins: Iterable[str]) -> str:
    """The policy with these origins added to its ``form-action``: a form whose POST is answered
    by a redirect elsewhere (a sign-in through a brand's identity provider) is checked against
    ``form-action`` at every hop, and browsers stop it silently otherwise."""
    extra = " ".join(sorted({o for o in origins if o}))
    if not policy or not extra:
        return policy
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    for i, directive in enumerate(directives):
        if directive.split()[0] == "form-action":
            directives[i] = f"{directive} {extra}"
            break
    else:
        directives.append(f"form-action 'self' {extra}")
    return "; ".join(directives)


class SecurityHeadersMiddleware:
    """Content-Security-Policy on every response that has none (settings.CONTENT_SECURITY_POLICY;
    empty turns it off). HSTS and the HTTPS redirect are Django's SecurityMiddleware's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response
