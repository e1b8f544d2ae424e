"""The customizer's brand-scoped URLs: products, designs, share links and the console."""

from __future__ import annotations

from typing import Any

from cocrea.customizer import services
from cocrea.customizer.models import Incompatibility, Option
from cocrea.customizer.tests.factories import choices, make_product
from tests.tenancy import ADMIN, MEMBER, MODERATOR, PUBLIC, TRY, Spec, World


def _product_id(w: World) -> dict[str, Any]:
    return {"product_id": w.product.pk}


def _g_product_id(w: World) -> dict[str, Any]:
    return {"product_id": w.g_product.pk}


def _slug(w: World) -> dict[str, Any]:
    return {"product_slug": w.product.slug}


def _g_slug(w: World) -> dict[str, Any]:
    return {"product_slug": w.g_product.slug}


def _design(w: World) -> dict[str, Any]:
    return {"design_id": w.design.pk}


def _g_design(w: World) -> dict[str, Any]:
    return {"design_id": w.g_design.pk}


def _design_form(w: World) -> dict[str, Any]:
    picked = choices(w.product, "Cream", "Black", "Coral")
    return {
        "action": "save",
        "title": "Hacked design",
        "text": "AB",
        **{f"part-{part}": option for part, option in picked.items()},
    }


def _part(w: World) -> dict[str, Any]:
    return {"part_id": w.part.pk}


def _g_part(w: World) -> dict[str, Any]:
    return {"part_id": w.g_part.pk}


def _option(w: World) -> dict[str, Any]:
    return {"option_id": w.option.pk}


def _g_option(w: World) -> dict[str, Any]:
    return {"option_id": w.g_option.pk}


def _product_form(w: World) -> dict[str, Any]:
    return {
        "name": "Hacked",
        "base_price": "1",
        "currency": "EUR",
        "width": "400",
        "height": "400",
        "text_max_length": "0",
        "text_charset": "alnum",
        "text_price": "0",
        "text_x": "1",
        "text_y": "1",
        "text_size": "10",
        "text_colour": "#000000",
    }


def _option_form(w: World) -> dict[str, Any]:
    return {
        "label": "Hacked",
        "kind": "colour",
        "colour": "#000000",
        "material": "plain",
        "price_delta": "0",
    }


URLS: dict[str, Spec] = {
    "customizer:products": Spec(PUBLIC),
    "customizer:customize": Spec(PUBLIC, kwargs=_slug, data=_design_form, foreign=[_g_slug]),
    "customizer:preview": Spec(TRY, kwargs=_slug, data=_design_form, foreign=[_g_slug]),
    "customizer:my_designs": Spec(MEMBER),
    "customizer:design_edit": Spec(MEMBER, kwargs=_design, data=_design_form, foreign=[_g_design]),
    "customizer:design_delete": Spec(MEMBER, kwargs=_design, foreign=[_g_design]),
    "customizer:design_share_reset": Spec(MEMBER, kwargs=_design, foreign=[_g_design]),
    "customizer:shared": Spec(
        PUBLIC,
        kwargs=lambda w: {"token": w.design.share_token},
        foreign=[lambda w: {"token": w.g_design.share_token}],
    ),
    "customizer:console": Spec(MODERATOR),
    "customizer:console_create": Spec(ADMIN, data=_product_form),
    "customizer:console_product": Spec(
        ADMIN, kwargs=_product_id, data=_product_form, foreign=[_g_product_id]
    ),
    "customizer:console_stats": Spec(MODERATOR, kwargs=_product_id, foreign=[_g_product_id]),
    "customizer:part_create": Spec(
        ADMIN,
        kwargs=_product_id,
        data=lambda w: {"name": "Hacked", "shape": "M0 0 L1 1 Z"},
        foreign=[_g_product_id],
    ),
    "customizer:part_edit": Spec(
        ADMIN,
        kwargs=_part,
        data=lambda w: {"name": "Hacked", "shape": "M0 0 L1 1 Z", "order": "1"},
        foreign=[_g_part],
    ),
    "customizer:part_delete": Spec(ADMIN, kwargs=_part, foreign=[_g_part]),
    "customizer:option_create": Spec(ADMIN, kwargs=_part, data=_option_form, foreign=[_g_part]),
    "customizer:option_edit": Spec(ADMIN, kwargs=_option, data=_option_form, foreign=[_g_option]),
    "customizer:option_delete": Spec(ADMIN, kwargs=_option, foreign=[_g_option]),
    "customizer:incompatibility_add": Spec(
        ADMIN,
        kwargs=_product_id,
        data=lambda w: {"option_a": w.option.pk, "option_b": w.lid_option.pk},
        foreign=[_g_product_id],
        foreign_data=lambda w: {"option_a": w.option.pk, "option_b": w.g_option.pk},
    ),
    "customizer:incompatibility_delete": Spec(
        ADMIN,
        kwargs=lambda w: {"incompatibility_id": w.incompatibility.pk},
        foreign=[lambda w: {"incompatibility_id": w.g_incompatibility.pk}],
    ),
    "customizer:blocked_words": Spec(
        ADMIN,
        kwargs=_product_id,
        data=lambda w: {"words_fr": "hacked", "words_en": "hacked"},
        foreign=[_g_product_id],
    ),
}


def objects(w: World) -> dict[str, Any]:
    product = make_product(w.brand, w.alice)
    g_product = make_product(w.other, w.charlie, name="Globex mug")
    design = services.design_save(
        member=w.bob,
        product=product,
        title="Bob's cup",
        choices=choices(product, "Cream", "Black", "Coral"),
    )
    g_design = services.design_save(
        member=w.g_member,
        product=g_product,
        title="Globex cup",
        choices=choices(g_product, "Cream", "Black", "Coral"),
    )
    option = Option.objects.get(part__product=product, label="Cream")
    g_option = Option.objects.get(part__product=g_product, label="Cream")
    return {
        "product": product,
        "g_product": g_product,
        "design": design,
        "g_design": g_design,
        "part": option.part,
        "g_part": g_option.part,
        "option": option,
        "g_option": g_option,
        "lid_option": Option.objects.get(part__product=product, label="Black"),
        "incompatibility": Incompatibility.objects.get(product=product),
        "g_incompatibility": Incompatibility.objects.get(product=g_product),
    }


MIRROR = {
    "g_product": "product",
    "g_design": "design",
    "g_part": "part",
    "g_option": "option",
    "g_incompatibility": "incompatibility",
}
