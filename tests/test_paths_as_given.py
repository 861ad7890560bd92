"""Paths in every output are the paths the user typed: a relative input stays relative, in each
format, the report, the citations, a collation and a segmentation; nothing names the folder it ran in."""

from __future__ import annotations

import zipfile

import pytest
from typer.testing import CliRunner

from redline.cli import app

DRAFT = "We ~~can no longer delay~~ <sup>must reach</sup> a decision on the matter.\nYours sincerely\n"
FINAL = "WE MUST REACH A DECISION ON THE MATTER.\nYOURS SINCERELY\n"


@pytest.fixture()
def here(tmp_path, monkeypatch):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "draft.txt").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "in" / "final.txt").write_text(FINAL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


D, F = "in/draft.txt:1-2", "./in/final.txt"


@pytest.mark.parametrize("command", [
    *(("compare", D, F, "--format", fmt) for fmt in ("json", "csv", "tei", "text", "html", "wdiff")),
    ("report", D, F),
    *(("cite", D, F, "--format", fmt) for fmt in ("text", "json", "csv", "bibtex")),
    ("collate", D, F, "--format", "json"),
    ("segment", "in/draft.txt", "--format", "json"),
], ids=lambda c: "-".join(w for w in c if not w.startswith(("in/", "./", "--"))))
def test_a_relative_path_stays_relative(here, command):
    out = _run(*command)
    assert str(here) not in out and str(here.resolve()) not in out
    if command[-1] != "wdiff":  # wdiff's marks name no file
        assert "in/draft.txt" in out


def test_a_word_document_names_the_inputs_as_given(here):
    _run("compare", D, F, "-o", "out.docx")
    with zipfile.ZipFile(here / "out.docx") as z:
        xml = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    assert str(here) not in xml and str(here.resolve()) not in xml
