"""Train the duplicate pair model on the hand-labelled pairs and report it by cross-validation.

    COCREA_SHARED_DATA=/work/shared/data .venv/bin/python bench/train_pair_model.py [--write]

Reads ``bench/insights_devset/pairs.tsv`` (République numérique proposals and Toulouse projects
across years, from ``../shared/data``), computes the product's features of each pair
(``analysis.pairs.features``: the calibrated similarity and what differs), and prints, from
out-of-fold probabilities (stratified 5-fold, repeated 20 times with other seeds): ROC AUC,
precision and recall at the console's threshold, and the best recall at a precision of 0.9 or
more; then the weights fitted on all the pairs. ``--write`` saves them to
``src/cocrea/insights/analysis/pair_model.json`` (the product's file). Also prints the cost of
judging one pair.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import eval_devset as ev  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402

C = 1.0  # L2 strength: 10 weights on 174 pairs, kept small on purpose (not tuned)
THRESHOLD = 0.5


def pair_features() -> tuple[np.ndarray, np.ndarray, list[ev.Pair]]:
    import insights_data as data

    from cocrea.insights.analysis import language, pairs

    labelled = ev.pairs()
    proposals = data.republique_proposals()
    corpora = {
        "rn": ev.Corpus(
            [p["id"] for p in proposals],
            [p["title"] for p in proposals],
            [p["text"] for p in proposals],
        ),
        "tls": ev.Corpus(*_toulouse()),
    }
    rows: dict[int, np.ndarray] = {}
    for source, corpus in corpora.items():
        product = ev.Product()
        product.fit(corpus)
        position = {pid: i for i, pid in enumerate(corpus.ids)}
        sides = {}
        for k, pair in enumerate(labelled):
            if pair.source != source:
                continue
            for pid in (pair.a, pair.b):
                if pid not in sides:
                    i = position[pid]
                    full = corpus.full()[i]
                    sides[pid] = pairs.side(
                        corpus.titles[i], corpus.bodies[i], language.detect(full)
                    )
            similarity = product.pair(position[pair.a], position[pair.b])
            rows[k] = pairs.features(sides[pair.a], sides[pair.b], similarity)
    x = np.vstack([rows[k] for k in range(len(labelled))])
    y = np.array([p.duplicate for p in labelled])
    return x, y, labelled


def _toulouse() -> tuple[list[str], list[str], list[str]]:
    records = ev.toulouse_all()
    return [r["id"] for r in records], [r["title"] for r in records], ["" for _ in records]


def out_of_fold(x: np.ndarray, y: np.ndarray, repeats: int = 20) -> np.ndarray:
    """(repeats, n) probabilities, each from a model that never saw the pair."""
    found = np.zeros((repeats, len(y)))
    for seed in range(repeats):
        for train, test in StratifiedKFold(5, shuffle=True, random_state=seed).split(x, y):
            model = LogisticRegression(C=C, max_iter=1000).fit(x[train], y[train])
            found[seed, test] = model.predict_proba(x[test])[:, 1]
    return found


def report(name: str, scores: np.ndarray, y: np.ndarray, threshold: float | None) -> None:
    aucs, precisions, recalls, bests = [], [], [], []
    for row in np.atleast_2d(scores):
        aucs.append(roc_auc_score(y, row))
        best = 0.0
        for t in np.unique(row):
            chosen = row >= t
            if (y & chosen).sum() / max(chosen.sum(), 1) >= 0.9:
                best = max(best, (y & chosen).sum() / y.sum())
        bests.append(best)
        if threshold is not None:
            chosen = row >= threshold
            precisions.append((y & chosen).sum() / max(chosen.sum(), 1))
            recalls.append((y & chosen).sum() / y.sum())
    at = (
        f"P {np.mean(precisions):.2f} R {np.mean(recalls):.2f} at {threshold}"
        if threshold is not None
        else ""
    )
    print(
        f"  {name:<46} AUC {np.mean(aucs):.3f}  {at:<20}  "
        f"best recall at P≥0.9: {np.mean(bests):.2f} (min {np.min(bests):.2f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true", help="save the weights for the product")
    args = parser.parse_args()
    ev._setup_django()
    from cocrea.insights.analysis import pairs

    x, y, labelled = pair_features()
    print(f"{len(y)} pairs, {int(y.sum())} duplicates; features: {', '.join(pairs.FEATURES)}")
    report("similarity alone (calibrated score)", x[:, 0], y, THRESHOLD)
    oof = out_of_fold(x, y)
    report("pair model, out of fold (5-fold x 20)", oof, y, THRESHOLD)
    by_source = {s: np.array([p.source == s for p in labelled]) for s in ("rn", "tls")}
    for source, mask in by_source.items():
        report(f"  of which {source}", oof[:, mask], y[mask], THRESHOLD)
    model = LogisticRegression(C=C, max_iter=1000).fit(x, y)
    weights = dict(zip(pairs.FEATURES, model.coef_[0].round(4).tolist(), strict=True))
    print("weights on all pairs:", weights, "intercept", round(float(model.intercept_[0]), 4))
    mean = oof.mean(axis=0)
    wrong = [(abs(mean[k] - y[k]), k) for k in range(len(y)) if (mean[k] >= THRESHOLD) != y[k]]
    for _gap, k in sorted(wrong, reverse=True)[:12]:
        p = labelled[k]
        print(f"    missed {p.source} {p.a} / {p.b} ({p.kind}) p={mean[k]:.2f}: {p.reason}")
    a = pairs.side("Piège à moustiques à Lardenne", "", "fr")
    b = pairs.side("Piège anti-moustiques à Bagatelle", "", "fr")
    started = time.perf_counter()
    for _ in range(1000):
        pairs.features(a, b, 0.8)
    cost = (time.perf_counter() - started) * 1000
    print(f"cost: {cost:.3f} µs per pair's features once each side is read")
    if args.write:
        saved = {
            "features": list(pairs.FEATURES),
            "weights": model.coef_[0].round(6).tolist(),
            "intercept": round(float(model.intercept_[0]), 6),
            "trained_on": f"bench/insights_devset/pairs.tsv ({len(y)} pairs)",
            "C": C,
        }
        pairs.MODEL_PATH.write_text(json.dumps(saved, indent=2) + "\n", encoding="utf-8")
        print(f"written: {pairs.MODEL_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
