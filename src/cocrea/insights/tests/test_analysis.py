"""The text analysis on small real texts, in French and English (no database)."""

from __future__ import annotations

import numpy as np
import pytest

from cocrea.insights import analysis
from cocrea.insights.analysis import clustering, embedding, language, needs, sentiment, text

pytestmark = pytest.mark.usefixtures("warm")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Il faudrait des gobelets consignés dans tous les cafés de la ville.", "fr"),
        ("Plantation d'arbres sur stationnement rue des Fontaines", "fr"),
        ("Please add oat milk to the menu, it would make my mornings.", "en"),
        ("Legalize hemp farming for American farmers", "en"),
        ("Me gustaría que hubiera vasos reutilizables en todas las tiendas.", "other"),
        ("12345 !!!", "other"),
    ],
)
def test_language_is_french_english_or_flagged_other(sentence, expected):  # type: ignore[no-untyped-def]
    assert language.detect(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "lang", "sign"),
    [
        ("C'est une excellente idée, j'adore ce café délicieux !", "fr", 1),
        ("Service horrible, café froid et mauvais, vraiment nul.", "fr", -1),
        ("This is a great idea, I love it!", "en", 1),
        ("Terrible service, the coffee was cold and awful.", "en", -1),
    ],
)
def test_sentiment_has_the_sign_of_clear_cases(sentence, lang, sign):  # type: ignore[no-untyped-def]
    score = sentiment.polarity(sentence, lang)
    assert score is not None and score * sign > 0.2


def test_sentiment_is_not_guessed_for_other_languages():
    assert sentiment.polarity("Me encanta esta idea", "other") is None


def test_needs_are_the_sentences_with_a_wish():
    body = (
        "Le café est bon. Il faudrait des prises pour recharger son téléphone. "
        "Ce serait bien si la terrasse restait ouverte l'hiver."
    )
    found = needs.extract(body, "fr")
    assert [n.cue for n in found] == ["il faudrait", "ce serait bien"]
    assert found[0].sentence == "Il faudrait des prises pour recharger son téléphone."
    english = needs.extract(
        "Great shop. I wish you sold decaf beans. Please add a loyalty card!", "en"
    )
    assert [n.cue for n in english] == ["i wish", "please add"]


def test_needs_ignore_sentences_without_a_cue():
    assert needs.extract("Le café est très bon et le service rapide.", "fr") == []


def test_lemmas_drop_stop_words_and_keywords_name_the_subject():
    lemmas = text.lemmas("Les gobelets consignés réduisent les déchets des cafés", "fr")
    assert "gobelet" in lemmas and "déchet" in lemmas and "les" not in lemmas
    keywords = text.keywords(
        "Reusable cups with a deposit scheme would cut the waste of cups.", "en"
    )
    assert any("cup" in k for k in keywords)


def test_key_phrases_keep_what_the_texts_say_spelt_as_they_write_it():
    spelling = text.Spelling(
        [
            ("Un chai sucré maison, pas trop sucré", "fr"),
            ("Le chai sucré est trop sucré chez vous, sinon il prendra du thé", "fr"),
            ("Reusable cups, please", "en"),
        ]
    )
    assert text.lemmas("Un chai sucré maison", "fr") == ["chai", "sucrer", "maison"]
    assert spelling.spell("chai sucrer") == "chai sucré"
    assert spelling.spell("gobelet") == "gobelet"  # no text writes it: left as it is
    assert spelling.spell("cup") == "cups"
    # Side by side in a text: a phrase; only once the stop words are out: not one.
    assert spelling.says("chai sucrer") and spelling.says("sucrer maison")
    assert not spelling.says("sinon prendre") and not spelling.says("maison chai")
    assert spelling.says("reusable") and spelling.says("reusable cup")


def _cos(a: str, b: str) -> float:
    va, vb = embedding.embed([a, b])
    return float(va @ vb)


def test_a_paraphrase_is_closer_than_another_idea():
    idea = "Des gobelets réutilisables consignés pour réduire les déchets"
    paraphrase = "Proposer une consigne sur des tasses lavables pour jeter moins de gobelets"
    other = "Ouvrir la boutique plus tard le dimanche soir"
    assert _cos(idea, paraphrase) > _cos(idea, other) + 0.03


def test_a_translation_is_closer_than_another_idea_in_the_same_language():
    french = "Installer des prises électriques pour recharger son téléphone en terrasse"
    english = "Install power outlets on the terrace to charge phones"
    other = "Sell a larger size of iced tea in summer"
    assert _cos(french, english) > _cos(english, other) + 0.03


def test_embeddings_are_normalised_and_round_trip_through_bytes():
    vector = embedding.embed_one("Un café plus chaud")
    assert vector.shape == (embedding.DIM,)
    assert abs(float(np.linalg.norm(vector)) - 1) < 1e-3
    assert np.array_equal(embedding.from_bytes(embedding.to_bytes(vector)), vector)


def test_analyse_runs_every_step():
    result = analysis.analyse(
        "Terrasse en hiver", "J'aimerais que la terrasse soit chauffée l'hiver."
    )
    assert result.language == "fr"
    assert result.needs and result.needs[0].cue == "j'aimerais"
    assert result.embedding is not None and result.keywords


def test_clusters_gather_texts_of_one_topic_and_are_labelled():
    topics = {
        "vélo": [
            "Plus de pistes cyclables sécurisées",
            "Des parkings à vélos devant la gare",
            "Une piste cyclable le long du canal",
            "Réparer les pistes cyclables abîmées",
        ],
        "arbre": [
            "Planter des arbres dans la cour de l'école",
            "Des arbres fruitiers dans le parc",
            "Planter des arbres le long de l'avenue",
            "Végétaliser la place avec des arbres",
        ],
    }
    texts = [t for group in topics.values() for t in group]
    found = clustering.cluster(embedding.embed(texts), k=2)
    labels = found.labels.tolist()
    assert len(set(labels[:4])) == 1 and len(set(labels[4:])) == 1 and labels[0] != labels[4]
    phrases = clustering.label([text.lemmas(t, "fr") for t in texts], found.labels)
    assert any("cyclable" in p or "piste" in p for p in phrases[labels[0]][:3])
    assert any("arbre" in p for p in phrases[labels[4]][:3])
