from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cocrea.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one archive (docs/operations.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "destination", nargs="?", default=".", help="a folder, or the archive's .tar.gz path"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            path = backup(Path(options["destination"]))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{path} ({path.stat().st_size} bytes)")
