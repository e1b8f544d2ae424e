"""Sentiment of a contribution, from -1 (negative) to 1 (positive).

English: VADER's compound score (a lexicon and rules made for short social texts). French:
textblob-fr's polarity (the Pattern French adjective lexicon, with negation and intensifiers),
packaged with its lexicon, so it runs offline; importing it imports NLTK (~2 s once per
process) but needs no NLTK download. Other languages: None (not measured, rather than wrong).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

_SAMPLE = 5_000
_analysers: dict[str, Callable[[str], float]] = {}
_lock = threading.Lock()


def _english() -> Callable[[str], float]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyser = SentimentIntensityAnalyzer()
    return lambda text: float(analyser.polarity_scores(text)["compound"])


def _french() -> Callable[[str], float]:
    from textblob_fr.fr import sentiment

    def score(text: str) -> float:
        result: Any = sentiment(text)
        return float(result[0])

    return score


_FACTORIES = {"en": _english, "fr": _french}


def _analyser(lang: str) -> Callable[[str], float]:
    if lang not in _analysers:
        with _lock:
            if lang not in _analysers:
                _analysers[lang] = _FACTORIES[lang]()
    return _analysers[lang]


def polarity(text: str, lang: str) -> float | None:
    if lang not in _FACTORIES or not text.strip():
        return None
    value = _analyser(lang)(text[:_SAMPLE])
    return max(-1.0, min(1.0, round(value, 4)))
