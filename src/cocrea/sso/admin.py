"""The brands' identity providers in the Django admin, read-only: brand admins set them up in
their console (``/b/<slug>/console/sign-in/``); operators see which brand signs in how."""

from __future__ import annotations

from django.contrib import admin

from cocrea.sso.models import BrandSignIn, IdentityProvider


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "brand", "protocol", "key", "enabled", "created_at")
    list_filter = ("protocol", "enabled")
    search_fields = ("name", "key", "brand__slug")
    list_select_related = ("brand",)
    exclude = ("secret",)  # the client secret never leaves the console's form

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(BrandSignIn)
class BrandSignInAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("brand", "sso_only", "customer_secret_at")
    list_filter = ("sso_only",)
    search_fields = ("brand__slug",)
    list_select_related = ("brand",)
    exclude = ("customer_secret",)

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
