"""Exports in the REST API: start one, follow its progress, download the file, through
``exports.services`` and ``exports.selectors`` as the console page does (the brand team; the
members export for admins only; a brand key or the session, not a personal token)."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Status

from cocrea.api.auth import brand_context, require_team
from cocrea.api.common import BrandSlug, responses
from cocrea.api.models import Scope
from cocrea.brands.models import Brand
from cocrea.exports import selectors
from cocrea.exports.datasets import DATASETS
from cocrea.exports.models import ExportJob
from cocrea.exports.schemas import DatasetList, ExportIn, ExportList, ExportOut
from cocrea.exports.services import export_file, export_request
from cocrea.exports.views import CONTENT_TYPES

router = Router(tags=["exports"])


def export_out(job: ExportJob, brand: Brand) -> dict[str, Any]:
    url = None
    if export_file(job) is not None:
        path = reverse("api-v1:exports_download", kwargs={"brand": brand.slug, "job_id": job.pk})
        url = settings.SITE_URL + path
    return {
        "id": job.pk,
        "dataset": job.dataset,
        "format": job.format,
        "state": job.state,
        "percent": job.percent,
        "done": job.done,
        "total": job.total,
        "size": job.size,
        "error": job.error,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "expires_at": job.expires_at,
        "download_url": url,
    }


@router.get(
    "/{brand}/exports/datasets", response=responses(DatasetList), operation_id="exports_datasets"
)
def exports_datasets(request: HttpRequest, brand: BrandSlug) -> dict[str, Any]:
    """What the caller may export."""
    context = brand_context(request, brand)
    member = require_team(context)
    items = [
        {
            "key": key,
            "label": str(DATASETS[key].label),
            "description": str(DATASETS[key].description),
        }
        for key in selectors.visible_datasets(member)
    ]
    return {"items": items}


@router.get("/{brand}/exports", response=responses(ExportList), operation_id="exports_list")
def exports_list(request: HttpRequest, brand: BrandSlug) -> dict[str, Any]:
    """The latest exports, newest first."""
    context = brand_context(request, brand)
    member = require_team(context)
    return {"items": [export_out(j, context.brand) for j in selectors.jobs(context.brand, member)]}


@router.post(
    "/{brand}/exports",
    response={**responses(ExportOut, 202), 200: ExportOut},
    operation_id="exports_start",
)
def exports_start(request: HttpRequest, brand: BrandSlug, data: ExportIn) -> Status[dict[str, Any]]:
    """Start an export in the background (202), or get the same one already under way (200)."""
    context = brand_context(request, brand, Scope.WRITE)
    member = require_team(context)
    job, created = export_request(
        brand=context.brand, membership=member, dataset=data.dataset, fmt=data.format
    )
    job.refresh_from_db()  # inline in the embedded mode: it may be done already
    return Status(202 if created else 200, export_out(job, context.brand))


def _job(request: HttpRequest, brand: str, job_id: uuid.UUID) -> tuple[ExportJob, Brand]:
    context = brand_context(request, brand)
    member = require_team(context)
    job = selectors.job(context.brand, member, job_id)
    if job is None:
        raise Http404
    return job, context.brand


@router.get("/{brand}/exports/{job_id}", response=responses(ExportOut), operation_id="exports_get")
def exports_get(request: HttpRequest, brand: BrandSlug, job_id: uuid.UUID) -> dict[str, Any]:
    """An export's progress (poll it until ``state`` is ``done``), and its download link."""
    job, brand_row = _job(request, brand, job_id)
    return export_out(job, brand_row)


_FILE = {
    "description": "The file",
    "content": {t.split(";")[0]: {} for t in CONTENT_TYPES.values()},
}


@router.get(
    "/{brand}/exports/{job_id}/download",
    response=responses(None),
    operation_id="exports_download",
    url_name="exports_download",
    openapi_extra={"responses": {200: _FILE}},
)
def exports_download(request: HttpRequest, brand: BrandSlug, job_id: uuid.UUID) -> HttpResponse:
    """The export's file while it is kept (404 before it is ready and after it expired)."""
    job, _brand = _job(request, brand, job_id)
    path = export_file(job)
    if path is None:
        raise Http404
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=job.download_name or path.name,
        content_type=CONTENT_TYPES.get(path.suffix.lstrip("."), "application/octet-stream"),
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return cast(HttpResponse, response)
