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
  ways (a crossing: the two comparisons order the words differently) blocks the merge.

Merging only ever joins rows, so every token stays in exactly one row, every link the table held
stays held, and the base's rows (its comparison with each witness) are untouched. A link that no
merge can realise is counted by cause (``Unmet``). Linear in the rows, plus the window between
the two rows of each link not yet held (a few rows on the corpus; at most ``MAX_WINDOW``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .model import Alignment

MAX_WINDOW = 2_000
"""Rows between the two rows of a link that a merge may reorder; a farther pair is left apart
(counted as ``far``): it keeps the pass linear on texts that differ at length."""


@dataclass(slots=True)
class Unmet:
    """Links of the refining comparisons that the table does not hold after refinement, by cause."""

    base: int = 0
    """One of the words shares a row with a base word its partner's comparison with the base did not
    link it to (or they sit at two base words): the comparisons disagree via the base."""
    split: int = 0
    """The rows share a witness whose words there do not follow each other."""
    crossing: int = 0
    """Merging would put some witness's words out of order: the comparisons order the words differently."""
    conflict: int = 0
    """Another computed comparison does not link words the merge would put in one row."""
    furniture: int = 0
    """A text word linked to page furniture: furniture keeps rows of its own."""
    far: int = 0
    """More than ``MAX_WINDOW`` rows apart."""
    merged: int = 0
    """Links realised by merging two rows (not a cause: what refinement did)."""

    def total(self) -> int:
        """Links left unrealised."""
        return self.base + self.split + self.crossing + self.conflict + self.furniture + self.far


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
           pairs: Sequence[tuple[int, int, Alignment]], reads_as: dict[tuple[int, int], tuple[int, int]]) -> tuple[list, Unmet]:
    """The table's cells with rows merged where ``pairs``' comparisons link words in two rows (see the
    module's docstring), and what was left unrealised.

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
    unmet = Unmet()
    blocked: list[tuple[int, int, int, int, str]] = []  # (i, draft token, j, final token, cause)
    for i, j, alignment in pairs:
        at_i, at_j = at[i], at[j]
        for link in alignment.links:
            if link.relation == "moved":
                continue
            ri, rj = at_i[link.draft], at_j[link.final]
            if ri == rj:
                continue
            r1, r2 = (ri, rj) if ri < rj else (rj, ri)
            lo, hi = cells[r1], cells[r2]
            shared = lo.keys() & hi.keys()
            cause = _cause(lo, hi, shared, base, r2 - r1, known)
            if cause is None and furniture[i][link.draft] != furniture[j][link.final]:
                cause = "furniture"
            order = _reorder(cells, r1, r2) if cause is None else None
            if order is None:
                blocked.append((i, link.draft, j, link.final, cause or "crossing"))
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
            unmet.merged += 1
    for i, ti, j, tj, cause in blocked:  # a link blocked when it came may be held by a later merge
        if at[i][ti] != at[j][tj]:
            setattr(unmet, cause, getattr(unmet, cause) + 1)
    return [cell for cell in cells if cell is not None], unmet


def _cause(lo: dict, hi: dict, shared, base: int, apart: int, known: Pairs) -> str | None:
    """Why rows ``lo`` and ``hi`` may not be merged, whatever lies between them (``Unmet``'s fields), or None."""
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


def _reorder(cells: list, r1: int, r2: int) -> tuple[list, list] | None:
    """The rows strictly between ``r1`` and ``r2`` split into those that go before the merged row and
    those that must go after it (each in its order), or None when some row must go both ways."""
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
            return None
        carry.update(cell.keys())
        after.append(cell)
    return before, after
