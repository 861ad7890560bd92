"""Is this the same word read or written differently? One small pure rule each.

A variant counts as unchanged text (OCR damage such as ``falle``/``falter``,
an abbreviation such as ``St.``/``STREET``), while a real one-word change
(``proposals`` → ``proposal``, ``people`` → ``experts``) must stay an edit. Each
rule looks at a draft word and a despatched word that stand at the same place,
and returns a score in (0, 1] when it recognises a variant, else None. The
first rule that fires names the link, so the evidence is on record.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Callable

from .lexicon import common

INFLECTIONS = ("s", "es", "ed", "d", "ing", "er", "ers", "ly", "ment", "ments")


@dataclass(frozen=True, slots=True)
class Pairing:
    """A draft word and a despatched word at the same place, with what is known of them."""

    draft: str
    """The draft word's key."""
    final: str
    """The despatched word's key."""
    draft_surface: str
    final_surface: str
    hand: bool
    """The draft word is manuscript (marked or inferred): its OCR reading is less reliable."""
    rare: bool
    """The draft reading occurs nowhere else in either text: likely not a real word."""
    alone: bool
    """The gap between two matches holds as many words on each side, three at most: a word-for-word swap."""


def similarity(a: str, b: str) -> float:
    """Character similarity in [0, 1] (difflib's ratio).

    >>> round(similarity("falle", "falter"), 2)
    0.73
    """
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def is_inflection(a: str, b: str) -> bool:
    """True when one word is the other plus an inflectional ending: a real change.

    >>> is_inflection("proposals", "proposal"), is_inflection("falle", "falter")
    (True, False)
    """
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and long[len(short) :] in INFLECTIONS


def _numeric(k: str) -> bool:
    return k.isdigit()


def abbreviation(p: Pairing) -> float | None:
    """``St.``/``STREET``, ``No.``/``NUMBER``, ``Govt``/``GOVERNMENT``: a short form of the other word.

    Either a truncation written with a full stop (``St.`` begins ``STREET``) or a
    contraction of at most four letters that keeps the first and last letters
    (``Mr``, ``Govt``) written on the draft and spelled out at despatch, used nowhere
    else in either text; no numbers.

    >>> abbreviation(Pairing("st", "street", "St.", "STREET", False, False, True))
    1.0
    >>> abbreviation(Pairing("govt", "government", "Govt", "GOVERNMENT", False, True, True))
    1.0
    >>> abbreviation(Pairing("mr", "for", "Mr", "FOR", True, False, True)) is None
    True
    >>> abbreviation(Pairing("the", "their", "the", "THEIR", False, False, True)) is None
    True
    """
    short, long = sorted((p.draft, p.final), key=len)
    surface = p.draft_surface if short == p.draft else p.final_surface
    if len(short) == len(long) or not short or short[0] != long[0]:
        return None
    if any(ch.isdigit() for ch in short + long):
        return None
    truncated = surface.rstrip("\"')],;:").endswith(".") and long.startswith(short)
    contracted = 2 <= len(short) <= 4 and short[-1] == long[-1] and short == p.draft and p.rare
    it = iter(long)
    if (truncated or contracted) and all(ch in it for ch in short) and len(long) >= len(short) + 2:
        return 1.0
    return None


def ocr_similar(p: Pairing) -> float | None:
    """Damaged readings of the same word: ``falle``/``falter``, ``SHEVARDNAI7E``/``SHEVARDNADZE``.

    Needs words of four letters or more, no inflectional difference, no numbers,
    and a similarity of 0.7, or 0.65 for manuscript; in typed text the reading
    must also be rare (a real word used elsewhere is more likely a real change) and
    no common English word (``lexicon``: typed OCR seldom makes one, so *going* /
    *MOVING* is a change).

    >>> ocr_similar(Pairing("falle", "falter", "falle", "FALTER", True, True, True))
    0.73
    >>> ocr_similar(Pairing("proposals", "proposal", "proposals", "proposal", False, True, True)) is None
    True
    >>> ocr_similar(Pairing("going", "moving", "going", "MOVING", False, True, True)) is None
    True
    """
    a, b = p.draft, p.final
    if min(len(a), len(b)) < 4 or _numeric(a) or _numeric(b) or is_inflection(a, b):
        return None
    if not (p.rare or p.hand):
        return None
    need = 0.65 if p.hand else 0.7
    sm = SequenceMatcher(None, a, b, autojunk=False)
    if sm.real_quick_ratio() < need or sm.quick_ratio() < need:
        return None  # both are upper bounds of the ratio: a cheap, exact rejection
    score = sm.ratio()
    if score < need or (not p.hand and common(a)):
        return None  # typed OCR seldom makes a common word: going / MOVING is a change
    return round(score, 2)


def hand_misreading(p: Pairing) -> float | None:
    """A word-for-word swap inside a manuscript line, between matched words: ``Mr``/``for``.

    Handwriting defeats OCR; when a few manuscript words stand between two matches
    opposite as many despatched words, each of about the same length and sharing
    letters with its partner, they are the same words misread.

    >>> hand_misreading(Pairing("mr", "for", "Mr", "FOR", True, False, True))
    0.4
    """
    a, b = p.draft, p.final
    if not (p.hand and p.alone) or _numeric(a) or _numeric(b) or abs(len(a) - len(b)) > 1:
        return None
    score = similarity(a, b)
    return round(score, 2) if score >= 0.3 and set(a) & set(b) else None


Rule = Callable[[Pairing], "float | None"]
RULES: dict[str, Rule] = {
    "abbreviation": abbreviation,
    "ocr-similar": ocr_similar,
    "hand-misreading": hand_misreading,
}


SPLIT_JOIN = "split-join"
"""The rule of a word written as two (``No-10`` / ``NO. 10``) or two written as one; ``align`` finds these."""

READINGS: dict[str, str] = {
    "abbreviation": "one abbreviated, the other written out",
    "ocr-similar": "as the OCR misreads a word",
    "hand-misreading": "as a handwritten word is misread",
    SPLIT_JOIN: "written as one word or two",
}
"""Every rule of a variant reading, in plain words for a reader (citations and the HTML report)."""


@lru_cache(maxsize=1 << 16)
def judge(p: Pairing) -> tuple[str, float] | None:
    """The first rule that recognises a variant, with its score, or None (cached: the rules are pure)."""
    for name, rule in RULES.items():
        score = rule(p)
        if score is not None:
            return name, score
    return None
