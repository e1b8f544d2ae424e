"""The poll form: a question and its answers typed in French and English, pictures or designs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand
from cocrea.campaigns.models import Campaign
from cocrea.core.forms import BilingualMixin
from cocrea.customizer.models import Design
from cocrea.polls.models import Poll
from cocrea.polls.services import OptionInput


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(MultipleImageField, self).clean(f, initial) for f in files]


class PollForm(BilingualMixin, forms.Form):
    bilingual = ("question", "answers")

    question = forms.CharField(label=_("Question"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of poll"), choices=Poll.Kind.choices)
    answers = forms.CharField(
        label=_("Answers, one a line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For pictures, the lines name the pictures in order (optional)."),
    )
    pictures = MultipleImageField(label=_("Pictures to choose between"), required=False)
    designs = forms.ModelMultipleChoiceField(
        label=_("Designs to choose between"),
        queryset=Design.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def __init__(self, *args: Any, brand: Brand, with_campaign: bool = True, **kw: Any) -> None:
        super().__init__(*args, **kw)
        saved = Design.objects.filter(brand=brand, status=Design.Status.SAVED)
        # The 50 latest, as ids: the field filters its queryset to check the choices, which a
        # sliced queryset would not allow (a chosen design was then refused as invalid).
        latest = list(saved.order_by("-id").values_list("pk", flat=True)[:50])
        designs = saved.filter(pk__in=latest).select_related("product").order_by("-id")
        self.fields["designs"].queryset = designs  # type: ignore[attr-defined]
        if with_campaign:
            campaigns = Campaign.objects.filter(brand=brand).order_by("-id")
            self.fields["campaign"] = forms.ModelChoiceField(
                label=_("Idea campaign"),
                queryset=campaigns,
                required=False,
                empty_label=_("None: a community poll"),
            )

    def options(self) -> list[OptionInput]:
        data = self.cleaned_data
        kind = data["kind"]
        lines = {
            lang: [row for row in text.splitlines() if row.strip()]
            for lang, text in data["answers"].items()
        }

        def label(i: int) -> dict[str, str]:
            return {
                lang: (rows[i].strip() if i < len(rows) else "") for lang, rows in lines.items()
            }

        if kind == Poll.Kind.SCALE:
            return []
        if kind == Poll.Kind.PICTURES:
            return [OptionInput(label=label(i), image=f) for i, f in enumerate(data["pictures"])]
        if kind == Poll.Kind.DESIGNS:
            return [OptionInput(design_id=d.pk) for d in data["designs"]]
        count = max((len(rows) for rows in lines.values()), default=0)
        return [OptionInput(label=label(i)) for i in range(count)]
