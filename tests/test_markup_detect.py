"""Markup is read only where it is markup: flanking, one paragraph, and plain text when nothing pairs.

A printed book's footnote asterisks, scene breaks and number signs are text; a transcription's
``~~struck~~``, ``<sup>inserted</sup>`` and ``*hand*`` are marks. ``--markup`` overrides the choice.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from redline.api import Options, load
from redline.parse import parse
from redline.read import read_source

JULIAN = Path(__file__).resolve().parent / "data" / "corpus" / "julian"


def parse_text(text: str, markup: str = "auto"):
    return parse(read_source("doc.txt", data=text.encode("utf-8"))[0], markup=markup)


def layers(w) -> set[str]:
    return {t.layer for t in w.tokens}


def warnings(w) -> list[str]:
    return [n.message for n in w.notices if n.warning]


def markup_notes(w) -> list[str]:
    return [n.message for n in w.notices if n.message.startswith("markup:")]


def test_footnote_asterisks_paragraphs_apart_are_text_and_make_one_notice():
    paras = ["It was the tread*. of a foot upon the stair, and then no more."]
    paras += [f"Paragraph {n} of the story goes on with no mark at all, as novels do." for n in range(40)]
    paras += ["At last he felt the fear*, and it passed.", "He shut his eye*. The end."]
    w = parse_text("\n\n".join(paras))
    assert layers(w) == {"typed"}
    assert [t.text for t in w.tokens if "*" in t.text] == ["tread*.", "fear*,", "eye*."]
    assert len(w.notices) == 1
    assert w.notices[0].message.startswith("markup: none paired — read as plain text")
    assert "3 '*' kept as text" in w.notices[0].message


def test_strict_does_not_refuse_a_plain_text_for_its_footnote_marks():
    w = parse(read_source("doc.txt", data=b"the tread*. of it\n\nthe eye*. of it")[0], strict=True)
    assert layers(w) == {"typed"}


def test_a_footnote_mark_in_a_marked_text_says_what_it_is():
    w = parse_text("We ~~can~~ agree with the tread*. of it.")
    assert [t.layer for t in w.tokens][:3] == ["typed", "struck", "typed"]
    assert "hand" not in layers(w)
    assert warnings(w) == ["warning: '*' after a word opens nothing (a footnote mark?); read as text"]


def test_many_footnote_marks_in_a_marked_text_do_not_spam():
    text = "We ~~can~~ agree. " + " ".join(f"word{n}* and" for n in range(200))
    w = parse_text(text)
    assert "hand" not in layers(w)
    assert len(warnings(w)) <= 4
    assert "here and at 196 more places" in warnings(w)[-1]


def test_scene_breaks_are_text():
    w = parse_text("The end of one scene.\n\n* * *\n\nThe start of *another.\n\n*\n")
    assert layers(w) == {"typed"}
    assert [t.key for t in w.tokens] == ["the", "end", "of", "one", "scene", "the", "start", "of", "another"]


def test_number_signs_in_a_plain_text_are_not_headings():
    w = parse_text("He lived at No. #5 in the street.\n# 5 was the number on the door.\n## and so on\n")
    assert all(t.style is None for t in w.tokens)
    assert [t.key for t in w.tokens][:6] == ["he", "lived", "at", "no", "5", "in"]
    assert "5" in [t.key for t in w.tokens[8:]]
    assert warnings(w) == []


def test_handwriting_over_two_lines_of_one_paragraph_is_hand():
    w = parse_text("Typed text here.\n*Agree with the\nproposal - CDP* typed again")
    assert [t.layer for t in w.tokens] == ["typed"] * 3 + ["hand"] * 5 + ["typed"] * 2
    assert markup_notes(w) == ["markup: transcription marks (1 handwriting) read"]


def test_an_opener_whose_paragraph_ends_unclosed_is_text():
    w = parse_text("a ~~b~~ c\n*Note on the\nmargin\n\nNext paragraph ends* here.")
    assert [t.layer for t in w.tokens][1] == "struck"
    assert all(t.layer == "typed" for t in w.tokens[3:])
    assert any("2:1" in str(n) and "not closed within its paragraph" in n.message for n in w.notices)


def test_a_balanced_strike_makes_the_document_marked():
    w = parse_text("## Title\nOne ~~two~~ three")
    assert [(t.key, t.layer, t.style) for t in w.tokens] == [
        ("title", "typed", "heading"), ("one", "typed", None), ("two", "struck", None), ("three", "typed", None)]
    assert markup_notes(w)[0].startswith("markup: transcription marks (1 struck")


@pytest.mark.parametrize("text, superscript", [("the 2<sup>nd</sup> edition", "nd"), ("a word<sup>3</sup>. Then", "3")])
def test_a_superscript_glued_to_a_word_is_typed_text(text, superscript):
    w = parse_text(text)
    assert layers(w) == {"typed"}
    assert superscript in [t.text for t in w.tokens]
    assert "sup" not in [t.key for t in w.tokens]
    assert warnings(w) == []


def test_an_insertion_between_words_or_inside_a_word_is_still_inserted():
    w = parse_text("our <sup>experts</sup> and a wor<sup>l</sup>d")
    assert [(t.text, t.layer) for t in w.tokens] == [
        ("our", "typed"), ("experts", "inserted"), ("and", "typed"), ("a", "typed"),
        ("wor", "typed"), ("l", "inserted"), ("d", "typed")]


def test_markup_none_reads_every_character_as_text():
    w = parse_text("we ~~can~~ <sup>shall</sup> *agree*", markup="none")
    assert layers(w) == {"typed"}
    assert markup_notes(w) == ["markup: none (--markup none): every character read as text"]


def test_markup_marks_reads_a_heading_without_any_pair():
    assert parse_text("## Title\ntext", markup="marks").tokens[0].style == "heading"
    assert parse_text("## Title\ntext").tokens[0].style is None


# --- the corpus ------------------------------------------------------------------------------------


def test_a_printed_book_with_stray_asterisks_has_no_hand_and_no_warnings():
    w = load(str(JULIAN / "dramatic_works_1854.txt"))
    assert "hand" not in layers(w)
    assert layers(w) == {"typed"}
    assert warnings(w) == []
    assert len(markup_notes(w)) == 1 and "plain text" in markup_notes(w)[0]


def _gold():
    with open(JULIAN / "gold.tsv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_every_gold_strike_and_insertion_of_the_manuscript_parses_to_its_layer():
    w = load(str(JULIAN / "ms_1823_licensing.txt"))
    gold = _gold()
    assert len(gold) == 17
    for row in gold:
        start, end = int(row["start"]), int(row["end"])
        inside = [t for t in w.tokens if start <= t.start and t.end <= end]
        assert inside, row
        assert {t.layer for t in inside} == {"inserted" if row["kind"] == "inserted" else "struck"}, row
    marked = [t for t in w.tokens if t.layer in ("struck", "inserted")]
    assert all(any(int(r["start"]) <= t.start and t.end <= int(r["end"]) for r in gold) for t in marked)
    assert warnings(w) == []
    assert markup_notes(w) == ["markup: transcription marks (13 struck, 4 above the line) read"]


def test_markup_none_on_the_manuscript_gives_no_struck_or_inserted_word():
    w = load(str(JULIAN / "ms_1823_licensing.txt"), options=Options(markup="none"))
    assert layers(w) == {"typed"}


def test_markup_tei_on_a_text_file_is_a_one_line_error():
    from redline.errors import InputError

    with pytest.raises(InputError, match="not well-formed XML"):
        load(str(JULIAN / "dramatic_works_1854.txt"), options=Options(markup="tei"))


# --- the command line ----------------------------------------------------------------------------


def _redline(*args: str, cwd: Path, monkeypatch):
    """Run the command in-process (this checkout's code), in ``cwd``, stdout and stderr apart."""
    from typer.testing import CliRunner

    from redline.cli import app

    monkeypatch.chdir(cwd)
    try:
        runner = CliRunner(mix_stderr=False)  # click < 8.2
    except TypeError:
        runner = CliRunner()
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def test_cli_markup_option(tmp_path, monkeypatch):
    (tmp_path / "d.txt").write_text("We ~~can no~~ agree.\n", encoding="utf-8")
    (tmp_path / "f.txt").write_text("We agree, tread*. and more.\n", encoding="utf-8")
    run = lambda *a: _redline(*a, cwd=tmp_path, monkeypatch=monkeypatch)  # noqa: E731
    out = run("compare", "d.txt", "f.txt", "--format", "json")
    assert out.exit_code == 0 and out.stderr == ""  # the markup notices are information, not warnings
    notices = [n for n in json.loads(out.stdout)["notices"] if ": markup: " in n]
    assert notices == ["d.txt:1:1: markup: transcription marks (1 struck) read",
                       "f.txt:1:1: markup: none paired — read as plain text (1 '*' kept as text)"]
    plain = run("compare", "d.txt", "f.txt", "--format", "json", "--markup", "none")
    assert plain.exit_code == 0
    assert {t["layer"] for t in json.loads(plain.stdout)["tokens"]["draft"]} == {"typed"}
    tei = run("report", "d.txt", "f.txt", "--markup", "tei")
    assert tei.exit_code == 2 and tei.stdout == ""
    assert len(tei.stderr.splitlines()) == 1 and tei.stderr.startswith("redline: error: d.txt:1:1: not well-formed XML")
    bad = run("cite", "d.txt", "f.txt", "--markup", "html")
    assert bad.exit_code == 2 and bad.stderr == "redline: error: unknown markup 'html': choose one of auto, marks, tei, none\n"


# --- asterisks inside running lines: emphasis in print, not a hand ----------------------------------

def _layers(text: str, markup: str = "auto") -> list[tuple[str, str]]:
    from redline.api import Options, load

    w = load("d.txt", data=text.encode(), options=Options(markup=markup))
    return [(t.text, t.layer) for t in w.tokens]


def test_asterisks_inside_running_lines_are_emphasis_not_a_hand():
    """A printed book or a Markdown text marks italics with asterisks inside its lines: read as
    hands they would give every chapter a handwritten edit, so with no span on a line of its own
    they are emphasis, typed, and the markup notice says so."""
    from redline.api import load

    text = "It was *very* kind of you, and I was *so* glad.\n\nWe met at *The Crown* that night.\n"
    assert {layer for _, layer in _layers(text)} == {"typed"}
    assert [w for w, _ in _layers(text)][:4] == ["It", "was", "very", "kind"]
    notice = str(load("d.txt", data=text.encode()).notices[0])
    assert "3 '*…*' spans inside running lines read as emphasis" in notice


def test_a_hand_on_a_line_of_its_own_keeps_every_span_of_the_witness_a_hand():
    """The negative case, the dialect's own convention: a signature or a note on lines of its own
    shows that the transcriber writes hands with asterisks, and a span inside a line is a hand too."""
    text = "We agree, and *then* more.\n\n*Submit to the Private Secretary\nfor signature*\n"
    layers = dict(_layers(text))
    assert layers["then"] == "hand" and layers["Submit"] == "hand" and layers["signature"] == "hand"


def test_markup_marks_reads_running_asterisks_as_hands_when_asked():
    assert dict(_layers("It was *very* kind, *so* kind.\n", markup="marks"))["very"] == "hand"


def test_one_span_inside_a_line_stays_a_hand():
    """A minute initialled in the run of a typed page is one span; italics come many to a text."""
    assert dict(_layers("Typed. *Agree - CDP* More typed.\n"))["Agree"] == "hand"
