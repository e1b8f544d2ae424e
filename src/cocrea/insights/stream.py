"""The voice stream: how any app feeds the insight engine without the engine knowing its models.

An app that receives words from members (a story, a question, an answer, a contest entry...)
calls ``schedule_voice`` inside the transaction that saves them, and ``voice_forget`` when they
are deleted or hidden. Both act after the commit (``transaction.on_commit(..., robust=True)``):
a rolled-back contribution leaves no voice, and nothing the engine does can fail the caller.
The voice is keyed by (brand, source, external_id); calling ``schedule_voice`` again updates it
(a changed text is analysed again). See /tmp/coord/insights_api.md and docs/insights.md.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.models import Campaign
from cocrea.insights.models import Theme, Voice

log = logging.getLogger(__name__)

# Channels fed through the stream; ideas, comments and imports have their own paths.
STREAM_CHANNELS = frozenset(
    {
        Voice.Channel.STORY,
        Voice.Channel.QUESTION,
        Voice.Channel.ANSWER,
        Voice.Channel.CONTEST_ENTRY,
        Voice.Channel.STORE,
    }
)
MAX_TEXT = 20_000
MAX_TITLE = 300
MAX_SOURCE = 80
MAX_EXTERNAL_ID = 120
MAX_URL = 300


@dataclass(frozen=True)
class _Payload:
    brand_id: int
    channel: str
    source: str
    external_id: str
    title: str
    text: str
    author_id: int | None
    campaign_id: int | None
    created_at: datetime
    url: str
    store_id: int | None = None


def _check(
    brand: Brand,
    channel: str,
    source: str,
    external_id: str,
    author: Membership | None,
    campaign: Campaign | None,
    url: str,
) -> None:
    """Programming errors of the caller: raised at once, in the caller's tests."""
    if channel not in STREAM_CHANNELS:
        raise ValueError(f"unknown voice channel {channel!r}; one of {sorted(STREAM_CHANNELS)}")
    if not source or len(source) > MAX_SOURCE or not external_id:
        raise ValueError("a voice needs a source (≤ 80 chars) and an external_id")
    if len(external_id) > MAX_EXTERNAL_ID:
        raise ValueError("external_id is longer than 120 characters")
    if author is not None and author.brand_id != brand.pk:
        raise ValueError("the author is a member of another brand")
    if campaign is not None and campaign.brand_id != brand.pk:
        raise ValueError("the campaign belongs to another brand")
    if url and (not url.startswith("/") or url.startswith("//") or len(url) > MAX_URL):
        raise ValueError("url must be a local path such as /b/<brand>/stories/12/")


def schedule_voice(
    *,
    brand: Brand,
    channel: str,
    source: str,
    external_id: str | int,
    title: str = "",
    text: str,
    author: Membership | None = None,
    campaign: Campaign | None = None,
    created_at: datetime | None = None,
    url: str = "",
    store: Any = None,
) -> None:
    """Make or update the voice of a contribution after the current transaction commits, then
    analyse it (inline in the embedded mode, in a Celery worker at scale).

    ``store`` (an ``instore.Store`` of the brand) makes the store a segment of the voice.
    ``source`` names the table ("community.story"), ``external_id`` the row (its pk); an empty
    ``text`` forgets the voice. Text is cut at 20,000 characters, the title at 300.
    Raises ValueError at once for a caller's mistake (unknown channel, other brand's author).
    """
    payload = _payload(
        brand=brand, channel=channel, source=source, external_id=external_id, title=title,
        text=text, author=author, campaign=campaign, created_at=created_at, url=url, store=store,
    )  # fmt: skip
    transaction.on_commit(lambda: _ingest([payload]), robust=True)


def schedule_voices(voices: Iterable[Mapping[str, Any]]) -> None:
    """``schedule_voice`` for many contributions at once (each mapping holds its keyword
    arguments): after the commit, the voices are written together and analysed as one batch
    (one task, the embedding run once for all), so that a batch of in-store comments costs
    about one analysis rather than one each. Checks each one at once, as ``schedule_voice``."""
    payloads = [_payload(**voice) for voice in voices]
    if payloads:
        transaction.on_commit(lambda: _ingest(payloads), robust=True)


def _payload(
    *,
    brand: Brand,
    channel: str,
    source: str,
    external_id: str | int,
    title: str = "",
    text: str,
    author: Membership | None = None,
    campaign: Campaign | None = None,
    created_at: datetime | None = None,
    url: str = "",
    store: Any = None,
) -> _Payload:
    external_id = str(external_id)
    _check(brand, channel, source, external_id, author, campaign, url)
    if store is not None and store.brand_id != brand.pk:
        raise ValueError("the store belongs to another brand")
    return _Payload(
        brand_id=brand.pk,
        channel=str(channel),
        source=source,
        external_id=external_id,
        title=(title or "").strip()[:MAX_TITLE],
        text=(text or "").strip()[:MAX_TEXT],
        author_id=author.pk if author is not None else None,
        campaign_id=campaign.pk if campaign is not None else None,
        created_at=created_at or timezone.now(),
        url=url,
        store_id=store.pk if store is not None else None,
    )


def voice_forget(*, source: str, external_id: str | int, brand: Brand | None = None) -> None:
    """Remove the voice of a deleted or hidden contribution (after commit; a no-op if none)."""
    external_id = str(external_id)
    brand_id = brand.pk if brand is not None else None
    transaction.on_commit(lambda: forget_now(source, external_id, brand_id), robust=True)


def forget_now(source: str, external_id: str, brand_id: int | None = None) -> int:
    voices = Voice.objects.filter(source=source, external_id=external_id)
    if brand_id is not None:
        voices = voices.filter(brand_id=brand_id)
    gone = 0
    for voice_id, theme_id in list(voices.values_list("id", "theme_id")):
        if theme_id is not None:
            Theme.objects.filter(pk=theme_id, size__gt=0).update(size=F("size") - 1)
        gone += Voice.objects.filter(pk=voice_id).delete()[0] and 1
    return gone


def member_tier(author_id: int | None) -> str:
    """The name of the member's engagement tier now ("" without one)."""
    if author_id is None:
        return ""
    return member_tiers({author_id}).get(author_id, "")


def member_tiers(author_ids: set[int]) -> dict[int, str]:
    """The names of these members' engagement tiers now, in one query (absent: none)."""
    from cocrea.engagement.models import MemberScore

    if not author_ids:
        return {}
    rows = MemberScore.objects.filter(member_id__in=author_ids).values_list(
        "member_id", "tier__name"
    )
    return {member_id: name for member_id, name in rows if name}


def _ingest(payloads: list[_Payload]) -> None:
    """After commit: write the voices (cheap, here, so that the order of writes and forgets
    is kept), then queue their analysis, one task for them all. A failure to queue leaves
    them for ``analyse_pending``."""
    from cocrea.insights.services import upsert_voice
    from cocrea.insights.tasks import analyse_voice, analyse_voices

    tiers = member_tiers({p.author_id for p in payloads if p.text and p.author_id is not None})
    fresh, rest = _fresh(payloads)
    pending = [voice.pk for voice in _create_all(fresh, tiers)]
    for payload in rest:
        if not payload.text:
            forget_now(payload.source, payload.external_id, payload.brand_id)
            continue
        lookup, fields = _split(payload)
        tier = tiers.get(payload.author_id, "") if payload.author_id is not None else ""
        voice = upsert_voice(lookup, fields, on_create={"member_tier": tier})
        if voice.analysed_at is None:
            pending.append(voice.pk)
    if len(pending) == 1:
        analyse_voice.delay(pending[0])
    elif pending:
        analyse_voices.delay(pending)


def _key(payload: _Payload) -> tuple[int, str, str]:
    return payload.brand_id, payload.source, payload.external_id


def _values(payload: _Payload) -> dict[str, Any]:
    """The payload's fields (``dataclasses.asdict`` would deep-copy each datetime: slow)."""
    return {field.name: getattr(payload, field.name) for field in fields(payload)}


def _split(payload: _Payload) -> tuple[dict[str, Any], dict[str, Any]]:
    values = _values(payload)
    return {k: values.pop(k) for k in ("brand_id", "source", "external_id")}, values


def _fresh(payloads: list[_Payload]) -> tuple[list[_Payload], list[_Payload]]:
    """The payloads that make a new voice, once in the batch (written together), and the rest
    (updates, forgets, keys met twice: written one by one, in order). One query."""
    if len(payloads) < 2:
        return [], payloads
    counts: dict[tuple[int, str, str], int] = {}
    for payload in payloads:
        counts[_key(payload)] = counts.get(_key(payload), 0) + 1
    existing = set(
        Voice.objects.filter(
            brand_id__in={p.brand_id for p in payloads},
            source__in={p.source for p in payloads},
            external_id__in={p.external_id for p in payloads},
        ).values_list("brand_id", "source", "external_id")
    )
    fresh: list[_Payload] = []
    rest: list[_Payload] = []
    for payload in payloads:
        key = _key(payload)
        once_and_new = counts[key] == 1 and key not in existing and payload.text
        (fresh if once_and_new else rest).append(payload)
    return fresh, rest


def _create_all(fresh: list[_Payload], tiers: dict[int, str]) -> list[Voice]:
    """New voices in one INSERT; if another writer made one of them meanwhile, one by one."""
    from cocrea.insights.services import upsert_voice

    def tier(payload: _Payload) -> str:
        return tiers.get(payload.author_id, "") if payload.author_id is not None else ""

    if not fresh:
        return []
    try:
        with transaction.atomic():
            return Voice.objects.bulk_create(
                Voice(**_values(payload), member_tier=tier(payload)) for payload in fresh
            )
    except IntegrityError:
        voices = []
        for payload in fresh:
            lookup, fields = _split(payload)
            voice = upsert_voice(lookup, fields, on_create={"member_tier": tier(payload)})
            if voice.analysed_at is None:
                voices.append(voice)
        return voices
