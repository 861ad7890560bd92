"""Comparison keys: what two words must share to count as the same word.

Case, punctuation, quote styles and hyphens never make an edit, and ``&`` is
``and``; so the key keeps letters and digits only, case-folded, after Unicode
compatibility folding (ligatures, full-width forms, curly quotes).
"""

from __future__ import annotations

import re
import unicodedata

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
AMPERSANDS = frozenset({"&", "&amp;", "＆"})
_EDGES = "!\"#$%'()*+,-./:;<=>?@[\\]^_`{|}~“”‘’«»„‚"
"""Punctuation around an ampersand that still leaves it an ampersand (``&,`` ``(&``)."""


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
    """
    stripped = text.strip()
    core = stripped.strip(_EDGES)
    if stripped in AMPERSANDS or core in AMPERSANDS or core == "&amp":
        return "and"
    if stripped.isascii():  # the common case, and for ASCII casefold is lower and NFKC is a no-op
        return _NOT_ALNUM.sub("", stripped.lower())
    folded = unicodedata.normalize("NFKC", stripped).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def is_word(text: str) -> bool:
    """True when the text holds a letter or digit, i.e. it is more than punctuation.

    >>> is_word("- 2 -".split()[1]), is_word("--")
    (True, False)
    """
    return bool(key(text))
