"""Export writes: ask for an export, run it, purge old files.

``export_request`` is the one entry point for the console and the API: it checks the role,
returns the job already under way for the same dataset and format (asking twice at once never
starts two jobs: the brand row is locked, and a partial unique constraint states it), and
schedules the task after commit. ``export_run`` does the work in a worker (inline in the
embedded mode); it is not atomic on purpose: its progress must be seen while it runs.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cocrea.brands.models import Brand, Membership
from cocrea.core.errors import DomainError, NotFound, PermissionDenied
from cocrea.exports.datasets import DATASETS, Dataset, get
from cocrea.exports.models import ExportJob
from cocrea.exports.permissions import can_export
from cocrea.exports.writers import extension, iso, open_sink

log = logging.getLogger(__name__)
State = ExportJob.State
PROGRESS_EVERY = 5000  # rows between two progress writes
QUEUED_STALE_AFTER = timedelta(hours=2)  # never picked up: the broker lost it
RUNNING_STALE_AFTER = timedelta(minutes=15)  # no progress for that long: the worker died
ORPHAN_AFTER = timedelta(days=1)
FAILED = gettext_noop("The export failed. Ask for it again; if it fails again, tell the operator.")
TIMED_OUT = gettext_noop("The export stopped before the end. Ask for it again.")


def export_root() -> Path:
    return Path(settings.EXPORTS_ROOT)


@transaction.atomic
def export_request(
    *, brand: Brand, membership: Membership | None, dataset: str, fmt: str
) -> tuple[ExportJob, bool]:
    """The job for this export: the one under way, or a new one queued. ``True`` if new."""
    chosen = get(dataset)
    if chosen is None:
        raise NotFound(_("There is no such export."), code="unknown_dataset", field="dataset")
    if fmt not in ExportJob.Format.values:
        raise DomainError(_("Choose CSV, JSON or XLSX."), code="invalid_format", field="format")
    if membership is None or membership.brand_id != brand.pk or not can_export(membership, chosen):
        raise PermissionDenied(_("Only the brand team may export this."), code="forbidden")
    Brand.objects.select_for_update().filter(pk=brand.pk).first()
    _fail_stale(brand, now=timezone.now())
    active = ExportJob.objects.filter(
        brand=brand, dataset=dataset, format=fmt, state__in=ExportJob.ACTIVE
    ).first()
    if active is not None:
        return active, False
    job = ExportJob.objects.create(
        brand=brand, requested_by=membership, dataset=dataset, format=fmt
    )
    transaction.on_commit(lambda: _schedule(job.pk), robust=True)
    return job, True


def _schedule(job_id: uuid.UUID) -> None:
    from cocrea.exports.tasks import run_export

    run_export.delay(str(job_id))


def _fail_stale(brand: Brand, *, now: datetime) -> None:
    jobs = ExportJob.objects.filter(brand=brand)
    fields = {"state": State.FAILED, "error": TIMED_OUT, "finished_at": now}
    jobs.filter(state=State.QUEUED, created_at__lt=now - QUEUED_STALE_AFTER).update(**fields)
    jobs.filter(state=State.RUNNING, heartbeat_at__lt=now - RUNNING_STALE_AFTER).update(**fields)


def export_run(*, job_id: uuid.UUID | str) -> ExportJob | None:
    """Write a queued export's file. Safe to run twice: only a queued job is claimed, once."""
    now = timezone.now()
    claimed = ExportJob.objects.filter(pk=job_id, state=State.QUEUED).update(
        state=State.RUNNING, started_at=now, heartbeat_at=now
    )
    job = ExportJob.objects.select_related("brand").filter(pk=job_id).first()
    if not claimed or job is None:
        return job
    try:
        _write(job, DATASETS[job.dataset])
    except Exception:
        log.exception("exports: export %s failed", job_id)
        ExportJob.objects.filter(pk=job.pk, state=State.RUNNING).update(
            state=State.FAILED, error=FAILED, finished_at=timezone.now()
        )
    job.refresh_from_db()
    return job


def _write(job: ExportJob, dataset: Dataset) -> None:
    brand = job.brand
    total = sum(table.count(brand) for table in dataset.tables)
    ExportJob.objects.filter(pk=job.pk).update(total=total)
    several = len(dataset.tables) > 1
    ext = extension(job.format, several=several)
    folder = export_root() / str(brand.pk)
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"{job.pk}.{ext}"
    part = folder / f"{job.pk}.{ext}.part"
    started = timezone.now()
    header = {"dataset": dataset.key, "brand": brand.slug, "generated_at": iso(started)}
    done = 0
    try:
        sink = open_sink(job.format, part, several=several, header=header)
        for table in dataset.tables:
            sink.table(table.name, table.columns)
            for row in table.rows(brand):
                sink.row(row)
                done += 1
                if done % PROGRESS_EVERY == 0:
                    ExportJob.objects.filter(pk=job.pk).update(
                        done=done, heartbeat_at=timezone.now()
                    )
        sink.close()
        part.rename(final)
    finally:
        part.unlink(missing_ok=True)
    _finish(job, dataset, final, done=done, ext=ext)


def _finish(job: ExportJob, dataset: Dataset, path: Path, *, done: int, ext: str) -> None:
    now = timezone.now()
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M")
    finished = ExportJob.objects.filter(pk=job.pk, state=State.RUNNING).update(
        state=State.DONE,
        total=done,  # rows written: the count taken at the start may have moved since
        done=done,
        file_name=str(path.relative_to(export_root())),
        download_name=f"{job.brand.slug}-{dataset.key}-{stamp}.{ext}",
        size=path.stat().st_size,
        heartbeat_at=now,
        finished_at=now,
        expires_at=now + timedelta(hours=settings.EXPORTS_KEEP_HOURS),
    )
    if not finished:  # declared stale meanwhile: nobody will download this file
        path.unlink(missing_ok=True)


def export_file(job: ExportJob, *, now: datetime | None = None) -> Path | None:
    """The file of a finished export that is still kept, or None."""
    now = now or timezone.now()
    if job.state != State.DONE or not job.file_name or (job.expires_at and job.expires_at <= now):
        return None
    root = export_root().resolve()
    path = (root / job.file_name).resolve()
    if root not in path.parents or not path.is_file():
        return None
    return path


def exports_purge(*, now: datetime | None = None) -> int:
    """Delete the files whose time is up (their jobs become *expired*) and the files no job
    owns any more (a deleted brand, an interrupted run). Returns the expired jobs' number."""
    now = now or timezone.now()
    root = export_root()
    expired = ExportJob.objects.filter(state=State.DONE, expires_at__lte=now)
    ids = []
    for pk, name in expired.values_list("pk", "file_name"):
        if name:
            (root / name).unlink(missing_ok=True)
        ids.append(pk)
    ExportJob.objects.filter(pk__in=ids).update(state=State.EXPIRED, file_name="")
    _purge_orphans(root, now=now)
    return len(ids)


def _purge_orphans(root: Path, *, now: datetime) -> None:
    if not root.is_dir():
        return
    cutoff = (now - ORPHAN_AFTER).timestamp()
    files = [p for p in root.glob("*/*") if p.is_file() and p.stat().st_mtime < cutoff]
    kept = set(
        ExportJob.objects.filter(state=State.DONE)
        .exclude(file_name="")
        .values_list("file_name", flat=True)
    )
    for path in files:
        if str(path.relative_to(root)) not in kept:
            path.unlink(missing_ok=True)
