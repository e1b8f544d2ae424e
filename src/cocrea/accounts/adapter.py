"""allauth's e-mails (confirmation, password reset…) in the name and colours of the brand the
person came through (``brands.theming``), else Cocréa's; and the brands' single sign-on rules
(``cocrea.sso``): "SSO only" refuses the password, a brand's provider makes a member of it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from cocrea.brands.mail import brand_from_email, email_theme
from cocrea.brands.theming import theme_brand_for
from cocrea.core.loginlimits import AccountAdapter as LoginLimitsAdapter


class AccountAdapter(LoginLimitsAdapter):
    """The login limits of ``core.loginlimits``, and e-mails in the brand's name."""

    def _brand(self) -> Any:
        return theme_brand_for(getattr(self, "request", None))

    def get_from_email(self) -> str:
        return brand_from_email(self._brand())

    def format_email_subject(self, subject: str) -> str:
        brand = self._brand()
        return f"[{brand.name if brand is not None else 'Cocréa'}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        brand = self._brand()
        context = {**context, "brand": brand, "theme": email_theme(brand)}
        super().send_mail(template_prefix, email, context)

    def authenticate(self, request: HttpRequest, **credentials: Any) -> Any:
        from cocrea.sso.selectors import sso_only_brand_of

        user = super().authenticate(request, **credentials)
        brand = sso_only_brand_of(user)
        if brand is not None:
            raise ValidationError(
                _(
                    "%(brand)s signs its members in with its own accounts: use the "
                    "“Sign in with …” button of %(brand)s instead of a password."
                )
                % {"brand": brand.name},
                code="sso_only",
            )
        return user

    def post_login(
        self, request: HttpRequest, user: Any, *, signal_kwargs: Any = None, **kwargs: Any
    ) -> HttpResponse:
        from cocrea.sso.services import member_signed_in_through

        response = super().post_login(request, user, signal_kwargs=signal_kwargs, **kwargs)
        sociallogin = (signal_kwargs or {}).get("sociallogin")
        brand = member_signed_in_through(sociallogin, user) if sociallogin else None
        if brand is None:
            return response  # type: ignore[no-any-return]
        home = reverse("brands:brand_home", kwargs={"brand_slug": brand.slug})
        target = response.get("Location", "") if isinstance(response, HttpResponseRedirect) else ""
        if not target.startswith(home):
            return HttpResponseRedirect(home)
        return response  # type: ignore[no-any-return]
