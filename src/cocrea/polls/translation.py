"""The texts of a poll, in French and English (decision 0009)."""

from modeltranslation.translator import TranslationOptions, register

from cocrea.polls.models import Poll, PollOption


@register(Poll)
class PollTexts(TranslationOptions):
    fields = ("question",)


@register(PollOption)
class PollOptionTexts(TranslationOptions):
    fields = ("label",)
