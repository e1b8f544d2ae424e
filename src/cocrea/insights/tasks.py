"""Background work of the insight engine: thin, idempotent, safe to run twice.

Without a broker (the embedded default) Celery runs these inline, right after the commit of
the contribution; ``schedule_ingest`` registers them with ``robust=True`` so that even a failure
to queue never reaches the member who posted.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction

log = logging.getLogger(__name__)


def schedule_ingest(kind: str, pk: int) -> None:
    """Analyse an idea or a comment after the current transaction commits (call inside it)."""
    transaction.on_commit(lambda: ingest_contribution.delay(kind, pk), robust=True)


@shared_task(acks_late=True, ignore_result=True)
def ingest_contribution(kind: str, pk: int) -> int | None:
    """Make or refresh the voice of a contribution and analyse it. Never raises: an analysis
    error is logged and the voice waits for ``analyse_pending``."""
    from cocrea.insights.services import ingest_contribution as ingest

    try:
        voice = ingest(kind=kind, pk=pk)
    except Exception:
        log.exception("insights: ingestion of %s %s failed", kind, pk)
        return None
    return voice.pk if voice is not None else None


@shared_task(acks_late=True, ignore_result=True)
def analyse_voice(voice_id: int) -> bool:
    """Analyse a voice fed through ``insights.stream`` (if still there and not analysed).
    Never raises: a failure is counted and ``analyse_pending`` retries it."""
    from cocrea.insights.services import voice_analyse_once

    return voice_analyse_once(voice_id=voice_id)


@shared_task(acks_late=True, ignore_result=True)
def analyse_voices(voice_ids: list[int]) -> int:
    """Analyse a batch of voices fed together (``insights.stream.schedule_voices``), the
    embedding run once per chunk. Never raises: a failed chunk is counted and
    ``analyse_pending`` retries it. Returns how many were analysed."""
    from cocrea.insights.services import voices_analyse_once

    return voices_analyse_once(voice_ids=voice_ids)


@shared_task(acks_late=True, ignore_result=True)
def analyse_pending(brand_id: int | None = None) -> int:
    from cocrea.brands.models import Brand
    from cocrea.insights.services import voices_analyse_pending

    brand = Brand.objects.filter(pk=brand_id).first() if brand_id else None
    done, _failed = voices_analyse_pending(brand=brand)
    return done


@shared_task(acks_late=True, ignore_result=True)
def recompute_themes(run_id: int) -> str | None:
    """Run a queued ``AnalysisRun`` (created by the dashboard or the schedule)."""
    from cocrea.insights.services import themes_recompute_run

    run = themes_recompute_run(run_id=run_id)
    return run.state if run is not None else None


@shared_task(acks_late=True, ignore_result=True)
def recompute_all_themes() -> int:
    """The periodic job: retry pending analyses, then queue a recomputation per brand that
    has analysed voices and no run under way."""
    from cocrea.insights.models import AnalysisRun
    from cocrea.insights.services import (
        brands_with_voices,
        voices_analyse_pending,
        voices_vectorise_missing,
    )

    voices_analyse_pending()
    voices_vectorise_missing()
    queued = 0
    busy = (AnalysisRun.State.QUEUED, AnalysisRun.State.RUNNING)
    for brand in brands_with_voices():
        if AnalysisRun.objects.filter(brand=brand, state__in=busy).exists():
            continue
        run = AnalysisRun.objects.create(brand=brand, kind="themes")
        recompute_themes.delay(run.pk)
        queued += 1
    return queued
