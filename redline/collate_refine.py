"""Merging the star table's rows so it keeps what two non-base witnesses' own comparison links.

The star alignment (``collate_table``) places every witness against the base only. Two later
witnesses that add the same words in different gaps of the base, or in one gap but ordered
otherwise than the gap's key alignment chose, get them in different rows, though their own
comparison links them. ``refine`` takes that comparison's links (equal and variant) and, link by
link, merges the two rows when a table can hold both:

- neither row holds a base word: a base row carries the base's comparison with every witness,
  and a word another witness's comparison with the base did not link to it must not join it (the
  pairwise alignments disagree via the base: no single table satisfies both);
- no witness has words in both rows, unless they follow each other in it (a word one of the
  two witnesses splits: ``indirectly`` / ``in directly``), and both rows are text or both page
  furniture;
- no comparison computed for the table says otherwise: a witness pair with a comparison
  (``Pairs``) meets in the merged row only where that comparison links the two words;
- every witness still reads down the table in order: the rows between the two are split into
  those that must come after the merged row (they hold a witness of the upper row, or follow
  such a row in some witness's order) and the rest, which go before it; a row that must go both
  ways blocks the merge (``crossing`` when it is a base row: the comparisons with the base order
  the words otherwise than the two witnesses' own; ``order`` when it is not).

Merging only ever joins rows, so every token stays in exactly one row, every link the table held
stays held, and the base's rows (its comparison with each witness) are untouched. A link that no
merge can realise is counted by cause (``Pairwise``). Linear in the rows, plus the window between
the two rows of each link not yet held (a few rows on the corpus; at most ``MAX_WINDOW``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .model import Alignment

MAX_WINDOW = 2_000
"""Rows between the two rows of a link that a merge may reorder; a farther pair is left apart
(counted as ``far``): it keeps the pass linear on texts that differ at length. The widest merge
measured spans 118 rows (six Darwin editions, three Julian texts) and 433 (three editions of
75 k words each), so none is left apart on them."""


CAUSES = ("base", "crossing", "order", "split", "conflict", "furniture", "far")
"""Why a link of a refining comparison may stay out of the table (``Pairwise``'s fields of those names)."""


@dataclass(frozen=True, slots=True)
class Pairwise:
    """Two witnesses the table was refined by, their own comparison, and how much of it the table keeps."""

    i: int
    """Position of the first (the earlier) witness."""
    j: int
    """Position of the second."""
    alignment: Alignment
    """``compare(Wi, Wj)``'s alignment."""
    links: int
    """Its equal and variant links (moved ones are not rows: the table cross-references moves against the base only)."""
    merged: int
    """Links the table holds because refinement merged two rows."""
    base: int = 0
    """Links left out because a word shares a row with a base word its partner's comparison with the
    base did not link it to (or the two sit at two base words): the comparisons disagree via the base."""
    crossing: int = 0
    """Links left out because a base row between the two rows holds words of both witnesses: their
    comparisons with the base order these words otherwise than their own comparison does (each
    keeps ``three four`` of the base, but one adds ``X Y Z`` before them and the other after)."""
    order: int = 0
    """Links left out because merging would put some witness's words out of order at rows without a
    base word (insertions the gap alignment or an earlier merge ordered otherwise)."""
    split: int = 0
    """Links left out because both rows hold words of one witness that do not follow each other."""
    conflict: int = 0
    """Links left out because another refining comparison does not link words the merge would join."""
    furniture: int = 0
    """Text linked to page furniture: furniture keeps rows of its own."""
    far: int = 0
    """Links whose rows are more than ``MAX_WINDOW`` apart."""

    @property
    def kept(self) -> int:
        """Links the table holds: both words in one row."""
        return self.links - sum(getattr(self, c) for c in CAUSES)

    @property
    def unkept(self) -> dict[str, int]:
        """The links left out, by cause (causes with none left out)."""
        return {c: getattr(self, c) for c in CAUSES if getattr(self, c)}


class Pairs:
    """The links of the comparisons the table is refined by, for the ``conflict`` check: (x, y) with
    x < y -> x's token -> y's tokens (equal and variant links), each map made when first asked for."""

    def __init__(self, pairs: Sequence[tuple[int, int, Alignment]]) -> None:
        self.alignments = {(x, y): a for x, y, a in pairs}
        self.of: dict[tuple[int, int], dict[int, set[int]]] = {}

    def links(self, x: int, y: int) -> dict[int, set[int]] | None:
        """x's token -> y's tokens, or None when the table was not refined by (x, y)'s comparison."""
        m = self.of.get((x, y))
        if m is None and (x, y) in self.alignments:
            m = self.of[(x, y)] = {}
            for link in self.alignments[(x, y)].links:
                if link.relation != "moved":
                    m.setdefault(link.draft, set()).add(link.final)
        return m

    def allows(self, a: dict[int, list[int]], b: dict[int, list[int]]) -> bool:
        """May cells ``a`` and ``b`` share a row: every witness pair across them with a comparison has a link between their words?"""
        for x, tx in a.items():
            for y, ty in b.items():
                if x == y:
                    continue
                lo, hi, tlo, thi = (x, y, tx, ty) if x < y else (y, x, ty, tx)
                m = self.links(lo, hi)
                if m is None:
                    continue
                if not any(u in m.get(t, ()) for t in tlo for u in thi):
                    return False
        return True


def refine(cells: list[dict[int, list[int]]], base: int, furniture: Sequence[Sequence[bool]],
           pairs: Sequence[tuple[int, int, Alignment]], reads_as: dict[tuple[int, int], tuple[int, int]]) -> tuple[list, tuple[Pairwise, ...]]:
    """The table's cells with rows merged where ``pairs``' comparisons link words in two rows (see the
    module's docstring), and for each pair how much of its comparison the table keeps.

    ``furniture[k][t]``: is witness k's token t page furniture. ``reads_as`` is filled: (witness, token)
    of a word merged into another row -> (witness, token) of the word the row was first made of, so a
    word a comparison reads as a variant of another reads alike in the table.
    """
    known = Pairs(pairs)
    at = [[-1] * len(f) for f in furniture]
    for r, cell in enumerate(cells):
        for k, ts in cell.items():
            row_k = at[k]
            for t in ts:
                row_k[t] = r
    blocked: list[tuple[int, int, int, int, int, str]] = []  # (pair, i, draft token, j, final token, cause)
    merges, counted = [0] * len(pairs), [0] * len(pairs)
    for p, (i, j, alignment) in enumerate(pairs):
        at_i, at_j = at[i], at[j]
        for link in alignment.links:
            if link.relation == "moved":
                continue
            counted[p] += 1
            ri, rj = at_i[link.draft], at_j[link.final]
            if ri == rj:
                continue
            r1, r2 = (ri, rj) if ri < rj else (rj, ri)
            lo, hi = cells[r1], cells[r2]
            shared = lo.keys() & hi.keys()
            cause = _cause(lo, hi, shared, base, r2 - r1, known)
            if cause is None and furniture[i][link.draft] != furniture[j][link.final]:
                cause = "furniture"
            order = _reorder(cells, r1, r2, base) if cause is None else cause
            if isinstance(order, str):
                blocked.append((p, i, link.draft, j, link.final, order))
                continue
            before, after = order
            merged = {**lo, **hi}
            for k in shared:  # a word split in one witness: both its words in the row, in order
                merged[k] = lo[k] + hi[k]
            rep = _first(lo, reads_as)
            for k, ts in hi.items():
                for t in ts:
                    reads_as[(k, t)] = rep
            window = [*before, merged, *after]
            window.extend([None] * (r2 + 1 - r1 - len(window)))  # the merged row's place: the table keeps its length till the end
            cells[r1 : r2 + 1] = window
            for r in range(r1, r2 + 1):
                cell = cells[r]
                if cell is None:
                    continue
                for k, ts in cell.items():
                    row_k = at[k]
                    for t in ts:
                        row_k[t] = r
            merges[p] += 1
    causes: list[dict[str, int]] = [{} for _ in pairs]
    for p, i, ti, j, tj, cause in blocked:  # a link blocked when it came may be held by a later merge
        if at[i][ti] != at[j][tj]:
            causes[p][cause] = causes[p].get(cause, 0) + 1
    fits = tuple(Pairwise(i, j, a, counted[p], merges[p], **causes[p]) for p, (i, j, a) in enumerate(pairs))
    return [cell for cell in cells if cell is not None], fits


def _cause(lo: dict, hi: dict, shared, base: int, apart: int, known: Pairs) -> str | None:
    """Why rows ``lo`` and ``hi`` may not be merged, whatever lies between them (one of ``CAUSES``), or None."""
    if base in lo or base in hi:
        return "base"
    if shared and not all(lo[k][-1] + 1 == hi[k][0] for k in shared):
        return "split"
    if apart > MAX_WINDOW:
        return "far"
    if not known.allows(lo, hi):
        return "conflict"
    return None


def _first(cell: dict[int, list[int]], reads_as: dict[tuple[int, int], tuple[int, int]]) -> tuple[int, int]:
    """The word a row reads as: its first witness's first word, or what that word was merged to read as."""
    k = min(cell)
    w = (k, cell[k][0])
    return reads_as.get(w, w)


def _reorder(cells: list, r1: int, r2: int, base: int) -> tuple[list, list] | str:
    """The rows strictly between ``r1`` and ``r2`` split into those that go before the merged row and
    those that must go after it (each in its order); or, when some row must go both ways, why:
    ``crossing`` (that row holds a base word) or ``order`` (it does not)."""
    carry = set(cells[r1])  # witnesses whose later words must follow the merged row
    upper = cells[r2].keys()
    before, after = [], []
    for r in range(r1 + 1, r2):
        cell = cells[r]
        if cell is None:
            continue
        if carry.isdisjoint(cell.keys()):
            before.append(cell)
            continue
        if not upper.isdisjoint(cell.keys()):
            return "crossing" if base in cell else "order"
        carry.update(cell.keys())
        after.append(cell)
    return before, after
