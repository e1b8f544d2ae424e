"""`cocrea backup` then `cocrea restore` gives back every row of every table and every uploaded
file, byte for byte, after the data was changed in between (SQLite here, PostgreSQL in CI's
second run)."""

from __future__ import annotations

import hashlib
import io
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image

from cocrea.brands.tests.factories import BrandFactory
from cocrea.ideas.models import Idea, Vote
from cocrea.ideas.services import idea_submit, vote_cast
from cocrea.ideas.tests.factories import CommentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _png(colour: tuple[int, int, int]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), colour).save(buffer, "PNG")
    return SimpleUploadedFile("p.png", buffer.getvalue(), "image/png")


def every_row() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the database, in a stable order."""
    rows: dict[str, list[tuple[Any, ...]]] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows[table] = sorted(tuple(map(repr, row)) for row in cursor.fetchall())
    return rows


def every_file() -> dict[str, str]:
    root = Path(settings.MEDIA_ROOT)
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_a_restore_gives_back_every_table_and_every_file(tmp_path, campaign, bob, dan):
    idea = idea_submit(
        member=bob,
        campaign=campaign,
        title="Une tasse isotherme",
        body="<p>Chaude.</p>",
        images=[_png((200, 10, 10)), _png((10, 200, 10))],
    )
    vote_cast(member=dan, idea=idea)
    CommentFactory(idea=idea, author=dan, body="Oui !")
    rows, files = every_row(), every_file()
    assert len(files) == 2 and rows[Vote._meta.db_table]

    call_command("backup", str(tmp_path / "backups"))
    (archive,) = (tmp_path / "backups").glob("cocrea-backup-*.tar.gz")
    with tarfile.open(archive) as opened:
        names = opened.getnames()
    assert "manifest.json" in names and sum(n.startswith("media/") for n in names) == 2

    # Then life goes on: an idea is deleted with its pictures, a brand and a stray file appear.
    for image in idea.images.all():
        image.image.delete(save=False)
    Idea.objects.filter(pk=idea.pk).delete()
    BrandFactory(slug="after-the-backup")
    stray = Path(settings.MEDIA_ROOT) / "stray.txt"
    stray.write_text("not in the backup")
    assert every_row() != rows and every_file() != files

    call_command("restore", str(archive), "--yes")

    assert every_file() == files
    restored = every_row()
    assert restored.keys() == rows.keys()
    for table in rows:
        assert restored[table] == rows[table], table


def test_a_damaged_archive_is_refused_and_changes_nothing(tmp_path, campaign, bob):
    idea_submit(
        member=bob, campaign=campaign, title="Une idée", body="<p>x</p>", images=[_png((1, 2, 3))]
    )
    archive = Path(call_command_output("backup", str(tmp_path)))
    rows, files = every_row(), every_file()
    # Rewrite the archive with one media file's bytes changed.
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member)
            content = data.read() if data else b""
            if member.name.startswith("media/"):
                content = content[:-1] + bytes([content[-1] ^ 1])
            member.size = len(content)
            target.addfile(member, io.BytesIO(content))
    with pytest.raises(CommandError, match="media files differ"):
        call_command("restore", str(damaged), "--yes")
    assert every_row() == rows and every_file() == files


def call_command_output(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().split(" (")[0]
