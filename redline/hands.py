"""Unmarked handwriting: infer the hand where the OCR lost the ``*…*`` marks.

Manuscript additions to a typed draft are often transcribed without marks:
they stand as short paragraphs among page furniture, out of reading order,
after the signature, or with ``&`` for *and*. Each rule below looks at one
paragraph in its setting and names its reason; a paragraph that any rule
claims gets layer ``hand`` with ``inferred=True``, and the reasons are kept on
the witness (``Witness.hands``) so every output can tell marked from inferred.
Struck text keeps its layer: it was typed (or written) and then struck.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Sequence

from .model import Token, Witness

CLOSINGS = ("yours", "with warm regards", "warm regards", "with best wishes", "ever yours", "sincerely")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of text (not furniture) and what surrounds it."""

    tokens: Sequence[Token]
    before_furniture: bool
    """The nearest paragraph before it is furniture, or it opens the document."""
    after_furniture: bool
    """The nearest paragraph after it is furniture, or it closes the document."""
    after_closing: bool
    """A closing (``Yours``, ``Warm regards``) stands before it in the document."""
    after_hand: bool
    """The paragraph just before it was inferred handwritten."""
    long_paragraphs: bool
    """The document's typed text is mostly in long paragraphs (so a short one stands out)."""
    amended: bool
    """The document carries marked amendments (struck, above-line or marked handwriting):
    only then is a short line among furniture more likely a hand than a typed line."""

    @property
    def words(self) -> list[str]:
        return [t.display for t in self.tokens]


def ampersand(p: Paragraph) -> bool:
    """``&`` written for *and* on an amended draft: typists spell it out, hands abbreviate."""
    return p.amended and "&" in p.words


def among_furniture(p: Paragraph) -> bool:
    """A short paragraph with furniture on both sides: a note written in a margin or a header."""
    return p.amended and p.before_furniture and p.after_furniture and len(p.tokens) <= 40 and p.long_paragraphs


def fragment(p: Paragraph) -> bool:
    """A few words starting in lower case with no closing stop, standing after furniture."""
    words = p.words
    return (
        p.amended
        and p.before_furniture
        and len(words) <= 8
        and words[0][:1].islower()
        and not words[-1].rstrip("\"')").endswith((".", "?", "!", ":", ";"))
    )


def postscript(p: Paragraph) -> bool:
    """A sentence after the closing of a letter (not just the signature): added below it by hand."""
    return p.amended and p.after_closing and len(p.tokens) >= 4


def continues_hand(p: Paragraph) -> bool:
    """A short paragraph right after an inferred manuscript one: the same hand goes on."""
    return p.after_hand and len(p.tokens) <= 4


RULES: dict[str, Callable[[Paragraph], bool]] = {
    "ampersand": ampersand,
    "among-furniture": among_furniture,
    "fragment": fragment,
    "postscript": postscript,
    "continues-hand": continues_hand,
}


def _is_closing(tokens: Sequence[Token]) -> bool:
    text = " ".join(t.key for t in tokens)
    return any(text.startswith(c) for c in CLOSINGS) and len(tokens) <= 16


def infer(witness: Witness) -> Witness:
    """Return the witness with unmarked manuscript paragraphs given layer ``hand``, inferred."""
    paras: dict[int, list[Token]] = {}
    for t in witness.tokens:
        paras.setdefault(t.para, []).append(t)
    order = sorted(paras)
    is_furniture = {p: all(t.furniture for t in paras[p]) for p in order}
    text_paras = [p for p in order if not is_furniture[p]]
    if not text_paras:
        return witness
    amended = any(t.layer != "typed" for t in witness.tokens)
    long = sum(1 for p in text_paras if len(paras[p]) >= 25) >= max(1, len(text_paras) // 3)
    changed: dict[int, Token] = {}
    reasons: dict[str, str] = {}
    seen_closing = False
    prev_hand = False
    for n, p in enumerate(order):
        if is_furniture[p]:
            continue
        toks = [t for t in paras[p] if not t.furniture]
        para = Paragraph(
            tokens=toks,
            before_furniture=n == 0 or is_furniture[order[n - 1]],
            after_furniture=n == len(order) - 1 or is_furniture[order[n + 1]],
            after_closing=seen_closing,
            after_hand=prev_hand,
            long_paragraphs=long,
            amended=amended,
        )
        typed = [t for t in toks if t.layer == "typed"]
        fired = [name for name, rule in RULES.items() if rule(para)] if typed else []
        if fired:
            for t in typed:
                changed[t.i] = replace(t, layer="hand", inferred=True)
            reasons[f"line {toks[0].line}"] = ", ".join(fired)
        prev_hand = bool(fired) or any(t.layer == "hand" for t in toks)
        if _is_closing(toks):
            seen_closing = True
    tokens = tuple(changed.get(t.i, t) for t in witness.tokens)
    return replace(witness, tokens=tokens, hands={**witness.hands, **reasons})


def from_damage(witness: Witness, damaged: set[int], odd: set[int] = frozenset()) -> Witness:
    """Infer the hand for sentences that hold OCR damage (``falle`` read for *falter*).

    ``damaged`` holds draft token indices that the alignment matched only as a
    damaged reading of a word in the other text; ``odd`` holds unmatched draft words
    used nowhere else in either text. A sentence is taken for manuscript when it has a
    damaged reading and one more such sign: one damaged word alone may as well be
    damage in the despatch (``falter`` against a despatched ``FAILTER``). Typed text survives OCR far
    better than handwriting, so a typed sentence with such a word in it is taken
    for manuscript; the sentence, not the whole paragraph, is marked.
    """
    if not damaged:
        return witness
    changed: dict[int, Token] = {}
    reasons: dict[str, str] = {}
    sentence: list[Token] = []
    para_first: dict[int, int] = {}
    for t in witness.tokens:
        if not t.furniture:
            para_first.setdefault(t.para, t.line)

    def close() -> None:
        signs = sum(1 for t in sentence if t.i in damaged or t.i in odd)
        if signs >= 2 and any(t.i in damaged for t in sentence):
            typed = [t for t in sentence if t.layer == "typed" and not t.furniture]
            for t in typed:
                changed[t.i] = replace(t, layer="hand", inferred=True)
            if typed:
                where = f"line {para_first[typed[0].para]}"
                old = reasons.get(where) or witness.hands.get(where)
                reasons[where] = f"{old}, ocr-damage" if old and "ocr-damage" not in old else old or "ocr-damage"
        sentence.clear()

    for t in witness.tokens:
        if sentence and t.para != sentence[-1].para:
            close()
        sentence.append(t)
        if t.display.rstrip("\"')]").endswith((".", "?", "!")):
            close()
    close()
    if not changed:
        return witness
    tokens = tuple(changed.get(t.i, t) for t in witness.tokens)
    return replace(witness, tokens=tokens, hands={**witness.hands, **reasons})
