"""The lead-user page from the database: ranking with evidence, query budget, panel invites."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocrea.brands.tests.factories import MembershipFactory
from cocrea.campaigns.models import Campaign, Invitation
from cocrea.campaigns.phases import phase_allows
from cocrea.campaigns.tests.factories import CampaignFactory
from cocrea.community import qa_services
from cocrea.insights.models import Need, Theme, Voice
from cocrea.leadusers.selectors import brand_history
from cocrea.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _client(member) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(member.user)
    return client


def _themed(brand, bob, dan, crowd=10):  # type: ignore[no-untyped-def]
    """Bob wrote about oat milk 60 days ago; the theme grew after him, Dan came with the wave."""
    theme = Theme.objects.create(brand=brand, label="oat milk", centroid=b"")
    now = timezone.now()
    early = Voice.objects.create(
        brand=brand,
        channel="idea",
        author=bob,
        title="Oat milk for lattes",
        text="Please oat milk",
        created_at=now - timedelta(days=60),
        theme=theme,
        sentiment=-0.5,
    )
    Need.objects.create(
        brand=brand, voice=early, sentence="Il faudrait du lait d'avoine", cue="il faudrait"
    )
    for n in range(crowd):
        Voice.objects.create(
            brand=brand,
            channel="comment",
            author=dan,
            title="",
            text=f"Oat too {n}",
            created_at=now - timedelta(days=10 - n % 10),
            theme=theme,
        )
    return theme


def test_the_page_ranks_the_early_member_first_with_evidence(brand, alice, bob, dan, mona):
    _themed(brand, bob, dan)
    question = qa_services.question_ask(member=dan, title="Grind size?")
    answer = qa_services.answer_post(member=bob, question=question, body="Medium")
    qa_services.answer_mark_helpful(actor=dan, answer=answer)
    response = _client(mona).get(reverse("leadusers:ranking", args=[brand.slug]))
    assert response.status_code == 200
    leads = response.context["leads"]
    assert leads[0].member_id == bob.pk
    html = response.content.decode()
    assert "Oat milk for lattes" in html and "oat milk" in html
    assert "Il faudrait du lait d&#x27;avoine" in html or "Il faudrait du lait d'avoine" in html
    assert "Grind size?" in html
    assert 'name="members"' not in html  # moderators see the ranking, admins invite


def test_the_page_costs_the_same_queries_whatever_the_members(
    brand, alice, bob, dan, django_assert_max_num_queries
):
    _themed(brand, bob, dan)
    client = _client(alice)
    client.get(reverse("leadusers:ranking", args=[brand.slug]))
    with django_assert_max_num_queries(22) as few:
        client.get(reverse("leadusers:ranking", args=[brand.slug]))
    for _n in range(15):
        member = MembershipFactory(brand=brand)
        _themed(brand, member, dan, crowd=1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("leadusers:ranking", args=[brand.slug]))
    assert len(response.context["leads"]) > 3


def test_without_themes_tags_are_the_topics(brand, campaign, bob, dan):
    from cocrea.campaigns.models import Tag
    from cocrea.ideas.tests.helpers import submit

    tag = Tag.objects.create(brand=brand, name="Decaf", slug="decaf")
    submit(bob, campaign, title="Better decaf", tags=[tag])
    history = brand_history(brand)
    assert history.topics == {f"tag:{tag.pk}": "#Decaf"}
    assert history.contributions[0].title == "Better decaf"


def test_an_admin_invites_selected_members_to_a_new_panel(brand, alice, bob, dan):
    response = _client(alice).post(
        reverse("leadusers:panel", args=[brand.slug]),
        {"members": [bob.pk, dan.pk], "title": "Cold brew panel"},
    )
    panel = Campaign.objects.get(title="Cold brew panel")
    assert response.status_code == 302
    assert panel.visibility == Campaign.Visibility.INVITED
    assert set(Invitation.objects.filter(campaign=panel).values_list("member_id", flat=True)) == {
        bob.pk,
        dan.pk,
    }
    told = Notification.objects.filter(kind=Notification.Kind.PANEL_INVITED)
    assert {n.recipient_id for n in told} == {bob.user_id, dan.user_id}
    # again, to the same existing panel: nobody is told twice
    _client(alice).post(
        reverse("leadusers:panel", args=[brand.slug]), {"members": [bob.pk], "campaign": panel.pk}
    )
    assert told.count() == 2


@pytest.mark.parametrize(
    "data",
    [
        {"members": [], "title": "X"},
        {"members": ["abc"], "title": "X"},
        {"members": ["99999999999999999999"], "title": "X"},
        {"members": ["1"]},
        {"members": ["1"], "title": "x" * 200},
        {"members": ["1"], "campaign": "999999"},
    ],
)
def test_bad_panel_input_is_refused(brand, alice, bob, data):
    data = {**data, "members": [str(bob.pk) if m == "1" else m for m in data["members"]]}
    response = _client(alice).post(
        reverse("leadusers:panel", args=[brand.slug]), data, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_foreign_members_and_panels_are_refused(brand, other_brand, alice, bob, charlie):
    g_panel = CampaignFactory(brand=other_brand, slug="g-panel", visibility="invited")
    url = reverse("leadusers:panel", args=[brand.slug])
    client = _client(alice)
    assert (
        client.post(
            url, {"members": [charlie.pk], "title": "X"}, HTTP_ACCEPT="application/json"
        ).status_code
        == 400
    )
    assert (
        client.post(
            url, {"members": [bob.pk], "campaign": g_panel.pk}, HTTP_ACCEPT="application/json"
        ).status_code
        == 400
    )
    assert not Invitation.objects.exists()


def test_members_and_outsiders_cannot_see_the_ranking(brand, bob, charlie, mona):
    url = reverse("leadusers:ranking", args=[brand.slug])
    assert _client(bob).get(url).status_code == 403
    assert _client(charlie).get(url).status_code == 403
    assert Client().get(url).status_code == 302
    panel = reverse("leadusers:panel", args=[brand.slug])
    assert _client(mona).post(panel, {"members": [bob.pk], "title": "X"}).status_code == 403


def test_invitees_can_share_ideas_in_the_new_panel_at_once(brand, alice, bob):
    """Panels opened with no phase: invitees could do nothing (issue 18)."""
    _client(alice).post(
        reverse("leadusers:panel", args=[brand.slug]), {"members": [bob.pk], "title": "Cold brew"}
    )
    panel = Campaign.objects.get(title="Cold brew")
    assert phase_allows(panel, "submit")
    submit = reverse("ideas:submit", args=[brand.slug, panel.slug])
    response = _client(bob).post(submit, {"title": "Un cold brew à l'avoine", "body": "Doux."})
    assert response.status_code == 302 and panel.ideas.filter(author=bob).exists()


def test_an_older_panel_without_phases_opens_when_members_are_invited(brand, alice, bob):
    panel = CampaignFactory(brand=brand, visibility=Campaign.Visibility.INVITED)
    panel.phases.all().delete()
    _client(alice).post(
        reverse("leadusers:panel", args=[brand.slug]), {"members": [bob.pk], "campaign": panel.pk}
    )
    assert phase_allows(Campaign.objects.get(pk=panel.pk), "submit")
