"""Backups of the database and the uploaded files, in one archive, and their restoration.

``cocrea backup`` writes ``cocrea-backup-<UTC time>.tar.gz`` holding ``manifest.json`` (format,
engine, time, applied migrations, rows per table, SHA-256 of every media file), the database
(``database.sqlite3`` made by SQLite's online backup API, or ``database.pgdump`` by
``pg_dump --format=custom``: both are consistent snapshots taken while the site runs) and
``media/``. The database is taken first: a file uploaded meanwhile may be in the archive without
its row (harmless); a file deleted meanwhile could be missing (the manifest says which).

``cocrea restore ARCHIVE`` checks every file against the manifest, replaces the database (the
same engine as the archive's) and swaps the media folder in one rename. Export files are not
backed up: they are temporary by design (docs/exports.md).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    # The commands and their arguments come from the settings, never from a request.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def table_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = int(cursor.fetchone()[0])
    return counts


def media_files(root: Path) -> dict[str, str]:
    """Relative path → SHA-256 of every file under ``root``."""
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): _sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _dump_database(work: Path) -> str:
    if connection.vendor == "sqlite":
        target = work / "database.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)  # an online, consistent copy
        finally:
            copy.close()
        return target.name
    if connection.vendor == "postgresql":
        target = work / "database.pgdump"
        args, env = _pg_env()
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                *args,
                "--file",
                str(target),
            ],
            env,
        )
        return target.name
    raise BackupError(f"backups of {connection.vendor} are not supported")


def _manifest(database_file: str, media: dict[str, str]) -> dict[str, Any]:
    applied = MigrationRecorder(connection).applied_migrations()
    return {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "engine": connection.vendor,
        "database_file": database_file,
        "migrations": sorted(f"{app}.{name}" for app, name in applied),
        "tables": table_counts(),
        "media": media,
    }


def backup(destination: Path) -> Path:
    """Write the archive into ``destination`` (a folder, or the archive's path); return it."""
    if destination.is_dir() or not destination.name.endswith(".tar.gz"):
        destination.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        destination = destination / f"cocrea-backup-{stamp}.tar.gz"
    destination.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=destination.parent) as tmp:
        work = Path(tmp)
        database_file = _dump_database(work)
        media = media_files(media_root)
        manifest = _manifest(database_file, media)
        (work / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / "manifest.json", "manifest.json")
            archive.add(work / database_file, database_file)
            for relative in media:
                archive.add(media_root / relative, f"media/{relative}")
        partial.rename(destination)  # never a half-written archive under the final name
    return destination


def read_manifest(archive_path: Path) -> dict[str, Any]:
    with tarfile.open(archive_path, "r:gz") as archive:
        member = archive.extractfile("manifest.json")
        if member is None:
            raise BackupError("not a Cocréa backup: no manifest.json")
        manifest: dict[str, Any] = json.loads(member.read())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return manifest


def _unpack(archive_path: Path, work: Path, manifest: dict[str, Any]) -> None:
    with tarfile.open(archive_path, "r:gz") as archive:
        archive.extractall(work, filter="data")  # no absolute paths, links or devices
    got = media_files(work / "media")
    if got != manifest["media"]:
        missing = sorted(set(manifest["media"]) - set(got))
        changed = sorted(k for k in got if manifest["media"].get(k) not in (None, got[k]))
        raise BackupError(f"media files differ from the manifest: {missing[:5]} {changed[:5]}")


def _restore_database(path: Path) -> None:
    connection.close()
    if connection.vendor == "sqlite":
        with (
            sqlite3.connect(path) as source,
            sqlite3.connect(connection.settings_dict["NAME"]) as live,
        ):
            source.backup(live)
        source.close()
        live.close()
        return
    args, env = _pg_env()
    _run(
        [
            "psql",
            "--quiet",
            "--set",
            "ON_ERROR_STOP=1",
            *args,
            "--command",
            "DROP SCHEMA public CASCADE; CREATE SCHEMA public;",
        ],
        env,
    )
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(path),
        ],
        env,
    )


def _swap_media(new: Path) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    old = media_root.with_name(media_root.name + ".before-restore")
    if old.exists():
        shutil.rmtree(old)
    if media_root.exists():
        media_root.rename(old)
    shutil.move(str(new), str(media_root))
    if old.exists():
        shutil.rmtree(old)


def restore(archive_path: Path) -> dict[str, Any]:
    """Replace the database and the media files by the archive's; return its manifest."""
    manifest = read_manifest(archive_path)
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"this backup is of a {manifest['engine']} database; this site uses {connection.vendor}"
        )
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media_root.parent) as tmp:
        work = Path(tmp)
        _unpack(archive_path, work, manifest)
        (work / "media").mkdir(exist_ok=True)
        _restore_database(work / manifest["database_file"])
        _swap_media(work / "media")
    counts = table_counts()
    wrong = {t: (n, counts.get(t)) for t, n in manifest["tables"].items() if counts.get(t) != n}
    if wrong:
        raise BackupError(f"tables differ after the restore: {wrong}")
    return manifest
