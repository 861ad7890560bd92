"""Python's cyclic garbage collector paused around work that makes many objects and no cycles.

One mechanism for the three places that pause it: a comparison (``api._gc_paused``), the command
line's imports (``cli.importing``) and pairing an archive (``pair.discover``). Each says there why
the collector is no help to it. This module imports nothing of redline's, so the command line can
use it before it loads the pipeline.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def paused(collect_first: bool = False, promote: bool = True) -> Iterator[None]:
    """Run the block with the collector off, and on again after it (even on error); a collector that
    was off already is left off and the block runs as it is.

    ``collect_first``: collect the caller's young and middle-aged objects before (``gc.collect(1)``),
    so that only the block's are promoted. ``promote``: move what the block made and keeps to the
    oldest generation after it (``gc.freeze`` then ``gc.unfreeze``): left young, every one of them
    would be scanned at the next collection. Skipped when objects are frozen already (a server
    freezes its heap before it forks): they stay frozen.
    """
    if not gc.isenabled():
        yield
        return
    if collect_first:
        gc.collect(1)
    gc.disable()
    try:
        yield
    finally:
        if promote and gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        gc.enable()
