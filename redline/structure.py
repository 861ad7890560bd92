"""The text's structure: list items, and the paragraph breaks one version has where the other runs on.

Structure is part of the text: a paragraph split in two or two joined between the draft and the
despatch is a change a historian cites, and a list keeps its items. Two questions are answered
here, from the tokens and the file they index, never from the markup alone:

- ``items``: which words begin a list item, and with what marker (``-``, ``*``, ``•``, ``1.``,
  ``(a)``), so that a redline shows the item on a line of its own with its marker;
- ``breaks``: where one version breaks a paragraph (a blank line, or a new list item) between two
  words that the other runs on in one line: a paragraph *split* at despatch, or two *joined*.

A break is claimed only on evidence both sides show (see ``breaks``); a line break alone, page
furniture between the words, or a moved passage is never evidence. When in doubt, nothing is said.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from operator import attrgetter
from typing import Mapping, Sequence

from .furniture import line_runs
from .model import Alignment, Link, Token, Witness

_BULLET = re.compile(r"[ \t]*([-*\u2022\u2023\u25e6\u2013\u2014\u00b7])[ \t]+\Z")
"""What may stand before the first word of a list item's line: a bullet and white space (``- ``,
``* ``, ``• ``). A ``*`` with a space after it is never a transcription's hand mark (an opening
mark must touch the word it opens: ``parse._flanking``)."""

_ENUMERATOR = re.compile(r"(?:\d{1,3}[.)]|\((?:\d{1,3}|[a-zA-Z])\)|[a-z]\))\Z")
"""A word that numbers a list item by itself: ``1.``, ``2)``, ``(3)``, ``(a)``, ``b)`` (not ``(iv)``:
a roman numeral is too like a word). Its own word, so it is compared as any word and shown where it stands."""

_ENDS_SENTENCE = re.compile(r"[.!?:;][\"'\u2019\u201d)\]]*\Z")
"""A word that closes a sentence (or opens a list with a colon), quotes and brackets after it allowed."""


def items(w: Witness) -> dict[int, str]:
    """The words of ``w`` that begin a list item: token index → the marker to show before it
    (``""`` when the word is its own marker, as ``1.`` or ``(a)`` is).

    Evidence: the word is the first on its line (nothing but white space and a bullet before
    it, ``_BULLET``), or it is an enumerator (``_ENUMERATOR``) first on its line with more words
    after it on that line. Page furniture is never an item (``- 2 -`` is a page number).

    >>> from redline import compare_texts
    >>> w = compare_texts("Made:\\n- one thing\\n- another\\n1. first point\\nplain line", "x").draft
    >>> {w.tokens[i].text: m for i, m in items(w).items()}
    {'one': '-', 'another': '-', '1.': ''}
    """
    text = w.source.text
    tokens = w.tokens
    out: dict[int, str] = {}
    last_line = -1
    for t in tokens:
        if t.line == last_line:  # most words: not the first on their line
            continue
        last_line = t.line
        m = marker(text, tokens, t)
        if m is not None:
            out[t.i] = m
    return out


def marker(text: str, tokens: Sequence[Token], t: Token) -> str | None:
    """The marker of the list item that the word ``t`` (the first on its line) begins, or None (``items``)."""
    if t.furniture:
        return None
    line_start = text.rfind("\n", 0, t.start) + 1
    before = text[line_start : t.start]
    if before.strip() == "":
        if _ENUMERATOR.match(t.text) and t.i + 1 < len(tokens) and tokens[t.i + 1].line == t.line:
            return ""
        return None
    m = _BULLET.match(before)
    return m.group(1) if m else None


@dataclass(frozen=True, slots=True)
class Break:
    """A paragraph break one version has and the other does not, between two words both carry."""

    change: str
    """``split``: the despatch breaks where the draft runs on; ``join``: the draft breaks where the despatch runs on."""
    draft: tuple[int, int]
    """The draft's two words either side of the break (token indices)."""
    final: tuple[int, int]
    """The despatch's two words."""
    evidence: str
    """What the breaking side shows: ``blank-line`` or ``list-item``."""


def _break(text: str, tokens: Sequence[Token], a: Token, b: Token) -> str | None:
    """What breaks the paragraph between the neighbouring words ``a`` and ``b``: a blank line, a new
    list item, or nothing; ``""`` when the two stand on different lines with no such break (a line
    break alone says nothing: it may wrap a line, set a verse, or stand for a paragraph)."""
    if a.para != b.para:
        return "blank-line"
    gap = text[a.end : b.start]
    if "\n" not in gap and "\r" not in gap:
        return None
    return "list-item" if marker(text, tokens, b) is not None else ""


PROSE_WORDS = 5
"""Words a paragraph needs on each side of a blank-line break for the break to be claimed (``_prose``)."""


def _sizes(tokens: tuple[Token, ...]) -> Counter:
    """Words (furniture aside) in each paragraph."""
    return Counter([t.para for t in tokens if not t.furniture])


LIKE_RATE = 1 / 3
"""How much sparser one version's paragraphs may be than the other's for the two to be compared (``_alike``)."""


def _alike(d_size: Counter, f_size: Counter) -> bool:
    """Do both versions record paragraphs at a like rate (breaks a word, each at least ``LIKE_RATE``
    of the other's)? Else one transcription does not keep the paragraphs the other does (an OCR
    page with a blank line now and then against a printed text's, a telegram run as one block
    against its typescript) and their difference says nothing of the author's paragraphs: in the
    development corpus, the 1854 OCR of a play sets a blank line every 170 words, its 1823 print
    every 10, and all but four of the 470 breaks they did not share were this.
    """
    rates = [(len(size) - 1) / max(1, sum(size.values())) for size in (d_size, f_size)]
    return min(rates) >= LIKE_RATE * max(rates)


def _prose(how: str, a: Token, b: Token, size: Counter) -> bool:
    """Is a break between ``a`` and ``b`` one of running prose, which a version may split or join?

    A list item is (its marker is the evidence). A blank line is when the word before it closes
    a sentence (an OCR page may set a blank line after any line) and the paragraphs either side
    each hold at least ``PROSE_WORDS`` words: a shorter one is a label, a heading, a salutation or
    a speaker's name in a play (``Annab.`` on a line of its own in one edition, run into the
    speech in another), set by a transcription's convention rather than by the author.
    """
    if how == "list-item":
        return True
    return bool(_ENDS_SENTENCE.search(a.text)) and size[a.para] >= PROSE_WORDS and size[b.para] >= PROSE_WORDS


_DRAFT = attrgetter("draft")


def _line_ends(runs: list[tuple[int, range]]) -> list[int]:
    """Each ``i`` where token ``i + 1`` starts a new line, in order, from the runs of the tokens' lines
    (``furniture.line_runs``): the last token of each run but the last.

    The runs are the witness's own, worked out when its furniture was marked and kept with it, so
    the lines are not read here again (the column of each side's lines compared word by word, or
    each line's last word found by bisection: 30-40 ms at dec88x1105's 1 M words, 1-2 ms at darwin150k).
    """
    return [ks.stop - 1 for _, ks in runs[:-1]]


def breaks(draft: Witness, final: Witness, alignment: Alignment, dmap: Mapping[int, Link] | None = None) -> list[Break]:
    """The paragraph breaks the two versions do not share, in the draft's order.

    Evidence, all of it required (``_break``):

    - the two words either side are neighbours in both texts (no word, struck word or page
      furniture between them: furniture may stand for a page break, which is no paragraph's), and
      matched to each other in order (equal or variant, not moved);
    - one side breaks between them with a blank line (after a word that closes a sentence, so an
      OCR page that sets a blank line after every line of a sentence claims nothing) or a new list
      item;
    - the other side runs the two words on in one line. A line break alone is no evidence either
      way: a typescript re-wrapped as a telegram, a verse line, an OCR page's lines, a paragraph
      typed without a blank line all break lines without (or with) a paragraph. Indentation is not
      read: verse indents alternate lines, and a transcription keeps little of it.

    Linear in the words: a neighbouring pair is looked at only where either text changes line.
    ``dmap`` is ``alignment.draft_map()`` when the caller has it.
    """
    if dmap is None:
        dmap = alignment.draft_map()
    out: list[Break] = []
    d_tok, f_tok = draft.tokens, final.tokens
    d_text, f_text = draft.source.text, final.source.text
    # Only where either text starts a new line may a break stand: the draft word before each
    # such place, and the draft word matched to the despatched word before one (looked up in C;
    # ``filter`` drops the words not matched, None, as a link is never false).
    at = set(_line_ends(line_runs(draft)))
    at.update(map(_DRAFT, filter(None, map(alignment.final_map().get, _line_ends(line_runs(final))))))
    sizes: list[Counter] = []  # the paragraphs' sizes, counted once a break is in question (most texts have none)
    for i in sorted(at):
        if i + 1 >= len(d_tok):
            continue
        a, b = d_tok[i], d_tok[i + 1]
        la, lb = dmap.get(i), dmap.get(i + 1)
        if la is None or lb is None or la.relation == "moved" or lb.relation == "moved":
            continue
        y = la.final
        if lb.final != y + 1 or a.furniture or b.furniture:
            continue
        fa, fb = f_tok[y], f_tok[y + 1]
        if fa.furniture or fb.furniture:
            continue
        bd, bf = _break(d_text, d_tok, a, b), _break(f_text, f_tok, fa, fb)
        if not ((bd and bf is None) or (bf and bd is None)):
            continue
        if not sizes:
            sizes = [_sizes(d_tok), _sizes(f_tok)]
            if not _alike(*sizes):
                return []
        if bd and _prose(bd, a, b, sizes[0]):
            out.append(Break("join", (i, i + 1), (y, y + 1), bd))
        elif bf and _prose(bf, fa, fb, sizes[1]):
            out.append(Break("split", (i, i + 1), (y, y + 1), bf))
    return out
