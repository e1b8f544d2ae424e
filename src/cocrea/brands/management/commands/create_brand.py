"""Create a brand and invite its first admin by e-mail (the operators' way to start a brand)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from cocrea.brands.models import Brand
from cocrea.brands.provisioning import brand_create
from cocrea.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Create a brand and e-mail an invitation to its first admin. "
        'Example: cocrea create_brand "Café Lumière" cafe-lumiere --languages fr,en '
        "--admin-email alice@example.org"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="the brand's name, as members will read it")
        parser.add_argument("slug", help="its address: /b/<slug>/ (lower-case letters, digits, -)")
        parser.add_argument(
            "--languages", default="fr,en", help="comma-separated languages (default: fr,en)"
        )
        parser.add_argument(
            "--default-language", default="", help="default: the first of --languages"
        )
        parser.add_argument("--admin-email", required=True, help="the first admin's e-mail")
        parser.add_argument(
            "--members-only",
            action="store_true",
            help="only invited members see the community (default: public)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        languages = [code.strip() for code in options["languages"].split(",") if code.strip()]
        visibility = (
            Brand.Visibility.MEMBERS if options["members_only"] else Brand.Visibility.PUBLIC
        )
        try:
            created = brand_create(
                name=options["name"],
                slug=options["slug"],
                languages=languages,
                default_language=options["default_language"],
                admin_email=options["admin_email"],
                visibility=visibility,
            )
        except DomainError as error:
            raise CommandError(str(error.message)) from None
        brand = created.brand
        link = settings.SITE_URL + reverse("invitation_accept", args=[created.token])
        self.stdout.write(self.style.SUCCESS(f"Brand {brand.name!r} created at /b/{brand.slug}/."))
        self.stdout.write(f"Invitation e-mailed to {options['admin_email'].strip().lower()}.")
        self.stdout.write(
            f"Invitation link (valid {settings.TEAM_INVITATION_DAYS} days, once): {link}"
        )
