"""Reads of the insights dashboard.

Every query starts from one brand and is bounded by an index of ``Voice`` (brand + created_at,
brand + channel + created_at, brand + theme). Each function runs a fixed number of queries,
whatever the number of rows: aggregations are grouped in the database, quotes and need samples
are picked with a window function (``ROW_NUMBER() OVER (PARTITION BY theme)``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.functions import RowNumber, TruncDate, TruncWeek
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand
from cocrea.campaigns.models import Campaign
from cocrea.ideas.models import Idea, StatusChange, Vote
from cocrea.insights.models import AnalysisRun, Need, Theme, Voice, VoiceQuerySet

PERIODS = (7, 30, 90, 365)
DEFAULT_PERIOD = 30
EMERGING_WINDOW_ALL_TIME = 30  # growth window (days) when the period is "all time"
POSITIVE = 0.2  # sentiment at or above: positive; at or below -POSITIVE: negative
QUOTES_PER_THEME = 3
NEEDS_PER_THEME = 4
MAX_THEMES = 12
MAX_EMERGING = 5
MIN_EMERGING_VOICES = 2
MAX_SEGMENT_ROWS = 10
MAX_CAMPAIGN_SERIES = 6
TOP_IDEAS = 8
VOICES_PAGE_SIZE = 25
MAX_VOICES_PAGE = 400

ACCEPTED_OR_LATER = (
    Idea.Status.ACCEPTED,
    Idea.Status.IN_DEVELOPMENT,
    Idea.Status.LAUNCHED,
)
STAGES = ("submitted", "answered", "accepted", "launched")
SENTIMENTS = ("positive", "neutral", "negative")
LANGUAGES = (("fr", _("French")), ("en", _("English")), ("other", _("Other languages")))


@dataclass(frozen=True)
class Filters:
    """What the dashboard and the drill-down list are restricted to (validated by the views)."""

    period: int | None = DEFAULT_PERIOD  # days; None: all time
    campaign_id: int | None = None
    channel: str = ""
    language: str = ""
    # Drill-down only (voices list and exports).
    theme_id: int | None = None
    sentiment: str = ""
    day: date | None = None
    span: int = 1  # days from ``day``
    need_only: bool = False
    tier: str = ""
    stage: str = ""
    store_id: int | None = None
    space_id: int | None = None  # the influencer's space that brought the authors in

    def since(self, now: datetime) -> datetime | None:
        return now - timedelta(days=self.period) if self.period else None


# --- Shared filters ------------------------------------------------------------------------


def _stage_q(stage: str, prefix: str = "") -> Q:
    """Ideas that reached a funnel stage (now or at any time, from the status ledger)."""
    if stage == "submitted":
        return Q()
    changes = StatusChange.objects.filter(idea=OuterRef(f"{prefix}pk"))
    if stage == "answered":
        return Q(Exists(changes)) | ~Q(**{f"{prefix}status": Idea.Status.NEW})
    if stage == "accepted":
        return Q(Exists(changes.filter(to_status__in=ACCEPTED_OR_LATER))) | Q(
            **{f"{prefix}status__in": ACCEPTED_OR_LATER}
        )
    if stage == "launched":
        return Q(Exists(changes.filter(to_status=Idea.Status.LAUNCHED))) | Q(
            **{f"{prefix}status": Idea.Status.LAUNCHED}
        )
    return Q()


def _sentiment_q(sentiment: str, prefix: str = "") -> Q:
    key = f"{prefix}sentiment"
    if sentiment == "positive":
        return Q(**{f"{key}__gte": POSITIVE})
    if sentiment == "negative":
        return Q(**{f"{key}__lte": -POSITIVE})
    if sentiment == "neutral":
        return Q(**{f"{key}__gt": -POSITIVE, f"{key}__lt": POSITIVE})
    return Q()


def _count(q: Q) -> Count:
    """COUNT(id), restricted to ``q`` unless it is empty."""
    return Count("id", filter=q) if q else Count("id")


def _avg(q: Q) -> Avg:
    return Avg("sentiment", filter=q) if q else Avg("sentiment")


def voice_q(f: Filters, *, now: datetime, prefix: str = "", period: bool = True) -> Q:
    """The filters as a Q on Voice (``prefix="voice__"`` from a related model)."""
    q = Q()
    since = f.since(now) if period else None
    if since is not None:
        q &= Q(**{f"{prefix}created_at__gte": since})
    if f.campaign_id is not None:
        q &= Q(**{f"{prefix}campaign_id": f.campaign_id})
    if f.channel:
        q &= Q(**{f"{prefix}channel": f.channel})
    if f.language == "other":
        q &= ~Q(**{f"{prefix}language__in": ["fr", "en"]})
    elif f.language:
        q &= Q(**{f"{prefix}language": f.language})
    return q


def _drill_q(f: Filters, *, prefix: str = "") -> Q:
    q = _sentiment_q(f.sentiment, prefix)
    if f.theme_id is not None:
        q &= Q(**{f"{prefix}theme_id": f.theme_id})
    if f.day is not None:
        start = timezone.make_aware(datetime.combine(f.day, datetime.min.time()))
        end = start + timedelta(days=f.span)
        q &= Q(**{f"{prefix}created_at__gte": start, f"{prefix}created_at__lt": end})
    if f.tier:
        q &= Q(**{f"{prefix}member_tier": "" if f.tier == "-" else f.tier})
    if f.store_id is not None:
        q &= Q(**{f"{prefix}store_id": f.store_id})
    if f.space_id is not None:
        q &= Q(Exists(_brought(prefix).filter(space_id=f.space_id)))
    if f.need_only:
        q &= Q(Exists(Need.objects.filter(voice=OuterRef(f"{prefix}pk"))))
    if f.stage:
        q &= Q(**{f"{prefix}idea__isnull": False}) & _stage_q(f.stage, f"{prefix}idea__")
    return q


def _brought(prefix: str = "") -> QuerySet[Any]:
    """The follower row that attributes the voice's author to an influencer: she joined the
    brand through the influencer's link (one such row per member at most, a constraint)."""
    from cocrea.influencers.models import Follower

    return Follower.objects.filter(member_id=OuterRef(f"{prefix}author_id"), attributed=True)


def brought_by() -> Subquery:
    """The id of the influencer's space that brought the voice's author in (NULL if none):
    the influencer segment, to annotate voices with."""
    return Subquery(_brought().values("space_id")[:1])


def voices(brand: Brand, f: Filters, *, now: datetime | None = None) -> VoiceQuerySet:
    """The brand's voices under every filter (dashboard and drill-down), newest first."""
    now = now or timezone.now()
    return (
        Voice.objects.filter(brand=brand)
        .filter(voice_q(f, now=now))
        .filter(_drill_q(f))
        .order_by("-created_at", "-id")
    )


def store_titles(brand: Brand) -> dict[int, str]:
    """The brand's stores by id (in-store voices are segmented by store)."""
    from cocrea.instore.models import Store

    return {store.pk: store.name for store in Store.objects.filter(brand=brand)}


def campaign_titles(brand: Brand) -> dict[int, str]:
    return dict(
        Campaign.objects.filter(brand=brand).order_by("-created_at").values_list("id", "title")
    )


# --- Headline figures ----------------------------------------------------------------------


def headline(brand: Brand, f: Filters, *, now: datetime) -> dict[str, Any]:
    """Voices in the period (and in the one before), mean sentiment, shares, needs."""
    since = f.since(now)
    base = Voice.objects.filter(brand=brand).filter(voice_q(f, now=now, period=False))
    current = Q(created_at__gte=since) if since else Q()
    if since is not None and f.period is not None:
        base = base.filter(created_at__gte=since - timedelta(days=f.period))
    aggregates = {
        "voices": _count(current),
        "mean_sentiment": _avg(current),
        "positive": _count(current & _sentiment_q("positive")),
        "negative": _count(current & _sentiment_q("negative")),
        "analysed": _count(current & Q(analysed_at__isnull=False)),
    }
    if since is not None:
        aggregates["previous"] = _count(~current)
    row = base.aggregate(**aggregates)
    row.setdefault("previous", 0)
    row["sentiment"] = row.pop("mean_sentiment")
    total = row["voices"]
    row["positive_share"] = row["positive"] / total if total else 0.0
    row["negative_share"] = row["negative"] / total if total else 0.0
    row["change"] = (total - row["previous"]) / row["previous"] if row["previous"] else None
    return row


# --- Volume over time ----------------------------------------------------------------------


def _buckets(unit: str, first: date, last: date) -> list[date]:
    if unit == "week":
        first = first - timedelta(days=first.weekday())
    step = timedelta(days=7 if unit == "week" else 1)
    out, day = [], first
    while day <= last:
        out.append(day)
        day += step
    return out


def _as_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def volume(brand: Brand, f: Filters, campaigns: dict[int, str], *, now: datetime) -> dict[str, Any]:
    """Voices per day (periods up to 31 days) or per week, by channel and by campaign."""
    unit = "day" if f.period and f.period <= 31 else "week"
    trunc = TruncDate("created_at") if unit == "day" else TruncWeek("created_at")
    rows = voices(brand, f, now=now).annotate(bucket=trunc).order_by()
    by_channel = list(rows.values("bucket", "channel").annotate(n=Count("id")))
    by_campaign = list(rows.values("bucket", "campaign_id").annotate(n=Count("id")))
    days = [_as_date(r["bucket"]) for r in by_channel]
    since = f.since(now)
    first = _as_date(since) if since else min(days, default=_as_date(now))
    labels = _buckets(unit, first, _as_date(now))
    index = {d: i for i, d in enumerate(labels)}

    def series(rows: list[dict[str, Any]], key: str) -> dict[Any, list[int]]:
        out: dict[Any, list[int]] = defaultdict(lambda: [0] * len(labels))
        for r in rows:
            position = index.get(_as_date(r["bucket"]))
            if position is not None:
                out[r[key]][position] += r["n"]
        return out

    channel_names = dict(Voice.Channel.choices)
    channels = series(by_channel, "channel")
    campaign_series = series(by_campaign, "campaign_id")
    ranked = sorted(campaign_series.items(), key=lambda kv: -sum(kv[1]))
    shown, rest = ranked[:MAX_CAMPAIGN_SERIES], ranked[MAX_CAMPAIGN_SERIES:]
    campaign_sets = [
        {
            "key": key or "",
            "label": campaigns.get(key, str(_("No campaign"))) if key else str(_("No campaign")),
            "data": data,
        }
        for key, data in shown
    ]
    if rest:
        merged = [sum(values) for values in zip(*(data for _key, data in rest), strict=True)]
        campaign_sets.append({"key": None, "label": str(_("Other campaigns")), "data": merged})
    return {
        "unit": unit,
        "span": 7 if unit == "week" else 1,
        "labels": [d.isoformat() for d in labels],
        "channel": [
            {"key": key, "label": str(channel_names.get(key, key)), "data": data}
            for key, data in sorted(channels.items())
        ],
        "campaign": campaign_sets,
        "total": sum(r["n"] for r in by_channel),
    }


# --- Themes --------------------------------------------------------------------------------


@dataclass
class ThemeRow:
    theme: Theme
    voices: int = 0  # in the period
    sentiment: float | None = None  # mean in the period
    current: int = 0  # in the growth window
    previous: int = 0  # in the window before
    growth: float = 0.0  # change of share, in points (0.05 = +5 points)
    support: int = 0  # of ``voices``, those that only support (praise, "+1": never quoted)
    quotes: list[Voice] = field(default_factory=list)
    needs: list[Need] = field(default_factory=list)
    need_count: int = 0

    @property
    def keyphrases(self) -> list[str]:
        return keyphrases(self.theme)


def keyphrases(theme: Theme, limit: int = 6) -> list[str]:
    """The theme's key phrases as text (stored as strings or as [phrase, score] pairs)."""
    phrases = theme.keyphrases or []
    return [str(p[0]) if isinstance(p, list | tuple) and p else str(p) for p in phrases][:limit]


def _theme_counts(
    brand: Brand, f: Filters, *, now: datetime
) -> tuple[dict[int | None, dict[str, Any]], int]:
    window = f.period or EMERGING_WINDOW_ALL_TIME
    current_since = now - timedelta(days=window)
    previous_since = current_since - timedelta(days=window)
    since = f.since(now)
    in_period = Q(created_at__gte=since) if since else Q()
    base = Voice.objects.filter(brand=brand).filter(voice_q(f, now=now, period=False))
    if since is not None:
        base = base.filter(created_at__gte=previous_since)
    rows = (
        base.values("theme_id")
        .annotate(
            voices=_count(in_period),
            support=_count(in_period & Q(low_information=True)),
            mean_sentiment=_avg(in_period),
            current=Count("id", filter=Q(created_at__gte=current_since)),
            previous=Count(
                "id", filter=Q(created_at__gte=previous_since, created_at__lt=current_since)
            ),
        )
        .order_by()
    )
    return {r["theme_id"]: r for r in rows}, window


def themes(
    brand: Brand, f: Filters, *, now: datetime, limit: int | None = MAX_THEMES
) -> tuple[list[ThemeRow], int]:
    """Themes with voices in the period, largest first, with quotes and growth; and the window.

    Growth is the change of the theme's share of all voices between the last ``window`` days
    and the ``window`` days before (the period, or 30 days for "all time").
    """
    counts, window = _theme_counts(brand, f, now=now)
    total_current = sum(r["current"] for r in counts.values())
    total_previous = sum(r["previous"] for r in counts.values())
    by_id = {
        t.pk: t
        for t in Theme.objects.filter(brand=brand, pk__in=[k for k in counts if k]).defer(
            "centroid"
        )
    }
    rows = []
    for theme_id, r in counts.items():
        theme = by_id.get(theme_id) if theme_id else None
        if theme is None or not (r["voices"] or r["current"]):
            continue
        share_now = r["current"] / total_current if total_current else 0.0
        share_before = r["previous"] / total_previous if total_previous else 0.0
        rows.append(
            ThemeRow(
                theme=theme,
                voices=r["voices"],
                support=r["support"],
                sentiment=r["mean_sentiment"],
                current=r["current"],
                previous=r["previous"],
                growth=share_now - share_before,
            )
        )
    rows.sort(key=lambda row: (-row.voices, -row.current, row.theme.pk))
    if limit is not None:
        rows = rows[:limit]
    _attach_quotes(brand, f, rows, now=now)
    return rows, window


def emerging(rows: list[ThemeRow]) -> list[ThemeRow]:
    """Themes whose share grows fastest (at least a few voices in the window)."""
    growing = [r for r in rows if r.growth > 0 and r.current >= MIN_EMERGING_VOICES]
    growing.sort(key=lambda r: (-r.growth, -r.current, r.theme.pk))
    return growing[:MAX_EMERGING]


def _attach_quotes(brand: Brand, f: Filters, rows: list[ThemeRow], *, now: datetime) -> None:
    """The voices nearest each theme's centre (highest ``theme_similarity``): one query."""
    if not rows:
        return
    by_theme = {row.theme.pk: row for row in rows}
    ranked = (
        voices(brand, f, now=now)
        .visible()  # never quote what moderators hid or authors withdrew
        .filter(theme_id__in=list(by_theme), low_information=False)  # nor a mere "+1"
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("theme_id")],
                order_by=[F("theme_similarity").desc(nulls_last=True), F("id").desc()],
            )
        )
        .filter(rank__lte=QUOTES_PER_THEME * 2)
        .only("id", "theme_id", "idea_id", "channel", "title", "text", "language", "sentiment")
        .order_by("theme_id", "rank")
    )
    seen: set[tuple[int, str]] = set()
    for voice in ranked:  # a few spares, so that repeated texts ("+1") are quoted once
        row = by_theme.get(voice.theme_id or 0)
        key = (voice.theme_id or 0, " ".join(voice.text.lower().split()))
        if row is not None and key not in seen and len(row.quotes) < QUOTES_PER_THEME:
            seen.add(key)
            row.quotes.append(voice)


def needs_by_theme(brand: Brand, f: Filters, rows: list[ThemeRow], *, now: datetime) -> int:
    """Attach need counts and the latest need sentences to theme rows; return all needs' count.

    The total includes the needs of voices without a theme."""
    base = Need.objects.filter(brand=brand).filter(voice_q(f, now=now, prefix="voice__"))
    counts = dict(
        base.values("voice__theme_id").annotate(n=Count("id")).values_list("voice__theme_id", "n")
    )
    by_theme = {row.theme.pk: row for row in rows}
    for key_id, n in counts.items():
        if key_id in by_theme:
            by_theme[key_id].need_count = n
    if by_theme:
        ranked = (
            base.filter(voice__theme_id__in=list(by_theme))
            .annotate(
                theme_id=F("voice__theme_id"),
                rank=Window(
                    RowNumber(),
                    partition_by=[F("voice__theme_id")],
                    order_by=[F("voice__created_at").desc(), F("id").desc()],
                ),
            )
            .filter(rank__lte=NEEDS_PER_THEME * 3)
            .only("id", "voice_id", "sentence", "cue")
            .order_by("theme_id", "rank")
        )
        seen: set[tuple[int, str]] = set()
        for need in ranked:  # spares, so that a sentence said many times is listed once
            need_theme: int = need.theme_id  # type: ignore[attr-defined]
            key = (need_theme, " ".join(need.sentence.lower().split()))
            row = by_theme[need_theme]
            if key not in seen and len(row.needs) < NEEDS_PER_THEME:
                seen.add(key)
                row.needs.append(need)
    return sum(counts.values())


# --- Ideas ---------------------------------------------------------------------------------


def _ideas(brand: Brand, f: Filters, *, now: datetime) -> QuerySet[Idea]:
    ideas = Idea.objects.filter(brand=brand)
    if f.campaign_id is not None:
        ideas = ideas.filter(campaign_id=f.campaign_id)
    if f.language == "other":
        ideas = ideas.exclude(voice__language__in=["fr", "en"])
    elif f.language:
        ideas = ideas.filter(voice__language=f.language)
    return ideas


def top_ideas(brand: Brand, f: Filters, *, now: datetime) -> list[Idea]:
    """Most supported ideas in the period (supports given in the period), ``period_support`` set."""
    since = f.since(now)
    ideas = _ideas(brand, f, now=now).filter(is_hidden=False).exclude(status=Idea.Status.MERGED)
    if since is None:
        top = list(ideas.select_related("campaign").order_by("-support_count", "-id")[:TOP_IDEAS])
        for idea in top:
            idea.period_support = idea.support_count  # type: ignore[attr-defined]
        return [i for i in top if i.support_count]
    counts = list(
        Vote.objects.filter(idea__in=ideas, created_at__gte=since)
        .values("idea_id")
        .annotate(n=Count("id"))
        .order_by("-n", "-idea_id")[:TOP_IDEAS]
    )
    found = Idea.objects.select_related("campaign").in_bulk([r["idea_id"] for r in counts])
    top = []
    for r in counts:
        idea = found[r["idea_id"]]
        idea.period_support = r["n"]  # type: ignore[attr-defined]
        top.append(idea)
    return top


def funnel(brand: Brand, f: Filters, *, now: datetime) -> list[dict[str, Any]]:
    """Ideas submitted in the period, and how many of them were answered, accepted, launched."""
    ideas = _ideas(brand, f, now=now)
    since = f.since(now)
    if since is not None:
        ideas = ideas.filter(created_at__gte=since)
    row = ideas.aggregate(**{stage: _count(_stage_q(stage)) for stage in STAGES})
    labels = {
        "submitted": _("Submitted"),
        "answered": _("Answered"),
        "accepted": _("Accepted"),
        "launched": _("Launched"),
    }
    submitted = row["submitted"]
    return [
        {
            "stage": stage,
            "label": labels[stage],
            "count": row[stage],
            "rate": row[stage] / submitted if submitted else 0.0,
        }
        for stage in STAGES
    ]


# --- Segments ------------------------------------------------------------------------------


def segments(
    brand: Brand, f: Filters, campaigns: dict[int, str], *, now: datetime
) -> list[dict[str, Any]]:
    """Voices and sentiment by member tier, campaign, language, channel, store and the
    influencer who brought the authors in."""
    base = voices(brand, f, now=now).order_by()
    channel_names = dict(Voice.Channel.choices)
    language_names = dict(LANGUAGES)
    specs = [
        ("tier", "member_tier", _("Member tier"), lambda k: k or _("No tier")),
        ("campaign", "campaign_id", _("Campaign"), lambda k: campaigns.get(k, _("No campaign"))),
        ("language", "language", _("Language"), lambda k: language_names.get(k, k or "?")),
        ("channel", "channel", _("Channel"), lambda k: channel_names.get(k, k)),
        ("store", "store_id", _("Store"), lambda k: _store_name(brand, k, store_names)),
        ("space", "brought_by", _("Brought by an influencer"), lambda k: _space_name(k, spaces)),
    ]
    store_names: dict[int, str] = {}  # read once, and only when there are store voices
    spaces: dict[int, str] = {}  # likewise, when authors were brought by influencers
    out = []
    for key, column, title, name in specs:
        grouped = base.annotate(brought_by=brought_by()) if key == "space" else base
        rows = list(
            grouped.values(column)
            .annotate(
                n=Count("id"),
                mean_sentiment=Avg("sentiment"),
                positive=Count("id", filter=_sentiment_q("positive")),
                negative=Count("id", filter=_sentiment_q("negative")),
            )
            .order_by("-n", column)[:MAX_SEGMENT_ROWS]
        )
        if key in ("tier", "store", "space") and all(not r[column] for r in rows):
            continue  # no tiers (store voices, brought authors) in this brand: nothing to compare
        if key == "space":
            spaces.update(space_titles(brand, [r[column] for r in rows if r[column]]))
        out.append(
            {
                "key": key,
                "title": title,
                "rows": [
                    {
                        "value": r[column],
                        "param": _segment_param(key, r[column]),
                        "name": name(r[column]),
                        "voices": r["n"],
                        "sentiment": r["mean_sentiment"],
                        "positive_share": r["positive"] / r["n"] if r["n"] else 0.0,
                        "negative_share": r["negative"] / r["n"] if r["n"] else 0.0,
                    }
                    for r in rows
                ],
            }
        )
    return out


def _store_name(brand: Brand, store_id: int | None, names: dict[int, str]) -> str:
    if store_id is None:
        return str(_("Online"))
    if not names:
        names.update(store_titles(brand))
    return names.get(store_id, "?")


def space_titles(brand: Brand, ids: list[int]) -> dict[int, str]:
    """The brand's influencer spaces by id (voices are segmented by who brought the author)."""
    from cocrea.influencers.models import Space

    return dict(Space.objects.filter(brand=brand, pk__in=ids).values_list("id", "title"))


def _space_name(space_id: int | None, names: dict[int, str]) -> str:
    if space_id is None:
        return str(_("Not brought by an influencer"))
    return names.get(space_id, "?")


@dataclass
class InfluencerSegment:
    """The voices of the members an influencer brought into the brand."""

    voices: int = 0
    sentiment: float | None = None  # mean of the analysed ones, -1 .. 1
    themes: list[str] = field(default_factory=list)  # their most frequent themes first


def influencer_segments(
    brand: Brand, f: Filters, *, now: datetime, themes: int = 3
) -> dict[int, InfluencerSegment]:
    """The influencer segment per space (the brand's side-by-side view of its influencers):
    two grouped queries over the voices the filters keep, whatever the number of spaces."""
    base = voices(brand, f, now=now).order_by().annotate(space=brought_by())
    base = base.filter(space__isnull=False)
    out: dict[int, InfluencerSegment] = {}
    for row in base.values("space").annotate(n=Count("id"), mean=Avg("sentiment")):
        out[row["space"]] = InfluencerSegment(voices=row["n"], sentiment=row["mean"])
    rows = (
        base.filter(theme__isnull=False)
        .values_list("space", "theme__label")
        .annotate(n=Count("id"))
        .order_by("space", "-n", "theme__label")
    )
    for space_id, label, _n in rows:
        if len(out[space_id].themes) < themes:
            out[space_id].themes.append(label)
    return out


def _segment_param(key: str, value: Any) -> str:
    """The voices-list query parameter that selects one segment."""
    if key == "tier":
        return urlencode({"tier": value or "-"})
    if key == "campaign":
        return urlencode({"campaign": value}) if value else ""
    if key == "language":
        return urlencode({"language": value if value in ("fr", "en") else "other"})
    if key in ("store", "space"):
        return urlencode({key: value}) if value else ""
    return urlencode({key: value})


# --- Drill-down, pulse, runs ---------------------------------------------------------------


def voices_page(
    brand: Brand, f: Filters, *, page: int, size: int = VOICES_PAGE_SIZE
) -> tuple[list[Voice], bool]:
    """One page of voices and whether another follows (fetches size + 1 rows, no COUNT)."""
    page = max(1, min(page, MAX_VOICES_PAGE))
    offset = (page - 1) * size
    rows: list[Voice] = list(
        voices(brand, f)
        .select_related("theme", "campaign")
        .annotate(comment_idea_id=F("comment__idea_id"))
        .defer("embedding", "lemmas", "theme__centroid", "campaign__description")
        .prefetch_related(
            Prefetch("needs", queryset=Need.objects.only("id", "voice_id", "sentence"))
        )[offset : offset + size + 1]
    )
    return rows[:size], len(rows) > size


def latest_run(brand: Brand) -> AnalysisRun | None:
    return AnalysisRun.objects.filter(brand=brand).order_by("-created_at", "-id").first()


def run_json(run: AnalysisRun | None) -> dict[str, Any] | None:
    if run is None:
        return None
    return {
        "id": run.pk,
        "state": run.state,
        "done": run.done,
        "total": run.total,
        "progress": round(run.progress, 4) if run.state != AnalysisRun.State.DONE else 1.0,
        "error": run.error,
        "finished": run.state in (AnalysisRun.State.DONE, AnalysisRun.State.FAILED),
    }


def voice_totals(brand: Brand) -> dict[str, int]:
    row = Voice.objects.filter(brand=brand).aggregate(voices=Count("id"), last_id=Max("id"))
    return {"voices": row["voices"], "last_id": row["last_id"] or 0}


def pulse(brand: Brand) -> dict[str, Any]:
    """What the dashboard polls: has anything arrived, and how is the last recomputation?"""
    return {**voice_totals(brand), "run": run_json(latest_run(brand))}
