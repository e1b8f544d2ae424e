"""Pages of the brand's answers: triage list, answer form, ideas in action."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cocrea.brands.models import Brand
from cocrea.campaigns.models import Campaign
from cocrea.campaigns.tests.factories import CampaignFactory
from cocrea.ideas.models import Idea, StatusChange, Vote
from cocrea.ideas.tests.factories import IdeaFactory
from cocrea.notifications.models import Notification

Status = Idea.Status


@pytest.fixture
def idea(campaign, bob):
    return IdeaFactory(campaign=campaign, author=bob, title="Cup with a lid")


def answer_url(idea_id, slug="cafe-lumiere"):
    return reverse("answers:answer", args=[slug, idea_id])


def triage_url(slug="cafe-lumiere"):
    return reverse("answers:triage", args=[slug])


def in_action_url(slug="cafe-lumiere"):
    return reverse("answers:in_action", args=[slug])


# --- Who may see what -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["triage", "answer"])
def test_anonymous_is_sent_to_login(client, idea, name):
    url = triage_url() if name == "triage" else answer_url(idea.pk)
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("name", ["triage", "answer"])
def test_outsider_is_refused(as_charlie, idea, name):
    url = triage_url() if name == "triage" else answer_url(idea.pk)
    assert as_charlie.get(url).status_code in (403, 404)
    assert as_charlie.post(url, {"to_status": "accepted"}).status_code in (403, 404)
    assert Idea.objects.get(pk=idea.pk).status == Status.NEW


@pytest.mark.parametrize("name", ["triage", "answer"])
def test_member_cannot_answer(as_bob, idea, name):
    url = triage_url() if name == "triage" else answer_url(idea.pk)
    assert as_bob.get(url).status_code == 403
    assert as_bob.post(answer_url(idea.pk), {"to_status": "accepted"}).status_code == 403
    assert Idea.objects.get(pk=idea.pk).status == Status.NEW


def test_moderator_sees_the_answer_form(as_mona, idea):
    response = as_mona.get(answer_url(idea.pk))
    assert response.status_code == 200
    assert b'data-testid="answer-form"' in response.content
    assert "Cup with a lid" in response.content.decode()


def test_another_brands_idea_is_404(as_alice, other_brand):
    foreign = IdeaFactory(campaign=CampaignFactory(brand=other_brand))
    assert as_alice.get(answer_url(foreign.pk)).status_code == 404
    assert as_alice.post(answer_url(foreign.pk), {"to_status": "accepted"}).status_code == 404
    assert Idea.objects.get(pk=foreign.pk).status == Status.NEW


def test_unknown_idea_is_404(as_alice, campaign):
    assert as_alice.get(answer_url(999_999)).status_code == 404


# --- Answering --------------------------------------------------------------------------------


def test_moderator_accepts_through_the_form(as_mona, idea, bob):
    response = as_mona.post(answer_url(idea.pk), {"to_status": "accepted", "answer": "We love it"})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == Status.ACCEPTED
    assert StatusChange.objects.get(idea=idea).answer == "We love it"
    assert Notification.objects.get().recipient == bob.user
    page = as_mona.get(response["Location"]).content.decode()
    assert "We love it" in page


def test_declining_without_a_reason_is_a_form_error(as_mona, idea):
    response = as_mona.post(answer_url(idea.pk), {"to_status": "declined", "answer": ""})
    assert response.status_code == 400
    assert "answer is required" in response.content.decode()
    assert Idea.objects.get(pk=idea.pk).status == Status.NEW


def test_a_status_not_offered_is_a_form_error(as_mona, idea):
    for value in ("bogus", "new", ""):
        response = as_mona.post(answer_url(idea.pk), {"to_status": value})
        assert response.status_code == 400
    assert not StatusChange.objects.exists()


def test_oversize_answer_is_a_form_error(as_mona, idea):
    response = as_mona.post(answer_url(idea.pk), {"to_status": "accepted", "answer": "x" * 10_001})
    assert response.status_code == 400
    assert Idea.objects.get(pk=idea.pk).status == Status.NEW


def test_nul_byte_is_refused(as_mona, idea):
    response = as_mona.post(answer_url(idea.pk), {"to_status": "accepted", "answer": "a\x00b"})
    assert response.status_code == 400
    assert Idea.objects.get(pk=idea.pk).status == Status.NEW


def test_merge_through_the_form(as_mona, idea, campaign, brand):
    target = IdeaFactory(campaign=campaign, title="Thermal cup")
    voter = IdeaFactory(campaign=campaign).author  # any member of the brand
    Vote.objects.create(idea=idea, member=voter)
    Vote.objects.create(idea=target, member=voter)
    response = as_mona.post(
        answer_url(idea.pk), {"to_status": "merged", "merge_target": target.pk, "answer": "Dup"}
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    target.refresh_from_db()
    assert (idea.status, idea.merged_into) == (Status.MERGED, target)
    assert target.support_count == 1


def test_merge_needs_a_target(as_mona, idea):
    response = as_mona.post(answer_url(idea.pk), {"to_status": "merged"})
    assert response.status_code == 400
    assert Idea.objects.get(pk=idea.pk).status == Status.NEW


@pytest.mark.parametrize("bad", ["abc", "-1", "99999999999999999999999", "999999"])
def test_merge_target_must_be_a_known_idea(as_mona, idea, bad):
    response = as_mona.post(answer_url(idea.pk), {"to_status": "merged", "merge_target": bad})
    assert response.status_code == 400
    assert Idea.objects.get(pk=idea.pk).status == Status.NEW


def test_merge_into_another_campaign_or_brand_is_refused(as_mona, idea, brand, other_brand):
    for campaign in (CampaignFactory(brand=brand), CampaignFactory(brand=other_brand)):
        elsewhere = IdeaFactory(campaign=campaign)
        response = as_mona.post(
            answer_url(idea.pk), {"to_status": "merged", "merge_target": elsewhere.pk}
        )
        assert response.status_code == 400
    assert Idea.objects.get(pk=idea.pk).status == Status.NEW


def test_merge_search_box_filters_the_candidates(as_mona, idea, campaign):
    IdeaFactory(campaign=campaign, title="Thermal cup")
    other = IdeaFactory(campaign=campaign, title="Loyalty card")
    page = as_mona.get(answer_url(idea.pk), {"q": "thermal"}).content.decode()
    assert "Thermal cup" in page
    assert "Loyalty card" not in page
    page = as_mona.get(answer_url(idea.pk), {"q": f"#{other.pk}"}).content.decode()
    assert "Loyalty card" in page


def test_final_status_shows_no_form(as_alice, idea, alice):
    Idea.objects.filter(pk=idea.pk).update(status=Status.LAUNCHED)
    response = as_alice.get(answer_url(idea.pk))
    assert b'data-testid="answer-form"' not in response.content
    assert as_alice.post(answer_url(idea.pk), {"to_status": "declined"}).status_code == 400


# --- Triage -----------------------------------------------------------------------------------


def test_triage_lists_the_brand_ideas_newest_first_with_filters(as_alice, campaign, brand):
    older = IdeaFactory(campaign=campaign, title="Older idea")
    newer = IdeaFactory(campaign=campaign, title="Newer idea", status=Status.ACCEPTED)
    other_campaign = CampaignFactory(brand=brand)
    elsewhere = IdeaFactory(campaign=other_campaign, title="Elsewhere idea")
    IdeaFactory(
        campaign=CampaignFactory(brand=Brand.objects.create(slug="x", name="X")),
        title="Foreign idea",
    )
    page = as_alice.get(triage_url()).content.decode()
    assert page.index("Elsewhere idea") < page.index("Newer idea") < page.index("Older idea")
    assert "Foreign idea" not in page
    assert answer_url(older.pk) in page
    page = as_alice.get(triage_url(), {"status": "accepted"}).content.decode()
    assert "Newer idea" in page and "Older idea" not in page
    page = as_alice.get(triage_url(), {"campaign": other_campaign.pk}).content.decode()
    assert "Elsewhere idea" in page and "Newer idea" not in page
    assert newer.pk and elsewhere.pk


def test_triage_ignores_bad_filters(as_alice, campaign):
    IdeaFactory(campaign=campaign, title="Some idea")
    for params in ({"status": "bogus"}, {"campaign": "abc"}, {"page": "zzz"}, {"campaign": "999"}):
        response = as_alice.get(triage_url(), params)
        assert response.status_code == 200
        assert "Some idea" in response.content.decode()


def test_triage_query_count(as_alice, campaign, brand, django_assert_max_num_queries):
    for _ in range(30):
        IdeaFactory(campaign=campaign)
    with django_assert_max_num_queries(14):
        response = as_alice.get(triage_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="panel triage-row"') == 25


# --- Ideas in action --------------------------------------------------------------------------


def _answered(campaign, author, status, answer, title):
    idea = IdeaFactory(campaign=campaign, author=author, title=title, status=status)
    StatusChange.objects.create(idea=idea, from_status="accepted", to_status=status, answer=answer)
    return idea


def test_in_action_shows_launched_and_coming_soon_with_credit(client, campaign, bob):
    _answered(campaign, bob, Status.LAUNCHED, "<p>On sale now</p>", "Reusable lid")
    _answered(campaign, bob, Status.IN_DEVELOPMENT, "<p>This spring</p>", "Oat milk")
    IdeaFactory(campaign=campaign, title="Still new")
    IdeaFactory(campaign=campaign, title="Hidden launch", status=Status.LAUNCHED, is_hidden=True)
    page = client.get(in_action_url()).content.decode()
    assert "Reusable lid" in page and "Oat milk" in page
    assert "Launched thanks to Bob" in page
    assert "Coming soon" in page
    assert "<p>On sale now</p>" in page
    assert "Still new" not in page and "Hidden launch" not in page


def test_in_action_respects_campaign_visibility(client, brand, bob, alice):
    secret = CampaignFactory(brand=brand, visibility=Campaign.Visibility.MEMBERS)
    _answered(secret, bob, Status.LAUNCHED, "", "Members-only launch")
    assert "Members-only launch" not in client.get(in_action_url()).content.decode()
    client.force_login(bob.user)
    assert "Members-only launch" in client.get(in_action_url()).content.decode()


def test_in_action_of_a_members_only_brand(client, brand, charlie, campaign, bob):
    Brand.objects.filter(pk=brand.pk).update(visibility=Brand.Visibility.MEMBERS)
    response = client.get(in_action_url())
    assert response.status_code == 302
    client.force_login(charlie.user)
    assert client.get(in_action_url()).status_code == 404


def test_in_action_query_count(client, campaign, bob, django_assert_max_num_queries):
    for n in range(12):
        _answered(campaign, bob, Status.LAUNCHED, "<p>Yes</p>", f"Launch {n}")
    with django_assert_max_num_queries(8):
        response = client.get(in_action_url())
    assert response.content.decode().count("Launched thanks to") == 12
