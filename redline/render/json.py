"""The JSON contract, format ``redline/1`` (see DESIGN.md): every token of both sides and every edit."""

from __future__ import annotations

import json
from typing import Any

from ..model import Comparison, Edit, Span, Witness

FORMAT = "redline/1"


def _side(w: Witness) -> dict[str, Any]:
    s = w.source
    return {"path": s.path, "lines": [s.first, s.last], "label": s.label}


def _tokens(w: Witness, partners: dict[int, list[int]]) -> list[dict[str, Any]]:
    """Each token with ``match`` (its first partner, as DESIGN.md has it) and ``matches`` (all of
    them: a word split in two, draft ``No-10`` / despatch ``NO.`` ``10``, has two, and each
    points back)."""
    return [
        {
            "i": t.i, "text": t.text, "start": t.start, "end": t.end, "line": t.line, "col": t.col,
            "layer": t.layer, "inferred": t.inferred, "furniture": t.furniture or False,
            "match": (partners.get(t.i) or [None])[0], "matches": partners.get(t.i, []),
        }
        for t in w.tokens
    ]


def _span(s: Span | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {"text": s.text, "start": s.start, "end": s.end, "line": s.line, "col": s.col, "tokens": list(s.tokens)}


def edit_dict(e: Edit) -> dict[str, Any]:
    """One edit as the contract's ``Edit`` object (plus ``hand`` and ``detail``)."""
    return {
        "id": e.id, "kind": e.kind, "stage": e.stage, "carried": e.carried, "evidence": e.evidence,
        "rule": e.rule, "hand": e.hand, "draft": _span(e.draft), "final": _span(e.final), "detail": dict(e.detail),
    }


def as_dict(c: Comparison) -> dict[str, Any]:
    """The whole comparison as plain data, ready for ``json.dumps``."""
    of_draft: dict[int, list[int]] = {}
    of_final: dict[int, list[int]] = {}
    for link in c.alignment.links:  # sorted by (draft, final): the first partner is draft_map()'s
        of_draft.setdefault(link.draft, []).append(link.final)
        of_final.setdefault(link.final, []).append(link.draft)
    return {
        "format": FORMAT,
        "draft": _side(c.draft),
        "final": _side(c.final),
        "tokens": {
            "draft": _tokens(c.draft, of_draft),
            "final": _tokens(c.final, of_final),
        },
        "edits": [edit_dict(e) for e in c.edits],
        "stats": dict(c.stats),
        "notices": [str(n) for n in (*c.draft.notices, *c.final.notices)],
        "hands": {"draft": dict(c.draft.hands), "final": dict(c.final.hands)},
    }


def render(c: Comparison, **_: object) -> str:
    """Pretty-printed JSON with sorted-free, stable key order and a final newline."""
    return json.dumps(as_dict(c), ensure_ascii=False, indent=1) + "\n"
