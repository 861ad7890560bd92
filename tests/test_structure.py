"""Structure is part of the text: a paragraph split or joined between the versions is an edit of its
own (``paragraph``), claimed only on evidence; a list keeps its items and markers in the redline."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from redline import compare, compare_texts
from redline.cli import app
from redline.render.text import render as text_render
from redline.structure import items

from .test_contract import SCHEMA

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "samples"
DARWIN = HERE / "data" / "corpus" / "darwin"

DRAFT = """\
Our first paragraph holds several words here. It goes on for a while.

The second paragraph has more words in it. Then a sentence follows it here. And the third one starts here with words.

A fourth paragraph is about something else entirely now.

And a last paragraph closes the whole letter with thanks.
"""
FINAL = """\
Our first paragraph holds several words here. It goes on for a while.

The second paragraph has more words in it. Then a sentence follows it here.

And the third one starts here with words. A fourth paragraph is about something else entirely now.

And a last paragraph closes the whole letter with thanks.
"""


def paragraph_edits(c):
    return [e for e in c.edits if e.kind == "paragraph"]


def test_a_split_and_a_join_are_reported_and_nothing_else():
    c = compare_texts(DRAFT, FINAL)
    assert [(e.detail["change"], e.rule, e.evidence, e.draft.text, e.final.text) for e in c.edits] == [
        ("split", "paragraph-split", "blank-line", "here. And", "here. And"),
        ("join", "paragraph-joined", "blank-line", "words. A", "words. A"),
    ]
    assert c.stats["paragraph"] == 2 and all(c.stats[k] == 0 for k in ("struck", "inserted", "moved", "variant"))
    # the other way round, the split is a join and the join a split
    back = compare_texts(FINAL, DRAFT)
    assert [e.detail["change"] for e in back.edits] == ["join", "split"]


def test_the_redline_marks_where_a_break_was_added_or_run_on():
    out = text_render(compare_texts(DRAFT, FINAL), width=200)
    assert "{+¶+} And the third" in out  # a new paragraph, marked where it begins
    assert "with words. [_¶_] A fourth" in out  # the draft's break, run on
    assert "and 2 to the paragraphing" in out  # counted apart from the word edits


def test_the_json_of_a_paragraph_edit_keeps_the_contract():
    doc = json.loads(compare_texts(DRAFT, FINAL).to_json())
    Draft202012Validator(SCHEMA).validate(doc)
    (e, _) = [e for e in doc["edits"] if e["kind"] == "paragraph"]
    assert e["detail"] == {"change": "split", "break": "blank-line"} and e["carried"] is None
    assert doc["stats"]["paragraph"] == 2


def test_exit_code_counts_a_paragraph_edit_and_says_so(tmp_path):
    (tmp_path / "a.txt").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(FINAL, encoding="utf-8")
    result = CliRunner().invoke(app, ["compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--exit-code", "--format", "text"])
    assert result.exit_code == 1
    assert "2 edits (0 to the words, 2 to the paragraphing)" in result.stderr


def test_the_two_despatched_copies_differ_in_paragraphing_only():
    """Two copies of one message: the same words, one paragraph of the one is two in the other."""
    c = compare(f"{SAMPLES}/002_6107bf163eec2d22.txt:1-33", f"{SAMPLES}/002_6107bf163eec2d22.txt:55-77")
    (e,) = c.edits
    assert (e.kind, e.detail["change"], e.evidence) == ("paragraph", "join", "blank-line")
    d0, d1 = (c.draft.tokens[i] for i in e.draft.tokens)
    f0, f1 = (c.final.tokens[i] for i in e.final.tokens)
    assert d0.para != d1.para and f0.line == f1.line  # the draft breaks, the other copy runs on in one line


def test_rewrapping_at_another_width_is_no_edit():
    """Negative, on a printed book: the same paragraphs wrapped at 50 and at 90 columns."""
    paras = (DARWIN / "darwin_origin_ch1_1859.txt").read_text(encoding="utf-8").split("\n\n")[:6]
    narrow = "\n\n".join(textwrap.fill(p, 50) for p in paras) + "\n"
    wide = "\n\n".join(textwrap.fill(p, 90) for p in paras) + "\n"
    assert compare_texts(narrow, wide).edits == ()


def test_an_ocr_page_with_a_blank_line_after_each_line_claims_no_paragraph():
    """Negative: a page that sets a blank line after every printed line (as OCR may) against the same
    paragraphs run on: its blank lines fall mid-sentence and come at another rate than paragraphs."""
    paras = (DARWIN / "darwin_origin_ch1_1859.txt").read_text(encoding="utf-8").split("\n\n")[:4]
    ocr = "\n\n".join("\n\n".join(textwrap.wrap(p, 60)) for p in paras) + "\n"
    book = "\n\n".join(paras) + "\n"
    assert paragraph_edits(compare_texts(book, ocr)) == []
    assert paragraph_edits(compare_texts(ocr, book)) == []


def test_a_speakers_name_on_its_own_line_is_a_convention_not_a_paragraph():
    """Negative, a play: one edition sets each speaker's name as a paragraph, another runs it into the speech."""
    print_ = "Ann.\n\nSpeak lower, for he sleeps at last.\n\nAlf.\n\nDoth he sleep? I would not wake him now.\n"
    ocr = "Ann. Speak lower, for he sleeps at last.\n\nAlf. Doth he sleep? I would not wake him now.\n"
    assert compare_texts(print_, ocr).edits == ()


def test_a_page_break_between_the_words_is_no_paragraph():
    """Negative: a typescript's paragraph runs over a page (classification line and page number
    between), while the other version runs it on: page furniture stands for the page break."""
    top = "SECRET\n\nWe have come a long way together in these talks over the year.\n\n"
    draft = top + "It is important that we keep to it now.\n\nSECRET\n\n- 2 -\n\nAnd we must not falter at the last.\n"
    final = top + "It is important that we keep to it now. And we must not falter at the last.\n"
    c = compare_texts(draft, final)
    assert paragraph_edits(c) == [] and c.edits == ()


def test_darwin_editions_report_no_paragraph_edit_where_none_was_made():
    """Negative, printed editions: 1866 and 1869 set the shared paragraphs alike; the four paragraphs
    1869 adds are new words (inserted), not a paragraph split."""
    c = compare(str(DARWIN / "darwin_origin_ch1_1866.txt"), str(DARWIN / "darwin_origin_ch1_1869.txt"))
    assert paragraph_edits(c) == []


def test_list_items_keep_their_markers_and_lines():
    draft = "We have made progress:\n- A number of cases have been resolved.\n- Visas are being issued\n1. First point made here\n"
    final = "WE HAVE MADE PROGRESS:\n\n- A NUMBER OF CASES HAVE BEEN RESOLVED.\n- VISAS ARE BEING ISSUED\n1. FIRST POINT MADE HERE\n"
    c = compare_texts(draft, final)
    assert c.edits == ()  # the markers are no word edits, and a list after a blank line is no split
    out = text_render(c, width=200)
    assert "\n- A NUMBER OF CASES HAVE BEEN RESOLVED.\n- VISAS ARE BEING ISSUED\n1. FIRST POINT MADE HERE\n" in out
    html = c.to_html()
    assert html.count('class="item">-</span>') == 2


def test_a_list_set_as_prose_is_a_change_of_structure():
    draft = "The points were these, all of them made at length:\n- the first point\n- the second point\n"
    final = "The points were these, all of them made at length: the first point\n- the second point\n"
    (e,) = compare_texts(draft, final).edits
    assert (e.kind, e.detail["change"], e.evidence, e.draft.text) == ("paragraph", "join", "list-item", "length: the")


def test_items_need_a_marker_at_the_start_of_a_line():
    w = compare_texts("a - b is not an item\n- but this is\n* and this\n(a) and this\nsee 1. here\n", "x", markup="none").draft
    found = {w.tokens[i].text: m for i, m in items(w).items()}
    assert found == {"but": "-", "and": "*", "(a)": ""}


def test_a_line_break_alone_is_no_evidence_either_way():
    """Negative: where one version breaks the line without a blank line (a paragraph typed without
    one, a hard line break, verse), a blank line in the other is no split: nothing says which it was."""
    one_line_break = DRAFT.replace("follows it here. And the third", "follows it here.\nAnd the third")
    final = FINAL.replace("with words. A fourth", "with words.\n\nA fourth")  # the join undone
    assert compare_texts(one_line_break, final).edits == ()


def test_tei_keeps_the_drafts_paragraphs_around_a_paragraph_edit():
    tei = compare_texts(DRAFT, FINAL).to_tei()
    body = tei[tei.index('<div type="draft"'):]
    assert body.count("<p>") == DRAFT.count("\n\n") + 1 and 'type="paragraph"' not in tei
