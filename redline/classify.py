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

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import compress, groupby, pairwise
from typing import Callable, Sequence

from .furniture import content
from .model import Alignment, Edit, Kind, Link, Span, Stage, Token, Witness, gapped, maker
from .structure import breaks
from .variants import OCR_CONFUSION, named_confusions


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


_new_run = maker(Run)


@dataclass(frozen=True, slots=True)
class Verdict:
    kind: str
    stage: str
    carried: bool | None
    evidence: str


# A rule's verdicts are values: each is made once, not once a run.
_STRUCK_CARRIED = Verdict("struck", "draft", True, "marked")
_STRUCK_RESTORED = Verdict("struck", "draft", False, "marked")
_DROPPED = Verdict("struck", "despatch", None, "unmarked")
_INSERTION_CARRIED = Verdict("inserted", "draft", True, "marked")
_INSERTION_DROPPED = Verdict("inserted", "draft", False, "marked")
_HAND_CARRIED = {inferred: Verdict("handwritten", "draft", True, "inferred" if inferred else "marked") for inferred in (False, True)}
_HAND_DROPPED = {inferred: Verdict("handwritten", "draft", False, "inferred" if inferred else "marked") for inferred in (False, True)}


def struck_on_page(r: Run) -> Verdict | None:
    """Struck through on the draft and absent from the despatch: the strike was carried."""
    if r.layer == "struck" and not r.linked:
        return _STRUCK_CARRIED
    return None


def struck_restored(r: Run) -> Verdict | None:
    """Struck through on the draft, yet the despatch has the words: restored at despatch."""
    if r.layer == "struck" and r.linked:
        return _STRUCK_RESTORED
    return None


def dropped_at_despatch(r: Run) -> Verdict | None:
    """Typed text with no mark on the page that the despatch leaves out."""
    if r.layer == "typed" and not r.linked:
        return _DROPPED
    return None


def insertion_carried(r: Run) -> Verdict | None:
    """Written above the line on the draft, and sent."""
    if r.layer == "inserted" and r.linked:
        return _INSERTION_CARRIED
    return None


def insertion_dropped(r: Run) -> Verdict | None:
    """Written above the line on the draft, but not sent."""
    if r.layer == "inserted" and not r.linked:
        return _INSERTION_DROPPED
    return None


def hand_carried(r: Run) -> Verdict | None:
    """Manuscript text on the draft (not above a line) that the despatch carries."""
    if r.layer == "hand" and r.linked:
        return _HAND_CARRIED[r.tokens[0].inferred]
    return None


def hand_dropped(r: Run) -> Verdict | None:
    """Manuscript text on the draft that the despatch leaves out."""
    if r.layer == "hand" and not r.linked:
        return _HAND_DROPPED[r.tokens[0].inferred]
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
"""The page rules, in the order they are tried; the first verdict wins.

Each decides by what a run holds the same for all its words (see ``_runs``): its layer,
whether it is matched, and whether its hand is inferred. So a run's rule is worked out
once for each such ``_case`` (``_page_rule``), not by calling every rule for every run.
"""


PARAGRAPH_RULES = {"split": "paragraph-split", "join": "paragraph-joined"}
"""The rules of a ``paragraph`` edit (``structure.breaks``), by its change: the despatch breaks a
paragraph where the draft runs on (``split``), or runs on where the draft breaks (``join``)."""


def _case(run: Run) -> tuple[str, bool, bool]:
    """What the page rules decide by: the run's layer, matched or not, hand inferred or not."""
    first = run.tokens[0]
    return first.layer, run.linked, first.inferred


def _page_rule(run: Run, known: dict) -> tuple[str, Verdict] | None:
    """The first page rule that fires on ``run`` and its verdict, or None; ``known`` remembers each ``_case``."""
    case = _case(run)
    if case not in known:
        known[case] = next(((name, v) for name, rule in RULES.items() if (v := rule(run)) is not None), None)
    return known[case]


def _span(tokens: Sequence[Token], idx: Sequence[int]) -> tuple[Span | None, str, Sequence[Token]]:
    """The span of the token indices ``idx`` of a witness's ``tokens``, its words' keys joined by
    spaces, and its tokens: a witness's words read edit by edit.

    An edit's words are nearly always consecutive: ``idx`` given as a ``range`` (see ``_stretch``)
    is taken as one slice of the witness (in C), and the texts and keys are read off that slice;
    any other is sorted and read index by index. Columns of every word's text, key, layer and
    paragraph, built once for the whole witness, cost a comprehension a column over all 300 k
    words (about 20 ms at darwin150k), for the few thousand words that stand in edits; read edit
    by edit, a word is read only if an edit holds it, and at most once or twice.
    """
    if not idx:
        return None, "-", ()
    if len(idx) == 1:  # half the spans at dec88x276: the word's own text and key, nothing joined
        t = tokens[idx[0]]
        return _new_span(tuple(idx), t.display, t.start, t.end, t.line, t.col), t.key, (t,)
    if type(idx) is range:
        at: Sequence[int] = idx
        words: Sequence[Token] = tokens[idx.start : idx.stop]
        text = " ".join([t.text for t in words])
    else:
        at = sorted(idx)
        words = [tokens[i] for i in at]
        text = " ".join(gapped([t.text for t in words], at, tokens))
    keys = " ".join([t.key for t in words])
    # ``display`` is the text itself for a printable word, and the joined texts are printable
    # exactly when every word is: only a span with a line break or a control character in it
    # (a word hyphenated across lines) needs each word's ``display``.
    if not text.isprintable():
        text = " ".join(gapped([t.display for t in words], at, tokens))
    first, last = words[0], words[-1]
    return _new_span(tuple(at), text, first.start, last.end, first.line, first.col), keys, words


def _stretch(idx: list[int]) -> Sequence[int]:
    """Strictly increasing indices as a ``range`` when they leave no gap (so ``_span`` slices), else as given."""
    return range(idx[0], idx[-1] + 1) if idx and idx[-1] - idx[0] + 1 == len(idx) else idx


_new_span, _new_edit = maker(Span), maker(Edit)  # an edit makes two spans and an ``Edit``: see ``model.maker``
_KIND, _STAGE = {k.value: k for k in Kind}, {s.value: s for s in Stage}
"""``Kind(kind)`` and ``Stage(stage)`` as a dictionary's look-up: an enum's call runs in Python, twice an edit."""


# CPython's own SHA-1 module, as ``random`` takes ``_sha512``: importing hashlib loads OpenSSL (``_hashlib``),
# 2.7 ms of every comparison's start-up for a six-digit identifier. The digests are the same.
try:
    from _sha1 import sha1 as _sha1  # type: ignore[import-not-found]  # no stub in typeshed
except ImportError:  # a Python built without it
    from hashlib import sha1 as _sha1


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
    return "E" + _sha1(f"{kind}|{sides}|{context}|{occurrence}".encode()).hexdigest()[:6]


def moved_apart(t: Token, link: Link | None) -> bool:
    """Does this word count as moved on its own? A word written on the draft that the despatch
    merely reorders within the same stretch (``very soon a decision`` / ``A DECISION VERY SOON``)
    stays part of its page edit: the historian's change is the insertion, carried."""
    if link is None or link.relation != "moved":
        return False
    return not (link.rule == "transposed" and t.layer in ("inserted", "hand"))


def _lead_in(tokens: Sequence[Token], k: int) -> str:
    """The keys of the two words (not furniture) before token ``k``: what tells apart two identical edits.

    Read by stepping back from ``k``, not from a table over every token: an edit asks for two
    words, and the furniture between two words is stepped over only by the edits that start right
    after it. Nearly always the two tokens before ``k`` are words, and are read as such.
    """
    if k > 1:
        a, b = tokens[k - 2], tokens[k - 1]
        if not a.furniture and not b.furniture:
            return f"{a.key} {b.key}"
    keys: list[str] = []
    while k > 0 and len(keys) < 2:
        k -= 1
        if not tokens[k].furniture:
            keys.append(tokens[k].key)
    return " ".join(reversed(keys))


def _indices(run: Run) -> Sequence[int]:
    """The run's token indices: a ``range`` when no furniture falls inside it, as almost always."""
    first, last = run.tokens[0].i, run.tokens[-1].i
    return range(first, last + 1) if last - first + 1 == len(run.tokens) else [t.i for t in run.tokens]


def _runs(content: Sequence[Token], dmap: dict[int, Link]) -> list[Run]:
    """Split the words ``content`` (the draft's tokens that are not furniture, in order) into runs of
    one state: what must stay the same along a run (layer, how it is known, paragraph, unmatched,
    moved apart).

    Each word's state is worked out once, inline (it runs for every word of the draft), and
    compared part by part with the run's (no tuple a word: 34 -> 30 ms at dec88x276's 130 k
    words, 30 -> 26 ms at darwin150k); a run is cut out of ``content`` as one slice when the
    state changes, not gathered word by word.
    """
    out: list[Run] = []
    get = dmap.get
    start = 0
    layer = inferred = para = linked = moved = None
    for k, t in enumerate(content):
        link = get(t.i)
        if link is None:
            now_linked, now_moved = False, False
        else:
            now_linked, now_moved = True, link.relation == "moved" and moved_apart(t, link)
        if t.para != para or now_linked is not linked or now_moved is not moved or t.layer != layer or t.inferred != inferred:
            if k:
                out.append(_new_run(tuple(content[start:k]), linked, None))
            start, layer, inferred, para, linked, moved = k, t.layer, t.inferred, t.para, now_linked, now_moved
    if content:
        out.append(_new_run(tuple(content[start:]), linked, None))
    return out


def _struck_finals(final: Witness) -> set[int]:
    """The despatched text's words that are struck through on it (not furniture): none, nearly always.

    Evidence: a word struck on the despatched copy is not part of the text as sent (DESIGN.md:
    the despatched text is "the version that was sent"; a strike removes a word from the text
    it stands in). So it is no partner for a draft word: a draft's ``~~£10~~`` against a copy that
    strikes it too is a strike the despatch confirms (carried), never one it *restores*; and such
    a word is never a word the despatch *added*. Read off the layers the transcription marks,
    so a text with no marks (a telegram, a printed book) is never touched.

    The layers are read as one column and looked through in C (about 4 ms at 130 k words); only a
    despatched text with a struck word is read again word by word.
    """
    if "struck" not in [t.layer for t in final.tokens]:
        return set()
    return {t.i for t in final.tokens if t.layer == "struck" and not t.furniture}


def _without_struck_finals(links: Sequence[Link], struck: set[int]) -> tuple[dict[int, Link], list[Link]]:
    """The draft map and ``links`` without the links to despatched words in ``struck`` (``_struck_finals``).

    A draft word whose first link went there keeps its next link (a split word), else it counts
    as unmatched: the page rules then read it as the despatch leaving it out.
    """
    kept = [link for link in links if link.final not in struck]
    out: dict[int, Link] = {}
    for link in kept:  # the first link of each draft word, in the alignment's order, as ``draft_map`` keeps it
        out.setdefault(link.draft, link)
    return out, kept


def _merge_substitutions(items: list[Edit | None], make) -> list[Edit]:
    """Join a strike and the insertion right after it (no matched word between) into one substitution.

    ``None`` items are barriers: matched words, across which nothing is joined.
    """
    out: list[Edit] = []
    prev: Edit | None = None
    at = -1  # where ``prev`` stands in ``out``: a paragraph edit may stand after it
    for item in items:
        if item is None:
            prev = None
            continue
        if item.kind == "paragraph":  # a break between two matched words: it neither joins nor parts the edits around it
            out.append(item)
            continue
        pair = (prev.rule, item.rule) if prev else None
        if pair in (("struck-on-page", "insertion-carried"), ("struck-on-page", "insertion-dropped")):
            del out[at]
            assert prev is not None and prev.draft and item.draft
            item = make("substituted", "draft", item.carried, "marked", "struck-and-replaced",
                        (*prev.draft.tokens, *item.draft.tokens), item.final.tokens if item.final else ())
        elif pair == ("dropped-at-despatch", "added-at-despatch"):
            del out[at]
            assert prev is not None and prev.draft and item.final
            item = make("substituted", "despatch", None, "unmarked", "replaced-at-despatch",
                        prev.draft.tokens, item.final.tokens)
        at = len(out)
        out.append(item)
        prev = item
    return out


def _paragraph_by_paragraph(items: list[Edit | None], d_tokens: Sequence[Token], f_tokens: Sequence[Token],
                            make) -> list[Edit | None]:
    """Drops of draft paragraphs followed by an addition whose words stand in two or more despatched
    paragraphs (nothing between), with the addition cut at its paragraphs and each part put after the
    drop of its own paragraph, so that ``_merge_substitutions`` makes one substitution a paragraph.

    Evidence: both sides break their paragraphs inside the same gap between matched words, so the k-th
    of the last drops stands where the k-th paragraph of the addition does. ``Chapter IX. ¶ Three
    things`` / ``Chapter X. ¶ Four things`` is *IX.* → *X.* and *Three* → *Four*, not *IX.* dropped and
    *Three* → *X. Four*. When the drops are more than the addition's paragraphs, the last of them (as many
    as its paragraphs, each of a later paragraph than the one before) meet its parts and the earlier stay
    drops; when they are fewer, all are left as they come (the last drop meets the addition), and so
    are drops within one paragraph (a typed and a manuscript run), whose order says nothing of the
    addition's paragraphs. Each run of drops is read once: trying each of its starts in turn was
    quadratic (16 s of 18 for a draft of 8 000 paragraphs against a despatch of two)."""
    out: list[Edit | None] = []
    k, n = 0, len(items)
    while k < n:
        end = k
        while end < n and (e := items[end]) is not None and e.rule == "dropped-at-despatch":
            end += 1
        if end == k:  # no drop here
            out.append(items[k])
            k += 1
            continue
        add = items[end] if end < n else None
        if add is not None and add.rule == "added-at-despatch" and add.final is not None:
            parts = [list(g) for _, g in groupby(sorted(add.final.tokens), lambda i: f_tokens[i].para)]
            first = end - len(parts)  # the drops that meet the parts, one each: items[first:end]
            paras = [d_tokens[e.draft.tokens[0]].para for e in items[first:end] if e is not None and e.draft is not None]
            if len(parts) >= 2 and first >= k and all(a < b for a, b in pairwise(paras)):
                out += items[k:first]
                for drop, part in zip(items[first:end], parts):
                    out += (drop, make("inserted", "despatch", None, "unmarked", "added-at-despatch", (), part))
                k = end + 1
                continue
        out += items[k:end]
        k = end
    return out


def _join_apart(edits: list[Edit], draft: Witness, final: Witness, alignment: Alignment, make) -> list[Edit]:
    """A strike (or a drop) and the words the despatch has in its place, as one substitution, even
    where the two stand apart in the walk.

    Evidence, all of it visible in the alignment: the despatched words either side of an
    insertion are matched to two draft words, in order, and the draft words between those two
    are exactly the words of one strike or drop. The despatch then reads the insertion where the
    draft had those words: ``until ~~we are sure~~ that`` / ``UNTIL IT IS CLEAR THAT``, even when
    ``until`` and ``that`` were moved, which puts the strike and the insertion far apart in the
    walk (and in the report) and made them two edits, one cited nine lines from its change.
    Nothing is joined across a matched word, so two changes a word apart stay two.
    """
    gone = {e.draft.tokens: k for k, e in enumerate(edits)
            if e.rule in ("struck-on-page", "dropped-at-despatch") and e.draft is not None and e.final is None}
    if not gone:
        return edits
    gone_starts = {ids[0] for ids in gone}
    fmap = alignment.final_map()
    n = len(final.tokens)

    def neighbour(i: int, step: int) -> Link | None:
        i += step
        while 0 <= i < n and final.tokens[i].furniture:
            i += step
        return fmap.get(i) if 0 <= i < n else None

    merged: dict[int, Edit] = {}
    used: set[int] = set()
    for k, e in enumerate(edits):
        if e.rule != "added-at-despatch" or e.final is None:
            continue
        a, b = neighbour(min(e.final.tokens), -1), neighbour(max(e.final.tokens), +1)
        if a is None or b is None or a.draft >= b.draft:
            continue
        # The draft words between must begin where a strike or a drop begins: tested on the first
        # word, before they are all gathered (the two neighbours of a moved insertion can stand
        # thousands of words apart in the draft).
        first = a.draft + 1
        while first < b.draft and draft.tokens[first].furniture:
            first += 1
        if first not in gone_starts:
            continue
        between = tuple(i for i in range(first, b.draft) if not draft.tokens[i].furniture)
        j = gone.get(between)
        if j is None or j in merged:
            continue
        s = edits[j]
        rule = "struck-replaced-at-despatch" if s.rule == "struck-on-page" else "replaced-at-despatch"
        merged[j] = make("substituted", "despatch", None, s.evidence, rule, _stretch(list(s.draft.tokens)), e.final.tokens)
        used.add(k)
    return [merged.get(k, e) for k, e in enumerate(edits) if k not in used]


def classify(draft: Witness, final: Witness, alignment: Alignment, dmap: dict[int, Link] | None = None) -> tuple[Edit, ...]:
    """Every edit, in reading order.

    ``dmap`` is ``alignment.draft_map()`` when the caller already has it (it is not built twice).
    """
    if dmap is None:
        dmap = alignment.draft_map()
    # The linked despatched words: the keys of ``final_map``, which ``structure.breaks`` and
    # ``_join_apart`` ask for too (made once, kept with the alignment), not a set made again.
    linked_final = alignment.final_map()
    struck_final = _struck_finals(final)
    links: Sequence[Link] = alignment.links
    if struck_final:
        dmap, links = _without_struck_finals(links, struck_final)
        linked_final = linked_final.keys() | struck_final  # never reported as added: not sent
    # The despatched words of each draft word, in link order: one link a word, read off ``dmap``,
    # but for a split word (two links), whose words are kept apart in ``split``.
    split: dict[int, list[int]] = {}
    if len(dmap) < len(links):
        # A split word's second link is the one that is not its word's link in ``dmap`` (the
        # first, and the same object: ``dmap`` is the alignment's own ``draft_map``): one test a
        # link, 4-7 ms at 100-150 k links where sorting the links' draft words to find the words
        # that stand twice took 11-16 ms.
        for link in [link for link in links if dmap[link.draft] is not link]:
            split.setdefault(link.draft, [dmap[link.draft].final]).append(link.final)

    split_at = sorted(split)

    def finals_of(i: int) -> list[int]:
        return split[i] if i in split else [dmap[i].final]

    def linked_finals(ids: Sequence[int]) -> Sequence[int]:
        """The despatched words matched to these draft words (all matched; a split word has two), in order."""
        if len(ids) == 1 and ids[0] not in split:
            y = dmap[ids[0]].final
            return range(y, y + 1)
        finals = {dmap[i].final for i in ids}
        if split:  # the few split words between the first and the last, found by bisection
            for i in split_at[bisect_left(split_at, ids[0]) : bisect_right(split_at, ids[-1])]:
                if i in ids:
                    finals.update(split[i])
        return _stretch(sorted(finals))

    seen: dict[str, int] = {}  # base id -> occurrences so far
    base_ids: dict[tuple[str, str, str], str] = {}  # (kind, sides, context) -> its base id
    d_tokens, f_tokens = draft.tokens, final.tokens
    runs = _runs(content(draft), dmap)
    first_line: dict[int, int] = {}  # each paragraph's first line (words only): the line of its first run
    for run in runs:
        first_line.setdefault(run.tokens[0].para, run.tokens[0].line)

    reasons_of: dict[int, str | None] = {}  # paragraph -> why its hand was inferred (``hands`` by its first line)

    def make(kind, stage, carried, evidence, rule, d_idx=(), f_idx=(), detail=None) -> Edit:
        """The edit, its spans read off the witnesses; ``detail`` is a dict made for this edit, or None."""
        (ds, d_keys, d_words), (fs, f_keys, _) = _span(d_tokens, d_idx), _span(f_tokens, f_idx)
        hand = None
        if detail is None:
            detail = {}
        if ds:
            on = [t.layer for t in d_words]
            if "hand" in on or "inserted" in on:
                known = [t.inferred for t in d_words]
                hand = "inferred" if any(known) else "marked"
                if hand == "inferred":
                    # Why the hand was inferred: the reasons recorded for the paragraph(s) it stands in.
                    reasons = set()
                    for p in set(compress([t.para for t in d_words], known)):
                        if p not in reasons_of:
                            reasons_of[p] = draft.hands.get(f"line {first_line[p]}")
                        reasons.add(reasons_of[p])
                    detail["hand_reasons"] = ", ".join(sorted(r for r in reasons if r))
            context = _lead_in(d_tokens, ds.tokens[0])
        else:
            context = _lead_in(f_tokens, fs.tokens[0]) if fs else ""
        sides = f"{d_keys}|{f_keys}"
        said = (kind, sides, context)
        base = base_ids.get(said)
        if base is None:  # a file with several copies of a message repeats its edits: each is hashed once
            base = base_ids[said] = edit_id(kind, sides, context)
        n = seen[base] = seen.get(base, -1) + 1
        eid = edit_id(kind, sides, context, n) if n else base
        return _new_edit(eid, _KIND[kind], _STAGE[stage], carried, evidence, rule, ds, fs, hand, detail)

    # Page runs are found over the whole draft, so a manuscript line split by a
    # variant or a move is still one edit; each is reported where its first word falls.
    runs_at: dict[int, Run] = {run.tokens[0].i: run for run in runs}
    items: list[Edit | None] = []
    moved_done: set[int] = set()
    joined: set[int] = set()  # the second draft word of a join: in the variant edit of the first
    page_rules: dict[tuple, tuple[str, Verdict] | None] = {}  # see ``_page_rule``
    # Only a variant link or the first word of a run makes an edit: the other words of an op are passed over.
    variants = [i for i, link in dmap.items() if link.relation == "variant"]
    starts = runs_at.keys() | set(variants)
    joins: dict[int, list[int]] = {}  # despatched word -> the draft words joined into it (two or more)
    for i in variants:
        joins.setdefault(dmap[i].final, []).append(i)
    joins = {y: sorted(ds) for y, ds in joins.items() if len(ds) > 1}
    # A paragraph break one version has and the other not, reported before the word after it.
    structural = {b.draft[1]: b for b in breaks(draft, final, alignment, dmap)}
    starts |= structural.keys()
    for op in alignment.ops:
        if op.op == "furniture":
            continue
        if op.op == "insert":
            fresh = [i for i in op.final if i not in linked_final]
            if fresh:  # in the order the op gives them: ``span`` sorts
                items.append(make("inserted", "despatch", None, "unmarked", "added-at-despatch", (), fresh))
            continue
        for i in filter(starts.__contains__, op.draft):  # filtered in C: most words start nothing
            if i in structural:
                b = structural[i]
                items.append(make("paragraph", "despatch", None, b.evidence, PARAGRAPH_RULES[b.change],
                                  range(b.draft[0], b.draft[1] + 1), range(b.final[0], b.final[1] + 1), {"change": b.change, "break": b.evidence}))
            link = dmap.get(i)
            if link and link.relation == "variant" and i not in joined:
                d = draft.tokens[i]
                # Two draft words joined into one despatched word (``can not`` / ``cannot``) are one variant.
                group = [j for j in joins.get(link.final, (i,)) if j >= i]  # across furniture too: ops apart
                joined.update(group[1:])
                evidence = {"score": link.score, "layer": d.layer, "inferred": d.inferred,
                            "lengths": [*(len(draft.tokens[j].key) for j in group), *(len(final.tokens[y].key) for y in finals_of(i))]}
                if link.rule == OCR_CONFUSION:  # which of the table's confusions, draft reading first: ``li/h``
                    evidence["confusions"] = list(named_confusions(d.key, final.tokens[link.final].key))
                items.append(make("variant", "despatch", None, link.rule, link.rule, tuple(group), finals_of(i), evidence))
            run = runs_at.get(i)
            if run is None:
                continue
            # moved_apart is part of a run's state, so one word tells for the whole run
            moved = [t.i for t in run.tokens if t.i not in moved_done] if moved_apart(run.tokens[0], link) else []
            if moved:
                moved_done.update(moved)
                also = _page_rule(run, page_rules)
                items.append(make("moved", "despatch", None, "unmarked", "move", _stretch(moved),
                                  linked_finals(moved),
                                  {"layer": run.layer, "page_rule": also[0] if also else None}))
                if len(moved) == len(run.tokens):
                    continue
            fired = _page_rule(run, page_rules)
            if fired is not None:
                name, v = fired
                ids = _indices(run)
                f_idx = linked_finals(ids) if run.linked else []  # a run is all matched or all not
                items.append(make(v.kind, v.stage, v.carried, v.evidence, name, ids, f_idx))
            elif run.linked:
                # Matched words that make no edit (typed, sent): a barrier, as the end of an op is.
                # An op of matched words may also hold a carried insertion or hand after them
                # (``~~a~~ b c <sup>d</sup>``): without this the strike and that insertion, with
                # ``b c`` between, were joined into one substitution (``_merge_substitutions``).
                items.append(None)
        if op.op in ("equal", "variant"):
            items.append(None)
    items = _paragraph_by_paragraph(items, d_tokens, f_tokens, make)
    return tuple(_join_apart(_merge_substitutions(items, make), draft, final, alignment, make))
