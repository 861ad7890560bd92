"""The value types that flow down the pipeline: sources, tokens, witnesses, alignments, edits.

All are frozen: a stage that refines a value returns a new one (``dataclasses.replace``),
so a comparison can be traced back stage by stage and nothing is changed behind a
renderer's back.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import compress, count
from operator import ne, not_
from typing import Any, Callable, Literal, Mapping, Sequence, TypeVar

from .safe import visible

T = TypeVar("T")

_HYPHEN_BREAK = re.compile(r"-[ \t]*(?:\r\n|\r|\n)[ \t]*")
"""A hyphen at a line end and the break after it: joined away when a token is shown."""

Layer = Literal["typed", "struck", "inserted", "hand"]
Relation = Literal["equal", "variant", "moved"]


class Kind(StrEnum):
    """What an edit is (``Edit.kind``). A ``StrEnum``: each member is the plain string, so
    ``e.kind == "struck"`` holds, and ``json.dumps``, CSV and templates write the plain value.

    >>> import json
    >>> Kind.STRUCK == "struck", json.dumps({Kind.MOVED: Kind.VARIANT}), f"{Kind.HANDWRITTEN}"
    (True, '{"moved": "variant"}', 'handwritten')
    """

    STRUCK = "struck"
    INSERTED = "inserted"
    HANDWRITTEN = "handwritten"
    SUBSTITUTED = "substituted"
    MOVED = "moved"
    VARIANT = "variant"
    PARAGRAPH = "paragraph"
    """A paragraph split or two joined between the versions (``structure.breaks``): the text's
    structure, not its words; ``detail["change"]`` says ``split`` or ``join``."""


class Stage(StrEnum):
    """When an edit was made (``Edit.stage``): ``draft`` (visible on the page) or ``despatch``
    (made later, no mark on the draft). A ``StrEnum``, equal to the plain string.

    >>> Stage("despatch") is Stage.DESPATCH, Stage.DRAFT == "draft"
    (True, True)
    """

    DRAFT = "draft"
    DESPATCH = "despatch"


LAYERS: tuple[str, ...] = ("typed", "struck", "inserted", "hand")
KINDS: tuple[str, ...] = tuple(k.value for k in Kind)
WORD_KINDS: tuple[str, ...] = tuple(k for k in KINDS if k != Kind.PARAGRAPH)
"""The kinds that change the words; a ``paragraph`` edit changes only where a paragraph breaks."""


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
    format: str = "text"
    """What the bytes were (``read.sniff``): ``text`` (plain, marked-up or TEI: the markup decides),
    ``html`` or ``docx``. For ``docx``, ``text`` is the text built from the document (see ``docx``)."""
    document: object = field(default=None, compare=False)
    """For ``docx``, the reader's ``docx.Document`` that ``text`` was built from (its layers,
    authors and comments), for the parser; else None."""

    def __repr__(self) -> str:
        """Short: the path, lines and size, never the whole text (a book would fill the screen)."""
        return f"<Source {self.spec!r} {len(self.text):,} chars>"

    @property
    def name(self) -> str:
        """``label`` if given, else ``path`` with its line range when one was chosen (made ``visible``)."""
        return visible(self.label or self.spec)

    @property
    def spec(self) -> str:
        """The path with the line range, as ``PATH:FIRST-LAST`` would be written."""
        if self.first == 1 and self.end >= len(self.text):  # the whole file (no count of its lines: asked once an edit)
            return self.path
        return f"{self.path}:{self.first}-{self.last}"


def maker(cls: type[T]) -> Callable[..., T]:
    """A fast constructor for the frozen slotted dataclass ``cls``: every field, in order, by position.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``, since
    its own ``__setattr__`` forbids assignment. The maker allocates an object of a twin class
    with the same slots and no freeze, fills them with plain attribute stores (which the
    interpreter specialises) and then makes the object a ``cls`` by assigning its class (the
    two share one layout), at less than half the cost. It is a function, not the twin's
    ``__init__``: the interpreter calls a Python function inline, but a class through C, a
    tenth of the cost again. The pipeline makes one token and one link a word, and a span
    or two an edit. The source is generated from the field names, as ``dataclasses``
    generates ``__init__``.
    """
    names: tuple[str, ...] = cls.__slots__  # type: ignore[attr-defined]  # a slotted dataclass
    body = "".join(f"    self.{n} = {n}\n" for n in names)
    source = (f"class Twin:\n    __slots__ = {names!r}\n\n\n"
              f"def new_{cls.__name__.lower()}({', '.join(names)}):\n    self = allocate(Twin)\n{body}"
              f"    self.__class__ = cls\n    return self\n")
    space: dict[str, Any] = {"cls": cls, "allocate": object.__new__}
    exec(source, space)
    made: Callable[..., T] = space[f"new_{cls.__name__.lower()}"]
    return made


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


new_token: Callable[[int, str, str, int, int, int, int, str, bool, str | None, int, str | None], Token] = maker(Token)
"""``Token(...)`` with every field given in order, at less than half the cost (see ``maker``)."""


def displays(tokens: Sequence[Token]) -> list[str]:
    """``[t.display for t in tokens]``, without a property call per word.

    ``display`` is the text itself for a printable word, which almost every word is;
    the texts are tested in C, and only the few others (a word hyphenated
    across a line break) go through ``display``. Most texts have no such word at all,
    which one test of the texts joined tells (a string is printable when each of its
    parts is): 7.2 ms for a 150 k-word book where testing word by word took 13.4 (best of 15).
    """
    shown = [t.text for t in tokens]  # a comprehension reads a slot faster than ``attrgetter``
    if "".join(shown).isprintable():
        return shown
    for k in compress(count(), map(not_, map(str.isprintable, shown))):
        shown[k] = tokens[k].display
    return shown


ELLIPSIS = "\u2026"
"""Stands in a quotation for words of the witness that lie between two quoted words and are left out."""


def gapped(words: list[str], at: Sequence[int], tokens: Sequence[Token]) -> list[str]:
    """``words``, the words of ``tokens`` at the sorted indices ``at``, with ``…`` between two of
    them where the witness has words between them that are left out.

    A span is quoted, and a quotation must not run two places together: ``SHALL HAVE TO REACH
    … VERY SOON`` where the despatch reads *reach a decision very soon*. Page furniture between
    two words leaves nothing out.

    >>> ts = [new_token(n, w, w, 2 * n, 2 * n + 1, 1, 2 * n + 1, "typed", False, f, 0, None)
    ...       for n, (w, f) in enumerate([("a", None), ("b", None), ("c", None), ("2", "page-number"), ("d", None)])]
    >>> gapped(["a", "c", "d"], [0, 2, 4], ts)
    ['a', '…', 'c', 'd']
    """
    if not at or at[-1] - at[0] + 1 == len(at):
        return words
    out = [words[0]]
    for n in range(1, len(at)):
        a, b = at[n - 1], at[n]
        if b > a + 1 and any(tokens[k].furniture is None for k in range(a + 1, b)):
            out.append(ELLIPSIS)
        out.append(words[n])
    return out


def runs_of(values: Sequence[T]) -> list[tuple[T, range]]:
    """Each run of equal neighbouring values, as ``(value, positions)``, in order (the cuts found in C).

    >>> runs_of([3, 3, 4, 3])
    [(3, range(0, 2)), (4, range(2, 3)), (3, range(3, 4))]
    """
    cuts = list(compress(range(1, len(values)), map(ne, values[1:], values)))
    return [(values[a], range(a, b)) for a, b in zip([0, *cuts], [*cuts, len(values)])] if values else []


def as_hand(t: Token) -> Token:
    """``dataclasses.replace(t, layer="hand", inferred=True)``, as fast as ``with_furniture``: a hand inferred."""
    return new_token(t.i, t.text, t.key, t.start, t.end, t.line, t.col, "hand", True, t.furniture, t.para, t.style)


def with_furniture(t: Token, furniture: str | None) -> Token:
    """``dataclasses.replace(t, furniture=furniture)``, without its look-up of every field by name."""
    return new_token(t.i, t.text, t.key, t.start, t.end, t.line, t.col, t.layer, t.inferred, furniture, t.para, t.style)


@dataclass(frozen=True, slots=True)
class Notice:
    """A warning or a piece of information about the input, with its place in the file."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"

    @property
    def warning(self) -> bool:
        """A warning (``warning: …``), not information (``markup: …``: what was read and why)."""
        return self.message.startswith("warning:")


class _Memo:
    """``memo(name, make)`` for a frozen value that carries a ``_memo`` dict: what is worked out
    from the value once and asked for often, kept with it (and gone with it), not in a module cache.

    The ``_memo`` field is not an argument of ``__init__`` (``init=False``), so ``dataclasses.replace``
    gives the new value a memo of its own: a witness with other tokens must not read its pages or
    columns from the one it was made from."""

    __slots__ = ()
    _memo: dict[str, Any]

    def memo(self, name: str, make: Callable[[], T]) -> T:
        """``make()``, made once for this value and kept under ``name``. Shared: read the value,
        never change it."""
        if name not in self._memo:
            self._memo[name] = make()
        value: T = self._memo[name]
        return value


@dataclass(frozen=True, slots=True)
class Witness(_Memo):
    """One side of a comparison: its source and its tokens."""

    source: Source
    tokens: tuple[Token, ...]
    notices: tuple[Notice, ...] = ()
    """Warnings raised while reading and parsing (unbalanced markup, encoding fallback)."""
    hands: Mapping[str, str] = field(default_factory=dict)
    """Why layers were inferred: reason per inferred line, ``{"line 105": "…"}``; for a Word
    document, whose tracked changes are on a line (``{"line 3": "tracked changes by A. Smith"}``)."""

    _memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)
    """Per-witness values asked for often (``memo``): the columns of words as read, for citations."""

    def __repr__(self) -> str:
        return f"<Witness {self.source.name!r} tokens={len(self.tokens):,}>"


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


new_link: Callable[[int, int, str, str, float], Link] = maker(Link)
"""``Link(...)`` with every field given in order, at less than half the cost (see ``maker``)."""


@dataclass(frozen=True, slots=True)
class Op:
    """One step of the merged walk through both witnesses, in reading order."""

    op: str
    """equal, delete (draft only), insert (final only), or furniture."""
    draft: tuple[int, ...] = ()
    final: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Alignment(_Memo):
    """Token links between two witnesses, and the merged reading order."""

    links: tuple[Link, ...]
    ops: tuple[Op, ...]
    method: str = "dmp-tokens"
    """How the alignment was computed; a coarser fallback names itself here."""
    _memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)
    """What is worked out from the links once and asked for often (``memo``): the renderers and
    citations ask for the maps once an edit, and making one walks every link (a report of 23 k
    words asked 500 times)."""

    def __repr__(self) -> str:
        return f"<Alignment {self.method} links={len(self.links):,} ops={len(self.ops):,}>"

    def draft_map(self) -> dict[int, Link]:
        """Draft token index → its link (the first, where a word was split in two). Shared: read it,
        never change it."""
        return self.memo("draft_map", self._draft_map)

    def final_map(self) -> dict[int, Link]:
        """Final token index → its link (the first, where two words were joined). Shared: read it,
        never change it."""
        return self.memo("final_map", self._final_map)

    def _draft_map(self) -> dict[int, Link]:
        # One loop with the bound ``setdefault`` (the first link of a split word): 8.5 ms for 146 k
        # links, where ``dict(zip(...))`` over a list of the drafts took 11 ms, and as much again
        # when a split word (most long texts have one) made the loop follow it.
        out: dict[int, Link] = {}
        first = out.setdefault
        for link in self.links:
            first(link.draft, link)
        return out

    def _final_map(self) -> dict[int, Link]:
        out: dict[int, Link] = {}
        first = out.setdefault
        for link in self.links:
            first(link.final, link)
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
    kind: Kind
    """What the edit is; a ``Kind``, equal to its plain string (``"struck"``)."""
    stage: Stage
    """draft (visible on the page) or despatch (made later, no mark on the draft); a ``Stage``."""
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

    def __repr__(self) -> str:
        """One line: the two sides and the edits by kind, not the tokens.

        >>> from redline import compare_texts
        >>> compare_texts("we can no longer delay", "we must delay", draft_label="d.txt", final_label="f.txt")
        <Comparison draft='d.txt' final='f.txt' edits=1 (1 substituted)>
        """
        counts: Counter[str] = Counter(e.kind for e in self.edits)
        kinds = ", ".join(f"{counts[k]} {k}" for k in KINDS if counts[k])
        return (f"<Comparison draft={self.draft.source.name!r} final={self.final.source.name!r} edits={len(self.edits)}"
                + (f" ({kinds})>" if kinds else ">"))

    def _repr_html_(self) -> str:
        """A compact inline redline for Jupyter: struck and dropped words crossed out, inserted ones underlined."""
        from .render.notebook import render

        return render(self)

    def to_json(self) -> str:
        """The JSON contract (``redline/1``), as ``--format json`` writes it."""
        return _render("json", self)

    def to_html(self, **options: object) -> str:
        """The self-contained HTML report, as ``redline report`` writes it (options: ``title``, ``furniture``)."""
        return _render("html", self, **options)

    def to_csv(self, *, bom: bool = False) -> str:
        """One row an edit, as ``--format csv`` writes it."""
        return _render("csv", self, bom=bom)

    def to_tei(self) -> str:
        """A TEI P5 parallel-segmentation apparatus, as ``--format tei`` writes it."""
        return _render("tei", self)

    def to_text(self, width: int = 100, *, side: bool = False) -> str:
        """The plain-text redline, as ``--format text`` writes it.

        >>> from redline import compare_texts
        >>> print(compare_texts("the cat sat", "the dog sat").to_text())  # doctest: +ELLIPSIS
        redline: <draft>  →  <final>
        <BLANKLINE>
        the [_cat_] {+dog+} sat
        ...
        """
        return _render("text", self, width=width, side=side)

    def to_wdiff(self) -> str:
        """``[-deleted-] {+inserted+}`` word diff, as ``wdiff`` and ``dwdiff`` write it.

        >>> from redline import compare_texts
        >>> compare_texts("the old cat", "the cat sat").to_wdiff()
        'the [-old-] cat {+sat+}\\n'
        """
        return _render("wdiff", self)

    def to_docx(self) -> bytes:
        """A Word document (bytes) whose tracked changes are the edits: accept all for the despatch,
        reject all for the draft."""
        return _render("docx", self)  # type: ignore[return-value]


def _render(fmt: str, c: Comparison, **options: object) -> str:
    """A renderer's output, the renderer imported only when it is asked for."""
    from .render import renderer

    return renderer(fmt)(c, **options)
