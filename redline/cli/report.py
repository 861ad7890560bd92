"""``redline report``: the HTML redline report, one self-contained file."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .. import budget
from ..api import Options, compare as run_compare
from ..render import renderer
from .common import Draft, DraftLabel, Final, FinalLabel, Markup, NoInfer, Strict, app, errors, warn, write_output


@app.command()
def report(
    draft: str = Draft,
    final: str = Final,
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file (default: standard output)."),
    draft_label: Optional[str] = DraftLabel,
    final_label: Optional[str] = FinalLabel,
    strict: bool = Strict,
    no_infer_hands: bool = NoInfer,
    markup: str = Markup,
    timeout: float = typer.Option(
        600, "--timeout", min=0, metavar="SECONDS",
        help="Give up after this many seconds with an error, not a hang (0: no limit).",
    ),
) -> None:
    """Write an HTML redline report: the despatched text with every edit marked, side by side
    and three-state views, counts for historians and a list of edits with citations.

    The file needs no network and no other file: open it in any browser, print it, or send it.

    Example:

        redline report samples/001_2bcad8b2cf3253a8.txt:80-128 samples/001_2bcad8b2cf3253a8.txt:348-417 -o dec88.html
    """
    with errors(), budget.limit(timeout or None, f"{draft} with {final}"):  # the writing counts too
        result = run_compare(draft, final, Options(strict=strict, infer_hands=not no_infer_hands, markup=markup, timeout=timeout or None), draft_label, final_label)
        warn((*result.draft.notices, *result.final.notices))
        write_output(renderer("html")(result), output, (draft, final))
