"""Demo content: Café Lumière's personalised travel cup and a few dozen members' designs."""

from __future__ import annotations

import random
from decimal import Decimal

from cocrea.brands.models import Brand, Membership
from cocrea.customizer import services
from cocrea.customizer.models import Design, Option, Product

BODY = "M110 120 L290 120 L270 360 Q268 374 254 374 L146 374 Q132 374 130 360 Z"
LID = (
    '<path d="M98 96 Q98 80 114 80 L286 80 Q302 80 302 96 L302 122 L98 122 Z"/>'
    '<path d="M150 80 Q200 52 250 80 Z"/><rect x="185" y="58" width="30" height="10" rx="4"/>'
)
SLEEVE = "M116 200 L284 200 L276 304 L124 304 Z"
LOGO = (
    '<ellipse cx="200" cy="158" rx="15" ry="22" transform="rotate(25 200 158)"/>'
    '<path d="M193 140 Q206 158 207 176" fill="none" stroke="#000000" stroke-opacity=".35" '
    'stroke-width="3"/>'
)

# (label, colour, material, price delta, popularity weight)
PARTS: list[tuple[str, str, list[tuple[str, str, str, str, int]]]] = [
    (
        "Corps",
        BODY,
        [
            ("Crème", "#f3ead8", "plain", "0", 30),
            ("Espresso", "#3b2418", "plain", "0", 24),
            ("Sauge", "#9bb59a", "plain", "2", 14),
            ("Bleu nuit", "#1f3a5f", "plain", "2", 12),
            ("Terracotta", "#c8643c", "plain", "2", 9),
            ("Fibre de bambou", "#d8c39a", "bamboo", "4", 7),
            ("Inox brossé", "#b8bec6", "steel", "8", 6),
        ],
    ),
    (
        "Couvercle",
        LID,
        [
            ("Noir", "#222222", "plain", "0", 40),
            ("Blanc", "#f7f7f7", "plain", "0", 22),
            ("Caramel", "#b5651d", "plain", "1", 14),
            ("Liège", "#b98b5e", "cork", "3", 10),
        ],
    ),
    (
        "Manchon",
        SLEEVE,
        [
            ("Liège naturel", "#c49a6c", "cork", "0", 28),
            ("Silicone corail", "#ff7f6a", "plain", "1.50", 16),
            ("Silicone menthe", "#8fd3c1", "plain", "1.50", 14),
            ("Toile rayée", "#e9dfc9", "stripes", "2.50", 9),
            ("Cuir végétal", "#7b4a2a", "leather", "5", 8),
        ],
    ),
    (
        "Logo",
        LOGO,
        [
            ("Or", "#c9a227", "plain", "1", 30),
            ("Blanc", "#ffffff", "plain", "0", 18),
            ("Noir", "#1a1a1a", "plain", "0", 12),
        ],
    ),
]
BLOCKED = {
    "fr": ["merde", "con", "pute", "salaud", "nul", "connard"],
    "en": ["shit", "fuck", "ass", "damn", "wtf"],
}
TITLES = {
    "fr": [
        "Ma tasse du matin",
        "Tasse de bureau",
        "Cadeau pour Maman",
        "Édition automne",
        "Pause café",
        "La nomade",
        "Tasse du dimanche",
        "Pour le train",
    ],
    "en": [
        "My morning cup",
        "Office cup",
        "Gift for Dad",
        "Autumn edition",
        "Commuter cup",
        "Weekend brew",
    ],
}


def _product(brand: Brand, admin: Membership) -> Product:
    product = services.product_create(
        brand=brand,
        by=admin,
        name="Tasse nomade Lumière",
        slug="tasse-nomade",
        description=(
            "Notre tasse réutilisable, à composer : corps, couvercle, manchon et logo, "
            "et vos initiales gravées sur le manchon."
        ),
        base_price=Decimal("14.00"),
        text_label="Vos initiales",
        text_max_length=4,
        text_charset=Product.Charset.LETTERS,
        text_price=Decimal("3.00"),
        text_x=200,
        text_y=254,
        text_size=44,
        text_colour="#ffffff",
    )
    for name, shape, options in PARTS:
        part = services.part_create(product=product, by=admin, name=name, shape=shape)
        for label, colour, material, delta, _weight in options:
            services.option_create(
                part=part,
                by=admin,
                label=label,
                colour=colour,
                kind=Option.Kind.COLOUR if material == "plain" else Option.Kind.MATERIAL,
                material=material,
                price_delta=Decimal(delta),
            )
    for language, words in BLOCKED.items():
        services.blocked_words_set(product=product, by=admin, language=language, words=words)
    steel = Option.objects.get(part__product=product, label="Inox brossé")
    cork = Option.objects.get(part__product=product, part__name="Couvercle", label="Liège")
    services.incompatibility_add(product=product, by=admin, option_a=steel, option_b=cork)
    return product


def _initials(member: Membership) -> str:
    letters = [w[0] for w in member.user.display_name.replace(".", " ").split() if w[:1].isalpha()]
    return "".join(letters)[:4].upper()


PRESETS = [  # the looks many members pick (one option label per part, in part order)
    (("Espresso", "Noir", "Liège naturel", "Or"), 5),
    (("Crème", "Noir", "Liège naturel", "Or"), 4),
    (("Sauge", "Blanc", "Silicone menthe", "Blanc"), 3),
    (("Bleu nuit", "Noir", "Cuir végétal", "Or"), 2),
]


def _random_design(product: Product, rng: random.Random) -> dict[int, int]:
    """A popular preset half of the time, else one option per part drawn by popularity."""
    if rng.random() < 0.5:
        labels = rng.choices([p for p, _w in PRESETS], weights=[w for _p, w in PRESETS])[0]
        return {
            part.pk: next(o.pk for o in part.options.all() if o.label == label)
            for part, label in zip(product.parts.all(), labels, strict=True)
        }
    while True:
        choices = {}
        for part in product.parts.all():
            options = list(part.options.all())
            weights = [dict((o[0], o[4]) for o in _options_of(part.name))[o.label] for o in options]
            choices[part.pk] = rng.choices(options, weights=weights)[0].pk
        chosen = set(Option.objects.filter(pk__in=choices.values()).values_list("label", flat=True))
        if not {"Inox brossé", "Liège"} <= chosen:
            return choices


def _options_of(part_name: str) -> list[tuple[str, str, str, str, int]]:
    return next(options for name, _shape, options in PARTS if name == part_name)


def _name(title: str, named: dict[str, int]) -> str:
    """Members who like the same name number their versions ("Pause café 2")."""
    named[title] = named.get(title, 0) + 1
    return title if named[title] == 1 else f"{title} {named[title]}"


def seed_customizer(*, brand: Brand, members: list[Membership], rng: random.Random) -> int:
    """The demo product and about sixty designs (some drafts, some re-saved). Returns designs."""
    admin = brand.memberships.filter(role=Membership.Role.ADMIN).select_related("user").first()
    if admin is None or not members:
        return 0
    product = _product(brand, admin)
    product = Product.objects.prefetch_related("parts__options").get(pk=product.pk)
    designers = members[:2] + rng.sample(members[2:], max(0, min(len(members) - 2, 48)))
    count = 0
    named: dict[str, int] = {}
    for index, member in enumerate(designers):
        for n in range(2 if index < 2 or rng.random() < 0.15 else 1):
            draft = n == 0 if index < 2 else rng.random() < 0.3  # Léa and Oliver: one of each
            language = "en" if member.user.language == "en" else "fr"
            design = services.design_save(
                member=member,
                product=product,
                title=_name(rng.choice(TITLES[language]), named),
                choices=_random_design(product, rng),
                text=_initials(member) if rng.random() < 0.6 else "",
                status=Design.Status.DRAFT if draft else Design.Status.SAVED,
            )
            count += 1
            if rng.random() < 0.2:  # a member who changed their mind: one more ledger row
                services.design_update(
                    design=design,
                    member=member,
                    title=design.title,
                    choices=_random_design(product, rng),
                    text=design.text,
                    status=design.status,
                )
    return count
