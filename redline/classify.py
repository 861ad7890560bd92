"""Alignment + layers → edits, each named for the rule that fired.

The draft holds two texts at once (see DESIGN.md, "three states"): the typed
draft (typed + struck) and the amended draft (typed + inserted + hand). Edits
visible on the page have stage ``draft``, and ``carried`` says whether the
despatch confirmed them; differences the page does not show have stage
``despatch``. One small pure function per rule, in ``RULES``: each takes a run
of draft tokens (all of one layer, all matched or all unmatched) and returns the
edit's fields, or None when it does not apply.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from itertools import accumulate
from typing import Callable, Iterator, Sequence

from .model import Alignment, Edit, Link, Span, Token, Witness


@dataclass(frozen=True, slots=True)
class Run:
    """Consecutive draft tokens of one layer, all matched (``linked``) or all unmatched."""

    tokens: Sequence[Token]
    linked: bool
    relation: str | None
    """equal, variant, moved, or None when unmatched."""

    @property
    def layer(self) -> str:
        return self.tokens[0].layer


@dataclass(frozen=True, slots=True)
class Verdict:
    kind: str
    stage: str
    carried: bool | None
    evidence: str


def struck_on_page(r: Run) -> Verdict | None:
    """Struck through on the draft and absent from the despatch: the strike was carried."""
    if r.layer == "struck" and not r.linked:
        return Verdict("struck", "draft", True, "marked")
    return None


def struck_restored(r: Run) -> Verdict | None:
    """Struck through on the draft, yet the despatch has the words: restored at despatch."""
    if r.layer == "struck" and r.linked:
        return Verdict("struck", "draft", False, "marked")
    return None


def dropped_at_despatch(r: Run) -> Verdict | None:
    """Typed text with no mark on the page that the despatch leaves out."""
    if r.layer == "typed" and not r.linked:
        return Verdict("struck", "despatch", None, "unmarked")
    return None


def insertion_carried(r: Run) -> Verdict | None:
    """Written above the line on the draft, and sent."""
    if r.layer == "inserted" and r.linked:
        return Verdict("inserted", "draft", True, "marked")
    return None


def insertion_dropped(r: Run) -> Verdict | None:
    """Written above the line on the draft, but not sent."""
    if r.layer == "inserted" and not r.linked:
        return Verdict("inserted", "draft", False, "marked")
    return None


def hand_carried(r: Run) -> Verdict | None:
    """Manuscript text on the draft (not above a line) that the despatch carries."""
    if r.layer == "hand" and r.linked:
        return Verdict("handwritten", "draft", True, "inferred" if r.tokens[0].inferred else "marked")
    return None


def hand_dropped(r: Run) -> Verdict | None:
    """Manuscript text on the draft that the despatch leaves out."""
    if r.layer == "hand" and not r.linked:
        return Verdict("handwritten", "draft", False, "inferred" if r.tokens[0].inferred else "marked")
    return None


RULES: dict[str, Callable[[Run], Verdict | None]] = {
    "struck-on-page": struck_on_page,
    "struck-restored": struck_restored,
    "dropped-at-despatch": dropped_at_despatch,
    "insertion-carried": insertion_carried,
    "insertion-dropped": insertion_dropped,
    "hand-carried": hand_carried,
    "hand-dropped": hand_dropped,
}


def span(witness: Witness, idx: Sequence[int]) -> Span | None:
    """The span of the given token indices (in witness order), or None if there are none."""
    return _span(witness, idx)[0]


def _span(witness: Witness, idx: Sequence[int]) -> tuple[Span | None, list[Token]]:
    """``span`` and its tokens in order (``classify.make`` reads their layers and keys too)."""
    if not idx:
        return None, []
    tokens = witness.tokens
    toks = [tokens[i] for i in sorted(idx)]
    first, last = toks[0], toks[-1]
    # ``display`` is the text itself for a printable word, and the joined texts are printable
    # exactly when every word is: only a span with a line break or a control character in it
    # (a word hyphenated across lines) needs each word's ``display``.
    text = " ".join([t.text for t in toks])
    if not text.isprintable():
        text = " ".join([t.display for t in toks])
    return Span(tuple([t.i for t in toks]), text, first.start, last.end, first.line, first.col), toks


def edit_id(kind: str, sides: str, context: str = "", occurrence: int = 0) -> str:
    """A stable identifier from what the edit says, not where it sits in the file.

    It hashes the edit's kind, the comparison keys of its words on both sides
    (``sides``: draft keys, ``|``, final keys), the two words that lead up to it
    (``context``) and, for identical edits with the same context, which occurrence
    it is. Run order, output format, labels, and changes elsewhere in either text
    (even ones that shift every offset after them) leave it alone, so a footnote
    citing ``E3f9a2c`` still finds its edit.

    >>> edit_id("struck", "can no longer delay|-", "reach we") == edit_id("struck", "can no longer delay|-", "reach we")
    True
    """
    return "E" + hashlib.sha1(f"{kind}|{sides}|{context}|{occurrence}".encode()).hexdigest()[:6]


def moved_apart(t: Token, link: Link | None) -> bool:
    """Does this word count as moved on its own? A word written on the draft that the despatch
    merely reorders within the same stretch (``very soon a decision`` / ``A DECISION VERY SOON``)
    stays part of its page edit: the historian's change is the insertion, carried."""
    if link is None or link.relation != "moved":
        return False
    return not (link.rule == "transposed" and t.layer in ("inserted", "hand"))


class _LeadIn:
    """The keys of the ``n`` words (not furniture) before a span: what tells apart two identical edits."""

    def __init__(self, w: Witness, n: int = 2) -> None:
        self.n = n
        self.keys = [t.key for t in w.tokens if not t.furniture]
        # position among content words of each token (furniture: the next word's)
        self.pos: dict[int, int] = dict(zip([t.i for t in w.tokens], accumulate([not t.furniture for t in w.tokens], initial=0)))

    def __call__(self, s: Span | None) -> str:
        if s is None:
            return ""
        at = self.pos[s.tokens[0]]
        return " ".join(self.keys[max(0, at - self.n) : at])


def _state(t: Token, link: Link | None) -> tuple:
    """What must stay the same along a run: layer, how it is known, paragraph, matched, moved."""
    return (t.layer, t.inferred, t.para, link is None, moved_apart(t, link))


def _runs(witness: Witness, idx: Sequence[int], dmap: dict[int, Link]) -> Iterator[Run]:
    """Split the tokens at ``idx`` (furniture skipped) into runs of one ``_state``.

    Each token's state is worked out once (``_state`` inlined: it runs for every word
    of the draft) and kept for the comparison with the next.
    """
    cur: list[Token] = []
    state = None
    tokens = witness.tokens
    for i in idx:
        t = tokens[i]
        if t.furniture:
            continue
        link = dmap.get(i)
        if link is None:
            now = (t.layer, t.inferred, t.para, True, False)
        else:
            now = (t.layer, t.inferred, t.para, False, link.relation == "moved" and moved_apart(t, link))
        if cur and state != now:
            yield Run(tuple(cur), dmap.get(cur[-1].i) is not None, None)
            cur = []
        cur.append(t)
        state = now
    if cur:
        yield Run(tuple(cur), dmap.get(cur[-1].i) is not None, None)


def _merge_substitutions(items: list[Edit | None], make) -> list[Edit]:
    """Join a strike and the insertion right after it (no matched word between) into one substitution.

    ``None`` items are barriers: matched words, across which nothing is joined.
    """
    out: list[Edit] = []
    prev: Edit | None = None
    for item in items:
        if item is None:
            prev = None
            continue
        pair = (prev.rule, item.rule) if prev else None
        if pair in (("struck-on-page", "insertion-carried"), ("struck-on-page", "insertion-dropped")):
            out.pop()
            assert prev is not None and prev.draft and item.draft
            item = make("substituted", "draft", item.carried, "marked", "struck-and-replaced",
                        (*prev.draft.tokens, *item.draft.tokens), item.final.tokens if item.final else ())
        elif pair == ("dropped-at-despatch", "added-at-despatch"):
            out.pop()
            assert prev is not None and prev.draft and item.final
            item = make("substituted", "despatch", None, "unmarked", "replaced-at-despatch",
                        prev.draft.tokens, item.final.tokens)
        out.append(item)
        prev = item
    return out


def classify(draft: Witness, final: Witness, alignment: Alignment, dmap: dict[int, Link] | None = None) -> tuple[Edit, ...]:
    """Every edit, in reading order.

    ``dmap`` is ``alignment.draft_map()`` when the caller already has it (it is not built twice).
    """
    if dmap is None:
        dmap = alignment.draft_map()
    fmap = alignment.final_map()
    # The despatched words of each draft word, in link order: one link a word, but for a
    # split word (two links), whose words are kept apart; the rest are read off ``dmap``.
    split: dict[int, list[int]] = {}
    if len(dmap) < len(alignment.links):
        for link in alignment.links:
            split.setdefault(link.draft, []).append(link.final)

    def finals_of(i: int) -> list[int]:
        return split[i] if i in split else [dmap[i].final]

    def linked_finals(tokens) -> list[int]:
        """The despatched words matched to these draft words (a split word has two)."""
        ids = [t.i for t in tokens if t.i in dmap]
        if split:
            return sorted({y for i in ids for y in finals_of(i)})
        return sorted({dmap[i].final for i in ids})

    seen: dict[str, int] = {}
    lead_in_draft, lead_in_final = _LeadIn(draft), _LeadIn(final)
    # each paragraph's first line (words only); backwards, so the first word's line is the one kept
    first_line: dict[int, int] = {t.para: t.line for t in reversed(draft.tokens) if not t.furniture}

    def make(kind, stage, carried, evidence, rule, d_idx=(), f_idx=(), detail=None) -> Edit:
        (ds, toks), (fs, ftoks) = _span(draft, d_idx), _span(final, f_idx)
        hand = None
        detail = dict(detail or {})
        if ds:
            if any(t.layer in ("hand", "inserted") for t in toks):
                hand = "inferred" if any(t.inferred for t in toks) else "marked"
            if hand == "inferred":
                # Why the hand was inferred: the reasons recorded for the paragraph(s) it stands in.
                paras = {t.para for t in toks if t.inferred}
                reasons = {draft.hands.get(f"line {first_line[p]}") for p in paras}
                detail["hand_reasons"] = ", ".join(sorted(r for r in reasons if r))
        context = lead_in_draft(ds) if ds else lead_in_final(fs)
        sides = f"{' '.join([t.key for t in toks]) if ds else '-'}|{' '.join([t.key for t in ftoks]) if fs else '-'}"
        base = edit_id(kind, sides, context)
        seen[base] = seen.get(base, -1) + 1
        eid = base if seen[base] == 0 else edit_id(kind, sides, context, seen[base])
        return Edit(eid, kind, stage, carried, evidence, rule, ds, fs, hand, detail)

    # Page runs are found over the whole draft, so a manuscript line split by a
    # variant or a move is still one edit; each is reported where its first word falls.
    runs_at: dict[int, Run] = {}
    content = [t.i for t in draft.tokens if not t.furniture]
    for run in _runs(draft, content, dmap):
        runs_at[run.tokens[0].i] = run
    items: list[Edit | None] = []
    moved_done: set[int] = set()
    # Only a variant link or the first word of a run makes an edit: the other words of an op are passed over.
    starts = {i for i, link in dmap.items() if link.relation == "variant"} | runs_at.keys()
    for op in alignment.ops:
        if op.op == "furniture":
            continue
        if op.op == "insert":
            fresh = [i for i in op.final if i not in fmap]
            if fresh:
                items.append(make("inserted", "despatch", None, "unmarked", "added-at-despatch", (), fresh))
            continue
        for i in [i for i in op.draft if i in starts]:
            link = dmap.get(i)
            if link and link.relation == "variant":
                d = draft.tokens[i]
                evidence = {"score": link.score, "layer": d.layer, "inferred": d.inferred,
                            "lengths": [len(d.key), *(len(final.tokens[y].key) for y in finals_of(i))]}
                items.append(make("variant", "despatch", None, link.rule, link.rule, (i,), finals_of(i), evidence))
            run = runs_at.get(i)
            if run is None:
                continue
            # moved_apart is part of a run's state, so one word tells for the whole run
            moved = [t.i for t in run.tokens if t.i not in moved_done] if moved_apart(run.tokens[0], dmap.get(i)) else []
            if moved:
                moved_done.update(moved)
                also = [name for name, rule in RULES.items() if rule(run)]
                items.append(make("moved", "despatch", None, "unmarked", "move", moved,
                                  linked_finals(draft.tokens[j] for j in moved),
                                  {"layer": run.layer, "page_rule": also[0] if also else None}))
                if len(moved) == len(run.tokens):
                    continue
            for name, rule in RULES.items():
                v = rule(run)
                if v is not None:
                    f_idx = linked_finals(run.tokens)
                    items.append(make(v.kind, v.stage, v.carried, v.evidence, name, [t.i for t in run.tokens], f_idx))
                    break
        if op.op in ("equal", "variant"):
            items.append(None)
    return tuple(_merge_substitutions(items, make))
