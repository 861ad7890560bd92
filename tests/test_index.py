"""The MinHash/LSH pairing index: small synthetic corpora, seconds."""

from __future__ import annotations

import random

import pytest

from bench.corpus import build, damage, evaluate, keys_of
from redline.index import Index, IndexOptions, candidate_pairs, shingle_hashes, signature, similarity


def test_identical_documents_have_identical_signatures():
    keys = "the conditions on which refuseniks are allowed to emigrate have been eased".split()
    s = signature(shingle_hashes(keys), 126)
    assert s == signature(shingle_hashes(list(keys)), 126)
    assert similarity(s, s) == 1.0


def test_signature_is_deterministic_across_runs():
    # no use of hash(): the same text gives the same signature in every process
    assert signature(shingle_hashes("human rights conference in moscow".split()), 8)[0] == signature(
        shingle_hashes("human rights conference in moscow".split()), 8
    )[0]


def test_similarity_estimate_tracks_jaccard():
    rnd = random.Random(3)
    words = [f"w{i}" for i in range(4000)]
    base = rnd.sample(words, 600)
    half = base[:300] + rnd.sample(words, 300)
    a, b = shingle_hashes(base), shingle_hashes(half)
    true = len(a & b) / len(a | b)
    est = similarity(signature(a, 512), signature(b, 512))
    assert abs(est - true) < 0.08


def test_empty_and_stopword_documents_pair_with_nothing():
    docs = {"a": [], "b": "of the and the".split(), "c": "of the and the".split()}
    assert candidate_pairs(docs) == []


def test_duplicate_id_is_refused():
    index: Index[str] = Index()
    index.add("x", "a b c d".split())
    with pytest.raises(ValueError, match="already in the index"):
        index.add("x", "a b c d".split())


def test_query_finds_the_damaged_copy():
    rnd = random.Random(7)
    corpus = build(docs=300, planted=20, seed=7)
    index: Index[str] = Index()
    for d, t in corpus.docs.items():
        if d != "p0b":
            index.add(d, keys_of(t))
    hits = [d for d, _s in index.query(keys_of(corpus.docs["p0b"]))]
    assert hits and hits[0] == "p0a"
    assert damage(["a"] * 50, rnd, ["b"]) != ["a"] * 50


def test_planted_pairs_are_found_in_a_small_corpus():
    corpus = build(docs=1500, planted=100, seed=11)
    r = evaluate(corpus)
    assert r["recall"] >= 0.9
    assert all(r["real_pairs_found"].values())
    # far fewer pairs scored than the N² of a full comparison
    assert r["bucket_pairs"] < r["all_pairs"] / 100


def test_options_bins():
    assert IndexOptions(bands=10, rows=4).bins == 40


def test_signatures_worked_out_on_several_processes_give_the_same_index(monkeypatch):
    """``build(jobs=2)`` works the signatures out on two processes (issue 18): the same signatures, buckets and candidates."""
    import redline.index as index_module

    words = "we must hope that it continues but we cannot afford to take future soviet performance on trust".split()
    docs = {f"d{n}": words[n % 5 :] + [f"w{n}", f"x{n % 7}"] * 3 for n in range(40)}
    docs["empty"] = ["the", "of"]
    monkeypatch.setattr(index_module, "PARALLEL_FROM", 1)
    one, two = index_module.build(docs), index_module.build(docs, jobs=2)
    assert two.signatures == one.signatures
    assert two.candidates() == one.candidates() and two.stats == one.stats
