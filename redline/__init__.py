"""redline: compare a draft with the version that was sent, word by word.

>>> from redline import compare
>>> c = compare("samples/002_6107bf163eec2d22.txt:83-111", "samples/002_6107bf163eec2d22.txt:1-33")
>>> c.stats["edits"] > 0
True

The names below are imported on first use (PEP 562), not with the package: every ``redline``
command imports this package first, and ``redline --help`` or ``redline pairs`` has no use for
the comparison pipeline (``api`` and all it imports, a fifth of a second of start-up).
"""

from __future__ import annotations

import importlib

from .errors import InputError, MarkupError, RedlineError, UsageError

_LAZY = {
    **dict.fromkeys(("Options", "compare", "compare_witnesses", "load"), "api"),
    **dict.fromkeys(("Alignment", "Comparison", "Edit", "Link", "Op", "Source", "Span", "Token", "Witness"), "model"),
}
"""Each public name this package gives on first use, and the module it comes from."""

__all__ = [
    "Alignment", "Comparison", "Edit", "InputError", "Link", "MarkupError", "Op", "Options",
    "RedlineError", "Source", "Span", "Token", "UsageError", "Witness", "compare", "compare_witnesses", "load",
]
__version__ = "0.1.0"


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # asked once: the next look-up is an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
