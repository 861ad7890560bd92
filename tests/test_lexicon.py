"""The lexicon read straight from wordfreq's file gives wordfreq's own answer (``lexicon.English``)."""

from __future__ import annotations

import random

import pytest

from redline import lexicon

wordfreq = pytest.importorskip("wordfreq")


def english() -> lexicon.English:
    found = lexicon.English.load()
    assert found is not None, "wordfreq's English list is not where lexicon.English looks for it"
    return found


def sample_words(table: lexicon.English, n: int = 1500) -> list[str]:
    """Words of the list from every band of frequency, in three casings, and strings it lacks."""
    rng = random.Random(18)
    words = [w for _, bucket in table.buckets for w in bucket if w.isascii() and w.isalpha()]
    picked = rng.sample(words, n) + ["the", "going", "moving", "thorow", "falle", "chvisage", "a", "i", "bis", "his"]
    picked += [w.upper() for w in picked[:200]] + [w.capitalize() for w in picked[200:400]]
    picked += ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(1, 9))) for _ in range(300)]
    return picked


@pytest.mark.parametrize("index", [False, True], ids=["bisecting", "dictionary"])
def test_every_ascii_word_gets_wordfreqs_zipf(index):
    table = english()
    if index:
        table.asked = table.INDEX_FROM  # the next word builds the dictionary
    for word in sample_words(table):
        assert table.zipf(word) == wordfreq.zipf_frequency(word, "en"), word


def test_other_words_go_to_wordfreq():
    """Not plain ASCII letters (an accent, a digit, an apostrophe): wordfreq's tokenizer decides."""
    for word in ["café", "naïve", "Straße", "1988", "don't", "co-operate", ""]:
        assert lexicon.zipf(word) == wordfreq.zipf_frequency(word, "en"), word
