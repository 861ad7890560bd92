"""``redline schema``: print the JSON Schema of an output format, as shipped in the package."""

import typer

from ..errors import UsageError
from .common import app, errors

SCHEMAS = {"redline/1": "contract.schema.json", "redline-collation/1": "collation.schema.json"}


@app.command()
def schema(
    name: str = typer.Argument("redline/1", metavar="FORMAT", help=f"One of {', '.join(SCHEMAS)}."),
) -> None:
    """Print the JSON Schema of redline's JSON output (redline/1, the default) or of a collation.

    \b
    Examples:
      redline schema > redline-1.schema.json
      redline schema redline-collation/1
    """
    from importlib.resources import files

    with errors():
        if name not in SCHEMAS:
            raise UsageError(f"no schema named {name!r}: choose one of {', '.join(SCHEMAS)}")
        typer.echo(files("redline.schemas").joinpath(SCHEMAS[name]).read_text(encoding="utf-8"), nl=False)
