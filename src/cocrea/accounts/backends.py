"""The signed-in user of each request through the object cache (``core.objcache``).

Django's ``get_user`` still checks the session's password hash against the cached row and
refuses an inactive account; a save or delete of the user (password, e-mail, language,
``is_active``…) deletes the entry (``post_save`` / ``post_delete``: the user is written by
allauth, the admin and our services alike, so a signal is the one place that sees them all).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models.signals import post_delete, post_save

from cocrea.accounts.models import User
from cocrea.core import objcache


def _key(user_id: object) -> str:
    return f"user:{user_id}"


class CachedModelBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        user = objcache.cached(_key(pk), lambda: User._default_manager.filter(pk=pk).first())
        if user is None or user.pk != pk:
            return None
        return user if self.user_can_authenticate(user) else None


def _forget(sender: Any, instance: User, **kwargs: Any) -> None:
    objcache.invalidate(_key(instance.pk))


def connect() -> None:
    post_save.connect(_forget, sender=User, dispatch_uid="objcache-user-save")
    post_delete.connect(_forget, sender=User, dispatch_uid="objcache-user-delete")
