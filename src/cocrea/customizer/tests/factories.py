"""A small customizable product for tests: a cup with a body, a lid and a sleeve."""

from __future__ import annotations

from decimal import Decimal

from cocrea.brands.models import Brand, Membership
from cocrea.customizer import services
from cocrea.customizer.models import Option, Product


def make_product(brand: Brand, admin: Membership, *, name: str = "Travel cup") -> Product:
    product = services.product_create(
        brand=brand,
        by=admin,
        name=name,
        base_price=Decimal("10.00"),
        text_label="Initials",
        text_max_length=6,
        text_charset=Product.Charset.ALNUM,
        text_price=Decimal("2.50"),
    )
    body = services.part_create(product=product, by=admin, name="Body", shape="M0 0 L10 0 L10 10 Z")
    lid = services.part_create(
        product=product, by=admin, name="Lid", shape='<rect x="0" y="0" width="10" height="2"/>'
    )
    sleeve = services.part_create(
        product=product, by=admin, name="Sleeve", shape="M0 5 H10 V8 H0 Z"
    )
    for part, options in [
        (body, [("Cream", "#f3ead8", "plain", "0"), ("Steel", "#b8bec6", "steel", "8")]),
        (lid, [("Black", "#222222", "plain", "0"), ("Cork", "#b98b5e", "cork", "3")]),
        (sleeve, [("Coral", "#ff7f6a", "plain", "1.50"), ("Leather", "#7b4a2a", "leather", "5")]),
    ]:
        for label, colour, material, delta in options:
            services.option_create(
                part=part,
                by=admin,
                label=label,
                colour=colour,
                kind=Option.Kind.COLOUR if material == "plain" else Option.Kind.MATERIAL,
                material=material,
                price_delta=Decimal(delta),
            )
    services.blocked_words_set(product=product, by=admin, language="fr", words=["crétin", "con"])
    services.blocked_words_set(product=product, by=admin, language="en", words=["idiot"])
    services.incompatibility_add(
        product=product,
        by=admin,
        option_a=option(product, "Steel"),
        option_b=option(product, "Cork"),
    )
    return product


def option(product: Product, label: str) -> Option:
    return Option.objects.get(part__product=product, label=label)


def choices(product: Product, *labels: str) -> dict[int, int]:
    found = {o.label: o for o in Option.objects.filter(part__product=product)}
    return {found[label].part_id: found[label].pk for label in labels}
