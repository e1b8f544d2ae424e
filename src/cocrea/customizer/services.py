"""Writes of the customizer: products and their parts, options and rules (brand admins), designs
(members). Every function checks the actor itself, validates first, then writes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership
from cocrea.brands.permissions import is_admin
from cocrea.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from cocrea.core.texts import Texts, as_texts, assign, clean_texts, columns, first_text
from cocrea.customizer import rules
from cocrea.customizer.models import (
    BlockedWord,
    ConfigurationRecord,
    Design,
    DesignChoice,
    Incompatibility,
    Option,
    Part,
    Product,
    new_catalogue_version,
    new_share_token,
)
from cocrea.customizer.selectors import Catalogue, catalogue
from cocrea.customizer.svg import sanitise_shape

MAX_PARTS = 30
MAX_OPTIONS_PER_PART = 60
MAX_DESIGNS_PER_MEMBER = 200
MAX_BLOCKED_WORDS = 500
MAX_PRICE = Decimal("1000000")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


def _touch(product: Product) -> None:
    """A new catalogue version: previews load the changed parts, options and rules."""
    product.catalogue_version = new_catalogue_version()
    Product.objects.filter(pk=product.pk).update(catalogue_version=product.catalogue_version)


def catalogue_changed(*, product: Product) -> None:
    """For a write to the product's parts or options made outside these services (the demo's
    English texts): without a new version, a process that already holds the catalogue in
    memory (selectors.catalogue) would go on showing the old texts."""
    _touch(product)


def _require_admin(actor: Membership, brand_id: int) -> None:
    if actor.brand_id != brand_id or not is_admin(actor):
        raise PermissionDenied(_("Only the brand's admins may do this."), code="not_admin")


def _money(value: Any, field: str, *, signed: bool = False) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise DomainError(
            _("Enter an amount such as 12.50."), code="bad_amount", field=field
        ) from None
    if not amount.is_finite() or abs(amount) >= MAX_PRICE or (amount < 0 and not signed):
        raise DomainError(_("Enter an amount such as 12.50."), code="bad_amount", field=field)
    return amount


def _colour(value: str, field: str) -> str:
    if not _HEX.match(value or ""):
        raise DomainError(_("Use a colour such as #1f6feb."), code="bad_colour", field=field)
    return value.lower()


# --- products -----------------------------------------------------------------------------------

PRODUCT_FIELDS = [
    *("name", "description", "base_price", "currency", "is_active", "width", "height"),
    *("text_label", "text_max_length", "text_charset", "text_price"),
    *("text_x", "text_y", "text_size", "text_colour"),
]


PRODUCT_TEXTS = ("name", "description", "text_label")


def _text_value(value: Any) -> str | Texts:
    return value if isinstance(value, (str, Mapping)) else str(value or "")


def _set_product(product: Product, clean: dict[str, Any]) -> None:
    for key, value in clean.items():
        if key in PRODUCT_TEXTS:
            assign(product, key, value)
        else:
            setattr(product, key, value)


def _product_values(values: dict[str, Any]) -> dict[str, Any]:
    """Checked and normalised product fields (only those given)."""
    clean = {k: v for k, v in values.items() if k in PRODUCT_FIELDS}
    if "name" in clean:
        clean["name"] = clean_texts(
            _text_value(clean["name"]),
            field="name",
            max_length=80,
            required=_("Give the product a name."),
        )
    if "description" in clean:
        clean["description"] = clean_texts(
            _text_value(clean["description"]),
            field="description",
            max_length=2000,
            normalise=str.strip,
        )
    if "text_label" in clean:
        clean["text_label"] = clean_texts(
            _text_value(clean["text_label"]), field="text_label", max_length=60
        )
    for money in ("base_price", "text_price"):
        if money in clean:
            clean[money] = _money(clean[money], money)
    if "currency" in clean and not _CURRENCY.match(str(clean["currency"])):
        raise DomainError(
            _("Use a currency code such as EUR."), code="bad_currency", field="currency"
        )
    if "text_colour" in clean:
        clean["text_colour"] = _colour(clean["text_colour"], "text_colour")
    if "text_charset" in clean and clean["text_charset"] not in Product.Charset.values:
        raise DomainError(_("Choose allowed characters."), code="bad_charset", field="text_charset")
    for key, low, high in INT_RANGES:
        if key in clean:
            clean[key] = _int(clean[key], key, low, high)
    return clean


INT_RANGES = [
    ("text_max_length", 0, 60),
    ("width", 10, 4000),
    ("height", 10, 4000),
    ("text_x", 0, 4000),
    ("text_y", 0, 4000),
    ("text_size", 4, 400),
]


def _int(value: Any, field: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = low - 1
    if not low <= number <= high:
        raise DomainError(
            _("Enter a number between %(low)d and %(high)d.") % {"low": low, "high": high},
            code="bad_number",
            field=field,
        )
    return number


def unique_product_slug(brand: Brand, wanted: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(wanted)[:50] or "product"
    taken = set(
        Product.objects.filter(brand=brand, slug__startswith=base)
        .exclude(pk=exclude_pk or 0)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def product_create(
    *, brand: Brand, by: Membership, name: str | Texts, slug: str = "", **values: Any
) -> Product:
    _require_admin(by, brand.pk)
    clean = _product_values({"name": name, **values})
    product = Product(brand=brand, created_by=by)
    _set_product(product, clean)
    product.slug = unique_product_slug(brand, slug or first_text(clean["name"]))
    product.save()
    return product


@transaction.atomic
def product_update(*, product: Product, by: Membership, **values: Any) -> Product:
    _require_admin(by, product.brand_id)
    clean = _product_values(values)
    _set_product(product, clean)
    texts = [key for key in clean if key in PRODUCT_TEXTS]
    product.save(update_fields=[*(k for k in clean if k not in texts), *columns(*texts)])
    _touch(product)
    return product


# --- parts and options --------------------------------------------------------------------------


def _part_values(name: str | Texts, shape: str) -> tuple[str | dict[str, str], str]:
    name = clean_texts(name or "", field="name", max_length=60, required=_("Give the part a name."))
    return name, sanitise_shape(shape)


def _same_text(queryset: Any, field: str, value: str | Texts) -> Any:
    """The rows of ``queryset`` whose ``field`` equals ``value`` (case-insensitive) in one of
    the languages it is given in (a language left empty matches nothing)."""
    match = Q(pk__in=[])
    for lang, text in as_texts(value).items():
        if text:
            match |= Q(**{f"{field}_{lang}__iexact": text})
    return queryset.filter(match)


@transaction.atomic
def part_create(
    *, product: Product, by: Membership, name: str | Texts, shape: str, order: int | None = None
) -> Part:
    _require_admin(by, product.brand_id)
    name, clean_shape = _part_values(name, shape)
    count = product.parts.count()
    if count >= MAX_PARTS:
        raise DomainError(_("A product has at most 30 parts."), code="too_many_parts")
    if _same_text(product.parts.all(), "name", name).exists():
        raise Conflict(_("Another part already has this name."), code="part_name", field="name")
    _touch(product)
    part = Part(product=product, shape=clean_shape, order=count if order is None else order)
    assign(part, "name", name)
    part.save(force_insert=True)
    return part


@transaction.atomic
def part_update(*, part: Part, by: Membership, name: str | Texts, shape: str, order: int) -> Part:
    _require_admin(by, part.product.brand_id)
    name, clean_shape = _part_values(name, shape)
    if _same_text(part.product.parts.exclude(pk=part.pk), "name", name).exists():
        raise Conflict(_("Another part already has this name."), code="part_name", field="name")
    assign(part, "name", name)
    part.shape, part.order = clean_shape, max(0, min(int(order), 1000))
    part.save(update_fields=[*columns("name"), "shape", "order"])
    _touch(part.product)
    return part


@transaction.atomic
def part_delete(*, part: Part, by: Membership) -> None:
    _require_admin(by, part.product.brand_id)
    _touch(part.product)
    part.delete()


def _option_values(
    label: str | Texts, colour: str, kind: str, material: str, price_delta: Any
) -> dict[str, Any]:
    label = clean_texts(
        label or "", field="label", max_length=60, required=_("Give the option a label.")
    )
    if kind not in Option.Kind.values:
        raise DomainError(_("Choose a kind."), code="bad_kind", field="kind")
    if material not in Option.Material.values:
        raise DomainError(_("Choose a material."), code="bad_material", field="material")
    return {
        "label": label,
        "colour": _colour(colour, "colour"),
        "kind": kind,
        "material": material if kind == Option.Kind.MATERIAL else Option.Material.PLAIN,
        "price_delta": _money(price_delta, "price_delta", signed=True),
    }


@transaction.atomic
def option_create(
    *,
    part: Part,
    by: Membership,
    label: str | Texts,
    colour: str,
    kind: str = Option.Kind.COLOUR,
    material: str = Option.Material.PLAIN,
    price_delta: Any = 0,
) -> Option:
    _require_admin(by, part.product.brand_id)
    values = _option_values(label, colour, kind, material, price_delta)
    count = part.options.count()
    if count >= MAX_OPTIONS_PER_PART:
        raise DomainError(_("A part has at most 60 options."), code="too_many_options")
    if _same_text(part.options.all(), "label", values["label"]).exists():
        raise Conflict(
            _("Another option of this part has this label."), code="option_label", field="label"
        )
    _touch(part.product)
    option = Option(part=part, order=count)
    _set_option(option, values)
    option.save(force_insert=True)
    return option


def _set_option(option: Option, values: dict[str, Any]) -> None:
    for key, value in values.items():
        if key == "label":
            assign(option, key, value)
        else:
            setattr(option, key, value)


@transaction.atomic
def option_update(
    *,
    option: Option,
    by: Membership,
    label: str | Texts,
    colour: str,
    kind: str,
    material: str,
    price_delta: Any,
) -> Option:
    _require_admin(by, option.part.product.brand_id)
    values = _option_values(label, colour, kind, material, price_delta)
    if _same_text(option.part.options.exclude(pk=option.pk), "label", values["label"]).exists():
        raise Conflict(
            _("Another option of this part has this label."), code="option_label", field="label"
        )
    _set_option(option, values)
    option.save(update_fields=[*(k for k in values if k != "label"), *columns("label")])
    _touch(option.part.product)
    return option


@transaction.atomic
def option_delete(*, option: Option, by: Membership) -> None:
    _require_admin(by, option.part.product.brand_id)
    _touch(option.part.product)
    option.delete()


@transaction.atomic
def incompatibility_add(
    *, product: Product, by: Membership, option_a: Option, option_b: Option
) -> Incompatibility:
    _require_admin(by, product.brand_id)
    parts = {option_a.part_id, option_b.part_id}
    if len(parts) < 2:
        raise DomainError(
            _("Choose two options of different parts (one part holds one option already)."),
            code="same_part",
        )
    if Part.objects.filter(pk__in=parts, product=product).count() != 2:
        raise NotFound(_("Unknown option."), code="unknown_option")
    a, b = sorted([option_a, option_b], key=lambda o: o.pk)
    _touch(product)
    try:
        with transaction.atomic():
            return Incompatibility.objects.create(product=product, option_a=a, option_b=b)
    except IntegrityError:
        raise Conflict(_("These options are already incompatible."), code="duplicate") from None


@transaction.atomic
def incompatibility_remove(*, incompatibility: Incompatibility, by: Membership) -> None:
    _require_admin(by, incompatibility.product.brand_id)
    _touch(incompatibility.product)
    incompatibility.delete()


@transaction.atomic
def blocked_words_set(
    *, product: Product, by: Membership, language: str, words: list[str]
) -> list[BlockedWord]:
    """Make ``words`` the product's blocked list for ``language`` (replacing the previous one)."""
    _require_admin(by, product.brand_id)
    if language not in dict(BlockedWord._meta.get_field("language").choices or []):
        raise DomainError(_("Unknown language."), code="bad_language", field="language")
    unique: dict[str, str] = {}
    for word in words:
        word = " ".join(word.split())[:60]
        key = rules.normalise(word)[:60]
        if word and key.strip() and key not in unique:
            unique[key] = word
    if len(unique) > MAX_BLOCKED_WORDS:
        raise DomainError(_("At most 500 blocked words per language."), code="too_many_words")
    product.blocked_words.filter(language=language).delete()
    _touch(product)
    return BlockedWord.objects.bulk_create(
        [
            BlockedWord(product=product, language=language, word=w, normalised=k)
            for k, w in unique.items()
        ]
    )


# --- designs ------------------------------------------------------------------------------------


@dataclass
class Evaluation:
    """A configuration checked against a product: what is drawn, what it costs, what is wrong."""

    chosen: dict[int, Option] = field(default_factory=dict)
    text: str = ""
    price: Decimal = Decimal("0")
    errors: list[DomainError] = field(default_factory=list)

    def field_errors(self) -> dict[str, str]:
        return {(e.field or "general"): str(e.message) for e in reversed(self.errors)}


def member_languages(member: Membership | None, brand: Brand | None = None) -> set[str]:
    """The languages whose blocked words apply: the member's (a visitor has none of their own)
    and all of the brand's."""
    brand = brand or member.brand  # type: ignore[union-attr]
    languages = {brand.default_language, *(brand.languages or [])}
    own = getattr(member.user, "language", "") if member is not None else ""
    languages.add(own or brand.default_language)
    return {str(lang) for lang in languages if lang}


def _choose(cat: Catalogue, choices: dict[int, int], result: Evaluation) -> None:
    parts = {p.pk: p for p in cat.parts}
    for part_id, option_id in choices.items():
        option = cat.options.get(option_id)
        if part_id not in parts or option is None or option.part_id != part_id:
            result.errors.append(
                DomainError(
                    _("This option does not belong to this product."), code="unknown_option"
                )
            )
            return
        result.chosen[part_id] = option
    missing = [p.name for p in cat.parts_with_options() if p.pk not in result.chosen]
    if missing:
        result.errors.append(
            DomainError(
                _("Choose an option for: %(parts)s.") % {"parts": ", ".join(missing)},
                code="missing_choice",
            )
        )
    pair = rules.check_combination([o.pk for o in result.chosen.values()], cat.incompatible)
    if pair:
        a, b = cat.options[pair[0]], cat.options[pair[1]]
        result.errors.append(
            DomainError(
                _("“%(a)s” (%(pa)s) cannot be combined with “%(b)s” (%(pb)s): choose another one.")
                % {"a": a.label, "pa": a.part.name, "b": b.label, "pb": b.part.name},
                code="incompatible",
            )
        )


def _check_text(cat: Catalogue, text: str, languages: set[str], result: Evaluation) -> None:
    product = cat.product
    try:
        result.text = rules.clean_text(
            text, max_length=product.text_max_length, charset=product.text_charset
        )
    except DomainError as error:
        result.errors.append(error)
        return
    if result.text and rules.blocked_word_in(result.text, cat.blocked_for(languages)):
        result.errors.append(
            DomainError(
                _("This text contains a word that is not allowed. Please choose another text."),
                code="blocked_word",
                field="text",
            )
        )
        result.text = ""


def evaluate(
    cat: Catalogue, *, choices: dict[int, int], text: str, languages: set[str]
) -> Evaluation:
    """Check a configuration without writing: used by the live preview and by the saves."""
    result = Evaluation()
    _choose(cat, choices, result)
    _check_text(cat, text, languages, result)
    product = cat.product
    result.price = rules.price(
        base=product.base_price,
        deltas=[o.price_delta for o in result.chosen.values()],
        has_text=bool(result.text),
        text_price=product.text_price,
    )
    return result


def _checked(
    member: Membership,
    product: Product,
    title: str,
    choices: dict[int, int],
    text: str,
    status: str,
) -> tuple[str, Evaluation]:
    if member.brand_id != product.brand_id:
        raise NotFound(_("Unknown product."), code="unknown_product")
    if not product.is_active:
        raise DomainError(_("This product is not open for designs any more."), code="inactive")
    if status not in Design.Status.values:
        raise DomainError(_("Unknown status."), code="bad_status")
    title = " ".join((title or "").split())
    if not title:
        raise DomainError(_("Give your design a title."), code="no_title", field="title")
    if len(title) > 120:
        raise DomainError(_("At most 120 characters."), code="title_too_long", field="title")
    # The caller's product row may be older than the catalogue: re-read its version first.
    product.catalogue_version = (
        Product.objects.filter(pk=product.pk).values_list("catalogue_version", flat=True).get()
    )
    result = evaluate(
        catalogue(product), choices=choices, text=text, languages=member_languages(member)
    )
    if result.errors:
        raise result.errors[0]
    return title, result


def _write(design: Design, result: Evaluation, member: Membership) -> None:
    """The normalised choices and one ledger row for this save."""
    design.design_choices.all().delete()
    DesignChoice.objects.bulk_create(
        [DesignChoice(design=design, part_id=p, option=o) for p, o in result.chosen.items()]
    )
    ConfigurationRecord.objects.create(
        product=design.product,
        design=design,
        member=member,
        choices=design.choices,
        signature=design.signature,
        has_text=bool(design.text),
        price=design.price,
    )


@transaction.atomic
def design_save(
    *,
    member: Membership,
    product: Product,
    title: str,
    choices: dict[int, int],
    text: str = "",
    status: str = Design.Status.SAVED,
) -> Design:
    title, result = _checked(member, product, title, choices, text, status)
    if Design.objects.filter(member=member).count() >= MAX_DESIGNS_PER_MEMBER:
        raise DomainError(
            _("You have too many designs: delete a few drafts first."), code="too_many"
        )
    design = Design.objects.create(
        brand_id=product.brand_id,
        product=product,
        member=member,
        title=title,
        choices={str(p): o.pk for p, o in result.chosen.items()},
        signature=rules.signature(o.pk for o in result.chosen.values()),
        text=result.text,
        price=result.price,
        currency=product.currency,
        status=status,
    )
    _write(design, result, member)
    return design


def _require_owner(design: Design, member: Membership) -> None:
    if design.member_id != member.pk or design.brand_id != member.brand_id:
        raise NotFound(_("Unknown design."), code="unknown_design")


@transaction.atomic
def design_update(
    *,
    design: Design,
    member: Membership,
    title: str,
    choices: dict[int, int],
    text: str = "",
    status: str = Design.Status.SAVED,
) -> Design:
    _require_owner(design, member)
    title, result = _checked(member, design.product, title, choices, text, status)
    design.title, design.text, design.price, design.status = (
        title,
        result.text,
        result.price,
        status,
    )
    design.choices = {str(p): o.pk for p, o in result.chosen.items()}
    design.signature = rules.signature(o.pk for o in result.chosen.values())
    design.save(
        update_fields=["title", "text", "price", "status", "choices", "signature", "updated_at"]
    )
    _write(design, result, member)
    return design


@transaction.atomic
def design_delete(*, design: Design, member: Membership) -> None:
    _require_owner(design, member)
    design.delete()


@transaction.atomic
def design_share_reset(*, design: Design, member: Membership) -> Design:
    """A new share link: the old one stops working."""
    _require_owner(design, member)
    design.share_token = new_share_token()
    design.save(update_fields=["share_token"])
    return design
