"""Who is refused where: anonymous visitors, outsiders, other brands' ids, phases."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cocrea.brands.models import Brand
from cocrea.campaigns.models import Campaign, Invitation
from cocrea.campaigns.tests.factories import CampaignFactory
from cocrea.core.errors import PermissionDenied
from cocrea.ideas.models import Comment, Idea, Vote
from cocrea.ideas.services import idea_submit
from cocrea.ideas.tests.factories import CommentFactory, IdeaFactory

pytestmark = pytest.mark.django_db


def url(name, *args):  # type: ignore[no-untyped-def]
    return reverse(f"ideas:{name}", args=args)


@pytest.fixture
def idea(campaign, bob):  # type: ignore[no-untyped-def]
    return IdeaFactory(campaign=campaign, author=bob)


def _post_actions(brand, campaign, idea):  # type: ignore[no-untyped-def]
    comment = CommentFactory(idea=idea, author=idea.author)
    return [
        (url("submit", brand.slug, campaign.slug), {"title": "T", "body": "B"}),
        (url("vote", brand.slug, idea.pk), {}),
        (url("unvote", brand.slug, idea.pk), {}),
        (url("rate", brand.slug, idea.pk), {"stars": "4"}),
        (url("follow", brand.slug, idea.pk), {}),
        (url("comment_post", brand.slug, idea.pk), {"body": "hi"}),
        (url("edit", brand.slug, idea.pk), {"title": "Hacked", "body": "B"}),
        (url("withdraw", brand.slug, idea.pk), {}),
        (url("comment_edit", brand.slug, comment.pk), {"body": "Hacked"}),
        (url("comment_delete", brand.slug, comment.pk), {}),
        (url("comment_upvote", brand.slug, comment.pk), {}),
    ]


def _nothing_changed(idea):  # type: ignore[no-untyped-def]
    idea.refresh_from_db()
    assert Idea.objects.count() == 1 and idea.title != "Hacked" and idea.withdrawn_at is None
    assert not Vote.objects.exists() and Comment.objects.count() == 1
    assert Comment.objects.get().body == "I like it"


def test_anonymous_is_sent_to_login_for_every_action(client, brand, campaign, idea):
    for path, data in _post_actions(brand, campaign, idea):
        response = client.post(path, data)
        assert response.status_code == 302, path
        assert reverse("account_login") in response["Location"], path
    _nothing_changed(idea)


def test_outsider_is_refused_every_action_and_offered_to_join(as_charlie, brand, campaign, idea):
    for path, data in _post_actions(brand, campaign, idea):
        response = as_charlie.post(path, data)
        assert response.status_code == 403, path
        assert reverse("brands:join", args=[brand.slug]) in response.content.decode(), path
    _nothing_changed(idea)


def test_outsider_get_on_submit_page_gets_a_join_form_with_next(as_charlie, brand, campaign):
    response = as_charlie.get(url("submit", brand.slug, campaign.slug))
    assert response.status_code == 403
    html = response.content.decode()
    assert 'data-testid="join-offer"' in html
    assert f'value="{url("submit", brand.slug, campaign.slug)}"' in html


def test_anonymous_get_on_submit_page_goes_to_login(client, brand, campaign):
    response = client.get(url("submit", brand.slug, campaign.slug))
    assert response.status_code == 302 and "login" in response["Location"]


def test_anonymous_reads_a_public_campaign_and_idea(client, brand, campaign, idea):
    assert client.get(url("list", brand.slug, campaign.slug)).status_code == 200
    assert client.get(url("detail", brand.slug, idea.pk)).status_code == 200


def test_members_only_campaign_refuses_anonymous_and_outsider(client, brand, charlie, bob):
    campaign = CampaignFactory(brand=brand, visibility=Campaign.Visibility.MEMBERS)
    idea = IdeaFactory(campaign=campaign, author=bob)
    for path in (url("list", brand.slug, campaign.slug), url("detail", brand.slug, idea.pk)):
        assert client.get(path).status_code == 302
    client.force_login(charlie.user)
    for path in (url("list", brand.slug, campaign.slug), url("detail", brand.slug, idea.pk)):
        response = client.get(path)
        assert response.status_code == 403
        assert idea.title not in response.content.decode()


def test_invited_campaign_is_404_for_uninvited_and_open_to_invited(client, brand, bob, dan):
    campaign = CampaignFactory(brand=brand, visibility=Campaign.Visibility.INVITED)
    client.force_login(dan.user)
    assert client.get(url("list", brand.slug, campaign.slug)).status_code == 404
    Invitation.objects.create(campaign=campaign, member=dan)
    assert client.get(url("list", brand.slug, campaign.slug)).status_code == 200


def test_members_only_brand_refuses_anonymous_and_outsider(client, brand, campaign, idea, charlie):
    Brand.objects.filter(pk=brand.pk).update(visibility=Brand.Visibility.MEMBERS)
    paths = [url("list", brand.slug, campaign.slug), url("detail", brand.slug, idea.pk)]
    for path in paths:
        assert client.get(path).status_code == 302
    client.force_login(charlie.user)
    for path in paths:
        assert client.get(path).status_code == 404


def test_unknown_and_other_brands_ids_give_404(as_bob, brand, other_brand, campaign):
    foreign_idea = IdeaFactory(campaign=CampaignFactory(brand=other_brand))
    foreign_comment = CommentFactory(idea=foreign_idea)
    foreign_campaign = foreign_idea.campaign
    for path in (
        url("detail", brand.slug, 999999),
        url("detail", brand.slug, foreign_idea.pk),
        url("edit", brand.slug, foreign_idea.pk),
        url("list", brand.slug, foreign_campaign.slug),
        url("comment_edit", brand.slug, foreign_comment.pk),
    ):
        assert as_bob.get(path).status_code == 404, path
    for path in (
        url("vote", brand.slug, foreign_idea.pk),
        url("comment_post", brand.slug, foreign_idea.pk),
        url("comment_upvote", brand.slug, foreign_comment.pk),
    ):
        assert as_bob.post(path, {"body": "x"}).status_code == 404, path
    assert not Vote.objects.exists()


def test_no_submit_page_during_voting(as_bob, brand):
    voting = CampaignFactory(brand=brand, phases="voting")
    assert as_bob.get(url("submit", brand.slug, voting.slug)).status_code == 403
    as_bob.post(url("submit", brand.slug, voting.slug), {"title": "T", "body": "B"})
    assert not Idea.objects.exists()


def test_no_vote_during_review_through_the_page(as_bob, brand, dan):
    idea = IdeaFactory(campaign=CampaignFactory(brand=brand, phases="review"), author=dan)
    response = as_bob.post(url("vote", brand.slug, idea.pk), follow=True)
    assert "Votes are closed" in response.content.decode()
    assert not Vote.objects.exists()


def test_someone_elses_idea_cannot_be_edited_or_withdrawn(as_bob, brand, campaign, dan):
    idea = IdeaFactory(campaign=campaign, author=dan)
    assert as_bob.get(url("edit", brand.slug, idea.pk)).status_code == 403
    as_bob.post(url("withdraw", brand.slug, idea.pk))
    idea.refresh_from_db()
    assert idea.withdrawn_at is None


def test_withdrawn_and_hidden_ideas_are_404_for_other_members(as_bob, brand, campaign, dan):
    from django.utils import timezone

    withdrawn = IdeaFactory(campaign=campaign, author=dan, withdrawn_at=timezone.now())
    hidden = IdeaFactory(campaign=campaign, author=dan, is_hidden=True)
    assert as_bob.get(url("detail", brand.slug, withdrawn.pk)).status_code == 404
    assert as_bob.get(url("detail", brand.slug, hidden.pk)).status_code == 404


def test_moderator_sees_a_hidden_idea(as_mona, brand, campaign, dan):
    hidden = IdeaFactory(campaign=campaign, author=dan, is_hidden=True)
    assert as_mona.get(url("detail", brand.slug, hidden.pk)).status_code == 200


def test_a_contest_takes_no_ideas(as_bob, brand, bob):
    """A contest's address is not an idea campaign: no list, no submission, even by a service."""
    contest = CampaignFactory(brand=brand, slug="design-contest", kind=Campaign.Kind.CONTEST)
    for name in ("ideas:list", "ideas:submit"):
        url = reverse(name, args=[brand.slug, contest.slug])
        assert as_bob.get(url).status_code == 404, name
    response = as_bob.post(
        reverse("ideas:submit", args=[brand.slug, contest.slug]), {"title": "T", "body": "B"}
    )
    assert response.status_code == 404
    assert not Idea.objects.filter(campaign=contest).exists()
    with pytest.raises(PermissionDenied):
        idea_submit(member=bob, campaign=contest, title="Sneaky idea", body="Into a contest")
