"""A collation as one self-contained HTML page: the synopsis, the heat of variation, every reading.

The page (``templates/collation.html.j2`` with ``collation.css`` and ``collation.js``, hashed
into its Content-Security-Policy as the redline report's are) shows:

- the witnesses, the agreement matrix and the copies;
- a histogram of variation along the text (the share of varying rows in each stretch of the
  table, as Juxta's histogram), each bar a link to its stretch;
- the synopsis: one column per witness, one line per row, each varying row tinted by how many
  witnesses leave the base's reading (Juxta's heat map); a click on a row lists every reading;
- a pairwise redline of any two witnesses, chosen on the page and built by the script from the
  table itself (what one reads struck, what the other reads inserted; no second comparison).

Every text is autoescaped by the templates; the data the script reads is JSON in a
non-executed ``<script type="application/json">`` with ``<``, ``>`` and ``&`` escaped.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup, escape

from ..collate import Collation, Row
from ..model import displays
from .html import _css_hash, environment

BINS = 120
"""Bars of the histogram at most (fewer for a short table)."""


def _heat(row, base_id: str, n_w: int) -> int:
    """0 for a row that does not vary, else 1–5: how many witnesses leave the base's reading."""
    if not row.varies or n_w < 2:
        return 0
    lem = next((g for g in row.readings if base_id in g.witnesses), None)
    away = n_w - (len(lem.witnesses) if lem else 0)
    return max(1, min(5, -(-5 * away // (n_w - 1))))


def _row_html(r: Row, heat: int, differ: list[bool], shown: list[list[str]], furn: list[list[bool]]) -> str:
    """One line of the synopsis as HTML, every text escaped: ``<tr id="rN" class="…">`` and a cell a witness.

    Built here rather than in the template: a table of 70 k words has some 85 k cells, and a
    template loop over them took most of the page's time (0.8 s of 1 s on six Darwin editions).
    """
    cls = f"v h{heat}" if r.varies else ("f" if r.furniture else "p")
    if r.moved:
        cls += " mv"
    cells = []
    for k, cell in enumerate(r.cells):
        text = escape(" ".join(shown[k][t] for t in cell))
        if differ[k]:
            cells.append(f'<td class="differ">{text}</td>')
        elif cell and all(furn[k][t] for t in cell):
            cells.append(f'<td class="furn">{text}</td>')
        else:
            cells.append(f"<td>{text}</td>")
    focus = ' tabindex="0"' if r.varies else ""
    return f'<tr id="r{r.n}" data-n="{r.n}" class="{cls}"{focus}><td class="n">{r.n}</td>{"".join(cells)}</tr>'


def _script_json(data: Any) -> str:
    """JSON safe inside a ``<script>`` element: no ``</script>``, no markup, no entity."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def context(c: Collation, **options: object) -> dict[str, Any]:
    """Everything the template needs, as plain data."""
    n_w = len(c.witnesses)
    shown = [displays(w.tokens) for w in c.witnesses]
    furn = [[t.furniture is not None for t in w.tokens] for w in c.witnesses]
    rows = []
    groups: dict[str, list[int]] = {}
    for r in c.rows:
        heat = _heat(r, c.ids[c.base], n_w)
        differ = [False] * n_w
        if r.varies:
            where = {w: g for g, reading in enumerate(r.readings) for w in reading.witnesses}
            lem = where.get(c.ids[c.base], 0)
            differ = [where.get(i, 0) != lem for i in c.ids]
            groups[str(r.n)] = [where.get(i, 0) for i in c.ids]
        rows.append(_row_html(r, heat, differ, shown, furn))
    total = len(c.rows)
    nbins = max(1, min(BINS, total))
    bins = []
    for b in range(nbins):
        lo, hi = b * total // nbins, (b + 1) * total // nbins
        span = c.rows[lo:hi]
        share = sum(1 for r in span if r.varies) / len(span) if span else 0.0
        bins.append({"x": b, "start": lo, "end": max(lo, hi - 1), "h": round(40 * share, 1), "pct": round(100 * share)})
    data = {
        "ids": list(c.ids), "labels": list(c.labels), "base": c.base, "groups": groups,
        "readings": {str(r.n): [[list(g.witnesses), g.text] for g in r.readings] for r in c.rows if r.varies},
        "moved": {str(r.n): [[c.ids[k], m] for k, m in r.moved] for r in c.rows if r.moved},
    }
    words = [sum(1 for f in fs if not f) for fs in furn]
    return {
        "title": options.get("title") or f"Collation of {n_w} witnesses",
        "witnesses": [{"id": i, "label": lab, "spec": w.source.spec, "words": n, "base": k == c.base}
                      for k, (i, lab, w, n) in enumerate(zip(c.ids, c.labels, c.witnesses, words))],
        "matrix": [{"id": i, "cells": [None if v is None else f"{v:.3f}" for v in row],
                    "levels": [0 if v is None else min(4, int((1 - v) * 20)) for v in row]}
                   for i, row in zip(c.ids, c.agreement)],
        "copies": [list(g) for g in c.copies],
        "rows_html": Markup("\n".join(rows)), "bins": bins, "nbins": nbins,
        "varying": c.varying, "total": total,
        "data": _script_json(data),
        "base": c.ids[c.base],
        "index": options.get("index"),
    }


def render(c: Collation, **options: object) -> str:
    """The page as one HTML document (no external resources; same input → same bytes)."""
    env = environment()
    css = env.get_template("collation.css").render()
    js = env.get_template("collation.js").render()
    csp = (f"default-src 'none'; style-src '{_css_hash(css)}'; script-src '{_css_hash(js)}'; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    return env.get_template("collation.html.j2").render(css=css, js=js, csp=csp, **context(c, **options))
