"""``redline collate``: two or more versions in, one alignment table out."""

import shutil
from pathlib import Path
from typing import List, Optional

import typer

from ..errors import UsageError
from .common import MAX_WORDS, NoInfer, Strict, app, color_wanted, errors, format_of, warn, write_output

FORMATS = ("terminal", "text", "json", "csv", "html", "tei")


def _renderer(fmt: str):
    if fmt == "html":
        from ..render.collation_html import render
        return render
    if fmt == "tei":
        from ..render.collation_tei import render
        return render
    from ..render import collation as views  # imported when collating: other commands need none of it

    return {"terminal": views.render_terminal, "text": views.render_text, "json": views.render_json,
            "csv": views.render_csv}[fmt]


def _base(base: Optional[str], n: int, labels: list[Optional[str]]) -> int:
    """The base's position from ``--base``: a number (1 is the first), an id (``W3``) or a label."""
    if base is None:
        return 0
    text = base.strip()
    digits = text[1:] if text[:1] in ("W", "w") else text
    if digits.isdecimal() and 1 <= int(digits) <= n:
        return int(digits) - 1
    if text in labels:
        return labels.index(text)
    raise UsageError(f"--base {base!r}: give a witness number 1-{n}, an id W1-W{n}, or one of the labels")


@app.command()
def collate(
    witnesses: List[str] = typer.Argument(..., metavar="WITNESS...", show_default=False,
                                          help="Two or more versions, oldest first: paths, - or PATH:FIRST-LAST."),
    label: Optional[List[str]] = typer.Option(None, "--label", "-l", metavar="NAME",
                                              help="A name for the next witness (repeat, in order)."),
    labels: Optional[str] = typer.Option(None, "--labels", metavar="A,B,...", help="Names for the witnesses, comma-separated, in order."),
    base: Optional[str] = typer.Option(None, "--base", metavar="W", help="The base witness: 1-based number, W2, or a label (default: the first)."),
    layers: bool = typer.Option(False, "--layers", help="Collate a draft's typed and amended states as two witnesses."),
    show_all: bool = typer.Option(False, "--all", help="Show every row in the table, not only the varying ones."),
    no_redlines: bool = typer.Option(False, "--no-redlines", help="Terminal and text: the table only, no redline of each witness."),
    format: Optional[str] = typer.Option(None, "--format", "-f", help="terminal, text, json, csv, html or tei "
                                         "(default: from the -o file's suffix; else terminal on a terminal, else text)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of standard output."),
    strict: bool = Strict,
    no_infer_hands: bool = NoInfer,
    width: Optional[int] = typer.Option(None, "--width", min=20, help="Line width for terminal and text output (20 or more)."),
    bom: bool = typer.Option(False, "--bom", help="With --format csv: start with a UTF-8 byte-order mark (for Excel)."),
    max_words: int = typer.Option(MAX_WORDS, "--max-words", min=1, help="Refuse a witness longer than this many words."),
) -> None:
    """Collate a drafting history: every version aligned word by word against a base.

    \b
    Examples:
      redline collate draft.txt copy1.txt copy2.txt
      redline collate ed1.txt ed2.txt ed3.txt --labels 1859,1860,1861 -o collation.html
      S="$(redline demo --where)"   # the sample files installed with redline
      redline collate "$S/002_6107bf163eec2d22.txt:83-111" "$S/002_6107bf163eec2d22.txt:1-33" \\
        "$S/002_6107bf163eec2d22.txt:55-77" --format json
    """
    with errors():
        fmt = format or format_of(output) or ("terminal" if color_wanted() and output is None else "text")
        if fmt not in FORMATS:
            raise UsageError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
        if label and labels:
            raise UsageError("give names with --label or with --labels, not both")
        names: list[Optional[str]] = list(label or []) or ([s.strip() or None for s in labels.split(",")] if labels else [])
        from ..api import Options
        from ..collate import collate as run_collate

        options = Options(strict=strict, max_words=max_words, infer_hands=not no_infer_hands, pause_gc=True)
        result = run_collate(witnesses, names, options, _base(base, len(witnesses), names), layers)
        warn(n for w in result.witnesses for n in w.notices)
        cols = width or min(shutil.get_terminal_size((100, 24)).columns, 160)
        text = _renderer(fmt)(result, width=cols, color=fmt == "terminal" and color_wanted(), everything=show_all,
                              redlines=not no_redlines, bom=bom)
        write_output(text, output, tuple(witnesses))
