"""allauth's e-mails (confirmation, password reset…) in the name and colours of the brand the
person came through (``brands.theming``), else Cocréa's."""

from __future__ import annotations

from typing import Any

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
