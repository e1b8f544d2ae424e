"""Input checks only; the rules live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocrea.core.forms import BilingualMixin, MarkdownEditor, MarkdownField
from cocrea.engagement.models import EngagementWeights, Kind, Reward, Tier, weight_field
from cocrea.engagement.services import HALF_LIFE_MAX, HALF_LIFE_MIN, THRESHOLD_MAX, WEIGHT_MAX


class WeightsForm(forms.Form):
    half_life_days = forms.FloatField(
        label=_("Half-life in days"),
        min_value=HALF_LIFE_MIN,
        max_value=HALF_LIFE_MAX,
        help_text=_("After this many days an action counts half as much as on its first day."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[weight_field(kind)] = forms.FloatField(
                label=kind.label, min_value=0, max_value=WEIGHT_MAX
            )

    @staticmethod
    def initial_from(row: EngagementWeights) -> dict[str, float]:
        initial = {weight_field(k): getattr(row, weight_field(k)) for k in Kind}
        return {"half_life_days": row.half_life_days, **initial}

    def weights(self) -> dict[str, float]:
        return {kind.value: self.cleaned_data[weight_field(kind)] for kind in Kind}


class TierForm(BilingualMixin, forms.Form):
    bilingual = ("name",)

    tier_id = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    name = forms.CharField(label=_("Name"), max_length=40)
    threshold = forms.FloatField(label=_("Score threshold"), min_value=0, max_value=THRESHOLD_MAX)
    requires_accepted_idea = forms.BooleanField(label=_("Needs an accepted idea"), required=False)


TierFormSet = forms.formset_factory(
    TierForm, extra=1, can_delete=True, max_num=10, validate_max=True
)


class VisibilityForm(forms.Form):
    visible = forms.BooleanField(label=_("Show me on the leaderboard"), required=False)


class PrivacyForm(forms.Form):
    show_tier = forms.BooleanField(label=_("My tier"), required=False)
    show_badges = forms.BooleanField(label=_("My badges"), required=False)
    show_contributions = forms.BooleanField(label=_("My contributions"), required=False)
    show_rewards = forms.BooleanField(label=_("My rewards"), required=False)
    show_on_leaderboard = forms.BooleanField(label=_("My place on the leaderboard"), required=False)


class BadgeForm(BilingualMixin, forms.Form):
    bilingual = ("name", "description")

    name = forms.CharField(label=_("Name"), max_length=60)
    symbol = forms.CharField(label=_("Symbol"), max_length=4, required=False, initial="★")
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Awarded automatically for"),
        choices=[("", _("— by hand only —")), *Kind.choices],
        required=False,
    )
    threshold = forms.IntegerField(
        label=_("How many times"), min_value=1, max_value=100_000, required=False, initial=1
    )


def _members(brand: Any) -> Any:
    from cocrea.brands.models import Membership

    return (
        Membership.objects.filter(brand=brand)
        .select_related("user")
        .order_by("user__display_name", "pk")
    )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.user.public_name} (#{obj.pk})"


class AwardForm(forms.Form):
    member = MemberChoiceField(label=_("Member"), queryset=None)  # type: ignore[arg-type]
    reason = forms.CharField(label=_("Why (optional)"), max_length=200, required=False)

    def __init__(self, *args: Any, brand: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = _members(brand)  # type: ignore[attr-defined]


class RewardForm(BilingualMixin, forms.Form):
    bilingual = ("label", "source")

    member = MemberChoiceField(label=_("Member"), queryset=None)  # type: ignore[arg-type]
    kind = forms.ChoiceField(label=_("Kind"), choices=Reward.Kind.choices)
    label = forms.CharField(label=_("Label"), max_length=120)
    amount = forms.DecimalField(
        label=_("Amount"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text=_("Money for a prize, points, or a percentage for a royalty share."),
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False, initial="EUR")
    source = forms.CharField(label=_("For what"), max_length=200, required=False)

    def __init__(self, *args: Any, brand: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = _members(brand)  # type: ignore[attr-defined]


class AreaForm(BilingualMixin, forms.Form):
    bilingual = ("title", "body", "drop_label")

    title = forms.CharField(label=_("Title"), max_length=120)
    body = MarkdownField(label=_("Text"), widget=MarkdownEditor, required=False, max_length=20_000)
    min_tier: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Open from the tier"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
        empty_label=_("Every member"),
    )
    drop_label = forms.CharField(
        label=_("Offer or product of a drop"), max_length=120, required=False
    )
    stock = forms.IntegerField(
        label=_("Stock of the drop"),
        min_value=0,
        max_value=1_000_000,
        required=False,
        help_text=_("Leave empty for a page without a drop."),
    )
    is_published = forms.BooleanField(label=_("Published"), required=False, initial=True)

    def __init__(self, *args: Any, brand: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["min_tier"].queryset = Tier.objects.filter(brand=brand)  # type: ignore[attr-defined]


class EarlyAccessForm(forms.Form):
    campaign: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=None,  # type: ignore[arg-type]
    )
    tier: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Tier"),
        queryset=None,
        required=False,
        empty_label=_("— no early access —"),  # type: ignore[arg-type]
    )
    days = forms.IntegerField(
        label=_("Days before the opening"), min_value=1, max_value=90, initial=7
    )

    def __init__(self, *args: Any, brand: Any, **kwargs: Any) -> None:
        from cocrea.campaigns.models import Campaign

        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(brand=brand)  # type: ignore[attr-defined]
        self.fields["tier"].queryset = Tier.objects.filter(brand=brand)  # type: ignore[attr-defined]


class EventForm(BilingualMixin, forms.Form):
    bilingual = ("title",)

    title = forms.CharField(label=_("Title"), max_length=120)
    starts_at = forms.DateTimeField(
        label=_("Date"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    place = forms.CharField(label=_("Place"), max_length=120, required=False)


class AttendanceForm(forms.Form):
    emails = forms.CharField(
        label=_("Attendees' e-mail addresses"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=50_000,
        help_text=_("One per line (or separated by commas). Each member is credited once."),
    )

    def emails_list(self) -> list[str]:
        raw = self.cleaned_data["emails"].replace(",", "\n").replace(";", "\n")
        return [line.strip() for line in raw.splitlines() if line.strip()]
