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
from bisect import bisect_left, bisect_right
from typing import Callable, NamedTuple, Sequence

from .budget import check
from .errors import UsageError
from .hands import REASONS
from .safe import defuse
from .model import ELLIPSIS, Comparison, Edit, Token, Witness, gapped
from .order import reading_order
from .pages import page
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
    """Column in the file, markup counted (what an editor's ``file:line:col`` goes to)."""
    last: int = 0
    """The last line the words run to (``line`` when they stand on one line; 0: not given)."""
    read: int = 0
    """Column in the line as read: transcription markup (``~~``, ``<sup>``) not counted (0: not given)."""
    page: str = ""
    """The page or folio the words begin on, as the transcription marks it (``p. 2``, ``f. 11a``;
    ``pages.page``), or '' where no mark stands before them."""

    @property
    def lines(self) -> str:
        """``l. 93``, ``ll. 375–376`` or ``p. 2, l. 105``: the page and lines a reader turns to."""
        last = max(self.last, self.line)
        lines = f"l. {self.line}" if last == self.line else f"ll. {self.line}\u2013{last}"
        return f"{self.page}, {lines}" if self.page else lines

    @property
    def column(self) -> int:
        return self.read or self.col


class Facts(NamedTuple):
    """Everything a style needs to cite one edit; quotations are already elided."""

    id: str
    kind: str
    stage: str
    carried: bool | None
    evidence: str
    hand: str | None
    hand_why: str
    """For a hand inferred by redline: its evidence in plain words, or ''."""
    score: float | None
    """For a variant reading: how alike the two readings are (the link's score), else None."""
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
    change: str = ""
    """For a ``paragraph`` edit: ``split`` or ``join`` (``structure.Break``), else ''."""


def _words(tokens: Sequence[Token], w: Witness) -> list[str]:
    """The words of ``tokens`` (of ``w``, in order) as quoted: ``…`` where words between them are left out."""
    return gapped([t.display for t in tokens], [t.i for t in tokens], w.tokens)


def read_column(w: Witness, t: Token) -> int:
    """The column of ``t`` in its line as a reader sees the line: characters of words and
    spaces count, transcription markup between them (``~~``, ``<sup>``) does not.

    ``experts`` in ``our <sup>experts</sup> people`` stands at column 5 as read, 10 in the file.
    Anything the parser kept as text (an unpaired ``*``) is inside a token and counts.
    """
    text = w.source.text
    columns: dict[int, int] = w.memo("read_columns", dict)  # token index -> column as read, kept with the witness
    if t.i not in columns:  # the columns of every word of its line at once: a long line is read once, not once a word
        line_start = text.rfind("\n", 0, t.start) + 1
        line_end = text.find("\n", t.start)
        k = t.i
        while k > 0 and w.tokens[k - 1].end > line_start:
            k -= 1
        inside = spaces = 0
        at = line_start
        while k < len(w.tokens) and (line_end < 0 or w.tokens[k].start < line_end):
            u = w.tokens[k]
            # spaces between words count; a mark's characters are neither a word's nor a space
            spaces += sum(map(str.isspace, text[at : u.start]))  # in C: a generator a word cost 3 µs
            if u.start >= line_start:  # not a word hyphenated across the line break before: its column is on its own line
                columns[u.i] = 1 + inside + spaces
            inside += u.end - max(u.start, line_start)
            spaces += sum(map(str.isspace, text[max(u.start, line_start) : u.end]))
            at = u.end
            k += 1
    return columns[t.i]


def _last_line(t: Token) -> int:
    """The line a token ends on (a word hyphenated across a line break ends on the next)."""
    return t.line + t.text.count("\n")


def place(w: Witness, token: Token | None, tokens: Sequence[Token] = ()) -> Place:
    """Where ``tokens`` (led by ``token``) stand in ``w``: lines first to last, file and read columns."""
    check("citing the edits")  # once an edit: the report cites every edit, after the comparison
    s = w.source
    name = s.name
    if token is None:
        return Place(name, s.path, s.label is not None, s.first, 1)
    last = max((_last_line(t) for t in tokens), default=_last_line(token))
    return Place(name, s.path, s.label is not None, token.line, token.col, max(last, token.line), read_column(w, token),
                 page(w, token))


def _linked_near(c: Comparison, edit_draft: Sequence[int], step: int, moved: bool = False) -> int | None:
    """The final index linked to the nearest draft token before (step -1) or after (+1) the span;
    with ``moved``, a word the despatch has at another place counts too."""
    dmap, in_place, linked, _fmap, _anchors = _maps(c)
    at = linked if moved else in_place
    if step < 0:
        k = bisect_left(at, min(edit_draft)) - 1
        return dmap[at[k]].final if k >= 0 else None
    k = bisect_right(at, max(edit_draft))
    return dmap[at[k]].final if k < len(at) else None


def _maps(c: Comparison) -> tuple:
    """The alignment's draft and final maps, and in order the draft words (not furniture) linked in
    place, linked anywhere, and the despatched words (not furniture) linked: each edit finds its
    nearest linked neighbour by bisection, not by a walk across every word between. Made once an
    alignment (``Alignment.memo``), for all its edits."""

    def make() -> tuple:
        dmap, fmap = c.alignment.draft_map(), c.alignment.final_map()
        linked = sorted(i for i in dmap if not c.draft.tokens[i].furniture)
        in_place = [i for i in linked if dmap[i].relation != "moved"]
        anchors = sorted(i for i in fmap if not c.final.tokens[i].furniture)
        return dmap, in_place, linked, fmap, anchors

    return c.alignment.memo("cite", make)


def _quote(w: Witness, a: int, b: int) -> tuple[str, list[Token]]:
    """The words of ``w`` from index ``a`` to ``b`` as a quotation: a stretch of page furniture
    inside it is left out and marked ``…``, so the quotation never runs across it."""
    out: list[str] = []
    words: list[Token] = []
    for t in w.tokens[a : b + 1]:
        if t.furniture:
            if out and out[-1] != ELLIPSIS:
                out.append(ELLIPSIS)
            continue
        out.append(t.display)
        words.append(t)
    while out and out[-1] == ELLIPSIS:
        out.pop()
    return " ".join(out), words


def _final_context(c: Comparison, e: Edit) -> tuple[str, list[Token]]:
    """What the despatched text reads where the draft's words were: the linked words either side.

    The neighbours are first sought among words the despatch has in place; when they do not
    close round one place (``until`` and ``that`` either side of a struck *we are sure* both
    moved), words the despatch has elsewhere count too, so the edit is anchored where the
    change is, not at the next word that stayed put many lines away.
    """
    assert e.draft is not None
    toks = c.final.tokens
    near: list[int] = []
    for moved in (False, True):
        a, b = _linked_near(c, e.draft.tokens, -1, moved), _linked_near(c, e.draft.tokens, +1, moved)
        if a is not None and b is not None and 0 <= b - a <= MAX_WORDS:
            return _quote(c.final, a, b)
        near = [i for i in (a, b) if i is not None]  # the last pass: the draft's nearest words, moved or not
    if len(near) == 2:
        return f"{toks[near[0]].display} {ELLIPSIS} {toks[near[1]].display}", [toks[near[0]], toks[near[1]]]
    return (toks[near[0]].display, [toks[near[0]]]) if near else ("", [])


def _draft_anchor(c: Comparison, e: Edit) -> Token | None:
    """For an edit with no draft words: the draft word after which the despatch adds its words."""
    assert e.final is not None
    _dmap, _in_place, _linked, fmap, anchors = _maps(c)
    k = bisect_left(anchors, min(e.final.tokens)) - 1
    return c.draft.tokens[fmap[anchors[k]].draft] if k >= 0 else None


def facts(c: Comparison, e: Edit) -> Facts:
    """Gather what a citation of ``e`` says, from the comparison only."""
    d_toks = [c.draft.tokens[i] for i in e.draft.tokens] if e.draft else []
    f_toks = [c.final.tokens[i] for i in e.final.tokens] if e.final else []
    anchor = None
    if d_toks:
        draft_place = place(c.draft, d_toks[0], d_toks)
    else:
        anchor = _draft_anchor(c, e)
        draft_place = place(c.draft, anchor)
    struck_layers: tuple[str, ...] = ("struck",) if e.stage == "draft" or e.kind == "moved" else ("struck", "typed")
    if e.kind in ("variant", "paragraph"):  # the same words on both sides: none is struck or dropped
        struck_layers = ()
    struck = [t for t in d_toks if t.layer in struck_layers]
    added = [t for t in d_toks if t.layer in ("inserted", "hand")]
    marked = {t.i for t in struck} | {t.i for t in added}  # by index: a list's ``in`` was quadratic on a long edit
    typed = [t for t in d_toks if t.i not in marked]
    reads, near = "", []
    if f_toks:
        reads, near = " ".join(_words(f_toks, c.final)), f_toks
    elif e.draft:
        reads, near = _final_context(c, e)
    final_place = place(c.final, near[0], near) if near else None
    why = ""
    if e.hand == "inferred":
        codes = [r.strip() for r in str(e.detail.get("hand_reasons") or "").split(",") if r.strip()]
        why = "; ".join(REASONS.get(r, r) for r in codes)
    score = e.detail.get("score") if e.kind == "variant" else None
    return Facts(
        e.id, e.kind, e.stage, e.carried, e.evidence, e.hand, why,
        float(score) if isinstance(score, (int, float)) else None,
        draft_place, final_place, c.final.source.name,
        elide(_words(struck, c.draft)), elide(_words(added, c.draft)), (added[0].layer if added else None),
        elide(_words(typed, c.draft)),
        elide(reads.split()), e.kind == "moved", anchor.display if anchor else "",
        str(e.detail.get("change") or "") if e.kind == "paragraph" else "",
    )


# --- styles ---------------------------------------------------------------------------------------

def _hand_phrase(f: Facts) -> str:
    """"in manuscript" only on evidence: a hand marked as such in the transcription, or one
    redline inferred, with its reasons. Words above the line (``<sup>``) record a place, not a hand."""
    if f.hand == "inferred":
        why = f": {f.hand_why}" if f.hand_why else ""
        return f"in manuscript (hand inferred by redline{why}; not marked in the transcription)"
    if f.hand == "marked" and f.added_layer == "hand":
        return "in manuscript"
    return ""


BREAKS = {"blank-line": "a blank line", "list-item": "a new list item"}
"""What a ``paragraph`` edit's evidence code means, in words."""


def _words_of(f: Facts) -> str:
    """The words either side of a paragraph break, as the draft reads them."""
    return " ".join(w for w in (f.typed, f.added, f.struck) if w)


def _what(f: Facts, q: Callable[[str], str]) -> str:
    """What the draft shows: struck words, words above the line or in manuscript."""
    hand = _hand_phrase(f)
    if f.kind == "paragraph":
        if f.change == "join":
            return f"{q(_words_of(f))} with a paragraph break between them ({BREAKS.get(f.evidence, f.evidence)})"
        return f"{q(_words_of(f))} in one paragraph, on one line"
    where = "written above the line" if f.added_layer == "inserted" else "written"
    added = f"{q(f.added)} {where} {hand}".rstrip() if f.added else ""
    if f.kind == "moved":
        if f.struck and not (f.added or f.typed):  # struck on the page, reinstated elsewhere: one state
            return f"{q(f.struck)} struck through"
        return f"{q(f.added or f.typed or f.struck)} stands here" + (f" {hand}" if f.added and hand else "")
    if f.kind == "variant":
        return f"{q(f.typed or f.added or f.struck)}" + (f" {hand}" if hand and f.added else "")
    if f.struck and f.added:
        return f"{q(f.struck)} struck through, with {added}"
    if f.struck and f.stage == "despatch" and f.evidence == "unmarked":
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
    if f.kind == "paragraph":
        if f.change == "join":
            return f"{t} runs the two paragraphs on as one: {reads}"
        return f"{t} begins a new paragraph between them ({BREAKS.get(f.evidence, f.evidence)}): {reads}"
    if f.kind == "variant":
        sure = f"; similarity {f.score * 100:.0f}\u202f%" if f.score is not None else ""
        return f"{t} reads {reads}, taken by redline to be the same word ({READINGS.get(f.evidence, f.evidence)}{sure})"
    if f.kind == "moved" and f.struck and not (f.added or f.typed):
        return f"yet {t} reinstates them at another place: {reads}"
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
        return p.lines

    d = f.draft
    where = f"{d.name} ({d.path}, {d.lines}, col. {d.column})" if d.labelled else f"{d.name}, {d.lines}, col. {d.column}"
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
    if not ids:  # in the order a reader meets them, as the report numbers them
        return tuple(e for e in reading_order(c) if e.kind != "variant")
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
