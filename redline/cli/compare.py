"""``redline compare``: two texts in, a redline out."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator, Optional

import typer

from .. import budget
from ..api import MAX_WORDS, Options, compare as run_compare
from ..render import FORMATS, renderer
from ..errors import UsageError
from .common import (Draft, DraftLabel, Final, FinalLabel, Markup, NoInfer, Strict, app, color_wanted, errors, format_of,
                     warn, write_output)


@app.command()
def compare(
    draft: str = Draft,
    final: str = Final,
    format: Optional[str] = typer.Option(
        None, "--format", "-f", help="terminal, text, json, csv, html or tei (default: from the -o file's suffix, "
        ".html .json .csv .xml .txt; else terminal on a terminal, else text)."
    ),
    side_by_side: bool = typer.Option(False, "--side-by-side", "-s", help="Draft and despatch in two columns."),
    no_furniture: bool = typer.Option(False, "--no-furniture", help="Hide page furniture instead of showing it dimmed."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of standard output."),
    exit_code: bool = typer.Option(
        False, "--exit-code", help="Exit 1 when there are edits (variant readings count as unchanged), as git diff does."
    ),
    draft_label: Optional[str] = DraftLabel,
    final_label: Optional[str] = FinalLabel,
    strict: bool = Strict,
    no_infer_hands: bool = NoInfer,
    markup: str = Markup,
    width: Optional[int] = typer.Option(None, "--width", min=20, help="Line width for terminal and text output (20 or more)."),
    bom: bool = typer.Option(False, "--bom", help="With --format csv: start with a UTF-8 byte-order mark (for Excel)."),
    max_words: int = typer.Option(
        MAX_WORDS, "--max-words", min=1, help="Refuse a side longer than this many words (memory grows with it)."
    ),
    timeout: float = typer.Option(
        600, "--timeout", min=0, metavar="SECONDS",
        help="Give up after this many seconds with an error, not a hang (0: no limit).",
    ),
) -> None:
    """Compare a draft with the text that was sent, word by word.

    \b
    Examples:
      redline compare draft.txt telegram.txt
      redline compare samples/001_2bcad8b2cf3253a8.txt:80-128 samples/001_2bcad8b2cf3253a8.txt:348-417
      redline compare draft.txt final.txt --format json > edits.json
      redline compare draft.xml telegram.txt --format csv --bom -o edits.csv
    """
    with errors(), budget.limit(timeout or None, f"{draft} with {final}"):  # the writing counts too
        fmt = format or format_of(output) or ("terminal" if color_wanted() and output is None else "text")
        if fmt not in FORMATS:
            raise UsageError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
        result = run_compare(draft, final, Options(strict=strict, max_words=max_words, infer_hands=not no_infer_hands, markup=markup, timeout=timeout or None), draft_label, final_label)
        warn((*result.draft.notices, *result.final.notices))
        cols = width or min(shutil.get_terminal_size((100, 24)).columns, 120)
        if fmt == "json":  # written in pieces as they are made: never held whole
            from ..render.json import chunks

            text: str | Iterator[str] = chunks(result)
        else:
            text = renderer(fmt)(
                result, width=cols, color=fmt == "terminal" and color_wanted(), side=side_by_side,
                furniture=not no_furniture, bom=bom,
            )
        write_output(text, output, (draft, final))
    if exit_code and any(e.kind != "variant" for e in result.edits):
        raise typer.Exit(1)
