"""Quality of the insight engine on real, labelled data (``../shared/data``, never copied here).

    .venv/bin/python bench/eval_insights.py                 # ~1,000 arguments for similarity
    .venv/bin/python bench/eval_insights.py --arguments 0   # all 3,994 arguments (slower)

Prints, each next to a baseline computed in the same run:
  * themes vs real labels (NMI, ARI): République numérique proposals (18 sections), Toulouse
    2022+2024 projects (categories), US petitions (first tag); ours with k = number of labels
    and with our own choice of k; baseline TF-IDF + KMeans with k = number of labels;
  * similarity: each République numérique argument ranks all proposals; how often the proposal
    it was written for is first / in the top 5 (ours: the stored embeddings; baseline: TF-IDF);
  * sentiment vs the argument's stance (pour / contre), a sanity figure;
  * language detection accuracy on the same texts.

Embeddings are the pipeline's own (``cocrea.insights.analysis``), cached in var/bench/ by a
digest of the texts, so a second run takes seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import insights_data as data  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score  # noqa: E402

from cocrea.insights.analysis import (  # noqa: E402
    clustering,
    embedding,
    language,
    sentiment,
    text,
)

CACHE = ROOT / "var" / "bench" / "embeddings"


def embed_cached(texts: list[str]) -> np.ndarray:
    digest = hashlib.sha1("\x1e".join(texts).encode()).hexdigest()[:16]
    path = CACHE / f"e5-{embedding.MAX_CHARS}-{digest}.npy"
    if path.exists():
        return np.load(path)
    started = time.perf_counter()
    vectors = embedding.embed(texts)
    seconds = time.perf_counter() - started
    print(f"    embedded {len(texts)} texts in {seconds:.0f} s ({len(texts) / seconds:.1f}/s)")
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def full_text(record: dict[str, str]) -> str:
    return f"{record['title']}. {record['text']}" if record["title"] else record["text"]


def baseline_labels(records: list[dict[str, str]], k: int) -> np.ndarray:
    tfidf = TfidfVectorizer(sublinear_tf=True, min_df=2).fit_transform(
        [full_text(r) for r in records]
    )
    return KMeans(k, random_state=0, n_init=4).fit(tfidf).labels_


def themes(name: str, records: list[dict[str, str]], lang: str) -> None:
    gold = [r["label"] for r in records]
    k = len(set(gold))
    vectors = embed_cached([embedding.source_text(r["title"], r["text"]) for r in records])
    lemmas = [text.lemmas(full_text(r), lang) for r in records]
    base = baseline_labels(records, k)
    ours_k = clustering.cluster(vectors, lemmas, k=k).labels
    started = time.perf_counter()
    ours = clustering.cluster(vectors, lemmas).labels
    seconds = time.perf_counter() - started
    own_k = len(set(ours.tolist()))

    def score(labels: np.ndarray) -> str:
        nmi = normalized_mutual_info_score(gold, labels)
        ari = adjusted_rand_score(gold, labels)
        return f"NMI {nmi:.3f}  ARI {ari:.3f}"

    print(f"  {name}: {len(records)} items, {k} labels")
    print(f"    baseline TF-IDF + KMeans (k={k:2d})     {score(base)}")
    print(f"    ours, k = number of labels (k={k:2d})   {score(ours_k)}")
    print(f"    ours, own choice of k      (k={own_k:2d})   {score(ours)}   ({seconds:.1f} s)")


def similarity(proposals: list[dict[str, str]], arguments: list[dict[str, str]]) -> None:
    index = {p["id"]: i for i, p in enumerate(proposals)}
    arguments = [a for a in arguments if a["proposal"] in index]
    gold = np.array([index[a["proposal"]] for a in arguments])
    rows = np.arange(len(arguments))
    p_vectors = embed_cached([embedding.source_text(p["title"], p["text"]) for p in proposals])
    a_vectors = embed_cached([embedding.source_text("", a["text"]) for a in arguments])
    dense = a_vectors @ p_vectors.T
    tfidf = TfidfVectorizer(sublinear_tf=True).fit(
        [full_text(p) for p in proposals] + [a["text"] for a in arguments]
    )
    lexical = (
        tfidf.transform([a["text"] for a in arguments])
        @ tfidf.transform([full_text(p) for p in proposals]).T
    ).toarray()

    def ranks(scores: np.ndarray) -> str:
        rank = (scores > scores[rows, gold][:, None]).sum(axis=1)
        return f"top-1 {np.mean(rank == 0):.3f}  top-5 {np.mean(rank < 5):.3f}"

    print(f"  {len(arguments)} arguments ranking {len(proposals)} proposals")
    print(f"    baseline TF-IDF cosine              {ranks(lexical)}")
    print(f"    ours, e5 embeddings (as stored)     {ranks(dense)}")
    print(f"    e5 + 0.5 x TF-IDF (for reference)   {ranks(dense + 0.5 * lexical)}")


def stance(arguments: list[dict[str, str]]) -> None:
    scores = np.array([sentiment.polarity(a["text"], "fr") or 0.0 for a in arguments])
    stances = np.array([1 if a["label"] == "pour" else -1 for a in arguments])
    signed = scores != 0
    agree = np.mean(np.sign(scores[signed]) == stances[signed])
    print(f"  {len(arguments)} arguments, {signed.mean():.0%} with a non-zero sentiment")
    print(f"    sign agrees with the stance on {agree:.1%} of those (chance: 50 %)")
    for value, name in ((1, "pour"), (-1, "contre")):
        print(f"    mean sentiment of '{name}' arguments: {scores[stances == value].mean():+.3f}")


def languages(sets: dict[str, tuple[list[str], str]]) -> None:
    for name, (texts, expected) in sets.items():
        right = sum(language.detect(t) == expected for t in texts)
        print(f"  {name:38s} {right / len(texts):.3f}  ({len(texts)} texts, expected {expected})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--arguments", type=int, default=1000, help="sample (0 = all)")
    args = parser.parse_args()
    if not data.available():
        sys.exit(f"no shared data in {data.DATA}")
    started = time.perf_counter()
    proposals = data.republique_proposals()
    arguments = data.republique_arguments()
    sample = arguments
    if args.arguments and args.arguments < len(arguments):
        sample = random.Random(0).sample(arguments, args.arguments)
    print("== Themes against real labels")
    themes("République numérique proposals (sections)", proposals, "fr")
    themes("Toulouse 2022+2024 projects (categories)", data.toulouse_projects(), "fr")
    themes("US petitions (first tag)", data.us_petitions(), "en")
    print("== Similarity: argument -> the proposal it answers")
    if sample is not arguments:
        print(f"  (a seeded sample of {len(sample)} of the {len(arguments)} arguments)")
    similarity(proposals, sample)
    print("== Sentiment against the argument's stance")
    stance(arguments)
    print("== Language detection")
    languages(
        {
            "République numérique arguments (fr)": ([a["text"] for a in arguments], "fr"),
            "Toulouse titles (fr)": ([r["text"] for r in data.toulouse_projects()], "fr"),
            "US petition titles (en)": ([r["title"] for r in data.us_petitions()], "en"),
            "Decide Madrid comments (es -> other)": (
                [r["text"] for r in data.madrid_comments()],
                "other",
            ),
        }
    )
    print(f"== done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
