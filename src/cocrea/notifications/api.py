"""The caller's own notifications in the REST API (personal tokens and the session: a brand key
speaks for the brand, not for the person who made it)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from cocrea.api.auth import BrandContext, brand_context
from cocrea.api.common import BrandSlug, Id, responses
from cocrea.api.models import ApiKey, Scope
from cocrea.api.pagination import list_page
from cocrea.core.errors import PermissionDenied
from cocrea.notifications.models import Notification
from cocrea.notifications.schemas import (
    NotificationOut,
    NotificationPage,
    NotificationQuery,
    ReadAllOut,
)
from cocrea.notifications.selectors import notifications_for
from cocrea.notifications.services import notification_mark_read, notifications_mark_all_read
from cocrea.notifications.texts import notification_text, target_path

router = Router(tags=["notifications"])


def _personal(context: BrandContext) -> Any:
    key = context.caller.key
    if key is not None and key.kind == ApiKey.Kind.BRAND:
        raise PermissionDenied(
            _("Notifications are read with a personal token or the session."),
            code="personal_only",
        )
    return context.caller.user


def notification_out(notification: Notification) -> dict[str, Any]:
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "text": notification_text(notification),
        "url": settings.SITE_URL + target_path(notification),
        "idea_id": notification.idea_id,
        "comment_id": notification.comment_id,
        "data": notification.data if isinstance(notification.data, dict) else {},
        "read_at": notification.read_at,
        "created_at": notification.created_at,
    }


@router.get(
    "/{brand}/notifications",
    response=responses(NotificationPage),
    operation_id="notifications_list",
)
def notifications_list(
    request: HttpRequest, brand: BrandSlug, query: Query[NotificationQuery]
) -> dict[str, Any]:
    """The caller's notifications in this brand, newest first."""
    context = brand_context(request, brand)
    user = _personal(context)
    rows = notifications_for(user).filter(brand=context.brand)
    if query.unread is not None:
        rows = rows.filter(read_at__isnull=query.unread)
    ordering = ("-created_at", "-id")
    return list_page(
        rows, ordering, query, tag="notifications", out=notification_out, since_field="created_at"
    )


@router.post(
    "/{brand}/notifications/{notification_id}/read",
    response=responses(NotificationOut),
    operation_id="notifications_read",
)
def notifications_read(
    request: HttpRequest, brand: BrandSlug, notification_id: Id
) -> dict[str, Any]:
    context = brand_context(request, brand, Scope.WRITE)
    notification = get_object_or_404(
        notifications_for(context.caller.user), pk=notification_id, brand=context.brand
    )
    _personal(context)
    return notification_out(notification_mark_read(notification=notification))


@router.post(
    "/{brand}/notifications/read-all",
    response=responses(ReadAllOut),
    operation_id="notifications_read_all",
)
def notifications_read_all(request: HttpRequest, brand: BrandSlug) -> dict[str, Any]:
    context = brand_context(request, brand, Scope.WRITE)
    user = _personal(context)
    return {"marked": notifications_mark_all_read(user=user, brand=context.brand)}
