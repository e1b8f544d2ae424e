from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from cocrea.accounts.forms import ProfileForm
from cocrea.accounts.selectors import memberships_of, rewards_of
from cocrea.accounts.services import profile_update
from cocrea.core.errors import DomainError


def _set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    initial = {"display_name": user.display_name, "bio": user.bio, "language": user.language}  # type: ignore[union-attr]
    form = ProfileForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            profile_update(
                user=user,  # type: ignore[arg-type]
                display_name=data["display_name"],
                bio=data["bio"],
                language=data["language"],
                avatar=data.get("avatar"),
                remove_avatar=data["remove_avatar"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
            user.refresh_from_db()  # type: ignore[union-attr]
        else:
            # The new language applies at once: the message and the next page are in it.
            translation.activate(data["language"])
            messages.success(request, _("Your profile is saved."))
            response = redirect("accounts:profile")
            _set_language_cookie(response, data["language"])
            return response
    context = {
        "form": form,
        "memberships": memberships_of(user),  # type: ignore[arg-type]
        "rewards": rewards_of(user),  # type: ignore[arg-type]
    }
    return render(request, "accounts/profile.html", context)
