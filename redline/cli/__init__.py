"""The ``redline`` command: a thin layer over the library.

Each command lives in a module of its own in this package and registers itself
on ``app``; it parses arguments, calls one library function, and writes the
result. ``main`` turns any ``RedlineError`` into ``redline: error: …`` on
standard error and exit status 2, never a traceback; the app's group (``parsing.Group``)
does the same for usage errors (a missing argument, an unknown option, a value out of
range), in plain words and with the command whose ``--help`` to read, whether the app is
run by the ``redline`` script, ``python -m redline`` or a test's ``CliRunner``.
"""

from __future__ import annotations

from .common import app, main

# Importing the command modules registers their commands on ``app``.
from . import compare as _compare  # noqa: E402,F401
from . import demo as _demo  # noqa: E402,F401
from . import report as _report  # noqa: E402,F401
from . import cite as _cite  # noqa: E402,F401
from . import segment as _segment  # noqa: E402,F401
from . import survey as _survey  # noqa: E402,F401
from . import collate as _collate  # noqa: E402,F401
from . import schema as _schema  # noqa: E402,F401

__all__ = ["app", "main"]
