"""Exports' rows of the tenancy table: the console page, starting an export, a job's progress
and its download (the brand team; a finished export of each brand)."""

from __future__ import annotations

from typing import Any

from cocrea.exports.services import export_request, export_run
from tests.tenancy import MODERATOR, Spec, World


def _job(w: World) -> dict[str, Any]:
    return {"job_id": w.job.pk}


def _g_job(w: World) -> dict[str, Any]:
    return {"job_id": w.g_job.pk}


URLS: dict[str, Spec] = {
    "exports:console": Spec(MODERATOR),
    "exports:start": Spec(MODERATOR, data=lambda w: {"dataset": "ideas", "format": "xlsx"}),
    "exports:job": Spec(MODERATOR, kwargs=_job, foreign=[_g_job]),
    "exports:download": Spec(MODERATOR, kwargs=_job, foreign=[_g_job]),
}


def _finished(brand: Any, admin: Any) -> Any:
    job, _ = export_request(brand=brand, membership=admin, dataset="ideas", fmt="csv")
    return export_run(job_id=job.pk)


def objects(w: World) -> dict[str, Any]:
    return {"job": _finished(w.brand, w.alice), "g_job": _finished(w.other, w.charlie)}


MIRROR: dict[str, str] = {"g_job": "job"}
