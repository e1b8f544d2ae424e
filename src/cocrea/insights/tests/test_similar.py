"""Similar ideas while typing, and suspected duplicates for the brand team."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from cocrea.brands.models import Brand
from cocrea.campaigns.tests.factories import CampaignFactory
from cocrea.ideas.models import Idea
from cocrea.insights import similar

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("warm")]

CUPS = (
    "Des gobelets réutilisables consignés",
    "Proposer des gobelets consignés pour réduire les déchets des cafés à emporter.",
)
SOCKETS = (
    "Des prises pour recharger son téléphone",
    "Installer des prises électriques en terrasse pour recharger son téléphone.",
)
HOURS = ("Ouvrir plus tard le dimanche", "Le café pourrait fermer à 20 h le dimanche.")


@pytest.fixture
def ideas(post_idea, dan, campaign):  # type: ignore[no-untyped-def]
    return [post_idea(dan, campaign, *texts) for texts in (CUPS, SOCKETS, HOURS)]


def _similar_url(brand, campaign, **params):  # type: ignore[no-untyped-def]
    return reverse("insights:similar", args=[brand.slug, campaign.slug])


def _ask(client, campaign, title, body=""):  # type: ignore[no-untyped-def]
    url = reverse("insights:similar", args=[campaign.brand.slug, campaign.slug])
    return client.get(url, {"title": title, "body": body}, HTTP_HX_REQUEST="true")


def test_a_paraphrase_shows_the_existing_idea_first(as_bob, campaign, ideas):  # type: ignore[no-untyped-def]
    found = similar.similar_ideas(campaign=campaign, title="Une consigne sur les tasses à emporter")
    assert found and found[0].idea == ideas[0]
    response = _ask(as_bob, campaign, "Une consigne sur les tasses à emporter")
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        ideas[0].title in html
        and reverse("ideas:detail", args=[campaign.brand.slug, ideas[0].pk]) in html
    )
    assert "support it instead" in html and "0 supporters" in html


def test_a_translation_finds_the_idea_in_the_other_language(campaign, ideas):  # type: ignore[no-untyped-def]
    found = similar.similar_ideas(campaign=campaign, title="Power outlets to charge my phone")
    assert found and found[0].idea == ideas[1]


def test_nothing_is_suggested_for_an_unrelated_or_too_short_text(as_bob, campaign, ideas):  # type: ignore[no-untyped-def]
    assert similar.similar_ideas(campaign=campaign, title="Tarifs des abonnements de parking") == []
    response = _ask(as_bob, campaign, "Go")
    assert response.status_code == 200 and b"similar-ideas" not in response.content


def test_hidden_withdrawn_and_merged_ideas_are_never_suggested(campaign, ideas):  # type: ignore[no-untyped-def]
    cups, sockets, hours = ideas
    similar.similar_ideas(campaign=campaign, title=CUPS[0])  # the cache is built now
    Idea.objects.filter(pk=cups.pk).update(is_hidden=True)
    Idea.objects.filter(pk=sockets.pk).update(withdrawn_at=timezone.now())
    Idea.objects.filter(pk=hours.pk).update(status=Idea.Status.MERGED)
    for title in (CUPS[0], SOCKETS[0], HOURS[0]):
        assert similar.similar_ideas(campaign=campaign, title=title) == []


def test_ideas_of_other_campaigns_and_brands_are_never_suggested(
    post_idea, dan, charlie, campaign, ideas
):  # type: ignore[no-untyped-def]
    elsewhere = CampaignFactory(brand=campaign.brand)
    theirs = CampaignFactory(brand=charlie.brand)
    post_idea(charlie, theirs, *CUPS)
    assert similar.similar_ideas(campaign=elsewhere, title=CUPS[0]) == []
    found = similar.similar_ideas(campaign=campaign, title=CUPS[0])
    assert {item.idea.brand_id for item in found} == {campaign.brand_id}


def test_a_new_idea_joins_the_cached_matrix(post_idea, dan, campaign, ideas):  # type: ignore[no-untyped-def]
    assert len(similar.campaign_idea_ids(campaign.pk)) == 3
    fresh = post_idea(
        dan, campaign, "Un menu végétarien", "Ajouter un menu végétarien chaque midi."
    )
    ids = similar.campaign_idea_ids(campaign.pk)
    assert fresh.pk in ids.tolist() and len(ids) == 4
    assert (
        similar.similar_ideas(campaign=campaign, title="Menu végétarien le midi")[0].idea == fresh
    )


def test_oversize_or_odd_input_never_fails(as_bob, campaign, ideas):  # type: ignore[no-untyped-def]
    assert _ask(as_bob, campaign, "café " * 5000, "x" * 50_000).status_code == 200
    url = reverse("insights:similar", args=[campaign.brand.slug, campaign.slug])
    assert as_bob.get(url).status_code == 200
    assert as_bob.get(url, {"title": ["a", "b"]}).status_code == 200
    assert as_bob.post(url, {"title": "x"}).status_code == 405


def test_the_submission_form_asks_for_similar_ideas_while_typing(as_bob, campaign):  # type: ignore[no-untyped-def]
    response = as_bob.get(reverse("ideas:submit", args=[campaign.brand.slug, campaign.slug]))
    html = response.content.decode()
    assert reverse("insights:similar", args=[campaign.brand.slug, campaign.slug]) in html
    assert 'aria-live="polite"' in html and "keyup changed delay:300ms" in html


def test_visitors_and_outsiders_get_no_suggestions(client, as_charlie, campaign, ideas):  # type: ignore[no-untyped-def]
    url = reverse("insights:similar", args=[campaign.brand.slug, campaign.slug])
    client.logout()
    anonymous = client.get(url, {"title": CUPS[0]})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_an_outsider_is_refused_suggestions(as_charlie, campaign, ideas):  # type: ignore[no-untyped-def]
    response = _ask(as_charlie, campaign, CUPS[0])
    assert response.status_code == 403 and CUPS[0].encode() not in response.content


def test_an_outsider_of_a_members_only_brand_gets_404(as_charlie, campaign, ideas):  # type: ignore[no-untyped-def]
    Brand.objects.filter(pk=campaign.brand_id).update(visibility=Brand.Visibility.MEMBERS)
    assert _ask(as_charlie, campaign, CUPS[0]).status_code == 404


def test_suggestions_follow_the_submission_rules(as_bob, campaign, ideas):  # type: ignore[no-untyped-def]
    closed = CampaignFactory(brand=campaign.brand, phases="voting")
    assert _ask(as_bob, closed, CUPS[0]).status_code == 403
    other_brands = reverse("insights:similar", args=["globex", campaign.slug])
    assert as_bob.get(other_brands, {"title": CUPS[0]}).status_code == 404


def test_an_idea_is_its_title_its_start_and_its_whole_body():
    from cocrea.insights.analysis import vectors

    assert vectors.texts_of("  Des   pailles  en bambou ", "") == ["Des pailles en bambou"]
    body = "Le matin, la file d'attente est longue. " * 12 + "Il faudrait une seconde caisse."
    texts = vectors.texts_of("Attente au comptoir", body)
    assert texts[0] == "Attente au comptoir"
    assert texts[1].startswith("Attente au comptoir. Le matin") and len(texts[1]) <= 200
    assert not texts[1].endswith(" ") and body.startswith(texts[1][len("Attente au comptoir. ") :])
    assert "seconde caisse" in texts[-1]  # a need stated late in the body is seen
    assert all(len(t) <= vectors.PASSAGE_CHARS + 40 for t in texts[2:])
    long_body = " ".join(f"mot{i}" for i in range(5000))
    assert len(vectors.texts_of("t", long_body)) == vectors.MAX_TEXTS


def test_the_score_is_a_probability_whatever_the_input():
    import numpy as np

    from cocrea.insights.analysis import similarity

    dense = np.array([-1.0, 0.0, 0.5, 1.0, 1.0], dtype=np.float32)
    words = np.array([0.0, 1.0, 0.2, 1.0, 50.0], dtype=np.float32)
    same = np.array([True, True, False, True, True])
    scores = similarity.score(dense, words, same)
    assert ((scores >= 0) & (scores <= 1)).all()
    assert scores[3] == scores[4]  # lexical evidence is capped
    other = similarity.score(dense, words, ~same)
    assert other[2] > scores[2] or words[2] == 0  # another language: no lexical lift
    assert other[3] < scores[3]


def test_the_merge_assistant_lists_the_most_alike_idea_first(  # type: ignore[no-untyped-def]
    as_mona, post_idea, dan, campaign, ideas
):
    newer = post_idea(dan, campaign, "Une consigne sur les tasses à emporter", "Pour moins jeter.")
    page = as_mona.get(reverse("answers:answer", args=[campaign.brand.slug, newer.pk]))
    html = page.content.decode()
    menu = html[html.index('name="merge_target"') :]
    options = [menu.index(f'value="{idea.pk}"') for idea in ideas]
    assert options[0] == min(options)  # the deposit cups, before the sockets and the hours
    assert "% alike" in menu[options[0] : menu.index("</option>", options[0])]
    assert f'value="{newer.pk}"' not in menu
