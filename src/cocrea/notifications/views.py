from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocrea.notifications.grouping import group
from cocrea.notifications.models import Notification
from cocrea.notifications.selectors import notifications_for
from cocrea.notifications.services import notification_mark_read, notifications_mark_all_read
from cocrea.notifications.texts import target_path

PAGE_SIZE = 30


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(notifications_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    groups = group(page.object_list)  # "3 new comments on …", within the page
    return render(request, "notifications/list.html", {"page": page, "groups": groups})


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notification read and go where it points. Another person's id is a 404."""
    notification = get_object_or_404(
        Notification.objects.select_related("brand"), pk=pk, recipient=request.user
    )
    notification_mark_read(notification=notification, with_its_group=True)
    return redirect(target_path(notification))
