"""``redline report``: the HTML redline report, one self-contained file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from ..render import renderer
from ..errors import UsageError
from .common import Draft, DraftLabel, Final, FinalLabel, Markup, NoInfer, Strict, app, errors, warn, write_output


@app.command()
def report(
    draft: str = Draft,
    final: str = Final,
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file (default: standard output, when it is not a terminal)."),
    draft_label: Optional[str] = DraftLabel,
    final_label: Optional[str] = FinalLabel,
    strict: bool = Strict,
    no_infer_hands: bool = NoInfer,
    markup: str = Markup,
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
    """
    from .. import budget
    from ..api import Options, compare as run_compare  # imported by the command that runs, not by every command

    with errors(), budget.limit(timeout or None, f"{draft} with {final}"):  # the writing counts too
        if (output is None or str(output) == "-") and sys.stdout.isatty():
            raise UsageError("an HTML report is a file to open in a browser, not to read on the terminal: "
                             "give -o report.html (or redirect: > report.html)")
        result = run_compare(draft, final, Options(strict=strict, infer_hands=not no_infer_hands, markup=markup, pause_gc=True, timeout=timeout or None), draft_label, final_label)
        warn((*result.draft.notices, *result.final.notices))
        write_output(renderer("html")(result), output, (draft, final))
