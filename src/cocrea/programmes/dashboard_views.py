"""The ratio dashboard's actions: refresh the figures, export them, enter time and outcomes,
set the estimates. The dashboard itself is drawn on the programme page (``views.py``)."""

from __future__ import annotations

import csv
from decimal import Decimal

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocrea.brands.permissions import brand_view
from cocrea.core.errors import DomainError
from cocrea.programmes import dashboard, ledger_services, selectors
from cocrea.programmes.forms import EstimatesForm, OutcomeForm, StaffTimeForm
from cocrea.programmes.models import StaffAction, StaffTimeEstimate
from cocrea.programmes.staff_time import AUTOMATIC, DEFAULT_MINUTES
from cocrea.programmes.tasks import schedule_aggregation


def _to_detail(request: HttpRequest, programme_id: int) -> HttpResponse:
    return redirect("programmes:detail", brand_slug=request.brand.slug, programme_id=programme_id)  # type: ignore[attr-defined]


@require_POST
@brand_view("moderator")
def refresh(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Recompute the brand's figures now (in a worker; inline in the embedded mode)."""
    programme = selectors.programme_for_console(request.brand, programme_id)  # type: ignore[attr-defined]
    schedule_aggregation(programme.brand_id)
    messages.success(request, _("The figures are being recomputed."))
    return _to_detail(request, programme.pk)


def _entry(request: HttpRequest, programme_id: int, *, outcome: bool) -> HttpResponse:
    programme = selectors.programme_for_console(request.brand, programme_id)  # type: ignore[attr-defined]
    form_class = OutcomeForm if outcome else StaffTimeForm
    form = form_class(request.POST, programme=programme)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if outcome:
                ledger_services.outcome_add(
                    actor=request.membership,  # type: ignore[attr-defined]
                    programme=programme,
                    kind=data["kind"],
                    amount=data["amount"],
                    occurred_on=data["occurred_on"],
                    note=data["note"],
                    campaign=data["campaign"],
                )
            else:
                ledger_services.staff_time_add(
                    actor=request.membership,  # type: ignore[attr-defined]
                    programme=programme,
                    action=data["action"],
                    hours=data["hours"],
                    occurred_on=data["occurred_on"],
                    note=data["note"],
                    campaign=data["campaign"],
                )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(request, _("Entered. The dashboard counts it from its next update."))
            return _to_detail(request, programme.pk)
    context = {"programme": programme, "form": form, "outcome": outcome, "section": "programmes"}
    return render(request, "programmes/entry.html", context, status=400)


@require_POST
@brand_view("moderator")
def time_add(request: HttpRequest, programme_id: int) -> HttpResponse:
    return _entry(request, programme_id, outcome=False)


@require_POST
@brand_view("admin")
def outcome_add(request: HttpRequest, programme_id: int) -> HttpResponse:
    return _entry(request, programme_id, outcome=True)


@brand_view("moderator")
def export_csv(request: HttpRequest, programme_id: int) -> HttpResponse:
    """The dashboard's figures, one line per campaign and one for the whole programme."""
    programme = selectors.programme_for_console(request.brand, programme_id)  # type: ignore[attr-defined]
    content = dashboard.build(programme)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="programme-{programme.pk}-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Campaign"),
            _("Staff hours"),
            _("Contributions"),
            _("Ideas accepted"),
            _("Distinct contributors"),
            _("Waiting for an answer"),
            _("Gain"),
            _("Information"),
            _("Gain per staff hour"),
            _("Information per staff hour"),
        ]
    )
    for row in content["campaigns"]:
        writer.writerow(
            [
                _csv_text(row["campaign"].title),
                row["hours"],
                row["submitted"],
                row["accepted"],
                row["contributors"],
                row["backlog"],
                row["gain"],
                row["information"],
                row["gain_per_hour"] if row["gain_per_hour"] is not None else "",
                row["information_per_hour"] if row["information_per_hour"] is not None else "",
            ]
        )
    writer.writerow([])
    writer.writerow([_("Measure"), _("Programme total"), _("Per staff hour")])
    writer.writerow([_("Staff hours"), content["staff_hours"], ""])
    for line in [*content["gain"], *content["information"]]:
        per_hour = line.per_hour if line.per_hour is not None else ""
        writer.writerow([str(line.label), line.value, per_hour])
    return response


def _csv_text(value: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


@brand_view("moderator")
def staff_time(request: HttpRequest) -> HttpResponse:
    """The estimate of each action (admins change them) and the latest recorded time."""
    brand = request.brand  # type: ignore[attr-defined]
    own = dict(StaffTimeEstimate.objects.filter(brand=brand).values_list("action", "minutes"))
    current: dict[str, Decimal] = {a: own.get(a, DEFAULT_MINUTES[a]) for a in AUTOMATIC}
    form = EstimatesForm(request.POST or None, current=current)
    if request.method == "POST":
        if not request.membership.is_admin:  # type: ignore[attr-defined]
            return HttpResponse(status=403)
        if form.is_valid():
            try:
                ledger_services.estimates_set(
                    actor=request.membership,  # type: ignore[attr-defined]
                    minutes={a: Decimal(form.cleaned_data[a]) for a in AUTOMATIC},
                )
            except DomainError as error:
                form.add_error(
                    error.field if error.field in form.fields else None, str(error.message)
                )
            else:
                messages.success(request, _("The estimates are saved."))
                return redirect("programmes:staff_time", brand_slug=brand.slug)
    latest = (
        StaffAction.objects.filter(brand=brand)
        .select_related("actor__user", "campaign", "programme")
        .order_by("-occurred_at", "-id")[:50]
    )
    context = {"form": form, "latest": latest, "section": "programmes"}
    return render(request, "programmes/staff_time.html", context)
