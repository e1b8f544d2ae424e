from __future__ import annotations

import pytest
from django.utils import timezone

from cocrea.campaigns.models import Tag
from cocrea.campaigns.tests.factories import CampaignFactory, CategoryFactory
from cocrea.core.errors import Conflict, DomainError, PermissionDenied
from cocrea.ideas import services
from cocrea.ideas.models import Follow, Idea, Vote
from cocrea.ideas.tests.factories import IdeaFactory
from cocrea.ideas.tests.helpers import fake_png, png, submit

pytestmark = pytest.mark.django_db


def test_submit_sanitises_the_body_and_keeps_its_text(bob, campaign):
    idea = submit(bob, campaign, body='<p onclick="x()">Hot <script>alert(1)</script>cup</p>')
    assert "<script" not in idea.body and "onclick" not in idea.body
    assert idea.body_text == "Hot cup"
    assert idea.trending_score > 0


def test_plain_text_body_keeps_its_paragraphs(bob, campaign):
    idea = submit(bob, campaign, body="First line\n\nSecond a < b")
    assert idea.body == "<p>First line</p>\n\n<p>Second a &lt; b</p>"
    assert services.rich_text_source(idea.body) == "First line\n\nSecond a < b"


def test_author_follows_their_idea(bob, campaign):
    idea = submit(bob, campaign)
    assert Follow.objects.filter(idea=idea, member=bob).exists()


def test_submit_stores_checked_images_under_random_names(bob, campaign):
    idea = submit(bob, campaign, images=[png("../../evil.png")])
    image = idea.images.get()
    assert image.image.name.endswith(".png") and "evil" not in image.image.name


def test_submit_refuses_a_text_file_named_png(bob, campaign):
    with pytest.raises(DomainError) as error:
        submit(bob, campaign, images=[fake_png()])
    assert error.value.field == "images"
    assert not Idea.objects.exists()


def test_submit_refuses_a_fourth_image(bob, campaign):
    with pytest.raises(DomainError, match="at most 3"):
        submit(bob, campaign, images=[png(), png(), png(), png()])


def test_submit_refuses_another_campaigns_category_and_another_brands_tag(
    bob, campaign, other_brand
):
    foreign = CategoryFactory()
    with pytest.raises(DomainError):
        submit(bob, campaign, category=foreign)
    tag = Tag.objects.create(brand=other_brand, name="Other", slug="other")
    with pytest.raises(DomainError):
        submit(bob, campaign, tags=[tag])


def test_submit_refuses_oversize_body_and_empty_title(bob, campaign):
    with pytest.raises(DomainError, match="limited"):
        submit(bob, campaign, body="x" * (services.BODY_MAX + 1))
    with pytest.raises(DomainError) as error:
        submit(bob, campaign, title="   ")
    assert error.value.field == "title"


def test_no_submission_during_voting(bob, brand):
    voting = CampaignFactory(brand=brand, phases="voting")
    with pytest.raises(PermissionDenied):
        submit(bob, voting)


def test_outsider_cannot_submit(charlie, campaign):
    with pytest.raises(PermissionDenied):
        submit(charlie, campaign)


def test_author_edits_while_phase_allows(bob, campaign):
    idea = submit(bob, campaign)
    services.idea_edit(member=bob, idea=idea, title="Better cup", body="<p>New</p>")
    idea.refresh_from_db()
    assert (idea.title, idea.body_text) == ("Better cup", "New")


def test_someone_else_cannot_edit(bob, dan, campaign):
    idea = submit(bob, campaign)
    with pytest.raises(PermissionDenied):
        services.idea_edit(member=dan, idea=idea, title="Mine", body="now")


def test_no_edit_during_voting(bob, brand):
    idea = IdeaFactory(campaign=CampaignFactory(brand=brand, phases="voting"), author=bob)
    with pytest.raises(PermissionDenied):
        services.idea_edit(member=bob, idea=idea, title="t", body="b")


def test_edit_removes_and_adds_images_within_the_limit(bob, campaign):
    idea = submit(bob, campaign, images=[png(), png(), png()])
    first = idea.images.first()
    with pytest.raises(DomainError):
        services.idea_edit(member=bob, idea=idea, title="t", body="b", images=[png()])
    services.idea_edit(
        member=bob, idea=idea, title="t", body="b", images=[png()], remove_image_ids=[first.pk]
    )
    assert idea.images.count() == 3 and not idea.images.filter(pk=first.pk).exists()


def test_withdraw_sets_the_date_once(bob, campaign):
    idea = submit(bob, campaign)
    services.idea_withdraw(member=bob, idea=idea)
    idea.refresh_from_db()
    assert idea.withdrawn_at is not None
    with pytest.raises(PermissionDenied):
        services.idea_withdraw(member=bob, idea=idea)


def test_vote_counts_and_moves_trending_score(bob, dan, campaign):
    idea = submit(bob, campaign)
    before = Idea.objects.get(pk=idea.pk).trending_score
    services.vote_cast(member=dan, idea=idea)
    services.vote_cast(member=bob, idea=idea)  # authors may support their own idea
    idea.refresh_from_db()
    assert idea.support_count == 2
    assert idea.trending_score == pytest.approx(before + 0.30103, abs=1e-4)


def test_second_vote_by_same_member_is_refused(bob, dan, campaign):
    idea = submit(bob, campaign)
    services.vote_cast(member=dan, idea=idea)
    with pytest.raises(Conflict, match="already support"):
        services.vote_cast(member=dan, idea=idea)
    idea.refresh_from_db()
    assert idea.support_count == 1 and Vote.objects.filter(idea=idea).count() == 1


def test_vote_withdraw_decrements(bob, dan, campaign):
    idea = submit(bob, campaign)
    services.vote_cast(member=dan, idea=idea)
    services.vote_withdraw(member=dan, idea=idea)
    idea.refresh_from_db()
    assert idea.support_count == 0
    with pytest.raises(Conflict):
        services.vote_withdraw(member=dan, idea=idea)


def test_no_vote_during_review(bob, dan, brand):
    idea = IdeaFactory(campaign=CampaignFactory(brand=brand, phases="review"), author=bob)
    with pytest.raises(PermissionDenied):
        services.vote_cast(member=dan, idea=idea)


def test_vote_allowed_during_voting(bob, dan, brand):
    idea = IdeaFactory(campaign=CampaignFactory(brand=brand, phases="voting"), author=bob)
    services.vote_cast(member=dan, idea=idea)
    assert Idea.objects.get(pk=idea.pk).support_count == 1


def test_outsider_cannot_vote(bob, charlie, campaign):
    idea = submit(bob, campaign)
    with pytest.raises(PermissionDenied):
        services.vote_cast(member=charlie, idea=idea)


def test_no_vote_on_withdrawn_or_merged_idea(bob, dan, campaign):
    withdrawn = IdeaFactory(campaign=campaign, author=bob, withdrawn_at=timezone.now())
    merged = IdeaFactory(campaign=campaign, author=bob, status=Idea.Status.MERGED)
    for idea in (withdrawn, merged):
        with pytest.raises(PermissionDenied):
            services.vote_cast(member=dan, idea=idea)


def test_rating_changes_adjust_the_sum(bob, dan, alice, campaign):
    idea = submit(bob, campaign)
    services.rating_set(member=dan, idea=idea, stars=2)
    services.rating_set(member=alice, idea=idea, stars=5)
    services.rating_set(member=dan, idea=idea, stars=4)
    idea.refresh_from_db()
    assert (idea.rating_count, idea.rating_sum, idea.rating_average) == (2, 9, 4.5)


def test_rating_out_of_range_or_disabled_is_refused(bob, dan, brand):
    campaign = CampaignFactory(brand=brand, allow_rating=False)
    idea = submit(bob, campaign)
    with pytest.raises(DomainError):
        services.rating_set(member=dan, idea=idea, stars=6)
    with pytest.raises(PermissionDenied):
        services.rating_set(member=dan, idea=idea, stars=3)


def test_follow_is_idempotent_and_unfollow_removes(bob, dan, campaign):
    idea = submit(bob, campaign)
    services.follow_idea(member=dan, idea=idea)
    services.follow_idea(member=dan, idea=idea)
    assert Follow.objects.filter(idea=idea, member=dan).count() == 1
    services.unfollow_idea(member=dan, idea=idea)
    assert not Follow.objects.filter(idea=idea, member=dan).exists()


def test_outsider_cannot_follow(bob, charlie, campaign):
    idea = submit(bob, campaign)
    with pytest.raises(PermissionDenied):
        services.follow_idea(member=charlie, idea=idea)


@pytest.mark.django_db
def test_the_vote_statement_and_the_predicate_agree_on_open_ideas(campaign):
    """``OPEN_FOR_SUPPORT_SQL`` (the one-statement vote's check) is ``is_open_for_support``."""
    import itertools

    from django.db import connection

    from cocrea.ideas.permissions import is_open_for_support
    from cocrea.ideas.services import OPEN_FOR_SUPPORT_SQL

    cases = itertools.product([None, timezone.now()], [False, True], Idea.Status.values)
    ideas = [
        IdeaFactory(campaign=campaign, withdrawn_at=w, is_hidden=h, status=s) for w, h, s in cases
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM ideas_idea WHERE {OPEN_FOR_SUPPORT_SQL}")  # noqa: S608
        open_in_sql = {row[0] for row in cursor.fetchall()}
    assert open_in_sql == {idea.pk for idea in ideas if is_open_for_support(idea)}
    assert 0 < len(open_in_sql) < len(ideas)
