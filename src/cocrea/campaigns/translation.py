"""The texts a brand writes, in French and English (django-modeltranslation).

Each field below gets ``<field>_fr`` and ``<field>_en`` columns; reading ``<field>`` gives
the reader's language, else the other one (docs/decisions/0009-brand-content-languages.md).
"""

from modeltranslation.translator import TranslationOptions, register

from cocrea.campaigns.models import Campaign, Category, Tag


@register(Campaign)
class CampaignTexts(TranslationOptions):
    fields = (
        "title",
        "objective",
        "description",
    )


@register(Category)
class CategoryTexts(TranslationOptions):
    fields = ("name",)


@register(Tag)
class TagTexts(TranslationOptions):
    fields = ("name",)
