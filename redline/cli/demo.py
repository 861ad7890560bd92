"""``redline demo``: the sample pairs, end to end, with no arguments."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..api import Options, compare
from ..manifest import load_manifest, samples_dir
from ..render import renderer
from .common import app, color_wanted, errors


@app.command()
def demo(
    output: Optional[Path] = typer.Option(
        Path("out/demo"), "--output", "-o", help="Folder for the HTML reports and JSON of each pair."
    ),
    width: int = typer.Option(100, "--width", help="Line width of the terminal redline."),
) -> None:
    """Compare the sample pairs (samples/pairs.toml): print each redline and write its report.

    \b
    Example:
      redline demo            # then open out/demo/dec88.html
    """
    with errors():
        manifest = samples_dir() / "pairs.toml"
        color = color_wanted()
        for pair in load_manifest(manifest):
            c = compare(pair.draft.spec, pair.final.spec, Options(), pair.draft.label, pair.final.label)
            typer.echo(f"\n=== {pair.id}: {pair.title} ===\n")
            typer.echo(renderer("terminal" if color else "text")(c, width=width, color=color).rstrip("\n"))
            if output is not None:
                output.mkdir(parents=True, exist_ok=True)
                (output / f"{pair.id}.json").write_text(renderer("json")(c), encoding="utf-8")
                try:
                    html = renderer("html")(c)
                except ModuleNotFoundError:
                    continue
                (output / f"{pair.id}.html").write_text(html, encoding="utf-8")
        if output is not None:
            typer.echo(f"\nreports written to {output}/")
