"""A time budget for one comparison: a cooperative deadline the long loops check.

Why cooperative: a comparison runs in one thread, most of its time in Python loops
(the variant search, the move search, the banded diff), and a signal or a thread
cannot stop it cleanly (an alarm is process-wide, unknown to a library caller, and
cannot interrupt the C++ diff). So the stages that may run long call ``check()`` every
so many iterations; past the deadline it raises ``TimeBudgetExceeded``, a
``RedlineError``: the CLI prints it as one line and exits 2, never a hang.

The deadline is held in a context variable, so nested and concurrent comparisons
(threads, asyncio tasks) each see their own, and the stages need no new parameter.
With no deadline set (the library's default), ``check()`` costs one look-up.
"""

from __future__ import annotations

import contextlib
import time
from contextvars import ContextVar
from typing import Iterator

from .errors import RedlineError


class TimeBudgetExceeded(RedlineError):
    """The comparison ran past its time budget (``Options.timeout``, ``--timeout``)."""


_DEADLINE: ContextVar[tuple[float, float, str] | None] = ContextVar("redline_deadline", default=None)
"""(monotonic deadline, the budget in seconds, what is compared) while a budget runs, else None."""


@contextlib.contextmanager
def limit(seconds: float | None, what: str = "") -> Iterator[None]:
    """Run the body under a budget of ``seconds`` (None: no budget, or keep an outer one).

    An outer budget that ends sooner is kept: a caller's budget is never extended by an
    inner call. ``what`` names the inputs in the message (``draft.txt with final.txt``).
    """
    if seconds is None:
        yield
        return
    if seconds <= 0:
        raise RedlineError(f"the time budget must be more than 0 seconds, not {seconds:g}")
    outer = _DEADLINE.get()
    deadline = time.monotonic() + seconds
    if outer is not None and outer[0] <= deadline:
        yield
        return
    token = _DEADLINE.set((deadline, seconds, what))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check(stage: str = "") -> None:
    """Raise ``TimeBudgetExceeded`` if the current budget has run out. Cheap: call it every
    few hundred iterations of a loop whose iterations cost microseconds, or once per piece
    of work that costs more."""
    held = _DEADLINE.get()
    if held is None or time.monotonic() < held[0]:
        return
    _, seconds, what = held
    doing = ", comparing ".join(filter(None, (stage, what))) or "comparing"
    raise TimeBudgetExceeded(
        f"gave up after {seconds:g} s ({doing}); raise --timeout or compare smaller parts (PATH:FIRST-LAST)"
    )
