"""HTML transcriptions → a ``Witness``: ``<del>``/``<s>`` struck, ``<ins>``/``<u>`` inserted, other tags dropped.

An editor's HTML export, or a page saved from an online edition, marks a revision the way the
HTML standard says: ``<del>`` removed text and ``<ins>`` added text; older pages and word
processors write ``<s>``/``<strike>`` for a strike-through and ``<u>`` for an underline that
marks an insertion. Every other tag is dropped and its text kept; the text of ``<head>``,
``<script>``, ``<style>``, ``<template>`` and comments is not read. A block element
(``<p>``, ``<div>``, ``<li>``, ``<br>``, headings, table cells, …) ends a word and a paragraph.

Offsets are into the HTML file as decoded, like TEI's: a token's ``text`` is the raw slice, so
``&amp;`` has surface ``&amp;`` and key ``and``. The scanner is a tolerant regular-expression
lexer, not a validating parser: unclosed ``<p>`` and stray end tags are common in real HTML and
change nothing here but the layer stack, which an end tag pops down to its own start tag.
"""

from __future__ import annotations

import html
import re
from typing import Iterator

from . import layered
from .model import Notice, Source, Witness

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>")
_SKIP_BLOCK = re.compile(r"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<[!?][^>]*>", re.S)
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
STRUCK = frozenset({"del", "s", "strike"})
INSERTED = frozenset({"ins", "u"})
NOT_READ = frozenset({"head", "script", "style", "template", "noscript", "title"})
BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p",
    "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "wbr", "col", "area", "base", "source", "embed"})


def pieces(text: str, start: int = 0, end: int | None = None) -> Iterator[layered.Piece | None]:
    """The text of an HTML document as layered pieces, with ``layered.BREAK`` at block ends."""
    end = len(text) if end is None else end
    stack: list[str] = []  # open elements that change the reading: struck, inserted, not read
    pos = 0
    while pos < len(text):
        lt = text.find("<", pos)
        stop = len(text) if lt == -1 else lt
        if stop > pos and not any(name in NOT_READ for name in stack):
            layer = ("struck" if any(n in STRUCK for n in stack) else
                     "inserted" if any(n in INSERTED for n in stack) else "typed")
            yield from _text(text, pos, stop, layer)
        if lt == -1:
            return
        m = _TAG.match(text, lt)
        if not m:
            skip = _SKIP_BLOCK.match(text, lt)
            pos = skip.end() if skip else lt + 1
            if not skip:  # a lone ``<``: it is text
                layer = "struck" if any(n in STRUCK for n in stack) else "inserted" if any(n in INSERTED for n in stack) else "typed"
                if not any(name in NOT_READ for name in stack):
                    yield layered.Piece(lt, lt + 1, layer)
            continue
        closing, name = m.group(1) == "/", m.group(2).lower()
        pos = m.end()
        if name in BLOCKS:
            yield layered.BREAK
        if name in ("script", "style") and not closing:  # raw text: no tags inside, up to its end tag
            close = re.compile(rf"</{name}\s*>", re.I).search(text, pos)
            pos = close.end() if close else len(text)
            continue
        if name in VOID or m.group(3).rstrip().endswith("/"):
            continue
        if name in STRUCK or name in INSERTED or name in NOT_READ:
            if not closing:
                stack.append(name)
            elif name in stack:
                del stack[len(stack) - 1 - stack[::-1].index(name):]


def _text(text: str, a: int, b: int, layer: str) -> Iterator[layered.Piece]:
    """Character data from ``a`` to ``b``: plain runs, and each entity reference as one decoded unit."""
    pos = a
    for m in _ENTITY.finditer(text, a, b):
        if m.start() > pos:
            yield layered.Piece(pos, m.start(), layer)
        decoded = html.unescape(m.group(0))
        yield layered.Piece(m.start(), m.end(), layer, " " if decoded.isspace() else decoded)
        pos = m.end()
    if pos < b:
        yield layered.Piece(pos, b, layer)


def parse_html(source: Source) -> Witness:
    """Read an HTML file into a ``Witness`` with offsets into the file, and a notice that says so.

    >>> from redline.read import read_source
    >>> s, _ = read_source("x.html", data=b"<!DOCTYPE html><p>we <del>can</del> <ins>shall</ins> go &amp; see</p>")
    >>> [(t.text, t.layer) for t in parse_html(s).tokens]
    [('we', 'typed'), ('can', 'struck'), ('shall', 'inserted'), ('go', 'typed'), ('&amp;', 'typed'), ('see', 'typed')]
    """
    tokens = layered.tokens(source, pieces(source.text))
    marked = sum(1 for t in tokens if t.layer != "typed")
    said = (f"markup: HTML; {marked} words marked struck (<del>, <s>) or inserted (<ins>, <u>); other tags dropped"
            if marked else "markup: HTML; no <del>, <ins>, <s> or <u>: read as plain text, tags dropped")
    return Witness(source, tokens, (Notice(source.path, source.first, 1, said),))
