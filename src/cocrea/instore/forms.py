"""The console's forms for stores, products, devices and imports (input shapes only: the rules
are the services')."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cocrea.instore.models import Device, Product, Store


class StoreForm(forms.Form):
    code = forms.CharField(label=_("Store code"), max_length=32)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=120, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=120, required=False)
    city = forms.CharField(label=_("City"), max_length=80, required=False)
    region = forms.CharField(label=_("Region"), max_length=80, required=False)
    time_zone = forms.CharField(label=_("Time zone"), max_length=64, initial="Europe/Paris")
    opening_hours_fr = forms.CharField(
        label=_("Opening hours (French)"), max_length=200, required=False
    )
    opening_hours_en = forms.CharField(
        label=_("Opening hours (English)"), max_length=200, required=False
    )
    is_active = forms.BooleanField(label=_("Open"), required=False, initial=True)


class ProductForm(forms.Form):
    sku = forms.CharField(label=_("Reference (SKU)"), max_length=64)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=160, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=160, required=False)
    category_fr = forms.CharField(label=_("Category (French)"), max_length=80, required=False)
    category_en = forms.CharField(label=_("Category (English)"), max_length=80, required=False)
    price = forms.DecimalField(
        label=_("Price"), max_digits=9, decimal_places=2, min_value=0, required=False
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="EUR")
    status = forms.ChoiceField(label=_("Status"), choices=Product.Status.choices)
    customizer_product = forms.TypedChoiceField(
        label=_("Customizer product"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args: object, customizer: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["customizer_product"]
        field.choices = [("", _("None")), *customizer]  # type: ignore[attr-defined]


class PictureForm(forms.Form):
    picture = forms.FileField(
        label=_("Picture"),
        help_text=_("JPEG, PNG, WebP or GIF; shown on the kiosk and the shelf page."),
    )


class DeviceForm(forms.Form):
    store = forms.ModelChoiceField(label=_("Store"), queryset=Store.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=Device.Kind.choices)
    name = forms.CharField(
        label=_("Name"), max_length=80, help_text=_("For example: Kiosk by the entrance")
    )

    def __init__(self, *args: object, stores: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["store"].queryset = stores  # type: ignore[attr-defined]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_("The first line names the columns; at most 5,000 lines and 2 MB."),
    )
