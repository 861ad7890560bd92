"""Several copies of one message in one file: which copy each word is in, so it is counted there.

The alignment judges a word partly by how often its key occurs: a word found once on each
side may be linked across a gap, a draft word found nowhere else is a candidate misreading
(``falle`` for *falter*), and a short run moved far from its place must be made of such words.
Counted over a file that holds three copies of a message, every word occurs three times at
least, and each of these judgements is lost in every copy. So each side is cut into copies
where a document begins after one has closed (``hands.is_closing``, ``hands.begins_document``:
a bracketed title, a telegram envelope, a serial number, a form heading, a salutation), and when both sides hold the same
number of copies a word is counted within its own copy and the copy of the same rank on the
other side. Otherwise (one draft against one despatch, as almost always, or copies that do
not correspond one to one) words are counted over the whole of each side, as before.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from .hands import CLOSING_WORDS, DOCUMENT_HEAD, begins_document, is_closing
from .model import Token, runs_of


PAGE = frozenset({"classification", "page-number", "catchword", "serial"})
"""Furniture that stands at the head or foot of a page (``SECRET``, ``- 2 -``): where a copy may begin.
A one-word stamp is not (a signature the other text does not share is taken for one)."""


def copy_numbers(tokens: Sequence[Token]) -> list[int]:
    r"""The copy (0, 1, …) of each token that is not furniture, in order.

    A copy ends with its closing (``Yours ever``), and the next begins at the first paragraph
    after it that begins a document, or, when page furniture stands between them, at the first
    paragraph of page furniture alone (``SECRET`` heads the page the next copy starts on). So what
    the OCR put after a signature stays with its letter, and a covering line (``Following for
    General Powell …``) or a routing line before the next copy's title goes with that copy.
    Without a closing there is no second copy: a telegram's own text before the letter it
    carries (``Dear Ron``) is one copy with it.

    >>> from redline.api import load, prepare
    >>> text = b"Dear Ron,\n\nWe agree.\n\nYours ever\n\nMargaret\n\nDear Ron,\n\nWe agree."
    >>> w, _ = prepare(load("a.txt", data=text), load("b.txt", data=b"We agree."))  # Margaret: a stamp here
    >>> copy_numbers(w.tokens)
    [0, 0, 0, 0, 0, 0, 1, 1, 1, 1]
    """
    furniture = [t.furniture for t in tokens]
    out: list[int] = []
    copy = 0
    closed = False  # a closing since the last copy began
    page = None  # words since the first paragraph of furniture alone after that closing: the next copy's
    # Each paragraph is read through its furniture column, in C; its words only when it is short
    # enough to be a closing, or when a closing has been seen and it may begin a document.
    for _, ks in runs_of([t.para for t in tokens]):
        kinds = furniture[ks.start : ks.stop]
        words = kinds.count(None)
        if closed and (not DOCUMENT_HEAD.isdisjoint(kinds) or (words and begins_document(tokens[ks.start : ks.stop]))):
            closed = False
            if page is None:
                copy += 1
            else:  # the next copy began at that page: its words so far are moved over to it
                out[len(out) - page :] = [copy + 1] * page
                copy += 1
            page = None
        elif closed and not words and page is None and PAGE.issuperset(kinds):
            page = 0
        out.extend([copy] * words)
        if closed and page is not None:
            page += words
        if 0 < words <= CLOSING_WORDS and is_closing([t for t in tokens[ks.start : ks.stop] if t.furniture is None]):
            closed, page = True, None
    return out


@dataclass(frozen=True, slots=True)
class Counts:
    """How often each key occurs where a word stands: in its copy, or in its whole side.

    ``draft[c]``, ``final[c]`` and ``both[c]`` count the keys of copy ``c`` on each side and on
    both together; ``copy_d`` and ``copy_f`` give each content word's copy (all 0 when the
    sides are counted whole, with one ``Counter`` each).
    """

    draft: Sequence[Counter]
    final: Sequence[Counter]
    both: Sequence[Counter]
    copy_d: Sequence[int]
    copy_f: Sequence[int]

    @classmethod
    def of(cls, keys_d: Sequence[str], keys_f: Sequence[str], copy_d: Sequence[int], copy_f: Sequence[int],
           whole: tuple[Counter, Counter] | None = None) -> Counts:
        """The counts for the content words' keys and copy numbers; ``whole`` are each side's
        counts over all its words, when the caller has them."""
        n_d = copy_d[-1] + 1 if copy_d else 1
        n_f = copy_f[-1] + 1 if copy_f else 1
        if n_d == n_f > 1:
            draft = [Counter(keys_d[ks.start : ks.stop]) for _, ks in runs_of(copy_d)]
            final = [Counter(keys_f[ks.start : ks.stop]) for _, ks in runs_of(copy_f)]
            return cls(draft, final, [d + f for d, f in zip(draft, final)], copy_d, copy_f)
        d, f = whole or (Counter(keys_d), Counter(keys_f))
        return cls([d], [f], [d + f], [0] * len(keys_d), [0] * len(keys_f))

    @property
    def split(self) -> bool:
        """Are the words counted copy by copy?"""
        return len(self.draft) > 1
