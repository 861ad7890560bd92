"""A collation as data and as text: the ``redline-collation/1`` JSON, CSV, plain text and the terminal.

The JSON holds the witnesses (id, label, source, tokens as in ``redline/1`` without the
pairwise ``match``) and the table: one row per aligned position, each mapping every witness
id to its token indexes, whether it varies, the readings grouped for a varying row, and the
transpositions (``moved``: the row where a witness has these words elsewhere). The schema
ships as ``redline/schemas/collation.schema.json``.

The text views read the table by *places*: a run of consecutive varying rows is one place
(a substitution is a row the base has and a row the witness has, side by side), and the
witnesses that read a place alike are listed together.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..collate import Collation, Row
from .. import __version__
from ..model import Witness, displays
from ..safe import defuse, visible
from . import text as text_view
from .terminal import THEME
from .terminal import inline as terminal_inline

FORMAT = "redline-collation/1"
LONGEST = 40
"""Rows shown on one line of ``--all`` at most: a long stretch every witness shares is cut there."""


# --- JSON ------------------------------------------------------------------------------------------------

def _witness(c: Collation, k: int, tokens: bool = True) -> dict[str, Any]:
    """Witness ``k`` as plain data; ``tokens=False`` leaves out its tokens (the last key), which
    ``render_json`` writes itself."""
    w = c.witnesses[k]
    s = w.source
    out: dict[str, Any] = {
        "id": c.ids[k], "label": s.name, "base": k == c.base,
        "source": {"path": s.path, "lines": [s.first, s.last], "label": s.label},
    }
    if tokens:
        out["tokens"] = [
            {"i": t.i, "text": t.text, "start": t.start, "end": t.end, "line": t.line, "col": t.col,
             "layer": t.layer, "inferred": t.inferred, "furniture": t.furniture or False}
            for t in w.tokens
        ]
    return out


def _row(c: Collation, r: Row) -> dict[str, Any]:
    out: dict[str, Any] = {
        "n": r.n, "tokens": dict(zip(c.ids, map(list, r.cells))), "varies": r.varies, "furniture": r.furniture,
        "readings": [{"witnesses": list(g.witnesses), "text": g.text} for g in r.readings],
    }
    if r.moved:
        out["moved"] = [{"witness": c.ids[k], "row": n} for k, n in r.moved]
    return out


def stats(c: Collation) -> dict[str, Any]:
    """Counts: witnesses, rows, varying rows, places, transposed rows, words per witness, and how much of
    each refining comparison (a witness and the one before it) the table keeps."""
    return {
        "witnesses": len(c.witnesses), "rows": len(c.rows), "varying": c.varying, "places": len(places(c)),
        "transposed": sum(1 for r in c.rows if r.moved),
        "words": {i: sum(1 for t in w.tokens if t.furniture is None) for i, w in zip(c.ids, c.witnesses)},
        "dropped": dict(zip(c.ids, c.dropped)),
        "pairwise": [{"witnesses": [c.ids[p.i], c.ids[p.j]], "links": p.links, "kept": p.kept, "merged": p.merged,
                      "unkept": p.unkept} for p in c.pairwise],
    }


def as_dict(c: Collation, tokens: bool = True) -> dict[str, Any]:
    """The whole collation as plain data, ready for ``json.dumps``; ``tokens=False`` leaves out the
    witnesses' tokens."""
    return {
        "format": FORMAT,
        "redline": __version__,  # the version that wrote it
        "base": c.ids[c.base],
        "witnesses": [_witness(c, k, tokens) for k in range(len(c.witnesses))],
        "rows": [_row(c, r) for r in c.rows],
        "agreement": {a: dict(zip(c.ids, row)) for a, row in zip(c.ids, c.agreement)},
        "copies": [list(g) for g in c.copies],
        "stats": stats(c),
        "notices": list(dict.fromkeys(str(n) for w in c.witnesses for n in w.notices)),
    }


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_STRING = json.encoder.encode_basestring  # the C function: a str as a JSON string, non-ASCII kept


def render_json(c: Collation, **_: object) -> str:
    """Compact JSON (one row a line would be long: a table holds every word of every witness).

    The text ``json.dumps(as_dict(c), ensure_ascii=False, separators=(",", ":"))`` writes, byte for
    byte, but each token written straight from its fields by one f-string (``_token_items``), not
    built as a dict for the encoder: the six Darwin editions' 70 k tokens 0.18 -> 0.05 s, the whole
    JSON 0.35 -> 0.2 s (CPU, best of 3)."""
    d = as_dict(c, tokens=False)
    witnesses = "[" + ",".join(_COMPACT(w)[:-1] + ',"tokens":[' + ",".join(_token_items(c.witnesses[k])) + "]}"
                               for k, w in enumerate(d["witnesses"])) + "]"
    return "{" + ",".join(f"{_STRING(name)}:{witnesses if name == 'witnesses' else _COMPACT(value)}"
                          for name, value in d.items()) + "}\n"


def _token_items(w: Witness) -> list[str]:
    """Each token of ``w`` as ``_witness`` has it, as ``_COMPACT`` writes it: only its text and
    furniture reason need escaping (numbers and layer names never do)."""
    string = _STRING
    return [f'{{"i":{t.i},"text":{string(t.text)},"start":{t.start},"end":{t.end},"line":{t.line},"col":{t.col},'
            f'"layer":"{t.layer}","inferred":{"true" if t.inferred else "false"},'
            f'"furniture":{string(t.furniture) if t.furniture else "false"}}}' for t in w.tokens]


# --- places: runs of varying rows ------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Place:
    """Consecutive rows shown as one: a run of varying rows (or, with ``--all``, of rows that agree)."""

    rows: range
    varies: bool
    texts: tuple[str, ...]
    """Each witness's words here (furniture left out)."""
    groups: tuple[tuple[int, ...], ...]
    """Witness positions that read the place alike, the base's group first."""
    moved: tuple[tuple[int, int], ...]
    """(witness, row) transpositions of the rows of the place."""


def places(c: Collation, everything: bool = False) -> list[Place]:
    """The table's places, in order: every varying run; with ``everything`` the agreeing runs too
    (cut every ``LONGEST`` rows), furniture rows left out."""
    shown = [displays(w.tokens) for w in c.witnesses]
    furn = [[t.furniture is not None for t in w.tokens] for w in c.witnesses]
    out: list[Place] = []
    rows = c.rows
    n = 0
    while n < len(rows):
        r = rows[n]
        if r.furniture or (not r.varies and not everything):
            n += 1
            continue
        end = n + 1
        while end < len(rows) and rows[end].varies == r.varies and not rows[end].furniture and (r.varies or end - n < LONGEST):
            end += 1
        span = rows[n:end]
        texts = tuple(" ".join(shown[k][t] for row in span for t in row.cells[k] if not furn[k][t])
                      for k in range(len(c.witnesses)))
        sig: dict[tuple, list[int]] = {}
        for k in range(len(c.witnesses)):
            key = tuple(_group_of(row, c.ids[k]) for row in span)
            sig.setdefault(key, []).append(k)
        groups = sorted((tuple(g) for g in sig.values()), key=lambda g: (c.base not in g, g[0]))
        moved = tuple(m for row in span for m in row.moved)
        out.append(Place(range(n, end), r.varies, texts, tuple(groups), moved))
        n = end
    return out


def _group_of(row: Row, wid: str) -> int:
    for g, reading in enumerate(row.readings):
        if wid in reading.witnesses:
            return g
    return 0


def _rows_label(rows: range) -> str:
    return f"row {rows.start}" if len(rows) == 1 else f"rows {rows.start}\u2013{rows.stop - 1}"


def _moved_note(c: Collation, p: Place) -> str:
    if not p.moved:
        return ""
    by: dict[int, list[int]] = {}
    for k, n in p.moved:
        by.setdefault(k, []).append(n)
    parts = [f"{c.ids[k]} {_ranges(ns)}" for k, ns in sorted(by.items())]
    return "transposed: " + "; ".join(parts)


def _ranges(rows: list[int], most: int = 4) -> str:
    """``row 3`` or ``rows 3–5, 645–647, 900``: runs of consecutive rows, the first ``most`` of them.

    >>> _ranges([647, 645, 646, 3, 900])
    'rows 3, 645–647, 900'
    """
    ns = sorted(set(rows))
    runs: list[list[int]] = []
    for n in ns:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    shown = [f"{a}" if a == b else f"{a}\u2013{b}" for a, b in runs[:most]]
    more = ", \u2026" if len(runs) > most else ""
    return ("row " if len(ns) == 1 else "rows ") + ", ".join(shown) + more


# --- CSV ---------------------------------------------------------------------------------------------------

def render_csv(c: Collation, *, bom: bool = False, safe: bool = True, **_: object) -> str:
    """One CSV row per varying row: ``row``, ``groups`` (ids reading alike, ``|`` between groups),
    ``moved`` (``W3>645``: where that witness's words of this row stand), then each witness's reading."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(["row", "groups", "moved", *(f"{i} {visible(lab)}" for i, lab in zip(c.ids, c.labels))])
    shown = [displays(w.tokens) for w in c.witnesses]
    for r in c.rows:
        if not r.varies:
            continue
        texts = [" ".join(shown[k][t] for t in cell if c.witnesses[k].tokens[t].furniture is None) for k, cell in enumerate(r.cells)]
        if safe:
            texts = [defuse(t) for t in texts]
        groups = " | ".join(" ".join(g.witnesses) for g in r.readings)
        moved = " ".join(f"{c.ids[k]}>{n}" for k, n in r.moved)
        writer.writerow([r.n, groups, moved, *texts])
    return ("\ufeff" if bom else "") + out.getvalue()


# --- text and terminal ---------------------------------------------------------------------------------------

def _matrix_lines(c: Collation) -> list[str]:
    head = "      " + "".join(f"{i:>7}" for i in c.ids)
    lines = [head]
    for i, row in zip(c.ids, c.agreement):
        lines.append(f"  {i:<4}" + "".join(f"{_share(v):>7}" for v in row))
    return lines


def _share(v: float | None) -> str:
    return "\u2014" if v is None else f"{v:.3f}"


def _header(c: Collation) -> list[str]:
    st = stats(c)
    lines = [f"Collation of {st['witnesses']} witnesses against {c.ids[c.base]}: {st['rows']} rows, "
             f"{st['varying']} varying in {st['places']} places, {st['transposed']} rows transposed"]
    for k, (i, lab) in enumerate(zip(c.ids, c.labels)):
        mark = " (base)" if k == c.base else ""
        lines.append(f"  {i:<4} {lab}{mark}: {st['words'][i]} words")
    lines += ["", "Agreement (share of rows two witnesses read alike):", *_matrix_lines(c), ""]
    if c.copies:
        lines.append("Copies (no varying row between them): " + "; ".join(" = ".join(g) for g in c.copies))
    else:
        lines.append("Copies: none (every two witnesses differ somewhere)")
    if c.pairwise:
        kept = "; ".join(f"{c.ids[p.i]}-{c.ids[p.j]} {p.kept:,} of {p.links:,}" for p in c.pairwise)
        lines.append(f"Links of neighbouring witnesses' own comparisons the table keeps: {kept}")
    return lines


def render_text(c: Collation, width: int = 100, everything: bool = False, redlines: bool = True, **_: object) -> str:
    """Plain text: the witnesses, the agreement matrix and copies, each place with the witnesses grouped
    by reading (``—`` for nothing), then each witness's redline against the base."""
    out = _header(c)
    out += ["", "Places where the witnesses differ:" if not everything else "The whole table:"]
    for p in places(c, everything):
        note = _moved_note(c, p)
        out.append(f"  {_rows_label(p.rows)}" + (f"  ({note})" if note else ""))
        for g in p.groups:
            words = p.texts[g[0]] or "\u2014"
            out.append(f"    {' '.join(c.ids[k] for k in g):<20} {words}")
    if redlines:
        for k, comp in enumerate(c.comparisons):
            if comp is None:
                continue
            out += ["", f"{c.ids[k]} against {c.ids[c.base]} (base):", text_view.body(comp, width=width)]
    return "\n".join(out) + "\n"


def renderable(c: Collation, everything: bool = False, redlines: bool = True) -> Group:
    """The table (witnesses as columns, one line a place; words that differ from the base stand out)
    and each witness's inline redline against the base."""
    table = Table(show_header=True, header_style="redline.heading", show_lines=False, expand=True)
    table.add_column("rows", no_wrap=True, style="redline.furniture")
    for k, i in enumerate(c.ids):
        table.add_column(f"{i}{' (base)' if k == c.base else ''}", overflow="fold", ratio=1)
    for p in places(c, everything):
        base_group = next(g for g in p.groups if c.base in g)
        cells = []
        for k in range(len(c.ids)):
            words = p.texts[k] or "\u2014"
            style = "redline.plain" if k in base_group else ("redline.inserted" if p.texts[k] else "redline.struck")
            if any(m[0] == k for m in p.moved):
                style = "redline.moved"
            cells.append(Text(words, style=style))
        table.add_row(_rows_label(p.rows), *cells)
    parts: list[Any] = [Text("\n".join(_header(c))), table]
    if redlines:
        for k, comp in enumerate(c.comparisons):
            if comp is not None:
                parts += [Text(f"\n{c.ids[k]} against {c.ids[c.base]} (base):", style="redline.heading"), terminal_inline(comp)]
    return Group(*parts)


def render_terminal(c: Collation, width: int = 100, color: bool = True, everything: bool = False, redlines: bool = True,
                    **_: object) -> str:
    """The terminal view as a string (ANSI styles when ``color``)."""
    console = Console(file=io.StringIO(), width=width, theme=THEME, color_system="standard" if color else None,
                      force_terminal=color, no_color=not color, highlight=False, emoji=False)
    console.print(renderable(c, everything, redlines))
    return console.file.getvalue()  # type: ignore[attr-defined]  # the StringIO given above
