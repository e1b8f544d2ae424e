""" "Download my data": everything the platform keeps about a person, as a ZIP of JSON files
with her pictures, built in the background (the ``batch`` queue; inline in the embedded mode).

Same shape as ``cocrea.exports`` (claim with a conditional UPDATE, a ``.part`` file renamed when
complete, the private ``EXPORTS_ROOT`` folder, the hourly purge), but a person's export is not a
brand's dataset: it crosses her brands, and only she may download it.

What goes in: every row of every model that points at her account or at one of her memberships
(ideas, comments, votes, ratings, follows, stories, questions, answers, designs, contest entries
and votes, engagement events, rewards, notifications, consents…), found by following the foreign
keys, so that a new app's data is in the export the day it is added; and her pictures (avatar,
idea images, story photos, design renders stored as files).
"""

from __future__ import annotations

import json
import logging
import uuid
import zipfile
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.accounts.audit import audit_record
from cocrea.accounts.models import AuditEvent, PersonalExport, User
from cocrea.brands.models import Membership
from cocrea.core.errors import Conflict, NotFound

log = logging.getLogger(__name__)
State = PersonalExport.State
KEEP = timedelta(hours=72)
STALE_AFTER = timedelta(hours=2)
# Foreign keys that name someone who *acted on* a row (a moderator, an inviter): the row is
# not the person's own data, and other people's data must not leak through her export.
_NOT_OWNER = {"actor", "decided_by", "invited_by", "accepted_by", "published_by", "moderator"}
_SECRET_FIELDS = {"password", "token_hash", "key"}


def export_root() -> Path:
    return Path(settings.EXPORTS_ROOT) / "personal"


def personal_export_request(*, user: User) -> PersonalExport:
    """Queue an export of ``user``'s data. A second request while one is being prepared is
    refused (a partial unique constraint says so, even between two processes)."""
    now = timezone.now()
    PersonalExport.objects.filter(
        user=user, state__in=PersonalExport.ACTIVE, created_at__lt=now - STALE_AFTER
    ).update(state=State.FAILED, error="timed out", finished_at=now)
    try:
        with transaction.atomic():
            export = PersonalExport.objects.create(user=user)
            audit_record(action=AuditEvent.Action.DATA_EXPORT_REQUESTED, actor=user)
            transaction.on_commit(lambda: _schedule(export.pk), robust=True)
    except IntegrityError:
        raise Conflict(
            _("Your data is already being prepared: it will be ready in a moment."),
            code="export_running",
        ) from None
    return export


def _schedule(export_id: uuid.UUID) -> None:
    from cocrea.accounts.tasks import build_personal_export

    build_personal_export.delay(str(export_id))


def personal_export_run(*, export_id: uuid.UUID | str) -> PersonalExport | None:
    """Build a queued export's ZIP. Safe to run twice: only a queued export is claimed."""
    claimed = PersonalExport.objects.filter(pk=export_id, state=State.QUEUED).update(
        state=State.RUNNING
    )
    export = PersonalExport.objects.select_related("user").filter(pk=export_id).first()
    if not claimed or export is None:
        return export
    try:
        name, size = _write(export)
    except Exception:
        log.exception("accounts: personal export %s failed", export_id)
        PersonalExport.objects.filter(pk=export.pk).update(
            state=State.FAILED, error="failed", finished_at=timezone.now()
        )
    else:
        now = timezone.now()
        PersonalExport.objects.filter(pk=export.pk, state=State.RUNNING).update(
            state=State.DONE, file_name=name, size=size, finished_at=now, expires_at=now + KEEP
        )
    export.refresh_from_db()
    return export


def personal_export_for_download(*, user: User, export_id: str) -> tuple[PersonalExport, Path]:
    """The ready export and its file; another person's id, or an unknown one, is not found."""
    try:
        uuid.UUID(str(export_id))
    except ValueError:
        raise NotFound(_("There is no such export."), code="not_found") from None
    export = PersonalExport.objects.filter(pk=export_id, user=user, state=State.DONE).first()
    if export is None or not export.file_name:
        raise NotFound(_("There is no such export."), code="not_found")
    path = Path(settings.EXPORTS_ROOT) / export.file_name
    if not path.exists():
        raise NotFound(_("There is no such export."), code="not_found")
    audit_record(action=AuditEvent.Action.DATA_EXPORT_DOWNLOADED, actor=user)
    return export, path


def personal_exports_purge(*, now: datetime | None = None) -> int:
    """Delete the files whose time is up (the periodic job)."""
    now = now or timezone.now()
    expired = PersonalExport.objects.filter(state=State.DONE, expires_at__lt=now)
    count = 0
    for export in expired:
        (Path(settings.EXPORTS_ROOT) / export.file_name).unlink(missing_ok=True)
        count += 1
    expired.update(state=State.EXPIRED, file_name="")
    return count


# --- Writing the ZIP ------------------------------------------------------------------------------


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def _row(instance: models.Model) -> dict[str, Any]:
    return {
        field.attname: _value(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        # Binary columns are machine-made vectors of her texts (the texts are in the row).
        if field.name not in _SECRET_FIELDS and not isinstance(field, models.BinaryField)
    }


def _owner_links() -> list[tuple[type[models.Model], str, str]]:
    """(model, field, "user" | "membership") for every foreign key to a person or membership."""
    links = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not field.is_relation or field.name in _NOT_OWNER or model is PersonalExport:
                continue
            target = field.related_model
            if target is User and model is not User:
                links.append((model, field.name, "user"))
            elif target is Membership:
                links.append((model, field.name, "membership"))
    return links


def _tables(user: User) -> dict[str, list[dict[str, Any]]]:
    memberships = list(Membership.objects.filter(user=user).values_list("pk", flat=True))
    tables: dict[str, list[dict[str, Any]]] = {"accounts.user": [_row(user)]}
    for model, field, kind in _owner_links():
        if model is Membership:
            continue
        key = f"{model._meta.app_label}.{model._meta.model_name}"
        lookup = {field: user} if kind == "user" else {f"{field}__in": memberships}
        rows = [_row(row) for row in model._default_manager.filter(**lookup).order_by("pk")]
        if rows:
            # A model with two keys to her (a follow of a member) gathers both sets once.
            seen = {row.get("id") for row in tables.get(key, [])}
            tables.setdefault(key, []).extend(r for r in rows if r.get("id") not in seen)
    tables["brands.membership"] = [
        {**_row(m), "brand_name": m.brand.name, "brand_slug": m.brand.slug}
        for m in Membership.objects.filter(user=user).select_related("brand")
    ]
    return tables


def _pictures(tables: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Storage names of the person's image and file fields, in the rows of her export."""
    names = []
    for key, rows in tables.items():
        model = apps.get_model(key)
        fields = model._meta.concrete_fields
        file_fields = [f.attname for f in fields if isinstance(f, models.FileField)]
        names += [row[f] for row in rows for f in file_fields if row.get(f)]
    # Pictures attached to her ideas and stories (their own rows point at the idea or story).
    from cocrea.community.models import StoryPhoto
    from cocrea.ideas.models import IdeaImage

    ideas = [row["id"] for row in tables.get("ideas.idea", [])]
    stories = [row["id"] for row in tables.get("community.story", [])]
    names += [i.image.name for i in IdeaImage.objects.filter(idea_id__in=ideas) if i.image]
    names += [p.image.name for p in StoryPhoto.objects.filter(story_id__in=stories) if p.image]
    return sorted(set(names))


def _write(export: PersonalExport) -> tuple[str, int]:
    user = export.user
    tables = _tables(user)
    pictures = _pictures(tables)
    root = export_root()
    root.mkdir(parents=True, exist_ok=True)
    final = root / f"{export.pk}.zip"
    part = root / f"{export.pk}.zip.part"
    media = Path(settings.MEDIA_ROOT)
    try:
        with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("README.txt", _readme(user, tables, pictures))
            for key, rows in sorted(tables.items()):
                archive.writestr(f"data/{key}.json", json.dumps(rows, ensure_ascii=False, indent=1))
            for name in pictures:
                path = (media / name).resolve()
                if path.is_file() and media.resolve() in path.parents:
                    archive.write(path, f"pictures/{name}")
        part.rename(final)
    finally:
        part.unlink(missing_ok=True)
    return f"personal/{final.name}", final.stat().st_size


def _readme(user: User, tables: dict[str, list[dict[str, Any]]], pictures: list[str]) -> str:
    lines = [
        f"Cocréa — personal data of account #{user.pk} ({user.email})",
        f"Generated {timezone.now().isoformat()}",
        "",
        "data/<app>.<table>.json: every row that concerns you, one JSON list per table.",
        "pictures/: your avatar and the pictures of your contributions.",
        "",
        *(f"{key}: {len(rows)} row(s)" for key, rows in sorted(tables.items())),
        f"pictures: {len(pictures)} file(s)",
    ]
    return "\n".join(lines) + "\n"
