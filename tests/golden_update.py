"""Regenerate the golden files: ``make golden`` (or ``python -m tests.golden_update``).

Golden files hold the terminal (plain, fixed width), side-by-side and JSON
output of every sample pair. Review the diff (``git diff tests/golden``) before
committing: a changed golden file is a changed result.
"""

from __future__ import annotations

from pathlib import Path

from redline import cite
from redline.api import compare_witnesses, load
from redline.manifest import load_manifest, samples_dir
from redline.render import renderer

GOLDEN = Path(__file__).parent / "golden"
OUTPUTS = {
    "txt": lambda c: renderer("text")(c, width=100),
    "terminal.txt": lambda c: renderer("terminal")(c, width=100, color=False),
    "side.txt": lambda c: renderer("terminal")(c, width=140, color=False, side=True),
    "json": lambda c: renderer("json")(c),
    "csv": lambda c: renderer("csv")(c),
    "tei.xml": lambda c: renderer("tei")(c),
    "cite.txt": lambda c: cite.render(c),
}


def outputs() -> dict[str, str]:
    """File name → expected content, for every sample pair and output."""
    found: dict[str, str] = {}
    root = samples_dir()
    for pair in load_manifest(root / "pairs.toml"):
        # Named as samples/… whatever the working directory, so the files are the same everywhere.
        d, f = (
            load(f"samples/{side.path.name}:{side.first}-{side.last}", side.label, data=side.path.read_bytes())
            for side in (pair.draft, pair.final)
        )
        c = compare_witnesses(d, f)
        for suffix, make in OUTPUTS.items():
            found[f"{pair.id}.{suffix}"] = make(c)
    return found


def main() -> None:
    GOLDEN.mkdir(exist_ok=True)
    for name, text in outputs().items():
        (GOLDEN / name).write_bytes(text.encode("utf-8"))  # bytes: CSV rows end in CRLF
        print(f"wrote tests/golden/{name}")


if __name__ == "__main__":
    main()
