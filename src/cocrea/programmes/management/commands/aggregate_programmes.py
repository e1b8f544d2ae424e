"""Recompute the programmes' figures now (the periodic job's work, for cron or a first run)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cocrea.brands.models import Brand
from cocrea.programmes.aggregate import aggregate_brand


class Command(BaseCommand):
    help = "Recompute the figures of the programme dashboards (every brand, or one by slug)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--brand", help="the slug of one brand")

    def handle(self, *args: Any, **options: Any) -> None:
        brands = Brand.objects.all()
        if options["brand"]:
            brands = brands.filter(slug=options["brand"])
        for brand in brands:
            rows = aggregate_brand(brand)
            self.stdout.write(f"{brand.slug}: {rows} daily figures")
