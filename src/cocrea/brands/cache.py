"""The brand of a request and the viewer's membership, through the shared object cache
(``core.objcache``): no query for them on a warm request when Redis is configured.

Entries are deleted by any save or delete of the row (a role change, a member who leaves or whose
account is deleted, a brand whose settings change), through ``post_save`` / ``post_delete``:
signals here because these rows are written from many places (services, allauth, the admin,
cascades), and a missed invalidation would be a security bug. Domain flow never uses them.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from cocrea.brands.models import Brand, Membership
from cocrea.core import objcache


def _brand_key(slug: str) -> str:
    return f"brand:{slug}"


def _membership_key(brand_id: int, user_id: int) -> str:
    return f"membership:{brand_id}:{user_id}"


def brand_by_slug(slug: str) -> Brand | None:
    brand = objcache.cached(_brand_key(slug), lambda: Brand.objects.filter(slug=slug).first())
    return brand if brand is not None and brand.slug == slug else None


def membership_of(brand: Brand, user: Any) -> Membership | None:
    """The user's membership of ``brand`` (``None`` for visitors and outsiders), with ``user``
    attached: the cached row never carries a copy of the user."""
    if not getattr(user, "is_authenticated", False):
        return None

    def load() -> Membership | None:
        return Membership.objects.filter(brand=brand, user_id=user.pk).first()

    membership = objcache.cached(_membership_key(brand.pk, user.pk), load)
    if membership is None or membership.brand_id != brand.pk or membership.user_id != user.pk:
        return None
    membership.user = user
    membership.brand = brand
    return membership


def _forget_brand(sender: Any, instance: Brand, **kwargs: Any) -> None:
    keys = {_brand_key(instance.slug)}
    if loaded := getattr(instance, "_loaded_slug", None):
        keys.add(_brand_key(loaded))
    objcache.invalidate(*keys)


def _forget_membership(sender: Any, instance: Membership, **kwargs: Any) -> None:
    objcache.invalidate(_membership_key(instance.brand_id, instance.user_id))


def connect() -> None:
    post_save.connect(_forget_brand, sender=Brand, dispatch_uid="objcache-brand-save")
    post_delete.connect(_forget_brand, sender=Brand, dispatch_uid="objcache-brand-delete")
    post_save.connect(_forget_membership, sender=Membership, dispatch_uid="objcache-member-save")
    post_delete.connect(
        _forget_membership, sender=Membership, dispatch_uid="objcache-member-delete"
    )
