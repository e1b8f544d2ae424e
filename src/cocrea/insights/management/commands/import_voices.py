"""Import contributions of another platform (CSV or JSON, gzip allowed) as voices, then
analyse them. Malformed rows are refused with a line-numbered report on stderr and in a
report file; good rows are all kept; running it twice adds nothing."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cocrea.brands.models import Brand
from cocrea.campaigns.models import Campaign
from cocrea.insights.importer import Columns, ImportFileError, import_voices
from cocrea.insights.management.commands._progress import Bar
from cocrea.insights.models import Voice
from cocrea.insights.services import voices_analyse_pending


def _count_lines(path: Path) -> int:
    import gzip

    opener: Any = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        return sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b""))


class Command(BaseCommand):
    help = "Import contributions from a CSV or JSON file as voices of a brand, and analyse them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--brand", required=True, help="the brand's slug")
        parser.add_argument("--format", choices=["csv", "json"], required=True)
        parser.add_argument("--source", required=True, help="where the rows come from")
        parser.add_argument("--text-column", required=True)
        parser.add_argument("--title-column")
        parser.add_argument("--id-column")
        parser.add_argument("--date-column")
        parser.add_argument("--date-format", help="strptime format; ISO 8601 by default")
        parser.add_argument("--label-column")
        parser.add_argument("--campaign", help="slug of a campaign of the brand")
        parser.add_argument("--report", type=Path, help="file for the refused rows")
        parser.add_argument("--no-analysis", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        brand = Brand.objects.filter(slug=options["brand"]).first()
        if brand is None:
            raise CommandError(f"no brand {options['brand']!r}")
        campaign = None
        if options["campaign"]:
            campaign = Campaign.objects.filter(brand=brand, slug=options["campaign"]).first()
            if campaign is None:
                raise CommandError(f"no campaign {options['campaign']!r} in {brand.slug}")
        columns = Columns(
            text=options["text_column"],
            title=options["title_column"],
            id=options["id_column"],
            date=options["date_column"],
            label=options["label_column"],
            date_format=options["date_format"],
        )
        started = time.monotonic()
        bar = Bar(_count_lines(path), "import ", self.stderr)
        try:
            report = import_voices(
                brand=brand,
                path=path,
                file_format=options["format"],
                source=options["source"],
                columns=columns,
                campaign=campaign,
                progress=bar.update,
            )
        except ImportFileError as error:
            raise CommandError(f"{path}: {error}") from None
        bar.close(report.read)
        self._report(report, options["report"] or path.with_name(path.name + ".rejected.txt"))
        self.stdout.write(
            f"{report.read} rows read: {report.created} imported, {report.already} already "
            f"there, {len(report.rejected)} refused ({time.monotonic() - started:.1f} s)"
        )
        if not options["no_analysis"]:
            self._analyse(brand)

    def _report(self, report: Any, target: Path) -> None:
        if not report.rejected:
            return
        lines = report.lines()
        for line in lines:
            self.stderr.write(f"refused {line}")
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
        self.stderr.write(f"{len(lines)} refused rows listed in {target}")

    def _analyse(self, brand: Brand) -> None:
        pending = Voice.objects.filter(brand=brand, analysed_at__isnull=True).count()
        if not pending:
            return
        started = time.monotonic()
        bar = Bar(pending, "analyse", self.stderr)
        done = failed = 0
        while True:
            ok, bad = voices_analyse_pending(brand=brand, limit=256)
            done, failed = done + ok, failed + bad
            bar.update(done + failed)
            if ok + bad == 0:
                break
        bar.close(done + failed)
        seconds = time.monotonic() - started
        self.stdout.write(
            f"{done} voices analysed, {failed} failed ({seconds:.1f} s, "
            f"{done / max(seconds, 1e-6):.0f}/s)"
        )
