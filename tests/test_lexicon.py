"""The English lexicon redline ships (``redline/data/wordfreq_en.tsv``): the values the rules rely on,
how a word is looked up, and, when wordfreq is installed (the ``maintainer`` extra), that every answer is
wordfreq's own and the file is what ``tools/build_wordlist.py`` writes."""

from __future__ import annotations

import importlib.util
import random
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest

from redline import lexicon
from redline.lexicon import COMMON, common, non_word, zipf

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("word", "value"), [
    ("the", 7.73), ("going", 5.94), ("moving", 5.02), ("his", 6.51), ("bis", 3.34), ("all", 6.52), ("au", 4.02),
    ("modern", 5.07), ("modem", 3.4), ("aught", 2.43), ("falle", 1.56), ("thorow", 0.0), ("chvisage", 0.0),
])
def test_the_values_the_rules_were_calibrated_on(word, value):
    """What the thresholds (``COMMON``, ``variants.WORD_LIKE``, ``variants.OCR_GAP``) and their docstrings
    were set against: a new list that moves these must be recalibrated, not slipped in."""
    assert zipf(word) == value


def test_common_words_rare_words_and_non_words():
    assert common("going") and common("moving") and common("bis")  # bis: the web's OCR counts it
    assert not common("falle") and not common("aught")
    assert non_word("thorow") and non_word("chvisage")
    assert not non_word("aught") and not non_word("falle")  # rare, but seen
    assert not non_word("Shevardnadze") and not non_word("thorow1")  # names and words with digits are not judged
    assert zipf("") == zipf("--") == zipf("xqzjv") == 0.0
    assert zipf("\N{COPYRIGHT SIGN}") == zipf("\N{FACE WITH TEARS OF JOY}") == 0.0  # symbols are no words (wordfreq counts them)


@pytest.mark.parametrize(("spellings", "value"), [
    (["don't", "Don't", "DON'T", "don\u2019t", "DON\u2019T"], 6.2),  # a curly apostrophe is the straight one
    (["café", "CAFÉ", "cafe\u0301"], 3.75),  # composed or not
    (["see", "ſee", "SEE"], 6.1),  # the long s is an s
    (["straße", "Straße", "strasse"], 2.49),  # case-folded: ß is ss
])
def test_a_word_is_found_whatever_its_case_apostrophe_or_form(spellings, value):
    assert {zipf(w) for w in spellings} == {value}


def test_words_of_several_tokens_and_numbers():
    assert 0 < zipf("co-operate") < min(zipf("co"), zipf("operate"))  # two tokens, rarer than either
    assert zipf("1988") > zipf("2088") > 0  # a year is common, a far future one is not
    assert zipf("1988") == zipf("1989") == zipf("1988.") > COMMON


def test_the_list_names_its_source_and_licence():
    header = [line for line in files("redline").joinpath(lexicon.DATA_FILE).read_bytes()
              .decode("utf-8").splitlines()[:20] if line.startswith("#")]
    text = "\n".join(header)
    assert "wordfreq" in text and "Robyn Speer" in text and "CC BY-SA 4.0" in text
    assert "creativecommons.org/licenses/by-sa/4.0" in text


def test_bisecting_and_the_dictionary_agree_on_every_word_and_on_words_around_them():
    """The first words are found by bisecting the file's bytes, later ones in a dictionary: both give
    every listed word its value, and none to a word just before or after one, or before the first."""
    table = lexicon.English.load()
    words = table.words()
    assert words == sorted(words) and len(words) > 300_000
    picked = words[:50] + words[-50:] + words[:: len(words) // 3000]
    near = [w + b"\x00" for w in picked] + [w[:-1] for w in picked if len(w) > 1] + [b"", b"\x00", b"\xff\xff"]
    bisected = {w: table._bisect(w) for w in picked + near}
    table.asked = table.INDEX_FROM
    table.centibels("the")  # builds the dictionary
    assert table.index is not None and len(table.index) == len(words)
    assert all(bisected[w] is not None and bisected[w] == int(table.index[w]) for w in picked)
    assert all(bisected[w] is None or w in table.index for w in near)
    assert [w for w in near if (bisected[w] is None) != (w not in table.index)] == []


def test_the_list_is_read_on_first_lookup_not_on_import():
    code = ("import redline.lexicon as lx; assert lx._english.cache_info().currsize == 0; "
            "lx.zipf('going'); assert lx._english.cache_info().currsize == 1; import sys; "
            "assert not {'wordfreq', 'msgpack'} & set(sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_a_word_asked_again_is_not_looked_up_again():
    # the variant search asks about the same few thousand words over and over (2 500 times on Darwin's
    # editions, 150 k words a side): each look-up bisects the list, 12 µs, so each word is looked up once
    code = ("import redline.lexicon as lx; lx.zipf('unwonted'); n = lx._english().asked; "
            "lx.zipf('unwonted'); lx.common('unwonted'); assert lx._english().asked == n, lx._english().asked")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# With wordfreq installed: the shipped list gives wordfreq's answers, and is what the build script writes.

def wordfreq():
    return pytest.importorskip("wordfreq")


def sample_words(n: int = 1500) -> list[str]:
    """Words of the list from every band of frequency, in three casings, and strings it lacks. Words: the
    list's entries of letters, digits, apostrophes and full stops (not its emoji, symbols and ``info@``)."""
    rng = random.Random(18)
    words = [w.decode() for w in lexicon._english().words()]
    words = [w for w in words if all(ch.isalnum() or ch in "'." for ch in w)]
    picked = rng.sample(words, n) + ["the", "going", "moving", "thorow", "falle", "chvisage", "a", "i", "bis", "his"]
    picked += [w.upper() for w in picked[:200]] + [w.capitalize() for w in picked[200:400]]
    picked += ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789'.,-éſ\u2019") for _ in range(rng.randint(1, 9)))
               for _ in range(300)]
    return picked


@pytest.mark.parametrize("index", [False, True], ids=["bisecting", "dictionary"])
def test_every_word_gets_wordfreqs_zipf(index):
    wf = wordfreq()
    table = lexicon.English.load()
    if index:
        table.asked = table.INDEX_FROM  # the next word builds the dictionary
    for word in sample_words():
        if word.isascii() and word.isalpha():
            assert table.zipf(word) == wf.zipf_frequency(word, "en"), word
        assert lexicon.zipf(word) == wf.zipf_frequency(word, "en"), word


def test_other_words_are_split_and_folded_as_wordfreq_does():
    """Not plain ASCII letters (an accent, a digit, an apostrophe, a full stop, a hyphen): wordfreq's tokenizer
    decided; ``lexicon.tokens`` makes the same tokens for words of letters and digits."""
    wf = wordfreq()
    words = ["café", "naïve", "Straße", "İstanbul", "ſee", "1988", "19th", "1,000", "1.5", "3rd", "don't", "DON\u2019T",
             "don\u02bct", "o'er", "l'homme", "rock'n'roll", "dogs'", "\u2019tis", "U.S.", "e.g.", "a.1", "co-operate",
             "a:b", "x\u00adyz", "snake_case", "", "--"]
    for word in words:
        assert lexicon.tokens(word) == wf.lossy_tokenize(word, "en"), word
        assert lexicon.zipf(word) == wf.zipf_frequency(word, "en"), word


def test_the_shipped_list_is_what_the_build_script_writes_from_wordfreq():
    wordfreq()
    spec = importlib.util.spec_from_file_location("build_wordlist", ROOT / "tools" / "build_wordlist.py")
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    assert build.build() == files("redline").joinpath(lexicon.DATA_FILE).read_bytes()
