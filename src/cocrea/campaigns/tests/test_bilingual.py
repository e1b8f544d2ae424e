"""A brand's texts in French and English: members read their language, and a missing
translation falls back to the other language, marked as such."""

from __future__ import annotations

import pytest
from conftest import login
from django.urls import reverse
from django.utils import translation

from cocrea.campaigns.models import Campaign, Category
from cocrea.campaigns.tests.factories import CampaignFactory
from cocrea.core.texts import assign, text_in, texts_of
from cocrea.engagement.models import Reward, Tier
from cocrea.engagement.rewards import reward_grant
from cocrea.notifications.models import Notification
from cocrea.notifications.texts import notification_text

pytestmark = pytest.mark.django_db


def _bilingual(brand, alice) -> Campaign:  # type: ignore[no-untyped-def]
    campaign = CampaignFactory(brand=brand, slug="tasse", created_by=alice)
    assign(campaign, "title", {"fr": "La tasse de demain", "en": "The cup of tomorrow"})
    assign(campaign, "objective", {"fr": "Imaginez la tasse", "en": "Imagine the cup"})
    campaign.save()
    category = Category(campaign=campaign)
    assign(category, "name", {"fr": "Boissons chaudes", "en": "Hot drinks"})
    category.save()
    return campaign


def _read_in(client, user, lang: str, url: str) -> str:  # type: ignore[no-untyped-def]
    user.language = lang
    user.save(update_fields=["language"])
    return client.get(url).content.decode()


def test_an_english_member_reads_the_english_texts(client, brand, alice, bob):
    campaign = _bilingual(brand, alice)
    url = reverse("ideas:list", args=[brand.slug, campaign.slug])

    page = _read_in(login(client, bob), bob.user, "en", url)

    assert "The cup of tomorrow" in page and "Imagine the cup" in page and "Hot drinks" in page
    assert "La tasse de demain" not in page and "Boissons chaudes" not in page
    assert "fallback-note" not in page


def test_a_french_member_reads_the_french_texts(client, brand, alice, bob):
    campaign = _bilingual(brand, alice)
    url = reverse("ideas:list", args=[brand.slug, campaign.slug])

    page = _read_in(login(client, bob), bob.user, "fr", url)

    assert "La tasse de demain" in page and "Boissons chaudes" in page
    assert "The cup of tomorrow" not in page.split("<main")[-1]


def test_a_missing_english_text_shows_the_french_one_marked_as_such(client, brand, alice, bob):
    campaign = _bilingual(brand, alice)
    campaign.objective_en = ""
    campaign.save()
    url = reverse("ideas:list", args=[brand.slug, campaign.slug])

    page = _read_in(login(client, bob), bob.user, "en", url)

    assert '<span lang="fr">Imaginez la tasse</span>' in page
    assert '<small class="fallback-note">(in French)</small>' in page
    assert "The cup of tomorrow" in page  # the title has its English text: no mark


def test_a_missing_french_text_is_marked_in_french(client, brand, alice, bob):
    campaign = _bilingual(brand, alice)
    campaign.title_fr = ""
    campaign.save()
    url = reverse("ideas:list", args=[brand.slug, campaign.slug])

    page = _read_in(login(client, bob), bob.user, "fr", url)

    assert '<span lang="en">The cup of tomorrow</span>' in page
    assert "(en anglais)" in page


def test_text_in_names_the_language_it_fell_back_to(brand, alice):
    campaign = _bilingual(brand, alice)
    campaign.title_en = ""

    assert text_in(campaign, "title", "fr") == ("La tasse de demain", None)
    assert text_in(campaign, "title", "en") == ("La tasse de demain", "fr")
    assert texts_of(campaign, "title") == {"fr": "La tasse de demain", "en": ""}


def test_a_plain_string_is_written_in_the_current_language_only(brand):
    with translation.override("fr"):
        tier = Tier.objects.create(brand=brand, name="Initié", threshold=0)
    tier.refresh_from_db()

    assert (tier.name_fr, tier.name_en) == ("Initié", None)
    with translation.override("en"):
        assert tier.name == "Initié"  # the fallback, read through the field


def test_a_reward_is_kept_and_notified_in_both_languages(brand, bob):
    reward_grant(
        member=bob,
        kind=Reward.Kind.POINTS,
        label={"fr": "Finaliste de « Tasse »", "en": "Finalist of “Cup”"},
        amount=20,
        source={"fr": "La tasse", "en": "The cup"},
    )
    reward = Reward.objects.get(member=bob)
    notification = Notification.objects.get(recipient=bob.user, kind="reward_granted")

    assert texts_of(reward, "label") == {"fr": "Finaliste de « Tasse »", "en": "Finalist of “Cup”"}
    assert texts_of(reward, "source") == {"fr": "La tasse", "en": "The cup"}
    with translation.override("en"):
        assert notification_text(notification) == "You received a reward: Finalist of “Cup”"
    with translation.override("fr"):
        assert "Finaliste de « Tasse »" in notification_text(notification)


def test_a_reward_label_over_the_limit_in_one_language_is_refused(brand, bob):
    from cocrea.core.errors import DomainError

    with pytest.raises(DomainError):
        reward_grant(member=bob, kind=Reward.Kind.OTHER, label={"fr": "Bon", "en": "x" * 121})
    assert not Reward.objects.filter(member=bob).exists()


def test_a_reward_needs_a_label_in_one_language_at_least(brand, bob):
    from cocrea.core.errors import DomainError

    with pytest.raises(DomainError):
        reward_grant(member=bob, kind=Reward.Kind.OTHER, label={"fr": " ", "en": ""})


def _form_data(**texts: str) -> dict[str, str]:
    from cocrea.core.rows import rows_data

    return {
        **rows_data("categories", []),  # the rows' management forms, as the page sends them
        **rows_data("tags", []),
        "slug": "",
        "visibility": "public",
        "submission_starts": "2030-01-01T09:00",
        "submission_ends": "2030-02-01T09:00",
        **texts,
    }


def test_the_console_form_takes_both_languages_side_by_side(as_alice, brand, alice):
    url = reverse("campaigns:create", args=[brand.slug])
    page = as_alice.get(url).content.decode()
    assert 'name="title_fr"' in page and 'name="title_en"' in page
    assert 'name="description_fr"' in page and 'name="description_en"' in page

    response = as_alice.post(
        url,
        _form_data(
            title_fr="La tasse",
            title_en="The cup",
            objective_fr="Imaginez",
            objective_en="",
            description_fr="<p>Bonjour <script>x</script></p>",
            description_en="<p>Hello</p>",
        ),
    )

    assert response.status_code == 302, response.context["form"].errors
    campaign = Campaign.objects.get(brand=brand)
    assert texts_of(campaign, "title") == {"fr": "La tasse", "en": "The cup"}
    assert texts_of(campaign, "objective") == {"fr": "Imaginez", "en": ""}
    assert (
        campaign.description_fr == "<p>Bonjour </p>" and campaign.description_en == "<p>Hello</p>"
    )
    edit = as_alice.get(reverse("campaigns:edit", args=[brand.slug, campaign.pk])).content.decode()
    assert 'value="La tasse"' in edit and 'value="The cup"' in edit


def test_the_console_form_needs_one_language_at_least(as_alice, brand):
    url = reverse("campaigns:create", args=[brand.slug])

    response = as_alice.post(
        url, _form_data(title_fr="", title_en=" ", objective_fr="Imaginez", objective_en="")
    )

    assert response.status_code == 200
    assert "Write it in French or in English." in response.content.decode()
    assert not Campaign.objects.filter(brand=brand).exists()


def test_the_console_form_refuses_a_title_too_long_in_one_language(as_alice, brand):
    url = reverse("campaigns:create", args=[brand.slug])

    response = as_alice.post(
        url, _form_data(title_fr="Tasse", title_en="x" * 121, objective_fr="Imaginez")
    )

    assert response.status_code == 200
    assert not Campaign.objects.filter(brand=brand).exists()


def test_editing_in_english_keeps_the_french_text(as_alice, brand, alice):
    campaign = _bilingual(brand, alice)
    url = reverse("campaigns:edit", args=[brand.slug, campaign.pk])

    response = as_alice.post(
        url,
        _form_data(
            title_fr="La tasse de demain",
            title_en="The mug of tomorrow",
            objective_fr="Imaginez la tasse",
            objective_en="Imagine the cup",
            slug="tasse",
        ),
    )

    assert response.status_code == 302
    campaign.refresh_from_db()
    assert texts_of(campaign, "title") == {"fr": "La tasse de demain", "en": "The mug of tomorrow"}
