"""Similar ideas while typing, and suspected duplicates, from the stored embeddings.

Each process keeps, per campaign, the matrix of its ideas' embeddings, built lazily from the
database. Every request asks the database one indexed question — when was an idea of this
campaign last analysed? — and, when that moved, loads the rows analysed since (with a minute of
overlap, for analyses committed out of order) and adds or replaces them in place. Rows of
deleted ideas may linger in the matrix until the process restarts: harmless, because it is only
a cache. Which ideas may be shown (existing, of this campaign, not hidden, withdrawn or merged)
is decided by the database at every request, and a process that starts cold builds it again.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from django.db.models import Max, QuerySet
from django.utils import timezone
from threadpoolctl import ThreadpoolController

from cocrea.brands.models import Brand
from cocrea.campaigns.models import Campaign
from cocrea.ideas.models import Idea
from cocrea.insights.analysis import embedding, lexical
from cocrea.insights.models import Voice

# Cosines of multilingual-e5 live in a narrow band: two unrelated proposals of one consultation
# score 0.84 (median), 0.87 (9 in 10), 0.89 (99 in 100); paraphrases and translations 0.86-0.93;
# copies 0.95+. While typing, the nearest ideas above a low floor are shown, best first (a miss
# costs more than a weak suggestion); for duplicates the team picks the sensitivity.
SIMILAR_THRESHOLD = 0.86
DUPLICATE_THRESHOLD = 0.92
DUPLICATE_THRESHOLDS = (0.88, 0.90, 0.92, 0.94, 0.96)
SIMILAR_LIMIT = 5
TYPED_MIN_CHARS = 8
TYPED_EMBED_CHARS = 100  # ≈ 28 tokens: most titles whole (Toulouse and petitions: p95 102-112)


@dataclass
class SimilarIdea:
    idea: Idea
    score: float


@dataclass
class DuplicatePair:
    older: Idea
    newer: Idea
    score: float


# Large campaigns are first scored on a projection of the vectors on their 128 main axes (a
# third of the bytes to read: the product is bound by memory, not arithmetic), then the best
# REFINE candidates are scored exactly. Below REDUCE_FROM ideas every idea is scored exactly.
REDUCE_FROM = 20_000
REDUCED_DIM = 128
REFINE = 256


class _Matrix:
    """A growable (n, 384) matrix of one campaign's idea embeddings, their idea ids, the
    lexical index of their lemmas and, for large campaigns, the reduced vectors (same rows)."""

    def __init__(self) -> None:
        self.vectors = np.zeros((0, embedding.DIM), dtype=np.float32)
        self.idea_ids = np.zeros(0, dtype=np.int64)
        self.size = 0
        self.position: dict[int, int] = {}
        self.last: datetime | None = None  # latest analysis loaded
        self.lexical: lexical.LexicalIndex | None = None
        self.axes: np.ndarray | None = None  # (384, REDUCED_DIM) when reduced
        self.reduced = np.zeros((0, REDUCED_DIM), dtype=np.float32)

    def view(self) -> tuple[np.ndarray, np.ndarray]:
        return self.idea_ids[: self.size], self.vectors[: self.size]

    def put(self, idea_id: int, vector: np.ndarray, lemmas: list[str] | None = None) -> None:
        row = self.position.get(idea_id)
        if row is None:
            if self.size == len(self.vectors):
                self._grow()
            row = self.size
            self.size += 1
            self.position[idea_id] = row
            self.idea_ids[row] = idea_id
        self.vectors[row] = vector
        if self.axes is not None:
            self.reduced[row] = vector @ self.axes
        if lemmas is not None and self.lexical is not None:
            self.lexical.put(row, lemmas)

    def _grow(self) -> None:
        capacity = max(64, int(len(self.vectors) * 1.5))
        vectors = np.zeros((capacity, embedding.DIM), dtype=np.float32)
        ids = np.zeros(capacity, dtype=np.int64)
        vectors[: self.size] = self.vectors[: self.size]
        ids[: self.size] = self.idea_ids[: self.size]
        self.vectors, self.idea_ids = vectors, ids
        if self.axes is not None:
            reduced = np.zeros((capacity, REDUCED_DIM), dtype=np.float32)
            reduced[: self.size] = self.reduced[: self.size]
            self.reduced = reduced

    def reduce(self) -> None:
        """The main axes of the vectors (uncentred: they best keep dot products), once built."""
        if self.size < REDUCE_FROM:
            return
        vectors = self.vectors[: self.size]
        _values, axes = np.linalg.eigh(vectors.T @ vectors)
        self.axes = np.ascontiguousarray(axes[:, ::-1][:, :REDUCED_DIM], dtype=np.float32)
        self.reduced = np.zeros((len(self.vectors), REDUCED_DIM), dtype=np.float32)
        self.reduced[: self.size] = vectors @ self.axes

    def scores(self, vector: np.ndarray, words: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(rows, fused scores): every row, or for a reduced matrix the REFINE best rows by
        the reduced product, scored exactly."""
        if self.axes is None or self.size <= REFINE:
            return np.arange(self.size), lexical.fuse(self.vectors[: self.size] @ vector, words)
        rough = lexical.fuse(self.reduced[: self.size] @ (vector @ self.axes), words)
        rows = np.argpartition(-rough, REFINE - 1)[:REFINE]
        return rows, lexical.fuse(self.vectors[rows] @ vector, words[rows])


_blas: ThreadpoolController | None = None


@contextmanager
def _one_blas_thread() -> Iterator[None]:
    """Products against the matrix on one BLAS thread (call under ``_lock``).

    They read memory more than they compute, so a second thread adds little; and OpenBLAS
    threads spin for a while after a product, taking the cores the embedding's OpenMP threads
    need for the next keystroke (on 2 cores a typing request measured p50 79 ms with them,
    52 ms without: bench/README.md)."""
    global _blas
    if _blas is None:
        _blas = ThreadpoolController()
    with _blas.limit(limits=1, user_api="blas"):
        yield


_matrices: dict[int, _Matrix] = {}
_lock = threading.Lock()
OVERLAP = timedelta(minutes=1)


def _idea_voices(campaign_id: int) -> QuerySet[Voice]:
    """Analysed idea voices of the campaign: answered from the (campaign, channel,
    analysed_at) index, so the "anything new?" question costs one index lookup."""
    return Voice.objects.filter(
        campaign_id=campaign_id, channel=Voice.Channel.IDEA, analysed_at__isnull=False
    )


def _load_all(matrix: _Matrix, rows: QuerySet[Voice]) -> None:
    """The first load of a campaign: every vector, then the lexical index over all lemmas."""
    docs: list[list[str]] = []
    for idea_id, blob, lemmas in rows.values_list("idea_id", "embedding", "lemmas").iterator(
        chunk_size=5000
    ):
        if idea_id is not None and blob is not None:
            before = matrix.size
            matrix.put(idea_id, embedding.from_bytes(blob))
            if matrix.size > before:
                docs.append(lemmas.split())
            else:  # the same idea twice (cannot happen: one voice per idea) keeps its first
                docs[matrix.position[idea_id]] = lemmas.split()
    matrix.lexical = lexical.LexicalIndex(docs)
    matrix.reduce()


def _load_new(matrix: _Matrix, rows: QuerySet[Voice]) -> None:
    for idea_id, blob, lemmas in rows.values_list("idea_id", "embedding", "lemmas").iterator(
        chunk_size=5000
    ):
        if idea_id is not None and blob is not None:
            matrix.put(idea_id, embedding.from_bytes(blob), lemmas.split())


def _campaign(campaign_id: int) -> _Matrix:
    """This process's cache of the campaign, brought up to date (call under ``_lock``)."""
    voices = _idea_voices(campaign_id)
    last = voices.aggregate(last=Max("analysed_at"))["last"]
    matrix = _matrices.get(campaign_id)
    if matrix is not None and matrix.last == last:
        return matrix
    stale = matrix is None or matrix.last is None
    if stale or (
        matrix is not None and matrix.lexical is not None and matrix.lexical.needs_rebuild
    ):
        matrix = _Matrix()
        _load_all(matrix, voices.order_by("idea_id"))
        _matrices[campaign_id] = matrix
    else:
        assert matrix is not None and matrix.last is not None
        _load_new(matrix, voices.filter(analysed_at__gte=matrix.last - OVERLAP))
    matrix.last = last
    return matrix


def campaign_matrix(campaign_id: int) -> tuple[np.ndarray, np.ndarray]:
    """(idea ids, embeddings) of the campaign's analysed ideas, from this process's cache."""
    with _lock:
        return _campaign(campaign_id).view()


def campaign_scores(
    campaign_id: int, vector: np.ndarray, lemmas: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """(idea ids, fused scores) of the campaign's analysed ideas against a text: its e5
    cosine lifted by the lexical cosine of its lemmas (``analysis.lexical.fuse``). For large
    campaigns only the best candidates of a reduced product come back (see ``_Matrix``)."""
    with _lock:
        matrix = _campaign(campaign_id)
        words = (
            matrix.lexical.scores(lemmas, matrix.size)
            if matrix.lexical is not None
            else np.zeros(matrix.size, dtype=np.float32)
        )
        with _one_blas_thread():
            rows, scores = matrix.scores(vector, words)
        return matrix.idea_ids[rows], scores


def forget_cache() -> None:
    """Drop every campaign matrix of this process (tests, benchmarks)."""
    with _lock:
        _matrices.clear()


def _shown(ideas: QuerySet[Idea]) -> QuerySet[Idea]:
    """Those that may be suggested: published, not hidden, withdrawn or merged."""
    return ideas.filter(is_hidden=False, withdrawn_at__isnull=True).exclude(
        status=Idea.Status.MERGED
    )


def shown_ideas(campaign: Campaign) -> QuerySet[Idea]:
    return _shown(Idea.objects.filter(campaign=campaign))


def typed_text(title: str, body: str) -> str:
    """What is embedded of the form being typed: its start, cut between words (a keystroke's
    request waits for its embedding, whose cost grows with every token; the lemmas of the
    whole text still count in the lexical score)."""
    text = embedding.source_text(" ".join(title.split()), " ".join(body.split()))
    if len(text) <= TYPED_EMBED_CHARS:
        return text
    head = text[: TYPED_EMBED_CHARS + 1]
    cut = head.rsplit(" ", 1)[0] if " " in head else ""
    return cut if len(cut) >= TYPED_MIN_CHARS else text[:TYPED_EMBED_CHARS]


def similar_ideas(
    *,
    campaign: Campaign,
    title: str,
    body: str = "",
    limit: int = SIMILAR_LIMIT,
    threshold: float = SIMILAR_THRESHOLD,
    exclude_idea_id: int | None = None,
) -> list[SimilarIdea]:
    """The campaign's ideas closest to what is being typed (any language), best first: e5
    cosine plus the lexical score of shared lemmas, as measured by bench/eval_insights.py."""
    typed = typed_text(title, body)
    if len(typed) < TYPED_MIN_CHARS:
        return []
    vector = embedding.embed_one(typed)
    idea_ids, scores = campaign_scores(campaign.pk, vector, lexical.query_lemmas(title, body))
    if not len(idea_ids):
        return []
    wanted = min(len(scores), limit * 4)  # spares for ideas hidden since the cache was built
    top = np.argpartition(-scores, wanted - 1)[:wanted]
    top = top[np.argsort(-scores[top])]
    candidates = {int(idea_ids[i]): float(scores[i]) for i in top if scores[i] >= threshold}
    candidates.pop(exclude_idea_id or 0, None)
    if not candidates:
        return []
    # By primary key only: a filter on the campaign would let SQLite's planner scan all of the
    # campaign's ideas by the (campaign, status) index. The campaign is checked on the rows.
    ideas = _shown(Idea.objects.filter(pk__in=list(candidates))).select_related("brand")
    found = [
        SimilarIdea(idea, candidates[idea.pk]) for idea in ideas if idea.campaign_id == campaign.pk
    ]
    found.sort(key=lambda item: (-item.score, item.idea.pk))
    return found[:limit]


def duplicate_pairs(
    *,
    brand: Brand,
    threshold: float = DUPLICATE_THRESHOLD,
    recent_days: int = 90,
    per_campaign: int = 500,
    limit: int = 100,
) -> list[DuplicatePair]:
    """Pairs of ideas of one campaign that say the same thing: each of the newest ideas
    (created in the last ``recent_days``, ``per_campaign`` at most) against the older ones."""
    since = timezone.now() - timedelta(days=recent_days)
    campaigns = Campaign.objects.filter(
        brand=brand, ideas__created_at__gte=since, ideas__is_hidden=False
    ).distinct()
    scored: list[tuple[float, int, int, Campaign]] = []
    for campaign in campaigns:
        scored += _campaign_pairs(campaign, since, threshold, per_campaign)
    scored.sort(key=lambda row: (-row[0], -row[2]))
    return _with_ideas(scored, limit)


PAIR_CHUNK = 64  # recent ideas scored at once against the campaign (bounded memory)


def _campaign_pairs(
    campaign: Campaign, since: datetime, threshold: float, per_campaign: int
) -> list[tuple[float, int, int, Campaign]]:
    """The same fused score as while typing: e5 cosine + weighted lexical cosine."""
    shown = set(shown_ideas(campaign).values_list("pk", flat=True))
    recent = set(
        shown_ideas(campaign)
        .filter(created_at__gte=since)
        .order_by("-pk")
        .values_list("pk", flat=True)[:per_campaign]
    )
    with _lock:
        matrix = _campaign(campaign.pk)
        idea_ids, vectors = matrix.view()
        rows = np.array([i for i, pk in enumerate(idea_ids) if int(pk) in recent], dtype=int)
        pairs = []
        for start in range(0, len(rows), PAIR_CHUNK):
            chunk = rows[start : start + PAIR_CHUNK]
            scores = vectors[chunk] @ vectors.T
            if matrix.lexical is not None:
                scores = lexical.fuse(scores, matrix.lexical.pair_scores(chunk, matrix.size))
            pairs += _pairs_of(chunk, scores, idea_ids, shown, threshold, campaign)
    return pairs


def _pairs_of(
    rows: np.ndarray,
    scores: np.ndarray,
    idea_ids: np.ndarray,
    shown: set[int],
    threshold: float,
    campaign: Campaign,
) -> list[tuple[float, int, int, Campaign]]:
    pairs = []
    for r, row in enumerate(rows):
        newer = int(idea_ids[row])
        for col in np.flatnonzero(scores[r] >= threshold):
            older = int(idea_ids[col])
            if older < newer and older in shown:
                pairs.append((float(scores[r, col]), older, newer, campaign))
    return pairs


def _with_ideas(scored: list[tuple[float, int, int, Campaign]], limit: int) -> list[DuplicatePair]:
    scored = scored[:limit]
    wanted = {pk for _s, older, newer, _c in scored for pk in (older, newer)}
    ideas = Idea.objects.select_related("brand", "campaign", "author__user").in_bulk(wanted)
    return [
        DuplicatePair(ideas[older], ideas[newer], score)
        for score, older, newer, _campaign in scored
        if older in ideas and newer in ideas
    ]
