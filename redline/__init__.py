"""redline: compare a draft with the version that was sent, word by word.

Files (paths, ``-``, or ``PATH:FIRST-LAST`` for a line range of an archive file):

>>> from redline import compare
>>> c = compare("samples/002_6107bf163eec2d22.txt:83-111", "samples/002_6107bf163eec2d22.txt:1-33")
>>> c.stats["edits"] > 0
True

Strings, and the formats a comparison is written in:

>>> from redline import Kind, compare_texts
>>> c = compare_texts("we ~~can no longer delay~~ <sup>shall have to reach</sup>", "we shall have to reach")
>>> c.edits[0].kind is Kind.SUBSTITUTED, c.edits[0].kind == "substituted"
(True, True)
>>> c.to_json().startswith("{")
True

A library call has no side effect on the host process: the garbage-collector pause the command
line uses is ``Options(pause_gc=True)``, off by default.

The names below are imported on first use (PEP 562), not with the package: every ``redline``
command imports this package first, and ``redline --help`` or ``redline pairs`` has no use for
the comparison pipeline (``api`` and all it imports, a fifth of a second of start-up).
"""

from __future__ import annotations

import importlib

from typing import TYPE_CHECKING, Any

from .errors import InputError, MarkupError, RedlineError, UsageError

if TYPE_CHECKING:  # what a type checker sees of the names given on first use (``_LAZY``)
    from .api import Options, compare, compare_texts, compare_witnesses, load
    from .model import (Alignment, Comparison, Edit, Kind, Link, Notice, Op, Source, Span, Stage, Token,
                        Witness)

_LAZY = {
    **dict.fromkeys(("Options", "compare", "compare_texts", "compare_witnesses", "load"), "api"),
    **dict.fromkeys(("Alignment", "Comparison", "Edit", "Kind", "Link", "Notice", "Op", "Source", "Span", "Stage",
                     "Token", "Witness"), "model"),
}
"""Each public name this package gives on first use, and the module it comes from."""

__all__ = [
    "Alignment", "Comparison", "Edit", "InputError", "Kind", "Link", "MarkupError", "Notice", "Op", "Options",
    "RedlineError", "Source", "Span", "Stage", "Token", "UsageError", "Witness", "compare", "compare_texts",
    "compare_witnesses", "load",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # asked once: the next look-up is an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
