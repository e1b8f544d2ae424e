"""The accounts in the Django admin, for the platform's operators."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from cocrea.accounts.models import AuditEvent, User


@admin.register(User)
class CocreaUserAdmin(UserAdmin):  # type: ignore[type-arg]
    list_display = ("email", "display_name", "language", "is_active", "is_superuser", "date_joined")
    list_filter = ("is_active", "is_superuser", "language")
    search_fields = ("email", "display_name")
    ordering = ("-date_joined",)
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Cocréa", {"fields": ("display_name", "bio", "avatar", "language")}),
    )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: the audit is append-only."""

    list_display = ("created_at", "action", "actor_label", "brand_label", "subject_label")
    list_filter = ("action",)
    search_fields = ("actor_label", "brand_label", "subject_label")
    date_hierarchy = "created_at"

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
