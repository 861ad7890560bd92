"""Transcription markup → a ``Witness`` of tokens with layers and exact offsets.

Two stages, as in rich's markup parser: a lexer finds the marks ``(kind, start,
end)`` (``lex`` yields every lexeme, runs of text and whitespace too; ``parse``
searches for the marks alone, which is the same for them and far quicker on a
long text); a builder pairs the marks, reports the ones that cannot be paired,
and turns the runs of text between them into tokens.
Unbalanced markup never raises unless ``strict``: an unpaired mark is reported
with ``file:line:col`` and read as ordinary text, so nothing is lost (an
unpaired ``<sup>`` or ``</sup>`` is skipped instead, so it never becomes a word).

Conventions (see samples/README.md): ``~~struck~~``, ``<sup>above the line</sup>``,
``*handwriting*`` (may span lines), ``**bold**``, ``## heading``, ``[typed brackets]``.
"""

from __future__ import annotations

import bisect
import heapq
import re
from operator import attrgetter
from typing import Iterator, NamedTuple

from .errors import MarkupError
from .model import Notice, Source, Token, Witness, new_token
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


def parse(source: Source, strict: bool = False) -> Witness:
    """Tokenize the chosen lines of ``source``, with layers from the markup.

    With ``strict``, the first unbalanced mark raises ``MarkupError`` instead of
    being reported as a warning.
    """
    text = source.text
    where = line_index(text)
    marks = _marks(text, source.start, source.end)
    paired, dropped, problems = _pair(text, marks, where)
    if strict and problems:
        line, col, problem, _ = problems[0]
        raise MarkupError(
            f"{source.path}:{line}:{col}: unbalanced markup: {problem}; "
            "fix the transcription, or compare without --strict to read it as best redline can"
        )
    notices = [Notice(source.path, line, col, f"warning: {problem}; {what}") for line, col, problem, what in problems]
    bounds = [(lx, n in dropped) for n, lx in enumerate(marks) if lx.kind == "heading" or n in paired or n in dropped]
    return Witness(source, tuple(_read_tokens(text, source.start, source.end, bounds, where)), tuple(notices))


_MARK = re.compile(r"~~|<sup\s*>|</sup\s*>|\*\*|\*", re.I)
"""The marks other than headings, exactly where ``_LEX`` finds them.

Text and whitespace never hold a mark's first character (``~ < *``), so the lexer
stands at every such character and tries the marks first, as this search does.
No groups: a pattern that starts with literals lets the regex engine skip ahead
to the next ``~ < *`` (ten times faster than with named groups); ``_KIND`` names
the mark from its text instead."""
_KIND = {"~~": "strike", "**": "bold", "*": "hand"}


def _kind(mark: str) -> str:
    """The ``_LEX`` group name of a mark's text."""
    return _KIND.get(mark) or ("sup_close" if mark[1] == "/" else "sup_open")


_HEADING_AT_START = re.compile(r"[ \t]*(?:\#{1,6}|>)(?=[ \t])")
_HEADING_AFTER_BREAK = re.compile(r"\n(?:\#{1,6}|>)(?=[ \t])")
"""``_LEX`` tries a heading only where a lexeme ends at a line start: at the region's
start (after optional spaces), or right after whitespace that ends with ``\n``. So a
line indented by spaces never starts a heading; a heading's ``>`` that is really the
end of a ``<sup\n>`` is dropped by ``_marks``."""


_START = attrgetter("start")


def _marks(text: str, start: int, end: int) -> list[Lexeme]:
    """Every mark of ``text[start:end]`` as ``lex`` would yield it, in order, without the text between."""
    marks = [Lexeme(_kind(m.group()), m.start(), m.end()) for m in _MARK.finditer(text, start, end)]
    heads = [Lexeme("heading", m.start() + 1, m.end()) for m in _HEADING_AFTER_BREAK.finditer(text, start, end)]
    first = _HEADING_AT_START.match(text, start, end)
    if first:
        heads.insert(0, Lexeme("heading", first.start(), first.end()))
    if not heads:
        return marks
    starts = [lx.start for lx in marks]

    def inside_a_mark(h: Lexeme) -> bool:
        k = bisect.bisect_right(starts, h.start) - 1
        return k >= 0 and h.start < marks[k].end

    return list(heapq.merge(marks, [h for h in heads if not inside_a_mark(h)], key=_START))


_GAP_WORD = re.compile(r"(\s*)(\S+)")
"""A run of whitespace (maybe empty) and the word after it: one lexer ``ws`` and the text lexemes of one word."""


def _read_tokens(text: str, start: int, end: int, bounds: list[tuple[Lexeme, bool]], where: LineIndex) -> list[Token]:
    """The tokens of ``text[start:end]``: words with their layers, styles and paragraphs, hyphenated
    line ends joined, pure punctuation dropped, keys and places set.

    ``bounds`` are the marks that end a word, in file order, each with True when it
    was dropped (it ends the word and changes nothing); the others are headings and
    paired marks, which change the state. Between two of them every run of non-space
    is one word (a literal ``*`` or ``~`` is part of it) and every run of whitespace
    is one lexer ``ws``: a blank line in it starts a paragraph, a line break in it
    ends a heading. This is what the lexeme-by-lexeme builder did, with one regex
    match per word instead of one object per lexeme, and one pass from the match to
    the token. Keys are computed once per distinct surface (a long text repeats its
    words), lines are found by walking the line starts forward (words come in file
    order), and only a word that ends at a hyphen before a line break is tested for
    joining with the next, which then stands between the same two marks (nothing but
    the line break may separate them).
    """
    tokens: list[Token] = []
    append = tokens.append
    keys: dict[str, str] = {}
    texts: dict[str, str] = {}
    starts = where.starts
    n_lines = len(starts)
    line = bisect.bisect_right(starts, start)  # starts[line - 1] <= offset < starts[line]
    # The current line's start and the next line's, kept at hand: most words stay on the line of the word before.
    line_start, next_start = starts[line - 1], starts[line] if line < n_lines else len(text) + 1
    breaks = {m.start() + 1 for m in _HYPHEN_AT_BREAK.finditer(text, start, end)}
    strike = sup = hand = bold = heading = False
    para = 0
    pos = start

    def line_break(ws: str) -> None:  # whitespace with a line break in it: a heading ends, a blank line starts a paragraph
        nonlocal heading, para
        heading = False
        if _BLANK_LINE.search(ws):
            para += 1

    for mark, was_dropped in [*bounds, (None, False)]:
        seg_end = end if mark is None else mark.start
        layer = "struck" if strike else "inserted" if sup else "hand" if hand else "typed"
        at = pos
        joined_to = -1  # the end of a word joined to the one before it: that word is passed over
        words = _GAP_WORD.findall(text, pos, seg_end)
        for n, (ws, word) in enumerate(words):
            if ws and ws != " " and ("\n" in ws or "\r" in ws):
                line_break(ws)
            w_start = at + len(ws)
            at = w_end = w_start + len(word)
            if w_end == joined_to:
                continue
            surface = word
            if w_end in breaks and n + 1 < len(words):
                ws_after, word_after = words[n + 1]
                after = w_end + len(ws_after)
                if _joins(text, w_start, w_end, after):
                    joined_to = w_end = after + len(word_after)
                    surface = text[w_start:w_end]
            k = keys.get(surface)
            if k is None:
                k = keys[surface] = key(surface)
                texts[surface] = surface
            else:
                surface = texts[surface]  # one string for every copy of a word: a long text repeats its words
            if not k:
                continue
            if w_start >= next_start:
                while line < n_lines and starts[line] <= w_start:
                    line += 1
                line_start, next_start = starts[line - 1], starts[line] if line < n_lines else len(text) + 1
            append(new_token(len(tokens), surface, k, w_start, w_end, line, w_start - line_start + 1, layer, False,
                             None, para, "heading" if heading else "bold" if bold else None))
        if at < seg_end:  # whitespace before the mark
            ws = text[at:seg_end]
            if "\n" in ws or "\r" in ws:
                line_break(ws)
        if mark is None:
            break
        pos = mark.end
        kind = mark.kind
        if kind == "heading":
            heading = True
        elif was_dropped:
            pass
        elif kind == "strike":
            strike = not strike
        elif kind == "hand":
            hand = not hand
        elif kind == "bold":
            bold = not bold
        else:
            sup = kind == "sup_open"
    return tokens


_HYPHEN_BREAK = re.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t]*")
_HYPHEN_AT_BREAK = re.compile(r"-(?=[ \t]*[\r\n])")
"""A hyphen followed by a line break: where a word may continue on the next line."""


def _joins(text: str, start: int, end: int, next_start: int) -> bool:
    """Is the word ``text[start:end]`` hyphenated at a line end (``UNDER-`` / ``STAND``), to be joined
    with the word at ``next_start`` (between the same two marks) into one token?

    Only when the hyphen follows a letter and nothing but the line break stands between
    them (so both are of one layer and one paragraph). The joined token's surface spans
    the line break, so it still equals its slice of the file.
    """
    return (
        end - start > 2
        and text[end - 1] == "-"
        and text[end - 2].isalpha()
        and _HYPHEN_BREAK.fullmatch(text, end, next_start) is not None
        and text[next_start].isalpha()
    )
