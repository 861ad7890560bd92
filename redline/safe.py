"""Text made safe for where it goes: a terminal (``visible``) and a spreadsheet (``defuse``).

Transcriptions are untrusted input; these small functions are the only places
that decide how their characters are neutralised, so every output does it alike.
"""

from __future__ import annotations

_INVISIBLE = {cp: chr(0x2400 + cp) for cp in range(32) if cp not in (9, 10, 13)}  # ␛ for ESC, …
_INVISIBLE[127] = "\u2421"
_INVISIBLE.update({cp: f"<U+{cp:04X}>" for cp in range(0x80, 0xA0)})
_INVISIBLE.update({cp: f"<U+{cp:04X}>" for cp in (0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))})


def visible(text: str) -> str:
    """Text safe to show on a terminal: control characters and bidirectional overrides made visible.

    A transcription is untrusted: an ESC sequence in it could retitle the window,
    clear the screen or write to the clipboard, and a bidi override could reorder
    what a reader sees. Tabs and line breaks pass.

    >>> visible("a\x1b]0;X\x07b\u202e")
    'a␛]0;X␇b<U+202E>'
    """
    return text.translate(_INVISIBLE)


_SHOWN = {**_INVISIBLE, 9: "\u2409", 10: "\u240a", 13: "\u240d"}


def shown(text: str) -> str:
    r"""A message safe to print on a terminal: what ``visible`` does to a document's text (an ESC
    sequence or a bidi override in a file name is shown as ``␛`` or ``<U+202E>``, not obeyed), and a
    line break, carriage return or tab shown as ``␊`` ``␍`` ``␉``, so a file name cannot start a line of
    its own (nor a column, in tab-separated output).

    >>> shown("evil\x1b]0;X\x07\n\u202e.txt: no such file")
    'evil␛]0;X␇␊<U+202E>.txt: no such file'
    """
    return text.translate(_SHOWN)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(cell: str) -> str:
    """Make a text cell safe to open in a spreadsheet: prefix ``'`` to would-be formulas.

    >>> defuse("=HYPERLINK(\\"x\\")"), defuse("- 2 -"), defuse("plain")
    ('\\'=HYPERLINK("x")', "'- 2 -", 'plain')
    """
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell
