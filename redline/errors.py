"""Every error redline raises on purpose: one base class, a few kinds.

The CLI turns any ``RedlineError`` into ``redline: error: <message>`` and exit
status 2, so messages are written for a person: what happened, where, and
what to do about it.
"""

from __future__ import annotations


class RedlineError(Exception):
    """Base class: bad input or usage that redline reports without a traceback."""


class InputError(RedlineError):
    """A file cannot be read, is binary, is empty, or a line range lies outside it."""


class MarkupError(RedlineError):
    """Unbalanced or unknown transcription markup, raised only under ``strict``."""


class UsageError(RedlineError):
    """Options that do not fit together, or an output that would overwrite a file."""
