"""Categories and tags are edited as rows, each name in French and English (issue 18)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cocrea.campaigns.models import Category, Tag
from cocrea.campaigns.tests.factories import CampaignFactory, CategoryFactory
from cocrea.campaigns.tests.test_views import _form
from cocrea.core.rows import rows_data
from cocrea.ideas.tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def _edit(client: Client, campaign: Any, **rows: Any) -> Any:
    url = reverse(
        "campaigns:edit", kwargs={"brand_slug": campaign.brand.slug, "campaign_id": campaign.pk}
    )
    data = _form(slug=campaign.slug)
    data.update(rows_data("tags", []))
    for prefix, (initial, items) in rows.items():
        data.update(rows_data(prefix, items, initial=initial))
    return client.post(url, data)


def test_the_edit_page_shows_each_category_as_a_row_in_both_languages(as_alice, campaign):
    CategoryFactory(campaign=campaign, name_fr="Tasses", name_en="Cups")
    url = reverse(
        "campaigns:edit", kwargs={"brand_slug": campaign.brand.slug, "campaign_id": campaign.pk}
    )
    page = as_alice.get(url).content.decode()
    assert 'name="categories-0-name_fr"' in page and 'value="Tasses"' in page
    assert 'name="categories-0-name_en"' in page and 'value="Cups"' in page
    assert "<textarea" not in page.split('data-rows="categories"')[1].split("</fieldset>")[0]
    assert "data-rows-add" in page and "cocrea/rows.js" in page


def test_rows_rename_add_and_remove_categories_in_both_languages(as_alice, campaign):
    used = CategoryFactory(campaign=campaign, name_fr="Tasses", name_en="Cups")
    unused = CategoryFactory(campaign=campaign, name_fr="Thé", name_en="Tea")
    idea = IdeaFactory(campaign=campaign, category=used)
    response = _edit(
        as_alice,
        campaign,
        categories=(
            2,
            [
                {"id": used.pk, "name_fr": "Tasses et bols", "name_en": "Cups and bowls"},
                {"id": unused.pk, "name_fr": "Thé", "name_en": "Tea", "DELETE": "on"},
                {"name_fr": "Pâtisseries", "name_en": ""},
                {},  # the blank last row
            ],
        ),
    )
    assert response.status_code == 302
    rows = list(campaign.categories.order_by("pk").values_list("pk", "name_fr", "name_en"))
    assert rows[0] == (used.pk, "Tasses et bols", "Cups and bowls")
    assert rows[1][1:] == ("Pâtisseries", None)
    assert len(rows) == 2 and not Category.objects.filter(pk=unused.pk).exists()
    idea.refresh_from_db()
    assert idea.category_id == used.pk  # renamed in place: its ideas keep it


def test_a_removed_category_that_ideas_use_stays(as_alice, campaign):
    used = CategoryFactory(campaign=campaign, name_fr="Tasses", name_en="Cups")
    IdeaFactory(campaign=campaign, category=used)
    row = {"id": used.pk, "name_fr": "Tasses", "name_en": "Cups", "DELETE": "on"}
    assert _edit(as_alice, campaign, categories=(1, [row])).status_code == 302
    assert Category.objects.filter(pk=used.pk).exists()


@pytest.mark.parametrize(
    ("rows", "field", "message"),
    [
        (
            [{"name_en": "Cups"}, {"name_fr": "", "name_en": "cups"}],
            "categories-1-name_en",
            "already in the list",
        ),
        ([{"name_fr": "x" * 61}], "categories-0-name_fr", "at most 60 characters"),
    ],
)
def test_a_bad_row_is_refused_with_the_error_on_that_row(as_alice, campaign, rows, field, message):
    response = _edit(as_alice, campaign, categories=(0, rows))
    page = response.content.decode()
    assert response.status_code == 200
    error = page.split(f'id="id_{field}_error"')[1].split("</ul>")[0]
    assert message in error
    assert 'aria-invalid="true"' in page.split(f'name="{field}"')[1].split(">")[0] or (
        'aria-invalid="true"' in page.split(f'name="{field}"')[0].rsplit("<input", 1)[1]
    )
    assert campaign.categories.count() == 0


def test_an_existing_row_emptied_of_both_names_is_refused_on_the_row(as_alice, campaign):
    category = CategoryFactory(campaign=campaign, name_fr="Tasses", name_en="Cups")
    row = {"id": category.pk, "name_fr": "", "name_en": ""}
    page = _edit(as_alice, campaign, categories=(1, [row])).content.decode()
    assert (
        "Write it in French or in English." in page.split('id="id_categories-0-name_fr_error"')[1]
    )
    assert Category.objects.get(pk=category.pk).name_fr == "Tasses"


def test_another_campaigns_category_id_changes_nothing_of_it(as_alice, campaign, other_brand):
    foreign = CategoryFactory(campaign=CampaignFactory(brand=other_brand), name_en="Theirs")
    row = {"id": foreign.pk, "name_en": "Hacked"}
    assert _edit(as_alice, campaign, categories=(1, [row])).status_code == 302
    assert Category.objects.get(pk=foreign.pk).name_en == "Theirs"
    assert list(campaign.categories.values_list("name_en", flat=True)) == ["Hacked"]


def test_a_broken_management_form_is_a_form_error_not_a_500(as_alice, campaign):
    url = reverse(
        "campaigns:edit", kwargs={"brand_slug": campaign.brand.slug, "campaign_id": campaign.pk}
    )
    data = _form(slug=campaign.slug)
    data.update({"categories-TOTAL_FORMS": "99999", "categories-INITIAL_FORMS": "x"})
    response = as_alice.post(url, data)
    assert response.status_code == 200
    assert campaign.categories.count() == 0


def test_tags_are_the_brands_rows_renamed_in_place_and_removed_when_unused(
    as_alice, brand, campaign
):
    kept = Tag.objects.create(
        brand=brand, slug="oat-milk", name_fr="lait d'avoine", name_en="oat milk"
    )
    used = Tag.objects.create(brand=brand, slug="spicy", name_fr="épicé", name_en="spicy")
    unused = Tag.objects.create(brand=brand, slug="old", name_fr="vieux", name_en="old")
    IdeaFactory(campaign=campaign).tags.add(used)
    rows = [
        {"id": kept.pk, "name_fr": "lait d'avoine", "name_en": "oat drink"},
        {"id": used.pk, "name_fr": "épicé", "name_en": "spicy", "DELETE": "on"},
        {"id": unused.pk, "name_fr": "vieux", "name_en": "old", "DELETE": "on"},
        {"name_fr": "sans sucre", "name_en": "sugar-free"},
    ]
    response = _edit(as_alice, campaign, tags=(3, rows))
    assert response.status_code == 302
    tags = dict(Tag.objects.filter(brand=brand).values_list("slug", "name_en"))
    assert tags == {"oat-milk": "oat drink", "spicy": "spicy", "sugar-free": "sugar-free"}
