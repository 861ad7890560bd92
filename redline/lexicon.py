"""Is this an English word, and how common? OCR quality, read from the words themselves.

Typed text survives OCR well; handwriting does not, and its OCR is full of
non-words (``thorow``, ``falle``, ``chvisage``). A real word opposite a similar real
word (*going* / *MOVING*) is more likely a change than a misreading. Both judgements
need a lexicon: ``wordfreq`` (by the author of ftfy) gives each word's frequency on
the Zipf scale (about 7 for *the*, 3 for a word met once in a million, 0 when unknown).
The English list is loaded on first use, so a comparison that never asks pays nothing.
"""

from __future__ import annotations

from functools import lru_cache

COMMON = 3.0
"""Zipf frequency from which a word is common English (once in a million words or more)."""


@lru_cache(maxsize=1 << 16)
def zipf(word: str) -> float:
    """The word's Zipf frequency in English, 0.0 when the lexicon does not know it.

    >>> zipf("going") > COMMON > zipf("falle") > zipf("thorow") == 0.0
    True
    """
    from wordfreq import zipf_frequency  # imported on first use: it loads the English list

    return zipf_frequency(word, "en")


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
