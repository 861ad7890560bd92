"""The inline reading order shared by the terminal and plain-text renderers.

Walks the alignment's ops and yields ``Piece``s: a word or run of words with the
style name that says what happened to it. The despatched text is the spine;
struck and dropped draft words stand where they were, and words written on the
draft keep the style of their layer, so page edits stay visible even when the
despatch carried them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterator, Sequence

from ..model import Comparison, Token
from ..structure import items
from .tracked import Ahead, paragraph_ops

STYLES = {
    "plain": "what both texts have",
    "struck": "struck on the draft",
    "dropped": "on the draft with no strike, left out of the despatch",
    "inserted": "added at despatch, or written above the line on the draft",
    "hand": "written by hand on the draft (marked)",
    "hand-inferred": "written by hand on the draft (inferred)",
    "restored": "struck on the draft but sent after all",
    "moved": "the same words at another place",
    "variant": "the same word read or spelled differently",
    "furniture": "page furniture, not counted",
}

PILCROW = "\u00b6"
"""Stands where a paragraph break was added (``inserted``) or taken away (``dropped``) at despatch."""


@dataclass(frozen=True, slots=True)
class Piece:
    """Words to show with one style; ``alt`` is the draft's reading of a variant."""

    style: str
    text: str
    para: bool = False
    """Start a new paragraph before this piece."""
    alt: str | None = None
    item: str | None = None
    """This piece begins a list item: start a new line, with this marker before it (``-``, ``•``;
    ``""`` when the word is its own marker, ``1.``); None inside a line."""


def _gone(t: Token) -> str:
    """The style of a draft word the despatch lacks: ``struck`` when the draft strikes it, else
    ``dropped`` (typed, written above the line or by hand, and left out with no mark on the page)."""
    return "struck" if t.layer == "struck" else "dropped"


def _draft_style(t: Token) -> str:
    if t.layer == "struck":
        return "restored"
    if t.layer == "inserted":
        return "inserted"
    if t.layer == "hand":
        return "hand-inferred" if t.inferred else "hand"
    return "plain"


_JOINED = "joined"
"""The style of a piece that only carries on the variant before it (``_pieces``; never shown)."""


def pieces(c: Comparison, furniture: bool = True) -> Iterator[Piece]:
    """The comparison as styled pieces in reading order.

    A word joined to the one before it across page furniture (``to`` / ``- 2 -`` / ``day`` for
    ``TODAY``) stands in an op of its own, after the furniture: it is read into the variant
    before it, as the draft's reading of the same despatched word; so is the second despatched
    word of a split across furniture (``CAN`` / ``- 2 -`` / ``NOT`` for ``cannot``).
    """
    held: Piece | None = None  # a variant, kept until it is known whether a joined word follows
    reading: str | None = None  # the draft's reading of the last variant, while only furniture follows it
    for p in _pieces(c, furniture):
        if p.style == _JOINED:  # a draft word (``alt``) or a despatched one (``text``) of the variant before
            if held is not None:
                held = replace(held, alt=f"{held.alt} {p.alt}") if p.alt else replace(held, text=f"{held.text} {p.text}")
                continue
            if not p.alt and reading is not None:  # the variant's second word, after the page furniture
                p = Piece("variant", p.text, p.para, reading)
            else:  # nothing to join it to (``align`` makes no such op)
                p = Piece("dropped", p.alt, p.para) if p.alt else Piece("inserted", p.text, p.para)
        if held is not None:
            yield held
            held = None
        if p.style == "variant":
            held, reading = p, p.alt
        else:
            if p.style != "furniture":
                reading = None
            yield p
    if held is not None:
        yield held


def _pieces(c: Comparison, furniture: bool = True) -> Iterator[Piece]:
    """``pieces``, with the second word of a join or a split across furniture as a piece of its own (``_JOINED``)."""
    dmap, fmap = c.alignment.draft_map(), c.alignment.final_map()
    finals_of: dict[int, list[int]] = {}  # variant draft word -> its despatched words (two for a split)
    for link in c.alignment.links:
        if link.relation == "variant":
            finals_of.setdefault(link.draft, []).append(link.final)
    split_seconds = {f for fs in finals_of.values() for f in fs[1:]}
    # A paragraph break the despatch adds or takes away stands before its word after the break.
    breaks = {e.final.tokens[-1]: e.detail.get("change") for e in c.edits if e.kind == "paragraph" and e.final}
    f_items, d_items = items(c.final), items(c.draft)
    last: dict[str, int | None] = {"draft": None, "final": None}
    prev_side = [""]
    ahead = Ahead(c.final.tokens)  # the despatch's next word, and a break it has announced early

    def brk(side: str, t: Token, other: Token | None = None) -> bool:
        """A paragraph break before ``t``: the despatch's paragraphs lead, the draft's count in draft-only
        runs, and before a draft-only word that begins a paragraph where the despatch's next word
        begins one too (then not again before that word, while the draft is still in that paragraph)."""
        changed = last[side] is not None and t.para != last[side]
        if side == "final":
            ahead.seen(t.i)
            new = changed and not ahead.announced(other.para if other is not None else last["draft"])
        else:
            new = changed and prev_side[0] == "draft"
            if changed and not new and last["final"] is not None and ahead.breaks(last["final"]):
                new = True
                ahead.announce(t.para)
        last[side] = t.para
        if other is not None:
            last["draft"] = other.para
        prev_side[0] = side
        return new

    for op in paragraph_ops(c):
        if op.op == "furniture":
            # The inline view follows the despatched text, so it shows that text's furniture;
            # the draft's own furniture is in the side-by-side view.
            if furniture:
                for i in op.final:
                    t = c.final.tokens[i]
                    yield Piece("furniture", t.display, brk("final", t))
        elif op.op == "equal":
            for d, f in zip(op.draft, op.final):
                dt, ft = c.draft.tokens[d], c.final.tokens[f]
                para = brk("final", ft, dt)
                if f in breaks:
                    yield Piece("inserted" if breaks[f] == "split" else "dropped", PILCROW, para)
                    para = False
                # A word the despatch strikes too is not sent: the draft's word is gone (``classify._struck_finals``).
                style = _gone(dt) if ft.layer == "struck" else _draft_style(dt)
                yield Piece(style, ft.display, para, None, f_items.get(f))
        elif op.op == "variant":
            for ds, fs in _readings(op.draft, op.final, finals_of):
                if ds and not fs and all(finals_of.get(d) for d in ds):  # joined to a word shown before
                    yield Piece(_JOINED, "", brk("draft", c.draft.tokens[ds[0]]), " ".join(c.draft.tokens[d].display for d in ds))
                    continue
                if fs and not ds and all(f in split_seconds for f in fs):  # a split's second word, after furniture
                    yield Piece(_JOINED, " ".join(c.final.tokens[f].display for f in fs), False, "")
                    continue
                if not ds or not fs:  # only for an op that holds one side's words alone
                    yield from (Piece(_gone(c.draft.tokens[d]), c.draft.tokens[d].display, brk("draft", c.draft.tokens[d])) for d in ds)
                    yield from (Piece("inserted", c.final.tokens[f].display, brk("final", c.final.tokens[f])) for f in fs)
                    continue
                dt, ft = c.draft.tokens[ds[0]], c.final.tokens[fs[0]]
                para = brk("final", ft, dt)
                if fs[0] in breaks:
                    yield Piece("inserted" if breaks[fs[0]] == "split" else "dropped", PILCROW, para)
                    para = False
                yield Piece("variant", " ".join(c.final.tokens[f].display for f in fs), para,
                            " ".join(c.draft.tokens[d].display for d in ds), f_items.get(fs[0]))
        elif op.op == "delete":
            for d in op.draft:
                t = c.draft.tokens[d]
                link = dmap.get(d)
                if link and link.relation == "moved":
                    continue  # shown where the despatch has it
                yield Piece(_gone(t), t.display, brk("draft", t), None, d_items.get(d))
        else:
            for f in op.final:
                t = c.final.tokens[f]
                link = fmap.get(f)
                if link and link.relation == "moved":
                    yield Piece("moved", t.display, brk("final", t), None, f_items.get(f))
                elif link and link.relation == "variant":
                    continue  # the second half of a split word, shown with the first
                else:
                    yield Piece("inserted", t.display, brk("final", t), None, f_items.get(f))


def _readings(draft: Sequence[int], final: Sequence[int], finals_of: dict[int, list[int]]) -> list[tuple[list[int], list[int]]]:
    """A variant op's words as readings: the draft words and the despatched words that are one
    word read differently. Most are one for one; a word split in two (``No-10`` / ``NO. 10``)
    has two despatched words, and two draft words joined (``can not`` / ``cannot``) share one.
    Every word of the op is in one reading, in order, so none is lost from view.

    >>> _readings([1, 3], [1, 2, 4], {1: [1, 2], 3: [4]})
    [([1], [1, 2]), ([3], [4])]
    >>> _readings([1, 2], [5], {1: [5], 2: [5]})
    [([1, 2], [5])]
    >>> _readings([1, 2], [5], {2: [5]})  # a word that claims none is read with the next
    [([1, 2], [5])]
    """
    out: list[tuple[list[int], list[int]]] = []
    in_op = set(final)
    shown: dict[int, int] = {}  # despatched word -> its reading in ``out``
    for d in draft:
        fs = [f for f in finals_of.get(d, ()) if f in in_op]
        at = next((shown[f] for f in fs if f in shown), None)
        if at is not None:  # joined to a word before it
            out[at][0].append(d)
            fs = [f for f in fs if f not in shown]
            out[at][1].extend(fs)
        else:
            at = len(out)
            out.append(([d], fs))
        shown.update(dict.fromkeys(fs, at))
    left = [f for f in final if f not in shown]
    if left:  # despatched words no draft word claims (``align`` makes none): shown with the last reading
        if out:
            out[-1][1].extend(left)
        else:
            out.append(([], left))
    merged: list[tuple[list[int], list[int]]] = []
    for ds, fs in out:  # a draft word that claims no despatched word (neither): read with the next
        if merged and not merged[-1][1]:
            merged[-1][0].extend(ds)
            merged[-1][1].extend(fs)
        else:
            merged.append((ds, fs))
    if len(merged) > 1 and not merged[-1][1]:
        merged[-2][0].extend(merged.pop()[0])
    return [(ds, sorted(fs)) for ds, fs in merged]
