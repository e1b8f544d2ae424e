"""Console forms for products, parts, options and rules.

They check shapes; rules live in services.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cocrea.core.forms import BilingualMixin
from cocrea.core.texts import text_marked, texts_of
from cocrea.customizer.models import Option, Product
from cocrea.customizer.svg import MAX_SHAPE_BYTES

_COLOUR = forms.TextInput(attrs={"type": "color"})
_MONEY: dict[str, Any] = {"max_digits": 9, "decimal_places": 2}


class ProductForm(BilingualMixin, forms.Form):
    bilingual = ("name", "description", "text_label")

    name = forms.CharField(label=_("Name"), max_length=80)
    slug = forms.SlugField(
        label=_("Address"),
        max_length=60,
        required=False,
        help_text=_("Letters, digits and hyphens. Left empty, it is made from the name."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    base_price = forms.DecimalField(label=_("Base price"), min_value=Decimal("0"), **_MONEY)
    currency = forms.RegexField(
        label=_("Currency"), regex=r"^[A-Z]{3}$", initial="EUR", max_length=3
    )
    is_active = forms.BooleanField(label=_("Open to members"), required=False, initial=True)
    width = forms.IntegerField(label=_("Picture width"), min_value=10, max_value=4000, initial=400)
    height = forms.IntegerField(
        label=_("Picture height"), min_value=10, max_value=4000, initial=400
    )
    text_label = forms.CharField(
        label=_("Text label"),
        max_length=60,
        required=False,
        help_text=_("What members type, e.g. “Your initials”."),
    )
    text_max_length = forms.IntegerField(
        label=_("Text maximum length"),
        min_value=0,
        max_value=60,
        initial=0,
        help_text=_("0: this product takes no text."),
    )
    text_charset = forms.ChoiceField(label=_("Allowed characters"), choices=Product.Charset.choices)
    text_price = forms.DecimalField(
        label=_("Price of the text"), min_value=Decimal("0"), initial=0, **_MONEY
    )
    text_x = forms.IntegerField(
        label=_("Text position x"), min_value=0, max_value=4000, initial=200
    )
    text_y = forms.IntegerField(
        label=_("Text position y"), min_value=0, max_value=4000, initial=200
    )
    text_size = forms.IntegerField(label=_("Font size"), min_value=4, max_value=400, initial=32)
    text_colour = forms.RegexField(
        label=_("Text colour"), regex=r"^#[0-9a-fA-F]{6}$", initial="#222222", widget=_COLOUR
    )

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "slug"}


def product_initial(product: Product) -> dict[str, Any]:
    initial = {name: getattr(product, name) for name in ProductForm.base_fields}
    return initial | {name: texts_of(product, name) for name in ProductForm.bilingual}


class PartForm(BilingualMixin, forms.Form):
    bilingual = ("name",)

    name = forms.CharField(label=_("Name"), max_length=60)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=1000, required=False)
    shape = forms.CharField(
        label=_("Shape"),
        required=False,
        max_length=MAX_SHAPE_BYTES,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=_(
            "SVG path data (M 10 10 L 90 10 …) or SVG shapes (path, rect, circle, ellipse, "
            "polygon), in the coordinates of the picture. Scripts, links, images and styles "
            "are removed."
        ),
    )
    shape_file = forms.FileField(
        label=_("…or upload an SVG file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".svg,image/svg+xml"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload = data.get("shape_file")
        if upload is not None:
            if upload.size > MAX_SHAPE_BYTES:
                self.add_error("shape_file", _("This shape is too large (100 KB at most)."))
                return data
            try:
                data["shape"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                self.add_error("shape_file", _("This is not valid SVG markup."))
        return data


class OptionForm(BilingualMixin, forms.Form):
    bilingual = ("label",)

    label = forms.CharField(label=_("Label"), max_length=60)
    kind = forms.ChoiceField(label=_("Kind"), choices=Option.Kind.choices)
    colour = forms.RegexField(
        label=_("Colour"), regex=r"^#[0-9a-fA-F]{6}$", initial="#cccccc", widget=_COLOUR
    )
    material = forms.ChoiceField(
        label=_("Material"), choices=Option.Material.choices, initial="plain"
    )
    price_delta = forms.DecimalField(label=_("Price delta"), initial=0, **_MONEY)


class IncompatibilityForm(forms.Form):
    option_a = forms.TypedChoiceField(label=_("This option"), coerce=int)
    option_b = forms.TypedChoiceField(label=_("cannot go with"), coerce=int)

    def __init__(self, *args: Any, options: list[Option], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            (o.pk, f"{text_marked(o.part, 'name')} · {text_marked(o, 'label')}") for o in options
        ]
        self.fields["option_a"].choices = choices  # type: ignore[attr-defined]
        self.fields["option_b"].choices = choices  # type: ignore[attr-defined]


class BlockedWordsForm(forms.Form):
    """One textarea per platform language; one word or phrase per line."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            self.fields[f"words_{code}"] = forms.CharField(
                label=name,
                required=False,
                max_length=30_000,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def words(self) -> dict[str, list[str]]:
        return {
            code: [w for w in self.cleaned_data[f"words_{code}"].splitlines() if w.strip()]
            for code, _name in settings.LANGUAGES
        }
