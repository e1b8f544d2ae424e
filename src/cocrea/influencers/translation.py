"""A partnership's texts the brand writes, in French and English (decision 0009)."""

from modeltranslation.translator import TranslationOptions, register

from cocrea.influencers.models import Partnership


@register(Partnership)
class PartnershipTexts(TranslationOptions):
    fields = ("capsule_name", "goals")
