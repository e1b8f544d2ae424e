"""Needs and wishes: the sentences that ask for something ("il faudrait…", "I wish…").

A sentence is a need when it contains one of the cue phrases of its language, matched on word
boundaries, apostrophes normalised. The cue is kept with the sentence, so the dashboard can show
which kind of wish it is. Simple and explainable on purpose: a brand reads the sentence itself.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class NeedFound(NamedTuple):
    sentence: str
    cue: str


CUES = {
    "fr": [
        "il faudrait",
        "faudrait",
        "il faut",
        "j'aimerais",
        "j'aimerai",
        "nous aimerions",
        "on aimerait",
        "ce serait bien",
        "ce serait super",
        "ce serait génial",
        "ce serait top",
        "il serait bien",
        "il serait utile",
        "il serait souhaitable",
        "serait-il possible",
        "pourquoi ne pas",
        "pourriez-vous",
        "pourrait-on",
        "pouvez-vous",
        "je souhaite",
        "je souhaiterais",
        "nous souhaitons",
        "nous souhaiterions",
        "je voudrais",
        "nous voudrions",
        "on voudrait",
        "il manque",
        "ce qui manque",
        "j'ai besoin",
        "nous avons besoin",
        "on a besoin",
        "besoin de",
        "je propose",
        "nous proposons",
        "je suggère",
        "devrait",
        "devraient",
        "merci d'ajouter",
        "ajoutez",
    ],
    "en": [
        "i wish",
        "we wish",
        "please add",
        "please make",
        "please",
        "it would be nice",
        "it would be great",
        "would be nice",
        "would be great",
        "would be good",
        "i would like",
        "i'd like",
        "we would like",
        "we'd like",
        "i'd love",
        "i would love",
        "we need",
        "i need",
        "need to",
        "needs to",
        "should",
        "why not",
        "could you",
        "can you add",
        "i want",
        "we want",
        "is missing",
        "there is no",
        "i hope",
        "we ask",
        "we call on",
        "make it possible",
    ],
}
_SENTENCE = re.compile(r"[^.!?\n…]+[.!?…]*", re.UNICODE)
_MAX_SENTENCE = 400
_MAX_NEEDS = 5


def _pattern(lang: str) -> re.Pattern[str]:
    # Longest cues first, so "il faudrait" wins over "faudrait".
    cues = sorted(CUES[lang], key=len, reverse=True)
    alternatives = "|".join(re.escape(cue) for cue in cues)
    return re.compile(rf"(?<![\w'])({alternatives})(?![\w'])", re.IGNORECASE)


_PATTERNS = {lang: _pattern(lang) for lang in CUES}


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if len(s.strip()) > 3]


def extract(text: str, lang: str) -> list[NeedFound]:
    """The need sentences of ``text`` (at most five), each with the cue that marks it."""
    patterns = [_PATTERNS[lang]] if lang in _PATTERNS else list(_PATTERNS.values())
    found: list[NeedFound] = []
    for sentence in sentences(text.replace("\u2019", "'")):
        for pattern in patterns:
            match = pattern.search(sentence)
            if match:
                found.append(NeedFound(sentence[:_MAX_SENTENCE], match.group(1).lower()))
                break
        if len(found) >= _MAX_NEEDS:
            break
    return found
