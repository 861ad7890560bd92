"""HTML report layout: a ``Comparison`` as the plain data the templates draw (stream, regions, inline events, rows).

The *stream* puts every token of both witnesses once in reading order; each edit
becomes one or more *regions* over it, nested so that no two cross. From these
come the inline view (a flat list of open, close, run, line-number and break
events, one ``data-edit`` element per edit and ``data-twin`` elements for its
other places) and the aligned rows of the side-by-side and three-state views.
``html.render`` puts this data into the templates.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Any

from ..model import Comparison, Edit, Token
from ..variants import READINGS

MAX_GAP = 4
"""Tokens of one edit separated by more than this many other tokens are shown as two places."""

# Outer kinds wrap inner ones when two edits cover the same tokens.
_RANK = {"moved": 0, "substituted": 1, "handwritten": 2, "struck": 3, "inserted": 4, "variant": 5}


@dataclass(slots=True)
class Item:
    """One step of the reading-order stream: a draft token, a final token, or an aligned pair."""

    d: int | None
    f: int | None
    op: str


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
        return (self.a, -self.b, 0 if self.primary else 1, _RANK.get(self.edit.kind, 9))

    def __lt__(self, other: "Region") -> bool:
        return self.key() < other.key()


# --- the stream ------------------------------------------------------------------------------------

def stream(c: Comparison) -> list[Item]:
    """Every token of both witnesses once, in the merged reading order of ``alignment.ops``."""
    items: list[Item] = []
    for op in c.alignment.ops:
        if op.op in ("equal", "variant"):
            items += [Item(d, f, op.op) for d, f in zip_longest(op.draft, op.final)]
        else:
            items += [Item(d, None, op.op) for d in op.draft]
            items += [Item(None, f, op.op) for f in op.final]
    for side, n in (("d", len(c.draft.tokens)), ("f", len(c.final.tokens))):
        seen = {getattr(it, side) for it in items}
        for i in range(n):
            if i in seen:
                continue
            # A token the ops leave out goes after its predecessor on the same side.
            at = max((k for k, it in enumerate(items) if (getattr(it, side) or -1) < i and getattr(it, side) is not None), default=-1)
            items.insert(at + 1, Item(i, None, "orphan") if side == "d" else Item(None, i, "orphan"))
    return items


def _clusters(positions: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for k in sorted(set(positions)):
        if out and k - out[-1][-1] <= MAX_GAP + 1:
            out[-1].append(k)
        else:
            out.append([k])
    return out


def regions(c: Comparison, items: list[Item]) -> list[Region]:
    """Each edit's places in the stream, nested so that no two regions cross."""
    pos_d = {it.d: k for k, it in enumerate(items) if it.d is not None}
    pos_f = {it.f: k for k, it in enumerate(items) if it.f is not None}
    heap: list[Region] = []
    for e in c.edits:
        dk = [pos_d[i] for i in (e.draft.tokens if e.draft else ()) if i in pos_d]
        fk = [pos_f[j] for j in (e.final.tokens if e.final else ()) if j in pos_f]
        if e.kind == "moved":
            primary = _clusters(fk) or _clusters(dk)
            fset = set(fk)
            rest = _clusters([k for k in dk if k not in fset]) if fk else []
            groups = [(g, n == 0) for n, g in enumerate(primary)] + [(g, False) for g in rest]
        else:
            cl = _clusters(dk + fk)
            fset = set(fk)
            first = next((n for n, g in enumerate(cl) if fset.intersection(g)), 0)
            groups = [(g, n == first) for n, g in enumerate(cl)]
        for g, is_primary in groups:
            side = "f" if fset.intersection(g) else "d"
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

def describe(e: Edit) -> str:
    """A short phrase for an edit: what a reader sees, and what became of it."""
    hand = {"marked": " (hand marked in the transcription)", "inferred": " (hand inferred, not marked)"}.get(e.hand or "", "")
    if e.kind == "struck":
        if e.stage == "despatch":
            return "left out at despatch, with no mark on the draft"
        return "struck on the draft" + ("" if e.carried is not False else ", but kept in the despatch")
    if e.kind == "inserted":
        if e.stage == "despatch":
            return "added at despatch"
        return "inserted above the line on the draft" + hand + ("" if e.carried is not False else ", but not despatched")
    if e.kind == "handwritten":
        return "handwritten on the draft" + hand + (", and despatched" if e.carried else ", but not despatched" if e.carried is False else "")
    if e.kind == "substituted":
        return "replaced on the draft" + hand if e.stage == "draft" else "replaced at despatch"
    if e.kind == "moved":
        return "moved to another place in the despatch"
    if e.kind == "variant":
        return f"read differently: {READINGS.get(e.evidence, e.evidence)}"
    return e.kind


# --- token runs --------------------------------------------------------------------------------------

def _draft_cls(t: Token, matched: bool) -> tuple[str, str]:
    """(tag, class) for a draft token in the inline view or the draft column."""
    if t.furniture:
        return "span", "furn"
    hand = f"hand {'inferred' if t.inferred else 'marked'}"
    if t.layer == "struck":
        return ("del", "struck") if not matched else ("span", "restored")
    if t.layer == "hand":
        return ("span", hand) if matched else ("del", f"{hand} dropped")
    if t.layer == "inserted":
        return ("span", "above") if matched else ("del", "above dropped")
    return ("span", "same") if matched else ("del", "dropped")


class _Runs:
    """Groups consecutive tokens with the same look into one element."""

    def __init__(self, out: list[dict[str, Any]]):
        self.out, self.cur = out, None

    def add(self, tag: str, cls: str, text: str, title: str | None = None) -> None:
        if self.cur and self.cur["tag"] == tag and self.cur["cls"] == cls and self.cur.get("title") == title:
            self.cur["text"] += " " + text
            return
        self.cur = {"t": "run", "tag": tag, "cls": cls, "text": text, "title": title}
        self.out.append(self.cur)

    def cut(self) -> None:
        self.cur = None


def inline(c: Comparison, items: list[Item], regs: list[Region], numbers: dict[str, int]) -> list[dict[str, Any]]:
    """The inline redline as a flat list of events: open, close, run, line-number and break markers."""
    D, F = c.draft.tokens, c.final.tokens
    dmap, fmap = c.alignment.draft_map(), c.alignment.final_map()
    starts: dict[int, list[Region]] = {}
    for r in regs:
        starts.setdefault(r.a, []).append(r)
    twins = {r.edit.id: r for r in regs if r.part == 1}
    out: list[dict[str, Any]] = [{"t": "p"}]
    runs = _Runs(out)
    stack: list[Region] = []
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
        if dt is not None and dt.line != last_line:
            pending_line, last_line = dt.line, dt.line
        if pending_line is not None and not any(s.edit.kind == "variant" for s in stack):
            runs.cut()
            out.append({"t": "ln", "line": pending_line})
            pending_line = None
        if ft is not None and (dt is None or dt.furniture or ft.furniture):
            if dt is not None:  # furniture on both sides: the draft's first, then the despatch's
                tag, cls = _draft_cls(dt, False)
                runs.add(tag, cls, dt.display, f"draft page furniture: {dt.furniture}")
            flink = fmap.get(ft.i)
            if ft.furniture:
                runs.add("span", "furn", ft.display, f"page furniture: {ft.furniture}")
            elif flink is None:
                runs.add("ins", "added", ft.display)
            elif flink.relation == "moved":
                runs.add("span", "here", ft.display)
            else:  # a word the draft has as part of another (split or joined words)
                runs.add(*_draft_cls(D[flink.draft], True), ft.display)
        elif dt is not None and ft is not None:
            tag, cls = _draft_cls(dt, True)
            runs.add(tag, cls, ft.display)
        elif dt is not None:
            link = dmap.get(dt.i)
            tag, cls = _draft_cls(dt, False)
            if link is not None and link.relation == "moved":
                cls += " away"
            runs.add(tag, cls, dt.display, f"draft page furniture: {dt.furniture}" if dt.furniture else None)
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
            out += [{"t": "p"}, _open(r, {}, numbers), {"t": "run", "tag": "span", "cls": "same", "text": text, "title": None},
                    _close(r, c, numbers)]
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
    label = f"Edit {numbers[e.id]}, {e.kind}: {describe(e)}"
    if r.primary:
        attrs = {"class": " ".join(cls), "id": f"edit-{e.id}", "data-edit": e.id, "data-kind": e.kind,
                 "tabindex": "0" if e.kind == "variant" else "-1", "title": label}
        if e.kind == "variant":  # the tooltip says it; a native title would cover it
            attrs["aria-describedby"] = f"tip-{e.id}"
            attrs["aria-label"] = attrs.pop("title")
        if e.id in twins:
            attrs["data-goto"] = f"twin-{e.id}"
    else:
        cls[0] = "twin"
        attrs = {"class": " ".join(cls), "id": _twin_id(r), "data-twin": e.id, "data-kind": e.kind,
                 "data-goto": f"edit-{e.id}", "tabindex": "-1", "title": f"Other place of edit {numbers[e.id]} ({e.kind})"}
    lead = None
    if e.kind == "moved":
        if r.primary and e.draft:
            lead = (f"#twin-{e.id}", f"moved here from draft l. {e.draft.line}") if e.id in twins else None
        elif not r.primary and r.side == "d" and e.final:
            lead = (f"#edit-{e.id}", f"moved in the despatch to l. {e.final.line}")
    return {"t": "open", "attrs": attrs, "lead": lead}


def _close(r: Region, c: Comparison, numbers: dict[str, int]) -> dict[str, Any]:
    e = r.edit
    tip = None
    if r.primary and e.kind == "variant" and e.draft:
        tip = f"draft reads \u201c{' '.join(c.draft.tokens[i].display for i in e.draft.tokens)}\u201d ({e.evidence})"
    sr = f"edit {numbers[e.id]}, {e.kind}: {describe(e)}" if r.primary else f"other place of edit {numbers[e.id]}"
    return {"t": "close", "id": e.id, "n": numbers[e.id], "primary": r.primary, "tip": tip, "sr": sr}


# --- rows for the side-by-side and three-state views ----------------------------------------------

def rows(c: Comparison, items: list[Item]) -> list[dict[str, Any]]:
    """Aligned rows: a new row wherever either side starts a new paragraph."""
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
        draft, typed, amended, final = [], [], [], []
        rd, rt, ra, rf = _Runs(draft), _Runs(typed), _Runs(amended), _Runs(final)
        for i in ds:
            t = D[i]
            link = dmap.get(i)
            tag, cls = _draft_cls(t, link is not None)
            title = None
            if link is not None and link.relation == "moved":
                cls += " moved"
                title = f"moved: the despatch has these words at l. {F[link.final].line}"
            elif link is not None and link.relation == "variant":
                cls += " variant"
                title = f"despatch reads \u201c{F[link.final].display}\u201d"
            elif t.furniture:
                title = f"page furniture: {t.furniture}"
            rd.add(tag, cls, t.display, title)
            if t.furniture:
                rt.add("span", "furn", t.display, title)
                ra.add("span", "furn", t.display, title)
                continue
            if t.layer in ("typed", "struck"):
                rt.add("del" if t.layer == "struck" else "span", "struck" if t.layer == "struck" else "same", t.display)
            if t.layer in ("typed", "inserted", "hand"):
                if t.layer == "typed":
                    ra.add("span", "same", t.display)
                else:
                    ra.add("ins", "above" if t.layer == "inserted" else f"hand {'inferred' if t.inferred else 'marked'}", t.display)
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
            rf.add(tag, cls, t.display, title)
        out.append({
            "dlines": _lines([D[i] for i in ds]), "flines": _lines([F[j] for j in fs]),
            "draft": draft, "typed": typed, "amended": amended, "final": final,
        })
    return out


def _lines(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    a, b = min(t.line for t in tokens), max(t.line for t in tokens)
    return f"l. {a}" if a == b else f"l. {a}\u2013{b}"
