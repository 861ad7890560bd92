"""Every input error on the command line: one line ``redline: error: …`` on stderr, exit 2, no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from redline.cli import app

DRAFT = "We can no longer delay a decision on the conference.\n"
FINAL = "We shall have to reach very soon a decision on the conference.\n"


def runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # click < 8.2
    except TypeError:
        return CliRunner()  # click >= 8.2 keeps stderr apart by itself


def run(*args: str, input: str | bytes | None = None):
    result = runner().invoke(app, list(args), input=input)
    assert "Traceback" not in result.stdout and "Traceback" not in result.stderr
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def assert_error(result, message: str) -> None:
    """Exit 2, exactly one line on stderr: ``redline: error: MESSAGE``, nothing on stdout."""
    assert result.exit_code == 2, result.output
    assert result.stderr == f"redline: error: {message}\n"
    assert result.stdout == ""


@pytest.fixture
def here(tmp_path: Path, monkeypatch) -> Path:
    """Work in a temporary directory holding ``draft.txt`` and ``final.txt`` so messages name short paths."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "final.txt").write_text(FINAL, encoding="utf-8")
    return tmp_path


def test_missing_file(here):
    assert_error(run("compare", "nope.txt", "final.txt"), "nope.txt: no such file")


def test_missing_file_as_the_final_side(here):
    assert_error(run("compare", "draft.txt", "gone.txt:3-9"), "gone.txt: no such file")


def test_a_misspelt_line_range(here):
    assert_error(run("compare", "draft.txt:1", "final.txt"),
                 "draft.txt:1: no such file; to compare some lines of draft.txt, write draft.txt:FIRST-LAST")


def test_directory(here):
    (here / "docs").mkdir()
    assert_error(run("compare", "docs", "final.txt"), "docs: is a directory, not a file")


def test_binary_file(here):
    (here / "scan.tif").write_bytes(b"II*\x00\x08\x00\x00\x00")
    assert_error(run("compare", "draft.txt", "scan.tif"),
                 "scan.tif: looks like a binary file (NUL bytes), not a text transcription")


def test_pdf_file_says_how_to_get_its_text(here):
    (here / "scan.pdf").write_bytes(b"%PDF-1.4\n\x00\x00\x00")
    assert_error(run("compare", "draft.txt", "scan.pdf"),
                 "scan.pdf: a PDF, not a text; extract its text first (pdftotext -layout scan.pdf scan.txt, "
                 "from poppler-utils) and compare the .txt")


def test_empty_file(here):
    (here / "empty.txt").write_bytes(b"")
    assert_error(run("compare", "empty.txt", "final.txt"), "empty.txt: is empty; nothing to compare")


def test_empty_selection(here):
    (here / "archive.txt").write_text("Letter one.\n\n   \n\nLetter two.\n", encoding="utf-8")
    assert_error(run("compare", "archive.txt:2-4", "final.txt"),
                 "archive.txt:2-4: the selection is empty (only blank lines); nothing to compare")


def test_range_past_the_end(here):
    assert_error(run("compare", "draft.txt:3-5", "final.txt"),
                 "draft.txt:3: line range 3-5 starts past the end of the file, which has 1 line")


def test_range_ending_past_the_end(here):
    (here / "archive.txt").write_text("a\nb\nc\n", encoding="utf-8")
    assert_error(run("compare", "archive.txt:2-10", "final.txt"),
                 "archive.txt:10: line range 2-10 ends past the end of the file, which has 3 lines")


def test_range_with_first_after_last(here):
    assert_error(run("compare", "draft.txt:5-2", "final.txt"),
                 "draft.txt: bad line range 5-2: use PATH:FIRST-LAST with 1 <= FIRST <= LAST")


def test_bad_format_name(here):
    assert_error(run("compare", "draft.txt", "final.txt", "--format", "xml"),
                 "unknown format 'xml': choose one of text, terminal, json, csv, html, tei, wdiff, docx")


def test_standard_input_as_the_draft(here):
    result = run("compare", "-", "final.txt", "--format", "json", input=DRAFT)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["draft"]["path"] == "-"
    assert [t["text"] for t in data["tokens"]["draft"]][:3] == ["We", "can", "no"]


def test_standard_input_identical_to_the_final_has_no_edits(here):
    result = run("compare", "-", "draft.txt", "--format", "json", input=DRAFT)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["edits"] == []


def test_standard_input_for_both_sides_is_refused(here):
    assert_error(run("compare", "-", "-", input=DRAFT),
                 "-: standard input was already read for the other side; give a file for one of them")


def test_utf8_with_bom(here):
    (here / "bom.txt").write_bytes(b"\xef\xbb\xbf" + DRAFT.encode())
    result = run("compare", "bom.txt", "draft.txt", "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["edits"] == []
    assert data["tokens"]["draft"][0] == {**data["tokens"]["final"][0], "match": 0}


def test_cp1252_falls_back_with_a_warning_and_still_compares(here):
    (here / "cp.txt").write_bytes("We can no longer delay a décision on the conference.\n".encode("cp1252"))
    result = run("compare", "cp.txt", "final.txt", "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == "redline: cp.txt:1:27: warning: not valid UTF-8 (first bad byte on line 1); read as cp1252\n"
    words = [t["text"] for t in json.loads(result.stdout)["tokens"]["draft"]]
    assert "décision" in words


def test_output_onto_an_input_is_refused_and_the_input_survives(here):
    result = run("compare", "draft.txt", "final.txt", "-o", "final.txt")
    assert_error(result, "final.txt: is one of the inputs; refusing to overwrite it")
    assert (here / "final.txt").read_text(encoding="utf-8") == FINAL


def test_output_onto_an_input_named_with_a_range_is_refused(here):
    result = run("compare", "draft.txt:1-1", "final.txt", "-o", "./draft.txt")
    assert_error(result, "draft.txt: is one of the inputs; refusing to overwrite it")
    assert (here / "draft.txt").read_text(encoding="utf-8") == DRAFT


def test_output_to_a_new_file_works(here):
    result = run("compare", "draft.txt", "final.txt", "--format", "json", "-o", "out/edits.json")
    assert result.exit_code == 0
    assert json.loads((here / "out" / "edits.json").read_text(encoding="utf-8"))["format"] == "redline/1"


def test_exit_code_is_1_when_there_are_edits(here):
    result = run("compare", "draft.txt", "final.txt", "--exit-code", "--format", "text")
    assert result.exit_code == 1
    assert result.stderr == "redline: 1 edit; 0 variant readings assumed unchanged\n"
    assert "delay" in result.stdout


def test_exit_code_says_how_many_variant_readings_were_assumed(here):
    """A variant reading counts as unchanged, but it is a claim: the status line says how many."""
    (here / "ocr.txt").write_text(DRAFT.replace("delay", "dclay"), encoding="utf-8")
    result = run("compare", "draft.txt", "ocr.txt", "--exit-code", "--format", "text")
    assert result.exit_code == 0, result.stdout
    assert result.stderr == "redline: 0 edits; 1 variant reading assumed unchanged\n"


def test_exit_code_is_0_when_there_are_no_edits(here):
    (here / "copy.txt").write_text(DRAFT.replace("We", "we").replace(".", ""), encoding="utf-8")
    result = run("compare", "draft.txt", "copy.txt", "--exit-code", "--format", "text")
    assert result.exit_code == 0, result.stdout


def test_without_exit_code_edits_still_exit_0(here):
    assert run("compare", "draft.txt", "final.txt", "--format", "text").exit_code == 0


def test_unbalanced_markup_warns_but_compares(here):
    (here / "marked.txt").write_text("We ~~can no longer delay a decision\non the conference.\n", encoding="utf-8")
    result = run("compare", "marked.txt", "final.txt", "--format", "text")
    assert result.exit_code == 0
    assert result.stderr == "redline: marked.txt:1:4: warning: '~~' (struck text) is never closed; read as text\n"


def test_strict_refuses_unbalanced_markup_with_file_line_col(here):
    (here / "marked.txt").write_text("Dear Ron\nWe ~~can no longer delay a decision\non the conference.\n", encoding="utf-8")
    result = run("compare", "marked.txt", "final.txt", "--strict")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("redline: error: marked.txt:2:4: ")
    assert "'~~'" in lines[0]


def test_strict_names_a_stray_closing_sup(here):
    (here / "marked.txt").write_text("We can</sup> no longer delay\n", encoding="utf-8")
    result = run("compare", "final.txt", "marked.txt", "--strict")
    assert result.exit_code == 2
    assert result.stderr.startswith("redline: error: marked.txt:1:7: ")
    assert "'</sup>'" in result.stderr


def test_strict_accepts_balanced_markup(here):
    (here / "marked.txt").write_text("We ~~can no longer delay~~ <sup>shall have to reach</sup> a decision\n", encoding="utf-8")
    result = run("compare", "marked.txt", "final.txt", "--strict", "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == ""


# Usage errors, through the real command: the parser's own mistakes (a missing argument, an unknown
# option, a value out of range) are one line too, in plain words, naming the --help to read.

REDLINE = Path(sys.executable).with_name("redline")  # the console script beside this interpreter


def command(*args: str, input: str | None = None, script: bool = False) -> subprocess.CompletedProcess:
    """Run ``python -m redline ARGS`` (or the ``redline`` console script) in the working directory."""
    head = [str(REDLINE)] if script else [sys.executable, "-m", "redline"]
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    return subprocess.run([*head, *args], input=input, capture_output=True, text=True, timeout=60, env=env, check=False)


def assert_usage_error(proc: subprocess.CompletedProcess, message: str, command_name: str) -> None:
    """Exit 2, nothing on stdout, one line on stderr: ``redline: error: MESSAGE; see '… COMMAND --help'``."""
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and proc.stderr.endswith("\n"), proc.stderr
    line = proc.stderr.rstrip("\n")
    assert line.startswith(f"redline: error: {message}; see '"), line
    assert line.endswith(f"{command_name} --help'"), line
    assert "Usage:" not in line and "Try " not in line and "Input should" not in line and "{" not in line


@pytest.mark.parametrize("args, message, command_name", [
    (["compare", "draft.txt"], "missing FINAL", "redline compare"),
    (["compare"], "missing DRAFT and FINAL", "redline compare"),
    (["report", "draft.txt"], "missing FINAL", "redline report"),
    (["cite"], "missing DRAFT and FINAL", "redline cite"),
    (["segment"], "missing FILE", "redline segment"),
    (["compare", "draft.txt", "final.txt", "--bogus"], "unknown option --bogus (did you mean --bom?)", "redline compare"),
    (["compare", "draft.txt", "final.txt", "--width", "5"], "--width must be at least 20", "redline compare"),
    (["compare", "draft.txt", "final.txt", "--width", "wide"], "--width must be a whole number, at least 20",
     "redline compare"),
    (["compare", "draft.txt", "final.txt", "--width"], "--width needs a value", "redline compare"),
    (["compare", "draft.txt", "final.txt", "extra.txt"], "too many arguments: extra.txt", "redline compare"),
    (["demo", "--width", "3"], "--width must be at least 20", "redline demo"),
    (["pairs", "--jobs", "0", "draft.txt"], "--jobs must be at least 1", "redline pairs"),
    (["survey", "draft.txt"], "missing option --output", "redline survey"),
    (["survey", "draft.txt", "-o", "out", "--jobs", "0"], "--jobs must be at least 1", "redline survey"),
    (["complare", "draft.txt", "final.txt"], "unknown command 'complare' (did you mean 'compare', 'collate'?)", "redline"),
    (["--bogus"], "unknown option --bogus", "redline"),
])
def test_usage_errors_are_one_plain_line(here, args, message, command_name):
    assert_usage_error(command(*args), message, command_name)


def test_the_console_script_gives_the_same_one_line(here):
    if not REDLINE.exists():
        pytest.skip("no redline console script beside this interpreter")
    proc = command("compare", "draft.txt", script=True)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == "redline: error: missing FINAL; see 'redline compare --help'\n"


def test_lines_of_standard_input_are_an_input_not_an_option(here):
    """``-:FIRST-LAST`` starts with a dash but is an input spec: no ``--`` is needed, options may follow."""
    proc = command("compare", "-:1-1", "final.txt", "--format", "json", input=DRAFT + "Second line.\n")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["draft"]["path"] == "-" and data["draft"]["lines"] == [1, 1]
    assert [t["text"] for t in data["tokens"]["draft"]][:3] == ["We", "can", "no"]
    after = command("compare", "final.txt", "--format", "json", "--", "-:2-2", input="Nothing.\n" + DRAFT)
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout)["final"]["lines"] == [2, 2]


@pytest.mark.parametrize("args", [["--help"], ["compare", "--help"], ["survey", "--help"], ["pairs", "--help"]])
def test_help_still_works_and_shows_no_type_hints(here, args):
    proc = command(*args)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Usage: ") and proc.stderr == ""
    for hint in ("<str>", "<int", "<list", "<path>", "{DRAFT}", "{FILE}"):
        assert hint not in proc.stdout


def test_compare_usage_line_names_the_inputs_plainly(here):
    usage = command("compare", "--help").stdout.splitlines()[0]
    assert usage.endswith("compare [OPTIONS] DRAFT FINAL")
    assert "--width N" in command("compare", "--help").stdout
