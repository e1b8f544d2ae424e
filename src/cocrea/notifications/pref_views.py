"""Notification preferences and the one-click unsubscribe."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from cocrea.accounts.models import User
from cocrea.brands.models import Brand
from cocrea.core.errors import DomainError
from cocrea.notifications.models import Notification, NotificationPreference
from cocrea.notifications.preferences import email_stop, preferences_of, preferences_set
from cocrea.notifications.unsubscribe import read_token


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    rows = preferences_of(request.user)
    if request.method == "POST":
        wanted = {kind: request.POST[kind] for kind, _l, _c in rows if kind in request.POST}
        try:
            preferences_set(user=request.user, channels=wanted)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Your notification preferences are saved."))
            return redirect("notifications:preferences")
    context = {"rows": rows, "channels": NotificationPreference.Channel.choices}
    return render(request, "notifications/preferences.html", context)


@csrf_exempt  # RFC 8058: mail clients POST here with no session; the signed token is the proof
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what will stop (so link checkers in mailboxes change nothing); POST stops it.
    Works without logging in, and only for the person the link was sent to."""
    found = read_token(token)
    user = User.objects.filter(pk=found.user_id, deleted_at=None).first() if found else None
    if found is None or user is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=404)
    # The page wears the look of the brand whose e-mail carried the link: the person opens it
    # from her mailbox, often in a browser that never saw the brand (no cookie, no session).
    request.theme_brand = _sender_brand(found.brand_id)  # type: ignore[attr-defined]
    label = Notification.Kind(found.kind).label if found.kind else None
    done = False
    if request.method == "POST":
        email_stop(user=user, kind=found.kind)
        done = True
    context = {"label": label, "done": done, "token": token}
    with translation.override(_reader_language(request, user)):
        return render(request, "notifications/unsubscribe.html", context)


def _reader_language(request: HttpRequest, user: User) -> str:
    """The language of the e-mail (hers), unless this browser chose one with the switcher."""
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) in dict(settings.LANGUAGES):
        return str(request.LANGUAGE_CODE)  # type: ignore[attr-defined]
    return user.language if user.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _sender_brand(brand_id: int | None) -> Brand | None:
    """The brand that sent the e-mail, unless it was deleted or suspended since."""
    if brand_id is None:
        return None
    brand = Brand.objects.filter(pk=brand_id).first()
    return None if brand is None or brand.is_suspended else brand
