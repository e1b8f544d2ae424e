"""A theme's summary: the one sentence of its voices that best says what the theme is about.

Extractive, so it is always something a member wrote: among the sentences of the voices nearest
the theme's centre (centre first), the one whose content lemmas cover the most of the theme's
key phrases (the first ones weigh more), with a small preference for the voices nearest the
centre; sentences too short to say anything or too long to read at a glance are skipped.
"""

from __future__ import annotations

import re

from cocrea.insights.analysis import support, text

MIN_CHARS, MAX_CHARS = 25, 240
_SENTENCE = re.compile(r"(?<=[.!?…])\s+|\n+")


def sentences(body: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(body) if s.strip()]


def sentence(texts: list[tuple[str, str]], keyphrases: list[str]) -> str:
    """The best sentence of ``texts`` ((text, language), nearest the centre first) for these
    key phrases; "" when no sentence is readable."""
    weights: dict[str, float] = {}
    for rank, phrase in enumerate(keyphrases):
        for word in phrase.split():
            for lang in ("fr", "en"):
                for lemma in text.lemmas(word, lang):
                    weights.setdefault(lemma, 1.0 / (1 + rank))
    best, best_score = "", -1.0
    for position, (body, lang) in enumerate(texts):
        for candidate in sentences(body):
            if not MIN_CHARS <= len(candidate) <= MAX_CHARS:
                continue
            lemmas = text.lemmas(candidate, lang)
            if support.is_low_information(lemmas):
                continue
            covered = sum(weights.get(lemma, 0.0) for lemma in set(lemmas))
            score = covered + 0.5 / (1 + position)
            if score > best_score:
                best, best_score = candidate, score
    return best
