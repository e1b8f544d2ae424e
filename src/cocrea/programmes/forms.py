"""Console forms for programmes. They check shapes (types, lengths); rules live in services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms as djforms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand
from cocrea.campaigns.models import Campaign
from cocrea.engagement.models import Tier
from cocrea.programmes import forms_of_empowerment
from cocrea.programmes.models import Objective, Outcome, Programme, StaffAction
from cocrea.programmes.services import MilestoneSpec, ObjectiveSpec, ProgrammeSpec
from cocrea.programmes.staff_time import AUTOMATIC


class SaneDateField(djforms.DateField):
    """A date a programme can really have (year 1 or 9999 would overflow date arithmetic)."""

    widget = djforms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def to_python(self, value: Any) -> date | None:
        result = super().to_python(value)
        if result is not None and not 2000 <= result.year <= 2999:
            raise djforms.ValidationError(
                _("Enter a date between the years 2000 and 2999."), code="out_of_range"
            )
        return result


def _no_nul(value: Any) -> None:
    if isinstance(value, str) and "\x00" in value:
        raise djforms.ValidationError(_("NUL characters are not allowed."), code="nul_byte")


class ProgrammeForm(djforms.Form):
    name = djforms.CharField(label=_("Name"), max_length=120, validators=[_no_nul])
    positioning = djforms.CharField(
        label=_("Positioning statement"),
        required=False,
        max_length=2000,
        validators=[_no_nul],
        widget=djforms.Textarea(attrs={"rows": 3}),
        help_text=_("For whom, against what, and why the brand asks its customers."),
    )
    forms = djforms.MultipleChoiceField(
        label=_("Forms of empowerment"),
        choices=forms_of_empowerment.CHOICES,
        widget=djforms.CheckboxSelectMultiple,
        required=False,
    )
    target_tiers = djforms.ModelMultipleChoiceField(
        label=_("Target tiers"),
        queryset=Tier.objects.none(),
        widget=djforms.CheckboxSelectMultiple,
        required=False,
    )
    target_languages = djforms.MultipleChoiceField(
        label=_("Target languages"),
        choices=settings.LANGUAGES,
        widget=djforms.CheckboxSelectMultiple,
        required=False,
    )
    target_description = djforms.CharField(
        label=_("Target segments"),
        required=False,
        max_length=2000,
        validators=[_no_nul],
        widget=djforms.Textarea(attrs={"rows": 2}),
        help_text=_("Who you want to hear: stores, influencer communities, customer profiles."),
    )
    capacity_per_month = djforms.IntegerField(
        label=_("Production capacity (ideas or designs a month)"),
        max_value=1_000_000,
        help_text=_("How many contributions the team can review, answer and develop a month."),
    )
    staff_hours_per_month = djforms.DecimalField(
        label=_("Staff time budget (hours a month)"),
        required=False,
        max_digits=7,
        decimal_places=1,
    )
    starts_on = SaneDateField(label=_("Starts on"))
    ends_on = SaneDateField(label=_("Ends on"), required=False)
    status = djforms.ChoiceField(label=_("Status"), choices=Programme.Status.choices)
    campaigns = djforms.ModelMultipleChoiceField(
        label=_("Campaigns in this programme"),
        queryset=Campaign.objects.none(),
        widget=djforms.CheckboxSelectMultiple,
        required=False,
        help_text=_("A campaign you untick returns to the default programme."),
    )

    def __init__(self, *args: Any, brand: Brand, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_tiers"].queryset = Tier.objects.filter(brand=brand)  # type: ignore[attr-defined]
        self.fields["campaigns"].queryset = Campaign.objects.filter(brand=brand).order_by(  # type: ignore[attr-defined]
            "title"
        )

    def spec(
        self, objectives: list[ObjectiveSpec], milestones: list[MilestoneSpec]
    ) -> ProgrammeSpec:
        data = self.cleaned_data
        return ProgrammeSpec(
            name=data["name"],
            positioning=data["positioning"],
            forms=data["forms"],
            target_tiers=list(data["target_tiers"]),
            target_languages=data["target_languages"],
            target_description=data["target_description"],
            capacity_per_month=data["capacity_per_month"],
            staff_hours_per_month=data["staff_hours_per_month"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            status=data["status"],
            objectives=objectives,
            milestones=milestones,
        )

    @staticmethod
    def initial_for(programme: Programme) -> dict[str, Any]:
        return {
            "name": programme.name,
            "positioning": programme.positioning,
            "forms": programme.forms,
            "target_tiers": list(programme.target_tiers.all()),
            "target_languages": programme.target_languages,
            "target_description": programme.target_description,
            "capacity_per_month": programme.capacity_per_month,
            "staff_hours_per_month": programme.staff_hours_per_month,
            "starts_on": programme.starts_on,
            "ends_on": programme.ends_on,
            "status": programme.status,
            "campaigns": list(programme.campaigns.all()),
        }


class ObjectiveForm(djforms.Form):
    """One objective row; a row left entirely empty is skipped."""

    metric = djforms.ChoiceField(
        label=_("Measure"),
        choices=[("", "—"), *Objective.Metric.choices],
        required=False,
    )
    target = djforms.DecimalField(
        label=_("Target"), required=False, max_digits=12, decimal_places=2
    )
    starts_on = SaneDateField(label=_("From"), required=False)
    due_on = SaneDateField(label=_("Due on"), required=False)
    note = djforms.CharField(label=_("Note"), required=False, max_length=200, validators=[_no_nul])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = any(data.get(k) not in (None, "") for k in ("metric", "target", "due_on"))
        if filled:
            for key in ("metric", "target", "starts_on", "due_on"):
                if data.get(key) in (None, ""):
                    self.add_error(key, _("This field is required."))
        return data

    def spec(self) -> ObjectiveSpec | None:
        data = self.cleaned_data
        if not data.get("metric"):
            return None
        return ObjectiveSpec(
            metric=data["metric"],
            target=Decimal(data["target"]),
            starts_on=data["starts_on"],
            due_on=data["due_on"],
            note=data.get("note", ""),
        )


class MilestoneForm(djforms.Form):
    title = djforms.CharField(
        label=_("Milestone"), required=False, max_length=160, validators=[_no_nul]
    )
    due_on = SaneDateField(label=_("Due on"), required=False)
    done_on = SaneDateField(label=_("Done on"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("title") and not data.get("due_on"):
            self.add_error("due_on", _("This field is required."))
        if data.get("due_on") and not data.get("title"):
            self.add_error("title", _("This field is required."))
        return data

    def spec(self) -> MilestoneSpec | None:
        data = self.cleaned_data
        if not data.get("title"):
            return None
        return MilestoneSpec(title=data["title"], due_on=data["due_on"], done_on=data["done_on"])


ObjectiveFormSet = djforms.formset_factory(ObjectiveForm, extra=2, max_num=12, validate_max=True)
MilestoneFormSet = djforms.formset_factory(MilestoneForm, extra=2, max_num=24, validate_max=True)


def objectives_initial(programme: Programme) -> list[dict[str, Any]]:
    return [
        {
            "metric": o.metric,
            "target": o.target,
            "starts_on": o.starts_on,
            "due_on": o.due_on,
            "note": o.note,
        }
        for o in programme.objectives.all()
    ]


def milestones_initial(programme: Programme) -> list[dict[str, Any]]:
    return [
        {"title": m.title, "due_on": m.due_on, "done_on": m.done_on}
        for m in programme.milestones.all()
    ]


class StaffTimeForm(djforms.Form):
    action = djforms.ChoiceField(
        label=_("Work"),
        choices=[
            (a.value, a.label)
            for a in (
                StaffAction.Action.WORKSHOP,
                StaffAction.Action.DEVELOPMENT,
                StaffAction.Action.OTHER,
            )
        ],
    )
    hours = djforms.DecimalField(label=_("Hours"), max_digits=7, decimal_places=2)
    occurred_on = SaneDateField(label=_("Date"))
    campaign = djforms.ModelChoiceField(
        label=_("Campaign"), queryset=Campaign.objects.none(), required=False
    )
    note = djforms.CharField(label=_("Note"), required=False, max_length=200, validators=[_no_nul])

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = programme.campaigns.all()  # type: ignore[attr-defined]


class OutcomeForm(djforms.Form):
    kind = djforms.ChoiceField(label=_("Gain"), choices=Outcome.Kind.choices)
    amount = djforms.DecimalField(
        label=_("Amount (€, or 1 for a launch)"), max_digits=12, decimal_places=2
    )
    occurred_on = SaneDateField(label=_("Date"))
    campaign = djforms.ModelChoiceField(
        label=_("Campaign"), queryset=Campaign.objects.none(), required=False
    )
    note = djforms.CharField(label=_("Note"), required=False, max_length=200, validators=[_no_nul])

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = programme.campaigns.all()  # type: ignore[attr-defined]


class EstimatesForm(djforms.Form):
    """One field per automatic action: the minutes it takes."""

    def __init__(self, *args: Any, current: dict[str, Decimal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for action in AUTOMATIC:
            self.fields[action] = djforms.DecimalField(
                label=StaffAction.Action(action).label,
                max_digits=6,
                decimal_places=2,
                initial=current[action],
            )
