"""Console forms. They check shapes (lengths, dates, choices); rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocrea.campaigns.models import Campaign, Phase
from cocrea.campaigns.services import MAX_BRAND_TAGS, MAX_CATEGORIES, PhaseSpec
from cocrea.core.forms import BilingualMixin, MarkdownEditor, MarkdownField
from cocrea.core.rows import NameRowForm, rows_formset
from cocrea.core.texts import texts_of

Kind = Phase.Kind
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class PhaseDateTimeField(forms.DateTimeField):
    """A date a campaign can really have. Year 1 or 9999 would overflow once converted to UTC
    (or moved by a phase change) and crash the save instead of being refused here."""

    def to_python(self, value: Any) -> Any:
        result = super().to_python(value)
        if result is not None and not 2000 <= result.year <= 2999:
            raise forms.ValidationError(
                _("Enter a date between the years 2000 and 2999."), code="out_of_range"
            )
        return result


def _datetime_field(label: Any) -> forms.DateTimeField:
    return PhaseDateTimeField(
        label=label,
        required=False,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )


class CampaignForm(BilingualMixin, forms.Form):
    bilingual = ("title", "objective", "description")

    title = forms.CharField(label=_("Title"), max_length=120)
    slug = forms.SlugField(
        label=_("Address"),
        max_length=60,
        required=False,
        help_text=_("Letters, digits and hyphens. Left empty, it is made from the title."),
    )
    objective = forms.CharField(
        label=_("Objective"),
        max_length=280,
        help_text=_("One sentence: what the brand wants to learn or decide."),
    )
    description = MarkdownField(
        label=_("Description"),
        required=False,
        max_length=20000,
        widget=MarkdownEditor(attrs={"rows": 8}),
    )
    cover = forms.FileField(label=_("Cover image"), required=False)
    remove_cover = forms.BooleanField(label=_("Remove the cover image"), required=False)
    visibility = forms.ChoiceField(label=_("Who may see it"), choices=Campaign.Visibility.choices)
    allow_rating = forms.BooleanField(
        label=_("Members may rate ideas (1 to 5 stars)"), required=False
    )

    submission_starts = _datetime_field(_("Submission starts"))
    submission_ends = _datetime_field(_("Submission ends"))
    voting_starts = _datetime_field(_("Voting starts"))
    voting_ends = _datetime_field(_("Voting ends"))
    review_starts = _datetime_field(_("Review starts"))
    review_ends = _datetime_field(_("Review ends"))
    results_starts = _datetime_field(_("Results published"))

    PHASE_FIELDS = (
        (Kind.SUBMISSION, "submission_starts", "submission_ends"),
        (Kind.VOTING, "voting_starts", "voting_ends"),
        (Kind.REVIEW, "review_starts", "review_ends"),
        (Kind.RESULTS, "results_starts", None),
    )

    @classmethod
    def campaign_initial(cls, campaign: Campaign) -> dict[str, Any]:
        """The initial values of the fields every campaign kind shares, phases included (for
        the edit forms)."""
        dates = {phase.kind: phase for phase in campaign.phases.all()}
        initial: dict[str, Any] = {
            "title": texts_of(campaign, "title"),
            "slug": campaign.slug,
            "objective": texts_of(campaign, "objective"),
            "description": texts_of(campaign, "description"),
            "visibility": campaign.visibility,
        }
        for kind, starts_name, ends_name in cls.PHASE_FIELDS:
            if kind in dates:
                initial[starts_name] = dates[kind].starts_at
                if ends_name:
                    initial[ends_name] = dates[kind].ends_at
        return initial

    def phase_rows(self) -> list[dict[str, Any]]:
        """Bound fields grouped by phase, for the template."""
        return [
            {
                "kind": kind,
                "label": Kind(kind).label,
                "starts": self[starts],
                "ends": self[ends] if ends else None,
            }
            for kind, starts, ends in self.PHASE_FIELDS
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        specs: list[PhaseSpec] = []
        for kind, starts_name, ends_name in self.PHASE_FIELDS:
            starts = data.get(starts_name)
            ends = data.get(ends_name) if ends_name else None
            if starts is None:
                if ends is not None and ends_name:
                    self.add_error(starts_name, _("Give the start of this phase too."))
                continue
            specs.append(PhaseSpec(kind=kind, starts_at=starts, ends_at=ends))
        data["phases"] = specs
        return data

    def field_for_phase(self, kind: str) -> str:
        for phase_kind, starts_name, _ends in self.PHASE_FIELDS:
            if phase_kind == kind:
                return starts_name
        return "submission_starts"


class CategoryRowForm(NameRowForm):
    name_max_length = 60


class TagRowForm(NameRowForm):
    name_max_length = 40


CategoryRows = rows_formset(CategoryRowForm, max_rows=MAX_CATEGORIES)
TagRows = rows_formset(TagRowForm, max_rows=MAX_BRAND_TAGS)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of a member"), max_length=254)


class PhaseOpenForm(forms.Form):
    kind = forms.ChoiceField(choices=Kind.choices)
