"""Page furniture: what is on the paper but is not the text of the message.

Classification lines, page numbers, catchwords, stamps and registry marks,
telegram envelopes, serial numbers, form fields, bracketed document titles, and
(on a despatched copy) handwritten registry notes. Each rule is a small pure
function over one line or one paragraph of words; the first that fires gives
the tokens their ``furniture`` reason code. Furniture is kept and shown dimmed,
but never aligned and never counted as an edit.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import groupby
from typing import Callable, Sequence

from .model import Token, Witness

CLASSIFICATIONS = frozenset(
    "top secret confidential restricted unclassified covering personal private in confidence "
    "eyes only dedip immediate priority flash routine".split()
)
_DTG = re.compile(r"^(?:[OPRZ]{1,2}\s+)?\d{6}Z\s+[A-Z]{3}\s+\d{2}$", re.I)
_PAGE = re.compile(r"^[-–—(\s]*(?:\d{1,3}|[ivxlc]{1,5})[-–—)\s]*\.?$", re.I)
_DATE_MARK = re.compile(r"^(?:[A-Z]{1,4}\.?\s+)?\d{1,2}\s*/\s*(?:\d{1,2}|[ivxlc]{1,4})(?:\s*/\s*\d{2,4})?\.?$", re.I)
_CODE = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9/().-]{3,}$")
_SERIAL = re.compile(r"^serial\s+no\b", re.I)
_FORM_FIELDS = ("prime minister's personal message", "personal message", "prime minister's")

Words = Sequence[str]


def classification(words: Words) -> bool:
    """A line of security classification words, perhaps with a file code: ``CONFIDENTIAL COVERING SECRET``.

    >>> classification("CONFIDENTIAL COVERING SECRET".split()), classification(["JD3BPI", "SECRET"])
    (True, True)
    >>> classification(["S", "E", "C", "R", "E", "T"]), classification("Secret talks began".split())
    (True, False)
    """
    joined = "".join(words).lower()
    if joined in {"secret", "topsecret", "confidential", "restricted"}:
        return True
    plain = [w.lower().strip(".,:;") for w in words if not _CODE.match(w)]
    return bool(plain) and all(w in CLASSIFICATIONS or w == "secret" for w in plain)


def page_number(words: Words) -> bool:
    """``- 2 -``, ``2``, ``(iv)``: a page number alone on its line.

    >>> page_number("- 2 -".split()), page_number(["1991"])
    (True, False)
    """
    return bool(_PAGE.match(" ".join(words)))


def catchword(words: Words) -> bool:
    """``/According``: the first words of the next page, typed at the foot of this one.

    >>> catchword(["/According"]), catchword(["/-", "The", "Russians"]), catchword(["and/or", "both"])
    (True, True, False)
    """
    return bool(words) and words[0].startswith("/") and len(words) <= 4


def stamp(words: Words) -> bool:
    """A registry mark or stamp alone on its line: ``12/11/80``, ``CDC 20/x.``, ``6 AB``, ``11a``, ``f``.

    >>> stamp(["12/11/80"]), stamp(["6", "AB"]), stamp(["Yours"])
    (True, True, False)
    """
    line = " ".join(words)
    if _DATE_MARK.match(line):
        return True
    if len(words) == 1 and (len(line) <= 2 or _CODE.match(line)):
        return True
    return len(words) == 2 and len(line) <= 6 and any(ch.isdigit() for ch in line)


def serial(words: Words) -> bool:
    """``SERIAL No. T 192A/88``: the serial number field of a message form.

    >>> serial("SERIAL No. T 192A/88".split())
    True
    """
    return bool(_SERIAL.match(" ".join(words)))


def form_field(words: Words) -> bool:
    """The printed headings of the Prime Minister's personal-message form.

    >>> form_field(["PERSONAL", "MESSAGE"]), form_field(["PRIME", "MINISTER'S"])
    (True, True)
    """
    return " ".join(words).lower().strip(" .:") in _FORM_FIELDS


LINE_RULES: dict[str, Callable[[Words], bool]] = {
    "classification": classification,
    "page-number": page_number,
    "catchword": catchword,
    "serial": serial,
    "form": form_field,
    "stamp": stamp,
}

INLINE_RULES = frozenset({"classification", "serial", "form"})
"""Rules that may fire on a line inside a longer paragraph; the rest need a line of its own."""


def _envelope_paragraphs(paras: dict[int, list[Token]]) -> set[int]:
    """Paragraphs that hold a telegram envelope: a date-time group, ``FM``/``TO`` lines, ``BT``.

    The whole paragraph that holds a date-time group (``O 212130Z DEC 88``) is
    envelope, and so is a paragraph that is only ``BT`` or a routing code just
    before it.
    """
    found: set[int] = set()
    order = sorted(paras)
    for n, p in enumerate(order):
        by_line = [" ".join(t.display for t in g) for _, g in groupby(paras[p], key=lambda t: t.line)]
        if any(_DTG.match(line) for line in by_line):
            found.add(p)
            if n > 0 and len(paras[order[n - 1]]) == 1 and _CODE.match(paras[order[n - 1]][0].display):
                found.add(order[n - 1])
        elif all(line.strip() == "BT" for line in by_line):
            found.add(p)
    return found


def _title(tokens: list[Token]) -> bool:
    """A bracketed, all-capitals paragraph: ``[DRAFT MESSAGE FROM … TO PRESIDENT REAGAN]``."""
    first, last = tokens[0].display, tokens[-1].display
    letters = "".join(ch for t in tokens for ch in t.display if ch.isalpha())
    return first.startswith("[") and last.rstrip(".").endswith("]") and letters.isupper()


def mark(witness: Witness, role: str = "draft") -> Witness:
    """Return the witness with furniture reasons set on its tokens.

    ``role`` is ``draft`` or ``final``: on a despatched copy, marked handwriting is
    a registry annotation, not text of the message; bold print is a form heading.
    """
    reason: dict[int, str] = {}
    paras: dict[int, list[Token]] = {}
    for t in witness.tokens:
        paras.setdefault(t.para, []).append(t)
    for p in _envelope_paragraphs(paras):
        for t in paras[p]:
            reason[t.i] = "envelope"
    for toks in paras.values():
        if _title(toks):
            for t in toks:
                reason.setdefault(t.i, "title")
    lines_in_para = {p: len({t.line for t in toks}) for p, toks in paras.items()}
    for _, group in groupby(witness.tokens, key=lambda t: t.line):
        toks = list(group)
        words = [t.display for t in toks]
        alone = lines_in_para[toks[0].para] == 1
        for name, rule in LINE_RULES.items():
            if (alone or name in INLINE_RULES) and rule(words):
                for t in toks:
                    reason.setdefault(t.i, name)
                break
    if role == "final":
        for t in witness.tokens:
            if t.layer == "hand" and not t.inferred:
                reason.setdefault(t.i, "annotation")
            elif t.style == "bold":
                reason.setdefault(t.i, "form")
    tokens = tuple(replace(t, furniture=reason[t.i]) if t.i in reason else t for t in witness.tokens)
    return replace(witness, tokens=tokens)


SALUTATIONS = ("dear", "yours", "my dear", "sincerely", "love")


def unshared(witness: Witness, other: Witness) -> Witness:
    """Mark one- or two-word lines standing alone whose words the other text never uses: stamps.

    ``PUCKET`` or ``6 AB`` alone between blank lines on one copy and nowhere in the
    other is a stamp or a registry mark; a salutation (``Dear Ron``) is not.
    """
    other_keys = {t.key for t in other.tokens}
    paras: dict[int, list[Token]] = {}
    for t in witness.tokens:
        paras.setdefault(t.para, []).append(t)
    marked: set[int] = set()
    for toks in paras.values():
        if len(toks) > 2 or len({t.line for t in toks}) > 1 or any(t.furniture for t in toks):
            continue
        if toks[0].key.startswith(SALUTATIONS) or any(t.key in other_keys for t in toks):
            continue
        if toks[-1].display.rstrip("\"')").endswith((".", "?", "!", ",")):
            continue
        marked.update(t.i for t in toks)
    if not marked:
        return witness
    tokens = tuple(replace(t, furniture="stamp") if t.i in marked else t for t in witness.tokens)
    return replace(witness, tokens=tokens)
