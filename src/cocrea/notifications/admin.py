from __future__ import annotations

from django.contrib import admin

from cocrea.notifications.models import Notification, NotificationPreference, OutgoingEmail


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("created_at", "kind", "recipient", "brand", "read_at", "emailed_at")
    list_filter = ("kind", "brand")
    search_fields = ("recipient__email",)
    raw_id_fields = ("recipient", "actor", "idea", "comment")
    list_select_related = ("recipient", "brand")
    date_hierarchy = "created_at"


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The outbox, read-only: to see an e-mail that failed or waits, and why."""

    list_display = ("created_at", "to", "subject", "state", "attempts", "sent_at")
    list_filter = ("state",)
    search_fields = ("to", "subject")
    date_hierarchy = "created_at"
    exclude = ("message",)  # the serialised message, headers and body: subject and state suffice

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """A person's choices, to answer "why did I (not) get this e-mail?"."""

    list_display = ("user", "kind", "channel")
    list_filter = ("kind", "channel")
    search_fields = ("user__email",)
    raw_id_fields = ("user",)
    list_select_related = ("user",)
