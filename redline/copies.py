"""Several copies of one message in one file: which copy each word is in, so it is counted there.

The alignment judges a word partly by how often its key occurs: a word found once on each
side may be linked across a gap, a draft word found nowhere else is a candidate misreading
(``falle`` for *falter*), and a short run moved far from its place must be made of such words.
Counted over a file that holds three copies of a message, every word occurs three times at
least, and each of these judgements is lost in every copy. So each side is cut into copies
where a document begins after one has closed (``hands.is_closing``, ``hands.begins_document``:
a bracketed title, a telegram envelope, a serial number, a form heading, a salutation), and
when the two sides' copies correspond (``counted``) a word is counted within its own copy and
the copy of the same rank on the other side. Otherwise (one draft against one despatch, as
almost always, or copies that do not correspond one to one) words are counted over the whole
of each side, as before.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from operator import eq
from typing import Iterable, Sequence

from .furniture import _runs, paragraph_runs
from .hands import CLOSING_WORDS, begins_document, is_closing
from .model import Token, Witness, runs_of


PAGE = frozenset({"classification", "page-number", "running-head", "catchword", "serial"})
"""Furniture that stands at the head or foot of a page (``SECRET``, ``- 2 -``): where a copy may begin.
A one-word stamp is not (a signature the other text does not share is taken for one)."""


def copies_of(witness: Witness) -> list[int]:
    """``copy_numbers`` of the witness's tokens, worked out once for the witness and kept with it (``memo``):
    the alignment asks it, and the test for OCR text asks it again of the same witnesses (8-15 ms a side
    each time at 250 k words). Shared: read it, never change it."""
    return witness.memo("copy_numbers", lambda: copy_numbers(witness.tokens, paragraph_runs(witness)))


def copy_numbers(tokens: Sequence[Token], runs: list[tuple[int, range]] | None = None) -> list[int]:
    r"""The copy (0, 1, …) of each token that is not furniture, in order.

    A copy ends with its closing (``Yours ever``), and the next begins at the first paragraph
    after it that begins a document, or, when page furniture stands between them, at the first
    paragraph of page furniture alone (``SECRET`` heads the page the next copy starts on). So what
    the OCR put after a signature stays with its letter, and a covering line (``Following for
    General Powell …``) or a routing line before the next copy's title goes with that copy.
    Without a closing there is no second copy: a telegram's own text before the letter it
    carries (``Dear Ron``) is one copy with it.

    >>> from redline.api import load, prepare
    >>> text = b"SECRET\n\nDear Ron,\n\nWe agree.\n\nYours ever\n\nMargaret\n\nDear Ron,\n\nWe agree."
    >>> w, _ = prepare(load("a.txt", data=text), load("b.txt", data=b"We agree."))
    >>> copy_numbers(w.tokens)  # the signature ``Margaret`` stays with its letter
    [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]

    ``runs``: the runs of the tokens' paragraph column, when the caller has them (``furniture.paragraph_runs``).
    """
    furniture = [t.furniture for t in tokens]
    out: list[int] = []
    copy = 0
    closed = False  # a closing since the last copy began
    page = None  # words since the first paragraph of furniture alone after that closing: the next copy's
    # Each paragraph is read through its furniture column, in C; its words only when it is short
    # enough to be a closing, or when a closing has been seen and it may begin a document.
    for _, ks in _runs([t.para for t in tokens]) if runs is None else runs:  # bisected: a book's paragraphs are long
        kinds = furniture[ks.start : ks.stop]
        words = kinds.count(None)
        # ``begins_document`` reads the furniture column first (``DOCUMENT_HEAD``), a paragraph's words only
        # without it; and it is asked only after a closing, where a copy may end.
        if closed and begins_document(tokens[ks.start : ks.stop], kinds):
            closed = False
            if page:  # the next copy began at that page: its words so far are moved over to it
                out[len(out) - page :] = [copy + 1] * page
            copy, page = copy + 1, None
        elif closed and not words and page is None and PAGE.issuperset(kinds):
            page = 0
        out.extend([copy] * words)
        if closed and page is not None:
            page += words
        if 0 < words <= CLOSING_WORDS and is_closing([t for t in tokens[ks.start : ks.stop] if t.furniture is None]):
            closed, page = True, None
    return out


AGREE = 0.9
"""Least share of the despatched words whose own copy is the one their draft partners give them:
below it the two sides' copies do not correspond one to one, and both are counted whole."""


def along(copy_d: Sequence[int], matches: Iterable[tuple[int, int, int]], n_f: int) -> list[int]:
    """The copy of each of the ``n_f`` despatched words as the draft's copies give it: ``matches``
    are runs of matched words ``(x, y, n)`` in despatch order; a matched word is in its draft
    partner's copy, an unmatched one in the copy of the matched word before it (the first copy
    before any). So a gap's despatched words are in the copy of the match that opens it.

    A despatched word matched twice (two draft words joined into it, ``can not`` / ``cannot``)
    takes the copy of its first match.

    >>> along([0, 0, 1, 1], [(0, 0, 2), (2, 3, 2)], 5)
    [0, 0, 0, 1, 1]
    >>> along([0, 0, 1, 1], [(0, 0, 1), (1, 0, 1), (2, 1, 2)], 3)  # draft words 0 and 1 joined into one
    [0, 1, 1]
    """
    out: list[int] = []
    last = 0
    for x, y, n in matches:
        if y < len(out):  # words placed already: a second match of a joined word
            x, n, y = x + len(out) - y, n - (len(out) - y), len(out)
            if n <= 0:
                continue
        out.extend([last] * (y - len(out)))
        out.extend(copy_d[x : x + n])
        last = copy_d[x + n - 1]
    out.extend([last] * (n_f - len(out)))
    return out


def counted(keys_d: Sequence[str], keys_f: Sequence[str], copy_d: Sequence[int], own_f: Sequence[int] | None,
            matches: Iterable[tuple[int, int, int]], whole: tuple[Counter, Counter] | None = None) -> Counts:
    """The counts for the content words' keys: copy by copy when both sides hold the same number of
    copies and they correspond, else over each whole side.

    ``copy_d`` and ``own_f`` are each side's copies as ``copy_numbers`` finds them (``own_f`` may be
    None when the draft holds one copy), ``matches`` the matched runs ``(x, y, n)`` in despatch
    order, ``whole`` each side's counts over all its words when the caller has them. The copies
    correspond when the despatch's own agree with those the draft's give its words through the
    matches (``along``, ``AGREE``); they differ only where a copy's first words are placed
    differently on the two sides (a covering line after page furniture on one side only). A range
    that takes in the end of another letter on one side only, or copies of different letters, do
    not correspond, and are counted whole, as one copy a side always is.
    """
    n = copy_d[-1] + 1 if copy_d else 1
    if n > 1 and own_f and own_f[-1] + 1 == n:
        mapped = along(copy_d, matches, len(keys_f))
        if sum(map(eq, mapped, own_f)) >= AGREE * len(own_f):
            return Counts.by_copy(keys_d, keys_f, copy_d, own_f, n)
    return Counts.whole(keys_d, keys_f, whole)


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
    def whole(cls, keys_d: Sequence[str], keys_f: Sequence[str], counts: tuple[Counter, Counter] | None = None) -> Counts:
        """Each side counted whole; ``counts`` are those counts when the caller has them."""
        d, f = counts or (Counter(keys_d), Counter(keys_f))
        return cls([d], [f], [d + f], [0] * len(keys_d), [0] * len(keys_f))

    @classmethod
    def by_copy(cls, keys_d: Sequence[str], keys_f: Sequence[str], copy_d: Sequence[int], copy_f: Sequence[int],
                n: int) -> Counts:
        """Each of the ``n`` copies counted alone, on each side (``copy_d``, ``copy_f``: non-decreasing)."""
        where_d, where_f = [range(0)] * n, [range(0)] * n
        for c, at in runs_of(copy_d):
            where_d[c] = at
        for c, at in runs_of(copy_f):
            where_f[c] = at
        draft = [Counter(keys_d[at.start : at.stop]) for at in where_d]
        final = [Counter(keys_f[at.start : at.stop]) for at in where_f]
        both = [Counter(keys_d[a.start : a.stop] + keys_f[b.start : b.stop]) for a, b in zip(where_d, where_f)]  # counted in C
        return cls(draft, final, both, copy_d, copy_f)

    @property
    def split(self) -> bool:
        """Are the words counted copy by copy?"""
        return len(self.draft) > 1
