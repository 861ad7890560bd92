"""Survey output: redline writes only into a directory that is new, empty or a survey's, and never replaces
a file it did not write there — across repeated, resumed and interrupted runs, and in a directory an older
redline wrote."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from redline import batch
from redline.cli import app
from redline.survey import survey

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
MANIFEST = SAMPLES / "pairs.toml"
DISCOVERED = "002_6107bf163eec2d22-1-55"
"""The slug of a pair discovery finds (the despatched copies of 20 October) when no manifest names it."""


def listing(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def run(*args: str):
    return CliRunner().invoke(app, ["survey", str(SAMPLES), "--jobs", "1", *args])


def test_a_folder_of_someone_elses_files_is_refused_and_left_as_it_was(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("MY NOTES\n", encoding="utf-8")
    (out / "survey.json").write_text('{"mine": true}\n', encoding="utf-8")
    before = listing(out)
    result = run("-o", str(out))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"redline: error: {out}: is not empty")
    assert "choose a new or empty directory" in result.stderr
    assert listing(out) == before and sorted(p.name for p in out.iterdir()) == ["index.html", "survey.json"]


@pytest.mark.parametrize("older_redline", [False, True], ids=["ledger", "no-ledger"])
def test_a_survey_folder_stays_usable_but_a_file_the_user_put_there_is_never_replaced(tmp_path, older_redline):
    out = tmp_path / "out"

    def crash(done, total, outcome):  # the run dies (killed, power cut) after its first pair: no index is written
        if outcome is not None:
            raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        survey([str(SAMPLES)], out, MANIFEST, jobs=1, progress=crash)
    assert not (out / "index.html").exists() and (out / "dec88.html").exists()
    (out / f"{batch.STATE_DIR}/dec88.json").unlink()  # and died between a report and its done-marker
    if older_redline:  # a folder a redline without the ledger wrote: its done-markers say what is its own
        result = run("-o", str(out), "-m", str(MANIFEST))
        assert result.exit_code == 0, result.output
        (out / batch.STATE_DIR / batch.LEDGER).unlink()
        for page in out.glob("collation-*"):  # an older redline collated nothing
            page.unlink()
    mine = out / f"{DISCOVERED}.html"
    mine.write_text("my own notes on the October copies\n", encoding="utf-8")

    result = run("-o", str(out), "-m", str(MANIFEST), "--resume")  # the survey's own folder: carries on
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("3 pairs")
    before = listing(out)
    result = run("-o", str(out))  # discovery would write DISCOVERED.html over the user's file: refused
    assert result.exit_code == 2, result.output
    assert result.stderr == (f"redline: error: {mine}: exists and redline did not write it; refusing to replace it "
                             "(move it away, or choose a new directory with -o)\n")
    assert listing(out) == before
    mine.rename(tmp_path / mine.name)  # moved away, as the message says
    result = run("-o", str(out))
    assert result.exit_code == 0, result.output
    assert (out / f"{DISCOVERED}.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert (tmp_path / mine.name).read_text(encoding="utf-8") == "my own notes on the October copies\n"


def test_a_survey_with_no_pairs_can_write_its_folder_again(tmp_path):
    """A survey that found no pair still marks its folder as a survey's: the next run may write there,
    and a file the user added there stays, while a file in the way of the index is refused."""
    one = tmp_path / "one.txt"
    shutil.copy(SAMPLES / "004_7b809fd8ed01e65c.txt", one)
    out = tmp_path / "out"
    assert survey([str(one)], out).rows == ()
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert survey([str(one)], out).rows == ()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    other = tmp_path / "other"
    other.mkdir()
    (other / "index.html").write_text("<p>my index</p>\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["survey", str(one), "-o", str(other)])
    assert result.exit_code == 2 and "refusing to write into it" in result.stderr
    assert (other / "index.html").read_text(encoding="utf-8") == "<p>my index</p>\n"


def test_a_second_survey_of_a_folder_being_written_is_refused_and_writes_nothing(tmp_path):
    """Two surveys writing one folder at once would replace each other's reports and ledger: while one
    holds the folder (``batch.only_writer``, what a running survey holds), another is refused."""
    out = tmp_path / "out"
    (out / batch.STATE_DIR).mkdir(parents=True)
    with batch.only_writer(out):
        result = run("-o", str(out))
        assert result.exit_code == 2, result.output
        assert "another survey is writing into it now" in result.output
        assert listing(out) == {}
    result = run("-o", str(out))
    assert result.exit_code == 0, result.output
