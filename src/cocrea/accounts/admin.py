"""The accounts in the Django admin, for the platform's operators."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from cocrea.accounts.models import AuditEvent, Consent, LegalDocument, PersonalExport, User


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Ledgers and records that only the application writes: operators read them."""

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


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
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the audit is append-only."""

    list_display = ("created_at", "action", "actor_label", "brand_label", "subject_label")
    list_filter = ("action",)
    search_fields = ("actor_label", "brand_label", "subject_label")
    date_hierarchy = "created_at"


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    """The consent ledger, to answer "when did she accept which version?"."""

    list_display = ("created_at", "membership", "kind", "version", "given", "source")
    list_filter = ("kind", "given", "source")
    search_fields = ("membership__user__email", "membership__brand__slug")
    list_select_related = ("membership__user", "membership__brand")
    date_hierarchy = "created_at"


@admin.register(LegalDocument)
class LegalDocumentAdmin(ReadOnlyAdmin):
    """Published versions never change; brand admins publish new ones in their console."""

    list_display = ("brand", "kind", "version", "title", "published_at", "published_by")
    list_filter = ("kind",)
    search_fields = ("brand__slug", "title")
    list_select_related = ("brand", "published_by")


@admin.register(PersonalExport)
class PersonalExportAdmin(ReadOnlyAdmin):
    """ "Download my data" requests: their state, to see a failed or stuck one."""

    list_display = ("created_at", "user", "state", "size", "finished_at", "expires_at")
    list_filter = ("state",)
    search_fields = ("user__email",)
    list_select_related = ("user",)
    exclude = ("file_name",)  # where the file lies says nothing an operator needs
