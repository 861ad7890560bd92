"""The alignment table's positions: where each witness's tokens go, given its links to the base.

Plain indexes in, plain indexes out (``collate`` wraps them in its value types): the links of
each comparison (``Links``), the base's rows (words a witness joins share one), each witness's
tokens placed in its base word's row or in the gap after it (``place``), and the gaps' insertions
aligned across witnesses by comparison key (``assemble``). ``collate``'s docstring says why.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Sequence

from .model import Comparison, Witness
from .tokendiff import diff_runs, encode

MAX_JOIN = 3
"""Base words joined in a witness share a row only when at most this many words apart
(``No-10`` against ``NO. 10``: one apart); a farther link is left out of the table and counted."""

_FURNITURE = "\x00"
"""Prefixed to a furniture token's key in a gap: furniture aligns with furniture, never with text."""

Cells = list[dict[int, list[int]]]
"""The table so far: per row, witness position -> its token indexes there."""


def _nondecreasing(values: list[int]) -> set[int]:
    """Positions of a longest non-decreasing subsequence of ``values`` (patience, n log n).

    >>> sorted(_nondecreasing([1, 5, 2, 2, 3, 0]))
    [0, 2, 3, 4]
    """
    tails: list[int] = []  # value ending the best run of each length
    ends: list[int] = []  # position of that value
    back = [-1] * len(values)
    for p, v in enumerate(values):
        at = bisect_right(tails, v)
        back[p] = ends[at - 1] if at else -1
        if at == len(tails):
            tails.append(v)
            ends.append(p)
        else:
            tails[at], ends[at] = v, p
    keep, p = set(), ends[-1] if ends else -1
    while p >= 0:
        keep.add(p)
        p = back[p]
    return keep


EXACT_CELLS = 10_000
"""Gaps up to this many cells (rows so far × words added) are aligned by an exact longest common
subsequence; longer ones by the token diff, whose semantic cleanup drops a short equality between
two edits (``and a half`` / ``but a quarter`` would not share ``a``) but which stays near-linear."""


def lcs_runs(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """``(op, length)`` runs (0 equal, -1 only in ``a``, 1 only in ``b``) of a longest common subsequence.

    Where two choices keep as much, ``a``'s word goes first.

    >>> lcs_runs(["and", "a", "half"], ["but", "a", "quarter"])
    [(-1, 1), (1, 1), (0, 1), (-1, 1), (1, 1)]
    """
    n, m = len(a), len(b)
    after = [[0] * (m + 1) for _ in range(n + 1)]  # after[i][j]: LCS of a[i:] and b[j:]
    for i in range(n - 1, -1, -1):
        row, below = after[i], after[i + 1]
        for j in range(m - 1, -1, -1):
            row[j] = below[j + 1] + 1 if a[i] == b[j] else max(below[j], row[j + 1])
    ops: list[int] = []
    i = j = 0
    while i < n or j < m:
        if i < n and j < m and a[i] == b[j] and after[i][j] == after[i + 1][j + 1] + 1:
            ops.append(0)
            i, j = i + 1, j + 1
        elif i < n and (j == m or after[i + 1][j] >= after[i][j + 1]):
            ops.append(-1)
            i += 1
        else:
            ops.append(1)
            j += 1
    runs: list[tuple[int, int]] = []
    for op in ops:
        if runs and runs[-1][0] == op:
            runs[-1] = (op, runs[-1][1] + 1)
        else:
            runs.append((op, 1))
    return runs


def merge_gap(rows: list[list], k: int, toks: list[int], keys: list[str]) -> list[list]:
    """Align witness ``k``'s inserted tokens ``toks`` (keys ``keys``) with the gap's rows so far.

    A gap row is ``[key, {witness: [token]}]``. Words with the same key in the same order share
    a row (a longest common subsequence of the two key sequences, or for a long gap the token
    diff); the rest become rows of their own, in order: a row only ever holds one word read alike.
    """
    if not rows:
        return [[key, {k: [t]}] for t, key in zip(toks, keys)]
    have = [r[0] for r in rows]
    if len(have) * len(keys) <= EXACT_CELLS:
        runs = lcs_runs(have, keys)
    else:
        runs = diff_runs(*encode(have, keys))
    out: list[list] = []
    i = j = 0
    for op, n in runs:
        if op == 0:
            for x in range(n):
                rows[i + x][1][k] = [toks[j + x]]
            out.extend(rows[i : i + n])
            i, j = i + n, j + n
        elif op < 0:
            out.extend(rows[i : i + n])
            i += n
        else:
            out.extend([keys[j + x], {k: [toks[j + x]]}] for x in range(n))
            j += n
    return out


@dataclass(slots=True)
class Links:
    """The comparisons' links, per witness, as the table uses them (filled by ``of``, then by ``place``)."""

    partners: list[dict[int, list[int]]]
    """W token -> the base tokens it is linked to (equal or variant), sorted."""
    moved: list[dict[int, int]]
    """W token -> the base token it is the moved copy of."""
    dropped: list[int]
    """Links the table cannot keep in the base's order (kept as transpositions) or at all (a join too wide)."""
    joined: bytearray
    """joined[b]: base word b shares a row with b + 1 (a witness writes them as one word)."""

    @classmethod
    def of(cls, comparisons: Sequence[Comparison | None], n_base: int) -> Links:
        n_w = len(comparisons)
        out = cls([{} for _ in range(n_w)], [{} for _ in range(n_w)], [0] * n_w, bytearray(n_base))
        for k, c in enumerate(comparisons):
            if c is None:
                continue
            partners = out.partners[k]
            for link in c.alignment.links:
                if link.relation == "moved":
                    out.moved[k].setdefault(link.final, link.draft)
                else:
                    partners.setdefault(link.final, []).append(link.draft)
            for bs in partners.values():
                if len(bs) > 1:
                    bs.sort()
                    if bs[-1] - bs[0] <= MAX_JOIN:
                        for b in range(bs[0], bs[-1]):
                            out.joined[b] = 1
                    else:
                        out.dropped[k] += len(bs) - 1
                        del bs[1:]
        return out


def base_rows(joined: bytearray, base: int) -> tuple[list[int], Cells]:
    """Each base word's row (words a witness joins share one), and the rows' cells holding the base's words."""
    row_of_base = [0] * len(joined)
    cells: Cells = []
    for b in range(len(joined)):
        if b == 0 or not joined[b - 1]:
            cells.append({base: []})
        row_of_base[b] = len(cells) - 1
        cells[-1][base].append(b)
    return row_of_base, cells


def place(k: int, n_tokens: int, links: Links, row_of_base: list[int], base_cells: Cells,
           gaps: dict[int, dict[int, list[int]]], far: list[tuple[int, int, int]]) -> None:
    """Put witness ``k``'s tokens: linked ones in their base word's row, the others in the gap after the
    row of the last word placed before them; moved ones are noted in ``far`` as (witness, token, base token).

    Links that would run against the base's order (none on the corpus) are kept as transpositions:
    the longest run of links in order stays, so every witness reads down the table in order.
    """
    partners = links.partners[k]
    linked = sorted(partners)
    targets = [row_of_base[partners[t][0]] for t in linked]
    in_order = targets == sorted(targets)  # nearly always (sorted is linear on sorted input)
    keep = range(len(targets)) if in_order else _nondecreasing(targets)
    kept: dict[int, int] = {}
    for p, t in enumerate(linked):
        if p in keep:
            kept[t] = targets[p]
        else:
            links.dropped[k] += 1
            links.moved[k][t] = partners.pop(t)[0]
    last, pending = -1, []
    for t in range(n_tokens):
        row = kept.get(t)
        if row is None:
            pending.append(t)
            continue
        cell = base_cells[row].setdefault(k, [])
        if pending:
            if row == last:  # words between two words of one row belong to that row
                cell.extend(pending)
            else:
                gaps.setdefault(last, {}).setdefault(k, []).extend(pending)
            pending = []
        cell.append(t)
        last = row
    if pending:
        gaps.setdefault(last, {}).setdefault(k, []).extend(pending)
    far.extend((k, t, b) for t, b in links.moved[k].items())


def assemble(collated: Sequence[Witness], base_cells: Cells, gaps: dict[int, dict[int, list[int]]]) -> Cells:
    """The table's cells in order: the gap before the first row, then each base row and the gap after it,
    its insertions aligned across witnesses."""
    keyed = [[(_FURNITURE + t.key) if t.furniture else t.key for t in w.tokens] for w in collated]
    cells: Cells = []
    for r in range(-1, len(base_cells)):
        if r >= 0:
            cells.append(base_cells[r])
        gap = gaps.get(r)
        if not gap:
            continue
        merged: list[list] = []
        for k in sorted(gap):
            toks = gap[k]
            merged = merge_gap(merged, k, toks, [keyed[k][t] for t in toks])
        cells.extend(cell for _, cell in merged)
    return cells


def transpositions(cells: Cells, base: int, far: list[tuple[int, int, int]]) -> dict[int, list[tuple[int, int]]]:
    """Row -> [(witness, other row)]: for each moved word (``far``: witness, token, base token), the row
    of the base word and the row the moved word landed in (a gap row, or a row it shares with words
    around it), each naming the other."""
    moves: dict[int, list[tuple[int, int]]] = {}
    if not far:
        return moves
    wanted = {(k, t) for k, t, _ in far} | {(base, b) for _, _, b in far}
    where: dict[tuple[int, int], int] = {}
    for n, cell in enumerate(cells):
        for k, ts in cell.items():
            for t in ts:
                if (k, t) in wanted:
                    where[(k, t)] = n
    for k, t, b in far:
        there, here = where[(base, b)], where[(k, t)]
        moves.setdefault(there, []).append((k, here))
        moves.setdefault(here, []).append((k, there))
    return moves
