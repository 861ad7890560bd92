"""The value types that flow down the pipeline: sources, tokens, witnesses, alignments, edits.

All are frozen: a stage that refines a value returns a new one (``dataclasses.replace``),
so a comparison can be traced back stage by stage and nothing is changed behind a
renderer's back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import compress, count
from operator import not_
from typing import Callable, Literal, Mapping, Sequence

from .safe import visible

_HYPHEN_BREAK = re.compile(r"-[ \t]*(?:\r\n|\r|\n)[ \t]*")
"""A hyphen at a line end and the break after it: joined away when a token is shown."""

Layer = Literal["typed", "struck", "inserted", "hand"]
Kind = Literal["struck", "inserted", "handwritten", "substituted", "moved", "variant"]
Stage = Literal["draft", "despatch"]
Relation = Literal["equal", "variant", "moved"]

LAYERS: tuple[str, ...] = ("typed", "struck", "inserted", "hand")
KINDS: tuple[str, ...] = ("struck", "inserted", "handwritten", "substituted", "moved", "variant")


@dataclass(frozen=True, slots=True)
class Source:
    """A decoded input and the part of it that is compared."""

    path: str
    """The path as the user gave it (``-`` for standard input)."""
    text: str
    """The whole file as decoded; token offsets index into this string."""
    first: int
    """First line compared (1-based, inclusive)."""
    last: int
    """Last line compared (1-based, inclusive)."""
    start: int
    """Offset of the first character of line ``first``."""
    end: int
    """Offset just past line ``last`` (its line break included)."""
    label: str | None = None
    """A human name for the document (from a manifest or ``--label``), or None."""
    encoding: str = "utf-8"
    """The encoding the bytes were decoded with."""

    @property
    def name(self) -> str:
        """``label`` if given, else ``path`` with its line range when one was chosen (made ``visible``)."""
        return visible(self.label or self.spec)

    @property
    def spec(self) -> str:
        """The path with the line range, as ``PATH:FIRST-LAST`` would be written."""
        total = self.text.count("\n") + (0 if self.text.endswith("\n") else 1)
        if self.first == 1 and self.last >= total:
            return self.path
        return f"{self.path}:{self.first}-{self.last}"


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a witness, with everything needed to cite and rebuild it."""

    i: int
    """Index within the witness."""
    text: str
    """Surface text, exactly ``source.text[start:end]`` (markup is never inside it)."""
    key: str
    """Comparison key: case, punctuation, quotes and hyphenation folded away."""
    start: int
    """Offset of the first character in the whole decoded file."""
    end: int
    """Offset just past the last character."""
    line: int
    """1-based line of ``start`` in the whole file."""
    col: int
    """1-based column of ``start`` in its line."""
    layer: str = "typed"
    """typed, struck, inserted (above the line) or hand (manuscript)."""
    inferred: bool = False
    """True when the layer was inferred from evidence rather than marked."""
    furniture: str | None = None
    """None for text of the message, else why it is not: a reason code such as ``page-number``."""
    para: int = 0
    """Paragraph number within the witness (blank lines separate paragraphs)."""
    style: str | None = None
    """Typographic marking that is not a layer: ``bold`` or ``heading``."""

    def __init__(self, i: int, text: str, key: str, start: int, end: int, line: int, col: int, layer: str = "typed",
                 inferred: bool = False, furniture: str | None = None, para: int = 0, style: str | None = None) -> None:
        """The dataclass's ``__init__``, written out to fill the slots through their own setters.

        A frozen dataclass's generated ``__init__`` sets each field through
        ``object.__setattr__``, which looks the slot up by name every time; a long
        text makes hundreds of thousands of tokens (and ``dataclasses.replace``
        calls this too), so the direct setters halve the cost. The token is as
        frozen as before: assignment still raises ``FrozenInstanceError``.
        """
        _I(self, i)
        _TEXT(self, text)
        _KEY(self, key)
        _START(self, start)
        _END(self, end)
        _LINE(self, line)
        _COL(self, col)
        _LAYER(self, layer)
        _INFERRED(self, inferred)
        _FURNITURE(self, furniture)
        _PARA(self, para)
        _STYLE(self, style)

    @property
    def display(self) -> str:
        """The surface text for showing: a word hyphenated across a line break is joined, and
        control characters are made ``visible``."""
        text = self.text
        if text.isprintable():  # almost every word: no line break (not printable) and nothing to make visible
            return text
        if "\n" in text or "\r" in text:
            text = _HYPHEN_BREAK.sub("", text)
        return visible(text) if not text.isprintable() else text


_I, _TEXT, _KEY, _START, _END, _LINE, _COL, _LAYER, _INFERRED, _FURNITURE, _PARA, _STYLE = (
    getattr(Token, name).__set__ for name in Token.__slots__
)
"""The slots' own setters, in field order, for ``Token.__init__``."""


class _NewToken:
    """A token being made: ``Token``'s slots without the freeze; ``new_token`` is this class.

    ``new_token(...)`` takes every field in order (no defaults) and fills the slots with
    plain attribute stores, which the interpreter specialises, then makes the object a
    ``Token`` by assigning its class (the two share one layout): less than half the cost
    of ``Token(...)``, whose frozen ``__setattr__`` rules those stores out. Parsing makes
    one token a word and the layer and furniture stages remake many, so this is their path.
    """

    __slots__ = Token.__slots__

    def __init__(self, i: int, text: str, key: str, start: int, end: int, line: int, col: int, layer: str,
                 inferred: bool, furniture: str | None, para: int, style: str | None) -> None:
        self.i = i
        self.text = text
        self.key = key
        self.start = start
        self.end = end
        self.line = line
        self.col = col
        self.layer = layer
        self.inferred = inferred
        self.furniture = furniture
        self.para = para
        self.style = style
        self.__class__ = Token  # type: ignore[assignment]


new_token: Callable[[int, str, str, int, int, int, int, str, bool, str | None, int, str | None], Token] = _NewToken  # type: ignore[assignment]
"""``Token(...)`` with every field given in order, made at less than half the cost (see ``_NewToken``)."""


def displays(tokens: Sequence[Token]) -> list[str]:
    """``[t.display for t in tokens]``, without a property call per word.

    ``display`` is the text itself for a printable word, which almost every word is;
    the texts are tested in C, and only the few others (a word hyphenated
    across a line break) go through ``display``.
    """
    shown = [t.text for t in tokens]  # a comprehension reads a slot faster than ``attrgetter``
    for k in compress(count(), map(not_, map(str.isprintable, shown))):
        shown[k] = tokens[k].display
    return shown


def as_hand(t: Token) -> Token:
    """``dataclasses.replace(t, layer="hand", inferred=True)``, as fast as ``with_furniture``: a hand inferred."""
    return new_token(t.i, t.text, t.key, t.start, t.end, t.line, t.col, "hand", True, t.furniture, t.para, t.style)


def with_furniture(t: Token, furniture: str | None) -> Token:
    """``dataclasses.replace(t, furniture=furniture)``, without its look-up of every field by name."""
    return new_token(t.i, t.text, t.key, t.start, t.end, t.line, t.col, t.layer, t.inferred, furniture, t.para, t.style)


@dataclass(frozen=True, slots=True)
class Notice:
    """A warning about the input, with its place in the file."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


@dataclass(frozen=True, slots=True)
class Witness:
    """One side of a comparison: its source and its tokens."""

    source: Source
    tokens: tuple[Token, ...]
    notices: tuple[Notice, ...] = ()
    """Warnings raised while reading and parsing (unbalanced markup, encoding fallback)."""
    hands: Mapping[str, str] = field(default_factory=dict)
    """Why layers were inferred: reason per inferred line, ``{"line 105": "…"}``."""


@dataclass(frozen=True, slots=True)
class Link:
    """A draft token matched to a final token."""

    draft: int
    final: int
    relation: str = "equal"
    """equal, variant (same word read or spelled differently) or moved."""
    rule: str = "diff"
    """The alignment rule that made the link."""
    score: float = 1.0
    """Similarity of the two keys (1.0 for equal keys)."""

    def __init__(self, draft: int, final: int, relation: str = "equal", rule: str = "diff", score: float = 1.0) -> None:
        """The dataclass's ``__init__`` over the slot setters, as ``Token``'s (an alignment holds one link a word)."""
        _L_DRAFT(self, draft)
        _L_FINAL(self, final)
        _L_RELATION(self, relation)
        _L_RULE(self, rule)
        _L_SCORE(self, score)


_L_DRAFT, _L_FINAL, _L_RELATION, _L_RULE, _L_SCORE = (getattr(Link, name).__set__ for name in Link.__slots__)


class _NewLink:
    """A link being made: ``Link``'s slots without the freeze, as ``_NewToken`` is for tokens."""

    __slots__ = Link.__slots__

    def __init__(self, draft: int, final: int, relation: str, rule: str, score: float) -> None:
        self.draft = draft
        self.final = final
        self.relation = relation
        self.rule = rule
        self.score = score
        self.__class__ = Link  # type: ignore[assignment]


new_link: Callable[[int, int, str, str, float], Link] = _NewLink  # type: ignore[assignment]
"""``Link(...)`` with every field given in order, at less than half the cost (an alignment makes one a word)."""


@dataclass(frozen=True, slots=True)
class Op:
    """One step of the merged walk through both witnesses, in reading order."""

    op: str
    """equal, delete (draft only), insert (final only), or furniture."""
    draft: tuple[int, ...] = ()
    final: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Alignment:
    """Token links between two witnesses, and the merged reading order."""

    links: tuple[Link, ...]
    ops: tuple[Op, ...]
    method: str = "dmp-tokens"
    """How the alignment was computed; a coarser fallback names itself here."""

    def draft_map(self) -> dict[int, Link]:
        """Draft token index → its link (the first, where a word was split in two)."""
        out: dict[int, Link] = {}
        for link in self.links:
            out.setdefault(link.draft, link)
        return out

    def final_map(self) -> dict[int, Link]:
        """Final token index → its link (the first, where two words were joined)."""
        out: dict[int, Link] = {}
        for link in self.links:
            out.setdefault(link.final, link)
        return out


@dataclass(frozen=True, slots=True)
class Span:
    """The tokens of one side that an edit covers."""

    tokens: tuple[int, ...]
    text: str
    start: int
    end: int
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Edit:
    """One change between draft and despatch, classified by the rule that fired."""

    id: str
    kind: str
    stage: str
    """draft (visible on the page) or despatch (made later, no mark on the draft)."""
    carried: bool | None
    """For page edits: did the despatch confirm them? None for despatch-stage edits."""
    evidence: str
    """marked, unmarked, inferred, or for variants the kind of similarity."""
    rule: str
    draft: Span | None
    final: Span | None
    hand: str | None = None
    """For manuscript text: ``marked`` or ``inferred``; None for typed text."""
    detail: Mapping[str, object] = field(default_factory=dict)
    """Evidence behind the decision (similarity scores, reasons), for the curious reader."""


@dataclass(frozen=True, slots=True)
class Comparison:
    """Everything a renderer needs: both witnesses, their alignment and the edits."""

    draft: Witness
    final: Witness
    alignment: Alignment
    edits: tuple[Edit, ...]
    stats: Mapping[str, object]
