"""The insight engine in the REST API, for the brand team: voices (with the dashboard's
filters), themes, needs and suspected duplicates, read through ``insights.selectors`` and
``insights.duplicates`` as the dashboard and the duplicates page read them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router

from cocrea.api.auth import brand_context, require_team
from cocrea.api.common import BrandSlug, responses
from cocrea.api.pagination import list_page
from cocrea.insights import selectors
from cocrea.insights.duplicates import reason_text, suspected_duplicates
from cocrea.insights.models import Need, Voice
from cocrea.insights.schemas import (
    DuplicateList,
    DuplicateQuery,
    InsightQuery,
    NeedPage,
    NeedQuery,
    ThemeList,
    VoicePage,
    VoiceQuery,
)
from cocrea.insights.selectors import Filters

router = Router(tags=["insights"])


def _filters(query: InsightQuery, **drill: Any) -> Filters:
    return Filters(
        period=None if query.period == "all" else int(query.period),
        campaign_id=query.campaign_id,
        channel=query.channel or "",
        language=query.language or "",
        **drill,
    )


def voice_out(voice: Voice) -> dict[str, Any]:
    keywords = voice.keywords if isinstance(voice.keywords, list) else []
    return {
        "id": voice.pk,
        "channel": voice.channel,
        "title": voice.title,
        "text": voice.text,
        "language": voice.language,
        "url": voice.url,
        "campaign_id": voice.campaign_id,
        "idea_id": voice.idea_id,
        "comment_id": voice.comment_id,
        "author_id": voice.author_id,
        "member_tier": voice.member_tier,
        "sentiment": voice.sentiment,
        "keywords": [str(k) for k in keywords],
        "theme_id": voice.theme_id,
        "created_at": voice.created_at,
        "analysed_at": voice.analysed_at,
    }


@router.get("/{brand}/insights/voices", response=responses(VoicePage), operation_id="voices_list")
def voices_list(request: HttpRequest, brand: BrandSlug, query: Query[VoiceQuery]) -> dict[str, Any]:
    """Every contribution as the insight engine sees it, newest first."""
    context = brand_context(request, brand)
    require_team(context)
    f = _filters(
        query,
        theme_id=query.theme_id,
        sentiment=query.sentiment or "",
        need_only=query.need_only,
    )
    voices = selectors.voices(context.brand, f).defer("embedding", "lemmas")
    return list_page(voices, ("-created_at", "-id"), query, tag="voices", out=voice_out)


@router.get("/{brand}/insights/themes", response=responses(ThemeList), operation_id="themes_list")
def themes_list(
    request: HttpRequest, brand: BrandSlug, query: Query[InsightQuery]
) -> dict[str, Any]:
    """The themes of the period, largest first, with quotes, growth and the emerging ones."""
    context = brand_context(request, brand)
    require_team(context)
    rows, window = selectors.themes(context.brand, _filters(query), now=timezone.now())
    emerging = {row.theme.pk for row in selectors.emerging(rows)}
    items = [
        {
            "id": row.theme.pk,
            "label": row.theme.label,
            "keyphrases": row.keyphrases,
            "voices": row.voices,
            "sentiment": row.sentiment,
            "growth": row.growth,
            "emerging": row.theme.pk in emerging,
            "quotes": [{"voice_id": q.pk, "text": q.text} for q in row.quotes],
        }
        for row in rows
    ]
    return {"window_days": window, "items": items}


@router.get("/{brand}/insights/needs", response=responses(NeedPage), operation_id="needs_list")
def needs_list(request: HttpRequest, brand: BrandSlug, query: Query[NeedQuery]) -> dict[str, Any]:
    """Sentences that express a need or a wish, from the voices under the filters."""
    context = brand_context(request, brand)
    require_team(context)
    voices = selectors.voices(context.brand, _filters(query, theme_id=query.theme_id))
    needs = Need.objects.filter(brand=context.brand, voice__in=voices.values("pk")).select_related(
        "voice"
    )
    return list_page(needs, ("-id",), query, tag="needs", out=need_out)


def need_out(need: Need) -> dict[str, Any]:
    return {
        "id": need.pk,
        "voice_id": need.voice_id,
        "theme_id": need.voice.theme_id,
        "sentence": need.sentence,
        "cue": need.cue,
        "created_at": need.voice.created_at,
    }


@router.get(
    "/{brand}/insights/duplicates",
    response=responses(DuplicateList),
    operation_id="duplicates_list",
)
def duplicates_list(
    request: HttpRequest, brand: BrandSlug, query: Query[DuplicateQuery]
) -> dict[str, Any]:
    """Pairs of recent ideas of one campaign that ask for the same thing, newest first (the
    duplicates console's list: merge the newer one)."""
    context = brand_context(request, brand)
    require_team(context)
    pairs = suspected_duplicates(brand=context.brand, threshold=float(query.min))

    def brief(idea: Any) -> dict[str, Any]:
        return {
            "id": idea.pk,
            "title": idea.title,
            "campaign_id": idea.campaign_id,
            "created_at": idea.created_at,
        }

    items = [
        {
            "older": brief(p.older),
            "newer": brief(p.newer),
            "score": p.probability,
            "similarity": p.similarity,
            "reasons": [reason_text(code, words) for code, words in p.reasons],
        }
        for p in pairs
    ]
    return {"items": items}
