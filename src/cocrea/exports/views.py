"""The exports page of the brand console: ask for an export, follow it, download the file."""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from cocrea.brands.models import Brand, Membership
from cocrea.brands.permissions import brand_view
from cocrea.core.errors import DomainError
from cocrea.exports import selectors
from cocrea.exports.datasets import DATASETS
from cocrea.exports.forms import ExportForm
from cocrea.exports.models import ExportJob
from cocrea.exports.services import export_file, export_request

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "zip": "application/zip",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _context(brand: Brand, membership: Membership) -> dict[str, Any]:
    jobs = list(selectors.jobs(brand, membership))
    visible = selectors.visible_datasets(membership)
    return {
        "datasets": [DATASETS[key] for key in visible],
        "keep_hours": settings.EXPORTS_KEEP_HOURS,
        "formats": ExportJob.Format.choices,
        "jobs": jobs,
        "polling": any(job.is_active for job in jobs),
    }


@require_GET
@brand_view("moderator")
def console(request: HttpRequest) -> HttpResponse:
    brand, membership = request.brand, request.membership  # type: ignore[attr-defined]
    context = _context(brand, membership)
    if getattr(request, "htmx", False):
        return render(request, "exports/_jobs.html", context)
    return render(request, "exports/console.html", context)


@require_POST
@brand_view("moderator")
def start(request: HttpRequest) -> HttpResponse:
    brand, membership = request.brand, request.membership  # type: ignore[attr-defined]
    form = ExportForm(request.POST)
    if not form.is_valid():
        context = {**_context(brand, membership), "form_errors": form.errors}
        return render(request, "exports/console.html", context, status=400)
    try:
        _job, created = export_request(
            brand=brand,
            membership=membership,
            dataset=form.cleaned_data["dataset"],
            fmt=form.cleaned_data["format"],
        )
    except DomainError as error:
        context = {**_context(brand, membership), "error": error.message}
        return render(request, "exports/console.html", context, status=error.status)
    if created:
        messages.success(request, _("The export has started. Its file appears below when ready."))
    else:
        messages.info(request, _("This export is already under way: follow it below."))
    return redirect("exports:console", brand_slug=brand.slug)


def _job_or_404(request: HttpRequest, job_id: Any) -> ExportJob:
    job = selectors.job(request.brand, request.membership, job_id)  # type: ignore[attr-defined]
    if job is None:
        raise Http404
    return job


def job_json(job: ExportJob, download_url: str | None) -> dict[str, Any]:
    return {
        "id": str(job.pk),
        "dataset": job.dataset,
        "format": job.format,
        "state": job.state,
        "percent": job.percent,
        "done": job.done,
        "total": job.total,
        "size": job.size,
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "expires_at": job.expires_at.isoformat() if job.expires_at else None,
        "download_url": download_url,
    }


@require_GET
@brand_view("moderator")
def job(request: HttpRequest, job_id: Any) -> HttpResponse:
    export = _job_or_404(request, job_id)
    url = None
    if export_file(export) is not None:
        url = reverse("exports:download", args=[request.brand.slug, export.pk])  # type: ignore[attr-defined]
    return JsonResponse(job_json(export, url))


@require_GET
@brand_view("moderator")
def download(request: HttpRequest, job_id: Any) -> HttpResponse:
    export = _job_or_404(request, job_id)
    path = export_file(export)
    if path is None:
        raise Http404
    ext = path.suffix.lstrip(".")
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=export.download_name or path.name,
        content_type=CONTENT_TYPES.get(ext, "application/octet-stream"),
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return cast(HttpResponse, response)  # brand_view is typed for HttpResponse views
