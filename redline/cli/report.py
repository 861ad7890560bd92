"""``redline report``: the HTML redline report, one self-contained file."""

import sys
from pathlib import Path
from typing import Optional

import typer

from ..render import pieces
from ..errors import UsageError
from .common import (Draft, DraftLabel, Final, FinalLabel, Markup, NoInfer, Strict, app, check_output, errors, format_of,
                     staged, warn, write_output)

DATA_SUFFIXES = {"json": ".json", "csv": ".csv", "tei": ".tei.xml"}
"""``--with-data``: the files written beside ``-o report.html`` (``report.json``, ``report.csv``, ``report.tei.xml``)."""


def data_paths(output: Path) -> dict[str, Path]:
    """The data files ``--with-data`` writes beside ``output``: its name less ``.html``, plus each format's suffix.

    >>> {f: str(p) for f, p in data_paths(Path("out/r.html")).items()}
    {'json': 'out/r.json', 'csv': 'out/r.csv', 'tei': 'out/r.tei.xml'}
    """
    stem = output.name[: -len(output.suffix)] if output.suffix.lower() in (".html", ".htm") else output.name
    return {fmt: output.with_name(stem + suffix) for fmt, suffix in DATA_SUFFIXES.items()}


@app.command()
def report(
    draft: str = Draft,
    final: str = Final,
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file, an .html or .htm (default: standard output, when it is not a terminal)."),
    draft_label: Optional[str] = DraftLabel,
    final_label: Optional[str] = FinalLabel,
    strict: bool = Strict,
    no_infer_hands: bool = NoInfer,
    markup: str = Markup,
    with_data: bool = typer.Option(
        False, "--with-data",
        help="Also write the comparison as JSON, CSV and TEI beside the report (-o r.html: r.json, r.csv, "
             "r.tei.xml; existing files are replaced, as -o replaces, never an input) and link them from it. "
             "All four are written, or none: on an error or --timeout the old files stay as they were.",
    ),
    timeout: int = typer.Option(
        600, "--timeout", min=0, metavar="SECONDS",
        help="Give up after this many whole seconds with an error, not a hang (0: no limit).",
    ),
) -> None:
    """Write an HTML redline report: the despatched text with every edit marked, side by side
    and three-state views, counts for historians and a list of edits with citations.

    The file needs no network and no other file: open it in any browser, print it, or send it.

    \b
    Example:
      S="$(redline demo --where)"   # the sample files installed with redline
      redline report "$S/001_2bcad8b2cf3253a8.txt:80-128" "$S/001_2bcad8b2cf3253a8.txt:348-417" -o dec88.html

    The report names the redline version and the date it was made (SOURCE_DATE_EPOCH, if set, fixes the
    date, for reproducible output).
    """
    from .. import budget
    from ..api import Options, compare as run_compare  # imported by the command that runs, not by every command

    with errors(), budget.limit(timeout or None, f"{draft} with {final}"):  # the writing counts too
        if (output is None or str(output) == "-") and sys.stdout.isatty():
            raise UsageError("an HTML report is a file to open in a browser, not to read on the terminal: "
                             "give -o report.html (or redirect: > report.html)")
        from urllib.parse import quote

        from ..render.stamp import made_on

        made = made_on()  # first: a malformed SOURCE_DATE_EPOCH is refused before any work
        inputs = (draft, final)
        stream = False
        if output is not None and str(output) != "-":
            stream = check_output(output, inputs)  # first: what is wrong with the name itself (too long, a directory)
            named = format_of(output)  # -o report.pdf is refused here
            if named not in (None, "html"):
                raise UsageError(f"{output}: a report is HTML; name it .html (or .htm), "
                                 f"or write {named} with: redline compare DRAFT FINAL -o {output}")
        data = {}
        if with_data:
            if output is None or str(output) == "-" or stream:
                raise UsageError("--with-data writes files beside the report: give -o REPORT.html, a file")
            data = data_paths(output)
            for path in data.values():
                if path.resolve() == output.resolve():
                    raise UsageError(f"{output}: --with-data would write {path.name} over the report; name it .html")
                if check_output(path, inputs):
                    raise UsageError(f"{path}: --with-data writes files, and this is a device or named pipe; "
                                     "move it away or choose another -o")
        result = run_compare(draft, final, Options(strict=strict, infer_hands=not no_infer_hands, markup=markup, pause_gc=True, timeout=timeout or None), draft_label, final_label)
        warn((*result.draft.notices, *result.final.notices))
        with staged() as files:  # all or nothing: each file beside its target, renamed into place at the end
            for fmt, path in data.items():  # the data first: the report's links resolve once it is there
                write_output(pieces(fmt, result), path, inputs, files)  # JSON and CSV written as they are made
            links = {fmt: quote(path.name) for fmt, path in data.items()}
            write_output(pieces("html", result, made=made, data_files=links), output, inputs, files)  # as it is made
            files.commit()
