"""The texts a brand writes, in French and English (django-modeltranslation).

Each field below gets ``<field>_fr`` and ``<field>_en`` columns; reading ``<field>`` gives
the reader's language, else the other one (docs/decisions/0009-brand-content-languages.md).
"""

from modeltranslation.translator import TranslationOptions, register

from cocrea.contests.models import Contest, Criterion


@register(Contest)
class ContestTexts(TranslationOptions):
    fields = ("winner_prize",)


@register(Criterion)
class CriterionTexts(TranslationOptions):
    fields = ("name",)
