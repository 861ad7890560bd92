"""The JSON contract, format ``redline/1`` (see DESIGN.md): every token of both sides and every edit."""

from __future__ import annotations

import json
from itertools import islice
from typing import Any, Callable, Iterable, Iterator

from .. import __version__
from ..model import Comparison, Edit, Span, Witness
from ..titles import Opening, opening, title

FORMAT = "redline/1"


def _side(w: Witness, found: Opening) -> dict[str, Any]:
    s = w.source
    return {"path": s.path, "lines": [s.first, s.last], "label": s.label, "opening": found.as_dict()}


def _tokens(w: Witness, partners: dict[int, list[int]]) -> list[dict[str, Any]]:
    """Each token with ``match`` (its first partner, as DESIGN.md has it) and ``matches`` (all of
    them: a word split in two, draft ``No-10`` / despatch ``NO.`` ``10``, has two, and each
    points back)."""
    return [
        {
            "i": t.i, "text": t.text, "start": t.start, "end": t.end, "line": t.line, "col": t.col,
            "layer": t.layer, "inferred": t.inferred, "furniture": t.furniture or False,
            "match": partners[t.i][0] if partners.get(t.i) else None, "matches": partners.get(t.i, []),
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


def as_dict(c: Comparison, tokens: bool = True, edits: bool = True) -> dict[str, Any]:
    """The whole comparison as plain data, ready for ``json.dumps`` (``tokens=False``,
    ``edits=False``: without the tokens or the edits, which ``chunks`` writes itself)."""
    found = opening(c.draft), opening(c.final)
    return {
        "format": FORMAT,
        "redline": __version__,  # the version that wrote it
        "draft": _side(c.draft, found[0]),
        "final": _side(c.final, found[1]),
        "title": title(c, found),
        "tokens": {
            "draft": _tokens(c.draft, _partners(c, 0)),
            "final": _tokens(c.final, _partners(c, 1)),
        } if tokens else {},
        "edits": [edit_dict(e) for e in c.edits] if edits else [],
        "stats": dict(c.stats),
        "notices": [str(n) for n in (*c.draft.notices, *c.final.notices)],
        "hands": {"draft": dict(c.draft.hands), "final": dict(c.final.hands)},
    }


_ONE_LINE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
"""One value on one line, by the C encoder (an ``indent`` makes CPython fall back to its pure-Python
encoder, five times slower: 4 s of a 250 k-word comparison's 8 went there)."""


def chunks(c: Comparison, **_: object) -> Iterator[str]:
    """The JSON text in pieces, in order: a line per token, per edit and per top-level field.

    One token or edit a line keeps the file readable and its diffs small (the golden files are
    reviewed as diffs) while each line is encoded in C; and the pieces can be written as they are
    made, so a large comparison's text is never held whole, nor its tokens' and edits' lines (each
    block of a thousand is made when it is written). ``"".join(chunks(c))`` is ``render(c)``.
    """
    d = as_dict(c, tokens=False, edits=False)
    d["tokens"] = {"draft": _token_lines(c, 0), "final": _token_lines(c, 1)}  # generators: no line made yet
    d["edits"] = map(_edit_line, c.edits)
    yield "{\n"
    fields = list(d)
    for n, name in enumerate(fields):
        value = d[name]
        comma = "," if n < len(fields) - 1 else ""
        if name == "tokens":
            yield ' "tokens": {\n'
            for side in ("draft", "final"):
                yield f'  "{side}": '
                yield from _lines(value[side], "   ", encode=None)
                yield ",\n" if side == "draft" else "\n"
            yield f" }}{comma}\n"
        elif name == "edits":
            yield ' "edits": '
            yield from _lines(value, "  ", encode=None)
            yield f"{comma}\n"
        else:
            yield f" {_ONE_LINE(name)}: {_ONE_LINE(value)}{comma}\n"
    yield "}\n"


_STRING = json.encoder.encode_basestring  # the C function: a str as a JSON string, non-ASCII kept
_C_ENCODER = getattr(json.encoder, "c_make_encoder", None)  # None without the C accelerator
_DETAIL = None if _C_ENCODER is None else _C_ENCODER(None, json.JSONEncoder().default, _STRING, None, ": ", ", ",
                                                     False, False, True)
"""The C encoder ``_ONE_LINE`` makes afresh for each value it encodes (``JSONEncoder.iterencode``, one
shot), made once with the same settings: an edit's ``detail`` encoded 3.4 -> 1.8 ms for dec88x63's
944 (best of 5 CPU). Its chunks joined are ``_ONE_LINE``'s text. No table of the containers being
encoded (``markers``), which one shared encoder would keep stale after an error: a detail is plain
data that redline makes, never holding itself."""


class _Decimal(dict):
    """Each number met as its decimal text: a witness's lines and columns repeat (a column is seldom
    above a hundred), and a look-up is cheaper than writing the number again (3.11 checks for signals
    as it converts): dec88x63's draft token lines 296 -> 289 M instructions (callgrind)."""

    def __missing__(self, n: int) -> str:
        text = self[n] = str(n)
        return text


def _detail_line(detail: dict[str, Any]) -> str:
    """``_ONE_LINE(detail)``, by the encoder made once (``_DETAIL``) when there is one."""
    return "".join(_DETAIL(detail, 0)) if _DETAIL is not None else _ONE_LINE(detail)


def _partners(c: Comparison, side: int) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for link in c.alignment.links:  # sorted by (draft, final): the first partner is draft_map()'s
        a, b = (link.draft, link.final) if side == 0 else (link.final, link.draft)
        out.setdefault(a, []).append(b)
    return out


def _several_partners(c: Comparison, side: int) -> dict[int, list[int]]:
    """Every partner of each token of side ``side`` (0 the draft) that has more than one (a draft word
    split in two, a despatched word two draft words were joined into), in link order: ``_partners``'
    lists of more than one.

    Read off the alignment's map of each token's first link (``draft_map``, ``final_map``; a token's
    first partner is its first link's): the links that are not their token's first are the few
    second partners, found by identity. Both maps are made before the JSON is written (``api``,
    ``classify``) and kept with the alignment, where columns of the links' words, a dictionary of each
    side's first partners and a sort of each column to find the tokens linked twice were made
    again here: both sides' partners of dec88x1105's 381 k links, 172 -> 38 ms (CPU, best of 7)."""
    links = c.alignment.links
    first = c.alignment.draft_map() if side == 0 else c.alignment.final_map()
    several: dict[int, list[int]] = {}
    if len(first) < len(links):  # some token has two links
        for link in [link for link in links if first[link.final if side else link.draft] is not link]:
            mine, other = (link.final, link.draft) if side else (link.draft, link.final)
            several.setdefault(mine, [first[mine].draft if side else first[mine].final]).append(other)
    return several


def _token_lines(c: Comparison, side: int) -> Iterator[str]:
    """Each token of side ``side`` (0 the draft) as ``_tokens`` has it, written straight to its JSON
    line: no dict is built for it, and only its text and reasons need escaping (numbers and layer
    names never do). Its first partner is its first link's (the alignment's ``draft_map`` or
    ``final_map``), every partner of the few with more than one ``_several_partners``.

    One f-string a token, its partners put in as they are (not a string of their own first), its
    line and column as kept texts (``_Decimal``), and the names it calls bound to locals: the lines of dec88x276's 220 k tokens, 0.273 -> 0.260 s CPU
    (best of 7, interleaved in one process). ``str.__mod__`` over ``zip`` of ``map``-ed columns
    (0.46 s) and a ``str.join`` of columns interleaved with the keys (0.48 s at 200 k) are slower:
    an f-string is compiled to one instruction that joins its pieces."""
    several = _several_partners(c, side)
    first = c.alignment.draft_map() if side == 0 else c.alignment.final_map()
    string, first_link, decimal = _STRING, first.get, _Decimal()  # locals: looked up once, not once a token
    match: int | str
    matches: int | str
    for t in (c.draft, c.final)[side].tokens:
        i = t.i
        link = first_link(i)
        if link is None:
            match, matches = "null", ""
        elif several and i in several:
            match, matches = link.draft if side else link.final, ", ".join(map(str, several[i]))
        else:
            match = matches = link.draft if side else link.final
        yield (f'{{"i": {i}, "text": {string(t.text)}, "start": {t.start}, "end": {t.end}, "line": {decimal[t.line]}, '
               f'"col": {decimal[t.col]}, "layer": "{t.layer}", "inferred": {"true" if t.inferred else "false"}, '
               f'"furniture": {string(t.furniture) if t.furniture else "false"}, "match": {match}, "matches": [{matches}]}}')


_NULL_OR_BOOL = {None: "null", True: "true", False: "false"}


def _span_line(s: Span | None) -> str:
    """``_span(s)`` as ``_ONE_LINE`` writes it. The token indices are the ``repr`` of their list, which
    is the JSON array ``_ONE_LINE`` writes of ints (``[4, 5]``, ``[]``), made in C: dec88x276's 18 k
    spans (157 k indices) 27 -> 22 ms, against ``", ".join(map(str, …))`` (CPU, best of 7)."""
    if s is None:
        return "null"
    return (f'{{"text": {_STRING(s.text)}, "start": {s.start}, "end": {s.end}, "line": {s.line}, "col": {s.col}, '
            f'"tokens": {list(s.tokens)!r}}}')


def _edit_line(e: Edit) -> str:
    """``edit_dict(e)`` as ``_ONE_LINE`` writes it, made straight from the edit (a third of the time at
    1 M words): only the strings need escaping, and ``detail``, of any shape, goes to the encoder."""
    return (
        f'{{"id": {_STRING(e.id)}, "kind": {_STRING(e.kind)}, "stage": {_STRING(e.stage)}, '
        f'"carried": {_NULL_OR_BOOL[e.carried]}, "evidence": {_STRING(e.evidence)}, "rule": {_STRING(e.rule)}, '
        f'"hand": {"null" if e.hand is None else _STRING(e.hand)}, "draft": {_span_line(e.draft)}, '
        f'"final": {_span_line(e.final)}, "detail": {_detail_line(dict(e.detail)) if e.detail else "{}"}}}'
    )


def _lines(items: Iterable, indent: str, encode: Callable[[Any], str] | None = _ONE_LINE) -> Iterator[str]:
    """A JSON array with one item a line, in blocks of a thousand lines (each taken from
    ``items`` when it is written); ``encode=None`` when the items are JSON text already."""
    items = iter(items)
    block = list(islice(items, 1000))
    if not block:
        yield "[]"
        return
    yield "[\n"
    sep = ",\n" + indent
    while block:
        following = list(islice(items, 1000))
        yield indent + sep.join(map(encode, block) if encode else block)
        yield ",\n" if following else "\n"
        block = following
    yield indent[:-1] + "]"


def render(c: Comparison, **_: object) -> str:
    """JSON with a stable key order, one token or edit a line, and a final newline."""
    return "".join(chunks(c))
