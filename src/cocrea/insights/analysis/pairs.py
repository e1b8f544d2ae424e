"""Same request or same topic? A small pair model on top of the similarity score.

Two ideas can be close in meaning and still be two requests a brand must not merge: the same
request for two places ("mosquito traps at Lardenne" / "at Bagatelle"), two requests for one
place ("toilets" / "bike parking" on place Job), a request and its opposite ("merge the CNIL and
the CADA" / "do not merge them"), a rule asked to be compulsory or offered as an option. The
model reads what differs between the two texts — places and names, numbers, the objects asked
for, negation, opposite verbs, compulsory against optional, length, language — next to the
calibrated similarity, and gives the probability that they are the same request, with the
reasons in words (codes the console translates).

It is a logistic regression of a few features, trained on the hand-labelled pairs of
``bench/insights_devset/pairs.tsv`` by ``bench/train_pair_model.py``; its weights are the small
file ``pair_model.json`` beside this module, and its precision and recall are reported by
cross-validation (docs/insights.md). Pure functions: no database, no Django.
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from cocrea.insights.analysis import text

MODEL_PATH = Path(__file__).with_name("pair_model.json")
START_CHARS = 240  # what the lexical features read: the title and the start of the body

# Words that introduce a place: what follows them, up to a stop, names the place.
_PLACE_WORDS = (
    "rue|avenue|av|boulevard|bd|place|parvis|allée|allées|chemin|impasse|square|parc|jardin|"
    "jardins|quartier|pont|route|quai|quais|rond-point|carrefour|cours|école|collège|lycée|"
    "bibliothèque|médiathèque|gare|métro|stade|bois|base|cité|street|road|park|garden|district|"
    "neighbourhood|neighborhood|station|school|library|bridge|town|city|ville|commune|région|"
    "département"
)
_PARTICLE = r"(?i:de|du|des|la|le|les|d'|l'|d\u2019|l\u2019|of|the)"
_PROPER = r"[A-ZÀ-ÖØ-Þ0-9][\w'\u2019-]*"
_PLACE = re.compile(
    rf"(?<!en )(?<!in )\b(?i:{_PLACE_WORDS})\s+((?:{_PARTICLE}\s*){{0,2}}{_PROPER}"
    rf"(?:\s+(?:{_PARTICLE}\s*){{0,2}}{_PROPER}){{0,3}})"
)
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-ZÀ-ÖØ-Þ][\w\u2019'-]{2,})")
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b")
_NEGATION = re.compile(
    r"\b(?:ne|n['\u2019])\s*(?:\w+\s+)?(?:pas|plus|jamais|aucun)\b|\bnon\b(?!-)|\bsans\b|\bpas\s+(?:de|d['\u2019]|le|la|les)\b"
    r"|\bnot\b|\bno\b|\bnever\b|\bwithout\b|\bdon['\u2019]?t\b|\bdo not\b|\bdoes not\b",
    re.IGNORECASE,
)
_REMOVE = frozenset(
    [
        "supprimer",
        "suppression",
        "abolir",
        "abolition",
        "interdire",
        "interdiction",
        "arrêter",
        "stopper",
        "stop",
        "démanteler",
        "démantèlement",
        "fermer",
        "fermeture",
        "réduire",
        "réduction",
        "limiter",
        "limitation",
        "bloquer",
        "ban",
        "abolish",
        "remove",
        "removal",
        "scrap",
        "prohibit",
        "forbid",
        "reduce",
        "limit",
        "close",
        "block",
        "end",
    ]
)
_COMPULSORY = frozenset(
    [
        "obligatoire",
        "obligation",
        "obliger",
        "imposer",
        "contraindre",
        "systématique",
        "must",
        "mandatory",
        "compulsory",
        "require",
        "required",
        "requirement",
        "force",
        "forced",
        "oblige",
    ]
)
_OPTIONAL = frozenset(
    [
        "facultatif",
        "volontaire",
        "volontariat",
        "optionnel",
        "option",
        "possibilité",
        "permettre",
        "gratuit",
        "libre",
        "optional",
        "voluntary",
        "allow",
        "opt",
        "free",
    ]
)
_GENERIC = frozenset(
    [
        "mettre",
        "place",
        "installer",
        "installation",
        "créer",
        "création",
        "aménager",
        "aménagement",
        "faire",
        "nouveau",
        "nouvelle",
        "projet",
        "proposer",
        "proposition",
        "quartier",
        "ville",
        "rue",
        "article",
        "loi",
        "plus",
        "install",
        "create",
        "new",
        "project",
        "add",
        "ajout",
        "ajouter",
    ]
)


@dataclass
class Side:
    """What the pair model reads of one idea."""

    language: str
    lemmas: frozenset[str]
    title_lemmas: frozenset[str]  # what is asked for, as the title says it
    places: frozenset[str]
    names: frozenset[str]
    numbers: frozenset[str]
    negation: bool
    removes: bool
    compulsory: bool
    optional: bool
    length: int
    spelled: dict[str, str] = field(default_factory=dict)  # lemma -> a word as written


def side(title: str, body: str, language: str) -> Side:
    title, body = " ".join(title.split()), " ".join(body.split())
    start = f"{title}. {body}" if title and body else (title or body)
    start = start[:START_CHARS]
    lang = language if language in ("fr", "en") else "fr"
    words = text._words(start, lang)  # (lemma or None, word as written)
    lemmas = {lemma for lemma, _w in words if lemma}
    spelled: dict[str, str] = {}
    for lemma, word in words:
        if lemma and lemma not in spelled:
            spelled[lemma] = word
    places = {_norm(m) for m in _PLACE.findall(start)}
    names = {_norm(m) for m in _NAME.findall(_without_first_word(start))} - _place_words()
    head = {lemma for lemma, _w in text._words(title, lang) if lemma} if title else lemmas
    return Side(
        language=language,
        lemmas=frozenset(lemmas),
        title_lemmas=frozenset(head),
        places=frozenset(p for p in places if p),
        names=frozenset(n for n in names if n not in text.stop_words(lang)),
        numbers=frozenset(_NUMBER.findall(start)),
        negation=bool(_NEGATION.search(start)),
        removes=bool(lemmas & _REMOVE),
        compulsory=bool(lemmas & _COMPULSORY),
        optional=bool(lemmas & _OPTIONAL),
        length=len(title) + len(body),
        spelled=spelled,
    )


_PARTICLES = frozenset(
    ["de", "du", "des", "la", "le", "les", "d'", "l'", "d\u2019", "l\u2019", "of", "the"]
)


def _norm(value: str) -> str:
    """Lower-cased words, digits kept, leading particles dropped ("du Barry" -> "barry")."""
    words = re.findall(r"[\w\u2019'-]+", value.lower())
    while words and words[0] in _PARTICLES:
        words = words[1:]
    return " ".join(words)


def _without_first_word(value: str) -> str:
    return value.split(" ", 1)[1] if " " in value else ""


@functools.cache
def _place_words() -> frozenset[str]:
    return frozenset(_PLACE_WORDS.split("|"))


FEATURES = (
    "similarity",
    "place_conflict",
    "name_conflict",
    "number_conflict",
    "objects_differ",
    "negation_differs",
    "removal_differs",
    "modality_differs",
    "length_ratio",
    "cross_language",
)


def _conflict(a: frozenset[str], b: frozenset[str]) -> float:
    """1 when both name something and nothing in common; 0 when one names nothing."""
    if not a or not b:
        return 0.0
    if a & b:
        return 0.0
    # "jardin du barry" and "barry" are the same place: compare words too
    words_a = {w for item in a for w in item.split()}
    words_b = {w for item in b for w in item.split()}
    return 0.0 if (words_a & words_b) - _PARTICLES else 1.0


def _objects_differ(a: Side, b: Side) -> float:
    """How much each side asks for that the other does not (the smaller of the two shares):
    near 0 when one text only adds detail to the other, near 1 when both ask for other things."""
    skip = _GENERIC | {w for item in a.places | b.places for w in item.split()}
    la, lb = a.title_lemmas - skip, b.title_lemmas - skip
    if not la or not lb:
        return 0.0
    return min(len(la - lb) / len(la), len(lb - la) / len(lb))


def _same_language(a: Side, b: Side) -> bool:
    """Different only when both are surely French or English (a short title is often "other")."""
    return a.language == b.language or not {a.language, b.language} <= {"fr", "en"}


def features(a: Side, b: Side, similarity: float) -> np.ndarray:
    """The pair's features, in the order of FEATURES (``similarity``: the calibrated score,
    read as its logit, which is linear in the raw score)."""
    same = _same_language(a, b)
    p = min(max(similarity, 1e-4), 1 - 1e-4)
    values = {
        "similarity": math.log(p / (1 - p)),
        "place_conflict": _conflict(a.places, b.places),
        "name_conflict": _conflict(a.names, b.names) if same else 0.0,
        "number_conflict": _conflict(a.numbers, b.numbers),
        "objects_differ": _objects_differ(a, b) if same else 0.0,
        "negation_differs": float(a.negation != b.negation),
        "removal_differs": float(a.removes != b.removes),
        "modality_differs": float(
            (a.compulsory and not b.compulsory and b.optional)
            or (b.compulsory and not a.compulsory and a.optional)
            or (a.compulsory != b.compulsory)
        ),
        "length_ratio": abs(math.log((a.length + 20) / (b.length + 20))),
        "cross_language": 0.0 if same else 1.0,
    }
    return np.array([values[name] for name in FEATURES], dtype=np.float64)


@dataclass
class Verdict:
    """The pair model's answer: the probability of the same request, and why in words:
    (code, words) with code ``same`` (what both ask for), ``place``, ``name``, ``number``,
    ``object``, ``negation``, ``removal``, ``modality`` or ``language``."""

    probability: float
    reasons: list[tuple[str, str]]


@functools.cache
def _weights() -> tuple[np.ndarray, float]:
    saved = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    if list(saved["features"]) != list(FEATURES):
        raise ValueError("pair_model.json does not match the features of analysis/pairs.py")
    return np.array(saved["weights"], dtype=np.float64), float(saved["intercept"])


def probability(values: np.ndarray) -> float:
    weights, intercept = _weights()
    z = float(values @ weights + intercept)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def judge(a: Side, b: Side, similarity: float) -> Verdict:
    values = features(a, b, similarity)
    return Verdict(probability(values), reasons(a, b, dict(zip(FEATURES, values, strict=True))))


def reasons(a: Side, b: Side, values: dict[str, float]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    # What both ask for: the words they share, or (two languages) the older one's words.
    shared = sorted(a.lemmas & b.lemmas - _GENERIC, key=lambda w: (-len(w), w))[:3]
    if not shared and values["cross_language"]:
        shared = sorted(a.lemmas - _GENERIC, key=lambda w: (-len(w), w))[:3]
    if shared:
        found.append(("same", " ".join(a.spelled.get(w, w) for w in shared)))
    if values["place_conflict"]:
        found.append(("place", f"{_first(a.places)} / {_first(b.places)}"))
    elif values["name_conflict"]:
        found.append(("name", f"{_first(a.names)} / {_first(b.names)}"))
    if values["number_conflict"]:
        found.append(("number", f"{_first(a.numbers)} / {_first(b.numbers)}"))
    if values["objects_differ"] >= 0.5:
        only_a = sorted(a.title_lemmas - b.lemmas - _GENERIC, key=lambda w: (-len(w), w))[:2]
        only_b = sorted(b.title_lemmas - a.lemmas - _GENERIC, key=lambda w: (-len(w), w))[:2]
        if only_a and only_b:
            words_a = " ".join(a.spelled.get(w, w) for w in only_a)
            words_b = " ".join(b.spelled.get(w, w) for w in only_b)
            found.append(("object", f"{words_a} / {words_b}"))
    for code in ("negation", "removal", "modality"):
        key = {"negation": "negation_differs", "removal": "removal_differs"}.get(
            code, "modality_differs"
        )
        if values[key]:
            found.append((code, ""))
    if values["cross_language"]:
        found.append(("language", f"{a.language} / {b.language}"))
    return found


def _first(values: frozenset[str]) -> str:
    return sorted(values, key=lambda v: (-len(v), v))[0] if values else ""
