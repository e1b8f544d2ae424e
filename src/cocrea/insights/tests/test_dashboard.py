"""The insights dashboard: who may see it, and whether its figures are right."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from cocrea.brands.models import Brand
from cocrea.insights import selectors
from cocrea.insights.models import Voice
from cocrea.insights.selectors import Filters
from cocrea.insights.tests.factories import (
    AnalysisRunFactory,
    VoiceFactory,
    build_dataset,
    build_funnel,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(brand, campaign, other_brand):  # type: ignore[no-untyped-def]
    return build_dataset(brand, campaign, other_brand)


def _urls(brand_slug: str, run_id: int) -> list[tuple[str, str]]:
    """Every URL of the dashboard, with its method."""
    name = "insights_dashboard:"
    return [
        ("get", reverse(name + "home", args=[brand_slug])),
        ("get", reverse(name + "voices", args=[brand_slug])),
        ("get", reverse(name + "pulse", args=[brand_slug])),
        ("post", reverse(name + "recompute", args=[brand_slug])),
        ("get", reverse(name + "run", args=[brand_slug, run_id])),
        ("get", reverse(name + "export_voices", args=[brand_slug, "csv"])),
        ("get", reverse(name + "export_voices", args=[brand_slug, "json"])),
        ("get", reverse(name + "export_themes", args=[brand_slug, "csv"])),
        ("get", reverse(name + "export_themes", args=[brand_slug, "json"])),
    ]


@pytest.fixture
def run(brand):  # type: ignore[no-untyped-def]
    return AnalysisRunFactory(brand=brand, state="done", done=5, total=5)


# --- Permissions, one URL at a time ---------------------------------------------------------


@pytest.mark.parametrize("index", range(9))
def test_anonymous_visitor_is_sent_to_login(client, brand, run, index):  # type: ignore[no-untyped-def]
    method, url = _urls(brand.slug, run.pk)[index]
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("index", range(9))
def test_member_is_refused(as_bob, brand, run, index):  # type: ignore[no-untyped-def]
    method, url = _urls(brand.slug, run.pk)[index]
    assert getattr(as_bob, method)(url).status_code == 403


@pytest.mark.parametrize("index", range(9))
def test_outsider_is_refused(as_charlie, brand, run, index):  # type: ignore[no-untyped-def]
    method, url = _urls(brand.slug, run.pk)[index]
    assert getattr(as_charlie, method)(url).status_code in (403, 404)


@pytest.mark.parametrize("index", range(9))
def test_outsider_of_a_members_only_brand_gets_404(as_charlie, brand, run, index):  # type: ignore[no-untyped-def]
    Brand.objects.filter(pk=brand.pk).update(visibility=Brand.Visibility.MEMBERS)
    method, url = _urls(brand.slug, run.pk)[index]
    assert getattr(as_charlie, method)(url).status_code == 404


@pytest.mark.parametrize("index", [0, 1, 2, 4, 5, 6, 7, 8])
def test_moderator_and_admin_may_read(as_mona, brand, run, index):  # type: ignore[no-untyped-def]
    method, url = _urls(brand.slug, run.pk)[index]
    assert getattr(as_mona, method)(url).status_code == 200


def test_another_brands_run_is_404(as_alice, brand, other_brand):  # type: ignore[no-untyped-def]
    foreign = AnalysisRunFactory(brand=other_brand)
    url = reverse("insights_dashboard:run", args=[brand.slug, foreign.pk])
    assert as_alice.get(url).status_code == 404


def test_unknown_export_format_is_404(as_alice, brand):  # type: ignore[no-untyped-def]
    for name in ("export_voices", "export_themes"):
        url = reverse(f"insights_dashboard:{name}", args=[brand.slug, "xlsx"])
        assert as_alice.get(url).status_code == 404


def test_console_navigation_links_to_the_dashboard(as_alice, brand):  # type: ignore[no-untyped-def]
    response = as_alice.get(reverse("campaigns:console", args=[brand.slug]))
    assert reverse("insights_dashboard:home", args=[brand.slug]).encode() in response.content


# --- The page -----------------------------------------------------------------------------


def test_dashboard_shows_themes_with_their_quotes_and_no_other_brand(as_alice, brand, data):  # type: ignore[no-untyped-def]
    response = as_alice.get(reverse("insights_dashboard:home", args=[brand.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Reusable cups" in html and "Waiting time" in html
    assert "Bring your own cup, get a discount." in html
    assert "The cup far from the centre." not in html  # 4th nearest: not a quote
    assert "Globex secret theme" not in html and "GLOBEX" not in html
    assert f"?theme={data['cups'].pk}" in html  # drill-down link
    assert "Il faudrait une deuxième caisse." in html
    assert 'id="dash-volume-data"' in html and 'id="dash-funnel-data"' in html
    assert "<script>" not in html.replace("<script src=", "")  # no inline script


def test_bad_filters_fall_back_to_defaults(as_alice, brand, data):  # type: ignore[no-untyped-def]
    url = reverse("insights_dashboard:home", args=[brand.slug])
    for query in ("period=abc", "campaign=999999", "campaign=x", "channel=<b>", "language=zz"):
        assert as_alice.get(f"{url}?{query}").status_code == 200


def test_another_brands_campaign_filter_is_ignored(as_alice, brand, other_brand, data):  # type: ignore[no-untyped-def]
    from cocrea.campaigns.tests.factories import CampaignFactory

    foreign = CampaignFactory(brand=other_brand)
    response = as_alice.get(
        reverse("insights_dashboard:home", args=[brand.slug]), {"campaign": foreign.pk}
    )
    assert response.status_code == 200
    assert response.context["f"].campaign_id is None


def test_htmx_refresh_returns_only_the_figures(as_alice, brand, data):  # type: ignore[no-untyped-def]
    response = as_alice.get(
        reverse("insights_dashboard:home", args=[brand.slug]), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "Reusable cups" in html
    assert "<html" not in html and "dash-filters" not in html


def test_dashboard_query_count_does_not_grow_with_data(  # type: ignore[no-untyped-def]
    as_alice, brand, campaign, data, django_assert_max_num_queries
):
    url = reverse("insights_dashboard:home", args=[brand.slug])
    # 24, and 25 when influencers brought authors in (their spaces' names: influencers tests)
    with django_assert_max_num_queries(24):
        as_alice.get(url)
    build_dataset(brand, campaign)  # twice the themes and voices
    with django_assert_max_num_queries(24):
        assert as_alice.get(url).status_code == 200


# --- Aggregations on the hand-built data set ----------------------------------------------


def test_headline_counts_the_period_and_the_one_before(brand, data):  # type: ignore[no-untyped-def]
    row = selectors.headline(brand, Filters(period=30), now=timezone.now())
    assert row["voices"] == 12
    assert row["previous"] == 9
    sentiments = [0.6, 0.4, 0.2, -0.2, -0.6, -0.8, -0.4, 0.0, -0.3, -0.1]
    assert row["sentiment"] == pytest.approx(sum(sentiments) / len(sentiments))
    assert row["positive"] == 3  # 0.6, 0.4, 0.2
    assert row["negative"] == 5  # -0.2, -0.6, -0.8, -0.4, -0.3


def test_volume_counts_voices_per_day_and_channel(brand, data):  # type: ignore[no-untyped-def]
    now = timezone.now()
    volume = selectors.volume(brand, Filters(period=7), {}, now=now)
    assert volume["unit"] == "day"
    assert len(volume["labels"]) == 8
    expected: dict[str, dict[str, int]] = {}
    for voice in brand.voices.filter(created_at__gte=now - timezone.timedelta(days=7)):
        day = timezone.localtime(voice.created_at).date().isoformat()
        expected.setdefault(voice.channel, {}).setdefault(day, 0)
        expected[voice.channel][day] += 1
    got = {
        s["key"]: {day: n for day, n in zip(volume["labels"], s["data"], strict=True) if n}
        for s in volume["channel"]
    }
    assert got == expected
    assert sum(expected["idea"].values()) == 8 and sum(expected["comment"].values()) == 1
    assert volume["total"] == 9


def test_volume_by_campaign_and_by_week(brand, campaign, data):  # type: ignore[no-untyped-def]
    titles = selectors.campaign_titles(brand)
    volume = selectors.volume(brand, Filters(period=90), titles, now=timezone.now())
    assert volume["unit"] == "week" and volume["span"] == 7
    totals = {s["label"]: sum(s["data"]) for s in volume["campaign"]}
    assert totals == {"The cup of tomorrow": 18, "The store of tomorrow": 3}


def test_themes_have_size_sentiment_quotes_and_growth(brand, data):  # type: ignore[no-untyped-def]
    rows, window = selectors.themes(brand, Filters(period=30), now=timezone.now())
    assert window == 30
    by_label = {row.theme.label: row for row in rows}
    assert [row.theme.label for row in rows] == [
        "Reusable cups",
        "Waiting time",
        "Prices",
        "Vegan options",
    ]
    cups = by_label["Reusable cups"]
    assert cups.voices == 4
    assert cups.sentiment == pytest.approx(0.25)
    assert [q.text for q in cups.quotes] == [v.text for v in data["cup_voices"][:3]]
    assert cups.growth == pytest.approx(4 / 12 - 4 / 9)
    assert by_label["Waiting time"].growth == pytest.approx(3 / 12)
    assert by_label["Waiting time"].sentiment == pytest.approx(-0.6)
    assert by_label["Reusable cups"].keyphrases == ["reusable cup", "deposit"]
    assert by_label["Waiting time"].keyphrases == ["queue"]  # [phrase, score] pairs


def test_emerging_themes_are_ordered_by_growth_of_share(brand, data):  # type: ignore[no-untyped-def]
    rows, _window = selectors.themes(brand, Filters(period=30), now=timezone.now())
    emerging = selectors.emerging(rows)
    assert [row.theme.label for row in emerging] == ["Waiting time", "Prices"]
    assert emerging[1].growth == pytest.approx(2 / 12 - 1 / 9)


def test_filters_restrict_themes(brand, data):  # type: ignore[no-untyped-def]
    now = timezone.now()
    rows, _ = selectors.themes(brand, Filters(period=30, campaign_id=data["store"].pk), now=now)
    assert [(r.theme.label, r.voices) for r in rows] == [("Waiting time", 3)]
    rows, _ = selectors.themes(brand, Filters(period=30, language="fr"), now=now)
    assert sorted((r.theme.label, r.voices) for r in rows) == [
        ("Reusable cups", 1),
        ("Waiting time", 1),
    ]


def test_needs_are_grouped_by_theme(brand, data):  # type: ignore[no-untyped-def]
    now = timezone.now()
    rows, _ = selectors.themes(brand, Filters(period=30), now=now)
    total = selectors.needs_by_theme(brand, Filters(period=30), rows, now=now)
    assert total == 3
    by_label = {row.theme.label: row for row in rows}
    assert by_label["Waiting time"].need_count == 2
    assert {n.sentence for n in by_label["Waiting time"].needs} == {
        "Il faudrait une deuxième caisse.",
        "I wish you opened earlier.",
    }
    assert [n.sentence for n in by_label["Reusable cups"].needs] == ["Please add glass cups."]


def test_funnel_follows_ideas_of_the_period(brand, campaign):  # type: ignore[no-untyped-def]
    build_funnel(brand, campaign)
    now = timezone.now()
    month = {s["stage"]: s["count"] for s in selectors.funnel(brand, Filters(period=30), now=now)}
    assert month == {"submitted": 5, "answered": 4, "accepted": 3, "launched": 1}
    ever = {s["stage"]: s["count"] for s in selectors.funnel(brand, Filters(period=None), now=now)}
    assert ever == {"submitted": 6, "answered": 5, "accepted": 4, "launched": 2}


def test_top_ideas_count_supports_given_in_the_period(brand, campaign):  # type: ignore[no-untyped-def]
    ideas = build_funnel(brand, campaign)
    now = timezone.now()
    top = selectors.top_ideas(brand, Filters(period=30), now=now)
    assert [(i.pk, i.period_support) for i in top] == [
        (ideas["developed"].pk, 3),
        (ideas["launched"].pk, 1),
    ]
    ever = selectors.top_ideas(brand, Filters(period=None), now=now)
    assert {i.pk for i in ever} == {ideas["developed"].pk, ideas["launched"].pk}


def test_segments_give_volume_and_sentiment(brand, campaign, data):  # type: ignore[no-untyped-def]
    titles = selectors.campaign_titles(brand)
    segments = {
        s["key"]: s
        for s in selectors.segments(brand, Filters(period=30), titles, now=timezone.now())
    }
    assert list(segments) == ["tier", "campaign", "language", "channel"]
    tiers = {r["value"]: (r["voices"], r["sentiment"]) for r in segments["tier"]["rows"]}
    assert tiers["gold"] == (2, pytest.approx(0.5))
    assert tiers[""][0] == 10
    channels = {r["value"]: r["voices"] for r in segments["channel"]["rows"]}
    assert channels == {"idea": 10, "comment": 2}
    languages = {r["value"]: r["voices"] for r in segments["language"]["rows"]}
    assert languages == {"en": 9, "fr": 3}


def test_tier_segment_is_hidden_when_no_voice_has_a_tier(brand, campaign):  # type: ignore[no-untyped-def]
    VoiceFactory(brand=brand, campaign=campaign)
    segments = selectors.segments(brand, Filters(), {}, now=timezone.now())
    assert [s["key"] for s in segments] == ["campaign", "language", "channel"]


def test_pulse_reports_count_last_id_and_run(as_alice, brand, data, run):  # type: ignore[no-untyped-def]
    response = as_alice.get(reverse("insights_dashboard:pulse", args=[brand.slug]))
    body = response.json()
    assert body["voices"] == brand.voices.count() == 21
    assert body["last_id"] == brand.voices.order_by("-id").first().pk
    assert body["run"]["id"] == run.pk and body["run"]["state"] == "done"


def test_a_hidden_idea_is_never_quoted(brand, data):  # type: ignore[no-untyped-def]
    from cocrea.ideas.tests.factories import IdeaFactory

    quoted = data["cup_voices"][0]
    before, _window = selectors.themes(brand, Filters(period=30), now=timezone.now())
    assert quoted.pk in [q.pk for q in before[0].quotes]
    idea = IdeaFactory(brand=brand, campaign=quoted.campaign, is_hidden=True)
    Voice.objects.filter(pk=quoted.pk).update(idea=idea)
    rows, _window = selectors.themes(brand, Filters(period=30), now=timezone.now())
    cups = next(row for row in rows if row.theme.label == "Reusable cups")
    assert quoted.pk not in [q.pk for q in cups.quotes]
