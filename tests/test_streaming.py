"""JSON, CSV and plain text are written as they are made: ``chunks`` yields the same text as ``render``,
in pieces, so the command line never holds a large comparison's whole output (issue 18)."""

from __future__ import annotations

import pytest

from redline import compare
from redline.render import csv, json, text

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
