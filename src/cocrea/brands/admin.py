"""Brands, memberships and team invitations in the Django admin (operators' second tool; the
operators' console at /operators/ is the first)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from cocrea.brands.models import Brand, Membership, TeamInvitation


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0
    raw_id_fields = ("user",)
    fields = ("user", "role", "joined_at")
    readonly_fields = ("joined_at",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        # The team only: a brand with 100,000 members would not open otherwise.
        return super().get_queryset(request).exclude(role=Membership.Role.MEMBER)


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "slug", "visibility", "default_language", "members", "suspended_at")
    list_filter = ("visibility", "default_language")
    search_fields = ("name", "slug")
    readonly_fields = ("created_at",)
    inlines = [MembershipInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Brand]:
        return super().get_queryset(request).annotate(member_total=Count("memberships"))

    @admin.display(ordering="member_total")
    def members(self, brand: Brand) -> int:
        return brand.member_total  # type: ignore[attr-defined,no-any-return]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "brand", "role", "joined_at")
    list_filter = ("role", "brand")
    search_fields = ("user__email", "user__display_name", "brand__slug")
    raw_id_fields = ("user", "brand")
    list_select_related = ("user", "brand")


@admin.register(TeamInvitation)
class TeamInvitationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("email", "brand", "role", "created_at", "expires_at", "accepted_at")
    list_filter = ("role", "brand")
    search_fields = ("email", "brand__slug")
    exclude = ("token_hash",)  # the link cannot be rebuilt from the hash anyway
    readonly_fields = ("created_at", "accepted_at", "accepted_by", "invited_by")
    list_select_related = ("brand",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # invitations are sent by `cocrea create_brand` and the consoles
