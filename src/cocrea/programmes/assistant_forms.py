"""The set-up assistant's form: the questions, then the choice of campaigns to draft."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms as djforms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand
from cocrea.engagement.models import Tier
from cocrea.programmes import recommend as rules
from cocrea.programmes.assistant import Targets
from cocrea.programmes.forms import SaneDateField, _no_nul


class AssistantForm(djforms.Form):
    goals = djforms.MultipleChoiceField(
        label=_("What do you want from working with your customers?"),
        choices=rules.GOALS,
        widget=djforms.CheckboxSelectMultiple,
    )
    ideas_target = djforms.IntegerField(
        label=_("Ideas wanted"), required=False, min_value=0, max_value=10_000_000
    )
    launched_target = djforms.IntegerField(
        label=_("Products to launch from them"), required=False, min_value=0, max_value=10_000
    )
    active_pct_target = djforms.DecimalField(
        label=_("Members active (%)"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=1,
    )
    starts_on = SaneDateField(label=_("Starts on"))
    due_on = SaneDateField(label=_("Objectives due on"))
    members = djforms.IntegerField(
        label=_("Members you can reach"), min_value=0, max_value=100_000_000
    )
    expert_members = djforms.BooleanField(
        label=_("Some customers are experts who improve the products themselves"), required=False
    )
    has_products = djforms.BooleanField(label=_("We have customizable products"), required=False)
    has_stores = djforms.BooleanField(label=_("We have stores"), required=False)
    has_influencers = djforms.BooleanField(
        label=_("We work with influencers or ambassadors"), required=False
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
    capacity_per_month = djforms.IntegerField(
        label=_("Production capacity (ideas or designs a month)"),
        min_value=0,
        max_value=1_000_000,
        help_text=_("How many contributions the team can review, answer and develop a month."),
    )
    staff_hours_per_month = djforms.DecimalField(
        label=_("Staff time budget (hours a month)"),
        required=False,
        min_value=Decimal(0),
        max_digits=7,
        decimal_places=1,
    )
    name = djforms.CharField(
        label=_("Name of the programme"), max_length=120, required=False, validators=[_no_nul]
    )
    positioning = djforms.CharField(
        label=_("Positioning statement"),
        required=False,
        max_length=2000,
        validators=[_no_nul],
        widget=djforms.Textarea(attrs={"rows": 3}),
    )
    kinds = djforms.MultipleChoiceField(
        label=_("Campaigns to draft"),
        choices=list(rules.KINDS.items()),
        widget=djforms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, brand: Brand, creating: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.creating = creating
        self.fields["target_tiers"].queryset = Tier.objects.filter(brand=brand)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, due = data.get("starts_on"), data.get("due_on")
        if starts and due and due <= starts:
            self.add_error("due_on", _("An objective must be due after it starts."))
        if self.creating:
            if not (data.get("name") or "").strip():
                self.add_error("name", _("A programme needs a name."))
            if not data.get("kinds"):
                self.add_error("kinds", _("Choose at least one kind of campaign."))
        return data

    def answers(self) -> rules.Answers:
        data = self.cleaned_data
        return rules.Answers(
            goals=frozenset(data["goals"]),
            members=data["members"],
            expert_members=data["expert_members"],
            has_products=data["has_products"],
            has_stores=data["has_stores"],
            has_influencers=data["has_influencers"],
            capacity_per_month=data["capacity_per_month"],
            staff_hours_per_month=data["staff_hours_per_month"],
        )

    def targets(self) -> Targets:
        data = self.cleaned_data
        return Targets(
            due_on=data["due_on"],
            ideas=data["ideas_target"],
            launched=data["launched_target"],
            active_pct=data["active_pct_target"],
        )
