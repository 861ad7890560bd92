"""redline: compare a draft with the version that was sent, word by word.

>>> from redline import compare
>>> c = compare("samples/002_6107bf163eec2d22.txt:83-111", "samples/002_6107bf163eec2d22.txt:1-33")
>>> c.stats["edits"] > 0
True
"""

from .api import Options, compare, compare_witnesses, load
from .errors import InputError, MarkupError, RedlineError, UsageError
from .model import Alignment, Comparison, Edit, Link, Op, Source, Span, Token, Witness

__all__ = [
    "Alignment", "Comparison", "Edit", "InputError", "Link", "MarkupError", "Op", "Options",
    "RedlineError", "Source", "Span", "Token", "UsageError", "Witness", "compare", "compare_witnesses", "load",
]
__version__ = "0.1.0"
