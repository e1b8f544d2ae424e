"""Forms read and type what people send; the rules live in the services and permissions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocrea.campaigns.models import Tag
from cocrea.community.figures import FIGURES
from cocrea.community.qa_services import QUESTION_TITLE_MAX
from cocrea.community.services import BODY_MAX, COMMENT_MAX, REPORT_REASONS, TITLE_MAX
from cocrea.core.forms import MarkdownEditor, MarkdownField
from cocrea.ideas.forms import IdsField, MultipleImageField
from cocrea.moderation.models import Report


class _TagsMixin:
    def _set_tags(self, brand_id: int) -> None:
        self.fields["tags"].queryset = Tag.objects.filter(brand_id=brand_id)  # type: ignore[attr-defined]


class StoryForm(_TagsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    body = MarkdownField(
        label=_("Your story"),
        max_length=BODY_MAX,
        widget=MarkdownEditor(attrs={"rows": 10}),
        help_text=_("What did you do, how did it go?"),
    )
    tags = IdsField(
        label=_("Topics"),
        queryset=Tag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    photos = MultipleImageField(
        label=_("Photos"),
        required=False,
        help_text=_("Up to 3 photos (JPEG, PNG, WebP or GIF)."),
    )

    def __init__(self, *args: Any, brand_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_tags(brand_id)
        for figure in FIGURES:
            label = f"{figure.label} ({figure.unit})" if figure.unit else figure.label
            if figure.kind == "number":
                field: forms.Field = forms.DecimalField(
                    label=label,
                    required=False,
                    min_value=0,
                    max_value=figure.maximum,
                    decimal_places=2,
                    max_digits=12,
                )
            else:
                field = forms.CharField(label=label, required=False, max_length=int(figure.maximum))
            self.fields[f"fig_{figure.key}"] = field

    def figure_fields(self) -> list[Any]:
        return [self[f"fig_{figure.key}"] for figure in FIGURES]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        figures = {
            figure.key: (
                str(data[f"fig_{figure.key}"])
                if figure.kind == "number"
                else data[f"fig_{figure.key}"]
            )
            for figure in FIGURES
            if data.get(f"fig_{figure.key}") not in (None, "")
        }
        return {
            "title": data["title"],
            "body": data["body"],
            "figures": figures,
            "tags": list(data.get("tags") or []),
            "photos": data.get("photos") or [],
        }


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"), max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("Your rating"), coerce=int, choices=[(n, str(n)) for n in range(1, 6)]
    )


class QuestionForm(_TagsMixin, forms.Form):
    title = forms.CharField(label=_("Your question"), max_length=QUESTION_TITLE_MAX)
    body = MarkdownField(
        label=_("Details"),
        max_length=BODY_MAX,
        required=False,
        widget=MarkdownEditor(attrs={"rows": 6}),
    )
    tags = IdsField(
        label=_("Topics"),
        queryset=Tag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, brand_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_tags(brand_id)


class AnswerForm(forms.Form):
    body = MarkdownField(
        label=_("Your answer"), max_length=BODY_MAX, widget=MarkdownEditor(attrs={"rows": 5})
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why?"),
        choices=[
            (value, label) for value, label in Report.Reason.choices if value in REPORT_REASONS
        ],
        widget=forms.RadioSelect,
    )
    details = forms.CharField(label=_("Details"), max_length=500, required=False)


class ModerateForm(forms.Form):
    action = forms.ChoiceField(choices=[("hide", "hide"), ("restore", "restore")])
    reason = forms.CharField(max_length=500)
