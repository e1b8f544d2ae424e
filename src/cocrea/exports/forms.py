from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cocrea.exports.datasets import DATASETS
from cocrea.exports.models import ExportJob


class ExportForm(forms.Form):
    dataset = forms.ChoiceField(
        label=_("Data"), choices=[(key, d.label) for key, d in DATASETS.items()]
    )
    format = forms.ChoiceField(label=_("Format"), choices=ExportJob.Format.choices)
