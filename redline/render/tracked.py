"""The comparison as a word diff: each draft word once, kept or deleted; each despatched word once, kept or inserted.

This is what a word processor's tracked changes and ``wdiff`` show, and what they promise: accept
every change and the despatch's words remain, reject every change and the draft's words remain, in
order, word for word up to case and punctuation. So, unlike the inline redline (``inline``), nothing
here is shown twice or left out: a moved passage is deleted where the draft had it and inserted where
the despatch has it, and a variant reading (``tlie``/*the*) is a deletion and an insertion (a claim the
reader may reject). A word that matches with other case or punctuation (``Delay,``/``DELAY``) is no
edit (case and punctuation never make one), so it is written once, as the despatch has it: an
all-capitals telegram against a mixed-case draft would otherwise track every word. Page furniture
(page numbers, stamps, envelopes) is left out on both sides: it is not the text of the message.

Each change names who made it: ``draft`` for an edit visible on the page (``Edit.stage``), ``hand``
for words written by hand on the draft, ``despatch`` for what changed later.
"""

from __future__ import annotations

from typing import Iterator, NamedTuple

from ..model import Comparison, Stage


class Step(NamedTuple):
    """One word of the merged walk."""

    kind: str
    """``common`` (both texts), ``del`` (the draft's only) or ``ins`` (the despatch's only)."""
    text: str
    author: str
    """Who made the change (``draft``, ``hand``, ``despatch``); empty for ``common``."""
    para: bool
    """A new paragraph starts with this word."""


def steps(c: Comparison) -> Iterator[Step]:
    """The merged walk, in the alignment's reading order.

    >>> from redline import compare_texts
    >>> [(s.kind, s.text) for s in steps(compare_texts("the old cat", "the cat sat"))]
    [('common', 'the'), ('del', 'old'), ('common', 'cat'), ('ins', 'sat')]
    """
    stage_d: dict[int, str] = {}
    stage_f: dict[int, str] = {}
    for e in c.edits:
        who = "draft" if e.stage == Stage.DRAFT else "despatch"
        for i in (e.draft.tokens if e.draft else ()):
            stage_d.setdefault(i, who)
        for i in (e.final.tokens if e.final else ()):
            stage_f.setdefault(i, who)
    D, F = c.draft.tokens, c.final.tokens
    last: dict[str, int | str | None] = {"d": None, "f": None, "kind": None}

    def new_para(side: str, para: int) -> bool:
        brk = last[side] is not None and last[side] != para
        last[side] = para
        return brk

    def gone(d: int) -> Step:
        # The despatch's paragraphs lead; the draft's count only within a run of deleted words.
        t = D[d]
        who = "hand" if t.layer == "hand" else stage_d.get(d, "draft" if t.layer == "struck" else "despatch")
        brk = new_para("d", t.para) and last["kind"] == "del"
        last["kind"] = "del"
        return Step("del", t.display, who, brk)

    def added(f: int) -> Step:
        t = F[f]
        last["kind"] = "ins"
        return Step("ins", t.display, stage_f.get(f, "despatch"), new_para("f", t.para))

    for op in c.alignment.ops:
        if op.op == "furniture":
            continue
        if op.op == "equal":
            for d, f in zip(op.draft, op.final):
                dt, ft = D[d], F[f]
                if dt.furniture or ft.furniture:
                    yield from ([gone(d)] if not dt.furniture else []) + ([added(f)] if not ft.furniture else [])
                elif dt.key == ft.key:  # the same word with other case or punctuation: no edit, written once as sent
                    new_para("d", dt.para)
                    last["kind"] = "common"
                    yield Step("common", ft.display, "", new_para("f", ft.para))
                else:
                    yield gone(d)
                    yield added(f)
            continue
        yield from (gone(d) for d in op.draft if not D[d].furniture)
        yield from (added(f) for f in op.final if not F[f].furniture)


def side(c: Comparison, which: str) -> list[str]:
    """The words rejecting (``draft``) or accepting (``final``) every change leaves, up to case and
    punctuation: each side's words without its page furniture, as ``steps`` shows them.

    >>> from redline import compare_texts
    >>> c = compare_texts("the old cat", "the cat sat")
    >>> side(c, "draft"), side(c, "final")
    (['the', 'old', 'cat'], ['the', 'cat', 'sat'])
    """
    w = c.draft if which == "draft" else c.final
    return [t.display for t in w.tokens if not t.furniture]
