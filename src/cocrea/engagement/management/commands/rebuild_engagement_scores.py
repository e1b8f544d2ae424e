"""Recompute engagement scores from the ledger (all brands, or one with --brand)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cocrea.brands.models import Brand
from cocrea.engagement.services import scores_rebase, scores_rebuild


class Command(BaseCommand):
    help = "Recompute every member's engagement score from the ledger (it also rebases epochs)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--brand", help="the slug of one brand (default: every brand)")
        parser.add_argument(
            "--rebase-only",
            action="store_true",
            help="only move each brand's epoch to now (keeps numbers small; scores unchanged)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        brands = Brand.objects.order_by("pk")
        if options["brand"]:
            brands = brands.filter(slug=options["brand"])
            if not brands.exists():
                raise CommandError(f"No brand with the address {options['brand']!r}.")
        for brand in brands:
            if options["rebase_only"]:
                count = scores_rebase(brand=brand)
                self.stdout.write(f"{brand.slug}: {count} scores rebased")
            else:
                count = scores_rebuild(brand=brand)
                self.stdout.write(f"{brand.slug}: {count} scores rebuilt from the ledger")
