"""Comparison keys: what two words must share to count as the same word.

Case, punctuation, quote styles and hyphens never make an edit, and ``&`` is
``and``; so the key keeps letters and digits only, case-folded, after Unicode
compatibility folding (ligatures, full-width forms, curly quotes), with four
exceptions that keep apart what is not the same word, or join what is:

- a figure's decimal point (or a decimal comma, a time's colon) and a slash
  between two digits stay in the key, as ``.`` and ``/``: ``1.5`` is not ``15``,
  ``1/3`` is not ``13``; a thousands comma (a comma and three digits) is
  dropped, so ``1,000`` is ``1000``;
- ``æ`` and ``œ`` are written out (``ae``, ``oe``), as NFKC writes out ``ﬁ``:
  ``Æsop`` is ``Aesop``, the same spelling in another type;
- a footnote mark glued to the end of a word (a superscript figure, ``[1]``)
  is no part of it: ``regiments²`` is ``regiments``; after a number it is read
  as a mark only on a number of three digits or more (``1815¹``), since
  ``10²`` is a power;
- ``&c.`` is ``etc.``, as ``&`` is ``and``.

Accents are kept (``été`` is not ``ete``): a letter's accent can make another
word (French ``a``/``à``), so an accent-only difference is a visible variant
(``variants.diacritics``), never silently equal.
"""

from __future__ import annotations

import re
import unicodedata

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
AMPERSANDS = frozenset({"&", "&amp;", "＆"})
_EDGES = "!\"#$%'()*+,-./:;<=>?@[\\]^_`{|}~“”‘’«»„‚"
"""Punctuation around an ampersand that still leaves it an ampersand (``&,`` ``(&``)."""

_SUPERSCRIPTS = "\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079"
_FOOTNOTE = re.compile(rf"^(.*?)(?:([{_SUPERSCRIPTS}]+)|\[\d{{1,3}}\])([^\w\[\]]*)$")
"""A word with a footnote mark glued to its end: the word (and punctuation before the mark), the mark,
and punctuation after it."""
_LONG_NUMBER = re.compile(r"\d{3}$")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_DECIMAL = re.compile(r"(?<=\d)[,:](?=\d)")
_NOT_KEY = re.compile(r"[^a-z0-9./]+|(?<!\d)[./]|[./](?!\d)")
"""What a key drops of an ASCII word with a figure: all but letters and digits, and ``.``/``/`` between digits."""
_LIGATURES = str.maketrans({"æ": "ae", "œ": "oe", "\u2044": "/"})
"""Written out after NFKC, as it writes out ``ﬁ``; and the fraction slash NFKC makes of ``½`` (``1⁄2``) read as the
slash it is, so ``½`` keys as ``1/2``, not as twelve."""
_ETC = frozenset({"&c", "&amp;c"})


def _unmarked(text: str) -> str:
    """``text`` without a footnote mark glued to its end (see the module's note).

    A bracketed mark is never a power: ``10[1]`` is the figure 10 and its note.

    >>> _unmarked("regiments²,"), _unmarked("1815¹"), _unmarked("Rhine[1]"), _unmarked("10²"), _unmarked("[1]")
    ('regiments,', '1815', 'Rhine', '10²', '[1]')
    >>> _unmarked("10[1]")
    '10'
    """
    m = _FOOTNOTE.match(text)
    if not m:
        return text
    word = m.group(1)
    core = word.rstrip(_EDGES + "“”‘’")
    if not core or not core[-1].isalnum():
        return text  # nothing before the mark
    if m.group(2) and core[-1].isdigit() and not _LONG_NUMBER.search(core):
        return text  # a superscript after a short number: a power (``10²``)
    return word + m.group(3)


def _ascii_key(lowered: str) -> str:
    if "." in lowered or "," in lowered or "/" in lowered or ":" in lowered:
        if any(c.isdigit() for c in lowered):
            lowered = _DECIMAL.sub(".", _THOUSANDS.sub("", lowered))
            return _NOT_KEY.sub("", lowered)
    return _NOT_ALNUM.sub("", lowered)


def key(text: str) -> str:
    """The comparison key of a surface word.

    >>> key("MINISTER'S")
    'ministers'
    >>> key("“back-sliding,”")
    'backsliding'
    >>> key("&")
    'and'
    >>> key("&,")
    'and'
    >>> key("--")
    ''

    Figures keep their decimal point; a thousands comma is dropped (see the module's note):

    >>> key("1.5"), key("15"), key("£1,000"), key("1000."), key("3,5%"), key("10:30"), key("1/3/2024")
    ('1.5', '15', '1000', '1000', '3.5', '10.30', '1/3/2024')

    Ligatures are written out, footnote marks dropped, accents kept:

    >>> key("Æsop"), key("Phœbus"), key("ﬁrst"), key("regiments²"), key("Rhine[1],"), key("été"), key("&c.")
    ('aesop', 'phoebus', 'first', 'regiments', 'rhine', 'été', 'etc')
    >>> key("½"), key("1/2"), key("10[1]")
    ('1/2', '1/2', '10')
    """
    stripped = text.strip()
    core = stripped.strip(_EDGES)
    if stripped in AMPERSANDS or core in AMPERSANDS or core == "&amp":
        return "and"
    if core in _ETC:  # ``&c.``: the full stop is an edge
        return "etc"
    if "]" in stripped or not stripped.isascii():
        stripped = _unmarked(stripped)
    if stripped.isascii():  # the common case, and for ASCII casefold is lower and NFKC is a no-op
        return _ascii_key(stripped.lower())
    folded = unicodedata.normalize("NFKC", stripped).casefold().translate(_LIGATURES)
    if any(c.isdigit() for c in folded) and any(c in ".,:/" for c in folded):
        folded = _DECIMAL.sub(".", _THOUSANDS.sub("", folded))
        return "".join(ch for i, ch in enumerate(folded) if ch.isalnum() or (
            ch in "./" and 0 < i < len(folded) - 1 and folded[i - 1].isdigit() and folded[i + 1].isdigit()))
    return "".join(ch for ch in folded if ch.isalnum())


def is_word(text: str) -> bool:
    """True when the text holds a letter or digit, i.e. it is more than punctuation.

    >>> is_word("- 2 -".split()[1]), is_word("--")
    (True, False)
    """
    return bool(key(text))
