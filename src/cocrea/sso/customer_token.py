"""The customer token: the brand's e-commerce site signs its logged-in customer in.

A JWT signed HS256 with the brand's customer secret (docs/decisions/0011-single-sign-on.md):
``aud`` is ``cocrea:<brand slug>``, ``exp`` at most ten minutes after ``iat``, a ``jti`` used
once (``UsedCustomerToken``'s unique constraint), ``email`` and optionally ``name``. The
account is found or created by e-mail; an account that already belongs to another brand (or
an operator's) is never signed in by a brand's token: the person signs in herself once.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import jwt
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from cocrea.accounts.models import User
from cocrea.brands.models import Brand, Membership
from cocrea.brands.services import brand_join
from cocrea.core.errors import DomainError, PermissionDenied
from cocrea.core.text import clean_text, has_nul
from cocrea.sso.models import UsedCustomerToken
from cocrea.sso.selectors import sign_in_settings

MAX_LIFETIME = 600  # seconds between iat and exp
LEEWAY = 30  # seconds of clock difference allowed
MAX_LENGTH = 4096


def audience(brand: Brand) -> str:
    return f"cocrea:{brand.slug}"


def _refused(message: Any, code: str) -> DomainError:
    return DomainError(message, code=code, field="token")


def _claims(brand: Brand, token: str) -> dict[str, Any]:
    if not token or len(token) > MAX_LENGTH or has_nul(token):
        raise _refused(_("This sign-in link is malformed."), "malformed")
    secret = sign_in_settings(brand).customer_secret
    if not secret:
        raise _refused(_("This community does not accept customer sign-in."), "disabled")
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            secret,
            algorithms=["HS256"],
            audience=audience(brand),
            leeway=LEEWAY,
            options={"require": ["exp", "iat", "jti", "email", "aud"]},
        )
    except jwt.ExpiredSignatureError as error:
        raise _refused(_("This sign-in link has expired."), "expired") from error
    except jwt.PyJWTError as error:
        raise _refused(_("This sign-in link is not valid."), "invalid") from error
    if not isinstance(claims["exp"], int) or not isinstance(claims["iat"], int):
        raise _refused(_("This sign-in link is not valid."), "invalid")
    if claims["exp"] - claims["iat"] > MAX_LIFETIME:
        raise _refused(_("This sign-in link lives too long (ten minutes at most)."), "lifetime")
    return claims


def _email(claims: dict[str, Any]) -> str:
    email = claims.get("email")
    if not isinstance(email, str) or has_nul(email) or len(email) > 254:
        raise _refused(_("The e-mail address of this sign-in link is not valid."), "email")
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise _refused(
            _("The e-mail address of this sign-in link is not valid."), "email"
        ) from error
    return email


def _spend(brand: Brand, claims: dict[str, Any]) -> UsedCustomerToken:
    jti = claims["jti"]
    if not isinstance(jti, str) or not 8 <= len(jti) <= 100 or has_nul(jti):
        raise _refused(_("This sign-in link is not valid."), "invalid")
    expires = datetime.fromtimestamp(claims["exp"], tz=UTC)
    try:
        with transaction.atomic():
            return UsedCustomerToken.objects.create(brand=brand, jti=jti, expires_at=expires)
    except IntegrityError as error:
        raise _refused(_("This sign-in link was already used."), "used") from error


def _account(brand: Brand, email: str, name: str, signed_in: Any) -> User:
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, display_name=name[:60])
        user.set_unusable_password()
        user.save(update_fields=["password"])
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user
    elsewhere = Membership.objects.filter(user=user).exclude(brand=brand).exists()
    if (user.is_superuser or user.is_staff or elsewhere) and signed_in != user:
        raise PermissionDenied(
            _(
                "An account already uses this e-mail address in another community. "
                "Sign in with it once, then come back from the shop."
            ),
            code="account_elsewhere",
        )
    if not user.is_active:
        raise PermissionDenied(_("This account is closed."), code="inactive")
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None or not address.verified:
        # Whoever made this account never proved the address; the brand has. As allauth does
        # for verified e-mail sign-in, the unproven password goes (no impostor keeps a way in).
        user.set_unusable_password()
        user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
    return user


@transaction.atomic
def customer_sign_in(*, brand: Brand, token: str, signed_in: Any = None) -> User:
    """The account the brand's token stands for, member of the brand; the token is spent.

    Refused (``DomainError`` with a code) when malformed, badly signed, for another brand,
    expired, too long-lived or already used; nothing is written then.
    """
    if brand.is_suspended:
        raise PermissionDenied(_("This community is paused."), code="suspended")
    claims = _claims(brand, token)
    email = _email(claims)
    name = clean_text(str(claims.get("name") or "")).replace("\x00", "").strip()
    used = _spend(brand, claims)
    user = _account(brand, email, name, signed_in)
    if Membership.objects.filter(brand=brand, user=user).first() is None:
        brand_join(brand=brand, user=user, vouched=True)
    used.user = user
    used.save(update_fields=["user"])
    return user
