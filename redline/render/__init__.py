"""Renderers: a ``Comparison`` in, a string out. They never compute edits and never print.

Each output format is a module here with a ``render(comparison, **options) -> str``
function (``docx``'s returns ``bytes``: a zip); ``FORMATS`` maps the names used by ``--format``
to those modules, so a format is added by adding a module and one line. Names are
case-insensitive (``-f JSON``).
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Callable, Iterator

from ..errors import UsageError

FORMATS: dict[str, str] = {
    "text": "text",
    "terminal": "terminal",
    "json": "json",
    "csv": "csv",
    "html": "html",
    "tei": "tei",
    "wdiff": "wdiff",
    "docx": "docx",
}
BINARY = frozenset({"docx"})
"""Formats whose ``render`` returns ``bytes``."""


def renderer(name: str) -> Callable[..., str]:
    """The ``render`` function of format ``name`` (any case).

    >>> renderer("WDIFF").__module__
    'redline.render.wdiff'
    """
    render: Callable[..., str] = _module(name).render
    return render


def _module(name: str) -> ModuleType:
    """The module of format ``name`` (any case), or a ``UsageError`` naming the formats there are."""
    name = name.lower()
    if name not in FORMATS:
        raise UsageError(f"unknown format {name!r}: choose one of {', '.join(FORMATS)}")
    return importlib.import_module(f".{FORMATS[name]}", __name__)


def pieces(name: str, comparison: object, **options: object) -> str | Iterator[str]:
    """Format ``name``'s rendering of ``comparison`` for writing: its pieces in order, made as they
    are written, where the module has ``chunks`` (JSON, CSV, text, HTML), so a large comparison's
    output is never held whole; else the whole string (TEI is an lxml tree, serialised at once).
    A text format only: ``docx`` (``BINARY``) is written by ``render``.

    >>> "".join(pieces("json", __import__("redline").compare_texts("a b", "a c"))).startswith("{")
    True
    """
    module = _module(name)
    made: Callable[..., str | Iterator[str]] = getattr(module, "chunks", module.render)
    return made(comparison, **options)
