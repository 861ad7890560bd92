"""The command line's safety rules, second round: ``-o`` never overwrites the file standard input was
redirected from; file names are shown, never obeyed, on the terminal; ``report --with-data`` replaces
its four files all or none; a closed pipe is exit 141, silently."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from redline.cli import app
from tests.test_cli_errors import runner as cli_runner

DRAFT = "The quick brown fox jumps over the lazy dog.\n"
FINAL = "The quick red fox jumps over the lazy dog.\n"
REFUSED = "is one of the inputs; refusing to overwrite it"


def run(*args: str, cwd: Path, stdin: Path | None = None, **kw) -> subprocess.CompletedProcess:
    """``python -m redline`` in a process of its own, standard input redirected from ``stdin`` (a real
    file: the check looks at its descriptor, as a shell's ``< file`` gives it)."""
    with open(stdin if stdin else os.devnull, "rb") as f:
        return subprocess.run([sys.executable, "-m", "redline", *args], cwd=cwd, stdin=f, capture_output=True,
                              text=True, timeout=120, **kw)


@pytest.fixture
def here(tmp_path: Path) -> Path:
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "final.txt").write_text(FINAL, encoding="utf-8")
    return tmp_path


def assert_refused(r: subprocess.CompletedProcess, name: str) -> None:
    assert r.returncode == 2, r.stderr
    assert r.stderr == f"redline: error: {name}: {REFUSED}\n"
    assert "Traceback" not in r.stderr


# ---- 1. -o never overwrites the file behind standard input ----------------------------------------


@pytest.mark.parametrize("spec", ["-", "-:1-1"])
def test_compare_refuses_to_write_over_the_file_standard_input_comes_from(here, spec):
    r = run("compare", spec, "final.txt", "--format", "text", "-o", "draft.txt", cwd=here, stdin=here / "draft.txt")
    assert_refused(r, "draft.txt")
    assert (here / "draft.txt").read_text(encoding="utf-8") == DRAFT


def test_compare_refuses_a_link_to_the_file_standard_input_comes_from(here):
    (here / "link.txt").symlink_to("draft.txt")
    r = run("compare", "final.txt", "-", "-o", "link.txt", cwd=here, stdin=here / "draft.txt")
    assert_refused(r, "link.txt")
    assert (here / "draft.txt").read_text(encoding="utf-8") == DRAFT


def test_report_refuses_to_write_a_data_file_over_standard_input(here):
    """``report - b -o r.html --with-data < r.tei.xml``: r.tei.xml is one of the files --with-data writes."""
    run("report", "draft.txt", "final.txt", "-o", "r.html", "--with-data", cwd=here).check_returncode()
    before = {p.name: p.read_bytes() for p in here.iterdir()}
    for data in ("r.tei.xml", "r.json", "r.html"):
        r = run("report", "-", "final.txt", "-o", "r.html", "--with-data", cwd=here, stdin=here / data)
        assert_refused(r, data)
        assert {p.name: p.read_bytes() for p in here.iterdir()} == before


def test_standard_input_from_another_file_may_write_anywhere_else(here):
    r = run("compare", "-", "final.txt", "--format", "text", "-o", "out.txt", cwd=here, stdin=here / "draft.txt")
    assert r.returncode == 0, r.stderr
    assert "red" in (here / "out.txt").read_text(encoding="utf-8")
    assert (here / "draft.txt").read_text(encoding="utf-8") == DRAFT


# ---- 2. a file name's control characters are shown, never obeyed ----------------------------------

EVIL = "evil\x1b]0;PWNED\x07\x1b[2J\u202e.txt"
SHOWN = "evil␛]0;PWNED␇␛[2J<U+202E>.txt"


def _no_raw(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text


def test_warning_names_the_file_safely(here):
    (here / EVIL).write_text("The *quick brown fox.\n", encoding="utf-8")
    r = run("compare", EVIL, "final.txt", cwd=here)
    assert r.returncode == 0, r.stderr
    _no_raw(r.stderr)
    assert f"redline: {SHOWN}:1:5: warning" in r.stderr


def test_error_names_a_missing_file_safely(here):
    name = "no\x1b[31mRED\n\u202e.txt"
    r = run("compare", name, "final.txt", cwd=here)
    assert r.returncode == 2
    assert r.stderr == "redline: error: no␛[31mRED␊<U+202E>.txt: no such file\n"


def test_usage_error_names_the_option_safely(here):
    r = run("compare", "draft.txt", "final.txt", "--x\x1b[2J", cwd=here)
    assert r.returncode == 2
    _no_raw(r.stderr)
    assert r.stderr.count("\n") == 1


@pytest.mark.parametrize("command", ["segment", "pairs"])
def test_segment_and_pairs_text_show_names_safely(here, command):
    name = "evil\x1b]0;PWNED\x07\nnext\u202e.txt"
    (here / name).write_text("The quick brown fox.\n", encoding="utf-8")
    r = run(command, ".", cwd=here)
    assert r.returncode == 0, r.stderr
    _no_raw(r.stdout)
    _no_raw(r.stderr)
    lines = [line for line in r.stdout.splitlines() if "evil" in line]
    assert lines and all("evil␛]0;PWNED␇␊next<U+202E>.txt" in line for line in lines)
    assert not any(line.startswith("next") for line in r.stdout.splitlines())  # the name's newline began no line


def test_cli_runner_error_is_shown_safely(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = cli_runner()
    result = runner.invoke(app, ["compare", "a\x1b[2J.txt", "b.txt"])
    assert result.exit_code == 2
    assert result.stderr == "redline: error: a␛[2J.txt: no such file\n"


# ---- 3. report --with-data: all four files or none ---------------------------------------------------


def _old_set(here: Path) -> dict[str, str]:
    old = {name: f"old {name}\n" for name in ("r.html", "r.json", "r.csv", "r.tei.xml")}
    for name, text in old.items():
        (here / name).write_text(text, encoding="utf-8")
    return old


def test_with_data_that_fails_leaves_the_old_set(here, monkeypatch):
    """The TEI (the last data file) fails to render: no file of the set is replaced, no temporary file stays."""
    old = _old_set(here)
    monkeypatch.chdir(here)
    from redline import render
    from redline.errors import RedlineError

    real = render.pieces

    def failing(name, *args, **kwargs):
        if name == "tei":
            raise RedlineError("gave up after 1 s (writing TEI)")
        return real(name, *args, **kwargs)

    monkeypatch.setattr("redline.cli.report.pieces", failing)
    runner = cli_runner()
    result = runner.invoke(app, ["report", "draft.txt", "final.txt", "-o", "r.html", "--with-data"])
    assert result.exit_code == 2
    assert result.stderr == "redline: error: gave up after 1 s (writing TEI)\n"
    assert {name: (here / name).read_text(encoding="utf-8") for name in old} == old
    assert sorted(p.name for p in here.iterdir()) == sorted(["draft.txt", "final.txt", *old])


def test_with_data_that_succeeds_replaces_the_set_through_a_link_keeping_the_mode(here):
    _old_set(here)
    (here / "r.json").chmod(0o640)
    (here / "real").mkdir()
    (here / "real" / "r.csv").write_text("old\n", encoding="utf-8")
    (here / "r.csv").unlink()
    (here / "r.csv").symlink_to("real/r.csv")
    r = run("report", "draft.txt", "final.txt", "-o", "r.html", "--with-data", cwd=here)
    assert r.returncode == 0, r.stderr
    assert (here / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (here / "r.json").read_text(encoding="utf-8").startswith("{")
    assert (here / "r.json").stat().st_mode & 0o777 == 0o640
    assert (here / "r.csv").is_symlink() and "red" in (here / "real" / "r.csv").read_text(encoding="utf-8")
    assert "<TEI" in (here / "r.tei.xml").read_text(encoding="utf-8")
    assert not [p for p in here.iterdir() if p.name.endswith(".tmp")]


def test_with_data_on_timeout_keeps_the_old_set(here):
    """A real --timeout: a comparison too large for one second gives up before any file is replaced."""
    words = " ".join(f"w{i}" for i in range(60000))
    (here / "big1.txt").write_text(words + "\n", encoding="utf-8")
    (here / "big2.txt").write_text(" ".join(f"w{i}" if i % 7 else f"x{i}" for i in range(60000)) + "\n", encoding="utf-8")
    old = _old_set(here)
    r = run("report", "big1.txt", "big2.txt", "-o", "r.html", "--with-data", "--timeout", "1", cwd=here)
    if r.returncode == 0:
        pytest.skip("this machine compared the pair within a second")
    assert r.returncode == 2 and "gave up after 1 s" in r.stderr, r.stderr
    assert {name: (here / name).read_text(encoding="utf-8") for name in old} == old
    assert not [p for p in here.iterdir() if p.name.endswith(".tmp")]


def test_report_refuses_an_output_named_for_another_format(here):
    r = run("report", "draft.txt", "final.txt", "-o", "x.json", "--with-data", cwd=here)
    assert r.returncode == 2
    assert r.stderr.startswith("redline: error: x.json: a report is HTML; name it .html")
    assert sorted(p.name for p in here.iterdir()) == ["draft.txt", "final.txt"]


# ---- 4. a closed pipe, ignored flags ---------------------------------------------------------------


def test_a_closed_pipe_is_exit_141_silently(here):
    words = " ".join(f"w{i}" for i in range(100000))
    (here / "big.txt").write_text(words + "\n", encoding="utf-8")
    cmd = f"{sys.executable} -m redline compare big.txt final.txt --format json 2>err.txt | head -c1 >/dev/null; " \
          "echo ${PIPESTATUS[0]}"
    r = subprocess.run(["bash", "-c", cmd], cwd=here, capture_output=True, text=True, timeout=120)
    assert r.stdout.strip() == "141"
    err = (here / "err.txt").read_text(encoding="utf-8")
    assert "Traceback" not in err and "error" not in err and "Exception" not in err


def test_csv_flags_with_json_are_a_warning(here):
    r = run("compare", "draft.txt", "final.txt", "--format", "json", "--bom", "--side-by-side", cwd=here)
    assert r.returncode == 0
    assert "redline: warning: --bom applies to --format csv only; ignored with json" in r.stderr
    assert "--side-by-side applies to --format text and terminal only" in r.stderr
