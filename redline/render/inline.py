"""The inline reading order shared by the terminal and plain-text renderers.

Walks the alignment's ops and yields ``Piece``s: a word or run of words with the
style name that says what happened to it. The despatched text is the spine;
struck and dropped draft words stand where they were, and words written on the
draft keep the style of their layer, so page edits stay visible even when the
despatch carried them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ..model import Comparison, Token

STYLES = {
    "plain": "what both texts have",
    "struck": "struck on the draft, or dropped at despatch",
    "inserted": "added at despatch, or written above the line on the draft",
    "hand": "written by hand on the draft (marked)",
    "hand-inferred": "written by hand on the draft (inferred)",
    "restored": "struck on the draft but sent after all",
    "moved": "the same words at another place",
    "variant": "the same word read or spelled differently",
    "furniture": "page furniture, not counted",
}


@dataclass(frozen=True, slots=True)
class Piece:
    """Words to show with one style; ``alt`` is the draft's reading of a variant."""

    style: str
    text: str
    para: bool = False
    """Start a new paragraph before this piece."""
    alt: str | None = None


def _draft_style(t: Token) -> str:
    if t.layer == "struck":
        return "restored"
    if t.layer == "inserted":
        return "inserted"
    if t.layer == "hand":
        return "hand-inferred" if t.inferred else "hand"
    return "plain"


def pieces(c: Comparison, furniture: bool = True) -> Iterator[Piece]:
    """The comparison as styled pieces in reading order."""
    dmap, fmap = c.alignment.draft_map(), c.alignment.final_map()
    last = {"draft": None, "final": None}
    prev_side = [""]

    def brk(side: str, t: Token, other: Token | None = None) -> bool:
        """A paragraph break before ``t``: the despatch's paragraphs lead, the draft's count in draft-only runs."""
        new = last[side] is not None and t.para != last[side] and (side == "final" or prev_side[0] == "draft")
        last[side] = t.para
        if other is not None:
            last["draft"] = other.para
        prev_side[0] = side
        return new

    for op in c.alignment.ops:
        if op.op == "furniture":
            # The inline view follows the despatched text, so it shows that text's furniture;
            # the draft's own furniture is in the side-by-side view.
            if furniture:
                for i in op.final:
                    t = c.final.tokens[i]
                    yield Piece("furniture", t.display, brk("final", t))
        elif op.op in ("equal", "variant"):
            for d, f in zip(op.draft, op.final):
                dt, ft = c.draft.tokens[d], c.final.tokens[f]
                para = brk("final", ft, dt)
                if op.op == "variant":
                    yield Piece("variant", ft.display, para, dt.display)
                else:
                    yield Piece(_draft_style(dt), ft.display, para)
        elif op.op == "delete":
            for d in op.draft:
                t = c.draft.tokens[d]
                link = dmap.get(d)
                if link and link.relation == "moved":
                    continue  # shown where the despatch has it
                yield Piece("struck", t.display, brk("draft", t))
        else:
            for f in op.final:
                t = c.final.tokens[f]
                link = fmap.get(f)
                if link and link.relation == "moved":
                    yield Piece("moved", t.display, brk("final", t))
                elif link and link.relation == "variant":
                    continue  # the second half of a split word, shown with the first
                else:
                    yield Piece("inserted", t.display, brk("final", t))
