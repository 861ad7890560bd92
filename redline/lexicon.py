"""Is this an English word, and how common? OCR quality, read from the words themselves.

Typed text survives OCR well; handwriting does not, and its OCR is full of
non-words (``thorow``, ``falle``, ``chvisage``). A real word opposite a similar real
word (*going* / *MOVING*) is more likely a change than a misreading. Both judgements
need a lexicon: ``wordfreq`` (by the author of ftfy) gives each word's frequency on
the Zipf scale (about 7 for *the*, 3 for a word met once in a million, 0 when unknown).
The English list is loaded on first use, so a comparison that never asks pays nothing.

A word of plain ASCII letters (nearly every word asked) is looked up in wordfreq's English list
read straight from its file (``English``): importing wordfreq (ftfy, langcodes, regex) and
building its dictionary cost a comparison a third of a second, more than a sample pair's whole
comparison. Any other word goes to wordfreq itself; tests/test_lexicon.py checks that both agree.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from functools import lru_cache

COMMON = 3.0
"""Zipf frequency from which a word is common English (once in a million words or more)."""


@lru_cache(maxsize=1 << 16)
def zipf(word: str) -> float:
    """The word's Zipf frequency in English, 0.0 when the lexicon does not know it.

    >>> zipf("going") > COMMON > zipf("falle") > zipf("thorow") == 0.0
    True
    """
    if word.isascii() and word.isalpha():
        found = _english().zipf(word)
        if found is not None:
            return found
    from wordfreq import zipf_frequency  # imported on first use: it loads the English list

    return zipf_frequency(word, "en")


class English:
    """wordfreq's English list (``large_en``, the list ``zipf_frequency(word, "en")`` reads), for
    words of ASCII letters, whose one token is the word in lower case.

    The file holds, after a header, one alphabetical list of words per centibel of frequency.
    The first words asked are found by bisecting those lists (a few hundred, in under a
    millisecond each); from the ``INDEX_FROM``-th word on, a dictionary of every word is built
    once (60 ms, against 40 ms to read the file), as a long comparison asks thousands.
    """

    INDEX_FROM = 200

    def __init__(self, buckets: list[list[str]]) -> None:
        self.buckets = [(cb, words) for cb, words in enumerate(buckets) if words]
        self.index: dict[str, int] | None = None
        self.asked = 0

    @classmethod
    def load(cls) -> "English | None":
        """The list from wordfreq's data, or None when it is not where this wordfreq keeps it."""
        import gzip
        from importlib.util import find_spec
        from pathlib import Path

        try:
            import msgpack

            spec = find_spec("wordfreq")
            if spec is None or spec.origin is None:
                return None
            packed = (Path(spec.origin).parent / "data" / "large_en.msgpack.gz").read_bytes()
            data = msgpack.unpackb(gzip.decompress(packed), raw=False)  # in one call: twice as fast as gzip.open
        except (ImportError, OSError, ValueError):
            return None
        header = data[0] if data else None
        if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
            return None
        return cls(data[1:])

    def centibels(self, key: str) -> int | None:
        """How many centibels below 1 the word's frequency is; None when the list lacks it."""
        if self.index is None:
            self.asked += 1
            if self.asked < self.INDEX_FROM:
                for cb, words in self.buckets:
                    i = bisect_left(words, key)
                    if i < len(words) and words[i] == key:
                        return cb
                return None
            self.index = {word: cb for cb, words in self.buckets for word in words}
        return self.index.get(key)

    def zipf(self, word: str) -> float:
        """``wordfreq.zipf_frequency(word, "en")`` for a word of ASCII letters."""
        cb = self.centibels(word.lower())
        return _ZIPF_OF_UNKNOWN if cb is None else _zipf_of(cb)


@lru_cache(maxsize=None)
def _zipf_of(cb: int) -> float:
    """wordfreq's arithmetic: the frequency 10^(-cb/100), rounded to three significant digits
    (never below its minimum, once in a billion), on the Zipf scale, rounded to hundredths."""
    freq = max(10 ** (-cb / 100), _MINIMUM)
    freq = round(freq, math.floor(-math.log(freq, 10)) + 3)
    return round(math.log(freq, 10) + 9, 2)


_MINIMUM = 10**0 / 1e9
"""wordfreq's frequency for Zipf 0 (``zipf_to_freq(0)``), ``zipf_frequency``'s default minimum."""
_ZIPF_OF_UNKNOWN = round(math.log(_MINIMUM, 10) + 9, 2)


@lru_cache(maxsize=1)
def _english() -> English | _Absent:
    return English.load() or _Absent()


class _Absent:
    """No list to read directly: every word goes to wordfreq."""

    @staticmethod
    def zipf(word: str) -> None:
        return None


def common(word: str, threshold: float = COMMON) -> bool:
    """A common English word (*going*, *moving*), not an OCR reading (*falle*): Zipf ``threshold`` or more."""
    return zipf(word) >= threshold


def non_word(word: str) -> bool:
    """Letters the lexicon has never seen as an English word (``thorow``); names and acronyms
    (a capital first letter), numbers and words with digits or marks are not judged.

    >>> non_word("thorow"), non_word("aught"), non_word("Shevardnadze"), non_word("12/11/80")
    (True, False, False, False)
    """
    return word.isalpha() and word.islower() and zipf(word) == 0.0
