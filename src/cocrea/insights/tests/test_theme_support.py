"""Low-information voices (praise, "+1", thanks) are support, not themes; labels and summaries
are words the voices say (issue 13)."""

from __future__ import annotations

import pytest

from cocrea.insights import services
from cocrea.insights.analysis import summary, support, text
from cocrea.insights.models import Theme, Voice
from cocrea.insights.tests.test_pipeline import BIKES, TREES, _voices

pytestmark = pytest.mark.django_db

PRAISE = [
    "Excellente idée, je soutiens à 100 % !",
    "+1",
    "Moi aussi",
    "👍👍",
    "Great idea, I love it!",
    "Totally agree, thanks",
    "Bravo, super initiative, merci !",
    "Génial, j'en parle autour de moi",
]
SAYS_SOMETHING = [
    ("Plus de vegan", "fr"),
    ("Super idée pour le marc de café", "fr"),
    ("Je soutiens, mais il faudrait des tasses en verre", "fr"),
    ("Great idea, but the lids leak", "en"),
]


@pytest.mark.parametrize("said", PRAISE)
def test_praise_and_plus_one_are_low_information(said: str) -> None:
    lang = "en" if any(w in said for w in ("idea", "agree")) else "fr"
    assert support.is_low_information(text.lemmas(said, lang))


@pytest.mark.parametrize(("said", "lang"), SAYS_SOMETHING)
def test_a_voice_that_names_something_is_not_low_information(said: str, lang: str) -> None:
    assert not support.is_low_information(text.lemmas(said, lang))


def test_a_praise_comment_is_support_and_never_a_theme_or_a_quote(brand) -> None:  # type: ignore[no-untyped-def]
    _voices(brand, BIKES + TREES + PRAISE * 3)
    praise = Voice.objects.filter(brand=brand, text__in=PRAISE)
    assert all(v.low_information for v in praise)
    services.themes_recompute(brand=brand)
    themes = list(Theme.objects.filter(brand=brand))
    assert sum(t.support for t in themes) == len(PRAISE) * 3
    assert sum(t.size for t in themes) == len(BIKES + TREES + PRAISE * 3)
    for theme in themes:  # every theme holds real requests, named by them
        assert Voice.objects.filter(theme=theme, low_information=False).exists()
        words = " ".join(theme.keyphrases).lower().split()
        assert not {"excellente", "idée", "soutiens", "bravo", "merci", "great"} & set(words)
        assert theme.label and theme.label != "—"


def test_labels_are_never_stop_words_and_each_theme_has_a_sentence(brand) -> None:  # type: ignore[no-untyped-def]
    _voices(brand, [f"{t}. Il faudrait le faire vite, car c'est utile." for t in BIKES + TREES])
    services.themes_recompute(brand=brand)
    stops = text.stop_words("fr")
    for theme in Theme.objects.filter(brand=brand):
        assert theme.keyphrases
        for phrase in theme.keyphrases:
            assert not any(word in stops for word in phrase.lower().split())
        assert theme.summary and any(theme.summary.startswith(t) for t in BIKES + TREES)


def test_the_summary_is_the_sentence_that_covers_the_key_phrases() -> None:
    texts = [
        ("Bravo ! Des pistes cyclables sécurisées le long du canal. Merci.", "fr"),
        ("Il faudrait des arbres dans la cour, vraiment beaucoup.", "fr"),
    ]
    assert summary.sentence(texts, ["pistes cyclables", "canal"]) == (
        "Des pistes cyclables sécurisées le long du canal."
    )
    assert summary.sentence([("Merci !", "fr")], ["merci"]) == ""


def test_a_label_is_a_phrase_the_voices_say_and_reads_as_a_label(brand) -> None:  # type: ignore[no-untyped-def]
    _voices(brand, BIKES + TREES)
    services.themes_recompute(brand=brand)
    said = " ".join(BIKES + TREES).lower()
    stops = text.stop_words("fr")
    for theme in Theme.objects.filter(brand=brand):
        assert theme.label[0].isupper() and "·" not in theme.label
        assert theme.label.lower() in said  # as written, not a lemma ("piste cyclable")
        assert theme.label.lower() in [p.lower() for p in theme.keyphrases[:3]]
        assert not any(word in stops for word in theme.label.lower().split())
