"""JSON, CSV and plain text are written as they are made: ``chunks`` yields the same text as ``render``,
in pieces, so the command line never holds a large comparison's whole output (issue 18)."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

import pytest
from typer.testing import CliRunner

from redline import compare
from redline.render import BINARY, FORMATS, csv, json, pieces, renderer, text

DRAFT = "samples/001_2bcad8b2cf3253a8.txt:80-128"
FINAL = "samples/001_2bcad8b2cf3253a8.txt:348-417"


@pytest.fixture(scope="module")
def comparison():
    return compare(DRAFT, FINAL)


@pytest.mark.parametrize("module, options", [
    (json, {}), (csv, {}), (csv, {"bom": True}), (csv, {"safe": False}),
    (text, {}), (text, {"width": 40, "furniture": False}), (text, {"side": True}),
])
def test_the_pieces_join_to_the_rendering(comparison, module, options):
    assert "".join(module.chunks(comparison, **options)) == module.render(comparison, **options)


def test_text_comes_a_paragraph_at_a_time(comparison):
    pieces = list(text.chunks(comparison))
    assert len(pieces) > 3  # heading, paragraphs, legend: not one string
    assert max(map(len, pieces)) < len("".join(pieces)) / 2


def test_csv_comes_a_block_of_rows_at_a_time(comparison, monkeypatch):
    monkeypatch.setattr(csv, "BLOCK", 10)
    pieces = list(csv.chunks(comparison))
    assert len(pieces) == len(comparison.edits) // 10 + 1
    assert "".join(pieces) == csv.render(comparison)


@pytest.mark.parametrize("name", sorted(set(FORMATS) - BINARY))
def test_what_the_commands_write_joins_to_the_rendering(comparison, name):
    """``compare -o`` and ``report --with-data`` write ``pieces``: the formats with ``chunks`` in
    pieces, the others (TEI) whole, and either way the text ``render`` makes."""
    written = pieces(name, comparison)
    assert isinstance(written, str) != hasattr(import_module(f"redline.render.{FORMATS[name]}"), "chunks")
    assert "".join(written) == renderer(name)(comparison)


def test_report_with_data_writes_json_and_csv_in_pieces(tmp_path, monkeypatch):
    from redline.cli import app, common

    seen = {}
    real = common.write_output

    def spy(text, output, inputs=(), stage=None):
        seen[Path(output).suffix] = not isinstance(text, str)
        return real(text, output, inputs, stage)

    monkeypatch.setattr("redline.cli.report.write_output", spy)
    result = CliRunner().invoke(app, ["report", DRAFT, FINAL, "-o", str(tmp_path / "r.html"), "--with-data"])
    assert result.exit_code == 0, result.output
    assert seen == {".json": True, ".csv": True, ".xml": False, ".html": True}
