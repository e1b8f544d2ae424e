from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cocrea.brands.models import Brand
from cocrea.sso.models import BrandSignIn, IdentityProvider


def providers_of(brand: Brand, *, enabled_only: bool = False) -> QuerySet[IdentityProvider]:
    providers = IdentityProvider.objects.filter(brand=brand)
    return providers.filter(enabled=True) if enabled_only else providers


def provider_by_key(key: str) -> IdentityProvider | None:
    """An enabled provider of a brand that is not suspended, by its key; else ``None``."""
    provider = (
        IdentityProvider.objects.select_related("brand")
        .filter(key=key[:60], enabled=True, brand__suspended_at__isnull=True)
        .first()
    )
    return provider


def sign_in_settings(brand: Brand) -> BrandSignIn:
    """The brand's sign-in settings (defaults when it never changed them, nothing saved)."""
    found = BrandSignIn.objects.filter(brand=brand).first()
    return found if found is not None else BrandSignIn(brand=brand)


def sso_only_brand_of(user: Any) -> Brand | None:
    """The brand, if any, that signs this person in through its own accounts only.

    Members with the plain member role are concerned; the team (moderators, admins) and the
    platform's operators keep their password, so a broken provider never locks a brand out.
    """
    if user is None or not getattr(user, "pk", None) or user.is_superuser:
        return None
    sign_in = (
        BrandSignIn.objects.select_related("brand")
        .filter(
            sso_only=True,
            brand__suspended_at__isnull=True,
            brand__memberships__user=user,
            brand__memberships__role="member",
        )
        .first()
    )
    return sign_in.brand if sign_in is not None else None
