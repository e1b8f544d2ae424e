"""Texts of the fictional demo brand, Café Lumière. French first (the demo's language), some English."""

from __future__ import annotations

from cocrea.demo.ideas_app import APP
from cocrea.demo.ideas_cup import CUP
from cocrea.demo.ideas_menu import MENU

BRAND = {
    "name": "Café Lumière",
    "slug": "cafe-lumiere",
    "tagline": "Vos idées font notre café. Proposez, votez, et voyez-les prendre vie.",
    "description": (
        "Café Lumière, ce sont 80 cafés en France et en Belgique. Depuis 2019, nos clients "
        "imaginent avec nous les boissons, les tasses et les services de demain."
    ),
    "primary_colour": "#5b3a29",
    "accent_colour": "#c8641e",
}

FIRST_NAMES = [
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Inès",
    "Jade",
    "Louise",
    "Emma",
    "Sarah",
    "Zoé",
    "Lucas",
    "Hugo",
    "Louis",
    "Nathan",
    "Gabriel",
    "Jules",
    "Arthur",
    "Raphaël",
    "Noah",
    "Adam",
    "Claire",
    "Sophie",
    "Julien",
    "Thomas",
    "Antoine",
    "Mathilde",
    "Élodie",
    "Yanis",
    "Nadia",
    "Karim",
    "Olivia",
    "James",
    "Emily",
    "Oliver",
    "Grace",
    "Henry",
    "Amelia",
    "Jack",
    "Mia",
    "Leo",
]
# Members with these first names write in English (and read the site in English).
ENGLISH_FIRST_NAMES = frozenset(FIRST_NAMES[-10:])
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "Andre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Wilson",
    "Evans",
    "Walker",
    "Benali",
    "Haddad",
    "Nguyen",
]
# A few members wrote a bio (each their own); the others left it empty.
BIOS = [
    "Amateur de cafés de spécialité, client depuis l'ouverture du café de Lyon.",
    "Je travaille en télétravail… souvent chez Café Lumière !",
    "Barista à la maison, toujours en quête de la mouture parfaite.",
    "Étudiante, je carbure au cappuccino avoine.",
    "Coffee lover from Brussels, happy to help.",
    "Parent pressé, fan du drive et des viennoiseries.",
    "Infirmière de nuit : mon premier café est à 6 h du soir.",
    "Runner on weekends, flat white drinker every day.",
    "Je teste toutes les boissons de saison, même les plus étranges.",
    "Ancien torréfacteur amateur, je garde l'œil sur les origines.",
    "Designer in Lille; I notice every cup and every font.",
    "Maman de trois enfants, je cherche des goûters sans allergènes.",
    "Développeuse, j'ai des avis sur l'appli (gentils, promis).",
    "Retraité, tous les matins au café de la place Bellecour.",
    "Expat in Nantes, learning French one croissant at a time.",
    "Prof de SVT, militante zéro déchet à mes heures.",
]

CAMPAIGNS = [
    {
        "slug": "la-tasse-de-demain",
        "title": "La tasse de demain",
        "objective": (
            "Zéro gobelet jetable d'ici 2027 : imaginez avec nous la tasse et le service qui "
            "vont avec."
        ),
        "description": (
            "<p>Chaque année nos cafés utilisent 4 millions de gobelets. Nous voulons les "
            "supprimer sans vous compliquer la vie. <strong>Tasse consignée, tasse personnelle, "
            "nouveau matériau, récompense…</strong> : toutes les idées sont bienvenues "
            "jusqu'au début de l'année.</p>"
        ),
        "phase": "submission",
        "cover": "cups",
        "categories": ["Tasse et matériaux", "Consigne et retour", "Récompenses"],
        "tags": ["écologie", "zéro déchet", "design"],
        "ideas": CUP,
    },
    {
        "slug": "le-menu-de-l-hiver",
        "title": "Le menu de l'hiver",
        "objective": "Choisissez les boissons et douceurs qui rejoindront la carte d'hiver.",
        "description": (
            "<p>Les propositions sont closes : <strong>votez</strong> pour vos préférées et "
            "notez-les. Les cinq idées les plus soutenues seront goûtées par notre torréfacteur "
            "le 12 décembre.</p>"
        ),
        "phase": "voting",
        "cover": "winter",
        "categories": ["Boissons chaudes", "Pâtisseries et déjeuner", "Sans lactose et vegan"],
        "tags": ["saison", "gourmand", "vegan"],
        "ideas": MENU,
    },
    {
        "slug": "l-application-cafe-lumiere",
        "title": "L'application Café Lumière",
        "objective": "Ce que vous attendiez de l'appli, et ce que nous avons lancé grâce à vous.",
        "description": (
            "<p>Notre toute première campagne, cet été : vous avez dit ce qui manquait à "
            "l'application. Voici nos réponses officielles, ce qui est en développement et ce "
            "qui est déjà lancé.</p>"
        ),
        "phase": "results",
        "cover": "app",
        "categories": ["Commande et paiement", "Fidélité et cadeaux", "Accessibilité et confort"],
        "tags": ["appli", "paiement", "accessibilité"],
        "ideas": APP,
    },
]


def merge_answer(lang: str, original: str) -> str:
    """The brand's answer on a duplicate, naming the idea it joins (one text per duplicate)."""
    if lang == "en":
        return f"Thank you! This idea joins “{original}”, which says the same: your support moves with it."
    return (
        f"Merci ! Cette idée rejoint « {original} » qui dit la même chose : "
        "vos soutiens la suivent."
    )
