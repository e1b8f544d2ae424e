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
from cocrea.insights.analysis import lexical, similarity, vectors
from cocrea.insights.models import Voice

# Scores are ``analysis.similarity.score``: the probability that the idea is the one meant, in
# [0, 1] (calibrated on bench/insights_devset). While typing, the nearest ideas above a low floor
# are shown, best first (a miss costs more than a weak suggestion); for duplicates the team picks
# the sensitivity of the pair model on top (insights.duplicates).
SIMILAR_THRESHOLD = 0.05
SIMILAR_LIMIT = 5
TYPED_MIN_CHARS = 8
QUERY_TEXTS = 3  # of a typed text: title, start, first passage (vectors.texts_of)


@dataclass
class SimilarIdea:
    idea: Idea
    score: float


# Large campaigns are first scored on a projection of the vectors on their 128 main axes (a
# quarter of the bytes to read: the product is bound by memory, not arithmetic), then the best
# REFINE ideas are scored exactly. Below REDUCE_FROM ideas every idea is scored exactly.
REDUCE_FROM = 20_000
REDUCED_DIM = 128
REFINE = 256


class _Matrix:
    """One campaign's ideas: their similarity vectors (several rows per idea, contiguous), their
    ids and languages, the lexical index of their lemmas and, for large campaigns, the reduced
    vectors (same rows). An edited idea's old rows are left dead (owner -1) until a rebuild."""

    def __init__(self) -> None:
        self.idea_ids = np.zeros(0, dtype=np.int64)
        self.languages = np.zeros(0, dtype=np.int16)
        self.spans = np.zeros((0, 2), dtype=np.int64)  # idea row -> [start, end) of its rows
        self.size = 0
        self.position: dict[int, int] = {}
        self.vectors = np.zeros((0, vectors.DIM), dtype=np.float32)
        self.owner = np.zeros(0, dtype=np.int64)  # vector row -> idea row (-1: dead)
        self.rows = 0
        self.dead = 0  # rows of edited ideas' old vectors
        self.last: datetime | None = None  # latest analysis loaded
        self.lexical: lexical.LexicalIndex | None = None
        self.axes: np.ndarray | None = None  # (512, REDUCED_DIM) when reduced
        self.reduced = np.zeros((0, REDUCED_DIM), dtype=np.float32)
        self._starts: np.ndarray | None = None

    def put(self, idea_id: int, rows: np.ndarray, language: str, lemmas: list[str] | None) -> None:
        if not len(rows):
            return
        row = self.position.get(idea_id)
        if row is None:
            row = self._new_idea(idea_id)
        else:
            start, end = self.spans[row]
            self.owner[start:end] = -1
            self.dead += int(end - start)
        start = self._append(rows, row)
        self.spans[row] = (start, start + len(rows))
        self.languages[row] = _language_code(language)
        if lemmas is not None and self.lexical is not None:
            self.lexical.put(row, lemmas)
        self._starts = None

    def _new_idea(self, idea_id: int) -> int:
        if self.size == len(self.idea_ids):
            capacity = max(64, int(self.size * 1.5))
            self.idea_ids = _grown(self.idea_ids, capacity)
            self.languages = _grown(self.languages, capacity)
            self.spans = _grown(self.spans, capacity)
        row = self.size
        self.size += 1
        self.position[idea_id] = row
        self.idea_ids[row] = idea_id
        return row

    def _append(self, rows: np.ndarray, owner: int) -> int:
        if self.rows + len(rows) > len(self.vectors):
            capacity = max(256, int((self.rows + len(rows)) * 1.5))
            self.vectors = _grown(self.vectors, capacity)
            self.owner = _grown(self.owner, capacity)
            if self.axes is not None:
                self.reduced = _grown(self.reduced, capacity)
        start = self.rows
        self.vectors[start : start + len(rows)] = rows
        self.owner[start : start + len(rows)] = owner
        if self.axes is not None:
            self.reduced[start : start + len(rows)] = rows @ self.axes
        self.rows += len(rows)
        return start

    @property
    def needs_rebuild(self) -> bool:
        grown = self.lexical is not None and self.lexical.needs_rebuild
        return grown or self.dead > self.rows - self.dead

    def reduce(self) -> None:
        """The main axes of the vectors (uncentred: they best keep dot products), once built."""
        if self.size < REDUCE_FROM:
            return
        vectors = self.vectors[: self.rows]
        _values, axes = np.linalg.eigh(vectors.T @ vectors)
        self.axes = np.ascontiguousarray(axes[:, ::-1][:, :REDUCED_DIM], dtype=np.float32)
        self.reduced = np.zeros((len(self.vectors), REDUCED_DIM), dtype=np.float32)
        self.reduced[: self.rows] = vectors @ self.axes

    def per_idea(self, row_scores: np.ndarray) -> np.ndarray:
        """(size,) the best row score of each idea (rows of one idea are contiguous)."""
        if self._starts is None:
            owner = self.owner[: self.rows]
            change = np.flatnonzero(np.diff(owner)) + 1
            self._starts = np.concatenate([[0], change]).astype(np.int64)
        out = np.full(self.size, -1.0, dtype=np.float32)
        if not self.rows:
            return out
        best = np.maximum.reduceat(row_scores, self._starts)
        owners = self.owner[self._starts]
        alive = owners >= 0
        out[owners[alive]] = best[alive]
        return out

    def dense(self, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(idea rows, closest-pair cosine): every idea, or for a reduced matrix the REFINE best
        ideas by the reduced product, scored exactly."""
        if self.axes is None or self.size <= REFINE:
            rows = (self.vectors[: self.rows] @ query.T).max(axis=1)
            return np.arange(self.size), self.per_idea(rows)
        rough = self.per_idea((self.reduced[: self.rows] @ (query @ self.axes).T).max(axis=1))
        ideas = np.argpartition(-rough, REFINE - 1)[:REFINE]
        return ideas, np.array([self.closest(int(i), query) for i in ideas], dtype=np.float32)

    def score(self, query: Query) -> tuple[np.ndarray, np.ndarray]:
        """(idea rows, calibrated scores) against a text."""
        rows, dense = self.dense(query.vectors)
        words = (
            self.lexical.scores(query.lemmas, self.size)[rows]
            if self.lexical is not None
            else np.zeros(len(rows), dtype=np.float32)
        )
        return rows, similarity.score(dense, words, self._same(rows, query.language))

    def pair_scores(self, row: int, words: np.ndarray) -> np.ndarray:
        """(size,) calibrated scores of one loaded idea against every idea (``words``: its
        lexical cosines with every idea)."""
        dense = self.per_idea((self.vectors[: self.rows] @ self.of(row).T).max(axis=1))
        same = self.languages[: self.size] == self.languages[row]
        same &= self.languages[row] != 0
        return similarity.score(dense, words, same)

    def _same(self, rows: np.ndarray, language: str) -> np.ndarray:
        code = _language_code(language)
        return (self.languages[rows] == code) & (code != 0)

    def closest(self, idea_row: int, query: np.ndarray) -> float:
        start, end = self.spans[idea_row]
        return float((self.vectors[start:end] @ query.T).max())

    def of(self, idea_row: int) -> np.ndarray:
        start, end = self.spans[idea_row]
        return self.vectors[start:end]


def _grown(array: np.ndarray, capacity: int) -> np.ndarray:
    grown = np.zeros((capacity, *array.shape[1:]), dtype=array.dtype)
    grown[: len(array)] = array
    return grown


_LANGUAGES: dict[str, int] = {}


def _language_code(language: str) -> int:
    """A small code per language (0: unknown), so "same language" is one comparison."""
    if not language or language == "other":
        return 0
    return _LANGUAGES.setdefault(language, len(_LANGUAGES) + 1)


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
    analysed_at) index, so the "anything new?" question costs one index lookup. Voices
    analysed before similarity vectors existed wait for ``voices_vectorise_missing``."""
    return Voice.objects.filter(
        campaign_id=campaign_id, channel=Voice.Channel.IDEA, analysed_at__isnull=False
    )


_FIELDS = ("idea_id", "vectors", "language", "lemmas")


def _load_all(matrix: _Matrix, rows: QuerySet[Voice]) -> None:
    """The first load of a campaign: every vector, then the lexical index over all lemmas."""
    docs: list[list[str]] = []
    for idea_id, blob, language, lemmas in rows.values_list(*_FIELDS).iterator(chunk_size=5000):
        if idea_id is None or not blob:
            continue
        before = matrix.size
        matrix.put(idea_id, vectors.from_bytes(blob), language, None)
        if matrix.size > before:
            docs.append(lemmas.split())
        else:  # the same idea twice (cannot happen: one voice per idea) keeps its last
            docs[matrix.position[idea_id]] = lemmas.split()
    matrix.lexical = lexical.LexicalIndex(docs)
    matrix.reduce()


def _load_new(matrix: _Matrix, rows: QuerySet[Voice]) -> None:
    for idea_id, blob, language, lemmas in rows.values_list(*_FIELDS).iterator(chunk_size=5000):
        if idea_id is not None and blob:
            matrix.put(idea_id, vectors.from_bytes(blob), language, lemmas.split())


def _campaign(campaign_id: int) -> _Matrix:
    """This process's cache of the campaign, brought up to date (call under ``_lock``)."""
    voices = _idea_voices(campaign_id)
    last = voices.aggregate(last=Max("analysed_at"))["last"]
    matrix = _matrices.get(campaign_id)
    if matrix is not None and matrix.last == last:
        return matrix
    stale = matrix is None or matrix.last is None
    if stale or (matrix is not None and matrix.needs_rebuild):
        matrix = _Matrix()
        _load_all(matrix, voices.order_by("idea_id"))
        _matrices[campaign_id] = matrix
    else:
        assert matrix is not None and matrix.last is not None
        _load_new(matrix, voices.filter(analysed_at__gte=matrix.last - OVERLAP))
    matrix.last = last
    return matrix


@dataclass
class Query:
    """A text to compare with a campaign's ideas: its vectors, lemmas and language."""

    vectors: np.ndarray
    lemmas: list[str]
    language: str

    @classmethod
    def typed(cls, title: str, body: str) -> Query:
        from cocrea.insights.analysis import language

        texts = vectors.texts_of(title, body)[:QUERY_TEXTS]
        full = f"{title}. {body}" if title and body else (title or body)
        lang = language.detect(full[: lexical.QUERY_CHARS])
        return cls(vectors.encode(texts), lexical.query_lemmas(title, body), lang)


def campaign_idea_ids(campaign_id: int) -> np.ndarray:
    """The ids of the campaign's ideas in this process's cache (brought up to date)."""
    with _lock:
        matrix = _campaign(campaign_id)
        return matrix.idea_ids[: matrix.size].copy()


def campaign_scores(campaign_id: int, query: Query) -> tuple[np.ndarray, np.ndarray]:
    """(idea ids, calibrated scores) of the campaign's analysed ideas against a text
    (``analysis.similarity.score``). For large campaigns only the best candidates of a reduced
    product come back (see ``_Matrix``)."""
    with _lock:
        matrix = _campaign(campaign_id)
        with _one_blas_thread():
            rows, scores = matrix.score(query)
        return matrix.idea_ids[rows], scores


def idea_scores(idea: Idea) -> dict[int, float]:
    """{idea id: calibrated score} of the idea's campaign's analysed ideas against the idea
    itself (the merge assistant's order): the same score as while typing and for duplicates.
    Empty when the idea is not analysed yet."""
    if idea.campaign_id is None:
        return {}
    with _lock:
        matrix = _campaign(idea.campaign_id)
        row = matrix.position.get(idea.pk)
        if row is None:
            return {}
        words = (
            matrix.lexical.pair_scores(np.array([row]), matrix.size)[0]
            if matrix.lexical is not None
            else np.zeros(matrix.size, dtype=np.float32)
        )
        with _one_blas_thread():
            scores = matrix.pair_scores(row, words)
        ids = matrix.idea_ids[: matrix.size]
    return {int(pk): float(s) for pk, s in zip(ids, scores, strict=True) if int(pk) != idea.pk}


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


def similar_ideas(
    *,
    campaign: Campaign,
    title: str,
    body: str = "",
    limit: int = SIMILAR_LIMIT,
    threshold: float = SIMILAR_THRESHOLD,
    exclude_idea_id: int | None = None,
) -> list[SimilarIdea]:
    """The campaign's ideas closest to what is being typed (any language), best first, with
    the calibrated score measured by bench/eval_devset.py."""
    title, body = " ".join(title.split()), " ".join(body.split())
    if len(f"{title} {body}".strip()) < TYPED_MIN_CHARS:
        return []
    idea_ids, scores = campaign_scores(campaign.pk, Query.typed(title, body))
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


def duplicate_candidates(
    *,
    brand: Brand,
    floor: float,
    recent_days: int = 90,
    per_campaign: int = 500,
    campaign: Campaign | None = None,
) -> list[tuple[float, int, int]]:
    """(calibrated score, idea id, idea id) of pairs of ideas of one campaign scoring at least
    ``floor``: each of the newest ideas (created in the last ``recent_days``, ``per_campaign``
    at most) against the others, each pair once, best first."""
    since = timezone.now() - timedelta(days=recent_days)
    campaigns = Campaign.objects.filter(
        brand=brand, ideas__created_at__gte=since, ideas__is_hidden=False
    ).distinct()
    if campaign is not None:
        campaigns = campaigns.filter(pk=campaign.pk)
    found: dict[tuple[int, int], float] = {}
    for each in campaigns:
        for score, a, b in _campaign_pairs(each, since, floor, per_campaign):
            key = (min(a, b), max(a, b))
            found[key] = max(score, found.get(key, 0.0))
    return sorted(((s, a, b) for (a, b), s in found.items()), key=lambda r: (-r[0], r[1], r[2]))


PAIR_CHUNK = 64  # recent ideas whose lexical scores are computed at once (bounded memory)


def _campaign_pairs(
    campaign: Campaign, since: datetime, floor: float, per_campaign: int
) -> list[tuple[float, int, int]]:
    """The same calibrated score as while typing, each recent idea against every other."""
    shown = set(shown_ideas(campaign).values_list("pk", flat=True))
    recent = set(
        shown_ideas(campaign)
        .filter(created_at__gte=since)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)[:per_campaign]
    )
    with _lock:
        matrix = _campaign(campaign.pk)
        idea_ids = matrix.idea_ids[: matrix.size]
        rows = np.array([i for i, pk in enumerate(idea_ids) if int(pk) in recent], dtype=int)
        pairs = []
        for start in range(0, len(rows), PAIR_CHUNK):
            chunk = rows[start : start + PAIR_CHUNK]
            words = (
                matrix.lexical.pair_scores(chunk, matrix.size)
                if matrix.lexical is not None
                else np.zeros((len(chunk), matrix.size), dtype=np.float32)
            )
            with _one_blas_thread():
                for k, row in enumerate(chunk):
                    scores = matrix.pair_scores(int(row), words[k])
                    for col in np.flatnonzero(scores >= floor):
                        other = int(idea_ids[col])
                        if col != row and other in shown:
                            pairs.append((float(scores[col]), int(idea_ids[row]), other))
    return pairs
