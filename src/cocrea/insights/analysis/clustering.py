"""Themes: clusters of contribution embeddings, labelled with their key phrases.

* ``cluster``: the L2-normalised embeddings (cosine geometry) joined with a lighter (weight
  0.3) latent semantic view of the lemmas (TF-IDF reduced to 100 dimensions by SVD): the
  embedding brings meaning across languages and paraphrases, the lemmas the domain's own words.
  From 50 to 5,000 items they are partitioned by spectral clustering of the cosine
  15-nearest-neighbours graph, which scored higher than k-means on all three labelled sets;
  below, and above 5,000 items (time and memory), by k-means (MiniBatchKMeans from 20,000,
  which keeps 100k voices under a minute). Unless k is given, it is chosen among 1, 1.5 and
  2 x sqrt(n / 2) (at most 60) by the mean silhouette on a sample: no label is ever used.
  Centroids are given in the embedding space only, where new voices are placed as they arrive.
* ``label``: class-based TF-IDF (c-TF-IDF, as BERTopic) over the lemmas of each theme: the words
  and word pairs frequent in this theme and rare in the others.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import KMeans, MiniBatchKMeans, SpectralClustering
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import silhouette_score

MIN_K, MAX_K = 2, 60
K_FACTORS = (1.0, 1.5, 2.0)  # x sqrt(n / 2): the candidate numbers of themes
SPECTRAL_FROM, SPECTRAL_UPTO = 50, 5_000
NEIGHBOURS = 15
_SAMPLE = 3_000
_MINIBATCH_FROM = 20_000
LEMMA_WEIGHT = 0.3
LSA_DIMS = 100


@dataclass
class Clusters:
    labels: np.ndarray  # (n,) theme index of each item
    centroids: np.ndarray  # (k, dim), L2-normalised
    similarity: np.ndarray  # (n,) cosine of each item to its centroid


def normalise(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32)


def default_k(n: int) -> int:
    return max(MIN_K, min(MAX_K, round(math.sqrt(n / 2))))


def _fit(x: np.ndarray, k: int, seed: int) -> KMeans | MiniBatchKMeans:
    if len(x) >= _MINIBATCH_FROM:
        model = MiniBatchKMeans(
            n_clusters=k, random_state=seed, batch_size=4096, n_init=3, max_iter=50
        )
    else:
        model = KMeans(n_clusters=k, random_state=seed, n_init=4)
    return model.fit(x)


def _spectral(x: np.ndarray, k: int, seed: int) -> np.ndarray:
    """Spectral clustering of the cosine k-nearest-neighbours graph (what beat k-means on all
    three labelled sets, docs/insights.md); for up to ``SPECTRAL_UPTO`` items."""
    model = SpectralClustering(
        n_clusters=k,
        affinity="nearest_neighbors",
        n_neighbors=min(NEIGHBOURS, len(x) - 1),
        random_state=seed,
        assign_labels="cluster_qr",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "graph is not fully connected": islands are themes
        return np.asarray(model.fit_predict(x))


def partition(x: np.ndarray, k: int, seed: int = 0) -> np.ndarray:
    """Labels of ``x`` in ``k`` groups: spectral for SPECTRAL_FROM..SPECTRAL_UPTO items,
    k-means below (too few for a graph) and above (time and memory; mini-batch from 20,000)."""
    if SPECTRAL_FROM <= len(x) <= SPECTRAL_UPTO and k < len(x) - 1:
        return _spectral(x, k, seed)
    model = _fit(x, k, seed)
    return np.asarray(model.predict(x) if isinstance(model, MiniBatchKMeans) else model.labels_)


def candidate_ks(n: int) -> list[int]:
    base = default_k(n)
    return sorted({max(MIN_K, min(MAX_K, n - 1, round(base * f))) for f in K_FACTORS})


def choose_k(x: np.ndarray, seed: int = 0) -> int:
    """Among 1, 1.5 and 2 x sqrt(n/2) (at most 60), the k whose partition has the best mean
    silhouette (cosine) on a sample of 3,000 items — a criterion that never sees a label."""
    n = len(x)
    candidates = candidate_ks(n)
    if n < 8 or len(candidates) == 1:
        return max(1, min(candidates[0] if candidates else 1, n))
    rng = np.random.default_rng(seed)
    sample = x[rng.choice(n, size=min(n, _SAMPLE), replace=False)]
    best_k, best_score = candidates[0], -2.0
    for k in candidates:
        if k >= len(sample) - 1:
            continue
        labels = partition(sample, k, seed)
        if len(set(labels.tolist())) < 2:
            continue
        score = float(silhouette_score(sample, labels, metric="cosine"))
        if score > best_score:
            best_k, best_score = k, score
    return best_k


def lemma_view(docs: list[list[str]]) -> np.ndarray | None:
    """TF-IDF of the lemmas reduced by SVD, L2-normalised; None when there are too few words."""
    if len(docs) < 10:
        return None
    try:
        tfidf = TfidfVectorizer(
            sublinear_tf=True, min_df=2, max_df=0.5, analyzer=lambda doc: doc
        ).fit_transform(docs)
    except ValueError:  # no term left after min_df / max_df
        return None
    dims = min(LSA_DIMS, tfidf.shape[1] - 1, len(docs) - 1)
    if dims < 2:
        return None
    reduced = TruncatedSVD(dims, random_state=0, algorithm="randomized", n_iter=4)
    return normalise(reduced.fit_transform(tfidf))


def cluster(
    embeddings: np.ndarray,
    lemmas: list[list[str]] | None = None,
    k: int | None = None,
    seed: int = 0,
) -> Clusters:
    x = normalise(np.asarray(embeddings, dtype=np.float32))
    n = len(x)
    if n == 0:
        return Clusters(np.zeros(0, dtype=int), np.zeros((0, x.shape[1])), np.zeros(0))
    features = x
    words = lemma_view(lemmas) if lemmas is not None else None
    if words is not None:
        features = normalise(np.hstack([x, LEMMA_WEIGHT * words]).astype(np.float32))
    k = min(n, k or choose_k(features, seed))
    labels = np.zeros(n, dtype=int) if k <= 1 else partition(features, k, seed)
    return _in_embedding_space(x, labels)


def _in_embedding_space(x: np.ndarray, labels: np.ndarray) -> Clusters:
    """Centroids and similarities in the embedding space; labels renumbered 0..k-1."""
    _values, labels = np.unique(labels, return_inverse=True)
    k = int(labels.max()) + 1
    sums = np.zeros((k, x.shape[1]), dtype=np.float64)
    np.add.at(sums, labels, x)
    centroids = normalise(sums)
    similarity = np.einsum("ij,ij->i", x, centroids[labels])
    return Clusters(labels, centroids, similarity)


def _terms(lemmas: list[str]) -> list[str]:
    return lemmas + [f"{a} {b}" for a, b in itertools.pairwise(lemmas)]


def label(
    docs: list[list[str]],
    labels: np.ndarray,
    top: int = 8,
    keep: Callable[[int, str], bool] | None = None,
) -> dict[int, list[str]]:
    """The key phrases of each theme by c-TF-IDF over the lemmas of its contributions;
    ``keep(theme, term)`` may refuse a term before the best ones are chosen."""
    per_class: dict[int, Counter[str]] = {}
    for lemmas, theme in zip(docs, labels.tolist(), strict=True):
        per_class.setdefault(theme, Counter()).update(_terms(lemmas))
    frequency: Counter[str] = Counter()
    for counts in per_class.values():
        frequency.update(counts)
    average = sum(frequency.values()) / max(1, len(per_class))
    phrases = {}
    for theme, counts in per_class.items():
        total = sum(counts.values()) or 1
        scores = {
            term: (count / total) * math.log(1 + average / frequency[term])
            for term, count in counts.items()
            if count > 1 or total < 50
        }
        ranked = sorted(scores, key=lambda t: scores[t], reverse=True)
        if keep is not None:
            ranked = [term for term in ranked if keep(theme, term)]
        phrases[theme] = _dedupe(ranked, top)
    return phrases


def _dedupe(terms: list[str], top: int) -> list[str]:
    """Best terms, skipping a word already said inside a kept pair (and the reverse)."""
    kept: list[str] = []
    for term in terms:
        words = set(term.split())
        if any(words <= set(k.split()) or set(k.split()) <= words for k in kept):
            continue
        kept.append(term)
        if len(kept) == top:
            break
    return kept
