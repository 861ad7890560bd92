"""The ``survey`` command: segment, pair and compare everything; an index page and one report per pair."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .. import survey as lib
from .common import app, errors


@app.command()
def survey(
    inputs: List[str] = typer.Argument(..., metavar="FILES_OR_DIRS", help="Archive files, or directories of them."),
    output: Path = typer.Option(..., "--output", "-o", help="Directory for index.html, survey.json and the reports."),
    manifest: Optional[Path] = typer.Option(None, "--manifest", "-m", help="A pairs.toml whose pairs win over discovery."),
) -> None:
    """Find the documents in archive files, pair each draft with its despatch, and write a report per pair.

    \b
    Example:
      redline survey samples/ -o out/survey --manifest samples/pairs.toml
    Writes out/survey/index.html, out/survey/survey.json and out/survey/<pair-id>.html.
    """
    with errors():
        result = lib.survey(inputs, output, manifest)
        typer.echo(f"{len(result.rows)} pairs, {len(result.archive.discovery.unpaired)} documents unpaired: "
                   f"{output / 'index.html'}")
        for note in result.notes:
            typer.echo(f"redline: note: {note}", err=True)
