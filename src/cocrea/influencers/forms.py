"""Forms of partnerships and spaces (thin: the services check and decide)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership
from cocrea.core.forms import BilingualMixin
from cocrea.influencers.models import Partnership, Round, Space


class PartnershipForm(BilingualMixin, forms.Form):
    bilingual = ("capsule_name", "goals")

    influencer = forms.ModelChoiceField(label=_("Influencer"), queryset=Membership.objects.none())
    capsule_name = forms.CharField(label=_("Capsule name"), max_length=120)
    goals = forms.CharField(
        label=_("Goals"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    terms = forms.ChoiceField(label=_("Terms"), choices=Partnership.Terms.choices)
    amount = forms.DecimalField(
        label=_("Royalty share (%) or fee"), max_digits=12, decimal_places=2, min_value=0
    )
    currency = forms.CharField(label=_("Currency of a fee"), max_length=3, initial="EUR")

    def __init__(self, *args: Any, brand: Brand, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = Membership.objects.filter(
            brand=brand, role__in=[Membership.Role.MEMBER, Membership.Role.INFLUENCER]
        ).select_related("user")
        self.fields["influencer"].queryset = members.order_by("user__display_name")  # type: ignore[attr-defined]
        self.fields["influencer"].label_from_instance = lambda m: m.user.public_name  # type: ignore[attr-defined]


class SpaceForm(forms.Form):
    title = forms.CharField(label=_("Name of the space"), max_length=80)
    bio = forms.CharField(
        label=_("Bio"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    links = forms.CharField(
        label=_("Links to your channels, one a line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    visibility = forms.ChoiceField(label=_("Who sees it"), choices=Space.Visibility.choices)
    photo = forms.ImageField(label=_("Photo"), required=False)

    @staticmethod
    def initial_for(space: Space) -> dict[str, Any]:
        return {
            "title": space.title,
            "bio": space.bio,
            "links": "\n".join(space.links),
            "visibility": space.visibility,
        }


class RoundForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (Round.Kind.QUESTION, _("Open question")),
            (Round.Kind.MOODBOARD, _("Mood board")),
        ],
    )
    prompt = forms.CharField(label=_("Prompt"), max_length=200)
    closes_at = forms.DateTimeField(
        label=_("Closes at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class ResponseForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PictureForm(forms.Form):
    image = forms.ImageField(label=_("Picture"))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)
