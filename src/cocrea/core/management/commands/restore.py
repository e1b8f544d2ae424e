from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cocrea.core.backup import BackupError, read_manifest, restore


class Command(BaseCommand):
    help = "Replace the database and the uploaded files by those of a backup archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="a cocrea-backup-*.tar.gz made by `cocrea backup`")
        parser.add_argument(
            "--yes", action="store_true", help="do not ask: everything now there is replaced"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["archive"])
        try:
            manifest = read_manifest(path)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["tables"].values())
        summary = (
            f"{path.name}: {manifest['engine']} backup of {manifest['created_at']}, "
            f"{len(manifest['tables'])} tables, {rows} rows, {len(manifest['media'])} files"
        )
        self.stdout.write(summary)
        if not options["yes"] and input("Replace the database and the media files? [y/N] ") != "y":
            raise CommandError("nothing was changed")
        try:
            restore(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write("restored; every table's row count matches the backup's")
