"""Low-information voices: praise, "+1", "moi aussi", thanks, an emoji.

Such a voice says that someone supports what is being discussed, not what they need: it is
counted as support of a theme (the theme of the idea it answers, or the nearest one), never
clustered into a theme of its own, quoted, or cited as evidence (issue 13: the demo's top theme
was "excellente · soutiens · idée", twenty copies of one praise).

The rule reads the voice's content lemmas (``text.lemmas``: stop words already out): a voice is
low-information when nothing is left once the words of praise, agreement and thanks are taken
out, and it is short. "Super idée pour le marc de café" keeps "marc" and "café"; "Plus de
vegan" keeps "vegan"; "Excellente idée, je soutiens à 100 % !" keeps nothing.
"""

from __future__ import annotations

MAX_WORDS = 25  # a longer text always says something

# Lemmas (as ``text.lemmas`` gives them) of praise, agreement, thanks and sharing, French and
# English. Words that name what is asked for are never here.
SUPPORT_LEMMAS = frozenset(
    [
        "idée",
        "idee",
        "excellent",
        "excellente",
        "génial",
        "genial",
        "super",
        "top",
        "bravo",
        "merci",
        "remercier",
        "chapeau",
        "parfait",
        "parfaite",
        "formidable",
        "magnifique",
        "incroyable",
        "géniale",
        "superbe",
        "sympa",
        "cool",
        "bien",
        "bon",
        "bonne",
        "meilleur",
        "meilleure",
        "vraiment",
        "totalement",
        "complètement",
        "completement",
        "absolument",
        "tellement",
        "accord",
        "soutien",
        "soutenir",
        "soutiens",
        "approuver",
        "approuve",
        "valider",
        "valide",
        "adorer",
        "adore",
        "aimer",
        "aime",
        "plussoyer",
        "plussoie",
        "oui",
        "ouais",
        "yes",
        "ok",
        "okay",
        "okey",
        "vote",
        "voter",
        "voté",
        "pouce",
        "plus",
        "un",
        "initiative",
        "proposition",
        "projet",
        "parler",
        "autour",
        "partager",
        "partage",
        "hâte",
        "hate",
        "attendre",
        "vite",
        "envie",
        "intéressant",
        "intéressante",
        "interessant",
        "génialissime",
        "trop",
        "grave",
        "carrément",
        "clairement",
        "idea",
        "ideas",
        "great",
        "good",
        "nice",
        "awesome",
        "amazing",
        "brilliant",
        "excellent",
        "love",
        "like",
        "agree",
        "agreed",
        "support",
        "supporting",
        "supported",
        "thanks",
        "thank",
        "please",
        "count",
        "totally",
        "absolutely",
        "definitely",
        "really",
        "fantastic",
        "wonderful",
        "perfect",
        "yes",
        "yeah",
        "yep",
        "yay",
        "cool",
        "share",
        "sharing",
        "tell",
        "everyone",
        "proposal",
        "wait",
        "forward",
        "sign",
        "signed",
        "fan",
        "plus",
        "one",
    ]
)


def is_low_information(lemmas: list[str], words: int | None = None) -> bool:
    """Whether a voice whose content lemmas are ``lemmas`` (and which has ``words`` words,
    if known) says nothing beyond support."""
    if words is not None and words > MAX_WORDS:
        return False
    if len(lemmas) > MAX_WORDS:
        return False
    return all(lemma in SUPPORT_LEMMAS for lemma in lemmas)


def is_support_word(lemma: str) -> bool:
    """A word of praise or agreement: never a theme's key phrase."""
    return lemma in SUPPORT_LEMMAS
