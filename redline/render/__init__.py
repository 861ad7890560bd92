"""Renderers: a ``Comparison`` in, a string out. They never compute edits and never print.

Each output format is a module here with a ``render(comparison, **options) -> str``
function; ``FORMATS`` maps the names used by ``--format`` to those modules, so a
format is added by adding a module and one line.
"""

from __future__ import annotations

import importlib
from typing import Callable

from ..errors import UsageError

FORMATS: dict[str, str] = {
    "text": "text",
    "terminal": "terminal",
    "json": "json",
    "csv": "csv",
    "html": "html",
    "tei": "tei",
}


def renderer(name: str) -> Callable[..., str]:
    """The ``render`` function of format ``name``."""
    if name not in FORMATS:
        raise UsageError(f"unknown format {name!r}: choose one of {', '.join(FORMATS)}")
    module = importlib.import_module(f".{FORMATS[name]}", __name__)
    return module.render
