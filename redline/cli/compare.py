"""``redline compare``: two texts in, a redline out."""

import shutil
import sys
from pathlib import Path
from typing import Optional

import typer

from ..render import BINARY, FORMATS, pieces, renderer
from ..errors import UsageError
from . import importing
from .common import (MAX_WORDS, Draft, DraftLabel, Final, FinalLabel, Markup, NoInfer, Strict, app, color_wanted, errors,
                     format_of, keep, warn, write_output)

def run_compare(*args, **kwargs):
    """``api.compare``, imported when a comparison runs: ``redline --help`` and the other commands
    need none of the pipeline, and importing it is most of a small comparison's time."""
    from ..api import compare as library_compare

    return library_compare(*args, **kwargs)


@app.command()
def compare(
    draft: str = Draft,
    final: str = Final,
    format: Optional[str] = typer.Option(
        None, "--format", "-f", help="terminal, text, json, csv, html, tei, wdiff or docx (a Word document whose tracked "
        "changes are the edits; needs -o or a redirect); any case (default: from the -o file's suffix, "
        ".html .json .csv .xml .txt .wdiff .docx; else terminal on a terminal, else text)."
    ),
    side_by_side: bool = typer.Option(False, "--side-by-side", "-s", help="Draft and despatch in two columns."),
    no_furniture: bool = typer.Option(False, "--no-furniture", help="Hide page furniture instead of showing it dimmed."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of standard output."),
    exit_code: bool = typer.Option(
        False, "--exit-code", help="Exit 1 when there are edits (a paragraph split or joined counts; variant readings count as unchanged), as git diff does."
    ),
    draft_label: Optional[str] = DraftLabel,
    final_label: Optional[str] = FinalLabel,
    strict: bool = Strict,
    no_infer_hands: bool = NoInfer,
    markup: str = Markup,
    width: Optional[int] = typer.Option(None, "--width", min=20, help="Line width for terminal and text output (20 or more)."),
    bom: bool = typer.Option(False, "--bom", help="With --format csv: start with a UTF-8 byte-order mark (for Excel)."),
    no_csv_guard: bool = typer.Option(
        False, "--no-csv-guard",
        help="With --format csv: keep cells that begin with = + - @ as they are (by default they get a leading ' "
             "so a spreadsheet never runs them as formulas; -3 degrees would read '-3 degrees)."),
    max_words: int = typer.Option(
        MAX_WORDS, "--max-words", min=1, help="Refuse a side longer than this many words (memory grows with it)."
    ),
    timeout: int = typer.Option(
        600, "--timeout", min=0, metavar="SECONDS",
        help="Give up after this many whole seconds with an error, not a hang (0: no limit).",
    ),
) -> None:
    """Compare a draft with the text that was sent, word by word.

    \b
    Examples:
      redline compare draft.txt telegram.txt
      S="$(redline demo --where)"   # the sample files installed with redline
      redline compare "$S/001_2bcad8b2cf3253a8.txt:80-128" "$S/001_2bcad8b2cf3253a8.txt:348-417"
      redline compare draft.txt final.txt --format json > edits.json
      redline compare draft.xml telegram.txt --format csv --bom -o edits.csv
      redline compare draft.txt telegram.txt -o redline.docx
    """
    with importing():  # the pipeline
        from .. import budget
        from ..api import Options

    with errors(), budget.limit(timeout or None, f"{draft} with {final}"):  # the writing counts too
        named = format_of(output)  # first: a suffix redline cannot write (-o edits.pdf) is refused even with -f
        fmt = (format or named or ("terminal" if color_wanted() and output is None else "text")).lower()
        if fmt not in FORMATS:
            raise UsageError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
        for flag, given, formats in (("--bom", bom, ("csv",)), ("--no-csv-guard", no_csv_guard, ("csv",)),
                                     ("--side-by-side", side_by_side, ("text", "terminal"))):
            if given and fmt not in formats:  # said, not refused: a script that passes it anyway keeps working
                typer.echo(f"redline: warning: {flag} applies to --format {' and '.join(formats)} only; "
                           f"ignored with {fmt}", err=True)
        result = run_compare(draft, final, Options(strict=strict, max_words=max_words, infer_hands=not no_infer_hands, markup=markup, pause_gc=True, timeout=timeout or None), draft_label, final_label)
        keep(result)  # not freed when the process ends at once (``redline.cli.main``)
        warn((*result.draft.notices, *result.final.notices))
        cols = width or min(shutil.get_terminal_size((100, 24)).columns, 120)
        options = dict(width=cols, color=fmt == "terminal" and color_wanted(), side=side_by_side,
                       furniture=not no_furniture, bom=bom, safe=not no_csv_guard)
        if fmt == "html":  # the report names the date it was made, as `redline report` does
            from ..render.stamp import made_on

            options["made"] = made_on()
        if fmt in BINARY:
            write_binary(renderer(fmt)(result), output, (draft, final))
        else:
            write_output(pieces(fmt, result, **options), output, (draft, final))  # written as it is made
    if exit_code:
        variants = sum(1 for e in result.edits if e.kind == "variant")
        paragraphs = sum(1 for e in result.edits if e.kind == "paragraph")
        real = len(result.edits) - variants
        # for a script: what the status stands for, and the readings assumed the same (a claim, not a fact)
        which = f" ({real - paragraphs} to the words, {paragraphs} to the paragraphing)" if paragraphs else ""
        typer.echo(f"redline: {real} {'edit' if real == 1 else 'edits'}{which}; {variants} variant "
                   f"{'reading' if variants == 1 else 'readings'} assumed unchanged", err=True)
        if real:
            raise typer.Exit(1)


def write_binary(data: bytes, output: Optional[Path], inputs: tuple[str, ...]) -> None:
    """Write a binary format (a .docx) to ``output`` with ``write_output``'s checks (never over an input,
    never into a directory), or to standard output when it is not a terminal."""
    if output is None or str(output) == "-":
        if sys.stdout.isatty():
            raise UsageError("a Word document is binary: give -o FILE.docx, or redirect standard output to a file")
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_output("", output, inputs)  # the checks, and the file created empty
    try:
        with open(output, "wb") as f:
            f.write(data)
    except OSError as exc:
        raise UsageError(f"{output}: cannot be written ({exc.strerror or exc})") from None
