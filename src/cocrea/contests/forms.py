"""Forms of contests. They check shapes (lengths, numbers, choices); rules live in services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocrea.campaigns.forms import CampaignForm
from cocrea.contests.jury import MAX_CRITERIA
from cocrea.contests.models import Contest, Criterion, Partner
from cocrea.contests.services import Rules
from cocrea.core.rows import NameRowForm, rows_formset
from cocrea.customizer.models import Design, Product


class ContestForm(CampaignForm):
    """The campaign's fields (title, objective, description, dates) and the contest's rules."""

    bilingual = ("title", "objective", "description", "winner_prize")

    cover = None  # type: ignore[assignment]  # a contest has none
    remove_cover = None  # type: ignore[assignment]  # a contest has none
    allow_rating = None  # type: ignore[assignment]  # a contest has none

    product = forms.ModelChoiceField(label=_("Product to design"), queryset=Product.objects.none())
    designs_per_member = forms.IntegerField(
        label=_("Designs per member"), min_value=1, max_value=20, initial=3
    )
    finalists = forms.IntegerField(
        label=_("Finalists (co-creators selected)"), min_value=1, max_value=500, initial=20
    )
    winners = forms.IntegerField(label=_("Winners"), min_value=1, max_value=100, initial=1)
    vote_mode = forms.ChoiceField(label=_("Public vote"), choices=Contest.VoteMode.choices)
    vote_budget = forms.IntegerField(
        label=_("Votes per member (budget mode)"), min_value=1, max_value=100, initial=5
    )
    jury_weight = forms.IntegerField(
        label=_("Weight of the jury (%)"),
        min_value=0,
        max_value=100,
        initial=50,
        help_text=_("The public vote weighs the rest."),
    )
    winner_prize = forms.CharField(label=_("Prize of the winners"), max_length=120, required=False)
    winner_points = forms.IntegerField(
        label=_("Points for each winner"), min_value=0, max_value=100000, initial=100
    )
    finalist_points = forms.IntegerField(
        label=_("Points for each finalist"), min_value=0, max_value=100000, initial=20
    )
    royalty_percent = forms.DecimalField(
        label=_("Royalty share of the winners, in percent of sales"),
        min_value=Decimal("0"),
        max_value=Decimal("50"),
        max_digits=5,
        decimal_places=2,
        initial=Decimal("0"),
    )

    RULES = (
        "designs_per_member",
        "finalists",
        "winners",
        "vote_mode",
        "vote_budget",
        "jury_weight",
        "winner_prize",
        "winner_points",
        "finalist_points",
        "royalty_percent",
    )

    def __init__(self, *args: Any, brand: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.filter(brand=brand)  # type: ignore[attr-defined]
        self.fields["review_starts"].label = _("Jury starts")
        self.fields["review_ends"].label = _("Jury ends")
        self.fields["voting_starts"].label = _("Public vote starts")
        self.fields["voting_ends"].label = _("Public vote ends")

    def phase_rows(self) -> list[dict[str, Any]]:
        rows = super().phase_rows()
        labels = {"review": _("Jury"), "voting": _("Public vote")}
        for row in rows:
            row["label"] = labels.get(row["kind"], row["label"])
        return rows

    def rules(self) -> Rules:
        return Rules(**{name: self.cleaned_data[name] for name in self.RULES})


class EntryForm(forms.Form):
    design = forms.ModelChoiceField(label=_("Your design"), queryset=Design.objects.none())
    title = forms.CharField(label=_("Title"), max_length=100)
    story = forms.CharField(
        label=_("Its story"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What inspired it, who it is for. 1,000 characters at most."),
    )

    def __init__(self, *args: Any, designs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["design"].queryset = designs  # type: ignore[attr-defined]


class ScoreForm(forms.Form):
    """One 0-10 field per criterion, named ``c<criterion id>``."""

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.IntegerField(
                label=criterion.name, min_value=0, max_value=10
            )

    def marks(self) -> dict[int, int]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


class JurorForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of a member or of the team"), max_length=254)


class CriterionRowForm(NameRowForm):
    """A jury criterion: its name in each language and its weight (1 to 10)."""

    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=10, initial=1)

    def extra(self) -> dict[str, Any]:
        return {"weight": self.cleaned_data["weight"]}


CriteriaRows = rows_formset(CriterionRowForm, max_rows=MAX_CRITERIA)


class ShortlistForm(forms.Form):
    entries = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())

    def __init__(self, *args: Any, entry_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entries"].choices = [(i, str(i)) for i in entry_ids]  # type: ignore[attr-defined]


class VoidForm(forms.Form):
    votes = forms.CharField(max_length=100_000)  # vote ids separated by commas
    reason = forms.CharField(label=_("Reason"), max_length=500)
    rule = forms.CharField(max_length=20, required=False)

    def clean_votes(self) -> list[int]:
        try:
            ids = [int(v) for v in self.cleaned_data["votes"].split(",") if v.strip()]
        except ValueError:
            raise forms.ValidationError(_("Choose votes to void.")) from None
        if not ids or any(not 0 < i < 2**63 for i in ids):
            raise forms.ValidationError(_("Choose votes to void."))
        return ids


class PartnerForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of partner"), choices=Partner.Kind.choices)
    name = forms.CharField(label=_("Partner name"), max_length=80)
    link = forms.URLField(label=_("Link"), max_length=300, required=False, assume_scheme="https")
    picture = forms.FileField(label=_("Picture"), required=False)
    remove_picture = forms.BooleanField(label=_("Remove the picture"), required=False)
    account_email = forms.EmailField(
        label=_("E-mail of the partner's account"),
        max_length=254,
        required=False,
        help_text=_("A member of the community: the partner may then sit on the jury."),
    )
