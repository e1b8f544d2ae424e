"""The drill-down list of contributions behind every chart, and the recomputation button."""

from __future__ import annotations

import sys
import types
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cocrea.ideas.tests.factories import CommentFactory, IdeaFactory
from cocrea.insights.models import AnalysisRun, Voice
from cocrea.insights.tests.factories import (
    AnalysisRunFactory,
    NeedFactory,
    ThemeFactory,
    VoiceFactory,
    build_dataset,
    build_funnel,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(brand, campaign, other_brand):  # type: ignore[no-untyped-def]
    return build_dataset(brand, campaign, other_brand)


def _list(client, brand, **params):  # type: ignore[no-untyped-def]
    response = client.get(reverse("insights_dashboard:voices", args=[brand.slug]), params)
    assert response.status_code == 200
    return response, [v.pk for v in response.context["voices"]]


def test_theme_filter_lists_the_themes_contributions(as_alice, brand, data):  # type: ignore[no-untyped-def]
    response, ids = _list(as_alice, brand, theme=data["waiting"].pk)
    assert sorted(ids) == sorted(v.pk for v in data["waiting_voices"])
    assert "Waiting time" in response.content.decode()


def test_another_brands_theme_is_ignored_and_its_voices_never_listed(  # type: ignore[no-untyped-def]
    as_alice, brand, other_brand, data
):
    foreign = other_brand.themes.get()
    response, ids = _list(as_alice, brand, theme=foreign.pk, period="all")
    assert len(ids) == 21  # the whole brand, nothing of the other
    assert "GLOBEX" not in response.content.decode()


def test_filters_by_channel_campaign_language_and_sentiment(as_alice, brand, data):  # type: ignore[no-untyped-def]
    _r, ids = _list(as_alice, brand, channel="comment")
    assert sorted(ids) == sorted(v.pk for v in data["loose"])
    _r, ids = _list(as_alice, brand, campaign=data["store"].pk)
    assert len(ids) == 3
    _r, ids = _list(as_alice, brand, language="fr")
    assert len(ids) == 3
    _r, ids = _list(as_alice, brand, sentiment="negative")
    assert len(ids) == 5
    _r, ids = _list(as_alice, brand, sentiment="positive", period="all")
    assert len(ids) == 3 + 4 + 4  # 0.6, 0.4, 0.2 this month; 0.5 and 0.3 the month before
    _r, ids = _list(as_alice, brand, sentiment="neutral")
    assert len(ids) == 2  # 0.0 and -0.1 (unanalysed voices have no sentiment)


def test_day_filter_and_need_only(as_alice, brand, data):  # type: ignore[no-untyped-def]
    voice = data["waiting_voices"][0]
    day = timezone.localtime(voice.created_at).date()
    _r, ids = _list(as_alice, brand, day=day.isoformat())
    expected = [
        v.pk
        for v in Voice.objects.filter(brand=brand)
        if timezone.localtime(v.created_at).date() == day
    ]
    assert voice.pk in ids and sorted(ids) == sorted(expected)
    _r, ids = _list(as_alice, brand, day=(day - timedelta(days=6)).isoformat(), span=7)
    assert voice.pk in ids
    _r, ids = _list(as_alice, brand, need=1)
    assert sorted(ids) == sorted(
        [data["waiting_voices"][0].pk, data["waiting_voices"][1].pk, data["cup_voices"][2].pk]
    )


def test_tier_and_funnel_stage_filters(as_alice, brand, campaign, data):  # type: ignore[no-untyped-def]
    _r, ids = _list(as_alice, brand, tier="gold")
    assert sorted(ids) == sorted(v.pk for v in data["cup_voices"][:2])
    ideas = build_funnel(brand, campaign)
    launched = VoiceFactory(brand=brand, idea=ideas["launched"], campaign=campaign)
    VoiceFactory(brand=brand, idea=ideas["new"], campaign=campaign)
    _r, ids = _list(as_alice, brand, stage="launched", channel="idea")
    assert ids == [launched.pk]


def test_bad_input_never_fails(as_alice, brand, data):  # type: ignore[no-untyped-def]
    for params in (
        {"page": "abc"},
        {"page": "-3"},
        {"page": "99999999999999999999"},
        {"day": "2024-13-45"},
        {"span": "100000"},
        {"theme": "x"},
        {"sentiment": "angry"},
        {"stage": "nope"},
        {"tier": "x" * 500},
    ):
        _list(as_alice, brand, **params)


def test_voice_links_to_its_idea_and_a_comment_to_its_idea(as_alice, brand, campaign):  # type: ignore[no-untyped-def]
    idea = IdeaFactory(campaign=campaign)
    comment = CommentFactory(idea=idea)
    VoiceFactory(brand=brand, idea=idea, title=idea.title, campaign=campaign)
    VoiceFactory(brand=brand, comment=comment, channel="comment", title="", campaign=campaign)
    response, _ids = _list(as_alice, brand)
    link = reverse("ideas:detail", args=[brand.slug, idea.pk])
    assert response.content.decode().count(f'href="{link}"') == 2


def test_list_is_paginated_without_counting(as_alice, brand, campaign):  # type: ignore[no-untyped-def]
    VoiceFactory.create_batch(30, brand=brand, campaign=campaign)
    with CaptureQueriesContext(connection) as queries:
        response, ids = _list(as_alice, brand)
    assert len(ids) == 25 and response.context["has_next"]
    voice_sql = [q["sql"].upper() for q in queries.captured_queries if "insights_voice" in q["sql"]]
    assert voice_sql and not any("COUNT(" in sql for sql in voice_sql)
    response, ids = _list(as_alice, brand, page=2)
    assert len(ids) == 5 and not response.context["has_next"]


def test_list_query_count_does_not_grow(  # type: ignore[no-untyped-def]
    as_alice, brand, campaign, data, django_assert_max_num_queries
):
    url = reverse("insights_dashboard:voices", args=[brand.slug])
    with django_assert_max_num_queries(10):
        as_alice.get(url)
    theme = ThemeFactory(brand=brand)
    for _ in range(20):
        NeedFactory(voice=VoiceFactory(brand=brand, campaign=campaign, theme=theme))
    with django_assert_max_num_queries(10):
        assert as_alice.get(url).status_code == 200


# --- Recomputation -------------------------------------------------------------------------


@pytest.fixture
def fake_task(monkeypatch):  # type: ignore[no-untyped-def]
    """The pipeline's Celery task, replaced by a recorder (its own tests cover it)."""
    scheduled: list[int] = []

    class Task:
        @staticmethod
        def delay(run_id: int) -> None:
            scheduled.append(run_id)
            AnalysisRun.objects.filter(pk=run_id).update(state="done", done=3, total=3)

    module = types.ModuleType("cocrea.insights.tasks")
    module.recompute_themes = Task  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "cocrea.insights.tasks", module)
    return scheduled


def test_recompute_queues_a_run_and_schedules_the_task_after_commit(  # type: ignore[no-untyped-def]
    as_mona, brand, fake_task, django_capture_on_commit_callbacks
):
    url = reverse("insights_dashboard:recompute", args=[brand.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = as_mona.post(url, HTTP_HX_REQUEST="true")
    run = AnalysisRun.objects.get(brand=brand)
    assert fake_task == [run.pk]
    assert response.status_code == 200
    html = response.content.decode()
    assert "<progress" in html
    assert reverse("insights_dashboard:run", args=[brand.slug, run.pk]) in html  # polls it


def test_second_recompute_while_one_runs_is_refused_with_409(as_alice, brand):  # type: ignore[no-untyped-def]
    AnalysisRunFactory(brand=brand, state="running", done=1, total=10)
    url = reverse("insights_dashboard:recompute", args=[brand.slug])
    response = as_alice.post(url)
    assert response.status_code == 409
    assert "already being recomputed" in response.content.decode()
    response = as_alice.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    assert AnalysisRun.objects.filter(brand=brand).count() == 1


def test_another_brands_run_does_not_block(as_alice, brand, other_brand, fake_task):  # type: ignore[no-untyped-def]
    AnalysisRunFactory(brand=other_brand, state="running")
    response = as_alice.post(reverse("insights_dashboard:recompute", args=[brand.slug]))
    assert response.status_code == 302
    assert AnalysisRun.objects.filter(brand=brand).count() == 1


def test_a_stale_run_no_longer_blocks(as_alice, brand, fake_task):  # type: ignore[no-untyped-def]
    stale = AnalysisRunFactory(brand=brand, state="queued")
    AnalysisRun.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(hours=3))
    response = as_alice.post(reverse("insights_dashboard:recompute", args=[brand.slug]))
    assert response.status_code == 302
    stale.refresh_from_db()
    assert stale.state == "failed"


def test_run_progress_as_json_and_as_a_polling_bar(as_alice, brand):  # type: ignore[no-untyped-def]
    run = AnalysisRunFactory(brand=brand, state="running", done=25, total=100)
    url = reverse("insights_dashboard:run", args=[brand.slug, run.pk])
    body = as_alice.get(url).json()
    assert body == {
        "id": run.pk,
        "state": "running",
        "done": 25,
        "total": 100,
        "progress": 0.25,
        "error": "",
        "finished": False,
    }
    html = as_alice.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'value="25"' in html and 'aria-valuenow="25"' in html
    assert 'hx-trigger="every 2s"' in html  # keeps polling while running
    AnalysisRun.objects.filter(pk=run.pk).update(state="done", done=100)
    response = as_alice.get(url, HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in response.content.decode()
    assert response["HX-Trigger"] == "insights-refresh"


def test_dashboard_shows_the_running_recomputation(as_alice, brand):  # type: ignore[no-untyped-def]
    run = AnalysisRunFactory(brand=brand, state="queued")
    html = as_alice.get(reverse("insights_dashboard:home", args=[brand.slug])).content.decode()
    assert reverse("insights_dashboard:run", args=[brand.slug, run.pk]) in html
    assert "<progress" in html
