"""Footnote-ready citations of edits: one sentence per edit, in a named style.

A citation names both documents by their labels (``Source.name``), gives the
draft's place as ``file:line:col``, says what was struck, inserted or written
and in which hand, and quotes what the despatched text reads at that place.
The facts are gathered once (``facts``) and each style is one function from
those facts to a string (``STYLES``), so styles never disagree about the facts.

Long quotations keep their first and last words with ``…`` between them
(``elide``). By default every edit except variant readings is cited (variants
count as unchanged, see DESIGN.md); ``select`` picks edits by id, and an id that
is not in the comparison is a ``UsageError`` that says how to list the ids.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Callable, NamedTuple, Sequence

from .errors import UsageError
from .safe import defuse
from .model import Comparison, Edit, Token, Witness, gapped
from .variants import READINGS

MAX_WORDS = 12
"""Quotations longer than this many words are elided in the middle."""


def elide(words: Sequence[str], limit: int = MAX_WORDS, head: int = 6, tail: int = 4) -> str:
    """Join ``words``, replacing the middle of a long run with ``…``.

    >>> elide("a b c".split())
    'a b c'
    >>> elide([str(n) for n in range(20)])
    '0 1 2 3 4 5 … 16 17 18 19'
    >>> elide([*"abcde", "…", *"fghijklmnop"])  # a left-out stretch at the cut: one omission
    'a b c d e … m n o p'
    """
    words = list(words)
    if len(words) > limit:
        words = [*words[:head], "…", *words[-tail:]]
    # A left-out stretch (``…`` from ``model.gapped``) next to the cut is one omission, not two.
    return " ".join(w for n, w in enumerate(words) if not (w == "…" and n and words[n - 1] == "…"))


class Place(NamedTuple):
    """Where an edit is in one document."""

    name: str
    """The document's label, or its path and line range when it has none."""
    path: str
    labelled: bool
    line: int
    col: int


class Facts(NamedTuple):
    """Everything a style needs to cite one edit; quotations are already elided."""

    id: str
    kind: str
    stage: str
    carried: bool | None
    evidence: str
    hand: str | None
    draft: Place
    final: Place | None
    """Where the despatched text has the words; None when it has none of them."""
    final_name: str
    struck: str
    """The draft's struck (or silently dropped) words, or ''."""
    added: str
    """The draft's inserted or manuscript words, or ''."""
    added_layer: str | None
    """inserted (above the line) or hand (manuscript), for ``added``."""
    typed: str
    """Typed words without a mark (a variant's or a move's draft words), or ''."""
    reads: str
    """What the despatched text reads at this place ('' when nothing is there)."""
    moved: bool
    anchor: str
    """For words the draft lacks: the draft word they follow, or ''."""


def _words(tokens: Sequence[Token], w: Witness) -> list[str]:
    """The words of ``tokens`` (of ``w``, in order) as quoted: ``…`` where words between them are left out."""
    return gapped([t.display for t in tokens], [t.i for t in tokens], w.tokens)


def _place(w: Witness, token: Token | None) -> Place:
    s = w.source
    line, col = (token.line, token.col) if token else (s.first, 1)
    return Place(s.name, s.path, s.label is not None, line, col)


def _linked_near(c: Comparison, edit_draft: Sequence[int], step: int) -> int | None:
    """The final index linked to the nearest draft token before (step -1) or after (+1) the span."""
    dmap = c.alignment.draft_map()
    i = (min(edit_draft) - 1) if step < 0 else (max(edit_draft) + 1)
    while 0 <= i < len(c.draft.tokens):
        t = c.draft.tokens[i]
        if not t.furniture and i in dmap and dmap[i].relation != "moved":
            return dmap[i].final
        i += step
    return None


def _final_context(c: Comparison, e: Edit) -> tuple[str, Token | None]:
    """What the despatched text reads where the draft's words were: the linked words either side."""
    assert e.draft is not None
    a, b = _linked_near(c, e.draft.tokens, -1), _linked_near(c, e.draft.tokens, +1)
    toks = c.final.tokens
    if a is not None and b is not None and 0 <= b - a <= MAX_WORDS:
        run = [t for t in toks[a : b + 1] if not t.furniture]
        return " ".join(_words(run, c.final)), toks[a]
    near = [toks[i] for i in (a, b) if i is not None]
    if len(near) == 2:
        return f"{near[0].display} … {near[1].display}", near[0]
    return (near[0].display, near[0]) if near else ("", None)


def _draft_anchor(c: Comparison, e: Edit) -> Token | None:
    """For an edit with no draft words: the draft word after which the despatch adds its words."""
    assert e.final is not None
    fmap = c.alignment.final_map()
    i = min(e.final.tokens) - 1
    while i >= 0:
        if i in fmap and not c.final.tokens[i].furniture:
            return c.draft.tokens[fmap[i].draft]
        i -= 1
    return None


def facts(c: Comparison, e: Edit) -> Facts:
    """Gather what a citation of ``e`` says, from the comparison only."""
    d_toks = [c.draft.tokens[i] for i in e.draft.tokens] if e.draft else []
    f_toks = [c.final.tokens[i] for i in e.final.tokens] if e.final else []
    anchor = None
    if d_toks:
        draft_place = _place(c.draft, d_toks[0])
    else:
        anchor = _draft_anchor(c, e)
        draft_place = _place(c.draft, anchor)
    struck_layers = ("struck",) if e.stage == "draft" or e.kind == "moved" else ("struck", "typed")
    if e.kind in ("variant", "moved"):
        struck_layers = ()
    struck = [t for t in d_toks if t.layer in struck_layers]
    added = [t for t in d_toks if t.layer in ("inserted", "hand")]
    typed = [t for t in d_toks if t not in struck and t not in added]
    reads, near = ("", None)
    if f_toks:
        reads, near = " ".join(_words(f_toks, c.final)), f_toks[0]
    elif e.draft:
        reads, near = _final_context(c, e)
    final_place = _place(c.final, near) if near else None
    return Facts(
        e.id, e.kind, e.stage, e.carried, e.evidence, e.hand, draft_place, final_place, c.final.source.name,
        elide(_words(struck, c.draft)), elide(_words(added, c.draft)), (added[0].layer if added else None),
        elide(_words(typed, c.draft)),
        elide(reads.split()), e.kind == "moved", anchor.display if anchor else "",
    )


# --- styles ---------------------------------------------------------------------------------------

def _hand_phrase(f: Facts) -> str:
    if f.hand == "marked":
        return "in manuscript"
    if f.hand == "inferred":
        return "in manuscript (hand inferred by redline, not marked in the transcription)"
    return ""


def _what(f: Facts, q: Callable[[str], str]) -> str:
    """What the draft shows: struck words, words above the line or in manuscript."""
    hand = _hand_phrase(f)
    where = "written above the line" if f.added_layer == "inserted" else "written"
    added = f"{q(f.added)} {where} {hand}".rstrip() if f.added else ""
    if f.kind == "moved":
        return f"{q(f.added or f.typed or f.struck)} stands here" + (f" {hand}" if f.added and hand else "")
    if f.kind == "variant":
        return f"{q(f.typed or f.added or f.struck)}" + (f" {hand}" if hand and f.added else "")
    if f.struck and f.added:
        return f"{q(f.struck)} struck through, with {added}"
    if f.struck and f.stage == "despatch":
        return f"{q(f.struck)} stands without any mark of deletion"
    if f.struck:
        return f"{q(f.struck)} struck through"
    if f.added:
        return added
    if f.kind == "inserted" and f.stage == "despatch":
        return f"nothing in the draft after {q(f.anchor)}" if f.anchor else "nothing in the draft"
    return q(f.typed)


def _outcome(f: Facts, q: Callable[[str], str], at: Callable[[Place], str]) -> str:
    """What the despatched text does with it, and what it reads."""
    t = f.final_name
    reads = f"{q(f.reads)} ({at(f.final)})" if f.reads and f.final else ""
    if f.kind == "variant":
        return f"{t} reads {reads} instead ({READINGS.get(f.evidence, f.evidence)})"
    if f.kind == "moved":
        return f"{t} has the words elsewhere: {reads}"
    if f.kind == "inserted" and f.stage == "despatch":
        return f"{t} adds {reads}"
    if f.kind == "substituted" and f.stage == "despatch":
        return f"{t} reads {reads} instead"
    if f.kind == "struck" and f.stage == "despatch":
        return f"{t} leaves the words out" + (f" and reads {reads}" if reads else "")
    if f.carried is True and f.added:
        return f"carried into {t}, which reads {reads}" if reads else f"carried into {t}"
    if f.carried is True:
        return f"the deletion is carried into {t}" + (f", which reads {reads}" if reads else "")
    if f.carried is False and f.kind == "struck":
        return f"yet {t} keeps the words: {reads}" if reads else f"yet {t} keeps the words"
    if f.carried is False:
        return f"not carried into {t}" + (f", which reads {reads}" if reads else "")
    return f"{t} reads {reads}" if reads else ""


def chicago(f: Facts) -> str:
    """A Chicago-style footnote sentence with typographic quotation marks.

    ``FCO draft … (samples/001.txt, line 91, col. 115): “can no longer delay”
    struck through, with “shall have to reach very soon” written above the line
    in manuscript; carried into Telegram …, which reads “SHALL HAVE …” (line 375). [E284f09]``
    """
    def q(s: str) -> str:
        return f"\u201c{s}\u201d"

    def at(p: Place) -> str:
        return f"line {p.line}"

    d = f.draft
    where = f"{d.name} ({d.path}, line {d.line}, col. {d.col})" if d.labelled else f"{d.name}, line {d.line}, col. {d.col}"
    sentence = f"{where}: {_what(f, q)}; {_outcome(f, q, at)}".rstrip("; ")
    return f"{sentence}. [{f.id}]"


def plain(f: Facts) -> str:
    """A terse, grep-friendly line: ``file:line:col: id kind: what; outcome``, straight quotes."""
    def q(s: str) -> str:
        return f'"{s}"'

    def at(p: Place) -> str:
        return f"{p.path}:{p.line}:{p.col}"

    d = f.draft
    return f"{d.path}:{d.line}:{d.col}: {f.id} {f.kind} in {d.name}: {_what(f, q)}; {_outcome(f, q, at)}".rstrip("; ")


STYLES: dict[str, Callable[[Facts], str]] = {"chicago": chicago, "plain": plain}


# --- choosing edits and writing them out -----------------------------------------------------------

def select(c: Comparison, ids: Sequence[str] = ()) -> tuple[Edit, ...]:
    """The edits named by ``ids``, each once, in the order first given (in any case, and the
    leading ``E`` may be left off: ``E284f09``, ``e284F09``, ``284f09``), or every edit but the
    variant readings when none are named."""
    if not ids:
        return tuple(e for e in c.edits if e.kind != "variant")
    by_id = {_id_key(e.id): e for e in c.edits}
    missing = [i for i in ids if _id_key(i) not in by_id]
    if missing:
        known = ", ".join(e.id for e in c.edits[:5]) + (", …" if len(c.edits) > 5 else "")
        raise UsageError(
            f"no edit {missing[0]!r} in this comparison (its edits are {known or 'none'}); "
            "run `redline cite DRAFT FINAL` without --edit, or `redline compare DRAFT FINAL --format json`, to list every id"
        )
    return tuple(by_id[k] for k in dict.fromkeys(map(_id_key, ids)))


def _id_key(edit_id: str) -> str:
    """An edit id as compared: its six hex digits in lower case, without the ``E``."""
    edit_id = edit_id.strip().lower()
    return edit_id[1:] if len(edit_id) == 7 and edit_id.startswith("e") else edit_id


def cite(c: Comparison, e: Edit, style: str = "chicago") -> str:
    """One citation of ``e`` in ``style``."""
    if style not in STYLES:
        raise UsageError(f"unknown citation style {style!r}: choose one of {', '.join(STYLES)}")
    return STYLES[style](facts(c, e))


def citations(c: Comparison, ids: Sequence[str] = (), style: str = "chicago") -> list[tuple[Edit, str]]:
    """``(edit, citation)`` for the chosen edits."""
    return [(e, cite(c, e, style)) for e in select(c, ids)]


def _bibtex_escape(s: str) -> str:
    special = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
    special.update({ch: "\\" + ch for ch in "{}%&$#_"})
    return "".join(special.get(ch, ch) for ch in s)  # one pass: no replacement is escaped again


def as_text(c: Comparison, cited: list[tuple[Edit, str]]) -> str:
    return "".join(f"{s}\n" for _, s in cited)


def as_json(c: Comparison, cited: list[tuple[Edit, str]]) -> str:
    rows = []
    for e, s in cited:
        f = facts(c, e)
        rows.append({
            "id": e.id, "kind": e.kind, "stage": e.stage, "carried": e.carried, "hand": e.hand, "citation": s,
            "draft": {"label": c.draft.source.label, "path": f.draft.path, "line": f.draft.line, "col": f.draft.col},
            "final": {"label": c.final.source.label, "path": c.final.source.path,
                      "line": f.final.line if f.final else None, "col": f.final.col if f.final else None},
        })
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


def as_csv(c: Comparison, cited: list[tuple[Edit, str]]) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["id", "kind", "draft_path", "draft_line", "draft_col", "citation"])
    for e, s in cited:
        f = facts(c, e)
        w.writerow([e.id, e.kind, defuse(f.draft.path), f.draft.line, f.draft.col, defuse(s)])
    return out.getvalue()


def as_bibtex(c: Comparison, cited: list[tuple[Edit, str]]) -> str:
    entries = []
    for e, s in cited:
        f = facts(c, e)
        title = f"{e.kind.capitalize()} edit {e.id} in {f.draft.name}"
        entries.append(
            f"@misc{{redline:{e.id},\n"
            f"  title = {{{_bibtex_escape(title)}}},\n"
            f"  howpublished = {{{_bibtex_escape(f'{f.draft.path}:{f.draft.line}:{f.draft.col}')}}},\n"
            f"  note = {{{_bibtex_escape(s)}}},\n"
            f"}}\n"
        )
    return "\n".join(entries)


FORMATS: dict[str, Callable[[Comparison, list[tuple[Edit, str]]], str]] = {
    "text": as_text, "json": as_json, "csv": as_csv, "bibtex": as_bibtex,
}


def render(c: Comparison, ids: Sequence[str] = (), style: str = "chicago", fmt: str = "text") -> str:
    """The chosen edits' citations in ``style``, written out as ``fmt`` (text, json, csv or bibtex)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown citation format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return FORMATS[fmt](c, citations(c, ids, style))
