"""The lexical half of similarity (no database, no model)."""

from __future__ import annotations

import numpy as np
import pytest

from cocrea.insights.analysis import lexical

DOCS = [
    ["gobelet", "consigner", "déchet", "café"],
    ["prise", "électrique", "recharger", "téléphone"],
    ["horaire", "ouverture", "matin", "café"],
    ["article", "loi", "donnée", "ouvert"],
]


def test_a_query_scores_the_documents_that_share_its_rare_words():
    index = lexical.LexicalIndex(DOCS)
    scores = index.scores(["gobelet", "consigner"], len(DOCS))
    assert scores.shape == (4,) and int(np.argmax(scores)) == 0
    assert scores[1] == scores[3] == 0.0
    assert 0 < scores[0] <= 1.0001


def test_nothing_shared_scores_zero_and_unknown_words_are_ignored():
    index = lexical.LexicalIndex(DOCS)
    assert not index.scores(["power", "outlet"], 4).any()
    assert not index.scores([], 4).any()


def test_a_common_word_weighs_less_than_a_rare_one():
    index = lexical.LexicalIndex(DOCS)
    scores = index.scores(["café", "loi"], 4)
    assert scores[3] > scores[0] > 0  # "café" is in two documents, "loi" in one


def test_added_and_changed_documents_are_scored_from_the_delta():
    index = lexical.LexicalIndex(DOCS)
    index.put(4, ["menu", "végétarien", "midi"])  # new row, new words
    index.put(1, ["terrasse", "chauffer"])  # changed row: its old words no longer count
    scores = index.scores(["menu", "végétarien"], 5)
    assert int(np.argmax(scores)) == 4 and scores[4] > 0.8  # 2 of its 3 words
    assert index.scores(["téléphone"], 5)[1] == 0.0
    assert index.scores(["terrasse"], 5)[1] > 0.7


def test_pair_scores_match_the_query_scores():
    index = lexical.LexicalIndex(DOCS)
    index.put(4, ["gobelet", "déchet", "verre"])
    pairs = index.pair_scores(np.array([0, 4]), 5)
    assert pairs.shape == (2, 5)
    assert pairs[0, 0] == pytest.approx(1.0, abs=1e-5)
    assert pairs[0, 4] == pytest.approx(pairs[1, 0], abs=1e-5) and pairs[0, 4] > 0
    assert pairs[1, 1] == 0.0


def test_an_empty_index_and_long_documents_are_fine():
    empty = lexical.LexicalIndex([])
    assert not empty.scores(["café"], 0).any()
    empty.put(0, ["café", "matin"])
    assert empty.scores(["café"], 1)[0] > 0.5
    long_doc = [f"mot{i}" for i in range(500)]
    index = lexical.LexicalIndex([long_doc, ["mot1"]])
    assert index.postings[:, 0].nnz == lexical.MAX_TERMS


def test_fusion_keeps_the_dense_score_unless_rare_words_are_shared():
    dense = np.array([0.9, 0.8, 0.8], dtype=np.float32)
    fused = lexical.fuse(dense, np.array([0.0, 0.05, 0.4], dtype=np.float32), 1.5, 0.1)
    assert fused[0] == pytest.approx(0.9) and fused[1] == pytest.approx(0.8)
    assert fused[2] == pytest.approx(0.8 + 1.5 * 0.4 - 0.1)


def test_query_lemmas_detect_the_language():
    assert "gobelet" in lexical.query_lemmas("Des gobelets consignés", "")
    assert "cup" in lexical.query_lemmas("Reusable cups", "please")


def test_a_large_campaign_is_scored_on_reduced_vectors_then_exactly(monkeypatch):
    from cocrea.insights import similar

    monkeypatch.setattr(similar, "REDUCE_FROM", 100)
    monkeypatch.setattr(similar, "REFINE", 40)
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(1000, 512)).astype(np.float32) + 1.0  # anisotropic
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    matrix = similar._Matrix()
    for i in range(500):  # two vectors per idea
        matrix.put(i + 1, vectors[2 * i : 2 * i + 2], "fr", None)
    matrix.reduce()
    assert matrix.axes is not None and matrix.reduced.shape[1] == similar.REDUCED_DIM
    matrix.put(501, vectors[15:16], "fr", None)  # added after the build: reduced too
    query = (vectors[15] + rng.normal(scale=0.01, size=512).astype(np.float32))[None, :]
    rows, dense = matrix.dense(query)
    assert len(rows) == 40
    exact = np.argsort(-matrix.per_idea((matrix.vectors[: matrix.rows] @ query.T).max(axis=1)))
    assert set(exact[:2].tolist()) <= set(rows.tolist())  # the exact best are refined
    assert set(matrix.idea_ids[rows[np.argsort(-dense)[:2]]].tolist()) == {8, 501}


def test_an_edited_idea_is_scored_on_its_new_vectors_only():
    from cocrea.insights import similar

    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(6, 512)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    matrix = similar._Matrix()
    matrix.put(1, vectors[0:2], "fr", None)
    matrix.put(2, vectors[2:3], "en", None)
    matrix.put(1, vectors[3:4], "fr", None)  # edited: its two old rows are dead
    rows, dense = matrix.dense(vectors[0:1])
    assert rows.tolist() == [0, 1] and dense[0] == pytest.approx(float(vectors[3] @ vectors[0]))
    assert matrix.dead == 2 and not matrix.needs_rebuild
