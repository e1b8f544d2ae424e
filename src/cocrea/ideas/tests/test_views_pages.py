"""What the campaign page and the idea page show, and how their forms answer bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cocrea.brands.tests.factories import MembershipFactory
from cocrea.campaigns.models import Tag
from cocrea.campaigns.tests.factories import CategoryFactory
from cocrea.ideas import comment_services as cs
from cocrea.ideas import services
from cocrea.ideas.models import Comment, Idea, StatusChange, Vote
from cocrea.ideas.selectors import PAGE_SIZE
from cocrea.ideas.tests.factories import IdeaFactory
from cocrea.ideas.tests.helpers import fake_png, noisy_png, png, submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, settings):  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


XSS_TITLE = "<script>alert('t')</script>Cup"
XSS_BODY = "<p>Hello<img src=x onerror=alert(1)><script>alert('b')</script></p>"


def url(name, *args):  # type: ignore[no-untyped-def]
    return reverse(f"ideas:{name}", args=args)


def test_campaign_page_shows_campaign_and_ideas(client, brand, campaign, bob):
    CategoryFactory(campaign=campaign, name="Packaging")
    idea = IdeaFactory(campaign=campaign, author=bob, title="Warm lid")
    html = client.get(url("list", brand.slug, campaign.slug)).content.decode()
    for text in (campaign.title, campaign.objective, "Tell us what you would like.", "Packaging"):
        assert text in html
    assert 'data-testid="phase"' in html and "Warm lid" in html
    assert url("detail", brand.slug, idea.pk) in html


def test_list_hides_withdrawn_hidden_and_merged_ideas(client, brand, campaign, bob):
    IdeaFactory(campaign=campaign, title="Visible one")
    IdeaFactory(campaign=campaign, title="Withdrawn one", withdrawn_at=timezone.now())
    IdeaFactory(campaign=campaign, title="Hidden one", is_hidden=True)
    IdeaFactory(campaign=campaign, title="Merged one", status=Idea.Status.MERGED)
    html = client.get(url("list", brand.slug, campaign.slug)).content.decode()
    assert "Visible one" in html
    assert not any(t in html for t in ("Withdrawn one", "Hidden one", "Merged one"))
    merged = client.get(url("list", brand.slug, campaign.slug), {"status": "merged"})
    assert "Merged one" in merged.content.decode()


def test_moderator_sees_hidden_ideas_in_the_list(as_mona, brand, campaign):
    IdeaFactory(campaign=campaign, title="Hidden one", is_hidden=True)
    assert "Hidden one" in as_mona.get(url("list", brand.slug, campaign.slug)).content.decode()


def _titles(response):  # type: ignore[no-untyped-def]
    return [idea.title for idea in response.context["page"].items]


def _supporters(idea, n):  # type: ignore[no-untyped-def]
    for _ in range(n):
        Vote.objects.create(idea=idea, member=MembershipFactory(brand=idea.brand))


def test_sorts(client, brand, campaign):
    now = timezone.now()
    old = IdeaFactory(campaign=campaign, title="old", answered_at=now)
    IdeaFactory(campaign=campaign, title="new", answered_at=now - timedelta(days=2))
    mid = IdeaFactory(campaign=campaign, title="mid")
    Idea.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=30))
    _supporters(old, 5)
    _supporters(mid, 2)
    services.idea_counters_rebuild()  # support counts and trending scores from the rows
    list_url = url("list", brand.slug, campaign.slug)
    assert _titles(client.get(list_url, {"sort": "supported"})) == ["old", "mid", "new"]
    assert _titles(client.get(list_url, {"sort": "newest"})) == ["mid", "new", "old"]
    assert _titles(client.get(list_url, {"sort": "answered"})) == ["old", "new"]
    # Trending: 2 recent supports beat none; 5 supports a month old weigh less than youth.
    assert _titles(client.get(list_url)) == ["mid", "new", "old"]
    assert _titles(client.get(list_url, {"sort": "nonsense"})) == ["mid", "new", "old"]


def test_filters_and_search(client, brand, campaign):
    category = CategoryFactory(campaign=campaign)
    tag = Tag.objects.create(brand=brand, name="Eco", slug="eco")
    a = IdeaFactory(campaign=campaign, title="Bamboo lid", category=category)
    a.tags.add(tag)
    IdeaFactory(campaign=campaign, title="Paper straw", body_text="recyclable straw")
    IdeaFactory(campaign=campaign, title="Loyalty app", status=Idea.Status.ACCEPTED)
    list_url = url("list", brand.slug, campaign.slug)
    assert _titles(client.get(list_url, {"category": category.pk})) == ["Bamboo lid"]
    assert _titles(client.get(list_url, {"tag": "eco"})) == ["Bamboo lid"]
    assert _titles(client.get(list_url, {"status": "accepted"})) == ["Loyalty app"]
    assert _titles(client.get(list_url, {"q": "recyclable"})) == ["Paper straw"]
    assert _titles(client.get(list_url, {"q": "bamboo"})) == ["Bamboo lid"]
    assert client.get(list_url, {"category": "abc", "page": "-3", "tag": "x"}).status_code == 200


def test_search_follows_edits_and_ignores_votes(client, brand, campaign, bob, dan):
    idea = IdeaFactory(campaign=campaign, author=bob, title="Oat milk", body_text="creamy")
    list_url = url("list", brand.slug, campaign.slug)
    assert _titles(client.get(list_url, {"q": "creamy"})) == ["Oat milk"]
    services.idea_edit(member=bob, idea=idea, title="Almond milk", body="<p>nutty</p>")
    assert _titles(client.get(list_url, {"q": "almond"})) == ["Almond milk"]
    assert _titles(client.get(list_url, {"q": "nutty"})) == ["Almond milk"]
    assert _titles(client.get(list_url, {"q": "creamy"})) == []
    assert _titles(client.get(list_url, {"q": "oat"})) == []
    services.vote_cast(member=dan, idea=idea)  # rewrites the row: the document stays right
    assert _titles(client.get(list_url, {"q": "nutty"})) == ["Almond milk"]


def test_pagination_without_count(client, brand, campaign, django_assert_num_queries):
    for n in range(PAGE_SIZE + 3):
        IdeaFactory(campaign=campaign, title=f"Idea {n:02d}")
    list_url = url("list", brand.slug, campaign.slug)
    first = client.get(list_url, {"sort": "newest"})
    assert first.context["page"].has_next and len(_titles(first)) == PAGE_SIZE
    assert "page=2" in first.content.decode()
    second = client.get(list_url, {"sort": "newest", "page": 2})
    assert len(_titles(second)) == 3 and not second.context["page"].has_next
    assert "page=1" in second.content.decode()


def test_list_sql_has_no_count(client, brand, campaign):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    IdeaFactory(campaign=campaign)
    with CaptureQueriesContext(connection) as queries:
        client.get(url("list", brand.slug, campaign.slug))
    idea_queries = [q["sql"] for q in queries if 'FROM "ideas_idea"' in q["sql"]]
    assert idea_queries and not any("COUNT(" in sql.upper() for sql in idea_queries)


def _fill(campaign, voter, n):  # type: ignore[no-untyped-def]
    tag = Tag.objects.get_or_create(brand=campaign.brand, slug="t", defaults={"name": "T"})[0]
    for _ in range(n):
        idea = IdeaFactory(campaign=campaign, category=CategoryFactory(campaign=campaign))
        idea.tags.add(tag)
        Vote.objects.create(idea=idea, member=voter)


def test_list_query_count_does_not_grow(
    as_bob, bob, brand, campaign, django_assert_max_num_queries
):
    list_url = url("list", brand.slug, campaign.slug)
    _fill(campaign, bob, 2)
    as_bob.get(list_url)
    with django_assert_max_num_queries(15) as few:
        as_bob.get(list_url)
    _fill(campaign, bob, 15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = as_bob.get(list_url)
    assert all(idea.has_voted for idea in response.context["page"].items)
    assert response.content.decode().count('aria-pressed="true"') == 17


def test_htmx_filter_returns_only_the_results(client, brand, campaign):
    IdeaFactory(campaign=campaign, title="Bamboo lid")
    response = client.get(
        url("list", brand.slug, campaign.slug),
        {"q": "bamboo"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="idea-results",
    )
    html = response.content.decode()
    assert "Bamboo lid" in html and "<html" not in html


def test_detail_shows_idea_answer_and_counts(client, brand, campaign, bob, alice):
    idea = submit(bob, campaign, title="Warm lid", body="<p>Keeps <em>heat</em></p>")
    services.rating_set(member=alice, idea=idea, stars=4)
    StatusChange.objects.create(
        idea=idea, actor=alice.user, from_status="new", to_status="accepted", answer="<p>Yes!</p>"
    )
    StatusChange.objects.create(idea=idea, actor=alice.user, from_status="new", to_status="new")
    html = client.get(url("detail", brand.slug, idea.pk)).content.decode()
    assert "Warm lid" in html and "<em>heat</em>" in html and "Bob" in html
    assert 'class="status status--new"' in html
    assert 'class="answer"' in html and "<p>Yes!</p>" in html and brand.name in html
    assert "4.0" in html


def test_detail_links_a_merged_idea_to_its_target(client, brand, campaign):
    target = IdeaFactory(campaign=campaign, title="The big one")
    merged = IdeaFactory(campaign=campaign, status=Idea.Status.MERGED, merged_into=target)
    html = client.get(url("detail", brand.slug, merged.pk)).content.decode()
    assert 'data-testid="merged-into"' in html and url("detail", brand.slug, target.pk) in html


def test_answer_link_only_for_moderators(client, brand, campaign, mona, bob):
    idea = IdeaFactory(campaign=campaign)
    client.force_login(bob.user)
    assert (
        'data-testid="answer-link"'
        not in client.get(url("detail", brand.slug, idea.pk)).content.decode()
    )
    client.force_login(mona.user)
    assert (
        'data-testid="answer-link"'
        in client.get(url("detail", brand.slug, idea.pk)).content.decode()
    )


def test_script_payloads_are_inert(as_bob, brand, campaign, bob, dan):
    idea = submit(bob, campaign, title=XSS_TITLE, body=XSS_BODY)
    cs.comment_post(
        member=dan, idea=idea, body="<script>alert('c')</script><img src=x onerror=alert(2)>"
    )
    for page in (url("detail", brand.slug, idea.pk), url("list", brand.slug, campaign.slug)):
        html = as_bob.get(page).content.decode()
        assert "<script>alert" not in html
        assert "<img src=x onerror" not in html and 'onerror="' not in html
    assert "&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;Cup" in html


def test_submit_through_the_form(as_bob, brand, campaign, bob):
    category = CategoryFactory(campaign=campaign)
    response = as_bob.post(
        url("submit", brand.slug, campaign.slug),
        {"title": "Cup", "body": "Warm", "category": category.pk, "images": [png(), png()]},
    )
    idea = Idea.objects.get()
    assert response.status_code == 302 and response["Location"] == url(
        "detail", brand.slug, idea.pk
    )
    assert idea.images.count() == 2 and idea.category == category and idea.author == bob


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "Cup", "body": "x" * 20_001}, "at most 20000 characters"),
        ({"title": "C" * 141, "body": "ok"}, "at most 140 characters"),
        ({"title": "Cup", "body": ""}, "This field is required"),
    ],
)
def test_submit_form_errors(as_bob, brand, campaign, data, message):
    response = as_bob.post(url("submit", brand.slug, campaign.slug), data)
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="form-errors"' in html and message in html
    assert not Idea.objects.exists()


def test_text_file_renamed_png_gets_a_form_error(as_bob, brand, campaign):
    response = as_bob.post(
        url("submit", brand.slug, campaign.slug),
        {"title": "Cup", "body": "ok", "images": fake_png()},
    )
    assert response.status_code == 200
    assert "not an image we can read" in response.content.decode()
    assert not Idea.objects.exists()


def test_too_large_image_gets_a_form_error(as_bob, brand, campaign, settings):
    settings.MAX_IMAGE_BYTES = 2048
    big = noisy_png()
    assert big.size > 2048
    response = as_bob.post(
        url("submit", brand.slug, campaign.slug), {"title": "Cup", "body": "ok", "images": big}
    )
    assert response.status_code == 200 and "too large" in response.content.decode()
    assert not Idea.objects.exists()


def test_second_vote_through_the_view_is_refused(as_bob, brand, campaign, dan):
    idea = IdeaFactory(campaign=campaign, author=dan)
    as_bob.post(url("vote", brand.slug, idea.pk))
    response = as_bob.post(url("vote", brand.slug, idea.pk), follow=True)
    assert "You already support this idea" in response.content.decode()
    htmx = as_bob.post(url("vote", brand.slug, idea.pk), HTTP_HX_REQUEST="true")
    assert htmx.status_code == 409
    assert Idea.objects.get(pk=idea.pk).support_count == 1


def test_htmx_vote_returns_the_vote_box(as_bob, brand, campaign, dan):
    idea = IdeaFactory(campaign=campaign, author=dan)
    response = as_bob.post(url("vote", brand.slug, idea.pk), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and 'aria-pressed="true"' in html and ">1<" in html
    as_bob.post(url("unvote", brand.slug, idea.pk), HTTP_HX_REQUEST="true")
    assert Idea.objects.get(pk=idea.pk).support_count == 0


def test_vote_rate_limit_answers_429_or_a_message(as_bob, brand, campaign, dan, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "vote_cast": (1, 60)}
    one, two = IdeaFactory(campaign=campaign), IdeaFactory(campaign=campaign)
    as_bob.post(url("vote", brand.slug, one.pk))
    htmx = as_bob.post(url("vote", brand.slug, two.pk), HTTP_HX_REQUEST="true")
    assert htmx.status_code == 429 and "Too many" in htmx.content.decode()
    page = as_bob.post(url("vote", brand.slug, two.pk), follow=True)
    assert "Too many" in page.content.decode()
    assert Idea.objects.get(pk=two.pk).support_count == 0


def test_submit_rate_limit_keeps_the_form(as_bob, brand, campaign, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "idea_submit": (1, 3600)}
    as_bob.post(url("submit", brand.slug, campaign.slug), {"title": "One", "body": "x"})
    response = as_bob.post(url("submit", brand.slug, campaign.slug), {"title": "Two", "body": "y"})
    assert response.status_code == 429 and 'value="Two"' in response.content.decode()
    assert Idea.objects.count() == 1


def test_comment_rate_limit(as_bob, brand, campaign, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment_post": (1, 600)}
    idea = IdeaFactory(campaign=campaign)
    as_bob.post(url("comment_post", brand.slug, idea.pk), {"body": "one"})
    response = as_bob.post(url("comment_post", brand.slug, idea.pk), {"body": "two"})
    assert response.status_code == 429 and Comment.objects.count() == 1


def test_comment_thread_reply_and_delete_display(as_bob, brand, campaign, bob, mona, dan):
    idea = IdeaFactory(campaign=campaign)
    parent = cs.comment_post(member=dan, idea=idea, body="Parent text")
    as_bob.post(
        url("comment_post", brand.slug, idea.pk), {"body": "Reply text", "parent": parent.pk}
    )
    cs.comment_post(member=mona, idea=idea, body="Team here")
    cs.comment_delete(member=dan, comment=parent)
    html = as_bob.get(url("detail", brand.slug, idea.pk)).content.decode()
    assert "Comment deleted" in html and "Parent text" not in html and "Reply text" in html
    assert "comment--official" in html
    assert Comment.objects.get(body="Reply text").parent_id == parent.pk


def test_deep_threads_stop_indenting(brand, campaign, bob):
    from cocrea.ideas.selectors import MAX_COMMENT_DEPTH, comment_tree, comments_for_idea

    idea = IdeaFactory(campaign=campaign)
    parent = None
    for depth in range(MAX_COMMENT_DEPTH + 3):
        parent = cs.comment_post(member=bob, idea=idea, body=f"level {depth}", parent=parent)
    tree = comment_tree(comments_for_idea(idea, bob))
    deepest, node = 0, tree[0]
    while node.replies:
        node, deepest = node.replies[0], deepest + 1
    assert deepest == MAX_COMMENT_DEPTH - 1 and len(node.replies) == 0
    assert sum(1 for _ in Comment.objects.all()) == MAX_COMMENT_DEPTH + 3


def test_oversize_comment_gets_a_form_error(as_bob, brand, campaign):
    idea = IdeaFactory(campaign=campaign)
    response = as_bob.post(url("comment_post", brand.slug, idea.pk), {"body": "x" * 5001})
    assert response.status_code == 400
    assert "at most 5000 characters" in response.content.decode()
    assert not Comment.objects.exists()


def test_edit_page_and_withdraw_through_views(as_bob, brand, campaign, bob):
    idea = submit(bob, campaign, body="Line one\n\nLine two")
    page = as_bob.get(url("edit", brand.slug, idea.pk)).content.decode()
    assert "Line one\n\nLine two" in page
    as_bob.post(url("edit", brand.slug, idea.pk), {"title": "New title", "body": "New body"})
    idea.refresh_from_db()
    assert idea.title == "New title"
    as_bob.post(url("withdraw", brand.slug, idea.pk))
    html = as_bob.get(url("list", brand.slug, campaign.slug)).content.decode()
    assert "New title" not in html


def test_non_member_sees_a_join_offer_on_the_campaign_page(as_charlie, brand, campaign):
    html = as_charlie.get(url("list", brand.slug, campaign.slug)).content.decode()
    assert 'data-testid="join-offer"' in html and reverse("brands:join", args=[brand.slug]) in html


def test_rate_and_follow_views(as_bob, brand, campaign, bob):
    idea = IdeaFactory(campaign=campaign)
    as_bob.post(url("rate", brand.slug, idea.pk), {"stars": "5"})
    as_bob.post(url("rate", brand.slug, idea.pk), {"stars": "9"})
    as_bob.post(url("follow", brand.slug, idea.pk))
    idea.refresh_from_db()
    assert (idea.rating_count, idea.rating_sum) == (1, 5)
    assert idea.follows.filter(member=bob).exists()
    as_bob.post(url("unfollow", brand.slug, idea.pk))
    assert not idea.follows.filter(member=bob).exists()


def _discussion(idea, members, n):  # type: ignore[no-untyped-def]
    parent = None
    for index in range(n):
        member = members[index % len(members)]
        parent = cs.comment_post(member=member, idea=idea, body=f"c{index}", parent=parent)
        cs.comment_upvote(member=members[0], comment=parent)


def test_detail_query_count_does_not_grow_with_comments(
    as_bob, bob, dan, mona, brand, campaign, django_assert_max_num_queries
):
    idea = IdeaFactory(campaign=campaign)
    detail = url("detail", brand.slug, idea.pk)
    _discussion(idea, [bob, dan, mona], 2)
    as_bob.get(detail)
    with django_assert_max_num_queries(25) as few:
        as_bob.get(detail)
    _discussion(idea, [bob, dan, mona], 12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = as_bob.get(detail)
    assert response.content.decode().count('class="comment') >= 14
