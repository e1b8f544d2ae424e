"""Suspected duplicates: the pair model on small real texts, and the brand team's console."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from cocrea.ideas.models import Idea
from cocrea.insights import duplicates
from cocrea.insights.analysis import pairs
from cocrea.insights.models import DuplicateDismissal

SOCKETS = (
    "Prises pour recharger son téléphone",
    "Des prises électriques en terrasse pour recharger son téléphone.",
)
OUTLETS = ("Outlets to charge phones", "Power outlets on the terrace to charge our phones.")


def _judge(a: str, b: str, similarity: float | None = None) -> pairs.Verdict:
    """The verdict on two French titles, with their real calibrated similarity unless given."""
    if similarity is None:
        similarity = _similarity(a, b)
    return pairs.judge(pairs.side(a, "", "fr"), pairs.side(b, "", "fr"), similarity)


def _similarity(a: str, b: str) -> float:
    import numpy as np

    from cocrea.insights import similar
    from cocrea.insights.analysis import lexical, text, vectors

    matrix = similar._Matrix()
    for row, title in enumerate((a, b)):
        matrix.put(row, vectors.of(title, ""), "fr", None)
    matrix.lexical = lexical.LexicalIndex([text.lemmas(a, "fr"), text.lemmas(b, "fr")])
    return float(matrix.pair_scores(0, matrix.lexical.pair_scores(np.array([0]), 2)[0])[1])


# --- The pair model on small real texts (Toulouse participatory budget titles) -------------


def test_the_same_request_for_another_place_is_not_a_duplicate():
    same = _judge("Piège à moustiques à Lardenne", "Des pièges à moustiques à Lardenne")
    other = _judge("Piège à moustiques à Lardenne", "Piège anti-moustiques à Bagatelle")
    assert same.probability >= duplicates.DUPLICATE_THRESHOLD
    assert other.probability < duplicates.DUPLICATE_THRESHOLD < same.probability
    assert ("name", "lardenne / bagatelle") in other.reasons


def test_another_object_for_the_same_place_scores_lower_and_says_what_differs():
    same = _judge(
        "Installer des toilettes publiques au jardin du Barry",
        "Des toilettes publiques au jardin du Barry",
    )
    other = _judge(
        "Installer des toilettes publiques au jardin du Barry",
        "Rénover le boulodrome du jardin du Barry",
    )
    assert other.probability < same.probability
    assert ("object", "toilettes publiques / boulodrome rénover") in other.reasons
    assert ("same", "jardin barry") in other.reasons


def test_a_negation_lowers_the_likelihood_and_says_why():
    plain = _judge("Fusionner la CADA et la CNIL", "Fusionner la CNIL et la CADA")
    negated = _judge("Fusionner la CADA et la CNIL", "Ne pas fusionner la CNIL et la CADA")
    assert negated.probability < plain.probability
    assert ("negation", "") in negated.reasons


def test_different_numbers_and_places_are_named_in_the_reasons():
    verdict = _judge("Moustiques dans le quartier 15", "Moustiques dans le quartier 5")
    codes = {code for code, _w in verdict.reasons}
    assert "place" in codes or "number" in codes
    assert ("same", "moustiques quartier") in verdict.reasons or "same" in codes


def test_the_pair_model_is_a_small_file_that_matches_its_features():
    weights, _intercept = pairs._weights()
    assert len(weights) == len(pairs.FEATURES) and pairs.MODEL_PATH.stat().st_size < 2_000
    assert 0.0 <= pairs.probability(pairs.features(*_sides(), 1.0)) <= 1.0


def _sides() -> tuple[pairs.Side, pairs.Side]:
    return pairs.side("Gobelets consignés", "", "fr"), pairs.side("Deposit cups", "", "en")


# --- The console ----------------------------------------------------------------------------


@pytest.fixture
def twins(post_idea, bob, dan, campaign):  # type: ignore[no-untyped-def]
    older = post_idea(dan, campaign, *SOCKETS)
    newer = post_idea(bob, campaign, *OUTLETS)
    return older, newer


def _url(campaign, **params):  # type: ignore[no-untyped-def]
    return reverse("insights:duplicates", args=[campaign.brand.slug])


@pytest.mark.django_db
@pytest.mark.usefixtures("warm")
def test_the_console_shows_a_percentage_a_reason_and_dates(as_mona, campaign, twins):  # type: ignore[no-untyped-def]
    older, newer = twins
    html = as_mona.get(_url(campaign)).content.decode()
    assert f'data-older="{older.pk}" data-newer="{newer.pk}"' in html
    assert "% the same request" in html and "same request:" in html
    assert html.count('class="panel duplicate-pair"') == 1


@pytest.mark.django_db
@pytest.mark.usefixtures("warm")
def test_older_and_newer_follow_the_dates_not_the_ids(as_mona, campaign, twins):  # type: ignore[no-untyped-def]
    first, second = twins
    Idea.objects.filter(pk=first.pk).update(created_at=second.created_at + timedelta(hours=1))
    found = duplicates.suspected_duplicates(brand=campaign.brand)
    assert [(p.older.pk, p.newer.pk) for p in found] == [(second.pk, first.pk)]


@pytest.mark.django_db
@pytest.mark.usefixtures("warm")
def test_not_a_duplicate_is_remembered(as_mona, campaign, twins):  # type: ignore[no-untyped-def]
    older, newer = twins
    url = reverse("insights:duplicate_action", args=[campaign.brand.slug, "dismiss"])
    response = as_mona.post(url, {"older": older.pk, "newer": newer.pk, "min": "0.30"})
    assert response.status_code == 302 and "min=0.30" in response["Location"]
    assert DuplicateDismissal.objects.filter(older=older, newer=newer).count() == 1
    as_mona.post(url, {"older": older.pk, "newer": newer.pk})  # twice: still one row
    assert DuplicateDismissal.objects.count() == 1
    assert duplicates.suspected_duplicates(brand=campaign.brand, threshold=0.3) == []


@pytest.mark.django_db
@pytest.mark.usefixtures("warm")
def test_merge_in_one_click(as_mona, campaign, twins):  # type: ignore[no-untyped-def]
    older, newer = twins
    url = reverse("insights:duplicate_action", args=[campaign.brand.slug, "merge"])
    assert as_mona.post(url, {"older": older.pk, "newer": newer.pk}).status_code == 302
    newer.refresh_from_db()
    assert newer.status == Idea.Status.MERGED and newer.merged_into_id == older.pk
    assert duplicates.suspected_duplicates(brand=campaign.brand, threshold=0.3) == []


@pytest.mark.django_db
@pytest.mark.usefixtures("warm")
def test_bad_or_foreign_pairs_are_refused(as_mona, campaign, twins):  # type: ignore[no-untyped-def]
    older, newer = twins
    url = reverse("insights:duplicate_action", args=[campaign.brand.slug, "dismiss"])
    assert as_mona.post(url, {"older": "x", "newer": newer.pk}).status_code == 400
    assert as_mona.post(url, {"older": "1\x00", "newer": newer.pk}).status_code == 400
    assert as_mona.post(url, {"older": newer.pk, "newer": newer.pk}).status_code == 404
    assert as_mona.post(url, {"older": 10**9, "newer": newer.pk}).status_code == 404
    bad = reverse("insights:duplicate_action", args=[campaign.brand.slug, "explode"])
    assert as_mona.post(bad, {"older": older.pk, "newer": newer.pk}).status_code == 400
    assert as_mona.get(url).status_code == 405
    assert not DuplicateDismissal.objects.exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("warm")
def test_filters_and_pages(as_mona, campaign, twins, post_idea, bob, dan, monkeypatch):  # type: ignore[no-untyped-def]
    from cocrea.insights import views

    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    post_idea(dan, campaign, "Des gobelets consignés", "Des gobelets consignés dans les cafés.")
    post_idea(bob, campaign, "Gobelets consignés", "Des gobelets consignés dans tous nos cafés !")
    first = as_mona.get(_url(campaign), {"min": "0.30"}).content.decode()
    assert first.count('class="panel duplicate-pair"') == 1 and 'rel="next"' in first
    second = as_mona.get(_url(campaign), {"min": "0.30", "page": "2"}).content.decode()
    assert second.count('class="panel duplicate-pair"') == 1 and 'rel="prev"' in second
    elsewhere = as_mona.get(_url(campaign), {"campaign": "999999"}).content.decode()
    assert 'class="panel duplicate-pair"' in elsewhere  # an unknown campaign means all
    accepted = as_mona.get(_url(campaign), {"status": "accepted", "min": "0.30"}).content
    assert b'class="panel duplicate-pair"' not in accepted
    assert as_mona.get(_url(campaign), {"min": "nan", "page": "x"}).status_code == 200


@pytest.mark.django_db
@pytest.mark.usefixtures("warm")
def test_hidden_ideas_are_not_listed_as_duplicates(campaign, twins):  # type: ignore[no-untyped-def]
    Idea.objects.filter(pk=twins[0].pk).update(is_hidden=True)
    assert duplicates.suspected_duplicates(brand=campaign.brand, threshold=0.3) == []


@pytest.mark.django_db
def test_the_console_is_refused_to_visitors_members_and_outsiders(
    client, as_bob, as_charlie, campaign
):  # type: ignore[no-untyped-def]
    url = _url(campaign)
    assert as_bob.get(url).status_code == 403
    assert as_charlie.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


@pytest.mark.django_db
@pytest.mark.usefixtures("warm")
def test_the_console_runs_a_bounded_number_of_queries(
    as_mona, post_idea, bob, campaign, twins, django_assert_max_num_queries
):  # type: ignore[no-untyped-def]
    as_mona.get(_url(campaign))
    for n in range(4):
        post_idea(
            bob, campaign, f"Gobelets consignés {n}", "Des gobelets consignés dans les cafés."
        )
    with django_assert_max_num_queries(20):
        response = as_mona.get(_url(campaign), {"min": "0.30"})
    assert response.content.decode().count('class="panel duplicate-pair"') >= 5
