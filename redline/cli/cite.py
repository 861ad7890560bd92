"""The ``cite`` command: footnote-ready citations of a comparison's edits (see ``redline.cite``)."""

from typing import List, Optional

import typer

from .common import Draft, DraftLabel, Final, FinalLabel, Markup, NoInfer, Strict, app, errors, warn, write_output

STYLES = ("chicago", "plain")
FORMATS = ("text", "json", "csv", "bibtex")
"""The names of ``redline.cite.STYLES`` and ``FORMATS``, for the help: importing ``redline.cite``
(and the pipeline it imports) to list them would cost every command, ``--help`` too, its start-up.
tests/test_startup.py keeps them equal; the library checks the value given."""


@app.command()
def cite(
    draft: str = Draft,
    final: str = Final,
    edit: Optional[List[str]] = typer.Option(
        None, "--edit", "-e", metavar="ID", help="Cite only this edit (repeatable). Without it, every edit but variants."
    ),
    style: str = typer.Option("chicago", "--style", help=f"Citation style: {', '.join(STYLES)}."),
    fmt: str = typer.Option("text", "--format", "-f", help=f"Output: {', '.join(FORMATS)}."),
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
    """Print one footnote-ready sentence per edit, naming both documents and the draft's file:line.

    \b
    Example:
      S="$(redline demo --where)"   # the sample files installed with redline
      redline cite "$S/001_2bcad8b2cf3253a8.txt:80-128" \\
        "$S/001_2bcad8b2cf3253a8.txt:348-417" --edit E284f09 \\
        --draft-label "FCO draft of 21 December 1988" --final-label "Telegram T 192A/88"

    Run without --edit to see every edit with its id.
    """
    from .. import budget
    from .. import cite as citing  # imported by the command that runs, not by every command
    from ..api import Options, compare

    with errors(), budget.limit(timeout or None, f"{draft} with {final}"):  # the writing counts too
        c = compare(draft, final, Options(strict=strict, infer_hands=not no_infer_hands, markup=markup, pause_gc=True,
                                          timeout=timeout or None), draft_label=draft_label, final_label=final_label)
        warn((*c.draft.notices, *c.final.notices))
        write_output(citing.render(c, tuple(edit or ()), style=style, fmt=fmt), None)
