"""The insights dashboard of the brand team: charts, themes, drill-down, live pulse, exports."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from cocrea.brands.permissions import brand_view
from cocrea.core.errors import DomainError
from cocrea.insights import exports, selectors
from cocrea.insights.dashboard_services import themes_recompute_request
from cocrea.insights.models import AnalysisRun, Theme, Voice
from cocrea.insights.selectors import Filters

PERIOD_CHOICES = [
    ("7", _("Last 7 days")),
    ("30", _("Last 30 days")),
    ("90", _("Last 90 days")),
    ("365", _("Last 12 months")),
    ("all", _("All time")),
]
SENTIMENT_CHOICES = [
    ("", _("Any sentiment")),
    ("positive", _("Positive")),
    ("neutral", _("Neutral")),
    ("negative", _("Negative")),
]
STAGE_CHOICES = [("", _("Any"))] + [(s, s) for s in selectors.STAGES]
FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


class DashboardFilter(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES, required=False)
    campaign = forms.TypedChoiceField(
        label=_("Campaign"), coerce=int, required=False, empty_value=None
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=[("", _("All channels")), *Voice.Channel.choices],
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("All languages")), *selectors.LANGUAGES],
    )

    def __init__(self, *args: Any, campaigns: dict[int, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["campaign"]
        field.choices = [("", _("All campaigns")), *campaigns.items()]


class VoiceFilter(DashboardFilter):
    theme = forms.TypedChoiceField(label=_("Theme"), coerce=int, required=False, empty_value=None)
    sentiment = forms.ChoiceField(label=_("Sentiment"), choices=SENTIMENT_CHOICES, required=False)
    day = forms.DateField(
        label=_("Day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    span = forms.IntegerField(required=False, min_value=1, max_value=366, widget=forms.HiddenInput)
    need = forms.BooleanField(label=_("Needs and wishes only"), required=False)
    tier = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    stage = forms.ChoiceField(choices=STAGE_CHOICES, required=False, widget=forms.HiddenInput)
    store = forms.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput
    )
    space = forms.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, themes: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["theme"]
        field.choices = [("", _("All themes")), *themes]


def _clean(form: forms.Form) -> dict[str, Any]:
    """Valid fields' values; an invalid field falls back to its default (never a 500)."""
    form.is_valid()
    return {name: value for name, value in form.cleaned_data.items() if name not in form.errors}


def _filters(data: dict[str, Any]) -> Filters:
    period_value = data.get("period") or str(selectors.DEFAULT_PERIOD)
    return Filters(
        period=None if period_value == "all" else int(period_value),
        campaign_id=data.get("campaign"),
        channel=data.get("channel") or "",
        language=data.get("language") or "",
        theme_id=data.get("theme"),
        sentiment=data.get("sentiment") or "",
        day=data.get("day"),
        span=data.get("span") or 1,
        need_only=bool(data.get("need")),
        tier=data.get("tier") or "",
        stage=data.get("stage") or "",
        store_id=data.get("store"),
        space_id=data.get("space"),
    )


def _theme_choices(brand: Any) -> list[tuple[int, str]]:
    return list(
        Theme.objects.filter(brand=brand).order_by("-size", "id").values_list("id", "label")
    )


def _with_default_period(request: HttpRequest) -> Any:
    """The query, with the default period when none is given (so the menu shows it)."""
    data = request.GET.copy()
    if not data.get("period"):
        data["period"] = str(selectors.DEFAULT_PERIOD)
    return data


def _voice_filters(request: HttpRequest) -> tuple[VoiceFilter, Filters]:
    brand = request.brand  # type: ignore[attr-defined]
    form = VoiceFilter(
        _with_default_period(request),
        campaigns=selectors.campaign_titles(brand),
        themes=_theme_choices(brand),
    )
    return form, _filters(_clean(form))


def filter_params(f: Filters, *, drill: bool = False) -> dict[str, Any]:
    """The validated filters as query parameters (defaults left out)."""
    params: dict[str, Any] = {
        "period": "all" if f.period is None else f.period,
        "campaign": f.campaign_id,
        "channel": f.channel,
        "language": f.language,
    }
    if params["period"] == selectors.DEFAULT_PERIOD:
        params["period"] = None
    if drill:
        params.update(
            theme=f.theme_id,
            sentiment=f.sentiment,
            day=f.day.isoformat() if f.day else None,
            span=f.span if f.day and f.span > 1 else None,
            need="1" if f.need_only else None,
            tier=f.tier,
            stage=f.stage,
            store=f.store_id,
            space=f.space_id,
        )
    return {k: v for k, v in params.items() if v not in ("", None)}


def _query(params: dict[str, Any], **extra: Any) -> str:
    return urlencode({**params, **extra})


def _volume_rows(volume: dict[str, Any], split: str) -> list[tuple[str, list[int]]]:
    """The chart's figures as table rows (label, one value per series), newest first."""
    columns = [s["data"] for s in volume[split]]
    rows = [(label, [c[i] for c in columns]) for i, label in enumerate(volume["labels"])]
    return rows[::-1]


def _dashboard_context(request: HttpRequest) -> dict[str, Any]:
    brand = request.brand  # type: ignore[attr-defined]
    campaigns = selectors.campaign_titles(brand)
    form = DashboardFilter(_with_default_period(request), campaigns=campaigns)
    f = _filters(_clean(form))
    now = timezone.now()
    theme_rows, window = selectors.themes(brand, f, now=now)
    need_total = selectors.needs_by_theme(brand, f, theme_rows, now=now)
    headline = selectors.headline(brand, f, now=now)
    headline["needs"] = need_total
    voices_url = reverse("insights_dashboard:voices", args=[brand.slug])
    query = _query(filter_params(f))
    volume = selectors.volume(brand, f, campaigns, now=now)
    return {
        "filters": form,
        "f": f,
        "query": query,
        "voices_url": voices_url,
        "headline": headline,
        "volume": volume,
        "volume_tables": {split: _volume_rows(volume, split) for split in ("channel", "campaign")},
        "drill": {"voices_url": voices_url, "query": query, "span": volume["span"]},
        "themes": theme_rows,
        "emerging": selectors.emerging(theme_rows),
        "window": window,
        "needs_themes": [row for row in theme_rows if row.needs],
        "top_ideas": selectors.top_ideas(brand, f, now=now),
        "funnel": selectors.funnel(brand, f, now=now),
        "segments": selectors.segments(brand, f, campaigns, now=now),
        "updated_at": now,
    }


@require_GET
@brand_view("moderator")
def home(request: HttpRequest) -> HttpResponse:
    brand = request.brand  # type: ignore[attr-defined]
    context = _dashboard_context(request)
    if getattr(request, "htmx", False):
        return render(request, "insights/_dash_body.html", context)
    state = selectors.voice_totals(brand)
    context["run"] = selectors.latest_run(brand)
    context["pulse_state"] = {
        "url": reverse("insights_dashboard:pulse", args=[brand.slug]),
        "voices": state["voices"],
        "last_id": state["last_id"],
        "interval": 15000,
    }
    return render(request, "insights/dashboard.html", context)


@require_GET
@brand_view("moderator")
def voices(request: HttpRequest) -> HttpResponse:
    brand = request.brand  # type: ignore[attr-defined]
    form, f = _voice_filters(request)
    try:
        page = max(1, min(int(request.GET.get("page", "1")), selectors.MAX_VOICES_PAGE))
    except ValueError:
        page = 1
    rows, has_next = selectors.voices_page(brand, f, page=page)
    params = filter_params(f, drill=True)
    theme = get_theme_or_none(brand, f.theme_id)
    context = {
        "filters": form,
        "voices": rows,
        "page": page,
        "has_next": has_next,
        "prev_query": _query(params, page=page - 1) if page > 1 else None,
        "next_query": _query(params, page=page + 1) if has_next else None,
        "export_query": _query(params),
        "dashboard_query": _query(filter_params(f)),
        "theme": theme,
        "theme_phrases": selectors.keyphrases(theme, limit=8) if theme else [],
    }
    return render(request, "insights/dashboard_voices.html", context)


def get_theme_or_none(brand: Any, theme_id: int | None) -> Theme | None:
    if theme_id is None:
        return None
    return Theme.objects.filter(brand=brand, pk=theme_id).defer("centroid").first()


@require_GET
@brand_view("moderator")
def pulse(request: HttpRequest) -> JsonResponse:
    return JsonResponse(selectors.pulse(request.brand))  # type: ignore[attr-defined]


@require_POST
@brand_view("moderator")
def recompute(request: HttpRequest) -> HttpResponse:
    brand, membership = request.brand, request.membership  # type: ignore[attr-defined]
    htmx = getattr(request, "htmx", False)
    try:
        run = themes_recompute_request(brand=brand, membership=membership)
    except DomainError as error:
        context = {"run": selectors.latest_run(brand), "error": error.message}
        template = "insights/_dash_run.html" if htmx else "insights/dashboard_message.html"
        return render(request, template, context, status=error.status)
    if htmx:
        run.refresh_from_db()  # the embedded mode ran it inline, after commit
        return _run_partial(request, run)
    messages.success(request, _("The themes are being recomputed."))
    return redirect("insights_dashboard:home", brand_slug=brand.slug)


def _run_partial(request: HttpRequest, run: AnalysisRun) -> HttpResponse:
    response = render(request, "insights/_dash_run.html", {"run": run})
    if run.state == AnalysisRun.State.DONE:
        response["HX-Trigger"] = "insights-refresh"  # dashboard.js reloads the figures
    return response


@require_GET
@brand_view("moderator")
def run(request: HttpRequest, run_id: int) -> HttpResponse:
    brand = request.brand  # type: ignore[attr-defined]
    analysis_run = get_object_or_404(AnalysisRun, brand=brand, pk=run_id)
    if getattr(request, "htmx", False):
        return _run_partial(request, analysis_run)
    return JsonResponse(selectors.run_json(analysis_run))


def _download(content: Any, *, fmt: str, name: str, streaming: bool) -> HttpResponse:
    response: HttpResponse | StreamingHttpResponse
    if streaming:
        response = StreamingHttpResponse(content, content_type=FORMATS[fmt])
    else:
        response = HttpResponse(content, content_type=FORMATS[fmt])
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return cast(HttpResponse, response)  # brand_view is typed for HttpResponse views


@require_GET
@brand_view("moderator")
def export_voices(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    brand = request.brand  # type: ignore[attr-defined]
    _form, f = _voice_filters(request)
    rows = selectors.voices(brand, f)
    content = exports.voices_csv(rows) if fmt == "csv" else exports.voices_json(rows)
    return _download(content, fmt=fmt, name=f"{brand.slug}-voices", streaming=True)


@require_GET
@brand_view("moderator")
def export_themes(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    brand = request.brand  # type: ignore[attr-defined]
    campaigns = selectors.campaign_titles(brand)
    f = _filters(_clean(DashboardFilter(_with_default_period(request), campaigns=campaigns)))
    rows, _window = selectors.themes(brand, f, now=timezone.now(), limit=None)
    if fmt == "csv":
        return _download(
            exports.themes_csv(rows), fmt=fmt, name=f"{brand.slug}-themes", streaming=True
        )
    return _download(
        exports.themes_json(rows), fmt=fmt, name=f"{brand.slug}-themes", streaming=False
    )
