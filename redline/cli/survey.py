"""The ``survey`` command: segment, pair and compare everything; an index page and one report per pair."""

import contextlib
import os
import signal
from pathlib import Path
from typing import List, Optional, Self

import typer

from .common import Markup, app, errors, note
from .parsing import shown


def progress_bar(console=None):
    """A rich progress bar on standard error, drawn only when that is a terminal (never in CI or under pytest)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeRemainingColumn

    console = console or Console(stderr=True)
    if not console.is_terminal:
        return _NoBar()
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeRemainingColumn(), console=console, transient=True, disable=not console.is_terminal)


class _NoBar:
    """``progress_bar`` off a terminal: the calls a bar takes, doing nothing. Not rich's bar with
    ``disable=True``: before rich 14.3 that still wrote an empty line to standard error on stopping."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def add_task(self, *args: object, **kwargs: object) -> int:
        return 0

    def update(self, *args: object, **kwargs: object) -> None:
        pass

    def stop(self) -> None:
        pass


@contextlib.contextmanager
def stop_on_sigterm(stopped: list[bool]):
    """SIGTERM (``kill``, a job scheduler ending a job) stops a survey as Ctrl-C does: the pairs not
    started are cancelled, those under way finish, the index lists what is done and ``--resume``
    finishes the rest. ``stopped`` gets True when it came. The previous handler is put back after."""

    def handler(signum, frame):
        stopped.append(True)
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread (a test's runner): leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@app.command()
def survey(
    inputs: List[str] = typer.Argument(..., metavar="FILES_OR_DIRS", help="Archive files, or directories of them."),
    output: Path = typer.Option(..., "--output", "-o",
                                help="Directory for index.html, survey.json and the reports: new, empty, or one an earlier survey wrote."),
    manifest: Optional[Path] = typer.Option(None, "--manifest", "-m", help="A pairs.toml whose pairs win over discovery."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, show_default=False,
                                       help="Processes reading the files and comparing pairs (default: the number of CPUs; 1: in this process)."),
    resume: bool = typer.Option(False, "--resume", help="Keep the reports an earlier run finished from the same inputs."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS",
                                            help="Compare on a Dask cluster: its address, or 'local' to start one here."),
    markup: str = Markup,
) -> None:
    """Find the documents in archive files, pair each draft with its despatch, and write a report per pair.

    \b
    Example:
      S="$(redline demo --where)"   # the sample files installed with redline
      redline survey "$S" -o out/survey --manifest "$S/pairs.toml"
    Writes out/survey/index.html, out/survey/survey.json and out/survey/<pair-id>.html (and .json).
    A directory that holds files no survey wrote is refused, and so is a report that would replace one.
    """
    from .. import batch  # imported by the command that runs: multiprocessing and the pipeline, not for every command
    from .. import survey as lib
    from ..api import Options

    workers = jobs or (2 if scheduler else os.cpu_count() or 1)
    terminated: list[bool] = []
    with errors(), stop_on_sigterm(terminated):
        with progress_bar() as bar:
            task = bar.add_task("reading and pairing", total=None)

            def advance(done: int, total: int, outcome) -> None:
                bar.update(task, description="comparing", completed=done, total=total)

            try:
                result = lib.survey(inputs, output, manifest, Options(markup=markup, pause_gc=True), jobs=workers, scheduler=scheduler,
                                    resume=resume, progress=advance)
            except batch.Interrupted as stop:
                bar.stop()
                typer.echo(f"redline: {'terminated' if terminated else 'interrupted'}: {len(stop.done)} of "
                           f"{stop.total} pairs finished ({shown(str(output / 'index.html'))}); --resume finishes the rest",
                           err=True)
                raise typer.Exit(128 + signal.SIGTERM if terminated else 130) from None
        typer.echo(f"{len(result.rows)} pairs, {len(result.archive.discovery.unpaired)} documents unpaired: "
                   f"{shown(str(output / 'index.html'))}")
        for line in result.notes:
            note(line)
