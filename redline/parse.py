"""Transcription markup → a ``Witness`` of tokens with layers and exact offsets.

Two stages, as in rich's markup parser: a lexer yields ``(kind, start, end)``
for every mark, run of text and run of whitespace; a builder pairs the marks,
reports the ones that cannot be paired, and turns runs of text into tokens.
Unbalanced markup never raises unless ``strict``: an unpaired mark is reported
with ``file:line:col`` and read as ordinary text, so nothing is lost (an
unpaired ``<sup>`` or ``</sup>`` is skipped instead, so it never becomes a word).

Conventions (see samples/README.md): ``~~struck~~``, ``<sup>above the line</sup>``,
``*handwriting*`` (may span lines), ``**bold**``, ``## heading``, ``[typed brackets]``.
"""

from __future__ import annotations

import re
from typing import Iterator, NamedTuple

from .errors import MarkupError
from .model import Notice, Source, Token, Witness
from .normalize import key
from .read import LineIndex, line_index

_LEX = re.compile(
    r"""
     (?P<heading>(?m:^)[ \t]*(?:\#{1,6}|>)(?=[ \t]))
    |(?P<strike>~~)
    |(?P<sup_open><sup\s*>)
    |(?P<sup_close></sup\s*>)
    |(?P<bold>\*\*)
    |(?P<hand>\*)
    |(?P<ws>\s+)
    |(?P<text>[^\s*~<]+|[~<])
    """,
    re.X | re.I,
)
_BLANK_LINE = re.compile(r"(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r\n|\r|\n)")
"""Two line breaks with only spaces between: a paragraph break (``\r\n`` is one break, not two)."""
_TOGGLES = {"strike": "~~", "bold": "**", "hand": "*"}
_NAMES = {"strike": "struck text", "bold": "bold", "hand": "handwriting", "sup_open": "insertion", "sup_close": "insertion"}


class Lexeme(NamedTuple):
    kind: str
    start: int
    end: int


def lex(text: str, start: int, end: int) -> Iterator[Lexeme]:
    """Yield the lexemes of ``text[start:end]`` with offsets into the whole text."""
    region = text[start:end]
    for m in _LEX.finditer(region):
        yield Lexeme(m.lastgroup or "text", start + m.start(), start + m.end())


Problem = tuple[int, int, str, str]
"""An unbalanced mark: ``(line, col, what is wrong, what redline did about it)``."""


def _pair(text: str, lexemes: list[Lexeme], where: LineIndex) -> tuple[set[int], set[int], list[Problem]]:
    """Which marks open or close a span, which are dropped, and what is wrong with the rest.

    A toggle (``~~``, ``**``, ``*``) opens when followed by a non-space and closes
    when preceded by one, as in CommonMark; a ``*`` that can do neither, or a
    toggle never paired, is a literal asterisk or tilde (read as text: it has no
    letters, so it never changes a word's key). A ``~~`` or ``**`` with spaces on
    both sides is still a mark (``~~ struck ~~``), with a warning. An unpaired
    ``<sup>`` or ``</sup>`` is dropped instead: read as text it would turn into
    a word ``sup``.

    Problems come back in file order.
    """
    paired: set[int] = set()
    dropped: set[int] = set()
    problems: list[Problem | None] = []
    open_at: dict[str, int | None] = {"strike": None, "bold": None, "hand": None, "sup": None}
    spaced: dict[int, int] = {}  # a spaced mark read as an opener → its warning, superseded if never closed
    spans: list[tuple[int, int]] = []  # (opening mark, closing mark) of every span

    def warn(i: int, problem: str, consequence: str) -> None:
        line, col = where(lexemes[i].start)
        problems.append((line, col, problem, consequence))

    for i, lx in enumerate(lexemes):
        if lx.kind in _TOGGLES:
            before = text[lx.start - 1] if lx.start > 0 else " "
            after = text[lx.end] if lx.end < len(text) else " "
            can_open, can_close = not after.isspace(), not before.isspace()
            opened = open_at[lx.kind]
            if opened is not None and can_close:
                paired.update((opened, i))
                spans.append((opened, i))
                open_at[lx.kind] = None
            elif opened is None and can_open:
                open_at[lx.kind] = i
            elif lx.kind != "hand" and not can_open and not can_close:
                # ``~~ text ~~``: a two-character mark is never a literal, so a spaced one still counts.
                role = "closing" if opened is not None else "opening"
                if opened is not None:
                    paired.update((opened, i))
                    spans.append((opened, i))
                    open_at[lx.kind] = None
                else:
                    open_at[lx.kind] = i
                    spaced[i] = len(problems)
                warn(i, f"'{_TOGGLES[lx.kind]}' has spaces on both sides", f"read as {role} the {_NAMES[lx.kind]}")
            elif opened is not None:
                warn(i, f"stray '{_TOGGLES[lx.kind]}' inside an open {_NAMES[lx.kind]} span", "read as text")
        elif lx.kind == "sup_open":
            if open_at["sup"] is None:
                open_at["sup"] = i
            else:
                dropped.add(i)
                warn(i, "'<sup>' inside an open '<sup>'", "ignored")
        elif lx.kind == "sup_close":
            opened = open_at["sup"]
            if opened is None:
                dropped.add(i)
                warn(i, "'</sup>' without an opening '<sup>'", "ignored")
            else:
                paired.update((opened, i))
                spans.append((opened, i))
                open_at["sup"] = None
    _crossings(spans, lexemes, warn)
    for kind, opened in open_at.items():
        if opened is not None:
            if opened in spaced:
                problems[spaced[opened]] = None
            mark = "<sup>" if kind == "sup" else _TOGGLES[kind]
            if kind == "sup":
                dropped.add(opened)
            warn(opened, f"'{mark}' ({_NAMES.get(kind, kind)}) is never closed", "ignored" if kind == "sup" else "read as text")
    problems = sorted((p for p in problems if p is not None), key=lambda p: (p[0], p[1]))
    return paired, dropped, problems


def _mark(lx: Lexeme) -> str:
    return {"strike": "~~", "bold": "**", "hand": "*", "sup_open": "<sup>", "sup_close": "</sup>"}[lx.kind]


def _crossings(spans: list[tuple[int, int]], lexemes: list[Lexeme], warn) -> None:
    """Warn where two spans cross (``~~a <sup>b~~ c</sup>``): each is read as its marks fall,
    but a transcription should nest them, and the reader should know."""
    events = sorted([(o, 0, (o, c)) for o, c in spans] + [(c, 1, (o, c)) for o, c in spans])
    stack: list[tuple[int, int]] = []
    for _, closing, span in events:
        if not closing:
            stack.append(span)
            continue
        if stack and stack[-1] != span:
            inner = stack[-1]
            warn(span[1], f"'{_mark(lexemes[span[1]])}' closes while '{_mark(lexemes[inner[0]])}' opened inside it "
                 "is still open: the marks cross", "each read as it falls")
        if span in stack:
            stack.remove(span)


def _layer(flags: dict[str, bool]) -> str:
    if flags["strike"]:
        return "struck"
    if flags["sup"]:
        return "inserted"
    if flags["hand"]:
        return "hand"
    return "typed"


def parse(source: Source, strict: bool = False) -> Witness:
    """Tokenize the chosen lines of ``source``, with layers from the markup.

    With ``strict``, the first unbalanced mark raises ``MarkupError`` instead of
    being reported as a warning.
    """
    text = source.text
    where = line_index(text)
    if not _MARKUP.search(text, source.start, source.end):
        # No mark of any kind: every run of non-space is a typed word (the lexer would say the same).
        return Witness(source, tuple(_tokens(text, where, _plain_words(text, source.start, source.end))), ())
    lexemes = list(lex(text, source.start, source.end))
    paired, dropped, problems = _pair(text, lexemes, where)
    if strict and problems:
        line, col, problem, _ = problems[0]
        raise MarkupError(
            f"{source.path}:{line}:{col}: unbalanced markup: {problem}; "
            "fix the transcription, or compare without --strict to read it as best redline can"
        )
    notices = [Notice(source.path, line, col, f"warning: {problem}; {what}") for line, col, problem, what in problems]

    flags = {"strike": False, "sup": False, "hand": False, "bold": False, "heading": False}
    raw: list[tuple[int, int, str, str | None, int]] = []  # start, end, layer, style, para
    word_start: int | None = None
    word_end = 0
    word_meta: tuple[str, str | None] = ("typed", None)
    para = 0

    def flush() -> None:
        nonlocal word_start
        if word_start is not None:
            raw.append((word_start, word_end, word_meta[0], word_meta[1], para))
            word_start = None

    for i, lx in enumerate(lexemes):
        kind = lx.kind
        if kind == "ws":
            flush()
            gap = text[lx.start : lx.end]
            if _BLANK_LINE.search(gap):
                para += 1
            if "\n" in gap or "\r" in gap:
                flags["heading"] = False
            continue
        if kind == "heading":
            flush()
            flags["heading"] = True
            continue
        if i in dropped:
            flush()
            continue
        if i in paired:
            flush()
            name = "sup" if kind.startswith("sup") else kind
            flags[name] = kind != "sup_close" and not flags[name] if name != "sup" else kind == "sup_open"
            continue
        style = "heading" if flags["heading"] else "bold" if flags["bold"] else None
        meta = (_layer(flags), style)
        if word_start is not None and meta != word_meta:
            flush()
        if word_start is None:
            word_start, word_meta = lx.start, meta
        word_end = lx.end
    flush()

    return Witness(source, tuple(_tokens(text, where, raw)), tuple(notices))


_MARKUP = re.compile(r"[~<*#>]")
"""A character that can begin a mark; a text without any is read by the fast path."""
_WORD = re.compile(r"\S+")


def _plain_words(text: str, start: int, end: int) -> list[tuple[int, int, str, str | None, int]]:
    """Raw words of a stretch with no markup: runs of non-space, paragraphs at blank lines."""
    raw = []
    para = 0
    last = start
    for m in _WORD.finditer(text, start, end):
        if _BLANK_LINE.search(text, last, m.start()):
            para += 1
        raw.append((m.start(), m.end(), "typed", None, para))
        last = m.end()
    return raw


def _tokens(text: str, where: LineIndex, raw: list[tuple[int, int, str, str | None, int]]) -> list[Token]:
    """Tokens from raw words: hyphenated line ends joined, pure punctuation dropped, keys and places set."""
    tokens: list[Token] = []
    for start, end, layer, style, p in _join_hyphenated(text, raw):
        surface = text[start:end]
        k = key(surface)
        if not k:
            continue
        line, col = where(start)
        tokens.append(Token(len(tokens), surface, k, start, end, line, col, layer, False, None, p, style))
    return tokens


_HYPHEN_BREAK = re.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t]*")


def _join_hyphenated(text: str, raw: list[tuple[int, int, str, str | None, int]]):
    """Join a word hyphenated at a line end (``UNDER-`` / ``STAND``) into one token.

    The joined token's surface spans the line break, so it still equals its
    slice of the file.
    """
    i = 0
    while i < len(raw):
        start, end, layer, style, para = raw[i]
        if i + 1 < len(raw):
            nstart, nend, nlayer, nstyle, npara = raw[i + 1]
            word = text[start:end]
            if (
                len(word) > 2
                and word.endswith("-")
                and word[-2].isalpha()
                and nlayer == layer
                and npara == para
                and _HYPHEN_BREAK.fullmatch(text[end:nstart])
                and text[nstart].isalpha()
            ):
                yield start, nend, layer, style, para
                i += 2
                continue
        yield start, end, layer, style, para
        i += 1
