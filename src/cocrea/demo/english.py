"""The English version of every text the demo brand wrote in French (issue 18): campaigns,
categories, tags, badges, rewards, member areas, events, the product and its options, contests.

The other apps' demo modules write in French, the brand's default language, as a French brand
would; ``translate_demo`` then fills each translated field's English column from this table,
as the brand's team would in the console. A test fails if a French text has no English here
(``demo/tests/test_seed.py``), so a new demo text cannot slip in untranslated.
"""

from __future__ import annotations

import re
from typing import Any

ENGLISH: dict[str, str] = {
    # The brand
    "Vos idées font notre café. Proposez, votez, et voyez-les prendre vie.": (
        "Your ideas make our coffee. Suggest, vote, and watch them come to life."
    ),
    "Café Lumière, ce sont 80 cafés en France et en Belgique. Depuis 2019, nos clients "
    "imaginent avec nous les boissons, les tasses et les services de demain.": (
        "Café Lumière is 80 cafés in France and Belgium. Since 2019 our customers have been "
        "imagining tomorrow's drinks, cups and services with us."
    ),
    # Campaigns
    "La tasse de demain": "The cup of tomorrow",
    "Le menu de l'hiver": "The winter menu",
    "L'application Café Lumière": "The Café Lumière app",
    "La tasse de l'hiver, dessinée par vous": "The winter cup, designed by you",
    "Édition printemps : la tasse fleurie": "Spring edition: the flowered cup",
    "Zéro gobelet jetable d'ici 2027 : imaginez avec nous la tasse et le service qui vont "
    "avec.": "No more disposable cups by 2027: imagine the cup and the service around it with us.",
    "Choisissez les boissons et douceurs qui rejoindront la carte d'hiver.": (
        "Choose the drinks and treats that will join the winter menu."
    ),
    "Ce que vous attendiez de l'appli, et ce que nous avons lancé grâce à vous.": (
        "What you expected from the app, and what we launched thanks to you."
    ),
    "Choisir, avec la communauté, la tasse nomade de la prochaine saison.": (
        "Choosing next season's travel cup, with the community."
    ),
    "<p>Chaque année nos cafés utilisent 4 millions de gobelets. Nous voulons les supprimer "
    "sans vous compliquer la vie. <strong>Tasse consignée, tasse personnelle, nouveau "
    "matériau, récompense…</strong> : toutes les idées sont bienvenues jusqu'au début de "
    "l'année.</p>": (
        "<p>Every year our cafés use 4 million paper cups. We want to get rid of them without "
        "making your life harder. <strong>Deposit cups, your own cup, a new material, a "
        "reward…</strong>: every idea is welcome until the start of the year.</p>"
    ),
    "<p>Les propositions sont closes : <strong>votez</strong> pour vos préférées et notez-les. "
    "Les cinq idées les plus soutenues seront goûtées par notre torréfacteur le 12 "
    "décembre.</p>": (
        "<p>Suggestions are closed: <strong>vote</strong> for your favourites and rate them. "
        "Our roaster will taste the five most supported ideas on 12 December.</p>"
    ),
    "<p>Notre toute première campagne, cet été : vous avez dit ce qui manquait à "
    "l'application. Voici nos réponses officielles, ce qui est en développement et ce qui est "
    "déjà lancé.</p>": (
        "<p>Our very first campaign, this summer: you told us what the app was missing. Here "
        "are our official answers, what is being built and what has already launched.</p>"
    ),
    "<p>Composez votre tasse dans le configurateur, donnez-lui un titre et racontez son "
    "histoire. La communauté vote, puis un jury note les finalistes.</p>": (
        "<p>Design your cup in the customizer, give it a title and tell its story. The "
        "community votes, then a jury scores the finalists.</p>"
    ),
    # The capsule contest opened from the influencer's accepted claim (influencers/demo.py)
    "Capsule Aube": "Dawn capsule",
    "Du lin, pas de synthétique": "Linen, nothing synthetic",
    # Categories
    "Tasse et matériaux": "Cup and materials",
    "Consigne et retour": "Deposit and return",
    "Récompenses": "Rewards",
    "Boissons chaudes": "Hot drinks",
    "Pâtisseries et déjeuner": "Pastries and lunch",
    "Sans lactose et vegan": "Lactose-free and vegan",
    "Commande et paiement": "Ordering and payment",
    "Fidélité et cadeaux": "Loyalty and gifts",
    "Accessibilité et confort": "Accessibility and comfort",
    # Tags
    "écologie": "ecology",
    "zéro déchet": "zero waste",
    "design": "design",
    "saison": "seasonal",
    "gourmand": "indulgent",
    "vegan": "vegan",
    "appli": "app",
    "paiement": "payment",
    "accessibilité": "accessibility",
    "Boutiques": "Shops",
    "Cold brew": "Cold brew",
    "Fait maison": "Homemade",
    "Réutilisable": "Reusable",
    # Badges
    "Première idée": "First idea",
    "Votre première idée partagée.": "Your first idea shared.",
    "Plume assidue": "Keen writer",
    "Trois commentaires pour faire avancer les idées.": ("Three comments to move ideas forward."),
    "Idée retenue": "Idea accepted",
    "Une de vos idées a été retenue par la marque.": "The brand accepted one of your ideas.",
    "Bon conseil": "Good advice",
    "Trois réponses jugées utiles par la communauté.": (
        "Three answers the community found helpful."
    ),
    "Ambassadeur du goût": "Taste ambassador",
    "Deux amis amenés dans la communauté.": "Two friends brought into the community.",
    "Lauréat de concours": "Contest laureate",
    "Gagnant d'un concours Café Lumière.": "Winner of a Café Lumière contest.",
    # Rewards
    "Points de bienvenue": "Welcome points",
    "Merci de la part de l'équipe produit": "Thank you from the product team",
    "Votre tasse fabriquée et vendue dans nos cafés": "Your cup made and sold in our cafés",
    "Un an de café offert": "A year of free coffee",
    # Member areas and events
    "Le mot de la maison": "A word from the house",
    "<p>Merci d'être là. Ici, nous partageons en avant-première ce qui se prépare chez Café "
    "Lumière, et les idées de la communauté qui deviennent réalité.</p>": (
        "<p>Thank you for being here. This is where we share first what is brewing at Café "
        "Lumière, and the community's ideas that come true.</p>"
    ),
    "Dans les coulisses de la torréfaction": "Behind the scenes of the roastery",
    "<p>Chaque mois, l'équipe de torréfaction raconte ses essais : profils de chauffe, lots "
    "refusés, et les cafés qui arriveront chez vous avant tout le monde.</p>": (
        "<p>Every month the roasting team tells of its trials: roast profiles, rejected lots, "
        "and the coffees that will reach you before anyone else.</p>"
    ),
    "Boutique réservée aux membres": "Members-only shop",
    "<p>Réservée à nos Ambassadeurs : les pièces que nous ne vendons nulle part ailleurs.</p>"
    "<ul><li>La <strong>tasse Lumière édition limitée</strong>, émaillée à la main à Limoges "
    "(une par membre).</li><li>-20 % sur les grains de la torréfaction du mois.</li><li>Une "
    "invitation à la dégustation privée de la récolte d'Éthiopie.</li></ul>": (
        "<p>For our Ambassadors only: pieces we sell nowhere else.</p><ul><li>The "
        "<strong>limited edition Lumière cup</strong>, hand-glazed in Limoges (one per "
        "member).</li><li>20% off the beans of the month's roast.</li><li>An invitation to "
        "the private tasting of the Ethiopian harvest.</li></ul>"
    ),
    "Tasse Lumière édition limitée": "Limited edition Lumière cup",
    "Atelier latte art": "Latte art workshop",
    "Dégustation des cafés d'automne": "Autumn coffee tasting",
    # The product
    "Tasse nomade Lumière": "Lumière travel cup",
    "Notre tasse réutilisable, à composer : corps, couvercle, manchon et logo, et vos "
    "initiales gravées sur le manchon.": (
        "Our reusable cup, your way: body, lid, sleeve and logo, and your initials engraved "
        "on the sleeve."
    ),
    "Vos initiales": "Your initials",
    "Corps": "Body",
    "Couvercle": "Lid",
    "Manchon": "Sleeve",
    "Logo": "Logo",
    "Crème": "Cream",
    "Noir": "Black",
    "Blanc": "White",
    "Liège naturel": "Natural cork",
    "Liège": "Cork",
    "Or": "Gold",
    "Espresso": "Espresso",
    "Silicone corail": "Coral silicone",
    "Silicone menthe": "Mint silicone",
    "Sauge": "Sage",
    "Caramel": "Caramel",
    "Bleu nuit": "Midnight blue",
    "Toile rayée": "Striped canvas",
    "Terracotta": "Terracotta",
    "Cuir végétal": "Plant leather",
    "Fibre de bambou": "Bamboo fibre",
    "Inox brossé": "Brushed steel",
    # Contests
    "Originalité": "Originality",
    "Esprit Café Lumière": "Café Lumière spirit",
    "Faisabilité": "Feasibility",
}

# Texts made of a fixed part and a name the demo did not write in two languages (an idea's or
# a design's title, written by its member in her own language).
_PATTERNS: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"^Idée lancée : (.+)$"), lambda m: f"Idea launched: {m.group(1)}"),
    (
        re.compile(r"^(.+) : « (.+) »$"),
        lambda m: f"{ENGLISH[m.group(1)]}: “{m.group(2)}”" if m.group(1) in ENGLISH else None,
    ),
]


def english(french: str) -> str | None:
    """The English of a French demo text, or ``None`` if the demo has none."""
    if french in ENGLISH:
        return ENGLISH[french]
    for pattern, make in _PATTERNS:
        match = pattern.match(french)
        if match and (text := make(match)):
            return str(text)
    return None


# How a translated row reaches its brand (categories through their campaign, options through
# their part and product…).
_PATHS_TO_BRAND = ["brand", "campaign__brand", "product__brand", "part__product__brand",
                   "contest__brand", "poll__brand"]  # fmt: skip


def demo_rows(brand: Any) -> list[tuple[Any, list[str]]]:
    """Every row of the brand with translated fields, and those fields' names."""
    from modeltranslation.translator import translator

    from cocrea.brands.models import Brand

    rows: list[tuple[Any, list[str]]] = []
    for model in translator.get_registered_models():
        fields = sorted(translator.get_options_for_model(model).fields)  # type: ignore[attr-defined]
        names = {field.name for field in model._meta.get_fields()}
        queryset: Any
        if model is Brand:
            queryset = Brand.objects.filter(pk=brand.pk)
        else:
            path = next((p for p in _PATHS_TO_BRAND if p.split("__")[0] in names), None)
            if path is None:
                continue
            queryset = model._default_manager.filter(**{path: brand})
        rows.extend((row, fields) for row in queryset.order_by("pk"))
    return rows


def translate_demo(brand: Any) -> list[str]:
    """Fill the English column of every French-only demo text; return the French texts that
    have no English (the test wants none)."""
    from cocrea.customizer.models import Product
    from cocrea.customizer.services import catalogue_changed

    untranslated = []
    catalogue = False  # a part or option changed: the product's kept catalogue is stale
    for row, fields in demo_rows(brand):
        changed = []
        for field in fields:
            french, current = getattr(row, f"{field}_fr"), getattr(row, f"{field}_en")
            if not french or current:
                continue
            text = english(french)
            if text is None:
                untranslated.append(french)
                continue
            setattr(row, f"{field}_en", text)
            changed.append(f"{field}_en")
        if changed:
            row.save(update_fields=changed)
            catalogue = catalogue or row._meta.app_label == "customizer"
    if catalogue:
        for product in Product.objects.filter(brand=brand):
            catalogue_changed(product=product)
    return untranslated
