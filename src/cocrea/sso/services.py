"""Writes of the brand's sign-in settings, done by its admins in the console."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership
from cocrea.brands.permissions import is_admin
from cocrea.core.errors import DomainError, NotFound, PermissionDenied
from cocrea.core.text import clean_text, has_nul
from cocrea.sso.models import BrandSignIn, IdentityProvider

OIDC_FIELDS = ("name", "server_url", "client_id", "secret", "scopes")
SAML_FIELDS = ("name", "idp_entity_id", "idp_sso_url", "idp_x509cert")


def _require_admin(membership: Membership | None) -> Membership:
    if membership is None or not is_admin(membership):
        raise PermissionDenied(_("Only the brand's admins can change how members sign in."))
    return membership


def _clean(values: dict[str, Any], fields: tuple[str, ...]) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    for field in fields:
        raw = str(values.get(field) or "")
        if has_nul(raw):
            raise DomainError(_("Remove the control characters."), field=field)
        value = clean_text(raw).strip()
        if not value and field != "secret":
            raise DomainError(_("This field is required."), field=field)
        cleaned[field] = value
    if "scopes" in cleaned and "openid" not in cleaned["scopes"].split():
        raise DomainError(_("The scopes must include openid."), field="scopes")
    return cleaned


@transaction.atomic
def identity_provider_save(
    *,
    membership: Membership | None,
    protocol: str,
    values: dict[str, Any],
    provider_id: int | None = None,
) -> IdentityProvider:
    """Add (``provider_id`` None) or change one of the brand's identity providers."""
    admin = _require_admin(membership)
    protocol = IdentityProvider.Protocol(protocol)
    fields = OIDC_FIELDS if protocol == IdentityProvider.Protocol.OIDC else SAML_FIELDS
    cleaned = _clean(values, fields)
    if provider_id is None:
        provider = IdentityProvider(
            brand=admin.brand,
            protocol=protocol,
            key=f"{admin.brand.slug[:40]}-{secrets.token_hex(4)}",
        )
    else:
        found = IdentityProvider.objects.filter(pk=provider_id, brand=admin.brand).first()
        if found is None or found.protocol != protocol:
            raise NotFound(_("No such identity provider."))
        provider = found
        if not cleaned.get("secret", "x"):
            cleaned.pop("secret")  # left empty: keep the secret it has
    for field, value in cleaned.items():
        setattr(provider, field, value)
    provider.enabled = bool(values.get("enabled", True))
    provider.save()
    return provider


@transaction.atomic
def identity_provider_delete(*, membership: Membership | None, provider_id: int) -> None:
    admin = _require_admin(membership)
    deleted, _rows = IdentityProvider.objects.filter(pk=provider_id, brand=admin.brand).delete()
    if not deleted:
        raise NotFound(_("No such identity provider."))
    if not IdentityProvider.objects.filter(brand=admin.brand, enabled=True).exists():
        BrandSignIn.objects.filter(brand=admin.brand).update(sso_only=False)


def _sign_in_row(brand: Brand) -> BrandSignIn:
    try:
        with transaction.atomic():
            row, _created = BrandSignIn.objects.select_for_update().get_or_create(brand=brand)
    except IntegrityError:
        row = BrandSignIn.objects.select_for_update().get(brand=brand)
    return row


@transaction.atomic
def sso_only_set(*, membership: Membership | None, sso_only: bool) -> BrandSignIn:
    """Switch "SSO only"; refused while the brand has no enabled identity provider."""
    admin = _require_admin(membership)
    if sso_only and not IdentityProvider.objects.filter(brand=admin.brand, enabled=True).exists():
        raise DomainError(
            _("Add an identity provider first: members would have no way to sign in."),
            code="no_provider",
        )
    row = _sign_in_row(admin.brand)
    row.sso_only = sso_only
    row.save(update_fields=["sso_only"])
    return row


@transaction.atomic
def customer_secret_rotate(*, membership: Membership | None) -> str:
    """A new secret for the customer token, returned once; the previous one stops working."""
    admin = _require_admin(membership)
    row = _sign_in_row(admin.brand)
    row.customer_secret = secrets.token_urlsafe(32)
    row.customer_secret_at = timezone.now()
    row.save(update_fields=["customer_secret", "customer_secret_at"])
    return row.customer_secret


@transaction.atomic
def customer_secret_revoke(*, membership: Membership | None) -> None:
    admin = _require_admin(membership)
    BrandSignIn.objects.filter(brand=admin.brand).update(
        customer_secret="", customer_secret_at=None
    )


def member_signed_in_through(sociallogin: Any, user: Any) -> Brand | None:
    """After a sign-in through a brand's provider: she is (now) a member; the brand, or None."""
    from cocrea.brands.services import brand_join
    from cocrea.sso.selectors import provider_by_key

    app = getattr(sociallogin, "account", None)
    key = getattr(app, "provider", "") if app is not None else ""
    provider = provider_by_key(key) if key else None
    if provider is None:
        return None
    brand_join(brand=provider.brand, user=user, vouched=True)
    return provider.brand
