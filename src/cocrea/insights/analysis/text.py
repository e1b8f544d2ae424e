"""Words of a contribution: tokens, lemmas without stop words, and key phrases (yake)."""

from __future__ import annotations

import functools
import itertools
import re
import threading
from collections import Counter
from typing import Any

import simplemma
from stop_words import get_stop_words

_WORD = re.compile(r"[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*")
_ELISION = re.compile(r"^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)['\u2019]", re.IGNORECASE)
_KEYWORD_SAMPLE = 1_200  # characters given to yake (its cost grows with the text): the start
_extractors: dict[str, Any] = {}
_lock = threading.Lock()


@functools.cache
def stop_words(lang: str) -> frozenset[str]:
    """Stop words of ``fr`` or ``en`` (both for ``other``: mixed or unknown text)."""
    words = get_stop_words("french") if lang == "fr" else get_stop_words("english")
    if lang not in ("fr", "en"):
        words = [*get_stop_words("french"), *get_stop_words("english")]
    extra = {"fr": ["être", "avoir", "faire", "plus", "tout", "cela", "ça"], "en": ["would"]}
    return frozenset(w.lower() for w in [*words, *extra.get(lang, [])])


def tokens(text: str) -> list[str]:
    """Lower-cased words, French elisions removed (l'eau → eau)."""
    return [_ELISION.sub("", word.lower()) for word in _WORD.findall(text)]


def lemmas(text: str, lang: str) -> list[str]:
    """Lemmas of the content words (stop words, one-letter words dropped)."""
    return [lemma for lemma, _word in _words(text, lang) if lemma is not None]


def _words(text: str, lang: str) -> list[tuple[str | None, str]]:
    """Every word as written (lower-cased), with its lemma, or None for a stop word."""
    stops = stop_words(lang)
    found: list[tuple[str | None, str]] = []
    for word in tokens(text):
        lemma = None
        if len(word) > 1 and word not in stops:
            lemma = simplemma.lemmatize(word, lang=lang) if lang in ("fr", "en") else word
            lemma = lemma.lower()
            if lemma in stops or len(lemma) < 2:
                lemma = None
        found.append((lemma, word))
    return found


class Spelling:
    """How a few texts write their lemmas: which word each lemma is most often written as, and
    which lemmas stand side by side. Key phrases are found among lemmas with the stop words
    taken out ("tasse consigné", and also "sinon prendre" from "sinon il prendra");
    this tells the phrases the texts really say and spells them as written.
    ``texts`` are (text, language) pairs."""

    def __init__(self, texts: list[tuple[str, str]]) -> None:
        self.written: dict[str, Counter[str]] = {}
        self.adjacent: set[tuple[str, str]] = set()
        for body, lang in texts:
            words = _words(body, lang)
            for lemma, word in words:
                if lemma is not None:
                    self.written.setdefault(lemma, Counter())[word] += 1
            for (first, _a), (second, _b) in itertools.pairwise(words):
                if first is not None and second is not None:
                    self.adjacent.add((first, second))

    def says(self, phrase: str) -> bool:
        """Whether the words of ``phrase`` stand side by side in one of the texts."""
        return all(pair in self.adjacent for pair in itertools.pairwise(phrase.split()))

    def spell(self, phrase: str) -> str:
        """``phrase`` with each lemma as the texts most often write it ("sucré" for "sucrer");
        a lemma no text writes stays as it is."""
        return " ".join(
            self.written[lemma].most_common(1)[0][0] if lemma in self.written else lemma
            for lemma in phrase.split()
        )


def _extractor(lang: str) -> Any:
    key = lang if lang in ("fr", "en") else "en"
    if key not in _extractors:
        with _lock:
            if key not in _extractors:
                import yake

                _extractors[key] = yake.KeywordExtractor(
                    lan=key, n=2, top=12, dedup_lim=0.7, stopwords=set(stop_words(key))
                )
    return _extractors[key]


def keywords(text: str, lang: str, limit: int = 5) -> list[str]:
    """The contribution's key phrases, best first (yake: lower score is better)."""
    sample = text[:_KEYWORD_SAMPLE]
    if not _WORD.search(sample):
        return []
    try:
        found = _extractor(lang).extract_keywords(sample)
    except (ValueError, ZeroDivisionError, IndexError):  # yake on degenerate input
        return []
    return _distinct([phrase.lower() for phrase, _score in found], lang, limit)


def _distinct(phrases: list[str], lang: str, limit: int) -> list[str]:
    """Drop a phrase whose lemmas repeat or contain those of a better one ("gobelets
    consignés" after "gobelet consigné", "gobelet" after both)."""
    kept: list[str] = []
    keys: list[set[str]] = []
    for phrase in phrases:
        key = {
            simplemma.lemmatize(word, lang=lang).lower() if lang in ("fr", "en") else word
            for word in tokens(phrase)
        }
        if not key or any(key <= other or other <= key for other in keys):
            continue
        kept.append(phrase)
        keys.append(key)
        if len(kept) == limit:
            break
    return kept
