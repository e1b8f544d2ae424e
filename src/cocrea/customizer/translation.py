"""The texts a brand writes, in French and English (django-modeltranslation).

Each field below gets ``<field>_fr`` and ``<field>_en`` columns; reading ``<field>`` gives
the reader's language, else the other one (docs/decisions/0009-brand-content-languages.md).
"""

from modeltranslation.translator import TranslationOptions, register

from cocrea.customizer.models import Option, Part, Product


@register(Product)
class ProductTexts(TranslationOptions):
    fields = (
        "name",
        "description",
        "text_label",
    )


@register(Part)
class PartTexts(TranslationOptions):
    fields = ("name",)


@register(Option)
class OptionTexts(TranslationOptions):
    fields = ("label",)
