"""Plain-text redline, for pipes, files and ``NO_COLOR``: marks in the text, no colour.

``[-struck-]``, ``[_left out_]`` (no strike on the draft, not in the despatch), ``{+inserted+}``,
``{~hand~}`` (``{?hand?}`` when inferred),
``[=restored=]``, ``{>moved>}``, ``WORD{draft: reading}`` for variants, and
``((furniture))``; a legend and counts follow the text.
"""

from __future__ import annotations

import textwrap
from typing import Iterable, Iterator

from ..model import WORD_KINDS, Comparison
from .inline import Piece, pieces

MARKS = {
    "plain": ("", ""),
    "struck": ("[-", "-]"),
    "dropped": ("[_", "_]"),
    "inserted": ("{+", "+}"),
    "hand": ("{~", "~}"),
    "hand-inferred": ("{?", "?}"),
    "restored": ("[=", "=]"),
    "moved": ("{>", ">}"),
    "furniture": ("((", "))"),
}


def _runs(ps: Iterable[Piece]) -> Iterator[list[Piece]]:
    """Group consecutive pieces of one style (and paragraph) so marks wrap runs, not words."""
    run: list[Piece] = []
    for p in ps:
        if run and run[-1].style == p.style and not p.para and p.item is None and p.style != "variant":
            run.append(p)
        else:
            if run:
                yield run
            run = [p]
    if run:
        yield run


def paragraphs(c: Comparison, width: int = 100, furniture: bool = True) -> Iterator[str]:
    """The inline redline's paragraphs, each wrapped plain text with marks, one at a time: a large
    comparison's text is never held whole."""
    lines: list[tuple[str | None, list[str]]] = [(None, [])]  # the paragraph's list items: (marker, words)
    for run in _runs(pieces(c, furniture)):
        if run[0].para and any(words for _, words in lines):
            yield _fill(lines, width)
            lines = [(None, [])]
        if run[0].item is not None:
            lines.append((run[0].item, []))
        words = lines[-1][1]
        if run[0].style == "variant":
            p = run[0]
            words.append(f"{p.text}{{draft: {p.alt}}}")
            continue
        left, right = MARKS[run[0].style]
        words.append(left + " ".join(p.text for p in run) + right)
    if any(words for _, words in lines):
        yield _fill(lines, width)


def _fill(lines: list[tuple[str | None, list[str]]], width: int) -> str:
    """A paragraph's text wrapped to ``width``: each list item on lines of its own, after its
    marker, its later lines indented under its first word."""
    out = []
    for marker, words in lines:
        if not words and marker is None:
            continue
        lead = f"{marker} " if marker else ""
        out.append(textwrap.fill(" ".join(words), width=width, break_on_hyphens=False, initial_indent=lead,
                                 subsequent_indent=" " * (len(lead) if marker else 3 if marker == "" else 0)))
    return "\n".join(out)


def body(c: Comparison, width: int = 100, furniture: bool = True) -> str:
    """The inline redline as wrapped plain text with marks."""
    return "\n\n".join(paragraphs(c, width, furniture))


def summary(c: Comparison) -> str:
    """Counts by kind, one line; a change to the paragraphing is counted apart from the words'."""
    counts = ", ".join(f"{c.stats.get(k, 0)} {k}" for k in WORD_KINDS)
    n = len(c.edits)
    return (f"{n} edit{'' if n == 1 else 's'}: {counts}{assumed_phrase(c.stats.get('variant', 0))}"
            f"{paragraph_phrase(c.stats.get('paragraph', 0))}; {share_phrase(c.stats.get('verbatim_share'))}")


def paragraph_phrase(n: object) -> str:
    """The edits to the paragraphing (a paragraph split or two joined), named apart from the words'.

    >>> paragraph_phrase(1), paragraph_phrase(0)
    ('; and 1 to the paragraphing (a paragraph split or two joined; no word changed)', '')
    """
    if not n:
        return ""
    return f"; and {n} to the paragraphing (a paragraph split or two joined; no word changed)"


def assumed_phrase(variants: object) -> str:
    """Variant readings are redline's claim that two readings are one word: say how many were assumed.

    >>> assumed_phrase(2), assumed_phrase(0)
    (' (2 variants assumed: taken to be one word read differently, counted as unchanged)', '')
    """
    if not variants:
        return ""
    return f" ({variants} variant{'' if variants == 1 else 's'} assumed: taken to be one word read differently, counted as unchanged)"


def share_phrase(share: float | None) -> str:
    """How much of the amended draft reached the despatch word for word, in words.

    The share is defined where it is given: words of the amended draft, struck words and page
    furniture aside, that the despatch has word for word (variants and moved words do not count).

    >>> share_phrase(0.756), share_phrase(None)
    ('76% of the amended draft reached the despatch word for word (its words, struck words and page furniture aside; variants and moved words not counted)', 'the amended draft has no words to compare')
    """
    if share is None:  # a draft of page furniture alone: nothing reached the despatch, and nothing failed to
        return "the amended draft has no words to compare"
    return (f"{share:.0%} of the amended draft reached the despatch word for word "
            "(its words, struck words and page furniture aside; variants and moved words not counted)")


_NAMES = {"dropped": "left out (no strike on the draft)"}
"""How the legend names a mark, where its style's name is not plain enough."""

LEGEND = ("  ".join(f"{l}…{r} {_NAMES.get(name, name)}" for name, (l, r) in MARKS.items() if name != "plain")
          + "  WORD{draft: …} variant  {+¶+} paragraph split  [_¶_] paragraphs joined")


def chunks(c: Comparison, width: int = 100, furniture: bool = True, side: bool = False, **_: object) -> Iterator[str]:
    """Heading, redline, legend and summary (warnings go to standard error, not here), in pieces
    in order: a paragraph at a time, written as it is made.

    ``side``: draft and despatch in two columns, marked the same way (the terminal
    renderer without colour), in one piece."""
    if side:
        from .terminal import render as terminal

        yield terminal(c, width=width, color=False, side=True, furniture=furniture)
        return
    yield f"redline: {c.draft.source.name}  →  {c.final.source.name}\n\n"
    for n, paragraph in enumerate(paragraphs(c, width, furniture)):
        yield ("\n\n" if n else "") + paragraph
    yield f"\n\nlegend: {LEGEND}\n{summary(c)}\n"


def render(c: Comparison, width: int = 100, furniture: bool = True, side: bool = False, **_: object) -> str:
    """Heading, redline, legend and summary (``chunks``, joined)."""
    return "".join(chunks(c, width=width, furniture=furniture, side=side))
