"""The page or folio a word stands on, as the transcription marks it: for citations (``p. 2, l. 105``).

Evidence, and nothing else:

- a line inside the witness that page furniture detection marked ``page-number`` (``- 2 -``,
  ``14``, ``iv``): the words after it, to the next such line, are on that page;
- a page or folio mark standing alone on the last non-blank line above the witness's first line,
  within ``ABOVE`` lines (an archive's folio number above a document: ``11a``, ``12r``): the words
  from the start, to the first mark inside, are on it. A range cut out of a file often begins just
  below its folio, which the range itself leaves out.

Words before any mark get no page: the first page of a typescript is seldom numbered, and redline
does not count pages it cannot see. A mark with a folio letter (``11a``, ``12r``, ``12v``) is cited
as a folio (``f. 11a``), any other as a page (``p. 2``).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .model import Token, Witness

ABOVE = 3
"""How many lines above a witness's first line its folio or page mark may stand (blank lines included)."""

_MARK = re.compile(r"[-\u2013\u2014(\[\s]*(\d{1,4}[abrv]?|[ivxlc]{1,6})[-\u2013\u2014)\]\s]*\.?", re.I)
"""A page or folio mark alone on its line: a number (with a folio letter) or a roman numeral, in dashes or brackets."""
_FOLIO = re.compile(r"\d+[abrv]", re.I)


def cited(mark: str) -> str:
    """``f. 11a`` for a folio, ``p. 2`` for a page.

    >>> cited("11a"), cited("2"), cited("iv")
    ('f. 11a', 'p. 2', 'p. iv')
    """
    return f"f. {mark}" if _FOLIO.fullmatch(mark) else f"p. {mark}"


def marks(w: Witness) -> tuple[list[int], list[str]]:
    """Where each page begins (the token index of its first word; -1 for a mark above the witness)
    and its mark, in order."""
    starts: list[int] = []
    labels: list[str] = []
    above = _above(w)
    if above:
        starts.append(-1)
        labels.append(above)
    text, tokens = w.source.text, w.tokens
    last_line = 0
    for t in tokens:
        if t.furniture != "page-number" or t.line == last_line:
            continue
        last_line = t.line
        m = _MARK.fullmatch(_line(text, t.start))
        if m:
            starts.append(t.i)
            labels.append(m.group(1))
    return starts, labels


def page(w: Witness, token: Token) -> str:
    """The cited page of ``token`` (``p. 2``, ``f. 11a``), or '' when no mark stands before it."""
    starts, labels = w.memo("pages", lambda: marks(w))
    k = bisect_right(starts, token.i) - 1
    return cited(labels[k]) if k >= 0 else ""


def _line(text: str, at: int) -> str:
    """The whole line of ``text`` that holds offset ``at``."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return text[start : end if end >= 0 else len(text)].strip()


def _above(w: Witness) -> str:
    """The mark on the last non-blank line above the witness, within ``ABOVE`` lines, or ''."""
    text, at = w.source.text, w.source.start
    if at <= 0:
        return ""
    end = text.rfind("\n", 0, at)  # the end of the line above the witness's first
    for _ in range(ABOVE):
        if end < 0:
            return ""
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].strip()
        if line:
            m = _MARK.fullmatch(line)
            return m.group(1) if m else ""
        end = start - 1
    return ""
