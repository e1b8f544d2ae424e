"""The texts a brand writes, in French and English (django-modeltranslation, decision 0009)."""

from modeltranslation.translator import TranslationOptions, register

from cocrea.instore.models import Product, Store


@register(Store)
class StoreTexts(TranslationOptions):
    fields = ("name", "opening_hours")


@register(Product)
class ProductTexts(TranslationOptions):
    fields = ("name", "category")
