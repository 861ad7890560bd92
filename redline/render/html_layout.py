"""HTML report layout: a ``Comparison`` as the plain data the templates draw (stream, regions, inline events, rows).

The *stream* puts every token of both witnesses once in reading order; each edit
becomes one or more *regions* over it, nested so that no two cross. From these
come the inline view (a flat list of open, close, run, line-number and break
events, one ``data-edit`` element per edit and ``data-twin`` elements for its
other places) and the aligned rows of the side-by-side and three-state views.
``html.render`` puts this data into the templates; the runs of words, and the inline
view as a whole, are drawn by ``html_draw``, where the template would be slow.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from ..model import Comparison, Edit, Token
from ..order import MAX_GAP, RANK, Item, places, positions, stream  # noqa: F401 (MAX_GAP, stream: for html.py)
from ..structure import items as list_items
from ..variants import READINGS
from .html_draw import Run
from .inline import PILCROW

BREAKS = {"blank-line": "a blank line", "list-item": "a new list item"}
"""What a ``paragraph`` edit's evidence code means, in words."""

@dataclass(slots=True)
class Region:
    """The run of stream items ``a..b`` (inclusive) that shows one edit, or one far-off part of it."""

    edit: Edit
    a: int
    b: int
    primary: bool
    covered: frozenset[int] = field(default_factory=frozenset)
    side: str = "f"
    """``f`` when the region holds despatched words of the edit, ``d`` when only the draft's."""
    part: int = 0
    """0 for the edit's one ``data-edit`` element, 1, 2, … for its other places."""

    def key(self) -> tuple[int, int, int, int]:
        return (self.a, -self.b, 0 if self.primary else 1, RANK.get(self.edit.kind, 9))

    def __lt__(self, other: "Region") -> bool:
        return self.key() < other.key()


# --- regions ---------------------------------------------------------------------------------------

def regions(c: Comparison, items: list[Item]) -> list[Region]:
    """Each edit's places in the stream, nested so that no two regions cross."""
    pos_d, pos_f = positions(items)
    heap: list[Region] = []
    for e in c.edits:
        for g, is_primary, side in places(e, pos_d, pos_f):
            heapq.heappush(heap, Region(e, g[0], g[-1], is_primary, frozenset(g), side))
    placed: list[Region] = []
    stack: list[Region] = []
    while heap:
        r = heapq.heappop(heap)
        while stack and stack[-1].b < r.a:
            stack.pop()
        if stack and r.b > stack[-1].b:  # crosses its parent: split at the parent's end
            cut = stack[-1].b
            head = frozenset(k for k in r.covered if k <= cut)
            tail = frozenset(k for k in r.covered if k > cut)
            if tail:
                heapq.heappush(heap, Region(r.edit, min(tail), max(tail), False, tail, r.side))
            if not head:
                continue
            r = Region(r.edit, r.a, max(head), r.primary, head, r.side)
        placed.append(r)
        stack.append(r)
    # An edit whose primary place was lost to a split keeps one: its first part.
    have = {r.edit.id for r in placed if r.primary}
    parts: dict[str, int] = {}
    for r in sorted(placed):
        if r.edit.id not in have:
            r.primary = True
            have.add(r.edit.id)
        elif not r.primary:
            r.part = parts[r.edit.id] = parts.get(r.edit.id, 0) + 1
    return sorted(placed)


# --- describing edits --------------------------------------------------------------------------------

def struck_moved(e: Edit) -> bool:
    """A moved passage that the draft page strikes: struck there, reinstated at another place.

    One state, not two: the page's strike is undone by the despatch, which has the words elsewhere.
    """
    return e.kind == "moved" and (e.detail.get("layer") == "struck" or
                                  e.detail.get("page_rule") in ("struck-on-page", "struck-restored"))


def label(e: Edit) -> str:
    """The edit's kind as a reader names it: a strike is only what the page strikes."""
    if e.kind == "struck":
        return "struck" if e.stage == "draft" else "left out"
    if e.kind == "inserted":
        return "above the line" if e.stage == "draft" else "added"
    if e.kind == "moved":
        return "struck and reinstated" if struck_moved(e) else "moved"
    if e.kind == "variant":
        return "variant reading (assumed)"
    if e.kind == "paragraph":
        return "paragraph split" if e.detail.get("change") == "split" else "paragraphs joined"
    return e.kind


def confidence(e: Edit) -> str | None:
    """A variant's similarity score as a percentage: how sure redline is that it is one word."""
    score = e.detail.get("score")
    return f"{float(score) * 100:.0f}\u202f%" if isinstance(score, (int, float)) else None


def describe(e: Edit) -> str:
    """A short phrase for an edit: what a reader sees, and what became of it.

    A ``<sup>`` in the transcription records a position (above the line), not a hand: the
    phrase says "by hand" only for words marked or inferred as manuscript.
    """
    inferred = " (hand inferred by redline, not marked)" if e.hand == "inferred" else ""
    if e.kind == "struck":
        if e.stage == "despatch":
            return "left out at despatch, with no mark on the draft"
        return "struck on the draft" + ("" if e.carried is not False else ", but kept in the despatch")
    if e.kind == "inserted":
        if e.stage == "despatch":
            return "added at despatch"
        return "written above the line on the draft" + inferred + ("" if e.carried is not False else ", but not despatched")
    if e.kind == "handwritten":
        hand = inferred or " (marked in the transcription)"
        return "written by hand on the draft" + hand + (", and despatched" if e.carried else ", but not despatched" if e.carried is False else "")
    if e.kind == "substituted":
        if e.stage == "draft":
            return "replaced on the draft" + inferred
        return "struck on the draft, replaced at despatch" if e.evidence == "marked" else "replaced at despatch"
    if e.kind == "moved":
        at = f" at l. {e.final.line}" if e.final else ""
        if struck_moved(e):
            return f"struck on the draft, reinstated{at} of the despatch"
        return f"moved: the despatch has the words{at}" if at else "moved to another place in the despatch"
    if e.kind == "variant":
        sure = confidence(e)
        return (f"assumed to be the same word, read differently ({READINGS.get(e.evidence, e.evidence)})"
                + (f"; similarity {sure}" if sure else ""))
    if e.kind == "paragraph":
        how = BREAKS.get(e.evidence, e.evidence)
        if e.detail.get("change") == "split":
            return f"the despatch begins a new paragraph here ({how}); the draft runs on in one line"
        return f"the draft begins a new paragraph here ({how}); the despatch runs on in one line"
    return e.kind


# --- token runs --------------------------------------------------------------------------------------

def _draft_cls(t: Token, matched: bool, moved: bool = False, page: bool = False) -> tuple[str, str]:
    """(tag, class) for a draft token in the inline view or the draft column.

    Only a word struck on the page is drawn struck (``<del>``, a line through it): a word the
    despatch merely lacks, or has at another place, keeps the look of its layer and gets a mark
    of its own (``dropped``: brackets; ``away``: the draft's place of a moved passage). ``page``
    draws the draft as the page shows it (the draft column): a struck word there is struck even
    when the despatch restored it; in the inline view such a word is the despatch's, ``restored``.
    """
    struck = t.layer == "struck"
    if t.furniture:
        return ("del", "furn struck") if struck else ("span", "furn")
    if struck:
        if matched:
            return ("del", "struck restored") if page else ("span", "restored")
        return ("del", "struck away") if moved else ("del", "struck")
    gone = "" if matched else (" away" if moved else " dropped")
    if t.layer == "hand":
        return "span", f"hand {'inferred' if t.inferred else 'marked'}{gone}"
    if t.layer == "inserted":
        return "span", f"above{gone}"
    return "span", ("same" + gone) if gone else "same"


class _Runs:
    """Groups consecutive words with the same look into one ``Run``; each word keeps its side and index."""

    def __init__(self, out: list[Any]):
        self.out: list[Any] = out
        self.cur: Run | None = None

    def add(self, tag: str, cls: str, t: Token, side: str, title: str | None = None) -> None:
        cur = self.cur
        if cur is None or cur.tag != tag or cur.cls != cls or cur.title != title:
            cur = self.cur = Run(tag, cls, title)
            self.out.append(cur)
        cur.add_word(t, side)

    def cut(self) -> None:
        self.cur = None


def inline(c: Comparison, items: list[Item], regs: list[Region], numbers: dict[str, int]) -> list[Any]:
    """The inline redline as a flat list of events: open, close, run, line-number and break markers."""
    D, F = c.draft.tokens, c.final.tokens
    dmap, fmap = c.alignment.draft_map(), c.alignment.final_map()
    starts: dict[int, list[Region]] = {}
    for r in regs:
        starts.setdefault(r.a, []).append(r)
    twins = {r.edit.id: r for r in regs if r.part == 1}
    out: list[Any] = [{"t": "p"}]  # the events: dicts, and a Run for each run
    runs = _Runs(out)
    stack: list[Region] = []
    # A paragraph break the despatch adds or takes away: a pilcrow before its word after the break.
    breaks = {e.final.tokens[-1]: e.detail.get("change") for e in c.edits if e.kind == "paragraph" and e.final}
    f_items, d_items = list_items(c.final), list_items(c.draft)
    last_line = last_dpara = last_fpara = None
    pending_line = None
    for k, it in enumerate(items):
        dt = D[it.d] if it.d is not None else None
        ft = F[it.f] if it.f is not None else None
        brk = (ft is not None and not ft.furniture and last_fpara is not None and ft.para != last_fpara) or (
            ft is None and dt is not None and not dt.furniture and last_dpara is not None and dt.para != last_dpara)
        if brk:
            runs.cut()
            out.append({"t": "p" if not stack else "pb"})
        if ft is not None and not ft.furniture:
            last_fpara = ft.para
        if dt is not None and not dt.furniture:
            last_dpara = dt.para
        for r in starts.get(k, ()):
            runs.cut()
            out.append(_open(r, twins, numbers))
            stack.append(r)
        # The margin numbers the lines of the words shown: the despatch's, or the draft's
        # (marked ``d.``) beside words only the draft has.
        here = ("f", ft.line) if ft is not None else ("d", dt.line) if dt is not None else None
        if here is not None and here != last_line:
            pending_line = last_line = here
        if pending_line is not None and not any(s.edit.kind == "variant" for s in stack):
            runs.cut()
            side, line = pending_line
            out.append({"t": "ln", "line": line, "side": side, "label": f"d.{line}" if side == "d" else str(line)})
            pending_line = None
        marker = f_items.get(ft.i) if ft is not None else d_items.get(dt.i) if dt is not None else None
        if marker is not None:  # a list item: on a line of its own, after its marker
            runs.cut()
            if not brk:
                out.append({"t": "pb"})
            if marker:
                out.append(Run("span", "item").add_text(marker))
        if ft is not None and ft.i in breaks:
            runs.cut()
            split = breaks[ft.i] == "split"
            out.append(Run("ins" if split else "span", "added pilcrow" if split else "dropped pilcrow",
                           "paragraph break added at despatch" if split else "the draft's paragraph break, run on in the despatch"
                           ).add_text(PILCROW))
        if ft is not None and (dt is None or dt.furniture or ft.furniture):
            if dt is not None:  # furniture on both sides: the draft's first, then the despatch's
                tag, cls = _draft_cls(dt, False)
                runs.add(tag, cls, dt, "d", f"draft page furniture: {dt.furniture}")
            flink = fmap.get(ft.i)
            if ft.furniture:
                runs.add("span", "furn", ft, "f", f"page furniture: {ft.furniture}")
            elif flink is None:
                runs.add("ins", "added", ft, "f")
            elif flink.relation == "moved":
                runs.add("span", "here", ft, "f")
            else:  # a word the draft has as part of another (split or joined words)
                runs.add(*_draft_cls(D[flink.draft], True), ft, "f")
        elif dt is not None and ft is not None:
            tag, cls = _draft_cls(dt, True)
            runs.add(tag, cls, ft, "f")
        elif dt is not None:
            link = dmap.get(dt.i)
            tag, cls = _draft_cls(dt, False, moved=link is not None and link.relation == "moved")
            runs.add(tag, cls, dt, "d", f"draft page furniture: {dt.furniture}" if dt.furniture else None)
        while stack and stack[-1].b == k:
            runs.cut()
            out.append(_close(stack.pop(), c, numbers))
    while stack:
        out.append(_close(stack.pop(), c, numbers))
    placed = {r.edit.id for r in regs}
    for e in c.edits:  # an edit with no token in the stream still gets its one element, at the end
        if e.id not in placed:
            r = Region(e, len(items), len(items), True)
            text = " / ".join(s.text for s in (e.draft, e.final) if s is not None) or e.kind
            out += [{"t": "p"}, _open(r, {}, numbers), Run("span", "same").add_text(text), _close(r, c, numbers)]
    return out


def _twin_id(r: Region) -> str:
    return f"twin-{r.edit.id}" if r.part <= 1 else f"twin-{r.edit.id}-{r.part}"


def _open(r: Region, twins: dict[str, Region], numbers: dict[str, int]) -> dict[str, Any]:
    e = r.edit
    cls = ["edit", f"k-{e.kind}", f"s-{e.stage}"]
    if e.hand:
        cls.append(f"h-{e.hand}")
    if e.carried is not None:
        cls.append("carried" if e.carried else "not-carried")
    name = f"Edit {numbers[e.id]}, {label(e)}: {describe(e)}"
    if r.primary:
        attrs = {"class": " ".join(cls), "id": f"edit-{e.id}", "data-edit": e.id, "data-kind": e.kind,
                 "tabindex": "0" if e.kind == "variant" else "-1", "title": name}
        if e.kind == "variant":  # the tooltip says it; a native title would cover it
            attrs["aria-describedby"] = f"tip-{e.id}"
            attrs["aria-label"] = attrs.pop("title")
        if e.id in twins:
            attrs["data-goto"] = f"twin-{e.id}"
    else:
        cls[0] = "twin"
        attrs = {"class": " ".join(cls), "id": _twin_id(r), "data-twin": e.id, "data-kind": e.kind,
                 "data-goto": f"edit-{e.id}", "tabindex": "-1", "title": f"Other place of edit {numbers[e.id]} ({label(e)})"}
    lead = None
    if e.kind == "moved":
        if r.primary and e.draft:
            came = "reinstated here, struck on the draft at" if struck_moved(e) else "moved here from draft"
            lead = (f"#twin-{e.id}", f"{came} l. {e.draft.line}") if e.id in twins else None
        elif not r.primary and r.side == "d" and e.final:
            lead = (f"#edit-{e.id}", f"{'reinstated' if struck_moved(e) else 'moved'} in the despatch to l. {e.final.line}")
    # The edit's number leads it, so numbers read in order even where one edit holds others.
    return {"t": "open", "attrs": attrs, "lead": lead, "id": e.id, "n": numbers[e.id], "primary": r.primary}


def _close(r: Region, c: Comparison, numbers: dict[str, int]) -> dict[str, Any]:
    e = r.edit
    tip = None
    if r.primary and e.kind == "variant" and e.draft:
        tip = f"draft reads \u201c{' '.join(c.draft.tokens[i].display for i in e.draft.tokens)}\u201d: {describe(e)}"
    sr = f"edit {numbers[e.id]}, {label(e)}: {describe(e)}" if r.primary else f"other place of edit {numbers[e.id]}"
    return {"t": "close", "id": e.id, "n": numbers[e.id], "primary": r.primary, "tip": tip, "sr": sr}


# --- rows for the side-by-side and three-state views ----------------------------------------------

def rows(c: Comparison, items: list[Item]) -> list[dict[str, Any]]:
    """Aligned rows: a new row wherever either side starts a new paragraph, each cell's words drawn."""
    D, F = c.draft.tokens, c.final.tokens
    dmap, fmap = c.alignment.draft_map(), c.alignment.final_map()
    groups: list[tuple[list[int], list[int]]] = [([], [])]
    dpara = fpara = None
    for it in items:
        dt = D[it.d] if it.d is not None else None
        ft = F[it.f] if it.f is not None else None
        new = (dt is not None and not dt.furniture and groups[-1][0] and dpara is not None and dt.para != dpara) or (
            ft is not None and not ft.furniture and groups[-1][1] and fpara is not None and ft.para != fpara)
        if new:
            groups.append(([], []))
        if dt is not None:
            groups[-1][0].append(dt.i)
            dpara = dt.para if not dt.furniture else dpara
        if ft is not None:
            groups[-1][1].append(ft.i)
            fpara = ft.para if not ft.furniture else fpara
    out = []
    for ds, fs in groups:
        ds, fs = sorted(ds), sorted(fs)
        if not ds and not fs:
            continue
        draft: list[Run] = []
        typed: list[Run] = []
        amended: list[Run] = []
        final: list[Run] = []
        rd, rt, ra, rf = _Runs(draft), _Runs(typed), _Runs(amended), _Runs(final)
        for i in ds:
            t = D[i]
            link = dmap.get(i)
            tag, cls = _draft_cls(t, link is not None, page=True)
            title = None
            if link is not None and link.relation == "moved":
                cls += " moved"
                title = f"moved: the despatch has these words at l. {F[link.final].line}"
            elif link is not None and link.relation == "variant":
                cls += " variant"
                title = f"despatch reads \u201c{F[link.final].display}\u201d"
            elif t.furniture:
                title = f"page furniture: {t.furniture}"
            rd.add(tag, cls, t, "d", title)
            if t.furniture:
                rt.add(*_draft_cls(t, False), t, "d", title)
                if t.layer != "struck":
                    ra.add("span", "furn", t, "d", title)
                continue
            if t.layer in ("typed", "struck"):
                rt.add("del" if t.layer == "struck" else "span", "struck" if t.layer == "struck" else "same", t, "d")
            if t.layer in ("typed", "inserted", "hand"):
                if t.layer == "typed":
                    ra.add("span", "same", t, "d")
                else:
                    ra.add("ins", "above" if t.layer == "inserted" else f"hand {'inferred' if t.inferred else 'marked'}", t, "d")
        for j in fs:
            t = F[j]
            link = fmap.get(j)
            title = None
            if t.furniture:
                tag, cls, title = "span", "furn", f"page furniture: {t.furniture}"
            elif link is None:
                tag, cls = "ins", "added"
            elif link.relation == "moved":
                tag, cls, title = "span", "same moved", f"moved: the draft has these words at l. {D[link.draft].line}"
            elif link.relation == "variant":
                tag, cls, title = "span", "same variant", f"draft reads \u201c{D[link.draft].display}\u201d"
            else:
                tag, cls = "span", "same"
            rf.add(tag, cls, t, "f", title)
        out.append({
            "dlines": _lines([D[i] for i in ds]), "flines": _lines([F[j] for j in fs]),
            "draft": _drawn(draft), "typed": _drawn(typed), "amended": _drawn(amended), "final": _drawn(final),
        })
    return out


def _drawn(runs: list[Run]) -> Markup:
    """A cell's runs drawn and joined by spaces, as ``runs|join(" ")`` in the template drew them: there
    jinja escaped each run (its ``__html__``, then a ``Markup`` made), 0.3 s of a 57 k-word report's
    135 k runs. The runs escape their own text (``Run``)."""
    return Markup(" ".join([run.__html__() for run in runs]))


def _lines(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    a, b = min(t.line for t in tokens), max(t.line for t in tokens)
    return f"l. {a}" if a == b else f"l. {a}\u2013{b}"
