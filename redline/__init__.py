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
"""

from .api import Options, compare, compare_texts, compare_witnesses, load
from .errors import InputError, MarkupError, RedlineError, UsageError
from .model import Alignment, Comparison, Edit, Kind, Link, Notice, Op, Source, Span, Stage, Token, Witness

__all__ = [
    "Alignment", "Comparison", "Edit", "InputError", "Kind", "Link", "MarkupError", "Notice", "Op", "Options",
    "RedlineError", "Source", "Span", "Stage", "Token", "UsageError", "Witness", "compare", "compare_texts",
    "compare_witnesses", "load",
]
__version__ = "0.1.0"
