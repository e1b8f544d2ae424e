"""The community pages: lists with sorts and filters, forms, actions, the feed, bad input."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cocrea.campaigns.models import Tag
from cocrea.community import qa_services, selectors, services
from cocrea.community.models import Answer, CommunityReport, Question, Story, StoryRating
from cocrea.ideas.tests.helpers import png, submit

pytestmark = pytest.mark.django_db


def _client(member) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(member.user)
    return client


def _url(name: str, brand, *args) -> str:  # type: ignore[no-untyped-def]
    return reverse(f"community:{name}", args=[brand.slug, *args])


def _story(member, title="Espresso at home", **kw):  # type: ignore[no-untyped-def]
    return services.story_post(member=member, title=title, body="Body of the story", **kw)


def test_a_member_publishes_a_story_with_figures_and_a_photo(brand, bob):
    response = _client(bob).post(
        _url("story_new", brand),
        {
            "title": "Sunday run",
            "body": "Easy pace",
            "fig_distance": "10.5",
            "fig_place": "Parc",
            "photos": [png()],
        },
    )
    story = Story.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/stories/{story.pk}/")
    assert story.figures == {"distance": 10.5, "place": "Parc"} and story.photos.count() == 1
    page = Client().get(_url("story", brand, story.pk))
    assert b"10.5 km" in page.content and b"Sunday run" in page.content


@pytest.mark.parametrize(
    "data",
    [
        {"title": "", "body": "x"},
        {"title": "x" * 500, "body": "x"},
        {"title": "t", "body": "x", "fig_distance": "far"},
        {"title": "t", "body": "x", "fig_temperature": "1000"},
        {"title": "t", "body": "x", "tags": ["999999999999999999999"]},
        {"title": "t", "body": "x" * 30_000},
    ],
)
def test_bad_story_input_is_a_form_error(brand, bob, data):
    response = _client(bob).post(_url("story_new", brand), data)
    assert response.status_code == 200 and b"form-errors" in response.content
    assert not Story.objects.exists()


def test_the_story_list_sorts_and_costs_the_same_queries(
    brand, bob, dan, mona, django_assert_max_num_queries
):
    for n in range(5):
        story = _story(bob, title=f"Story {n}", photos=[png()])
        services.story_rate(member=dan, story=story, stars=1 + n % 5)
    client = _client(mona)
    client.get(_url("stories", brand))  # warm the session and the brand
    with django_assert_max_num_queries(9):
        response = client.get(_url("stories", brand) + "?sort=top")
    titles = [s.title for s in response.context["page"].items]
    assert titles[0] == "Story 4"
    assert client.get(_url("stories", brand) + "?sort=nonsense&page=abc").status_code == 200


def test_rating_through_the_page(brand, bob, dan):
    story = _story(bob)
    assert _client(dan).post(_url("story_rate", brand, story.pk), {"stars": "5"}).status_code == 302
    assert StoryRating.objects.get().stars == 5
    refused = _client(bob).post(
        _url("story_rate", brand, story.pk), {"stars": "5"}, HTTP_ACCEPT="application/json"
    )
    assert refused.status_code == 403 and "detail" in refused.json()
    bad = _client(dan).post(
        _url("story_rate", brand, story.pk), {"stars": "9"}, HTTP_ACCEPT="application/json"
    )
    assert bad.status_code == 400


def test_edit_and_delete_own_story_only(brand, bob, dan):
    story = _story(bob)
    assert _client(dan).get(_url("story_edit", brand, story.pk)).status_code in (302, 403)
    response = _client(bob).post(
        _url("story_edit", brand, story.pk), {"title": "Edited", "body": "B"}
    )
    assert response.status_code == 302
    assert _client(dan).post(_url("story_delete", brand, story.pk)).status_code in (302, 403)
    assert Story.objects.filter(title="Edited").exists()
    _client(bob).post(_url("story_delete", brand, story.pk))
    assert not Story.objects.exists()


def test_the_question_journey_on_pages(brand, bob, dan):
    asker, helper = _client(bob), _client(dan)
    asker.post(_url("question_new", brand), {"title": "Best water for filter coffee?"})
    question = Question.objects.get()
    helper.post(_url("answer_post", brand, question.pk), {"body": "Soft water, 80 ppm."})
    answer = Answer.objects.get()
    page = asker.get(_url("question", brand, question.pk))
    assert f'data-testid="mark-helpful-{answer.pk}"'.encode() in page.content
    assert asker.post(_url("answer_helpful", brand, answer.pk)).status_code == 302
    answer.refresh_from_db()
    assert answer.is_helpful
    refused = helper.post(_url("answer_helpful", brand, answer.pk), HTTP_ACCEPT="application/json")
    assert refused.status_code in (200, 302, 403)  # already helpful: idempotent for no one else
    listed = asker.get(_url("questions", brand) + "?state=resolved").context["page"].items
    assert listed == [question]
    assert asker.get(_url("questions", brand) + "?state=unanswered").context["page"].items == []


def test_question_filters_and_query_count(brand, bob, dan, django_assert_max_num_queries):
    tag = Tag.objects.create(brand=brand, name="Moka", slug="moka")
    for n in range(6):
        question = qa_services.question_ask(member=bob, title=f"Q{n}", tags=[tag])
        if n % 2:
            qa_services.answer_post(member=dan, question=question, body="Yes")
    client = _client(dan)
    client.get(_url("questions", brand))
    with django_assert_max_num_queries(8):
        response = client.get(_url("questions", brand) + "?state=unanswered&tag=moka")
    assert [q.title for q in response.context["page"].items] == ["Q4", "Q2", "Q0"]


def test_an_unknown_or_foreign_id_is_not_found(brand, other_brand, bob, charlie):
    foreign = _story(charlie)
    client = _client(bob)
    for path in (
        _url("story", brand, foreign.pk),
        _url("story", brand, 2**63),
        _url("question", brand, 999_999),
        _url("report", brand, "idea", 1),
    ):
        assert client.get(path).status_code == 404, path
    assert client.post(_url("story_rate", brand, foreign.pk), {"stars": "3"}).status_code == 404
    assert client.post(_url("answer_helpful", brand, 2**64)).status_code == 404


def test_a_report_then_a_moderator_hides_the_story(brand, bob, dan, mona):
    story = _story(bob)
    client = _client(dan)
    assert (
        client.post(_url("report", brand, "story", story.pk), {"reason": "wrong"}).status_code
        == 400
    )
    client.post(_url("report", brand, "story", story.pk), {"reason": "spam"})
    assert CommunityReport.objects.count() == 1
    queue = _client(mona).get(_url("moderation", brand))
    assert b"Espresso at home" in queue.content
    _client(mona).post(
        _url("moderate", brand, "story", story.pk), {"action": "hide", "reason": "Ad"}
    )
    assert Client().get(_url("story", brand, story.pk)).status_code == 404
    assert _client(bob).get(_url("story", brand, story.pk)).status_code == 200  # the author sees it
    assert (
        _client(dan)
        .post(_url("moderate", brand, "story", story.pk), {"action": "restore", "reason": "x"})
        .status_code
        == 403
    )


# --- The feed -----------------------------------------------------------------------------


def test_the_feed_shows_what_i_follow_newest_first_by_pages(
    brand, campaign, bob, dan, mona, settings, django_assert_max_num_queries
):
    tag = Tag.objects.create(brand=brand, name="Latte art", slug="latte-art")
    services.follow_member(member=bob, followed=dan)
    services.follow_topic(member=bob, tag=tag)
    idea = submit(dan, campaign, title="Dan's idea")
    _story(mona, title="Tagged story", tags=[tag])
    _story(mona, title="Untagged story")  # neither followed author nor topic
    _story(bob, title="My own story", tags=[tag])  # one's own items are not in one's feed
    qa_services.question_ask(member=dan, title="Dan's question")
    client = _client(bob)
    with django_assert_max_num_queries(15):
        response = client.get(_url("feed", brand))
    titles = [item.obj.title for item in response.context["feed"].items]
    assert titles == ["Dan's question", "Tagged story", "Dan's idea"]
    # pages of one item: the cursor walks the same order without repeats
    seen, cursor = [], ""
    while True:
        page = selectors.feed_page(bob, cursor=cursor, size=1)
        seen += [item.obj.title for item in page.items]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert seen == titles
    assert idea.pk in [i.obj.pk for i in response.context["feed"].items if i.kind == "idea"]


def test_the_feed_query_count_does_not_grow(
    brand, campaign, bob, dan, django_assert_max_num_queries
):
    services.follow_member(member=bob, followed=dan)
    for n in range(12):
        submit(dan, campaign, title=f"Idea {n}")
        _story(dan, title=f"Story {n}", photos=[png()] if n < 2 else [])
        qa_services.question_ask(member=dan, title=f"Question {n}")
    client = _client(bob)
    client.get(_url("feed", brand))
    with django_assert_max_num_queries(15):
        response = client.get(_url("feed", brand))
    assert len(response.context["feed"].items) == 20
    cursor = response.context["feed"].next_cursor
    assert client.get(_url("feed", brand), {"cursor": cursor}).status_code == 200
    for bad in ("garbage", "2026-01-01T00:00:00~x~1", "2026-01-01T00:00:00~1~1", "~~", "a" * 500):
        assert client.get(_url("feed", brand), {"cursor": bad}).status_code == 200


def test_the_feed_hides_ideas_of_campaigns_i_am_not_invited_to(brand, alice, bob, dan):
    from cocrea.campaigns.tests.factories import CampaignFactory

    secret = CampaignFactory(brand=brand, slug="secret", visibility="invited")
    from cocrea.ideas.models import Idea

    Idea.objects.create(brand=brand, campaign=secret, author=dan, title="Secret", body="x")
    services.follow_member(member=bob, followed=dan)
    assert selectors.feed_page(bob).items == []
    assert [i.obj.title for i in selectors.feed_page(alice).items] == []  # alice follows nobody


def test_follow_buttons_and_foreign_members(brand, bob, dan, charlie):
    client = _client(bob)
    assert client.post(_url("member_follow", brand, dan.pk)).status_code == 302
    assert bob.following.filter(followed=dan).exists()
    assert client.post(_url("member_follow", brand, charlie.pk)).status_code == 404
    assert (
        client.post(
            _url("member_follow", brand, bob.pk), HTTP_ACCEPT="application/json"
        ).status_code
        == 400
    )
    assert client.post(_url("topic_follow", brand, "nope")).status_code == 404
    client.post(_url("member_unfollow", brand, dan.pk))
    assert not bob.following.exists()


def test_community_notifications_read_well_and_lead_to_the_question(brand, bob, dan):
    from cocrea.notifications.models import Notification
    from cocrea.notifications.texts import notification_text, target_path

    question = qa_services.question_ask(member=bob, title="Oat or soy?")
    answer = qa_services.answer_post(member=dan, question=question, body="Oat")
    qa_services.answer_mark_helpful(actor=bob, answer=answer)
    posted = Notification.objects.get(recipient=bob.user, kind="answer_posted")
    helpful = Notification.objects.get(recipient=dan.user, kind="answer_helpful")
    assert notification_text(posted) == "New answer to your question “Oat or soy?”"
    assert notification_text(helpful) == "Your answer to “Oat or soy?” was marked helpful"
    assert target_path(helpful) == _url("question", brand, question.pk)
    opened = _client(dan).get(reverse("notifications:open", args=[helpful.pk]))
    assert opened.status_code == 302 and opened["Location"] == _url("question", brand, question.pk)


def test_member_text_is_escaped_or_sanitised_on_every_page(brand, bob, dan):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    story = _story(bob, title=payload, figures={"place": payload[:80]})
    story_body = services.story_edit(
        member=bob, story=story, title=payload, body=payload + " words", figures={"place": "x"}
    )
    services.story_comment(member=dan, story=story_body, body=payload)
    question = qa_services.question_ask(member=bob, title=payload, body=payload)
    qa_services.answer_post(member=dan, question=question, body=payload + " words")
    services.follow_member(member=dan, followed=bob)
    client = _client(dan)
    for path in (
        _url("stories", brand),
        _url("story", brand, story.pk),
        _url("questions", brand),
        _url("question", brand, question.pk),
        _url("feed", brand),
    ):
        html = client.get(path).content.decode()
        assert "<script>alert" not in html, path
        assert "<img src=x" not in html, path  # shown escaped (&lt;img …) or removed
