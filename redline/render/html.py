"""The HTML redline report: one self-contained, printable page built from the jinja2 templates.

The renderer turns a ``Comparison`` into plain data (a reading-order *stream* of
tokens, the edits laid over it as nested regions, aligned rows: all built in
``html_layout``; the edit list, citations and counts: built here) and the
templates in ``templates/`` turn that data into markup with autoescaping on, so
no input text is ever written unescaped. Every edit becomes exactly one element
with ``data-edit``; a moved passage's other place (and any far-off part of an
edit) is a ``data-twin`` element linked both ways. Output is deterministic.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any, Iterator, Mapping

import jinja2
from markupsafe import Markup

from .. import __version__
from ..cite import Place, chicago, facts, place as cite_place
from ..hands import REASONS
from ..manifest import templates_dir
from ..model import KINDS, Comparison, Edit, Span, Token, Witness
from ..order import numbered
from ..titles import opening as read_opening, title as made_title
from ..variants import READINGS
from .html_draw import inline as draw_inline
from .stamp import made_on
from .html_layout import MAX_GAP, Item, Region, _lines, confidence, describe, inline, label, regions, rows, stream

__all__ = [
    "render", "environment", "context", "paragraphs", "made_on", "DATA_FILES",
    # re-exported from html_layout, where they live
    "MAX_GAP", "Item", "Region", "stream", "regions", "describe", "inline", "rows",
]


# --- citing edits --------------------------------------------------------------------------------------

def _cited(c: Comparison, e: Edit) -> tuple[str, str | None, str | None]:
    """``e``'s citation, and where its draft words and its despatched words stand (``_loc``), from one
    reading of its ``facts``: the places the edit list shows are the citation's own, not worked out
    again (each ``place`` reads the words' lines, columns and page: at 57 k words the report asked
    for 9.8 k places where 5.5 k are needed)."""
    try:
        f = facts(c, e)
        cited = chicago(f)
    except Exception:  # a citation must never break the report (the time budget's error, if that was it, is raised again by _loc's cite.place)
        return _plain_citation(c, e), _loc(c.draft, e.draft), _loc(c.final, e.final)
    return cited, _where(c.draft, e.draft, f.draft), _where(c.final, e.final, f.final)


def _plain_citation(c: Comparison, e: Edit) -> str:
    """A citation with no reading of the words' places as read: file, line and column, and the words."""
    d, f = c.draft.source, c.final.source
    where = f"{d.name}, {d.path}:{e.draft.line}:{e.draft.col}" if e.draft else d.name
    text = f"\u201c{e.draft.text}\u201d " if e.draft else ""
    reads = f"; {f.name} reads \u201c{e.final.text}\u201d ({f.path}:{e.final.line}:{e.final.col})" if e.final else ""
    return f"{where}: {text}{describe(e)}{reads}. [{e.id}]"


def _why(c: Comparison, e: Edit) -> str | None:
    """The evidence behind a claim redline makes, in plain words: a variant reading, an inferred hand."""
    if e.kind == "variant":
        sure = confidence(e)
        return f"evidence: {READINGS.get(e.evidence, e.evidence)}" + (f"; confidence {sure}" if sure else "")
    reasons = str(e.detail.get("hand_reasons") or "")
    if e.hand == "inferred":
        said = "; ".join(REASONS.get(r.strip(), r.strip()) for r in reasons.split(",") if r.strip())
        return f"hand inferred: {said}" if said else "hand inferred by redline (no mark in the transcription)"
    return None


def _loc(w: Witness, span: Span | None) -> str | None:
    """Where a span stands, as a historian cites it: the path, its lines (``ll. 375–376``) and the
    column of its first word in the line as read (markup not counted)."""
    if not span or not span.tokens:
        return None
    toks = [w.tokens[i] for i in span.tokens]
    return _where(w, span, cite_place(w, toks[0], toks))


def _where(w: Witness, span: Span | None, place: Place | None) -> str | None:
    """``_loc`` of a span whose ``place`` is known: the citation's, which is the place of the span's
    words whenever it has any (``cite.facts``)."""
    if not span or not span.tokens or place is None:
        return None
    return f"{w.source.path}, {place.lines}, col. {place.column}"


# --- summary ----------------------------------------------------------------------------------------

def paragraphs(c: Comparison, items: list[Item], regs: list[Region]) -> list[dict[str, Any]]:
    """Edits per paragraph of the draft (an edit with no draft words counts where it falls)."""
    D = c.draft.tokens
    paras: dict[int, list[Token]] = {}
    for t in D:
        if not t.furniture:
            paras.setdefault(t.para, []).append(t)
    context: list[int | None] = []
    last = None
    for it in items:
        if it.d is not None and not D[it.d].furniture:
            last = D[it.d].para
        context.append(last)
    first_para = min(paras) if paras else 0
    counts = {p: 0 for p in paras}
    for r in regs:
        if not r.primary:
            continue
        e = r.edit
        p = D[e.draft.tokens[0]].para if e.draft and e.draft.tokens else context[r.a]
        p = first_para if p is None else p
        counts[p] = counts.get(p, 0) + 1
    top = max(counts.values(), default=0) or 1
    out = []
    for n, p in enumerate(sorted(counts), 1):
        toks = paras.get(p, [])
        words = " ".join(t.display for t in toks[:6])
        out.append({"n": n, "para": p, "count": counts[p], "width": round(200 * counts[p] / top),
                    "lines": _lines(toks), "incipit": words + (" \u2026" if len(toks) > 6 else "")})
    return out


def _css_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def environment() -> jinja2.Environment:
    """The template environment: autoescape on, undefined names are errors."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = _css_string
    env.filters["path"] = _path
    return env


def _path(loc: str | None) -> Markup:
    """A path that may break after each ``/`` (``<wbr>``), each part escaped: the edit list's places.
    A filter, not a macro: called twice an edit, a macro cost 1.6 s of a 250 k-word report's 12 k edits."""
    return Markup("/<wbr>").join((loc or "").split("/"))


def context(c: Comparison, **options: object) -> dict[str, Any]:
    """Everything the templates need, as plain data but ``inline``: the inline view's pieces, drawn
    as the template takes them (a generator, read once: a context renders one report)."""
    items = stream(c)
    regs = regions(c, items)
    numbers = numbered(c, items)  # reading order: the redline, this list, n/p and print agree
    twins = {r.edit.id for r in regs if r.part}
    edits = []
    for e in sorted(c.edits, key=lambda e: numbers[e.id]):
        cited, dloc, floc = _cited(c, e)
        edits.append({
            "n": numbers[e.id], "id": e.id, "kind": e.kind, "label": label(e), "stage": e.stage, "carried": e.carried,
            "why": _why(c, e), "hand": e.hand, "what": describe(e),
            "draft": e.draft.text if e.draft else None, "final": e.final.text if e.final else None,
            "dloc": dloc, "floc": floc, "twin": e.id in twins, "cite": cited,
        })
    stats = dict(c.stats)
    manuscript = any(t.layer in ("struck", "inserted", "hand") for t in c.draft.tokens if not t.furniture)
    share = stats.get("verbatim_share")  # None when the amended draft has no words
    found = read_opening(c.draft), read_opening(c.final)  # heading, dates, serial: titled from the documents
    side = lambda w, o: {"name": w.source.name, "spec": w.source.spec, "label": w.source.label,
                         "path": w.source.path, "lines": f"{w.source.first}\u2013{w.source.last}",
                         "heading": o.heading, "dates": o.dates, "serial": o.serial}
    return {
        "title": options.get("title") or made_title(c, found),
        "draft": side(c.draft, found[0]), "final": side(c.final, found[1]),
        "inline": draw_inline(inline(c, items, regs, numbers)), "rows": rows(c, items), "three": manuscript,
        "edits": edits, "kinds": KINDS, "stats": stats,
        "by_kind": [(k, stats.get(k, 0)) for k in KINDS], "by_stage": dict(stats.get("by_stage", {})),
        "cross": {k: {s: sum(1 for e in c.edits if e.kind == k and e.stage == s) for s in ("draft", "despatch")} for k in KINDS},
        "share": share, "share_pct": None if share is None else f"{share * 100:.1f}",
        "share_w": round((share or 0) * 200),
        "paras": paragraphs(c, items, regs),
        "furniture": bool(options.get("furniture", True)),
        "notices": [str(n) for n in (*c.draft.notices, *c.final.notices) if n.warning],
        "readings": [str(n) for n in (*c.draft.notices, *c.final.notices) if not n.warning],
        "hands": [(where, "; ".join(REASONS.get(r.strip(), r.strip()) for r in str(why).split(",")))
                  for where, why in c.draft.hands.items()],
        "generated": options.get("generated"),
        **_furnishings(options),
    }


DATA_FILES = {"json": "JSON", "csv": "CSV", "tei": "TEI"}
"""The formats a report can link as its own data written beside it (``report --with-data``), with their names."""


def _furnishings(options: Mapping[str, object]) -> dict[str, Any]:
    """What the page says about itself: the redline version, the date it was made, the data files
    written beside it and the survey index it belongs to (relative links, so the folder can move)."""
    data = options.get("data_files") or {}
    return {
        "version": __version__,
        "made": options.get("made"),
        "data_files": [(DATA_FILES[f], str(href)) for f, href in dict(data).items() if f in DATA_FILES],  # type: ignore[call-overload]
        "index": options.get("index"),
    }


def _css_string(value: object) -> Markup:
    """``value`` as a quoted CSS string that is safe inside ``<style>``: every character but a letter,
    a digit, a space and plain punctuation is a hex escape (``<`` is ``\\3c ``: no ``</style>`` can close it)."""
    safe = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;-_()/")
    return Markup('"' + "".join(ch if ch in safe else f"\\{ord(ch):x} " for ch in str(value)) + '"')


def _running(title: str, limit: int = 90) -> str:
    """The title cut to fit a printed page's running head."""
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "\u2026"


def chunks(comparison: Comparison, **options: object) -> Iterator[str]:
    """The whole report as one HTML document, in pieces as they are made (UTF-8, no external resources,
    same input → same bytes).

    Options: ``title`` (default: ``titles.title``: the labels, else the documents' headings, dates and
    serials, else their names), ``furniture`` (False starts with page
    furniture hidden), ``generated`` (a note for the footer; none by default), ``made`` (the date
    the report was made, printed with the redline version: ``made_on()``; none by default, so the
    same input gives the same bytes), ``data_files`` (``{"json"|"csv"|"tei": relative href}``: the
    report's data written beside it, linked from its head) and ``index`` (the relative href of the
    survey index the report belongs to, linked back to).
    Other options given to every renderer (width, color, side) are ignored.

    The document comes in pieces, in order, as the template makes them, to be written as they come:
    a 250 k-word report is 67 MB of HTML, never held whole. What the template is given is made first,
    before any piece: an error there (a ``--timeout``) comes before a file is opened.
    """
    env = environment()
    ctx = context(comparison, **options)
    css = env.get_template("report.css").render(version=ctx["version"], made=ctx["made"], running=_running(str(ctx["title"])))
    js = env.get_template("report.js").render()
    csp = (f"default-src 'none'; style-src '{_css_hash(css)}'; script-src '{_css_hash(js)}'; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    return _within_budget(env.get_template("report.html.j2").generate(css=css, js=js, csp=csp, **ctx))


def render(comparison: Comparison, **options: object) -> str:
    """The whole report as one HTML document: ``chunks`` joined."""
    return "".join(chunks(comparison, **options))


BLOCK = 2048
"""How many of the template's pieces are joined into one piece of the report (one write), at most."""
BLOCK_CHARS = 1 << 20
"""How long a piece of the report may grow before it is written: the inline view comes in pieces of a
thousand events (``html_draw.BLOCK``), 0.2 MB each at 250 k words, and 2 048 of them were one 16.6 MB block."""


def _within_budget(pieces: Iterator[str]) -> Iterator[str]:
    """The template's output as it is made, ``BLOCK`` pieces (or ``BLOCK_CHARS`` characters) joined into
    one (a write each, not one a piece), with the time budget (``budget.check``) looked at before each:
    the template's own loops (a line, a word, an edit) are where a huge report spends its time, and they
    would otherwise run to their end past ``--timeout``."""
    from .. import budget

    while True:
        budget.check("writing the report")
        block: list[str] = []
        size = 0
        for piece in pieces:
            block.append(piece)
            size += len(piece)
            if len(block) == BLOCK or size >= BLOCK_CHARS:
                break
        if not block:
            return
        yield "".join(block)
