from __future__ import annotations

from django.contrib import admin

from cocrea.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("created_at", "kind", "recipient", "brand", "read_at", "emailed_at")
    list_filter = ("kind", "brand")
    search_fields = ("recipient__email",)
    raw_id_fields = ("recipient", "actor", "idea", "comment")
    list_select_related = ("recipient", "brand")
    date_hierarchy = "created_at"
