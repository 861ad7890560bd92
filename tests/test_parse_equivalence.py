"""The parser reads as the lexeme-by-lexeme builder it replaced, on any input.

``parse`` finds the marks with one search and the words between them with one
match per word (see ``parse._read_tokens``); the builder below is the original
reading, one object per lexeme of ``parse.lex``. Both must give the same tokens
and notices, for balanced and unbalanced markup, headings, odd whitespace and
line ranges alike.
"""

from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redline import parse as parse_module
from redline.model import Token, Witness
from redline.normalize import key
from redline.read import line_index, read_source

SCALE = int(os.environ.get("REDLINE_EXAMPLES", "0")) or None
CHECK = settings(max_examples=SCALE or 300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def reference_parse(source) -> Witness:
    """The original builder: every lexeme of ``parse.lex`` in turn."""
    text = source.text
    where = line_index(text)
    lexemes = list(parse_module.lex(text, source.start, source.end))
    paired, dropped, headings, notices = parse_module.reading(source, lexemes, where)
    flags = {"strike": False, "sup": False, "hand": False, "bold": False, "heading": False}
    raw = []
    word_start = None
    word_end = 0
    word_meta = ("typed", None)
    para = 0

    def layer() -> str:
        return "struck" if flags["strike"] else "inserted" if flags["sup"] else "hand" if flags["hand"] else "typed"

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
            if parse_module._BLANK_LINE.search(gap):
                para += 1
            if "\n" in gap or "\r" in gap:
                flags["heading"] = False
            continue
        if kind == "heading" and headings:
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
        meta = (layer(), style)
        if word_start is not None and meta != word_meta:
            flush()
        if word_start is None:
            word_start, word_meta = lx.start, meta
        word_end = lx.end
    flush()
    return Witness(source, tuple(reference_tokens(text, where, raw)), tuple(notices))


def reference_tokens(text, where, raw) -> list[Token]:
    """The original token step: hyphenated words joined, a key and a ``where`` look-up per word."""
    joined = []
    i = 0
    while i < len(raw):
        start, end, layer, style, para = raw[i]
        if i + 1 < len(raw):
            nstart, nend, nlayer, _nstyle, npara = raw[i + 1]
            word = text[start:end]
            if (
                len(word) > 2
                and word.endswith("-")
                and word[-2].isalpha()
                and nlayer == layer
                and npara == para
                and re.fullmatch(r"[ \t]*(?:\r\n|\r|\n)[ \t]*", text[end:nstart])
                and text[nstart].isalpha()
            ):
                joined.append((start, nend, layer, style, para))
                i += 2
                continue
        joined.append((start, end, layer, style, para))
        i += 1
    tokens: list[Token] = []
    for start, end, layer, style, p in joined:
        surface = text[start:end]
        k = key(surface)
        if k:
            line, col = where(start)
            tokens.append(Token(len(tokens), surface, k, start, end, line, col, layer, False, None, p, style))
    return tokens


PIECES = [
    "the", "The", "MESSAGE", "UNDER-", "STAND", "back-", "sliding", "&", "--", "-", "2", "café", "ﬁnal", "[DRAFT", "]",
    "~~", "~", "~~~", "*", "**", "***", "<sup>", "</sup>", "<SUP >", "<sup\n>", "</sup\n\n>", "<", "< sup>", "<su",
    "#", "# ", "## ", "####### ", "> ", ">", "\n# ", "\n  # ", "\n> ", "#\t", "a#b", "x>y",
]
SEPS = [" ", " ", "", "\n", "\n\n", "  \n", "\n \n", "\t", "\r\n", "\r", "\r\r", "\r\n\r\n", "\x0c", "\u2028", "\xa0", "   "]
texts = st.lists(
    st.tuples(st.one_of(st.sampled_from(PIECES), st.text(alphabet="ab1*~<>/#&-. \n\t\r", min_size=1, max_size=5)), st.sampled_from(SEPS)),
    min_size=1,
    max_size=50,
).map(lambda parts: "".join(p + s for p, s in parts))


def _same(text: str, first: int | None = None, last: int | None = None) -> None:
    if not text.strip():
        return
    lines = text.count("\n") + 1
    spec = "t.txt" if first is None else f"t.txt:{min(first, lines)}-{min(max(first, last), lines)}"
    try:
        source = read_source(spec, data=text.encode())[0]
    except Exception:  # an empty selection is refused before parsing: nothing to compare
        return
    fast, slow = parse_module.parse(source), reference_parse(source)
    assert fast.tokens == slow.tokens
    assert fast.notices == slow.notices


@CHECK
@given(texts)
def test_parse_reads_as_the_lexeme_builder(text):
    _same(text)


@CHECK
@given(texts, st.integers(1, 6), st.integers(1, 12))
def test_parse_reads_a_line_range_as_the_lexeme_builder(text, first, last):
    _same(text, first, last)


def test_every_sample_file_reads_as_the_lexeme_builder():
    from pathlib import Path

    for path in sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.txt")):
        source = read_source(str(path))[0]
        fast, slow = parse_module.parse(source), reference_parse(source)
        assert fast.tokens == slow.tokens, path.name
        assert fast.notices == slow.notices, path.name
