"""Tokens from a text read in pieces that carry their own layer: HTML and Word documents.

A reader of a marked-up format (``htmlread``, ``docx``) knows, for each stretch of text, whether it
is typed, struck or inserted; it yields those stretches (``Piece``) and ``BREAK`` where a block
ends (a paragraph, a list item, a line break in a cell). This module turns them into tokens the
way ``teiread`` does: a word breaks at white space, at a block end, and where the layer changes
(``ab<del>c</del>`` is the word ``ab`` and the struck word ``c``); it does not break at an inline
tag between two pieces of one layer (``<b>W</b>ord`` is one word, its surface the raw slice with
the tag in it). Each token's ``text`` is ``source.text[start:end]``; its ``key`` comes from the
pieces' decoded characters (entities expanded, tags left out).
"""

from __future__ import annotations

from typing import Iterable, NamedTuple

from .model import Source, Token, new_token
from .normalize import key
from .read import line_index


class Piece(NamedTuple):
    """A stretch of ``source.text`` in one layer."""

    start: int
    end: int
    layer: str
    """typed, struck or inserted."""
    decoded: str | None = None
    """What the stretch reads as, when not its raw text (an entity such as ``&amp;``): then the
    stretch is one unit, never split, and counts as white space when ``decoded`` is."""


BREAK = None
"""Yielded between pieces where a block ends: the word ends, and the next piece starts a paragraph."""


def tokens(source: Source, pieces: Iterable[Piece | None]) -> tuple[Token, ...]:
    """The tokens of the pieces that start within ``source``'s chosen lines, numbered from 0.

    >>> s = Source("x.html", "ab<del>c</del> d", 1, 1, 0, 16)
    >>> [(t.text, t.layer) for t in tokens(s, [Piece(0, 2, "typed"), Piece(7, 8, "struck"), Piece(14, 16, "typed")])]
    [('ab', 'typed'), ('c', 'struck'), ('d', 'typed')]
    """
    text = source.text
    raw: list[tuple[int, int, str, str, int]] = []  # start, end, decoded, layer, paragraph
    word: list = []  # [start, end, chars, layer, para] of the word being read, or empty
    para = 0

    def flush() -> None:
        if word:
            raw.append((word[0], word[1], "".join(word[2]), word[3], word[4]))
            word.clear()

    for piece in pieces:
        if piece is None:
            flush()
            para += 1
            continue
        if word and word[3] != piece.layer:
            flush()
        units = ([(piece.start, piece.end, piece.decoded)] if piece.decoded is not None
                 else [(k, k + 1, text[k]) for k in range(piece.start, piece.end)])
        for a, b, chars in units:
            if chars.isspace() or not chars:
                flush()
                continue
            if not word:
                word.extend([a, b, [], piece.layer, para])
            word[1] = b
            word[2].append(chars)
    flush()

    where = line_index(text)
    out: list[Token] = []
    paras: dict[int, int] = {}
    for start, end, decoded, layer, p in raw:
        if not (source.start <= start < source.end):
            continue
        k = key(decoded)
        if not k:
            continue
        line, col = where(start)
        out.append(new_token(len(out), text[start:end], k, start, end, line, col, layer, False, None,
                             paras.setdefault(p, len(paras)), None))
    return tuple(out)
