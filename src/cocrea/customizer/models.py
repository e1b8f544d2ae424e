"""Customizable products and the designs members make of them.

A product's picture is a stack of SVG layers (parts). Each part offers options (a colour, or a
material drawn over a colour) with a price delta. A design is one member's choice of an option per
part, plus an optional personalization text. Every save is also written to an append-only ledger
(``ConfigurationRecord``) so the brand can see what members choose over time.
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership, hex_colour


def new_share_token() -> str:
    """An unguessable token for share-by-link pages (128 bits)."""
    return secrets.token_urlsafe(16)


def new_catalogue_version() -> str:
    return secrets.token_hex(8)


class Product(models.Model):
    class Charset(models.TextChoices):
        LETTERS = "letters", _("Letters only (accents allowed)")
        ALNUM = "alnum", _("Letters and digits")
        TEXT = "text", _("Letters, digits, spaces and . - ' &")

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="products")
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("address"), max_length=60)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    base_price = models.DecimalField(
        _("base price"),
        max_digits=9,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    is_active = models.BooleanField(_("open to members"), default=True)
    width = models.PositiveSmallIntegerField(_("picture width"), default=400)
    height = models.PositiveSmallIntegerField(_("picture height"), default=400)
    # Personalization (text_max_length == 0 means: no text on this product).
    text_label = models.CharField(_("text label"), max_length=60, blank=True)
    text_max_length = models.PositiveSmallIntegerField(_("text maximum length"), default=0)
    text_charset = models.CharField(
        _("allowed characters"), max_length=10, choices=Charset.choices, default=Charset.ALNUM
    )
    text_price = models.DecimalField(
        _("text price"),
        max_digits=9,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    text_x = models.PositiveSmallIntegerField(_("text position x"), default=200)
    text_y = models.PositiveSmallIntegerField(_("text position y"), default=200)
    text_size = models.PositiveSmallIntegerField(_("font size"), default=32)
    text_colour = models.CharField(
        _("text colour"), max_length=7, default="#222222", validators=[hex_colour]
    )
    # Changes whenever a part, option, incompatibility or blocked word changes: the key under
    # which selectors.catalogue() keeps the loaded catalogue (see there).
    catalogue_version = models.CharField(
        max_length=16, default=new_catalogue_version, editable=False
    )
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["brand", "slug"], name="product_slug_per_brand"),
            models.CheckConstraint(condition=Q(base_price__gte=0), name="product_price_positive"),
        ]
        verbose_name = _("customizable product")

    def __str__(self) -> str:
        return self.name

    @property
    def has_text(self) -> bool:
        return self.text_max_length > 0


class Part(models.Model):
    """One layer of the picture. ``shape`` is sanitised SVG markup (see ``svg.sanitise_shape``)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="parts")
    name = models.CharField(_("name"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    shape = models.TextField(_("shape"), blank=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["product", "name"], name="part_name_per_product")
        ]
        verbose_name = _("part")

    def __str__(self) -> str:
        return self.name


class Option(models.Model):
    class Kind(models.TextChoices):
        COLOUR = "colour", _("Colour")
        MATERIAL = "material", _("Material")

    class Material(models.TextChoices):
        # Each material is an SVG pattern drawn by svg.py over the option's colour.
        PLAIN = "plain", _("Plain")
        CANVAS = "canvas", _("Canvas")
        LEATHER = "leather", _("Leather")
        CORK = "cork", _("Cork")
        BAMBOO = "bamboo", _("Bamboo")
        STEEL = "steel", _("Brushed steel")
        DOTS = "dots", _("Dotted")
        STRIPES = "stripes", _("Striped")

    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("label"), max_length=60)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COLOUR)
    colour = models.CharField(_("colour"), max_length=7, default="#cccccc", validators=[hex_colour])
    material = models.CharField(
        _("material"), max_length=10, choices=Material.choices, default=Material.PLAIN
    )
    price_delta = models.DecimalField(
        _("price delta"), max_digits=9, decimal_places=2, default=Decimal("0")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["part", "label"], name="option_label_per_part")
        ]
        verbose_name = _("option")

    def __str__(self) -> str:
        return self.label


class Incompatibility(models.Model):
    """Two options that may not be chosen together. Stored with option_a.id < option_b.id."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="incompatibilities")
    option_a = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="+")
    option_b = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["option_a", "option_b"], name="incompatibility_once"),
            models.CheckConstraint(
                condition=Q(option_a__lt=F("option_b")), name="incompatibility_ordered"
            ),
        ]
        verbose_name = _("incompatible options")

    def __str__(self) -> str:
        return f"{self.option_a} ≠ {self.option_b}"


class BlockedWord(models.Model):
    """A word refused in personalization text. ``normalised`` is lowercase without accents."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="blocked_words")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    word = models.CharField(_("word"), max_length=60)
    normalised = models.CharField(max_length=60)

    class Meta:
        ordering = ["language", "normalised"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "language", "normalised"], name="blocked_word_once"
            )
        ]
        verbose_name = _("blocked word")

    def __str__(self) -> str:
        return f"{self.word} ({self.language})"


class Design(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SAVED = "saved", _("Saved")

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="designs")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="designs")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="designs")
    title = models.CharField(_("title"), max_length=120)
    choices = models.JSONField(default=dict)  # {"<part_id>": <option_id>}
    signature = models.CharField(max_length=400, blank=True)  # sorted option ids, "3-8-12"
    text = models.CharField(_("personalization"), max_length=60, blank=True)
    price = models.DecimalField(_("price"), max_digits=10, decimal_places=2, default=Decimal("0"))
    currency = models.CharField(max_length=3, default="EUR")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    share_token = models.CharField(max_length=32, unique=True, default=new_share_token)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["member", "-updated_at"]),
            models.Index(fields=["product", "signature"]),
        ]
        verbose_name = _("design")

    def __str__(self) -> str:
        return self.title

    @property
    def owner(self) -> Membership:
        return self.member


class DesignChoice(models.Model):
    """The normalised form of ``Design.choices``: one row per part, for statistics."""

    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="design_choices")
    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="+")
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="design_choices")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["design", "part"], name="design_choice_per_part")
        ]


class ConfigurationRecord(models.Model):
    """Append-only: one row each time a member saves a configuration (kept if the design goes)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="records")
    design = models.ForeignKey(Design, on_delete=models.SET_NULL, null=True, related_name="+")
    member = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    choices = models.JSONField(default=dict)
    signature = models.CharField(max_length=400, blank=True)
    has_text = models.BooleanField(default=False)
    price = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["product", "signature"])]
