"""Reading order: where a reader meets each edit, so that edits are numbered as they are read.

An edit's place is where the report shows it: in the merged walk through both witnesses
(``stream``, the despatched text as spine, with the draft's words it lacks where they
stood), at its first cluster of despatched words, or of draft words when the despatch
has none. A moved passage is read where the despatch has it. Every view that numbers
edits (the report, its list and keys, citations) takes its numbers from ``numbered``,
so number 7 is the same edit everywhere; the ids stay what they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import zip_longest

from .model import Comparison, Edit

MAX_GAP = 4
"""Tokens of one edit separated by more than this many other tokens are shown as two places."""

RANK = {"moved": 0, "substituted": 1, "handwritten": 2, "struck": 3, "inserted": 4, "variant": 5, "paragraph": 6}
"""Outer kinds wrap inner ones when two edits cover the same tokens (and are read first)."""


@dataclass(slots=True)
class Item:
    """One step of the reading-order stream: a draft token, a final token, or an aligned pair."""

    d: int | None
    f: int | None
    op: str


def stream(c: Comparison) -> list[Item]:
    """Every token of both witnesses once, in the merged reading order of ``alignment.ops``."""
    items: list[Item] = []
    for op in c.alignment.ops:
        if op.op in ("equal", "variant"):
            items += [Item(d, f, op.op) for d, f in zip_longest(op.draft, op.final)]
        else:
            items += [Item(d, None, op.op) for d in op.draft]
            items += [Item(None, f, op.op) for f in op.final]
    for side, n in (("d", len(c.draft.tokens)), ("f", len(c.final.tokens))):
        seen = {getattr(it, side) for it in items}
        for i in range(n):
            if i in seen:
                continue
            # A token the ops leave out goes after its predecessor on the same side.
            at = max((k for k, it in enumerate(items) if (getattr(it, side) or -1) < i and getattr(it, side) is not None), default=-1)
            items.insert(at + 1, Item(i, None, "orphan") if side == "d" else Item(None, i, "orphan"))
    return items


def clusters(positions: list[int]) -> list[list[int]]:
    """Sorted stream positions cut where more than ``MAX_GAP`` other items lie between two.

    >>> clusters([1, 2, 9, 30])
    [[1, 2], [9], [30]]
    """
    out: list[list[int]] = []
    for k in sorted(set(positions)):
        if out and k - out[-1][-1] <= MAX_GAP + 1:
            out[-1].append(k)
        else:
            out.append([k])
    return out


def places(e: Edit, pos_d: dict[int, int], pos_f: dict[int, int]) -> list[tuple[list[int], bool, str]]:
    """The edit's places in the stream: ``(positions, primary, side)``, side ``f`` when the place
    holds despatched words. A moved passage's primary place is where the despatch has it."""
    dk = [pos_d[i] for i in (e.draft.tokens if e.draft else ()) if i in pos_d]
    fk = [pos_f[j] for j in (e.final.tokens if e.final else ()) if j in pos_f]
    fset = set(fk)
    if e.kind == "moved":
        primary = clusters(fk) or clusters(dk)
        rest = clusters([k for k in dk if k not in fset]) if fk else []
        groups = [(g, n == 0) for n, g in enumerate(primary)] + [(g, False) for g in rest]
    else:
        cl = clusters(dk + fk)
        first = next((n for n, g in enumerate(cl) if fset.intersection(g)), 0)
        groups = [(g, n == first) for n, g in enumerate(cl)]
    return [(g, p, "f" if fset.intersection(g) else "d") for g, p in groups]


def positions(items: list[Item]) -> tuple[dict[int, int], dict[int, int]]:
    """Draft and final token index → its position in ``items``."""
    return ({it.d: k for k, it in enumerate(items) if it.d is not None},
            {it.f: k for k, it in enumerate(items) if it.f is not None})


def reading_order(c: Comparison, items: list[Item] | None = None) -> tuple[Edit, ...]:
    """The edits in the order a reader of the report meets them (ties keep the classifier's order)."""
    items = stream(c) if items is None else items
    pos_d, pos_f = positions(items)
    end = len(items)

    def at(e: Edit) -> tuple[int, int, int]:
        g = next((g for g, primary, _ in places(e, pos_d, pos_f) if primary), [end])
        return g[0], -g[-1], RANK.get(e.kind, 9)

    return tuple(sorted(c.edits, key=at))


def numbered(c: Comparison, items: list[Item] | None = None) -> dict[str, int]:
    """Edit id → its number, 1, 2, … in reading order."""
    return {e.id: n for n, e in enumerate(reading_order(c, items), 1)}
