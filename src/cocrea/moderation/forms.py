from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cocrea.moderation.models import ModerationDecision, Report
from cocrea.moderation.services import MAX_REASON


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why should a moderator look at it?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    target = forms.ChoiceField(choices=[("idea", "idea"), ("comment", "comment")])
    item_id = forms.IntegerField(min_value=1, max_value=2**62)
    action = forms.ChoiceField(choices=ModerationDecision.Action.choices)
    reason = forms.CharField(label=_("Reason (kept in the audit log)"), max_length=MAX_REASON)
