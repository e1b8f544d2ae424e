"""The texts a brand writes, in French and English (django-modeltranslation).

Each field below gets ``<field>_fr`` and ``<field>_en`` columns; reading ``<field>`` gives
the reader's language, else the other one (docs/decisions/0009-brand-content-languages.md).
"""

from modeltranslation.translator import TranslationOptions, register

from cocrea.engagement.models import (
    Badge,
    BadgeAward,
    BrandEvent,
    MemberArea,
    Reward,
    Tier,
    TierChange,
)


@register(Tier)
class TierTexts(TranslationOptions):
    fields = ("name",)


@register(Badge)
class BadgeTexts(TranslationOptions):
    fields = (
        "name",
        "description",
    )


@register(BadgeAward)
class BadgeAwardTexts(TranslationOptions):
    fields = ("reason",)


@register(Reward)
class RewardTexts(TranslationOptions):
    fields = (
        "label",
        "source",
    )


@register(MemberArea)
class MemberAreaTexts(TranslationOptions):
    fields = (
        "title",
        "body",
        "drop_label",
    )


@register(BrandEvent)
class BrandEventTexts(TranslationOptions):
    fields = ("title",)


@register(TierChange)
class TierChangeTexts(TranslationOptions):
    fields = ("to_tier_name",)
