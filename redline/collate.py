"""Many witnesses → one alignment table: the collation of a whole drafting history.

A star alignment against a base witness, built from redline's own pairwise comparison
(``compare_witnesses(base, W)`` for every other witness W; docs/collation.md says why):

1. rows are the base's words in order; a word of W that the comparison links to a base
   word (``equal`` or ``variant``) goes to that word's row; a base word split in W
   (``No-10`` / ``NO. 10``) takes both of W's words into its row, and base words joined
   in W share one row;
2. W's other words (added, moved, page furniture) are insertions in the gap after the
   row of the last W word placed before them; a gap's insertions from several
   witnesses are aligned among themselves by comparison key (the same token diff,
   progressively, witness after witness), so witnesses that add the same words share
   rows;
3. a moved word (a ``moved`` link) stays at its own place in W's reading order, and both
   rows, the base word's and the moved word's, name each other (``Row.moved``): a
   transposition is kept as one, not as a loss and an addition, and every witness still
   reads down the table in its own order (what parallel segmentation needs);
4. then the table is refined by each witness's own comparison with the one before it (neither
   the base; ``collate_refine``): where that comparison links words the star put in two rows,
   the rows are merged when a table can hold both (no base word in either, no witness read out
   of order), so two later witnesses that add the same words in different gaps of the base
   share rows.

Readings are compared as compare compares words: a W word linked to a base word reads as
the base word (case, punctuation, OCR damage and spelling variants agree), a word refinement
merged into a row as the word it was linked to, other words by their comparison key. A row
varies when two witnesses read it differently; rows holding page furniture only never vary.

For (base, W) the table holds exactly the comparison's links by construction; refinement only
merges rows without a base word, so it stays so. Between two other witnesses the table keeps
their own comparison's links except where no table that keeps each witness's comparison with
the base can (``Collation.pairwise`` counts them by cause); ``pair_agreement`` measures it for
any two.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from typing import Sequence

from . import evidence, furniture, hands
from .api import Options, _gc_paused, _may_infer_hands, aligned_witnesses, compare_witnesses, load
from .errors import UsageError
from .model import Comparison, Witness, displays, new_token
from .collate_refine import Pairwise, refine
from .collate_table import Links, assemble, base_rows, place, transpositions
from .read import parse_spec

__all__ = ["Collation", "Pairwise", "Reading", "Row", "collate", "collate_witnesses", "layer_witnesses", "pair_agreement", "token_rows"]


@dataclass(frozen=True, slots=True)
class Reading:
    """What a group of witnesses that agree have at one row."""

    witnesses: tuple[str, ...]
    """Ids of the witnesses that read this, in witness order."""
    text: str
    """The words as the first of them has them (``""``: these witnesses have nothing here)."""


@dataclass(frozen=True, slots=True)
class Row:
    """One aligned position of the table."""

    n: int
    """0-based position in the table."""
    cells: tuple[tuple[int, ...], ...]
    """Token indexes of each witness at this row, in witness order (empty: nothing here)."""
    varies: bool
    """True when two witnesses read this row differently (page furniture never varies)."""
    furniture: bool
    """True when every token of the row is page furniture."""
    readings: tuple[Reading, ...] = ()
    """For a varying row, the witnesses grouped by what they read; empty for a row that does not vary."""
    moved: tuple[tuple[int, int], ...] = ()
    """Transpositions: ``(witness position, row)`` where that witness has this row's words
    elsewhere (at a base row) or where the base has the words it has here (at a gap row)."""


@dataclass(frozen=True, slots=True)
class Collation:
    """Every witness, the alignment table, and what the table says about descent."""

    witnesses: tuple[Witness, ...]
    """As collated: the base with its furniture where every comparison saw furniture, the others as
    prepared for their comparison with the base (furniture marked, hands as compare infers them)."""
    ids: tuple[str, ...]
    """``W1``, ``W2``, … in the order given (chronological)."""
    base: int
    """Position of the base witness."""
    rows: tuple[Row, ...]
    comparisons: tuple[Comparison | None, ...]
    """The base compared with each witness (None at the base's own place)."""
    agreement: tuple[tuple[float | None, ...], ...]
    """Share of rows where two witnesses read alike, of the rows where either has text
    (None when neither has any); 1.0 on the diagonal."""
    copies: tuple[tuple[str, ...], ...]
    """Groups of two or more witnesses with no varying row between them: copies of one text."""
    dropped: tuple[int, ...]
    """Per witness, links of its comparison with the base that the table keeps as transpositions
    or leaves out, because they cross the base's order (0 on every corpus text measured)."""
    pairwise: tuple[Pairwise, ...] = ()
    """Each witness and the one before it, neither the base: their own comparison, by which the table
    was refined, and how much of it the table keeps (``collate_refine``)."""

    @property
    def labels(self) -> tuple[str, ...]:
        """Each witness's name: its label, else its path with the line range."""
        return tuple(w.source.name for w in self.witnesses)

    @property
    def varying(self) -> int:
        """How many rows vary."""
        return sum(1 for r in self.rows if r.varies)


# --- witnesses ---------------------------------------------------------------------------------------

def layer_witnesses(w: Witness) -> tuple[Witness, Witness] | None:
    """The draft as first typed and as amended on the page, as two witnesses of their own;
    None when the witness has no struck and no inserted word (nothing to tell apart).

    Handwriting alone does not split a witness: on a despatched copy it is as often a
    registry's annotation (``Submit to …``) as an amendment.

    The typed state is the typed and struck words, all read as typed (nothing was struck
    yet); the amended state drops struck words and keeps insertions and handwriting.
    Tokens keep their offsets, so both still cite the one file.
    """
    if not any(t.layer in ("struck", "inserted") for t in w.tokens):
        return None

    def state(keep, layer_of, name: str) -> Witness:
        chosen = [t for t in w.tokens if keep(t)]
        tokens = tuple(new_token(n, t.text, t.key, t.start, t.end, t.line, t.col, layer_of(t), t.inferred and layer_of(t) != "typed",
                                 t.furniture, t.para, t.style) for n, t in enumerate(chosen))
        label = f"{w.source.name} ({name})"
        return replace(w, source=replace(w.source, label=label), tokens=tokens)

    typed = state(lambda t: t.layer in ("typed", "struck"), lambda t: "typed", "typed")
    amended = state(lambda t: t.layer != "struck", lambda t: t.layer, "amended")
    return typed, amended


def _read_all(specs: Sequence[str], labels: Sequence[str | None], options: Options) -> list[Witness]:
    """Load every input; standard input is read once, however many ``-`` or ``-:FIRST-LAST`` name it."""
    stdin: bytes | None = None
    out = []
    for spec, label in zip(specs, labels):
        data = None
        if parse_spec(spec).path == "-":
            if stdin is None:
                stdin = sys.stdin.buffer.read()
            data = stdin
        out.append(load(spec, label, options, data))
    return out


def collate(specs: Sequence[str], labels: Sequence[str | None] = (), options: Options = Options(),
            base: int = 0, layers: bool = False) -> Collation:
    """Collate the inputs named (paths, ``-``, ``PATH:FIRST-LAST``), oldest first.

    ``labels`` name them in order (missing ones: None); ``base`` is the position of the base
    witness; ``layers`` splits each witness with manuscript layers into its typed and amended states.
    """
    if len(specs) < 2:
        raise UsageError("collate needs two witnesses at least")
    if len(labels) > len(specs):
        raise UsageError(f"{len(labels)} labels for {len(specs)} witnesses; give one label a witness at most")
    if not 0 <= base < len(specs):
        raise UsageError(f"--base {base + 1}: there are {len(specs)} witnesses; pick one of 1-{len(specs)}")
    full = [*labels, *[None] * (len(specs) - len(labels))]
    witnesses = _read_all(specs, full, options)
    if layers:
        split: list[Witness] = []
        new_base = base
        for k, w in enumerate(witnesses):
            marked = furniture.mark(w, "draft")
            if _may_infer_hands(marked, options, evidence.of(marked.tokens)):  # the hands compare would infer on it as a draft
                w = hands.infer(marked)
            states = layer_witnesses(w)
            if k < base and states:
                new_base += 1
            split.extend(states or (w,))
        witnesses, base = split, new_base
    return collate_witnesses(witnesses, base, options)


# --- the table ----------------------------------------------------------------------------------------

def collate_witnesses(witnesses: Sequence[Witness], base: int = 0, options: Options = Options()) -> Collation:
    """Collate parsed witnesses (oldest first) against ``witnesses[base]`` (with the garbage collector
    paused when ``options.pause_gc`` says so, as ``compare`` does)."""
    with _gc_paused(options.pause_gc):
        return _collate_witnesses(witnesses, base, options)


def _collate_witnesses(witnesses: Sequence[Witness], base: int, options: Options) -> Collation:
    if len(witnesses) < 2:
        raise UsageError("collate needs two witnesses at least")
    comparisons: list[Comparison | None] = [
        None if k == base else compare_witnesses(witnesses[base], w, options) for k, w in enumerate(witnesses)
    ]
    collated = _as_collated(comparisons, base)
    links = Links.of(comparisons, len(collated[base].tokens))
    row_of_base, base_cells = base_rows(links.joined, base)
    gaps: dict[int, dict[int, list[int]]] = {}  # base row (-1: before the first) -> witness -> its inserted tokens
    far: list[tuple[int, int, int]] = []  # (witness, its token, base token): transpositions
    for k, c in enumerate(comparisons):
        if c is not None:
            place(k, len(c.final.tokens), links, row_of_base, base_cells, gaps, far)
    cells = assemble(collated, base_cells, gaps)
    pairwise = tuple((k - 1, k, aligned_witnesses(witnesses[k - 1], witnesses[k], options)[2])
                     for k in range(1, len(witnesses)) if base not in (k - 1, k))
    reads_as: dict[tuple[int, int], tuple[int, int]] = {}
    fits: tuple[Pairwise, ...] = ()
    if pairwise:
        furn = [[t.furniture is not None for t in w.tokens] for w in collated]
        cells, fits = refine(cells, base, furn, pairwise, reads_as)
    moves = transpositions(cells, base, far)
    done = _finish(collated, base, comparisons, cells, links.partners, moves, links.dropped, reads_as)
    return replace(done, pairwise=fits) if fits else done


def _as_collated(comparisons: Sequence[Comparison | None], base: int) -> list[Witness]:
    """Each witness as its comparison with the base prepared it; the base with furniture only where
    every comparison saw furniture (a line shared with one witness is text for that comparison, and
    so for the table)."""
    done = [c for c in comparisons if c is not None]
    b_tok = list(done[0].draft.tokens)
    for c in done[1:]:
        for t in c.draft.tokens:
            if t.furniture is None and b_tok[t.i].furniture is not None:
                b_tok[t.i] = replace(b_tok[t.i], furniture=None)
    return [replace(done[0].draft, tokens=tuple(b_tok)) if c is None else c.final for c in comparisons]


def _finish(collated, base, comparisons, cells_out, partners, moves, dropped, reads_as) -> Collation:
    """Rows with their readings, the agreement matrix and the copies. A word in ``reads_as`` (merged into
    a row by a comparison between two other witnesses) reads as the word it names."""
    n_w = len(collated)
    ids = tuple(f"W{k + 1}" for k in range(n_w))
    toks = [w.tokens for w in collated]
    b_keys = [t.key for t in toks[base]]
    shown = [displays(w.tokens) for w in collated]
    rows: list[Row] = []
    agree = [[0] * n_w for _ in range(n_w)]
    counted = [[0] * n_w for _ in range(n_w)]
    plain = 0  # rows that do not vary and are not furniture: every witness agrees
    empty: tuple = ()
    others = [k for k in range(n_w) if k != base]
    # W token -> its base word, for words linked to one base word that are text: the common row,
    # a base word every witness has (up to variants), is recognised from these alone.
    same = [{t: bs[0] for t, bs in of.items() if len(bs) == 1 and toks[k][t].furniture is None}
            for k, of in enumerate(partners)]
    b_text = [t.furniture is None for t in toks[base]]
    for n, cell in enumerate(cells_out):
        bcell = cell.get(base)
        if bcell is not None and len(bcell) == 1 and len(cell) == n_w and b_text[bcell[0]]:
            b = bcell[0]
            if all(len(cell[k]) == 1 and same[k].get(cell[k][0]) == b for k in others):
                plain += 1
                rows.append(Row(n, tuple(tuple(cell[k]) for k in range(n_w)), False, False, (), tuple(sorted(moves.get(n, ())))))
                continue
        classes: list[tuple] = []
        content_any = False
        for k in range(n_w):
            got = cell.get(k)
            if not got:
                classes.append(empty)
                continue
            words = [t for t in got if toks[k][t].furniture is None]
            if not words:
                classes.append(empty)
                continue
            content_any = True
            if k == base:
                classes.append(tuple(b_keys[t] for t in words))
                continue
            of = partners[k]
            out, prev, prev_as = [], -1, None
            for t in words:
                bs = of.get(t)
                if bs is None:
                    rep = reads_as.get((k, t), (k, t))
                    if rep != prev_as:  # the words of a split read as the one word they were linked to
                        out.append(toks[rep[0]][rep[1]].key)
                    prev_as = rep
                    continue
                for b in bs:
                    if b != prev:
                        out.append(b_keys[b])
                        prev = b
            classes.append(tuple(out))
        frozen_cells = tuple(tuple(cell.get(k, ())) for k in range(n_w))
        mv = tuple(sorted(moves.get(n, ())))
        if not content_any:
            rows.append(Row(n, frozen_cells, False, True, (), mv))
            continue
        first = classes[0]
        if all(c == first for c in classes):
            plain += 1
            rows.append(Row(n, frozen_cells, False, False, (), mv))
            continue
        groups: dict[tuple, list[int]] = {}
        for k, c in enumerate(classes):
            groups.setdefault(c, []).append(k)
        readings = []
        for c, ks in groups.items():
            k0 = ks[0]
            words = [shown[k0][t] for t in cell.get(k0, ()) if toks[k0][t].furniture is None] if c else []
            readings.append(Reading(tuple(ids[k] for k in ks), " ".join(words)))
        for i in range(n_w):
            for j in range(i + 1, n_w):
                if classes[i] or classes[j]:
                    counted[i][j] += 1
                    if classes[i] == classes[j]:
                        agree[i][j] += 1
        rows.append(Row(n, frozen_cells, True, False, tuple(readings), mv))
    matrix = [[1.0 if i == j else None for j in range(n_w)] for i in range(n_w)]
    together = list(range(n_w))  # union-find over witnesses with no varying row between them

    def root(x: int) -> int:
        while together[x] != x:
            together[x] = together[together[x]]
            x = together[x]
        return x

    for i in range(n_w):
        for j in range(i + 1, n_w):
            total = counted[i][j] + plain
            share = round((agree[i][j] + plain) / total, 4) if total else None
            matrix[i][j] = matrix[j][i] = share
            if counted[i][j] == agree[i][j]:
                together[root(j)] = root(i)
    groups_of: dict[int, list[str]] = {}
    for k in range(n_w):
        groups_of.setdefault(root(k), []).append(ids[k])
    copies = tuple(tuple(g) for g in groups_of.values() if len(g) > 1)
    return Collation(tuple(collated), ids, base, tuple(rows), tuple(comparisons),
                     tuple(tuple(r) for r in matrix), copies, tuple(dropped))


# --- measures ------------------------------------------------------------------------------------------

def token_rows(c: Collation) -> list[list[int]]:
    """For each witness, the row of each of its tokens (``-1`` for a token in no row: never, if the table is whole)."""
    out = [[-1] * len(w.tokens) for w in c.witnesses]
    for row in c.rows:
        for k, cell in enumerate(row.cells):
            for t in cell:
                out[k][t] = row.n
    return out


def pair_agreement(c: Collation, i: int, j: int, comparison: Comparison | None = None,
                   options: Options = Options()) -> float | None:
    """Share of the links of ``compare(Wi, Wj)`` (equal and variant words) that the table keeps:
    both words in one row. 1.0 for the base and any witness, by construction; for two other
    witnesses less where their comparisons with the base contradict their own (for neighbours
    ``Collation.pairwise`` says why), or, for two that are not neighbours, where only their own
    comparison would have brought two rows together. None when their comparison links nothing.
    Their comparison is the one the table was refined by, when they are neighbours.
    """
    found = comparison.alignment if comparison is not None else next(
        (p.alignment for p in c.pairwise if (p.i, p.j) == (i, j)), None)
    alignment = found if found is not None else aligned_witnesses(c.witnesses[i], c.witnesses[j], options)[2]
    at = token_rows(c)
    links = [l for l in alignment.links if l.relation != "moved"]
    if not links:
        return None
    kept = sum(1 for l in links if at[i][l.draft] == at[j][l.final])
    return round(kept / len(links), 4)

