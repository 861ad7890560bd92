"""Plain-text redline, for pipes, files and ``NO_COLOR``: marks in the text, no colour.

``[-struck-]``, ``[_left out_]`` (no strike on the draft, not in the despatch), ``{+inserted+}``,
``{~hand~}`` (``{?hand?}`` when inferred),
``[=restored=]``, ``{>moved>}``, ``WORD{draft: reading}`` for variants, and
``((furniture))``; a legend and counts follow the text.
"""

from __future__ import annotations

import textwrap

from ..model import KINDS, Comparison
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


def _runs(ps: list[Piece]) -> list[list[Piece]]:
    """Group consecutive pieces of one style (and paragraph) so marks wrap runs, not words."""
    runs: list[list[Piece]] = []
    for p in ps:
        if runs and runs[-1][-1].style == p.style and not p.para and p.style != "variant":
            runs[-1].append(p)
        else:
            runs.append([p])
    return runs


def body(c: Comparison, width: int = 100, furniture: bool = True) -> str:
    """The inline redline as wrapped plain text with marks."""
    paras: list[list[str]] = [[]]
    for run in _runs(list(pieces(c, furniture))):
        if run[0].para and paras[-1]:
            paras.append([])
        if run[0].style == "variant":
            p = run[0]
            paras[-1].append(f"{p.text}{{draft: {p.alt}}}")
            continue
        left, right = MARKS[run[0].style]
        paras[-1].append(left + " ".join(p.text for p in run) + right)
    return "\n\n".join(textwrap.fill(" ".join(words), width=width, break_on_hyphens=False) for words in paras if words)


def summary(c: Comparison) -> str:
    """Counts by kind, one line."""
    counts = ", ".join(f"{c.stats.get(k, 0)} {k}" for k in KINDS)
    n = len(c.edits)
    return f"{n} edit{'' if n == 1 else 's'}: {counts}{assumed_phrase(c.stats.get('variant', 0))}; {share_phrase(c.stats.get('verbatim_share'))}"


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

LEGEND = "  ".join(f"{l}…{r} {_NAMES.get(name, name)}" for name, (l, r) in MARKS.items() if name != "plain") + "  WORD{draft: …} variant"


def render(c: Comparison, width: int = 100, furniture: bool = True, side: bool = False, **_: object) -> str:
    """Heading, redline, legend and summary (warnings go to standard error, not here).

    ``side``: draft and despatch in two columns, marked the same way (the terminal
    renderer without colour)."""
    if side:
        from .terminal import render as terminal

        return terminal(c, width=width, color=False, side=True, furniture=furniture)
    legend = LEGEND
    lines = [
        f"redline: {c.draft.source.name}  →  {c.final.source.name}",
        "",
        body(c, width, furniture),
        "",
        f"legend: {legend}",
        summary(c),
    ]
    return "\n".join(lines) + "\n"
