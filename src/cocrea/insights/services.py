"""Writes of the insight engine: voices from contributions, their analysis, themes.

The engine reads every app and writes only its own tables. Ingestion is idempotent (a voice per
idea or comment, updated in place; re-analysed only when its text changed) and never breaks the
contribution it follows: ``ingest_contribution`` logs analysis errors and leaves the voice with
``analysed_at`` unset, for ``analyse_pending`` to retry.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from cocrea.brands.models import Brand
from cocrea.ideas.models import Comment, Idea
from cocrea.insights import analysis
from cocrea.insights.analysis import clustering, embedding, summary, support, text, vectors
from cocrea.insights.models import AnalysisRun, Need, Theme, Voice
from cocrea.insights.stream import member_tier

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3  # analyses of one voice before analyse_pending leaves it alone
ANALYSE_BATCH = 64


# --- Voices from contributions ------------------------------------------------------------


def _idea_fields(idea: Idea) -> dict[str, object]:
    return {
        "brand_id": idea.brand_id,
        "channel": Voice.Channel.IDEA,
        "campaign_id": idea.campaign_id,
        "author_id": idea.author_id,
        "title": idea.title[:300],
        "text": f"{idea.title}\n\n{idea.body_text}".strip(),
        "created_at": idea.created_at,
    }


def _comment_fields(comment: Comment) -> dict[str, object]:
    return {
        "brand_id": comment.brand_id,
        "channel": Voice.Channel.COMMENT,
        "campaign_id": comment.idea.campaign_id,
        "author_id": comment.author_id,
        "title": "",
        "text": comment.body.strip(),
        "created_at": comment.created_at,
    }


def upsert_voice(
    lookup: dict[str, object],
    fields: dict[str, object],
    *,
    on_create: Mapping[str, object] | None = None,
) -> Voice:
    """Create the voice, or bring its text up to date (a changed text is analysed again).
    ``on_create`` fields are written only when the voice is made (the member's tier then)."""
    voice = Voice.objects.filter(**lookup).first()
    if voice is None:
        try:
            with transaction.atomic():
                return Voice.objects.create(**lookup, **fields, **(on_create or {}))
        except IntegrityError:  # created meanwhile by another worker: update that one
            voice = Voice.objects.get(**lookup)
    changed = [name for name, value in fields.items() if getattr(voice, name) != value]
    if changed:
        text_changed = "text" in changed
        for name in changed:
            setattr(voice, name, fields[name])
        if text_changed:
            voice.analysed_at = None
            voice.analysis_attempts = 0
            changed += ["analysed_at", "analysis_attempts"]
        voice.save(update_fields=[name.removesuffix("_id") for name in changed])
    return voice


def voice_from_idea(*, idea: Idea) -> Voice:
    tier = {"member_tier": member_tier(idea.author_id)}
    return upsert_voice({"idea": idea}, _idea_fields(idea), on_create=tier)


def voice_from_comment(*, comment: Comment) -> Voice | None:
    """Members' comments only: the brand team's official answers are the brand's own voice,
    and a deleted comment says nothing any more (its voice goes)."""
    if comment.is_official or comment.deleted_at is not None or not comment.body.strip():
        Voice.objects.filter(comment=comment).delete()
        return None
    tier = {"member_tier": member_tier(comment.author_id)}
    return upsert_voice({"comment": comment}, _comment_fields(comment), on_create=tier)


def ingest_contribution(*, kind: str, pk: int) -> Voice | None:
    """Make (or refresh) the voice of an idea or a comment and analyse it. Never raises for an
    analysis failure: the voice is kept unanalysed and ``analyse_pending`` retries it."""
    if kind == "idea":
        idea = Idea.objects.filter(pk=pk).first()
        voice = voice_from_idea(idea=idea) if idea is not None else None
    elif kind == "comment":
        comment = Comment.objects.select_related("idea").filter(pk=pk).first()
        voice = voice_from_comment(comment=comment) if comment is not None else None
    else:
        raise ValueError(f"unknown contribution kind {kind!r}")
    if voice is None or voice.analysed_at is not None:
        return voice
    _analyse_safely(voice)
    return voice


def voice_analyse_once(*, voice_id: int) -> bool:
    """Analyse one voice unless it is gone or already analysed; never raises."""
    voice = Voice.objects.filter(pk=voice_id, analysed_at__isnull=True).first()
    return voice is not None and _analyse_safely(voice)


# Voices analysed together by ``voices_analyse_once``: big enough for the embedding's
# batching to pay, small enough that a failure sets back few voices.
ANALYSE_CHUNK = 64


def voices_analyse_once(*, voice_ids: Sequence[int]) -> int:
    """Analyse these voices, those still there and not analysed, in chunks; never raises (a
    failed chunk is counted on each of its voices, and ``analyse_pending`` retries them)."""
    pending = list(
        Voice.objects.filter(pk__in=list(voice_ids), analysed_at__isnull=True).order_by(
            "brand_id", "pk"
        )
    )
    done = 0
    for start in range(0, len(pending), ANALYSE_CHUNK):
        chunk = pending[start : start + ANALYSE_CHUNK]
        for brand_id in sorted({voice.brand_id for voice in chunk}):
            done += _analyse_chunk_safely([v for v in chunk if v.brand_id == brand_id])
    return done


def _analyse_chunk_safely(voices: list[Voice]) -> int:
    try:
        return voices_analyse(voices=voices)
    except Exception:
        ids = [voice.pk for voice in voices]
        log.exception("insights: analysis of voices %s failed; analyse_pending will retry", ids)
        Voice.objects.filter(pk__in=ids).update(analysis_attempts=F("analysis_attempts") + 1)
        return 0


def _analyse_safely(voice: Voice) -> bool:
    return _analyse_chunk_safely([voice]) == 1


# --- Analysis -----------------------------------------------------------------------------


def voices_analyse(*, voices: Sequence[Voice], assign_theme: bool = True) -> int:
    """Analyse these voices (every step; the embedding in batches) and store the results.

    Idempotent: the analysis replaces the previous one, needs included. Returns the count.
    """
    if not voices:
        return 0
    results = analysis.analyse_many([(voice.title, _body(voice)) for voice in voices])
    centroids = _theme_centroids(voices[0].brand_id) if assign_theme else None
    now = timezone.now()
    with transaction.atomic():
        Need.objects.filter(voice__in=[v.pk for v in voices]).delete()
        needs = []
        for voice, result in zip(voices, results, strict=True):
            _apply(voice, result, now)
            if centroids is not None:
                _assign(voice, result.embedding, centroids)
            needs += [
                Need(brand_id=voice.brand_id, voice=voice, sentence=n.sentence, cue=n.cue)
                for n in result.needs
            ]
        Voice.objects.bulk_update(voices, _ANALYSIS_FIELDS, batch_size=500)
        Need.objects.bulk_create(needs, batch_size=500)
    return len(voices)


_ANALYSIS_FIELDS = [
    "language",
    "lemmas",
    "keywords",
    "sentiment",
    "embedding",
    "vectors",
    "analysed_at",
    "theme",
    "theme_similarity",
    "low_information",
]


def _low_information(channel: str, lemmas: list[str]) -> bool:
    """Praise, "+1", thanks: an idea is always a request, anything else may be only support."""
    return channel != Voice.Channel.IDEA and support.is_low_information(lemmas)


def _body(voice: Voice) -> str:
    """The text without the title it starts with (ideas store "title\\n\\nbody")."""
    if voice.title and voice.text.startswith(voice.title):
        return voice.text[len(voice.title) :].strip()
    return voice.text


def _apply(voice: Voice, result: analysis.Analysis, now: datetime) -> None:
    voice.language = result.language
    voice.lemmas = " ".join(result.lemmas)
    voice.keywords = result.keywords
    voice.low_information = _low_information(voice.channel, result.lemmas)
    voice.sentiment = result.sentiment
    assert result.embedding is not None
    voice.embedding = embedding.to_bytes(result.embedding)
    if result.vectors is not None:
        voice.vectors = vectors.to_bytes(result.vectors)
    voice.analysed_at = now


def voices_analyse_pending(
    *, brand: Brand | None = None, limit: int | None = None, batch: int = ANALYSE_BATCH
) -> tuple[int, int]:
    """Analyse voices left unanalysed (a failed inline analysis, an import); returns
    (analysed, failed). A batch that fails is retried voice by voice, so one bad text does
    not hold back the others; a voice is tried ``MAX_ATTEMPTS`` times at most."""
    pending = Voice.objects.filter(analysed_at__isnull=True, analysis_attempts__lt=MAX_ATTEMPTS)
    if brand is not None:
        pending = pending.filter(brand=brand)
    done = failed = 0
    last_id = 0
    while limit is None or done + failed < limit:
        size = batch if limit is None else min(batch, limit - done - failed)
        chunk = list(pending.filter(pk__gt=last_id).order_by("pk")[:size])
        if not chunk:
            break
        last_id = chunk[-1].pk
        for group in _by_brand(chunk):
            ok, bad = _analyse_or_split(group)
            done, failed = done + ok, failed + bad
    return done, failed


def voices_vectorise_missing(*, batch: int = ANALYSE_BATCH, limit: int | None = None) -> int:
    """Give their similarity vectors to idea voices analysed before they existed (issue 13);
    idempotent, the rest of their analysis untouched. Returns the count."""
    missing = Voice.objects.filter(
        channel=Voice.Channel.IDEA, analysed_at__isnull=False, vectors__isnull=True
    )
    done, last_id = 0, 0
    while limit is None or done < limit:
        chunk = list(missing.filter(pk__gt=last_id).order_by("pk")[:batch])
        if not chunk:
            break
        last_id = chunk[-1].pk
        found = vectors.of_many([(voice.title, _body(voice)) for voice in chunk])
        for voice, rows in zip(chunk, found, strict=True):
            voice.vectors = vectors.to_bytes(rows)
            # analysed_at moves so that every process's similarity cache loads the new rows.
            voice.analysed_at = timezone.now()
        Voice.objects.bulk_update(chunk, ["vectors", "analysed_at"], batch_size=500)
        done += len(chunk)
    return done


def _by_brand(voices: list[Voice]) -> list[list[Voice]]:
    groups: dict[int, list[Voice]] = {}
    for voice in voices:
        groups.setdefault(voice.brand_id, []).append(voice)
    return list(groups.values())


def _analyse_or_split(voices: list[Voice]) -> tuple[int, int]:
    try:
        return voices_analyse(voices=voices), 0
    except Exception:
        if len(voices) > 1:
            ok = bad = 0
            for voice in voices:
                a, b = _analyse_or_split([voice])
                ok, bad = ok + a, bad + b
            return ok, bad
        log.exception("insights: analysis of voice %s failed", voices[0].pk)
        Voice.objects.filter(pk=voices[0].pk).update(analysis_attempts=F("analysis_attempts") + 1)
        return 0, 1


# --- Themes -------------------------------------------------------------------------------


@dataclass
class _Centroids:
    ids: list[int]
    matrix: np.ndarray


def _theme_centroids(brand_id: int) -> _Centroids | None:
    rows = list(Theme.objects.filter(brand_id=brand_id).values_list("id", "centroid"))
    if not rows:
        return None
    return _Centroids([r[0] for r in rows], embedding.matrix([r[1] for r in rows]))


def _assign(voice: Voice, vector: np.ndarray | None, centroids: _Centroids | None) -> None:
    """The nearest theme of the brand, as contributions arrive; sizes move with F()."""
    if vector is None or centroids is None:
        return
    scores = centroids.matrix @ vector
    best = int(np.argmax(scores))
    theme_id = centroids.ids[best]
    if voice.theme_id != theme_id:
        if voice.theme_id is not None:
            _theme_count(voice.theme_id, voice.low_information, -1)
        _theme_count(theme_id, voice.low_information, +1)
    voice.theme_id = theme_id
    voice.theme_similarity = float(scores[best])


def _theme_count(theme_id: int, low_information: bool, step: int) -> None:
    """A theme's size counts its voices, its support those of them that only support."""
    changes = {"size": F("size") + step}
    if low_information:
        changes["support"] = F("support") + step
    rows = Theme.objects.filter(pk=theme_id)
    if step < 0:
        rows = rows.filter(size__gt=0, support__gte=1 if low_information else 0)
    rows.update(**changes)


@dataclass
class _Snapshot:
    ids: np.ndarray
    matrix: np.ndarray
    lemmas: list[list[str]]
    sentiment: np.ndarray  # nan where unknown
    created: np.ndarray  # epoch seconds
    low: np.ndarray  # bool: low-information (support only)
    idea: np.ndarray  # the idea a voice is or answers (0: none)


def _snapshot(brand: Brand, run: AnalysisRun | None, total: int) -> _Snapshot:
    ids, blobs, lemmas, sentiment, created, low, idea = [], [], [], [], [], [], []
    rows = (
        Voice.objects.filter(brand=brand)
        .analysed()
        .order_by()
        .values_list(
            "id",
            "embedding",
            "lemmas",
            "sentiment",
            "created_at",
            "channel",
            "idea_id",
            "comment__idea_id",
        )
    )
    for row in rows.iterator(chunk_size=5000):
        ids.append(row[0])
        blobs.append(row[1])
        lemmas.append(row[2].split())
        sentiment.append(np.nan if row[3] is None else row[3])
        created.append(row[4].timestamp())
        low.append(_low_information(row[5], lemmas[-1]))
        idea.append(row[6] or row[7] or 0)
        if run is not None and len(ids) % 10_000 == 0:
            _progress(run, len(ids) * 3 // 10)  # loading: the first 30 % of the bar
    return _Snapshot(
        np.array(ids, dtype=np.int64),
        embedding.matrix(blobs),
        lemmas,
        np.array(sentiment, dtype=np.float64),
        np.array(created, dtype=np.float64),
        np.array(low, dtype=bool),
        np.array(idea, dtype=np.int64),
    )


def _progress(run: AnalysisRun, done: int) -> None:
    run.done = done
    AnalysisRun.objects.filter(pk=run.pk).update(done=done)


GROWTH_WINDOW_DAYS = 30
LABEL_DOCS = 1500  # per theme, the voices nearest the centre name it
KEYPHRASES = 8
SURFACE_DOCS = 40  # per theme, the voices whose spelling shows its key phrases
SURFACE_CHARS = 1000


def themes_recompute(*, brand: Brand, run: AnalysisRun | None = None) -> list[Theme]:
    """Cluster the brand's analysed voices into themes and replace the previous themes.

    Progress goes to ``run`` (done/total in contributions) as it works; the themes and the
    voices' assignments are swapped in one transaction at the end, so readers never see half
    a recomputation. Voices analysed meanwhile are assigned to the nearest new theme.
    """
    total = Voice.objects.filter(brand=brand).analysed().count()
    if run is not None:
        run.state, run.total, run.done, run.error = AnalysisRun.State.RUNNING, total, 0, ""
        run.save(update_fields=["state", "total", "done", "error"])
    snap = _snapshot(brand, run, total)
    found = _cluster(snap)
    if run is not None:
        _progress(run, total * 6 // 10)
    themes = _build_themes(brand, snap, found)
    if run is not None:
        _progress(run, total * 8 // 10)
    with transaction.atomic():
        old_ids = list(Theme.objects.filter(brand=brand).values_list("id", flat=True))
        Theme.objects.bulk_create(themes)
        _write_assignments(snap, found, themes)
        _reassign_late(brand, old_ids, themes, set(snap.ids.tolist()))
        Theme.objects.filter(pk__in=old_ids).delete()
    if run is not None:
        run.state, run.done, run.finished_at = AnalysisRun.State.DONE, total, timezone.now()
        run.save(update_fields=["state", "done", "finished_at"])
    return themes


def _cluster(snap: _Snapshot) -> clustering.Clusters:
    """Themes from the voices that say something; each low-information voice ("+1", praise)
    then joins the theme of the idea it answers, or else the nearest theme, as support."""
    if (~snap.low).sum() < 2:  # nothing but praise: cluster what there is
        snap.low[:] = False
    said = np.flatnonzero(~snap.low)
    found = clustering.cluster(snap.matrix[said], [snap.lemmas[i] for i in said])
    if len(said) == len(snap.ids):
        return found
    labels = np.zeros(len(snap.ids), dtype=int)
    labels[said] = found.labels
    theme_of_idea = {
        int(snap.idea[i]): int(label)
        for i, label in zip(said, found.labels, strict=True)
        if snap.idea[i]
    }
    x = clustering.normalise(snap.matrix)
    for i in np.flatnonzero(snap.low):
        theme = theme_of_idea.get(int(snap.idea[i]))
        labels[i] = int(np.argmax(found.centroids @ x[i])) if theme is None else theme
    similarity = np.einsum("ij,ij->i", x, found.centroids[labels])
    return clustering.Clusters(labels, found.centroids, similarity)


def _build_themes(brand: Brand, snap: _Snapshot, found: clustering.Clusters) -> list[Theme]:
    k = len(found.centroids)
    label_docs, label_of, nearest = [], [], []
    for theme in range(k):  # only voices that say something name a theme
        members = np.flatnonzero((found.labels == theme) & ~snap.low)
        nearest.append(members[np.argsort(-found.similarity[members])])  # centre first
        label_docs += [snap.lemmas[i] for i in nearest[theme][:LABEL_DOCS]]
        label_of += [theme] * len(nearest[theme][:LABEL_DOCS])
    texts, said = _surface_texts(
        [[int(snap.ids[i]) for i in rows[:SURFACE_DOCS]] for rows in nearest]
    )
    spellings = [text.Spelling(found_texts) for found_texts in texts]
    phrases = clustering.label(
        label_docs,
        np.array(label_of, dtype=int),
        top=KEYPHRASES,
        keep=lambda theme, term: _is_topic(term) and spellings[theme].says(term),
    )
    phrases = {
        theme: [spellings[theme].spell(t) for t in terms] for theme, terms in phrases.items()
    }
    now = timezone.now().timestamp()
    window = GROWTH_WINDOW_DAYS * 86400
    recent = snap.created >= now - window
    before = (snap.created >= now - 2 * window) & ~recent
    themes = []
    for theme in range(k):
        members = found.labels == theme
        sentiments = snap.sentiment[members]
        known = sentiments[~np.isnan(sentiments)]
        keyphrases = phrases.get(theme, [])
        themes.append(
            Theme(
                brand=brand,
                label=_label(keyphrases, texts[theme], said[theme]),
                keyphrases=keyphrases,
                summary=summary.sentence(texts[theme], keyphrases),
                size=int(members.sum()),
                support=int((members & snap.low).sum()),
                sentiment=round(float(known.mean()), 4) if len(known) else None,
                growth=_share_change(members, recent, before),
                centroid=embedding.to_bytes(found.centroids[theme]),
            )
        )
    return themes


def _is_topic(term: str) -> bool:
    """A key phrase names a topic: no word of praise or agreement ("excellente idée")."""
    return not any(support.is_support_word(word) for word in term.split())


def _surface_texts(
    nearest: list[list[int]],
) -> tuple[list[list[tuple[str, str]]], list[set[str]]]:
    """The texts, with their language, of each theme's voices nearest its centre (``nearest``:
    their ids), and the yake key phrases of those voices. Key phrases are found among lemmas
    ("tasse consigné", "sucrer"): these texts keep the phrases the voices really say and spell
    them as they do (``text.Spelling``; the first characters of each voice are enough), and
    give the theme's summary sentence."""
    wanted = [voice_id for ids in nearest for voice_id in ids]
    texts, keywords = {}, {}
    for pk, title, body, lang, said in Voice.objects.filter(pk__in=wanted).values_list(
        "pk", "title", "text", "language", "keywords"
    ):
        texts[pk] = ((body if body.startswith(title) else f"{title}. {body}")[:SURFACE_CHARS], lang)
        keywords[pk] = {phrase.lower() for phrase in said or []}
    return (
        [[texts[pk] for pk in ids if pk in texts] for ids in nearest],
        [set().union(*(keywords.get(pk, set()) for pk in ids)) for ids in nearest],
    )


LABEL_FROM = 3  # the label is one of the theme's first key phrases


def _label(keyphrases: list[str], texts: list[tuple[str, str]], said: set[str]) -> str:
    """A name that reads as a label: of the first three key phrases, the first that one of the
    theme's central voices also has among its own yake key phrases (a noun phrase as written,
    "Tasse consignée"), a phrase of two words or more before a single word; capitalised.
    Without any key phrase, the words its most central voice says most (never "—": a theme
    always has a name its voices gave it)."""
    if keyphrases:
        first = keyphrases[:LABEL_FROM]
        best = min(
            range(len(first)),
            key=lambda i: (first[i].lower() not in said, " " not in first[i], i),
        )
        name = first[best]
        return (name[:1].upper() + name[1:])[:200]
    for body, lang in texts:
        words = [w for w in text.lemmas(body, lang) if not support.is_support_word(w)]
        if words:
            spelling = text.Spelling([(body, lang)])
            return " · ".join(spelling.spell(w) for w in dict.fromkeys(words))[:60]
    return texts[0][0][:60] if texts else "…"


def _share_change(members: np.ndarray, recent: np.ndarray, before: np.ndarray) -> float | None:
    """Share of the theme among recent voices minus its share among the voices before."""
    if not recent.any() and not before.any():
        return None
    now_share = members[recent].mean() if recent.any() else 0.0
    before_share = members[before].mean() if before.any() else 0.0
    return round(float(now_share - before_share), 4)


def _write_assignments(snap: _Snapshot, found: clustering.Clusters, themes: list[Theme]) -> None:
    """One UPDATE per voice, sent with executemany: far faster than bulk_update's CASE."""
    from django.db import connection

    table = Voice._meta.db_table
    sql = (
        f"UPDATE {table} SET theme_id = %s, theme_similarity = %s, low_information = %s "  # noqa: S608
        "WHERE id = %s"
    )
    rows = [
        (themes[int(label)].pk, float(similarity), bool(low), int(voice_id))
        for voice_id, label, similarity, low in zip(
            snap.ids, found.labels, found.similarity, snap.low, strict=True
        )
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def _reassign_late(brand: Brand, old_ids: list[int], themes: list[Theme], seen: set[int]) -> None:
    """Voices analysed after the snapshot still point to an old theme: nearest new one."""
    if not themes:
        return
    centroids = _Centroids([t.pk for t in themes], embedding.matrix([t.centroid for t in themes]))
    late = [
        v
        for v in Voice.objects.filter(brand=brand, theme_id__in=old_ids).analysed()
        if v.pk not in seen
    ]
    for voice in late:
        voice.theme_id = None
        _assign(voice, embedding.from_bytes(voice.embedding), centroids)
    Voice.objects.bulk_update(late, ["theme", "theme_similarity"], batch_size=500)


def themes_recompute_run(*, run_id: int) -> AnalysisRun | None:
    """Run a queued recomputation; a failure is recorded on the run (and logged)."""
    run = AnalysisRun.objects.select_related("brand").filter(pk=run_id).first()
    if run is None or run.state == AnalysisRun.State.DONE:
        return run
    try:
        themes_recompute(brand=run.brand, run=run)
    except Exception as error:
        log.exception("insights: theme recomputation %s failed", run_id)
        run.state, run.error, run.finished_at = (
            AnalysisRun.State.FAILED,
            str(error)[:500],
            timezone.now(),
        )
        run.save(update_fields=["state", "error", "finished_at"])
    return run


def analysis_run_start(*, brand: Brand, kind: str = "themes") -> AnalysisRun:
    """Queue a recomputation of the brand's themes (the task starts after commit)."""
    from cocrea.insights.tasks import recompute_themes

    run = AnalysisRun.objects.create(brand=brand, kind=kind)
    transaction.on_commit(lambda: recompute_themes.delay(run.pk), robust=True)
    return run


# --- Emerging themes ----------------------------------------------------------------------


@dataclass
class Emerging:
    theme: Theme
    current: int  # voices of the theme in the window
    share_now: float
    share_before: float

    @property
    def growth(self) -> float:
        return self.share_now - self.share_before


def emerging_themes(
    *, brand: Brand, window_days: int = 30, now: datetime | None = None, limit: int = 5
) -> list[Emerging]:
    """Themes whose share of the voices grows fastest: the last ``window_days`` against the
    ``window_days`` before. Only themes that grow, with at least two voices in the window."""
    now = now or timezone.now()
    start, middle = now - timedelta(days=2 * window_days), now - timedelta(days=window_days)
    rows = Voice.objects.filter(
        brand=brand, theme__isnull=False, created_at__gte=start, created_at__lt=now
    ).values_list("theme_id", "created_at")
    recent: dict[int, int] = {}
    before: dict[int, int] = {}
    for theme_id, created_at in rows.iterator(chunk_size=5000):
        bucket = recent if created_at >= middle else before
        bucket[theme_id] = bucket.get(theme_id, 0) + 1
    total_now, total_before = sum(recent.values()), sum(before.values())
    themes = Theme.objects.in_bulk(set(recent) | set(before))
    found = [
        Emerging(
            theme=themes[theme_id],
            current=count,
            share_now=count / total_now,
            share_before=before.get(theme_id, 0) / total_before if total_before else 0.0,
        )
        for theme_id, count in recent.items()
        if theme_id in themes and count >= 2
    ]
    found = [item for item in found if item.growth > 0]
    found.sort(key=lambda item: (-item.growth, -item.current, item.theme.pk))
    return found[:limit]


def brands_with_voices() -> Iterable[Brand]:
    return Brand.objects.filter(voices__analysed_at__isnull=False).distinct()
