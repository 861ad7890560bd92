"""Transcription markup → a ``Witness`` of tokens with layers and exact offsets.

Two stages, as in rich's markup parser: a lexer finds the marks ``(kind, start,
end)`` (``lex`` yields every lexeme, runs of text and whitespace too; ``parse``
searches for the marks alone, which is the same for them and far quicker on a
long text); a builder pairs the marks, reports the ones that cannot be paired,
and turns the runs of text between them into tokens.
Unbalanced markup never raises unless ``strict``: an unpaired mark is reported
with ``file:line:col`` and read as ordinary text, so nothing is lost (an
unpaired ``<sup>`` or ``</sup>`` is skipped instead, so it never becomes a word).

Marks are read only where they are marks (``reading``): a toggle opens or closes by
CommonMark's flanking rules, a span never runs over a blank line, and a text in which no
span pairs is plain text (a printed book's footnote asterisks, ``* * *``, ``#`` signs).

Conventions (see samples/README.md): ``~~struck~~``, ``<sup>above the line</sup>``,
``*handwriting*`` (may span lines), ``**bold**``, ``## heading``, ``[typed brackets]``.
"""

from __future__ import annotations

import bisect
import heapq
import re
import unicodedata
from operator import attrgetter
from typing import AbstractSet, Iterator, NamedTuple

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


class Pairing(NamedTuple):
    """What ``_pair`` found: the marks that open or close a span, the ones dropped, what is wrong
    with the rest, and counts for the reader.

    ``problems`` are ``(offset, line, col, problem, consequence, sort)`` in file order; ``sort`` is
    ``"footnote"`` for a ``*`` or ``**`` that only a footnote reference explains (it follows a word
    and opens nothing), ``"star"`` for any other ``*`` or ``**`` that pairs with nothing, else ``""``.
    ``spans`` counts the paired spans by mark kind (``strike``, ``sup``, ``hand``, ``bold``);
    ``literal`` counts the toggles read as text; ``superscripts`` the typographic ``<sup>`` read as
    typed text (``2<sup>nd</sup>``).
    """

    paired: set[int]
    dropped: set[int]
    problems: list[tuple[int, int, int, str, str, str]]
    spans: dict[str, int]
    literal: dict[str, int]
    superscripts: int
    hand_spans: tuple[tuple[int, int], ...] = ()
    """The ``(opening, closing)`` lexeme indexes of every paired ``*…*`` span."""


_PUNCT = frozenset("PS")


def _is_punct(ch: str) -> bool:
    """CommonMark's punctuation: ASCII punctuation and Unicode P* and S* (``~`` and ``<`` included)."""
    return unicodedata.category(ch)[0] in _PUNCT


def _flanking(text: str, lx: Lexeme) -> tuple[bool, bool]:
    """Can the toggle ``lx`` open a span, and can it close one? CommonMark's flanking rules.

    An opener must be left-flanking: the next character is not white space, and when it is
    punctuation the one before is white space, punctuation or the start. A closer must be
    right-flanking (the mirror image). So ``tread*.`` (a footnote mark after a word, then a full
    stop) can only close, ``*Yours`` only open, ``* * *`` and a lone ``*`` neither; ``a*b*c``
    inside a word can do both, as CommonMark allows for ``*``. The Markdown rules are the
    evidence: transcribers who write ``*hand*`` write it as Markdown emphasis, and every mark in
    the sample files and the Julian manuscript pairs under them as before.
    """
    before = text[lx.start - 1] if lx.start > 0 else " "
    after = text[lx.end] if lx.end < len(text) else " "
    b_space, a_space = before.isspace(), after.isspace()
    b_punct, a_punct = not b_space and _is_punct(before), not a_space and _is_punct(after)
    left = not a_space and (not a_punct or b_space or b_punct)
    right = not b_space and (not b_punct or a_space or a_punct)
    return left, right


_TYPO_SUP = re.compile(r"([^\W_]{1,4})(</sup\s*>)", re.I)
"""A short letter-or-digit run closed at once: the inside of a typographic superscript."""


def _typographic_sup(text: str, lx: Lexeme) -> int | None:
    """Where the ``</sup>`` of a typographic superscript starts, when ``lx`` opens one; else None.

    ``2<sup>nd</sup>``, ``Mlle<sup>s</sup>``, ``word<sup>3</sup>``: the tag is glued to the end of
    a word and holds at most four letters or digits, and no letter follows the closing tag. That
    is an ordinal or a footnote number set above the line by the printer, part of the typed
    text, not a word inserted above the line: an insertion stands between words (every one in
    the sample files and in the Julian manuscript has a space or a ``~~`` before it), and one
    letter inserted inside a word (``wor<sup>l</sup>d``) has a letter after it. The tags still
    never become words (read as text, ``<sup>`` would be the word ``sup``).
    """
    if lx.start == 0 or not _is_word_char(text[lx.start - 1]):
        return None
    m = _TYPO_SUP.match(text, lx.end)
    if m is None or (m.end() < len(text) and _is_word_char(text[m.end()])):
        return None
    return m.start(2)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


def _spaced(text: str, lx: Lexeme) -> bool:
    """White space (or the start or end of the text) on both sides of ``lx``."""
    return (lx.start == 0 or text[lx.start - 1].isspace()) and (lx.end == len(text) or text[lx.end].isspace())


_BRACKETS = frozenset({"()", "[]", "{}"})


def _bracketed(text: str, lx: Lexeme) -> bool:
    """Is the mark ``lx`` alone in brackets, ``(*)``, ``[**]``? A footnote reference, as print sets
    one: nothing is inside to mark, and no span of the sample files or the Julian manuscript opens
    or closes against a bracket that holds only the mark."""
    return 0 < lx.start and lx.end < len(text) and text[lx.start - 1] + text[lx.end] in _BRACKETS


_CODE = re.compile(r"(`+)[^`\r\n]+?\1")
"""A Markdown code span on one line: `` `SELECT *` ``, ``` ``a*b`` ```."""


def _in_code(text: str, lexemes: list[Lexeme], start: int = 0, end: int | None = None) -> frozenset[int]:
    """The indexes of the marks of ``lexemes`` inside a Markdown code span (`` `a*b*c` ``).

    The evidence: a backtick has no meaning in the dialect (no sample file has one; of the
    development corpus one, alone, in a poem's first edition) and in Markdown what stands between
    backticks is code, read literally: its asterisks are multiplication and globs, not a hand.
    """
    end = len(text) if end is None else end
    if not lexemes or text.find("`", start, end) < 0:
        return frozenset()
    inside: set[int] = set()
    starts = [lx.start for lx in lexemes]
    for m in _CODE.finditer(text, start, end):
        a = bisect.bisect_left(starts, m.start())
        b = bisect.bisect_left(starts, m.end())
        inside.update(k for k in range(a, b) if lexemes[k].kind != "heading")
    return frozenset(inside)


def _blank_lines(text: str, start: int, end: int) -> list[int]:
    """Where each paragraph break (``_BLANK_LINE``) of ``text[start:end]`` starts."""
    return [m.start() for m in _BLANK_LINE.finditer(text, start, end)]


_NONE_OPEN: dict[str, int | None] = {"strike": None, "bold": None, "hand": None, "sup": None}
"""``_pair``'s open spans when none is open: where each kind of span opened, None for each."""


def _pair(text: str, lexemes: list[Lexeme], where: LineIndex, start: int = 0, end: int | None = None,
          code: frozenset[int] = frozenset()) -> Pairing:
    """Which marks open or close a span, which are dropped, and what is wrong with the rest.

    A toggle (``~~``, ``**``, ``*``) opens when it is left-flanking and closes when it is
    right-flanking (``_flanking``); a toggle that can do neither, or one never paired, is a
    literal asterisk or tilde (read as text: it has no letters, so it never changes a word's
    key). A ``~~`` or ``**`` with spaces on both sides is still a mark (``~~ struck ~~``), with
    a warning. An unpaired ``<sup>`` or ``</sup>`` is dropped instead: read as text it would turn
    into a word ``sup``; so is a typographic superscript's pair of tags (``_typographic_sup``).

    Marks inside a Markdown code span (``code``: ``_in_code``) and an asterisk in brackets, ``(*)``,
    a footnote reference (``_bracketed``), are text, without a warning.

    A span never runs over a paragraph break (a blank line): a mark still open when its
    paragraph ends is read as text (a ``<sup>`` is dropped), with a warning. The evidence: no
    span in the sample files or the Julian manuscript crosses a blank line (handwriting over
    several lines of one paragraph, a signature block, does, and still pairs), while a printed
    book's footnote asterisks, paired across paragraphs, turned hundreds of lines into
    handwriting. A transcriber who did mean a span over a blank line is told where it opened.

    Problems come back in file order.
    """
    end = len(text) if end is None else end
    paired: set[int] = set()
    dropped: set[int] = set()
    problems: list[tuple[int, int, int, str, str, str] | None] = []
    open_at: dict[str, int | None] = dict(_NONE_OPEN)
    spaced: dict[int, int] = {}  # a spaced mark read as an opener → its warning, superseded if never closed
    spans: list[tuple[int, int]] = []  # (opening mark, closing mark) of every span
    literal: dict[str, int] = {}
    typo_closes: set[int] = set()  # where the '</sup>' of a typographic superscript starts
    blanks = _blank_lines(text, start, end) if lexemes else []
    last_end = start

    def warn(i: int, problem: str, consequence: str, sort: str = "") -> None:
        line, col = where(lexemes[i].start)
        problems.append((lexemes[i].start, line, col, problem, consequence, sort))

    def as_text(kind: str, i: int) -> None:
        mark = _mark(lexemes[i]) if kind != "sup" else "<sup>"
        literal[mark] = literal.get(mark, 0) + 1

    def unclosed(kind: str, opened: int, why: str) -> None:
        if opened in spaced:
            problems[spaced[opened]] = None
        mark = "<sup>" if kind == "sup" else _TOGGLES[kind]
        if kind == "sup":
            dropped.add(opened)
        else:
            as_text(kind, opened)
        sort = "star" if kind in ("hand", "bold") else ""
        warn(opened, f"'{mark}' ({_NAMES.get(kind, kind)}) {why}", "ignored" if kind == "sup" else "read as text", sort)

    for i, lx in enumerate(lexemes):
        kind = lx.kind
        if kind in ("ws", "text", "heading"):
            continue
        if blanks and open_at != _NONE_OPEN:  # some span is open (compared in C: a generator a mark cost more)
            k = bisect.bisect_left(blanks, last_end)
            if k < len(blanks) and blanks[k] < lx.start:  # a paragraph ended since the last mark
                for name, opened in open_at.items():
                    if opened is not None:
                        unclosed(name, opened, "is not closed within its paragraph")
                        open_at[name] = None
        last_end = lx.end
        if i in code or (kind in ("hand", "bold") and _bracketed(text, lx)):
            as_text(kind, i)
            continue
        if kind in _TOGGLES:
            can_open, can_close = _flanking(text, lx)
            opened = open_at[kind]
            if opened is not None and can_close:
                paired.update((opened, i))
                spans.append((opened, i))
                open_at[kind] = None
            elif opened is None and can_open:
                open_at[kind] = i
            elif kind != "hand" and _spaced(text, lx):
                # ``~~ text ~~``: a two-character mark is never a literal, so a spaced one still counts.
                role = "closing" if opened is not None else "opening"
                if opened is not None:
                    paired.update((opened, i))
                    spans.append((opened, i))
                    open_at[kind] = None
                else:
                    open_at[kind] = i
                    spaced[i] = len(problems)
                warn(i, f"'{_TOGGLES[kind]}' has spaces on both sides", f"read as {role} the {_NAMES[kind]}")
            elif opened is not None:
                as_text(kind, i)
                warn(i, f"stray '{_TOGGLES[kind]}' inside an open {_NAMES[kind]} span", "read as text",
                     "star" if kind != "strike" else "")
            elif can_close:
                as_text(kind, i)
                mark = _TOGGLES[kind]
                if kind == "strike":
                    warn(i, f"'{mark}' closes no struck text", "read as text")
                else:
                    warn(i, f"'{mark}' after a word opens nothing (a footnote mark?)", "read as text", "footnote")
            else:
                as_text(kind, i)  # a lone '*', '* * *': an asterisk, not a mark
        elif kind == "sup_open":
            close_at = _typographic_sup(text, lx) if open_at["sup"] is None else None
            if close_at is not None:
                dropped.add(i)
                typo_closes.add(close_at)
            elif open_at["sup"] is None:
                open_at["sup"] = i
            else:
                dropped.add(i)
                warn(i, "'<sup>' inside an open '<sup>'", "ignored")
        elif kind == "sup_close":
            opened = open_at["sup"]
            if lx.start in typo_closes:
                dropped.add(i)
            elif opened is None:
                dropped.add(i)
                warn(i, "'</sup>' without an opening '<sup>'", "ignored")
            else:
                paired.update((opened, i))
                spans.append((opened, i))
                open_at["sup"] = None
    _crossings(spans, lexemes, warn)
    k = bisect.bisect_left(blanks, last_end)
    ended = k < len(blanks)  # a paragraph break after the last mark: the open spans' paragraph ended
    for kind, opened in open_at.items():
        if opened is not None:
            unclosed(kind, opened, "is not closed within its paragraph" if ended else "is never closed")
    counts: dict[str, int] = {}
    for o, _ in spans:
        name = "sup" if lexemes[o].kind == "sup_open" else lexemes[o].kind
        counts[name] = counts.get(name, 0) + 1
    found = sorted((p for p in problems if p is not None), key=lambda p: p[0])
    hands = tuple(span for span in spans if lexemes[span[0]].kind == "hand")
    return Pairing(paired, dropped, found, counts, literal, len(typo_closes), hands)


_SENTENCE_END = frozenset(".!?:")
"""What ends a sentence (or a heading's lead-in) before a span: ``Typed. *Agree - CDP* More``."""
_INITIALS = re.compile(r"(?:[A-Z]{2,4}|(?:[A-Z]\.){2,4})\Z")
"""A minute's initials, its last word: ``CDP``, ``C.D.P.``."""
_CLASSIFICATION = re.compile(r"\b(?:SECRET|CONFIDENTIAL|RESTRICTED)\b")


def _line_of(text: str, at: int) -> tuple[int, int]:
    """Where the line holding offset ``at`` starts and ends (before its line break)."""
    start = max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1
    ends = [e for e in (text.find("\n", at), text.find("\r", at)) if e >= 0]
    return start, min(ends) if ends else len(text)


class _Span(NamedTuple):
    """One paired ``*…*`` span, as ``emphasis`` weighs it."""

    opening: int
    closing: int
    standing: bool
    """Whole lines (opens at a line's start and closes at a line's end), or over a line break
    from a line's start or to a line's end: a signature, a minute, a note in the margin."""
    whole: bool
    """Opens at a line's start and closes at a line's end."""
    crosses: bool
    """A line break inside it."""
    in_sentence: bool
    """Not standing, and the sentence runs on past it: a word or a comma before it on its line (not
    a full stop, ``!``, ``?``, ``:``), or after it a word in lower case or punctuation."""
    signed: bool
    """Two words or more, the last a minute's initials (``Agree - CDP``)."""


def _weigh(text: str, opening: Lexeme, closing: Lexeme, o: int, c: int) -> _Span:
    line_start, _ = _line_of(text, opening.start)
    _, line_end = _line_of(text, closing.end)
    before = text[line_start : opening.start].rstrip(" \t")
    after = text[closing.end : line_end].lstrip(" \t")
    inner = text[opening.end : closing.start]
    crosses = "\n" in inner or "\r" in inner
    opens, closes = not before, not after
    standing = (opens and closes) or (crosses and (opens or closes))
    in_sentence = not standing and (
        (bool(before) and before[-1] not in _SENTENCE_END) or (bool(after) and not after[0].isupper()))
    words = inner.split()
    signed = len(words) >= 2 and _INITIALS.search(words[-1]) is not None
    return _Span(o, c, standing, opens and closes, crosses, in_sentence, signed)


def classified(text: str, start: int = 0, end: int | None = None) -> bool:
    r"""Does ``text[start:end]`` have a security classification line (``SECRET``, ``CONFIDENTIAL``,
    ``RESTRICTED``, ``TOP SECRET`` in capitals, on a line of at most four words, all in capitals)?

    The same sign ``evidence`` takes from the furniture rules, found here from the text alone (the
    parser runs before them): an office typescript's registry evidence, which a printed book and a
    Markdown text do not carry (none of the development corpus has one; every sample draft does).

    >>> classified("CONFIDENTIAL COVERING SECRET\nText"), classified("A Secret Garden\nthe SECRET of it all was kept")
    (True, False)
    """
    from .evidence import is_core_classification

    end = len(text) if end is None else end
    for m in _CLASSIFICATION.finditer(text, start, end):
        a, b = _line_of(text, m.start())
        line = text[max(a, start) : min(b, end)]
        words = line.split()
        if len(words) <= 4 and line == line.upper() and is_core_classification(words):
            return True
    return False


class Reading(NamedTuple):
    """What ``emphasis`` decides for a witness's ``*…*`` spans."""

    emphasised: AbstractSet[int]
    """The marks of the spans read as emphasis (print's italics): they end a word and change nothing."""
    footnotes: AbstractSet[int]
    """The marks of the spans read as footnote asterisks paired by chance: text."""
    why: str
    """Why the spans read as emphasis are, for the markup notice ("" when none is)."""


_NOTHING = Reading(frozenset(), frozenset(), "")  # shared: frozen, so no reader can change it


def emphasis(text: str, lexemes: list[Lexeme], hand_spans: tuple[tuple[int, int], ...], footnote_marks: int = 0,
             start: int = 0, end: int | None = None, amended: bool = False) -> Reading:
    """Which ``*…*`` spans of a witness are handwriting, which print's emphasis, which footnote marks.

    The evidence: in the dialect a hand is a line of its own or more — a signature, a minute, a
    note in the margin, a minute over two lines that opens a line or ends one: every ``*…*`` span
    of the sample files opens at a line's start *and* closes at its end (``_Span.standing``), and
    words inserted inside a typed line are written ``<sup>``. A printed book or a Markdown text
    marks italics with asterisks inside its sentences (``I was *very* glad``, ``replied *his*`` at
    a hard-wrapped line's end, ``*Note.*—The figures``, a stage direction ``*Aside.*``), and a
    book's footnote asterisks can pair with one another (``observes*, …`` / ``*Wealth of Nations…``
    / ``Kent* was``); read as hands they put a handwritten edit in the text and make it look like
    an office typescript (``evidence``), which switches on the archive's rules. So:

    - **footnote marks**: in a text with a footnote asterisk (a ``*`` glued after a word that
      opens nothing, ``footnote_marks``), a span that runs over a line break and is not whole
      lines (``_Span.whole``: the footnote's ``*Wealth…`` opens a line, the next reference,
      ``Kent* was``, closes inside one) is two more footnote asterisks, read as text;
    - **print's italics**: when two or more spans stand inside sentences (``in_sentence``) and
      they outnumber the standing ones, the text is a book's or a Markdown text's: every span is
      emphasis (a standing one too, ``*Last updated: 3 March*``), but in a text with a security
      classification line (``classified``) or amendment marks, where the standing spans stay hands;
    - **the dialect's convention**: otherwise one standing span shows that the transcriber writes
      hands with asterisks, and every span of the witness is a hand (``then`` in ``We agree, and
      *then* more`` beside a signature block);
    - **no standing span**: a span stays a hand only with evidence that the text is a
      transcription in the dialect — a classification line, or paired ``~~struck~~`` or
      ``<sup>inserted</sup>`` marks (``amended``: where the dialect's own marks are used, its
      ``*`` is a hand), unless two or more spans stand inside sentences — or, between two
      sentences, a minute's initials (``Typed. *Agree - CDP* More``); any other is emphasis (one
      italic word is as much a book's as many: ``I was *very* glad``).

    Checked on the sample files (their eight spans all stand: all stay hands), the development
    corpus (no ``*…*`` span pairs in it) and the books' and Markdown probes (none keeps a hand).
    """
    if not hand_spans:
        return _NOTHING
    spans = [_weigh(text, lexemes[o], lexemes[c], o, c) for o, c in hand_spans]
    footnotes = {i for s in spans if footnote_marks and s.crosses and not s.whole for i in (s.opening, s.closing)}
    spans = [s for s in spans if s.opening not in footnotes]
    standing = [s for s in spans if s.standing]
    running = [s for s in spans if not s.standing]
    inside = sum(s.in_sentence for s in running)
    why = ""
    chosen: list[_Span] = []
    if not running:
        pass
    elif not standing:
        if inside >= 2 or not (amended or classified(text, start, end)):
            chosen = [s for s in running if s.in_sentence or not s.signed]
            why = ("none stands on a line of its own" if len(spans) > 1 else
                   "the only one, inside a line, with no classification line, amendment marks or initials")
    elif inside >= 2 and inside > len(standing):
        chosen = running if amended or classified(text, start, end) else spans
        why = f"{inside} inside sentences, as print's italics are"
    return Reading({i for s in chosen for i in (s.opening, s.closing)}, footnotes, why)


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


MARKUP = ("auto", "marks", "none")
"""How ``parse`` reads marks: ``auto`` decides per text (``reading``), ``marks`` always reads the
dialect, ``none`` reads every character as text. (TEI is ``api.load``'s choice, not the parser's.)"""

_SPAN_NAMES = {"strike": "struck", "sup": "above the line", "hand": "handwriting", "bold": "bold"}
_KEEP_EACH = 3
"""In a marked text, the same problem is reported at this many places one by one, then once for the rest."""


def reading(source: Source, lexemes: list[Lexeme], where: LineIndex, markup: str = "auto",
            strict: bool = False) -> tuple[set[int], set[int], bool, tuple[Notice, ...]]:
    """Decide how to read ``lexemes`` (the marks of ``source``'s selection, or every lexeme):
    which marks open or close a span, which are dropped, whether headings count, and the notices.

    With ``markup="auto"`` a text is read as transcription markup only when at least one span
    pairs (``_pair``: flanking, within a paragraph): else it is plain text, as a printed book or
    a clean typescript is, its asterisks footnote marks or scene breaks and its ``#`` a number
    sign; no mark is read and no heading styled. The evidence: the sample files and the Julian
    manuscript, the texts written in the dialect, each pair a span in every marked document;
    the printed texts of the corpus pair none. In a plain text the asterisks that pair with
    nothing say so once, not once each (a novel has hundreds of footnote marks): as part of the
    ``markup:`` notice, and as one warning when one of them looks like a forgotten closing mark
    (it opens a span that its paragraph never closes). In a marked text every unpaired mark is
    a warning, but one problem repeated (a footnote mark after a word, opening nothing) only at
    its first few places, then once for the rest. The first notice always says what was read and why (``markup: …``); it is not a
    warning. With ``strict``, the first warning raises ``MarkupError``.
    """
    path, first = source.path, source.first
    if markup == "none":
        return set(), set(), False, (Notice(path, first, 1, "markup: none (--markup none): every character read as text"),)
    code = _in_code(source.text, lexemes, source.start, source.end)
    pairing = _pair(source.text, lexemes, where, source.start, source.end, code)
    footnote_marks = sum(1 for p in pairing.problems if p[5] == "footnote")
    amended = bool(pairing.spans.get("strike") or pairing.spans.get("sup"))
    read = (emphasis(source.text, lexemes, pairing.hand_spans, footnote_marks, source.start, source.end, amended)
            if markup == "auto" else _NOTHING)
    emphasised, footnotes = read.emphasised, read.footnotes
    if emphasised or footnotes:  # italics end a word and change nothing; footnote marks are text
        hands = pairing.spans.get("hand", 0) - (len(emphasised) + len(footnotes)) // 2
        spans = {k: n for k, n in pairing.spans.items() if k != "hand"} | ({"hand": hands} if hands else {})
        literal = dict(pairing.literal)
        if footnotes:
            literal["*"] = literal.get("*", 0) + len(footnotes)
        pairing = pairing._replace(paired=pairing.paired - emphasised - footnotes, dropped=pairing.dropped | emphasised,
                                   spans=spans, literal=literal)
    marked = markup == "marks" or bool(pairing.spans)
    headings = sum(1 for lx in lexemes if lx.kind == "heading")
    warnings: list[tuple[int, int, int, str, str, str]] = []
    stars = [p for p in pairing.problems if p[5]]
    if marked:
        groups: dict[str, list[tuple[int, int, int, str, str, str]]] = {}
        for p in pairing.problems:
            groups.setdefault(p[3], []).append(p)
        warnings = []
        for same in groups.values():
            if len(same) > _KEEP_EACH + 1:  # one notice for the rest, at the first of them
                at, line, col, problem, what, sort = same[_KEEP_EACH]
                rest = f"{problem}, here and at {len(same) - _KEEP_EACH - 1} more places"
                same = [*same[:_KEEP_EACH], (at, line, col, rest, what, sort)]
            warnings += same
        warnings.sort(key=lambda p: p[0])
    else:
        warnings = [p for p in pairing.problems if not p[5]]
        forgotten = [p for p in stars if p[5] == "star"]
        if forgotten:
            at, line, col, problem, what, _ = forgotten[0]
            others = len(stars) - 1
            if others:
                what += (", and so is 1 other '*' that pairs" if others == 1 else f", and so are {others} other '*' that pair") \
                    + " with nothing (footnote marks?)"
            warnings.append((at, line, col, problem, what, "star"))
            warnings.sort(key=lambda p: p[0])
    if strict and warnings:
        _, line, col, problem, _, _ = warnings[0]
        raise MarkupError(
            f"{path}:{line}:{col}: unbalanced markup: {problem}; "
            "fix the transcription, or compare without --strict to read it as best redline can"
        )
    notes = [f"{headings} {'heading' if headings == 1 else 'headings'}"] if marked and headings else []
    notes += [f"{n} '{mark}' kept as text" for mark, n in pairing.literal.items()]
    if not marked and headings:
        notes.append(f"{headings} heading {'mark' if headings == 1 else 'marks'} kept as text")
    tags = len(pairing.dropped - emphasised) - 2 * pairing.superscripts
    if tags:
        notes.append(f"{tags} unpaired '<sup>' {'tag' if tags == 1 else 'tags'} dropped")
    if pairing.superscripts:
        notes.append(f"{pairing.superscripts} typographic {'superscript' if pairing.superscripts == 1 else 'superscripts'} "
                     "(2<sup>nd</sup>) read as typed text")
    if footnotes:
        n = len(footnotes) // 2
        notes.append(f"{n} '*…*' {'pairing' if n == 1 else 'pairings'} over a line break read as footnote marks, "
                     "not handwriting (the text has footnote asterisks)")
    if emphasised:
        n = len(emphasised) // 2
        where_ = "inside running lines " if read.why.startswith(("none", "the only")) else ""
        it = "it as a hand" if n == 1 else "them as hands"
        notes.append(f"{n} '*…*' {'span' if n == 1 else 'spans'} {where_}read as emphasis, not "
                     f"handwriting ({read.why}; --markup marks reads {it})")
    rest = "; " + ", ".join(notes) if notes else ""
    if marked:
        spans = ", ".join(f"{n} {_SPAN_NAMES[k]}" for k, n in sorted(pairing.spans.items(), key=lambda kv: list(_SPAN_NAMES).index(kv[0])))
        why = "" if pairing.spans else ", as --markup marks asks"
        summary = f"markup: transcription marks ({spans or 'none paired'}{rest}) read{why}"
    elif notes:
        summary = f"markup: none paired — read as plain text ({', '.join(notes)})"
    else:
        summary = "markup: none found — read as plain text"
    notices = (Notice(path, first, 1, summary),
               *(Notice(path, line, col, f"warning: {problem}; {what}") for _, line, col, problem, what, _ in warnings))
    paired = pairing.paired if marked else set()
    return paired, pairing.dropped, marked, notices


def parse(source: Source, strict: bool = False, markup: str = "auto") -> Witness:
    """Tokenize the chosen lines of ``source``, with layers from the markup.

    ``markup`` is one of ``MARKUP`` (see ``reading``). With ``strict``, the first unbalanced
    mark raises ``MarkupError`` instead of being reported as a warning.
    """
    if markup not in MARKUP:
        raise ValueError(f"markup must be one of {', '.join(MARKUP)}, not {markup!r}")
    text = source.text
    where = line_index(text)
    marks = [] if markup == "none" else _marks(text, source.start, source.end)
    paired, dropped, headings, notices = reading(source, marks, where, markup, strict)
    bounds = [(lx, n in dropped) for n, lx in enumerate(marks)
              if (headings and lx.kind == "heading") or n in paired or n in dropped]
    return Witness(source, tuple(_read_tokens(text, source.start, source.end, bounds, where)), notices)


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
    # A mark starts with '~', '<' or '*': the search starts at the first of them, found by ``str.find`` (the
    # case-blind pattern has no literal for the regex engine to skip ahead to: 6 ms on a book with no marks, now 0.2)
    found = [at for at in (text.find(ch, start, end) for ch in "~<*") if at >= 0]
    marks = [Lexeme(_kind(m.group()), m.start(), m.end()) for m in _MARK.finditer(text, min(found), end)] if found else []
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


_WORD = re.compile(r"\S+")


def _gaps_and_words(text: str, start: int, end: int) -> tuple[list[str], list[str]]:
    r"""The words of ``text[start:end]`` (its runs of non-space) and the whitespace around them: the run
    before each word (maybe empty), then the run after the last. A word and the gap before it are one
    lexer ``ws`` and the text lexemes of one word.

    ``str.split`` cuts the words and a split of the text at them the gaps, both in C: ``str.split`` cuts
    at exactly the characters ``\s`` matches (``str.isspace``), so the two agree. One regex split at the
    whitespace that kept it (``(\s+)``) took a third longer: 12.5 -> 9.1 ms for dec88x63's two sides
    (best of 11 CPU), as the regex matches ``\S+`` runs with fewer steps than ``\s+`` searches.
    """
    region = text[start:end]
    return _WORD.split(region), region.split()


KEYS_KEPT = 1 << 17
"""The most words ``_KEYS`` keeps: 131 072 distinct words and their keys, about 15 MB. A 1 M-word
comparison holds about 25 k (dec88x1105); an archive's batch of letters goes on past it."""


class _Keys(dict):
    """Each word met -> its comparison key (``normalize.key``), kept from one text to the next.

    A key is a function of the word alone (``normalize.key`` reads nothing else and is fixed for the
    process), so the key kept from an earlier text is the one the word has now; a batch of an
    archive's documents (``pairs``, ``batch``) repeats its words from one document to the next,
    where a cache made afresh a document computed them again (1.3 s of a 20 000-document pairing,
    measured by a helper). Emptied when it holds ``KEYS_KEPT`` words, so its memory stays bounded.
    """

    def __missing__(self, word: str) -> str:
        if len(self) >= KEYS_KEPT:
            self.clear()
        k = self[word] = key(word)
        return k


_KEYS = _Keys()


def _read_tokens(text: str, start: int, end: int, bounds: list[tuple[Lexeme, bool]], where: LineIndex) -> list[Token]:
    """The tokens of ``text[start:end]``: words with their layers, styles and paragraphs, hyphenated
    line ends joined, pure punctuation dropped, keys and places set.

    ``bounds`` are the marks that end a word, in file order, each with True when it
    was dropped (it ends the word and changes nothing); the others are headings and
    paired marks, which change the state. Between two of them every run of non-space
    is one word (a literal ``*`` or ``~`` is part of it) and every run of whitespace
    is one lexer ``ws``: a blank line in it starts a paragraph, a line break in it
    ends a heading. This is what the lexeme-by-lexeme builder did, with the words and
    gaps of each stretch between two marks cut in C (``_gaps_and_words``) instead of
    one object per lexeme, and one pass from them to the token. Keys are computed once
    per distinct surface (a long text repeats its words; a hit is a plain subscript,
    which the interpreter specialises, not a ``get`` call) and kept for the next text
    (``_KEYS``), lines are found by walking
    the line starts forward (words come in file order), and only a word that ends at a
    hyphen before a line break is tested for joining with the next, which then stands
    between the same two marks (nothing but the line break may separate them).
    """
    tokens: list[Token] = []
    append = tokens.append
    known: dict[str, tuple[str, str]] = {}  # every distinct surface -> the one string for all its copies, and its key
    starts = where.starts
    n_lines = len(starts)
    line = bisect.bisect_right(starts, start)  # starts[line - 1] <= offset < starts[line]
    # The current line's start less one (a word's column is its offset less this) and the next line's start, kept
    # at hand: most words stay on the line of the word before.
    col_base, next_start = starts[line - 1] - 1, starts[line] if line < n_lines else len(text) + 1
    breaks = {m.start() + 1 for m in _HYPHEN_AT_BREAK.finditer(text, start, end)}
    strike = sup = hand = bold = heading = False
    style: str | None = None  # "heading" if heading else "bold" if bold else None, kept up to date
    para = 0
    i = 0  # the next token's index
    pos = start

    def line_break(ws: str) -> None:  # whitespace with a line break in it: a heading ends, a blank line starts a paragraph
        nonlocal heading, para, style
        if heading:
            heading, style = False, "bold" if bold else None
        if ws.count("\n") + ws.count("\r") > 1 and _BLANK_LINE.search(ws):  # a blank line needs two: most gaps have one
            para += 1

    for mark, was_dropped in [*bounds, (None, False)]:
        seg_end = end if mark is None else mark.start
        layer = "struck" if strike else "inserted" if sup else "hand" if hand else "typed"
        style = "heading" if heading else "bold" if bold else None
        at = pos
        gaps, words = _gaps_and_words(text, pos, seg_end)
        gaps_after = iter(gaps)
        words_after = iter(words)
        for ws, word in zip(gaps_after, words_after):
            if ws != " " and ws and ("\n" in ws or "\r" in ws):
                line_break(ws)
            w_start = at + len(ws)
            at = w_end = w_start + len(word)
            if w_end in breaks:
                # The line break after the hyphen, and the next word's start when nothing else stands between
                # (then its first character is no space; a letter, for ``_joins``).
                gap = _HYPHEN_BREAK.match(text, w_end, seg_end)
                after = seg_end if gap is None else gap.end()
                if after < seg_end and _joins(text, w_start, w_end, after):  # the next word is taken in: passed over
                    line_break(next(gaps_after))
                    at = w_end = after + len(next(words_after))
                    word = text[w_start:w_end]
            # One look-up for the word's key and its one string: a long text repeats its words.
            try:
                surface, k = known[word]
            except KeyError:
                surface, k = known[word] = (word, _KEYS[word])
            if not k:
                continue
            if w_start >= next_start:
                while line < n_lines and starts[line] <= w_start:
                    line += 1
                col_base, next_start = starts[line - 1] - 1, starts[line] if line < n_lines else len(text) + 1
            append(new_token(i, surface, k, w_start, w_end, line, w_start - col_base, layer, False, None, para, style))
            i += 1
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
    them (so both are of one layer and one paragraph), and the second half does not begin
    with a capital after a lower-case letter: a word hyphenated at a line end keeps its case
    (``civi-`` / ``lised``, ``UNDER-`` / ``STAND``), while a capital there begins something else
    (a printer's signature mark ``B 2`` at a page's foot, a name: ``Anglo-`` / ``Saxon`` is two
    words, a split-join variant of *Anglo-Saxon* at most). The joined token's surface spans
    the line break, so it still equals its slice of the file.
    """
    return (
        end - start > 2
        and text[end - 1] == "-"
        and text[end - 2].isalpha()
        and _HYPHEN_BREAK.fullmatch(text, end, next_start) is not None
        and text[next_start].isalpha()
        and not (text[next_start].isupper() and text[end - 2].islower())
    )
