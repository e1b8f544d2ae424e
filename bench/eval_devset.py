"""The insight engine on the hand-written development set (``bench/insights_devset/``).

    .venv/bin/python bench/eval_devset.py

Prints, each method next to the others in the same run:
  * similar ideas while typing: each French and English query (written by hand, a paraphrase of
    one République numérique proposal, see insights_devset/README.md) ranks the 696 proposals;
    top-1, top-5 and MRR per language;
  * suspected duplicates: each labelled pair (République numérique proposals, Toulouse projects
    across years) scored; ROC AUC, precision and recall at the console's threshold, and the best
    recall reachable at a precision of 0.9 or more.

Methods: a TF-IDF baseline (word cosine), the bare e5 cosine (the pipeline's own vectors) and
the product's score as the product computes it. Proposal texts are read from
``../shared/data`` (never copied here); embeddings are cached per text in var/bench/embeddings/.
"""

from __future__ import annotations

import csv
import hashlib
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
DEVSET = ROOT / "bench" / "insights_devset"
CACHE = ROOT / "var" / "bench" / "embeddings"

import insights_data as data  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402


def _setup_django() -> None:
    """The product's scoring code lives beside Django models: load the settings (no database
    is touched)."""
    os.environ.setdefault("COCREA_MODE", "test")
    os.environ.setdefault("COCREA_DATA_DIR", str(ROOT / "var" / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocrea.settings")
    import django

    django.setup()


# --- the development set ---------------------------------------------------------------------


@dataclass
class Query:
    qid: str
    lang: str
    targets: list[str]
    text: str


@dataclass
class Pair:
    source: str
    a: str
    b: str
    duplicate: bool
    kind: str
    reason: str


def _tsv(name: str) -> list[dict[str, str]]:
    with (DEVSET / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def queries() -> list[Query]:
    found = []
    for lang in ("fr", "en"):
        for row in _tsv(f"queries_{lang}.tsv"):
            targets = [t.strip() for t in row["targets"].split(",") if t.strip()]
            found.append(Query(row["qid"], lang, targets, row["query"]))
    return found


def pairs() -> list[Pair]:
    return [
        Pair(r["source"], r["a"], r["b"], r["label"] == "dup", r["kind"], r["reason"])
        for r in _tsv("pairs.tsv")
    ]


def toulouse_all() -> list[dict[str, str]]:
    """Toulouse 2019, 2022 and 2024 projects (2019 has no category, so insights_data leaves it
    out of the theme evaluation; pairs across years need it)."""
    import csv as _csv
    import io

    records = []
    for year in ("2019", "2022", "2024"):
        path = data.DATA / "pabulib-participatory-budgets" / f"France_Toulouse_{year}.pb"
        lines = path.read_text(encoding="utf-8").splitlines()
        start, end = lines.index("PROJECTS") + 1, lines.index("VOTES")
        for row in _csv.DictReader(io.StringIO("\n".join(lines[start:end])), delimiter=";"):
            records.append({"id": f"{year}-{row['project_id']}", "title": row["name"], "text": ""})
    return records


# --- embeddings, cached per text -------------------------------------------------------------


def _key(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:20]


_stores: dict[str, dict[str, np.ndarray]] = {}


def cached(name: str, texts: list[str], embed: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    """``embed(texts)``, cached per text in var/bench/embeddings/devset-<name>.npz."""
    path = CACHE / f"devset-{name}.npz"
    if name not in _stores:
        _stores[name] = {}
        if path.exists():
            with np.load(path) as saved:
                _stores[name] = dict(zip(saved["keys"].tolist(), saved["vectors"], strict=True))
    store = _stores[name]
    keys = [_key(t) for t in texts]
    missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in store}.items())
    if missing:
        started = time.perf_counter()
        vectors = embed([t for _k, t in missing])
        seconds = time.perf_counter() - started
        print(f"    [{name}] embedded {len(missing)} texts in {seconds:.1f} s")
        store.update(zip([k for k, _t in missing], vectors, strict=True))
        CACHE.mkdir(parents=True, exist_ok=True)
        np.savez(path, keys=np.array(list(store)), vectors=np.array(list(store.values())))
    return np.array([store[k] for k in keys], dtype=np.float32)


# --- methods ---------------------------------------------------------------------------------


@dataclass
class Corpus:
    """The ideas a query is ranked against (or a pair's source: its idf)."""

    ids: list[str]
    titles: list[str]
    bodies: list[str]

    def full(self) -> list[str]:
        return [
            f"{t}. {b}" if t and b else (t or b)
            for t, b in zip(self.titles, self.bodies, strict=True)
        ]


class Method:
    name = ""

    def fit(self, corpus: Corpus) -> None:
        raise NotImplementedError

    def rank(self, texts: list[str]) -> np.ndarray:
        """(len(texts), len(corpus)) scores of typed texts against every idea."""
        raise NotImplementedError

    def pair(self, i: int, j: int) -> float:
        """The score of two ideas of the corpus."""
        raise NotImplementedError


class Tfidf(Method):
    name = "baseline: TF-IDF word cosine"

    def fit(self, corpus: Corpus) -> None:
        self.vectorizer = TfidfVectorizer(sublinear_tf=True, strip_accents="unicode")
        self.matrix = self.vectorizer.fit_transform(corpus.full())

    def rank(self, texts: list[str]) -> np.ndarray:
        return np.asarray((self.vectorizer.transform(texts) @ self.matrix.T).todense())

    def pair(self, i: int, j: int) -> float:
        return float((self.matrix[i] @ self.matrix[j].T).toarray()[0, 0])


class BareE5(Method):
    name = "e5 cosine alone (stored vectors)"

    def fit(self, corpus: Corpus) -> None:
        from cocrea.insights.analysis import embedding

        sources = [
            embedding.source_text(t, b) for t, b in zip(corpus.titles, corpus.bodies, strict=True)
        ]
        self.vectors = cached(f"e5-{embedding.MAX_CHARS}", sources, embedding.embed)

    def rank(self, texts: list[str]) -> np.ndarray:
        from cocrea.insights.analysis import embedding

        typed = [embedding.source_text(t, "") for t in texts]
        return cached(f"e5-{embedding.MAX_CHARS}", typed, embedding.embed) @ self.vectors.T

    def pair(self, i: int, j: int) -> float:
        return float(self.vectors[i] @ self.vectors[j])


class ProductBefore(BareE5):
    """What the product computed before issue 13 (kept here to compare): the typed text cut at
    100 characters, e5 + max(0, 1.5 x lemma cosine - 0.1), unbounded, in any language."""

    name = "product before: e5 + lexical lift"

    def fit(self, corpus: Corpus) -> None:
        from cocrea.insights.analysis import language, lexical, text

        super().fit(corpus)
        self.lemmas = [text.lemmas(full, language.detect(full)) for full in corpus.full()]
        self.index = lexical.LexicalIndex(self.lemmas)

    def rank(self, texts: list[str]) -> np.ndarray:
        from cocrea.insights.analysis import embedding, lexical

        typed = [_cut(" ".join(t.split()), 100) for t in texts]
        dense = cached(f"e5-{embedding.MAX_CHARS}", typed, embedding.embed) @ self.vectors.T
        size = len(self.lemmas)
        words = np.vstack([self.index.scores(lexical.query_lemmas(t, ""), size) for t in texts])
        return lexical.fuse(dense, words)

    def pair(self, i: int, j: int) -> float:
        from cocrea.insights.analysis import lexical

        words = self.index.pair_scores(np.array([i]), len(self.lemmas))[0, j]
        dense = float(self.vectors[i] @ self.vectors[j])
        return float(lexical.fuse(np.array([dense]), np.array([words]))[0])


def _cut(text: str, size: int) -> str:
    if len(text) <= size:
        return text
    head = text[: size + 1]
    return head.rsplit(" ", 1)[0] if " " in head else text[:size]


def use_encode(texts: list[str]) -> np.ndarray:
    from cocrea.insights.analysis import vectors

    return vectors.encode(texts)


class Product(Method):
    """The product's own code (``similar._Matrix``, ``similar.Query``): several USE vectors
    per idea, the closest pair, bounded same-language lexical evidence, calibrated to [0, 1]."""

    name = "product: calibrated score (issue 13)"

    def fit(self, corpus: Corpus) -> None:
        from cocrea.insights import similar
        from cocrea.insights.analysis import language, lexical, text, vectors

        matrix = similar._Matrix()
        docs = []
        texts = [vectors.texts_of(t, b) for t, b in zip(corpus.titles, corpus.bodies, strict=True)]
        flat = cached("use", [t for group in texts for t in group], use_encode)
        at = 0
        for k, (group, full) in enumerate(zip(texts, corpus.full(), strict=True)):
            lang = language.detect(full)
            matrix.put(k, flat[at : at + len(group)], lang, None)
            at += len(group)
            docs.append(text.lemmas(full, lang))
        matrix.lexical = lexical.LexicalIndex(docs)
        self.matrix = matrix
        self.words: dict[int, np.ndarray] = {}

    def rank(self, texts: list[str]) -> np.ndarray:
        from cocrea.insights import similar
        from cocrea.insights.analysis import language, lexical, vectors

        out = np.zeros((len(texts), self.matrix.size), dtype=np.float32)
        for k, typed in enumerate(texts):
            rows = cached("use", vectors.texts_of(typed, "")[: similar.QUERY_TEXTS], use_encode)
            query = similar.Query(rows, lexical.query_lemmas(typed, ""), language.detect(typed))
            found, scores = self.matrix.score(query)
            out[k, found] = scores
        return out

    def pair(self, i: int, j: int) -> float:
        if i not in self.words:
            assert self.matrix.lexical is not None
            self.words[i] = self.matrix.lexical.pair_scores(np.array([i]), self.matrix.size)[0]
        return float(self.matrix.pair_scores(i, self.words[i])[j])


def methods() -> list[Method]:
    return [Tfidf(), BareE5(), ProductBefore(), Product()]


# --- measures --------------------------------------------------------------------------------


def retrieval(found: list[Query], corpus: Corpus, method: Method) -> dict[str, tuple]:
    position = {pid: i for i, pid in enumerate(corpus.ids)}
    out = {}
    for lang in ("fr", "en"):
        mine = [q for q in found if q.lang == lang]
        scores = method.rank([q.text for q in mine])
        top1 = top5 = rr = 0.0
        for q, row in zip(mine, scores, strict=True):
            wanted = {position[t] for t in q.targets}
            order = np.argsort(-row, kind="stable")
            rank = next(r for r, i in enumerate(order) if int(i) in wanted)
            top1 += rank == 0
            top5 += rank < 5
            rr += 1.0 / (rank + 1)
        n = len(mine)
        out[lang] = (top1 / n, top5 / n, rr / n, n)
    return out


def duplicates(scores: np.ndarray, gold: np.ndarray, threshold: float | None) -> str:
    auc = roc_auc_score(gold, scores)
    best = 0.0
    for t in np.unique(scores):
        chosen = scores >= t
        precision = (gold & chosen).sum() / max(chosen.sum(), 1)
        if precision >= 0.9:
            best = max(best, (gold & chosen).sum() / gold.sum())
    at = ""
    if threshold is not None:
        chosen = scores >= threshold
        precision = (gold & chosen).sum() / max(chosen.sum(), 1)
        recall = (gold & chosen).sum() / gold.sum()
        at = f"P {precision:.2f} R {recall:.2f} at {threshold:g}"
    return f"AUC {auc:.3f}  {at:<22}  best recall at P≥0.9: {best:.2f}"


def main() -> None:
    if not data.available():
        sys.exit("../shared/data is missing: nothing to evaluate")
    _setup_django()

    proposals = data.republique_proposals()
    rn = Corpus(
        [p["id"] for p in proposals],
        [p["title"] for p in proposals],
        [p["text"] for p in proposals],
    )
    toulouse = toulouse_all()
    tls = Corpus(
        [r["id"] for r in toulouse], [r["title"] for r in toulouse], ["" for _ in toulouse]
    )
    found, labelled = queries(), pairs()
    for q in found:
        missing = [t for t in q.targets if t not in rn.ids]
        assert not missing, f"{q.qid}: unknown proposal {missing}"
    print(
        f"dev set: {sum(q.lang == 'fr' for q in found)} French and "
        f"{sum(q.lang == 'en' for q in found)} English queries against {len(rn.ids)} proposals; "
        f"{len(labelled)} pairs ({sum(p.duplicate for p in labelled)} duplicates)"
    )
    print("\nsimilar ideas while typing: top-1 / top-5 / MRR")
    for method in methods():
        method.fit(rn)
        scores = retrieval(found, rn, method)
        cells = "   ".join(
            f"{lang} {t1:.3f} / {t5:.3f} / {mrr:.3f}" for lang, (t1, t5, mrr, _n) in scores.items()
        )
        print(f"  {method.name:<44} {cells}")
    line = f"{len(labelled)} pairs; threshold: 0.92 before, 0.5 now"
    print(f"\nsuspected duplicates ({line})")
    gold = np.array([p.duplicate for p in labelled])
    for method in methods():
        got = []
        for source, corpus in (("rn", rn), ("tls", tls)):
            method.fit(corpus)
            position = {pid: i for i, pid in enumerate(corpus.ids)}
            got += [
                (k, method.pair(position[p.a], position[p.b]))
                for k, p in enumerate(labelled)
                if p.source == source
            ]
        scores = np.array([s for _k, s in sorted(got)])
        threshold = {Product: 0.5, BareE5: 0.92, ProductBefore: 0.92}.get(type(method))
        print(f"  {method.name:<44} {duplicates(scores, gold, threshold)}")


if __name__ == "__main__":
    main()
