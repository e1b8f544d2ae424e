"""The programmes console: list, create, edit, detail. Thin views over services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.forms import BaseFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cocrea.brands.permissions import brand_view
from cocrea.core.errors import DomainError
from cocrea.programmes import attention, dashboard, selectors, services
from cocrea.programmes.forms import (
    MilestoneFormSet,
    ObjectiveFormSet,
    OutcomeForm,
    ProgrammeForm,
    StaffTimeForm,
    milestones_initial,
    objectives_initial,
)
from cocrea.programmes.forms_of_empowerment import FORMS
from cocrea.programmes.models import Programme
from cocrea.programmes.recommend import KINDS


@brand_view("moderator")
def home(request: HttpRequest) -> HttpResponse:
    """The console's home: what needs the team's attention, each with a link to act."""
    items = attention.needs_attention(request.brand)  # type: ignore[attr-defined]
    return render(request, "programmes/home.html", {"items": items, "section": "home"})


@brand_view("moderator")
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = list(selectors.programmes_for_console(request.brand))  # type: ignore[attr-defined]
    for programme in programmes:
        programme.form_defs = [FORMS[f] for f in programme.forms if f in FORMS]  # type: ignore[attr-defined]
    return render(request, "programmes/list.html", {"programmes": programmes})


@brand_view("moderator")
def programme_detail(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_for_console(request.brand, programme_id)  # type: ignore[attr-defined]
    activities = list(programme.activities.select_related("campaign"))
    for activity in activities:
        activity.label = KINDS.get(activity.kind, activity.kind)  # type: ignore[attr-defined]
    context = {
        "programme": programme,
        "forms_chosen": [FORMS[f] for f in programme.forms if f in FORMS],
        "activities": activities,
        "dash": dashboard.build(programme),
        "chart": dashboard.chart_data(programme),
        "chart_labels": {
            "hours": _("Staff hours"),
            "contributions": _("Contributions"),
            "accepted": _("Ideas accepted"),
            "count": _("Contributions"),
        },
        "time_form": StaffTimeForm(
            programme=programme, initial={"occurred_on": timezone.localdate()}
        ),
        "outcome_form": OutcomeForm(
            programme=programme, initial={"occurred_on": timezone.localdate()}
        ),
        "section": "programmes",
    }
    return render(request, "programmes/detail.html", context)


def _place_error(
    form: ProgrammeForm, objectives: BaseFormSet, milestones: BaseFormSet, error: DomainError
) -> None:
    """Show a service's refusal beside the field it is about (``objectives.2.due_on``)."""
    parts = (error.field or "").split(".")
    if len(parts) == 3 and parts[0] in ("objectives", "milestones") and parts[1].isdigit():
        formset = objectives if parts[0] == "objectives" else milestones
        rows = [f for f in formset.forms if f.spec() is not None]
        index = int(parts[1])
        if index < len(rows) and parts[2] in rows[index].fields:
            rows[index].add_error(parts[2], str(error.message))
            return
    field = parts[0] if parts[0] in form.fields else None
    form.add_error(field, str(error.message))


def _rows(formset: BaseFormSet) -> list[Any]:
    return [spec for f in formset.forms if (spec := f.spec()) is not None]


def _edit(request: HttpRequest, programme: Programme | None) -> HttpResponse:
    brand = request.brand  # type: ignore[attr-defined]
    post = request.POST if request.method == "POST" else None
    initial = (
        ProgrammeForm.initial_for(programme)
        if programme
        else {"starts_on": timezone.localdate(), "status": Programme.Status.ACTIVE}
    )
    form = ProgrammeForm(post, brand=brand, initial=initial)
    objectives = ObjectiveFormSet(
        post, prefix="objectives", initial=objectives_initial(programme) if programme else None
    )
    milestones = MilestoneFormSet(
        post, prefix="milestones", initial=milestones_initial(programme) if programme else None
    )
    if post is not None and form.is_valid() and objectives.is_valid() and milestones.is_valid():
        spec = form.spec(_rows(objectives), _rows(milestones))
        actor, campaigns = request.membership, form.cleaned_data["campaigns"]  # type: ignore[attr-defined]
        try:
            if programme is None:
                programme = services.programme_create(
                    actor=actor, brand=brand, spec=spec, campaigns=campaigns
                )
            else:
                services.programme_update(
                    actor=actor, programme=programme, spec=spec, campaigns=campaigns
                )
        except DomainError as error:
            _place_error(form, objectives, milestones, error)
        else:
            messages.success(request, _("The programme is saved."))
            return redirect("programmes:detail", brand_slug=brand.slug, programme_id=programme.pk)
    context = {
        "form": form,
        "objectives": objectives,
        "milestones": milestones,
        "programme": programme,
        "forms_defs": FORMS,
        "section": "programmes",
    }
    return render(request, "programmes/form.html", context)


@brand_view("admin")
def programme_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@brand_view("admin")
def programme_edit(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_for_console(request.brand, programme_id)  # type: ignore[attr-defined]
    return _edit(request, programme)
