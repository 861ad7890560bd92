"""What every command shares: the Typer app, error handling, input and output options."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Iterator, Optional

import typer

from ..errors import RedlineError, UsageError
from .parsing import Group, Typer

app = Typer(
    cls=Group,
    name="redline",
    help=(
        "Compare a draft with the version that was sent, word by word: what was struck, "
        "inserted and written by hand.\n\n"
        "Inputs are paths, - for standard input, or PATH:FIRST-LAST for a line range of an archive file.\n\n"
        "Start with:  redline demo"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

DRAFT_HELP = "The draft: a path, - for standard input, or PATH:FIRST-LAST."
FINAL_HELP = "The despatched text: a path, - for standard input, or PATH:FIRST-LAST."
Draft = typer.Argument(..., help=DRAFT_HELP, metavar="DRAFT", show_default=False)
Final = typer.Argument(..., help=FINAL_HELP, metavar="FINAL", show_default=False)
DraftLabel = typer.Option(None, "--draft-label", metavar="NAME", help="A name for the draft in the output.")
FinalLabel = typer.Option(None, "--final-label", metavar="NAME", help="A name for the despatched text in the output.")
Strict = typer.Option(False, "--strict", help="Treat unbalanced markup as an error, not a warning.")
NoInfer = typer.Option(False, "--no-infer-hands",
                       help="Take the hand only from the transcription's marks; infer none from position or OCR damage.")
Markup = typer.Option(
    "auto", "--markup", metavar="KIND",
    help="How to read the inputs' markup: auto (TEI if the file is TEI; else the transcription marks "
         "~~ <sup> * ** ## if at least one pair of them closes; else plain text), marks, tei, or none "
         "(every character is text). Example: --markup none for a printed book whose * are footnote marks.",
)


def fail(message: str) -> None:
    """Print ``redline: error: …`` and exit with status 2."""
    typer.echo(f"redline: error: {message}", err=True)
    raise typer.Exit(2)


@contextlib.contextmanager
def errors() -> Iterator[None]:
    """Turn library errors into one line on standard error and exit status 2."""
    try:
        yield
    except RedlineError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        typer.echo("redline: interrupted", err=True)
        raise typer.Exit(130) from None


def warn(notices) -> None:
    """Print the input's warnings (``file:line:col: warning: …``) on standard error, each once
    (a file compared with itself, or two ranges of one file, would repeat them). Other notices
    (``markup: …``, what was read and why) are information for the JSON and the report: printed
    on every run they would drown the warnings."""
    for line in dict.fromkeys(str(n) for n in notices if n.warning):
        typer.echo(f"redline: {line}", err=True)


def write_output(text: str, output: Optional[Path], inputs: tuple[str, ...] = ()) -> None:
    """Write to ``output`` (or standard output), refusing to overwrite an input file."""
    if output is None or str(output) == "-":
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    for spec in inputs:
        path = spec.rsplit(":", 1)[0] if ":" in spec and not Path(spec).exists() else spec
        if path != "-" and Path(path).exists() and output.exists() and os.path.samefile(output, path):
            # samefile compares device and inode: a symlink or a hard link to an input is caught too
            raise UsageError(f"{output}: is one of the inputs; refusing to overwrite it")
    if output.is_dir():
        raise UsageError(f"{output}: is a directory; give a file name")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{output}: cannot be written ({exc.strerror or exc})") from None


def color_wanted() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


SUFFIX_FORMATS = {".html": "html", ".htm": "html", ".json": "json", ".csv": "csv", ".xml": "tei", ".tei": "tei", ".txt": "text"}
"""The format a ``-o`` file's suffix asks for when ``--format`` is not given."""


def format_of(output: Optional[Path]) -> Optional[str]:
    """The format ``output``'s suffix names (``report.html``: html), or None.

    >>> format_of(Path("out/Report.HTML")), format_of(Path("edits")), format_of(None)
    ('html', None, None)
    """
    return SUFFIX_FORMATS.get(output.suffix.lower()) if output is not None else None


def main() -> None:
    """Console-script entry point (``redline`` and ``python -m redline``); usage errors are ``Group.main``'s."""
    try:
        app()
    except RedlineError as exc:  # raised outside a command's own handler
        typer.echo(f"redline: error: {exc}", err=True)
        sys.exit(2)
