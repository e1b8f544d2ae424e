"""The lexical half of similarity: TF-IDF cosine over the lemmas, and its fusion with e5.

Multilingual e5 brings meaning across languages and paraphrases; the lemmas bring the rare words
two texts share (a law's article, a product's name), which on the République numérique arguments
find the proposal an argument answers more often than meaning alone (bench/eval_insights.py).
The product ranks by ``fuse(dense, lexical) = dense + max(0, LEXICAL_WEIGHT * lexical -
LEXICAL_MARGIN)``: a few shared common words (a lexical cosine under 0.07) add nothing, so the
thresholds tuned on e5 cosines keep their meaning for ordinary pairs; a text that shares no
lemma with an idea (another language) keeps its e5 score, so cross-language matches are
untouched; shared rare words lift the score. Weight and margin were chosen on a seeded half of
the République numérique arguments and are reported on the other half (bench/eval_insights.py).

``LexicalIndex`` is built once over a campaign's ideas (vocabulary and idf fixed then), kept in
memory as postings (terms x ideas, CSR): a query costs the postings of its own terms, a few
milliseconds at 100,000 ideas. Ideas added or edited later go to a small delta scored the same
way (new words get the highest idf), until the delta is large enough to rebuild.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse

LEXICAL_WEIGHT = 1.5  # chosen on half of the arguments, reported on the other (docs/insights.md)
LEXICAL_MARGIN = 0.1
MAX_TERMS = 64  # per document: the heaviest terms (pruning keeps memory and time bounded)
REBUILD_FROM = 2_000  # delta documents before the index is rebuilt (or a quarter of the main)


QUERY_CHARS = 2_000  # of a typed title + body, for its lemmas


def query_lemmas(title: str, body: str) -> list[str]:
    """The lemmas of a typed (or any) text, in its detected language, as voices store them."""
    from cocrea.insights.analysis import language, text

    full = f"{title}. {body}" if title and body else (title or body)
    full = full[:QUERY_CHARS]
    return text.lemmas(full, language.detect(full))


def fuse(
    dense: np.ndarray,
    lexical: np.ndarray,
    weight: float = LEXICAL_WEIGHT,
    margin: float = LEXICAL_MARGIN,
) -> np.ndarray:
    """e5 cosine, lifted by the lexical cosine beyond a margin (same shape as ``dense``)."""
    lift = np.maximum(np.float32(weight) * lexical - np.float32(margin), np.float32(0))
    return (dense + lift).astype(np.float32, copy=False)


class LexicalIndex:
    """TF-IDF (sublinear tf, idf from the build) cosine between lemma lists, by row position."""

    def __init__(self, docs: Sequence[Sequence[str]]) -> None:
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(set(doc))
        self.n_docs = len(docs)
        self.vocab: dict[str, int] = {term: i for i, term in enumerate(df)}
        idf = [math.log((1 + self.n_docs) / (1 + df[t])) + 1.0 for t in df]
        self.idf = np.array(idf, dtype=np.float32)
        self.max_idf = float(math.log(1 + self.n_docs) + 1.0)
        self.main_vocab = len(self.vocab)
        self.main_rows = len(docs)
        self.postings = self._postings([self._weights(doc, grow=False) for doc in docs])
        self.delta: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # row -> (term ids, weights)
        self._delta_matrix: tuple[np.ndarray, sparse.csr_matrix] | None = None

    # --- weighting ------------------------------------------------------------------------

    def _term_id(self, term: str, grow: bool) -> int | None:
        found = self.vocab.get(term)
        if found is None and grow:
            found = len(self.vocab)
            self.vocab[term] = found
            self.idf = np.append(self.idf, np.float32(self.max_idf))
        return found

    def _weights(self, doc: Sequence[str], grow: bool) -> tuple[np.ndarray, np.ndarray]:
        counts = Counter(doc)
        ids, weights = [], []
        for term, count in counts.items():
            term_id = self._term_id(term, grow)
            if term_id is None:
                continue
            ids.append(term_id)
            weights.append((1.0 + math.log(count)) * float(self.idf[term_id]))
        if not ids:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
        id_array, w = np.array(ids, dtype=np.int32), np.array(weights, dtype=np.float32)
        if len(id_array) > MAX_TERMS:
            keep = np.argpartition(-w, MAX_TERMS - 1)[:MAX_TERMS]
            id_array, w = id_array[keep], w[keep]
        return id_array, w / np.float32(np.linalg.norm(w))

    def _postings(self, rows: list[tuple[np.ndarray, np.ndarray]]) -> sparse.csr_matrix:
        """Terms x documents, so that a query reads only its own terms' rows."""
        lengths = np.array([len(ids) for ids, _w in rows], dtype=np.int64)
        doc_ids = np.repeat(np.arange(len(rows), dtype=np.int32), lengths)
        term_ids = np.concatenate([ids for ids, _w in rows]) if rows else np.zeros(0, np.int32)
        weights = np.concatenate([w for _ids, w in rows]) if rows else np.zeros(0, np.float32)
        shape = (max(len(self.vocab), 1), max(len(rows), 1))
        return sparse.csr_matrix((weights, (term_ids, doc_ids)), shape=shape, dtype=np.float32)

    # --- updates and queries --------------------------------------------------------------

    def put(self, row: int, doc: Sequence[str]) -> None:
        """A new document at ``row`` (or a changed one): scored from the delta from now on."""
        self.delta[row] = self._weights(doc, grow=True)
        self._delta_matrix = None

    @property
    def needs_rebuild(self) -> bool:
        return len(self.delta) > max(REBUILD_FROM, self.main_rows // 4)

    def query_vector(self, doc: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        return self._weights(doc, grow=False)

    def scores(self, query: Sequence[str], size: int) -> np.ndarray:
        """(size,) cosine of the query's lemmas with each row (0 where nothing is shared)."""
        out = np.zeros(size, dtype=np.float32)
        ids, weights = self.query_vector(query)
        if not len(ids):
            return out
        main = ids < self.main_vocab
        if main.any() and self.main_rows:
            picked = self.postings[ids[main]]
            main_scores = np.asarray(picked.T @ weights[main]).ravel()
            n = min(size, self.main_rows)
            out[:n] = main_scores[:n]
        if self.delta:
            rows, matrix = self._delta()
            q = np.zeros(matrix.shape[1], dtype=np.float32)
            q[ids] = weights
            keep = rows < size
            out[rows[keep]] = (matrix @ q)[keep]
        return out

    def _delta(self) -> tuple[np.ndarray, sparse.csr_matrix]:
        if self._delta_matrix is None:
            rows = np.array(sorted(self.delta), dtype=np.int64)
            parts = [self.delta[int(r)] for r in rows]
            lengths = np.array([len(ids) for ids, _w in parts], dtype=np.int64)
            r_idx = np.repeat(np.arange(len(parts)), lengths)
            cols = np.concatenate([ids for ids, _w in parts])
            data = np.concatenate([w for _ids, w in parts])
            shape = (len(parts), len(self.vocab))
            self._delta_matrix = (rows, sparse.csr_matrix((data, (r_idx, cols)), shape=shape))
        return self._delta_matrix

    def pair_scores(self, rows: np.ndarray, size: int) -> np.ndarray:
        """(len(rows), size) cosines between some indexed documents and every row (duplicates;
        call it on chunks of rows: the result is dense)."""
        by_doc = self.postings.tocsc()
        vectors = [self.delta.get(int(r)) or self._main_vector(by_doc, int(r)) for r in rows]
        lengths = np.array([len(ids) for ids, _w in vectors], dtype=np.int64)
        r_idx = np.repeat(np.arange(len(vectors)), lengths)
        cols = np.concatenate([ids for ids, _w in vectors]) if vectors else np.zeros(0, np.int32)
        data = np.concatenate([w for _ids, w in vectors]) if vectors else np.zeros(0, np.float32)
        q = sparse.csr_matrix((data, (r_idx, cols)), shape=(len(vectors), len(self.vocab)))
        out = np.zeros((len(vectors), size), dtype=np.float32)
        n = min(size, self.main_rows)
        if n and self.main_vocab:
            main = q[:, : self.main_vocab] @ self.postings
            out[:, :n] = main[:, :n].toarray()
        if self.delta:
            delta_rows, matrix = self._delta()
            keep = delta_rows < size
            out[:, delta_rows[keep]] = (q @ matrix.T).toarray()[:, keep]
        return out

    def _main_vector(self, by_doc: sparse.csc_matrix, row: int) -> tuple[np.ndarray, np.ndarray]:
        if row >= self.main_rows:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
        start, end = by_doc.indptr[row], by_doc.indptr[row + 1]
        return by_doc.indices[start:end], by_doc.data[start:end]
