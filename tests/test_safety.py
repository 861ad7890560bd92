"""Untrusted input reaching a person: terminal escapes, rich markup in documents, links to inputs,
huge selections, and the small CLI promises found in review."""

from __future__ import annotations

import io
import os

import pytest

from rich.console import Console
from typer.testing import CliRunner

from redline.api import compare_witnesses, load
from redline.cli import app
from redline.cite import _bibtex_escape
from redline.segment import segment
from redline.survey import documents_table

runner = CliRunner()
ESC = "Hello \x1b]0;PWNED\x07 and \x1b[2J cleared \x1b]52;c;ZWNobw==\x07 end\n"


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


def test_terminal_escape_sequences_in_a_transcription_never_reach_the_terminal(tmp_path):
    a, b = write(tmp_path, "a.txt", ESC), write(tmp_path, "b.txt", "Hello and cleared end\n")
    for args in (["compare", a, b], ["compare", a, b, "-f", "terminal"], ["compare", a, b, "-s"], ["cite", a, b],
                 ["compare", a, b, "--draft-label", "x\x1b[31mRED"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output and "\x07" not in result.output, args
        assert "\u241b" in result.output  # shown as the visible ESC picture


def test_square_brackets_in_a_document_are_text_not_rich_markup():
    """Typed brackets are part of the transcriptions: in a table they must print as they are."""
    from dataclasses import replace

    doc = segment("Dear Sir,\n\nWe agree to the plan in every respect today.\n\nYours\n", "x.txt")[0]
    doc = replace(doc, title="[link=http://evil.example]Note[/link] [/closing] [blink]X[/blink]")
    buf = io.StringIO()
    Console(file=buf, width=300, force_terminal=True).print(documents_table([doc]))  # must not raise
    shown = buf.getvalue()
    assert "[/closing]" in shown and "[link=http://evil.example]" in shown
    assert "\x1b]8;" not in shown  # no hyperlink escape


def test_width_below_twenty_is_a_usage_error(tmp_path):
    a = write(tmp_path, "a.txt", "one two three\n")
    result = runner.invoke(app, ["compare", a, a, "--width", "-5"])
    assert result.exit_code == 2


def test_exit_code_ignores_variant_readings(tmp_path):
    a = write(tmp_path, "a.txt", "Peace and quiet on Downing St. today\n")
    b = write(tmp_path, "b.txt", "PEACE AND QUIET ON DOWNING STREET TODAY\n")
    assert runner.invoke(app, ["compare", a, b, "--exit-code"]).exit_code == 0
    c = write(tmp_path, "c.txt", "PEACE AND QUIET ON DOWNING STREET TOMORROW\n")
    assert runner.invoke(app, ["compare", a, c, "--exit-code"]).exit_code == 1


def test_without_colour_the_marks_carry_the_meaning(tmp_path):
    """Without colour the brackets say what happened: words the draft strikes, and words it has
    without a strike that the despatch leaves out, are marked differently."""
    a = write(tmp_path, "a.txt", "We can no longer delay a decision.\n")
    b = write(tmp_path, "b.txt", "WE SHALL HAVE TO REACH A DECISION.\n")
    inline = runner.invoke(app, ["compare", a, b, "-f", "terminal"]).output
    assert "[_can no longer delay_]" in inline and "{+SHALL HAVE TO REACH+}" in inline
    side = runner.invoke(app, ["compare", a, b, "-s", "--width", "80"]).output
    assert "despatched:" in side and "[_can_]" in side and "{+SHALL+}" in side
    struck = write(tmp_path, "s.txt", "We ~~can no longer delay~~ <sup>shall have to reach</sup> a decision.\n")
    inline = runner.invoke(app, ["compare", struck, b, "-f", "terminal"]).output
    assert "[-can no longer delay-]" in inline and "[_" not in inline.split("legend:")[0]


@pytest.mark.parametrize("width", [20, 30, 44])
def test_a_narrow_side_by_side_folds_long_words_and_cuts_none(tmp_path, width):
    """In narrow columns a long word wraps onto the next line; none is cut off with an ellipsis."""
    a = write(tmp_path, "a.txt", "We reach a decision on the UNDERSTANDINGS reached.\n")
    b = write(tmp_path, "b.txt", "WE MUST REACH A DECISION ON THE UNDERSTANDINGS NOW.\n")
    side = runner.invoke(app, ["compare", a, b, "-s", "--width", str(width)]).output
    table = side.split("legend:")[0]
    assert "\u2026" not in table
    rows = [line.split("\u2502") for line in table.splitlines() if line.startswith("\u2502")]
    draft, final = ("".join(r[n].strip() for r in rows) for n in (1, 2))
    assert "UNDERSTANDINGS" in draft and "UNDERSTANDINGS" in final


def test_a_hard_link_to_an_input_is_never_overwritten(tmp_path):
    a = write(tmp_path, "a.txt", "one two three\n")
    os.link(a, tmp_path / "link.txt")
    result = runner.invoke(app, ["compare", a, a, "-o", str(tmp_path / "link.txt")])
    assert result.exit_code == 2 and "refusing to overwrite" in result.output
    assert (tmp_path / "a.txt").read_text() == "one two three\n"


def test_one_unreadable_file_in_a_folder_does_not_stop_a_survey(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "letter.txt").write_text("Dear Sir,\n\nWe agree to the plan in every respect today.\n\nYours\n")
    (folder / "empty.txt").write_text("")
    result = runner.invoke(app, ["survey", str(folder), "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "empty.txt" in (tmp_path / "out" / "index.html").read_text()


@pytest.mark.parametrize("words, refused", [(10, False), (11, True)])
def test_the_word_limit_holds_at_its_edge_for_the_shortest_words(tmp_path, words, refused):
    """One-letter words with one space each: the densest text there is, where skipping the count
    for a short selection must still refuse the eleventh word over a limit of ten."""
    a = write(tmp_path, "a.txt", "a " * words)
    result = runner.invoke(app, ["compare", a, a, "--max-words", "10"])
    assert (result.exit_code == 2) is refused, result.output
    assert ("more than redline compares at once" in result.output) is refused


def test_a_selection_too_long_to_compare_is_refused_before_parsing(tmp_path):
    a = write(tmp_path, "a.txt", "word " * 50 + "\n")
    result = runner.invoke(app, ["compare", a, a, "--max-words", "10"])
    assert result.exit_code == 2 and "50 words" in result.output and "--max-words" in result.output


def test_one_damaged_word_in_a_clean_typed_draft_does_not_make_it_handwritten():
    d = load("d.txt", data=b"The Prime Minister will see the Ambassador on Monday.\nWe must not falter now in our resolve.\n")
    f = load("f.txt", data=b"THE PRIME MINISTER WILL SEE THE AMBASSADOR ON MONDAY.\nWE MUST NOT FAILTER NOW IN OUR RESOLVE.\n")
    c = compare_witnesses(d, f)
    assert not any(t.layer == "hand" for t in c.draft.tokens)
    assert [e.kind for e in c.edits] == ["variant"]


def test_bibtex_escaping_never_escapes_its_own_output():
    assert _bibtex_escape("L{ab\\") == "L\\{ab\\textbackslash{}"
