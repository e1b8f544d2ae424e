from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

_SUPPORTED = {code for code, _name in settings.LANGUAGES}


def _chosen_language(request: HttpRequest) -> str:
    """The switcher's cookie, then the profile language, then French.

    The browser's Accept-Language is deliberately not consulted: French is the platform's
    default and a person changes it with the switcher or in their profile.
    """
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if cookie in _SUPPORTED:
        return cookie
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in _SUPPORTED:
        return str(user.language)
    return str(settings.LANGUAGE_CODE)


class LanguageMiddleware:
    """Replaces Django's LocaleMiddleware; must run after AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = _chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response
