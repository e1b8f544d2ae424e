"""Analyse the voices whose analysis failed or has not run yet (imports, a failed inline run)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cocrea.brands.models import Brand
from cocrea.insights.services import voices_analyse_pending, voices_vectorise_missing


class Command(BaseCommand):
    help = "Analyse the voices left unanalysed (each is tried a few times at most)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--brand", help="only this brand (slug)")
        parser.add_argument("--limit", type=int, help="at most this many voices")

    def handle(self, *args: Any, **options: Any) -> None:
        brand = None
        if options["brand"]:
            brand = Brand.objects.filter(slug=options["brand"]).first()
            if brand is None:
                raise CommandError(f"no brand {options['brand']!r}")
        done, failed = voices_analyse_pending(brand=brand, limit=options["limit"])
        self.stdout.write(f"{done} voices analysed, {failed} failed")
        filled = voices_vectorise_missing()
        if filled:
            self.stdout.write(f"{filled} ideas given their similarity vectors")
