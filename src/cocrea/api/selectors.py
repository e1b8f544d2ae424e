from __future__ import annotations

from django.db.models import QuerySet

from cocrea.api.models import ApiKey
from cocrea.brands.models import Brand, Membership


def keys_for(brand: Brand, membership: Membership, kind: str) -> QuerySet[ApiKey]:
    """The brand's keys (for its admins) or the member's own personal tokens, newest first."""
    keys = ApiKey.objects.filter(brand=brand, kind=kind).select_related("membership__user")
    if kind == ApiKey.Kind.PERSONAL:
        keys = keys.filter(membership=membership)
    return keys
