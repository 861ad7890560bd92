"""Segmentation rules: a file's paragraphs (``Block``) and the small pure rules that give each one a role.

``blocks(text)`` splits a file into blocks (paragraphs separated by blank lines;
two or more blank lines mark a page break). ``ROLES`` is the registry of rules
tried in order; ``role(b)`` names the first that fires, else ``body``. The role
sets (``STRONG``, ``WEAK``, ``HELD`` …) say how ``segment`` treats each role;
``_repeat``, ``_norm_class`` and ``_hand`` are the other per-block tests it uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Callable

from . import furniture
from .furniture import LETTERHEADS
from .read import lines as split_lines

_MARKUP = re.compile(r"~~|</?sup\s*>|\*\*|\*|^[ \t]*(?:#{1,6}|>)[ \t]+", re.I | re.M)
_DTG = re.compile(r"^(?:[OPRZ]{1,2}\s+)?(\d{2})\d{4}Z\s+([A-Z]{3})\s+(\d{2})$")
_CLOSING = re.compile(r"^(?:yours?\b|sincerely\b|(?:with\s+)?(?:warm|kind|best)\s+(?:regards|wishes)\b)", re.I)
_SALUTATION = re.compile(r"^[\"'“]?(?:my\s+)?dear\s+\w", re.I)
_ROUTING = re.compile(r"^please\s+pass\s+(?:the\s+)?following\s+message\b", re.I)
_DRAFT_HEAD = re.compile(r"^\[?\s*DRAFT\b")
_PAREN_NAME = re.compile(r"^\((?:[A-Z]\.?\s+){1,4}[A-Z][A-Za-z'’-]+\)$")
_SIGNED_DATED = re.compile(r"(?:^|[.?!]\s+)((?:[A-Z][A-Za-z.'’-]*\s+){1,3})\d{1,2}\s+[A-Za-z]+,?\s+\d{4}\.?$")
_MINUTE_HEAD = re.compile(
    r"^(?:[A-Z0-9()/-]+\s+)*?(?:PRIME MINISTER|FOREIGN SECRETARY|HOME SECRETARY|SECRETARY OF STATE|CHANCELLOR)(?!'|’)\b"
    r"|^(?:Prime Minister|Foreign Secretary|Secretary of State)$"
)


def signed_dated(text: str) -> re.Match[str] | None:
    """``_SIGNED_DATED`` searched in ``text``, which it can match only if the text ends in four digits, perhaps
    and a full stop (and a line break): that is tested first (the search tries every position of a paragraph, 40 µs in one of
    300 words, a tenth of segmenting it)."""
    tail = text[-6:].removesuffix("\n").removesuffix(".")  # ``$`` matches before a final line break too
    if len(tail) < 4 or not tail[-4:].isdigit():  # isdigit: every ``\d`` and more
        return None
    return _SIGNED_DATED.search(text)


_ESQ = re.compile(r"\bEsq\b")
_CARD = re.compile(r"^(?:DEPARTMENT/SERIES\b|CLOSED UNDER FOI EXEMPTION\b|The National Archives$|Instructions for completion of Dummy Card$)")


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph of the file: consecutive non-blank lines."""

    first: int
    """First line (1-based)."""
    last: int
    """Last line (1-based, inclusive)."""
    lines: tuple[str, ...]
    """The lines with transcription markup removed."""
    raw: str
    """The lines as written, markup kept."""
    page_break: bool = False
    """True when two or more blank lines (a page break) stand before the block."""
    words: tuple[str, ...] = field(init=False, repr=False, compare=False)
    """The words of ``lines``."""
    text: str = field(init=False, repr=False, compare=False)
    """The words joined by single spaces."""
    line_words: tuple[tuple[str, ...], ...] = field(init=False, repr=False, compare=False)
    """The words of each line."""
    line_texts: tuple[str, ...] = field(init=False, repr=False, compare=False)
    """Each line's words joined by single spaces."""

    def __post_init__(self) -> None:
        # Worked out once, for all the rules. As properties, and split again by each line rule, a block's
        # words were worked out about twenty times: half of ``segment``'s time on a corpus of one-paragraph
        # documents (bench.corpus). No word spans two lines, so the block's words are its lines' words.
        line_words = tuple(tuple(line.split()) for line in self.lines)
        line_texts = tuple(" ".join(words) for words in line_words)
        if len(line_words) == 1:
            words, text = line_words[0], line_texts[0]
        else:
            words = tuple(w for ws in line_words for w in ws)
            text = " ".join(words)
        for name, value in (("words", words), ("text", text), ("line_words", line_words), ("line_texts", line_texts)):
            object.__setattr__(self, name, value)


# ---- block roles: one small pure rule each, tried in order --------------------------------------


def _strip(line: str) -> str:
    # Each mark holds one of these characters: a line without any (most of a typed file) is not searched
    # (the case-blind search with its line-start heading cost 30 µs in a line of 300 words).
    if any(ch in line for ch in "~<*#>"):
        line = _MARKUP.sub("", line)
    return line.strip()


def closure_card(b: Block) -> bool:
    """A dummy card for a retained or closed record: ``DEPARTMENT/SERIES … CLOSED UNDER FOI EXEMPTION``.

    >>> closure_card(Block(1, 2, ("DEPARTMENT/SERIES PIECE/ITEM", "CLOSED UNDER FOI EXEMPTION"), ""))
    True
    >>> closure_card(Block(1, 1, ("Sign and date next to the reason ie. Closed under FOI exemption.",), ""))
    False
    """
    return any(_CARD.match(line) for line in b.lines)


def letterhead(b: Block) -> bool:
    """The first line names an office: ``Foreign and Commonwealth Office``, ``10 DOWNING STREET`` (``furniture.letterhead_line``).

    >>> letterhead(Block(1, 1, ("SECRET Foreign and Commonwealth Office London",), ""))
    True
    >>> letterhead(Block(1, 2, ("Stephen Wall Esq", "Foreign and Commonwealth Office."), ""))
    False
    >>> letterhead(Block(1, 1, ("Home Office officials say that the plan is sound.",), ""))
    False
    """
    return furniture.letterhead_line(b.line_words[0])  # the line's words, split once (``Block``)


def envelope(b: Block) -> bool:
    """A telegram envelope: a date-time group such as ``O 212130Z DEC 88``, then ``FM``/``TO``/``BT``."""
    return any(_DTG.match(line) for line in b.lines)


def envelope_end(b: Block) -> bool:
    """``BT`` or ``NNNN`` alone: the end of a telegram's text."""
    return b.text in ("BT", "NNNN")


def draft_heading(b: Block) -> bool:
    """``[DRAFT MESSAGE FROM …]`` or ``DRAFT`` as a heading."""
    return bool(_DRAFT_HEAD.match(b.lines[0]))


def cable(b: Block) -> bool:
    """A ``--`` paragraph in capitals, the style of an American cable."""
    if not b.text.startswith("-- "):  # tested first: counting the letters of every paragraph cost as much as the rest of the rules
        return False
    letters = [c for c in b.text if c.isalpha()]
    return len(letters) > 20 and sum(c.isupper() for c in letters) / len(letters) > 0.9


def form_heading(b: Block) -> bool:
    """A printed field of the personal-message form: ``PRIME MINISTER'S PERSONAL MESSAGE``, ``SERIAL No.``."""
    if any(furniture.serial(words, line) or furniture.form_field(words, line) for words, line in zip(b.line_words, b.line_texts)):
        return True
    return furniture.form_field(b.words, b.text)


def routing(b: Block) -> bool:
    """``Please pass following message to …``: the first line of a message to be sent."""
    return bool(_ROUTING.match(b.text))


def salutation(b: Block) -> bool:
    """``Dear Ron,``, ``"DEAR RON``, ``Dear Private Secretary,``."""
    return len(b.words) <= 6 and bool(_SALUTATION.match(b.text))


def closing(b: Block) -> bool:
    """``Yours sincerely``, ``Yours`` / ``Margaret``, ``Warm regards,``: a short complimentary close."""
    return len(b.words) <= 5 and bool(_CLOSING.match(b.text))


def signature(b: Block) -> bool:
    """A signature block: ``(J S Wall)`` on a line of its own, ``/s/``, or a name and date ending a minute."""
    if any(_PAREN_NAME.match(line.strip()) for line in b.lines) or b.text == "/s/":
        return True
    m = signed_dated(b.text)
    return m is not None and not any(w.lower() in ("on", "of") for w in m.group(1).split())


def addressee(b: Block) -> bool:
    """The addressee at the foot of a letter: ``C D Powell Esq``, or a name above an office."""
    if "Esq" in b.text and _ESQ.search(b.text):  # the search alone tries every position of a paragraph
        return True
    return len(b.lines) > 1 and b.lines[-1].lower().rstrip(".").startswith(LETTERHEADS)


def classification(b: Block) -> bool:
    """Only classification words: ``CONFIDENTIAL COVERING SECRET``, ``S E C R E T``."""
    return all(furniture.classification(words) for words in b.line_words)


def catchword(b: Block) -> bool:
    """The first words of the next page typed at the foot of this one: ``/According``."""
    return len(b.lines) == 1 and furniture.catchword(b.words)


def minute_head(b: Block) -> bool:
    """A minute addressed ``PRIME MINISTER`` (or another minister, in capitals), after any classification and file code.

    >>> minute_head(Block(1, 1, ("SECRET JD3BPH 4 (A-C) PRIME MINISTER CSCE: MOSCOW",), "")), minute_head(Block(1, 1, ("PRIME MINISTER'S",), ""))
    (True, False)
    """
    return bool(_MINUTE_HEAD.match(b.lines[0]))


def minor(b: Block) -> bool:
    """A short block: a stamp, a date, a page number, a subject line, a name (six words or fewer)."""
    return len(b.words) <= 6 and len(b.lines) <= 3


ROLES: dict[str, Callable[[Block], bool]] = {
    "closure-card": closure_card,
    "letterhead": letterhead,
    "envelope": envelope,
    "envelope-end": envelope_end,
    "draft-heading": draft_heading,
    "cable": cable,
    "routing": routing,
    "form": form_heading,
    "salutation": salutation,
    "closing": closing,
    "minute-head": minute_head,
    "signature": signature,
    "addressee": addressee,
    "classification": classification,
    "catchword": catchword,
    "minor": minor,
}
"""Block rules in the order they are tried; the first that fires names the block's role."""

STRONG = frozenset({"closure-card", "letterhead", "envelope", "draft-heading", "cable", "routing"})
WEAK = frozenset({"salutation", "minute-head", "form"})
HELD = frozenset({"classification", "catchword", "minor", "repeat"})
HEADER = STRONG | WEAK | HELD | {"addressee"}
SHORT = 12
"""A body block of fewer words than this does not end a document's header."""
BODYLIKE = frozenset({"body", "cable", "minute-head", "repeat"})


def role(b: Block) -> str:
    """The first rule in ``ROLES`` that fires, else ``body``."""
    for name, rule in ROLES.items():
        if rule(b):
            return name
    return "body"


# ---- splitting a file into blocks, and the other per-block tests ----------------------------------


def blocks(text: str) -> list[Block]:
    """Split a file into blocks of consecutive non-blank lines (markup-free lines with a letter or digit)."""
    out: list[Block] = []
    lines = split_lines(text)  # numbered as read numbers them: a form feed breaks no line
    cur: list[int] = []
    blank = 0
    pending_break = False

    def flush() -> None:
        nonlocal cur, pending_break
        if cur:
            clean = tuple(s for s in (_strip(lines[i]) for i in cur) if s)
            if clean and any(ch.isalnum() for ch in "".join(clean)):
                out.append(Block(cur[0] + 1, cur[-1] + 1, clean, "\n".join(lines[i] for i in cur), pending_break))
                pending_break = False
            cur = []

    for i, line in enumerate(lines):
        if line.strip():
            if blank:
                flush()
                if blank >= 2:
                    pending_break = True
                blank = 0
            cur.append(i)
        else:
            blank += 1
    flush()
    return out


def _norm_class(b: Block) -> str:
    joined = " ".join(b.words)
    if all(len(w) == 1 for w in b.words):
        joined = "".join(b.words)
    return joined.upper()


def _repeat(b: Block, seen: list[Block]) -> bool:
    """A short block (two to twenty words) that repeats one of the last few: an OCR loop, not a new paragraph.

    Longer paragraphs that repeat are copies of a text, and are left to pairing.
    """
    if not 2 <= len(b.words) <= 20:
        return False
    if len(b.words) < 4:
        return any(b.text == s.text for s in seen[-12:])
    for s in seen[-12:]:
        if len(s.words) >= 4:
            m = SequenceMatcher(None, b.text, s.text, autojunk=False)
            if m.real_quick_ratio() > 0.85 and m.quick_ratio() > 0.85 and m.ratio() > 0.85:
                return True
    return False


def _hand(b: Block) -> bool:
    """A block written wholly by hand (a minute on a letter), not the letter's own text."""
    raw = b.raw.strip()
    return raw.startswith("*") and raw.endswith("*") and not raw.startswith("**")
