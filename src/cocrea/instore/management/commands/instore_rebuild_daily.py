"""Recompute the in-store day counts of one brand (or all) from the signals."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cocrea.brands.models import Brand
from cocrea.instore.daily import daily_rebuild


class Command(BaseCommand):
    help = "Recompute the in-store dashboard's day counts from the signals."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--brand", help="the brand's slug (default: every brand)")

    def handle(self, *args: Any, **options: Any) -> None:
        brands = Brand.objects.all()
        if options["brand"]:
            brands = brands.filter(slug=options["brand"])
            if not brands.exists():
                raise CommandError(f"no brand {options['brand']!r}")
        for brand in brands:
            counted = daily_rebuild(brand=brand)
            self.stdout.write(f"{brand.slug}: {counted} signals counted")
