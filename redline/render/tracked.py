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

from itertools import groupby
from typing import Iterator, NamedTuple, Sequence

from ..model import Comparison, Op, Stage, Token


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
    ahead = Ahead(F)  # the despatch's next word, and a break it has announced early

    def new_para(side: str, para: int) -> bool:
        brk = last[side] is not None and last[side] != para
        last[side] = para
        return brk

    def gone(d: int) -> Step:
        # The despatch's paragraphs lead; the draft's count only within a run of deleted words,
        # or where the despatch breaks too before its next word (``ahead``): a deleted first word
        # of a paragraph stands in that paragraph, not at the end of the one before.
        t = D[d]
        who = "hand" if t.layer == "hand" else stage_d.get(d, "draft" if t.layer == "struck" else "despatch")
        new = new_para("d", t.para)
        brk = new and last["kind"] == "del"
        if new and not brk and isinstance(f_para := last["f"], int) and ahead.breaks(f_para):
            brk = True
            ahead.announce(t.para)
        last["kind"] = "del"
        return Step("del", t.display, who, brk)

    def para_f(t: Token) -> bool:
        """A break before the despatched word ``t``, unless announced before a deletion in the draft's paragraph."""
        ahead.seen(t.i)
        return new_para("f", t.para) and not ahead.announced(last["d"])

    def added(f: int) -> Step:
        t = F[f]
        last["kind"] = "ins"
        return Step("ins", t.display, stage_f.get(f, "despatch"), para_f(t))

    for op in paragraph_ops(c):
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
                    yield Step("common", ft.display, "", para_f(ft))
                else:
                    yield gone(d)
                    yield added(f)
            continue
        yield from (gone(d) for d in op.draft if not D[d].furniture)
        yield from (added(f) for f in op.final if not F[f].furniture)


def paragraph_ops(c: Comparison) -> Iterator[Op]:
    """The alignment's ops, with a deletion followed by an insertion dealt out paragraph by paragraph
    when both hold words of the same number of paragraphs (two or more): ``to the Secretary ¶ Approved
    by`` / ``to the Treasurer ¶ Rejected by`` reads *Secretary* → *Treasurer*, then *Approved* →
    *Rejected*, each in its paragraph, as the JSON's edits say (``classify._paragraph_by_paragraph``),
    not both deletions and then both insertions. Any other ops pass as they are.
    """
    ops = c.alignment.ops
    D, F = c.draft.tokens, c.final.tokens
    k = 0
    while k < len(ops):
        op = ops[k]
        nxt = ops[k + 1] if k + 1 < len(ops) else None
        if op.op == "delete" and nxt is not None and nxt.op == "insert":
            dels = [list(g) for _, g in groupby(op.draft, lambda i: D[i].para)]
            ins = [list(g) for _, g in groupby(nxt.final, lambda i: F[i].para)]
            if len(dels) == len(ins) >= 2:
                for d, f in zip(dels, ins):
                    yield Op("delete", tuple(d), ())
                    yield Op("insert", (), tuple(f))
                k += 2
                continue
        yield op
        k += 1


class Ahead:
    """The despatch's next word, read ahead from the last one shown, for a paragraph's deleted
    first word: when the despatch breaks before its next word too, the break is shown before the
    deletion (``board. ¶ [-Approved-] {+Rejected+} by``), and not again before that next word while
    the draft is still in the deleted word's paragraph. Read off the paragraphs alone."""

    __slots__ = ("tokens", "at", "draft_para")

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self.at = -1  # the last despatched word shown
        self.draft_para: int | None = None  # the draft's paragraph when a break was announced

    def seen(self, i: int) -> None:
        self.at = max(self.at, i)

    def breaks(self, para: int) -> bool:  # the last despatched paragraph shown
        """Does the despatch's next word (not furniture) begin another paragraph than ``para``?"""
        k = self.at + 1
        while k < len(self.tokens) and self.tokens[k].furniture:
            k += 1
        return k < len(self.tokens) and self.tokens[k].para != para

    def announce(self, draft_para: int) -> None:
        self.draft_para = draft_para

    def announced(self, draft_para: object) -> bool:
        """Was the break announced, with the draft still in that paragraph? Asked once: it is spent."""
        said, self.draft_para = self.draft_para, None
        return said is not None and said == draft_para


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
