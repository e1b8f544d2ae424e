"""Recompute a brand's themes now (what the schedule and the dashboard's button do)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cocrea.brands.models import Brand
from cocrea.insights.models import AnalysisRun, Theme
from cocrea.insights.services import themes_recompute_run


class Command(BaseCommand):
    help = "Cluster a brand's analysed voices into themes (replaces its previous themes)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--brand", required=True, help="the brand's slug")

    def handle(self, *args: Any, **options: Any) -> None:
        brand = Brand.objects.filter(slug=options["brand"]).first()
        if brand is None:
            raise CommandError(f"no brand {options['brand']!r}")
        started = time.monotonic()
        queued = AnalysisRun.objects.create(brand=brand, kind="themes")
        run = themes_recompute_run(run_id=queued.pk)
        if run is None or run.state != AnalysisRun.State.DONE:
            raise CommandError(f"the recomputation failed: {run.error if run else ''}")
        themes = Theme.objects.filter(brand=brand)
        for theme in themes[:20]:
            self.stdout.write(f"{theme.size:7d}  {theme.label}")
        self.stdout.write(
            f"{themes.count()} themes from {run.total} voices in {time.monotonic() - started:.1f} s"
        )
