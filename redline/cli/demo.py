"""``redline demo``: the sample pairs, end to end, with no arguments."""

import os
from pathlib import Path
from typing import Optional

import typer

from ..render import renderer
from .common import app, color_wanted, errors
from .parsing import shown


@app.command()
def demo(
    output: Optional[Path] = typer.Option(
        Path("out/demo"), "--output", "-o", help="Folder for the survey: index.html, one report per pair, survey.json."
    ),
    width: int = typer.Option(100, "--width", min=20, help="Line width of the terminal redline (20 or more)."),
    where: bool = typer.Option(False, "--where", help="Print the folder that holds the sample files and exit "
                               "(for the help's examples when redline was installed with pip)."),
) -> None:
    """Compare the sample pairs (samples/pairs.toml), print each redline, then survey the sample files.

    The survey segments every sample file, pairs drafts with despatches (the manifest's
    pairs win) and writes out/demo/index.html with one HTML report per pair.

    \b
    Example:
      redline demo            # then open out/demo/index.html
      redline demo --where    # the folder of the sample files, for the other commands' examples
    """
    from ..api import Options, compare  # imported by the command that runs, not by every command
    from ..manifest import load_manifest, samples_dir
    from ..survey import survey as run_survey

    with errors():
        root = samples_dir()
        if where:
            typer.echo(str(root.resolve()))
            return
        # Shown relative to the working directory when they are below it (as in a checkout).
        rel = Path(os.path.relpath(root))
        root = rel if not str(rel).startswith("..") else root
        manifest = root / "pairs.toml"
        color = color_wanted()
        for pair in load_manifest(manifest):
            c = compare(pair.draft.spec, pair.final.spec, Options(), pair.draft.label, pair.final.label)
            typer.echo(f"\n=== {pair.id}: {pair.title} ===\n")
            typer.echo(renderer("terminal" if color else "text")(c, width=width, color=color).rstrip("\n"))
        if output is not None:
            result = run_survey([str(root)], output, manifest=manifest)
            typer.echo(f"\nsurvey of the sample files: {len(result.rows)} pairs; open {shown(str(output / 'index.html'))}")
