from __future__ import annotations

import io
from datetime import timedelta

import pytest
from conftest import login
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from cocrea.campaigns.models import Campaign, Invitation, Phase, PhaseChange
from cocrea.campaigns.phases import current_phase
from cocrea.campaigns.tests.factories import CampaignFactory
from cocrea.core.rows import rows_data

FORMAT = "%Y-%m-%dT%H:%M"


def _when(days: int) -> str:
    return (timezone.localtime() + timedelta(days=days)).strftime(FORMAT)


def _png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "cover.png"
    return buffer


def _form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Winter drinks",
        "slug": "",
        "objective": "Which hot drink should we add?",
        "description": "<p>Tell us <em>everything</em></p><script>x</script>",
        **rows_data("categories", [{"name_en": "Coffee"}, {"name_en": "Tea"}, {}]),
        **rows_data("tags", [{"name_en": "spicy"}, {"name_en": "Oat milk"}]),
        "visibility": "public",
        "allow_rating": "on",
        "submission_starts": _when(-1),
        "submission_ends": _when(10),
        "voting_starts": _when(10),
        "voting_ends": _when(20),
        "results_starts": _when(25),
    }
    data.update(overrides)
    return data


def _console_urls(brand, campaign) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(method, url) of every console URL, with the least role each needs."""
    ids = {"brand_slug": brand.slug, "campaign_id": campaign.pk}
    return [
        ("get", reverse("campaigns:console", kwargs={"brand_slug": brand.slug})),
        ("get", reverse("campaigns:detail", kwargs=ids)),
        ("get", reverse("campaigns:create", kwargs={"brand_slug": brand.slug})),
        ("get", reverse("campaigns:edit", kwargs=ids)),
        ("post", reverse("campaigns:advance", kwargs=ids)),
        ("post", reverse("campaigns:open_phase", kwargs=ids)),
        ("post", reverse("campaigns:invite", kwargs=ids)),
        ("post", reverse("campaigns:uninvite", kwargs={**ids, "invitation_id": 1})),
    ]


MODERATOR_URLS = {"campaigns:console", "campaigns:detail"}


# --- who may enter -----------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_login(client: Client, brand, campaign):
    for method, url in _console_urls(brand, campaign):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url


def test_members_are_refused_everywhere(as_bob: Client, brand, campaign):
    for method, url in _console_urls(brand, campaign):
        assert getattr(as_bob, method)(url).status_code == 403, url


def test_outsiders_are_refused_everywhere(as_charlie: Client, brand, campaign):
    for method, url in _console_urls(brand, campaign):
        assert getattr(as_charlie, method)(url).status_code in {403, 404}, url


def test_moderators_see_the_console_but_cannot_change_campaigns(as_mona: Client, brand, campaign):
    ids = {"brand_slug": brand.slug, "campaign_id": campaign.pk}
    assert (
        as_mona.get(reverse("campaigns:console", kwargs={"brand_slug": brand.slug})).status_code
        == 200
    )
    page = as_mona.get(reverse("campaigns:detail", kwargs=ids))
    assert page.status_code == 200
    assert b'data-testid="advance"' not in page.content
    assert as_mona.get(reverse("campaigns:edit", kwargs=ids)).status_code == 403
    assert as_mona.post(reverse("campaigns:advance", kwargs=ids)).status_code == 403
    assert current_phase(campaign).kind == Phase.Kind.SUBMISSION


def test_admins_enter_every_page(as_alice: Client, brand, campaign):
    for method, url in _console_urls(brand, campaign):
        # Invitation 1 does not exist: past the access checks, an unknown invitation is a 404.
        expected = {404} if url.endswith("/remove/") else {200, 302}
        assert getattr(as_alice, method)(url).status_code in expected, url


def test_a_campaign_of_another_brand_is_404(as_alice: Client, brand, other_brand):
    theirs = CampaignFactory(brand=other_brand)
    urls = [(m, u) for m, u in _console_urls(brand, theirs) if f"/campaigns/{theirs.pk}/" in u]
    assert len(urls) == 6
    for method, url in urls:
        assert getattr(as_alice, method)(url).status_code == 404, url
    assert current_phase(theirs).kind == Phase.Kind.SUBMISSION


def test_members_only_brand_is_hidden_from_outsiders(as_charlie: Client, brand, campaign):
    brand.visibility = "members"
    brand.save(update_fields=["visibility"])
    url = reverse("campaigns:console", kwargs={"brand_slug": brand.slug})
    assert as_charlie.get(url).status_code == 404


# --- console home ------------------------------------------------------------------------------


def test_console_lists_campaigns_with_phase_and_links(as_alice: Client, brand, campaign):
    CampaignFactory(brand=brand, title="Cups for kids", phases="voting")
    response = as_alice.get(reverse("campaigns:console", kwargs={"brand_slug": brand.slug}))
    content = response.content.decode()
    assert "The cup of tomorrow" in content and "Cups for kids" in content
    assert reverse("campaigns:create", kwargs={"brand_slug": brand.slug}) in content
    assert reverse("brands:settings", kwargs={"brand_slug": brand.slug}) in content
    assert reverse("brands:team", kwargs={"brand_slug": brand.slug}) in content
    assert reverse("answers:triage", kwargs={"brand_slug": brand.slug}) in content
    assert reverse("moderation:queue", kwargs={"brand_slug": brand.slug}) in content


def test_console_query_count_does_not_grow_with_campaigns(
    as_alice: Client, brand, campaign, django_assert_max_num_queries
):
    for _ in range(8):
        CampaignFactory(brand=brand)
    url = reverse("campaigns:console", kwargs={"brand_slug": brand.slug})
    with django_assert_max_num_queries(12):
        response = as_alice.get(url)
    assert response.content.decode().count('class="pill pill--') == 9


# --- create and edit ---------------------------------------------------------------------------


def test_admin_creates_a_campaign_with_phases_categories_and_tags(as_alice: Client, brand, alice):
    url = reverse("campaigns:create", kwargs={"brand_slug": brand.slug})
    response = as_alice.post(url, _form(cover=_png()))
    campaign = Campaign.objects.get(brand=brand, slug="winter-drinks")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "campaigns:detail", kwargs={"brand_slug": brand.slug, "campaign_id": campaign.pk}
    )
    assert campaign.description == "<p>Tell us <em>everything</em></p>"
    assert campaign.created_by == alice
    assert campaign.cover.name.endswith(".png")
    assert sorted(campaign.categories.values_list("name", flat=True)) == ["Coffee", "Tea"]
    assert sorted(brand.tags.values_list("slug", flat=True)) == ["oat-milk", "spicy"]
    assert list(campaign.phases.order_by("starts_at").values_list("kind", flat=True)) == [
        "submission",
        "voting",
        "results",
    ]


def test_create_with_bad_phase_order_shows_the_error_and_saves_nothing(as_alice: Client, brand):
    url = reverse("campaigns:create", kwargs={"brand_slug": brand.slug})
    response = as_alice.post(url, _form(voting_starts=_when(5)))
    assert response.status_code == 200
    assert "previous phase" in response.content.decode()
    assert not Campaign.objects.filter(brand=brand).exists()


def test_create_without_submission_is_refused(as_alice: Client, brand):
    url = reverse("campaigns:create", kwargs={"brand_slug": brand.slug})
    response = as_alice.post(url, _form(submission_starts="", submission_ends=""))
    assert response.status_code == 200
    assert not Campaign.objects.exists()


def test_create_refuses_a_file_that_is_not_an_image(as_alice: Client, brand):
    fake = io.BytesIO(b"<?php echo 1; ?>")
    fake.name = "cover.png"
    url = reverse("campaigns:create", kwargs={"brand_slug": brand.slug})
    response = as_alice.post(url, _form(cover=fake))
    assert response.status_code == 200
    assert "not an image" in response.content.decode()
    assert not Campaign.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"title": "x" * 500},
        {"objective": ""},
        {"visibility": "everyone"},
        {"submission_starts": "not a date"},
        {"slug": "no spaces allowed"},
    ],
)
def test_bad_input_gives_form_errors_not_500(as_alice: Client, brand, overrides):
    url = reverse("campaigns:create", kwargs={"brand_slug": brand.slug})
    response = as_alice.post(url, _form(**overrides))
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not Campaign.objects.exists()


def test_edit_shows_current_values_and_saves_changes(as_alice: Client, brand, campaign):
    url = reverse("campaigns:edit", kwargs={"brand_slug": brand.slug, "campaign_id": campaign.pk})
    page = as_alice.get(url)
    assert 'value="The cup of tomorrow"' in page.content.decode()
    response = as_alice.post(url, _form(title="Renamed", slug=campaign.slug))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.title == "Renamed"
    assert campaign.slug == "cup-of-tomorrow"


def test_edit_refuses_a_slug_used_by_another_campaign(as_alice: Client, brand, campaign):
    CampaignFactory(brand=brand, slug="taken")
    url = reverse("campaigns:edit", kwargs={"brand_slug": brand.slug, "campaign_id": campaign.pk})
    response = as_alice.post(url, _form(slug="taken"))
    assert response.status_code == 200
    campaign.refresh_from_db()
    assert campaign.slug == "cup-of-tomorrow"


# --- campaign console page ---------------------------------------------------------------------


def test_detail_shows_the_timeline_and_what_members_may_do(as_alice: Client, brand, campaign):
    url = reverse("campaigns:detail", kwargs={"brand_slug": brand.slug, "campaign_id": campaign.pk})
    content = as_alice.get(url).content.decode()
    assert 'data-testid="current-phase"' in content
    assert "Submit ideas" in content or "Soumettre" in content
    assert 'data-testid="advance"' in content


def test_advance_button_moves_to_the_next_phase(as_alice: Client, brand, campaign):
    url = reverse(
        "campaigns:advance", kwargs={"brand_slug": brand.slug, "campaign_id": campaign.pk}
    )
    response = as_alice.post(url)
    assert response.status_code == 302
    assert current_phase(Campaign.objects.get(pk=campaign.pk)).kind == Phase.Kind.VOTING
    assert PhaseChange.objects.filter(campaign=campaign, to_kind="voting").count() == 1


def test_open_phase_button_opens_the_chosen_phase(as_alice: Client, brand, campaign):
    url = reverse(
        "campaigns:open_phase", kwargs={"brand_slug": brand.slug, "campaign_id": campaign.pk}
    )
    as_alice.post(url, {"kind": "review"})
    assert current_phase(Campaign.objects.get(pk=campaign.pk)).kind == Phase.Kind.REVIEW
    response = as_alice.post(url, {"kind": "nonsense"}, follow=True)
    assert response.status_code == 200
    assert current_phase(Campaign.objects.get(pk=campaign.pk)).kind == Phase.Kind.REVIEW


def test_advance_is_post_only(as_alice: Client, brand, campaign):
    url = reverse(
        "campaigns:advance", kwargs={"brand_slug": brand.slug, "campaign_id": campaign.pk}
    )
    assert as_alice.get(url).status_code == 405


def test_invite_list_and_remove_through_the_page(as_alice: Client, brand, alice, bob, dan):
    secret = CampaignFactory(brand=brand, visibility=Campaign.Visibility.INVITED)
    ids = {"brand_slug": brand.slug, "campaign_id": secret.pk}
    as_alice.post(reverse("campaigns:invite", kwargs=ids), {"email": bob.user.email})
    page = as_alice.get(reverse("campaigns:detail", kwargs=ids)).content.decode()
    assert bob.user.email in page and dan.user.email not in page
    invitation = Invitation.objects.get(campaign=secret, member=bob)
    as_alice.post(reverse("campaigns:uninvite", kwargs={**ids, "invitation_id": invitation.pk}))
    assert not Invitation.objects.filter(campaign=secret).exists()


def test_inviting_an_unknown_email_shows_a_message(as_alice: Client, brand, charlie):
    secret = CampaignFactory(brand=brand, visibility=Campaign.Visibility.INVITED)
    ids = {"brand_slug": brand.slug, "campaign_id": secret.pk}
    for email in (charlie.user.email, "not-an-email"):
        response = as_alice.post(
            reverse("campaigns:invite", kwargs=ids), {"email": email}, follow=True
        )
        assert response.status_code == 200
        assert 'class="message message--error"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_an_invited_member_sees_the_campaign_on_the_brand_home(
    client: Client, brand, alice, bob, dan
):
    secret = CampaignFactory(
        brand=brand, title="Secret tasting", visibility=Campaign.Visibility.INVITED
    )
    Invitation.objects.create(campaign=secret, member=bob)
    home = reverse("brands:brand_home", kwargs={"brand_slug": brand.slug})
    assert "Secret tasting" in login(client, bob).get(home).content.decode()
    assert "Secret tasting" not in login(Client(), dan).get(home).content.decode()
    assert "Secret tasting" not in Client().get(home).content.decode()
