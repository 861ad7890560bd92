"""The date a report names as the day it was made: today, or the day ``SOURCE_DATE_EPOCH`` fixes.

Kept apart from the HTML renderer (which needs jinja2) so that a survey's workers and the command
line can ask for it alone. Reports made by the library carry a date only when asked
(``render(c, made=made_on())``): the same input then gives the same bytes.
"""

from __future__ import annotations

import datetime
import os
from typing import Mapping

from ..errors import UsageError


def made_on(environ: Mapping[str, str] = os.environ) -> str:
    """The date a report is made, ISO 8601: today, or the day ``SOURCE_DATE_EPOCH`` names (UTC), the
    reproducible-builds convention, so that two runs of a pinned build write the same bytes.

    >>> made_on({"SOURCE_DATE_EPOCH": "0"})
    '1970-01-01'
    >>> made_on({"SOURCE_DATE_EPOCH": "soon"})
    Traceback (most recent call last):
    redline.errors.UsageError: SOURCE_DATE_EPOCH='soon': not a whole number of seconds since 1970; unset it for today's date
    """
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return datetime.date.today().isoformat()
    try:
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date().isoformat()
    except (ValueError, OverflowError, OSError):
        raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r}: not a whole number of seconds since 1970; "
                         "unset it for today's date") from None
