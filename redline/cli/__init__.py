"""The ``redline`` command: a thin layer over the library.

Each command lives in a module of its own in this package and registers itself
on ``app``; it parses arguments, calls one library function, and writes the
result. ``main`` turns any ``RedlineError`` into ``redline: error: …`` on
standard error and exit status 2, never a traceback; the app's group (``parsing.Group``)
does the same for usage errors (a missing argument, an unknown option, a value out of
range), in plain words and with the command whose ``--help`` to read, whether the app is
run by the ``redline`` script, ``python -m redline`` or a test's ``CliRunner``.

``app`` is given on first use with every command registered; ``main`` registers only the
command it runs (see ``main``).

The modules that define a command (and ``common``, the app's callback) do without ``from
__future__ import annotations``: Typer reads a command's signature each time the app runs, and a
string annotation it evaluates, twice a parameter each time (88 ``eval`` for ``compare``, more for
``--help``, which builds every command): 17 M of the 321 M instructions ``redline --help`` ran
(tests/test_startup.py checks that they stay objects).
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import os
import sys
from typing import TYPE_CHECKING, Any, Iterator

from ..gcpause import paused

if TYPE_CHECKING:
    from .common import app

COMMANDS = {"compare": "compare", "demo": "demo", "report": "report", "cite": "cite", "segment": "segment",
            "pairs": "segment", "survey": "survey", "collate": "collate", "schema": "schema"}
"""Each command and the module of this package that registers it on ``app``. The modules are
imported in this order, which is the order ``redline --help`` lists the commands in."""

__all__ = ["app", "main"]


def register(modules: tuple[str, ...] = tuple(dict.fromkeys(COMMANDS.values()))) -> None:
    """Import the command modules ``modules`` (each registers its commands on ``app``), by default all."""
    for module in modules:
        importlib.import_module(f".{module}", __name__)


def __getattr__(name: str) -> Any:
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from . import common

    register()
    globals()["app"] = common.app
    return common.app


@contextlib.contextmanager
def importing() -> Iterator[None]:
    """Run a block of imports with the cyclic garbage collector paused, then move every object to
    the oldest generation, as ``api._gc_paused`` does with a comparison's result.

    Start-up makes a few hundred thousand objects that live as long as the process (Typer's and
    the pipeline's modules, classes and functions) and little garbage, and the collector scanned
    them again and again as they piled up: 13 M of the 519 M instructions a sample pair to json
    ran, 9 M of ``redline --help``'s 273 M. Left young after the pause, they would all be scanned
    at the next collection. Objects someone froze (``gc.freeze``) stay frozen; with the collector
    off, nothing changes.
    """
    with paused():
        yield


def _command(args: list[str]) -> str | None:
    """The command ``args`` run: the first that is not an option (``redline``'s own options take
    no value), when it is one of ``COMMANDS``; else None (no command, ``--help``, a misspelt one,
    or shell completion, which needs them all)."""
    if any(key.startswith("_REDLINE") and key.endswith("_COMPLETE") for key in os.environ):
        return None
    name = next((a for a in args if not a.startswith("-")), None)
    return name if name in COMMANDS else None


def main() -> None:
    """Console-script entry point (``redline`` and ``python -m redline``).

    Only the command that runs is imported and built: Typer makes a click command of every
    registered function, reading its signature, each time the app runs (11 of the 15 ms it takes
    are the commands not run), and importing the other seven command modules took 5 ms more.
    ``redline --help``, a misspelt command and shell completion get every command, as before.

    After ``redline compare`` the process ends without freeing its objects (``_end_now``): 12 ms of
    a sample pair's 170 (the modules' teardown), 50 ms of a 250 k-word comparison's 2.7 s (its
    tokens and edits, each freed one by one; ``compare`` keeps the result alive for this). So does
    a run of no command (``--help``, ``--version``, a misspelt command, completion), which only
    prints: the teardown of Typer and the nine command modules was 34 M of the 298 M instructions
    ``redline --help`` ran.
    """
    args = sys.argv[1:]
    command = _command(args)
    with importing():  # Typer (through ``common``), the command's module
        from . import common

        if command:
            register((COMMANDS[command],))
        else:
            register()
    app = common.app
    registered = app.registered_commands
    if command:  # only the command run; under a test that imported them all, the others come back after
        app.registered_commands = [c for c in registered if (c.name or c.callback.__name__) == command]  # type: ignore[union-attr]
    try:
        if command == "compare":
            common.KEEP_TO_EXIT["on"] = True
        common.main()
    except SystemExit as exc:
        if command in ("compare", None) and (exc.code is None or isinstance(exc.code, int)):
            atexit.register(_end_now, exc.code or 0)
        raise
    finally:
        app.registered_commands = registered


def _end_now(code: int) -> None:
    """End the process at once, with status ``code``, once standard output and error are flushed:
    Python would otherwise free every object and module one by one before it exits, which nobody
    waits for. Registered last, this ``atexit`` handler runs first; Python has already waited for
    its threads. When a flush fails (a closed pipe) the usual exit reports it."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(code)
