"""Segmentation: archive files → documents, on the samples and on small documents written here."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import redline.segment
from redline.cli import app
from redline.segment import Document, blocks, role, segment
from tests.evaluate_segments import iou, measure

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def found(name: str) -> tuple[Document, ...]:
    path = next(SAMPLES.glob(f"{name}_*.txt"))
    return segment(path.read_text(encoding="utf-8"), str(path))


def spans(docs) -> list[tuple[str, int, int]]:
    return [(d.kind, d.first, d.last) for d in docs]


def near(doc: Document, first: int, last: int, at_least: float = 0.9) -> bool:
    return iou((doc.first, doc.last), (first, last)) >= at_least


# ---- the samples ---------------------------------------------------------------------------------


def test_closure_cards_are_recognised_as_such_and_nothing_else_is():
    docs = found("000")
    assert [d.kind for d in docs] == ["minute", "letter", "closure-card", "letter", "closure-card", "letter", "closure-card"]
    cards = [d for d in docs if d.kind == "closure-card"]
    # each card starts at its heading (DEPARTMENT/SERIES, or The National Archives above it) and keeps its instructions
    assert [c.first for c in cards] == [49, 99, 153]
    assert all(c.last - c.first >= 20 for c in cards)
    assert cards[0].serials == ("T 2/89",)
    # the letter between two cards ends at its signature, before the second card's heading
    letter = docs[3]
    assert (letter.first, letter.last) == (79, 97) and letter.signatory.startswith("G J Dorey")


def test_file_001_letter_draft_cable_letter_telegram():
    docs = found("001")
    assert [d.kind for d in docs] == ["letter", "draft", "cable", "letter", "telegram"]
    letter, draft, cable, covering, telegram = docs
    assert near(draft, 80, 128) and near(telegram, 348, 417, 1.0)
    # the handwritten lines the OCR put after the signature stay with the draft; the cable starts at its heading
    assert draft.last == 128 and cable.first == 130
    # page breaks with repeated classification headers do not cut the FCO letter
    assert (letter.first, letter.last) == (5, 74)
    assert letter.classification == "CONFIDENTIAL COVERING SECRET" and letter.signatory == "J S Wall"
    assert covering.classification == "COVERING SECRET" and covering.last == 346
    assert telegram.date == "1988-12-21" and telegram.serials == ("T 192A/88",)
    assert telegram.classification == "SECRET" and telegram.signatory == "MARGARET"
    assert draft.title.startswith("[DRAFT MESSAGE")
    assert cable.date == "1988-12-15" and cable.title == "MOSCOW HUMAN RIGHTS CONFERENCE"


def test_file_002_three_witnesses_and_their_covering_papers():
    docs = found("002")
    assert [d.kind for d in docs] == ["form", "letter", "letter", "minute", "draft", "letter"]
    form, covering, copy, minute, draft, fco = docs
    assert near(form, 1, 33) and near(copy, 55, 77, 1.0) and near(draft, 83, 111, 1.0)
    assert form.serials == ("7160A/88",)
    assert covering.date == "1988-10-20" and minute.date == "1988-10-19" and minute.signatory == "CDP"
    assert any("encloses a draft" in e for e in draft.evidence)


def test_file_004_survives_the_repeated_ocr_line():
    docs = found("004")
    assert spans(docs) == [("letter", 1, 48), ("letter", 52, 64)]
    assert any("repeated OCR lines absorbed" in e for e in docs[0].evidence)
    assert docs[0].signatory == "G G H Walden" and docs[0].date == "1981-03-16"


def test_file_003_covering_letter_and_enclosure():
    docs = found("003")
    assert spans(docs) == [("letter", 3, 36), ("letter", 38, 70)]
    assert docs[1].signatory == "George P. Shultz" and docs[1].date == "1982-10-14"


def test_every_manifest_side_is_found_with_high_overlap():
    m = measure()
    assert m["min_iou"] >= 0.9, [(s.pair, s.role, s.found, s.iou) for s in m["sides"]]


def test_documents_do_not_overlap_and_stay_in_order():
    for name in ("000", "001", "002", "003", "004"):
        docs = found(name)
        assert all(a.last < b.first for a, b in zip(docs, docs[1:])), name


# ---- the rules are general: small documents written here -------------------------------------------

TWO_LETTERS = """\
MINISTRY OF DEFENCE
Whitehall, London

3 March 1975

Dear Minister,

Thank you for your letter about the exercise in the North Sea. We have looked again at the plans and think
that the dates can be moved without harm to the programme or to our allies.

Yours ever,

John



RESTRICTED

Foreign and Commonwealth Office

4 March 1975

Dear John,

I am grateful for your note about the exercise. The Secretary of State agrees that the dates may be
moved, and asks that the allies be told before the end of the month through the usual channels.

Yours sincerely,

(A B Clerk)
"""


def test_letterheads_salutations_and_closings_bound_letters():
    docs = segment(TWO_LETTERS, "two.txt")
    # the classification above the second letterhead, after the page break, belongs to the second letter
    assert spans(docs) == [("letter", 1, 13), ("letter", 17, 30)]
    assert docs[0].date == "1975-03-03" and docs[0].signatory == "John"
    assert docs[1].classification == "RESTRICTED" and docs[1].signatory == "A B Clerk"


TELEGRAM_AFTER_MINUTE = """\
PRIME MINISTER

FISHERIES TALKS

The talks resume on Monday. I attach the text of the telegram that went last night; it needs no action from you.

J.B. 4 May 1977

ZCZC
P 041830Z MAY 77
FM FCO
TO ICELAND
BT
CONFIDENTIAL

1. WE HAVE AGREED TO RESUME THE TALKS ON MONDAY AT THE MINISTRY IN REYKJAVIK AND WILL SEND THE
DELEGATION ON SUNDAY EVENING.

BT
"""


def test_telegram_envelope_opens_a_telegram_and_a_minute_is_a_minute():
    docs = segment(TELEGRAM_AFTER_MINUTE, "t.txt")
    assert spans(docs) == [("minute", 1, 7), ("telegram", 9, 19)]
    assert docs[0].title == "FISHERIES TALKS" and docs[0].date == "1977-05-04"
    assert docs[1].date == "1977-05-04" and docs[1].classification == "CONFIDENTIAL"
    assert docs[1].title.startswith("WE HAVE AGREED")


CABLE_AFTER_DRAFT = """\
DRAFT

~~Please send~~ <sup>Kindly pass</sup> the following to the Ambassador at once, with my thanks for his help over
the last weeks, which has been much appreciated by all of us here in London.

Yours
Peter

FISHERIES

-- THE AMBASSADOR IS ASKED TO CONVEY THE FOLLOWING POINTS TO THE MINISTER AT THE EARLIEST OPPORTUNITY.

-- FIRST, THE TALKS SHOULD RESUME ON MONDAY AT THE MINISTRY, AS AGREED BY BOTH DELEGATIONS LAST WEEK.
"""


def test_draft_heading_and_cable_paragraphs():
    docs = segment(CABLE_AFTER_DRAFT, "c.txt")
    assert spans(docs) == [("draft", 1, 7), ("cable", 9, 13)]
    assert docs[1].title == "FISHERIES"


CARD = """\
DEPARTMENT/SERIES PIECE/ITEM 12 (one piece/item number)	Date and sign
Extract details: Letter PM to Chancellor 3/4/77
CLOSED UNDER FOI EXEMPTION
TEMPORARILY RETAINED	01/01/10

Instructions for completion of Dummy Card

Use black or blue pen to complete form.

Sign and date next to the reason why the record is not available to the public ie. Closed under FOI exemption.



Foreign and Commonwealth Office

Dear Private Secretary,

Thank you for your letter of 2 April about the Chancellor's visit, which we have now considered with care.

Yours sincerely,

(C D Eff)
"""


def test_a_dummy_card_is_a_closure_card_and_ends_where_the_next_letter_starts():
    docs = segment(CARD, "card.txt")
    assert spans(docs) == [("closure-card", 1, 10), ("letter", 14, 22)]
    assert docs[0].title == "Letter PM to Chancellor 3/4/77"


REPEATS = "\n\n".join(["Home Office 12 May 1980", "I would be the protest or on balance 12 May 1980"] * 6) + """

Dear Secretary,

The Home Secretary has asked me to thank you for your letter and to say that he agrees with its conclusions
in every respect, and he will write again after the meeting next week.

Yours sincerely,

(E F Gee)
"""


def test_repeated_ocr_lines_never_break_a_document():
    docs = segment(REPEATS, "r.txt")
    assert len(docs) == 1 and docs[0].first == 1
    assert any("repeated OCR lines" in e for e in docs[0].evidence)


CONTINUED = """\
SECRET

Dear Minister,

The first page of a long letter runs on to the next page without a closing, as letters do, and the catchword at
its foot gives the first word of the next page.

/And

SECRET



SECRET

And the second page carries on where the first left off, until the letter closes on this page at last.

Yours ever,

(G H Aitch)

COVERING SECRET

SECRET

Dear Minister,

A second letter follows straight after the first, on the same page, with its own salutation and text here.

Yours ever,

(I J Kay)
"""


def test_page_breaks_inside_an_open_letter_continue_it_and_covering_footers_close_it():
    docs = segment(CONTINUED, "p.txt")
    # a COVERING footer, and a repeat of the letter's own header classification, close the first letter
    assert spans(docs) == [("letter", 1, 24), ("letter", 26, 32)]
    assert docs[0].signatory == "G H Aitch" and docs[1].signatory == "I J Kay"


def test_block_roles():
    text = "O 212130Z DEC 88\nFM X\nTO Y\nBT\n\nDear Ron,\n\nYours ever\n\n(J S Wall)\n\nS E C R E T\n"
    assert [role(b) for b in blocks(text)] == ["envelope", "salutation", "closing", "signature", "classification"]


def test_rule_doctests():
    assert doctest.testmod(redline.segment).failed == 0


# ---- the command ---------------------------------------------------------------------------------


def test_segment_command_json_shape(tmp_path):
    f = tmp_path / "two.txt"
    f.write_text(TWO_LETTERS, encoding="utf-8")
    result = CliRunner().invoke(app, ["segment", str(f), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["format"] == "redline-segments/1"
    first = data["documents"][0]
    assert set(first) >= {"path", "lines", "kind", "title", "date", "serials", "classification", "signatory", "evidence"}
    assert first["lines"] == [1, 13] and first["kind"] == "letter" and first["path"] == str(f)


def test_segment_command_text_lists_documents_and_evidence():
    result = CliRunner().invoke(app, ["segment", str(next(SAMPLES.glob("001_*.txt")))])
    assert result.exit_code == 0
    lines = [ln for ln in result.stdout.splitlines() if not ln.startswith("\t")]
    assert [ln.split("\t")[1] for ln in lines] == ["letter", "draft", "cable", "letter", "telegram"]
    assert "\tline 350: starts with envelope" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["segment", "no-such-file.txt"], "no such file"),
    (["segment", "README.md", "--format", "xml"], "unknown format"),
])
def test_segment_command_errors_are_one_line(args, message):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output


# ---- properties --------------------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PARAGRAPHS = [p for f in sorted(SAMPLES.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip()]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PARAGRAPHS), st.integers(1, 4)), min_size=1, max_size=40))
def test_documents_are_ordered_disjoint_and_cover_every_line_of_text(parts):
    text = "".join(p + "\n" * gap for p, gap in parts)
    docs = segment(text, "any.txt")
    assert all(a.last < b.first for a, b in zip(docs, docs[1:]))
    covered = {n for d in docs for n in range(d.first, d.last + 1)}
    lines = text.splitlines()
    wordy = {n for n, line in enumerate(lines, 1) if any(ch.isalnum() for ch in line)}
    assert wordy <= covered
    assert all(d.kind in redline.segment.KINDS for d in docs)


def test_segment_command_reads_standard_input():
    text = (SAMPLES / "002_6107bf163eec2d22.txt").read_text(encoding="utf-8")
    result = CliRunner().invoke(app, ["segment", "-", "--format", "json"], input=text)
    assert result.exit_code == 0, result.output
    docs = json.loads(result.stdout)["documents"]
    assert [d["kind"] for d in docs] == ["form", "letter", "letter", "minute", "draft", "letter"]
    assert all(d["path"] == "-" for d in docs)


_PIECES = list("abcXYZ019 ,.:-/()[]~*<>#'\"\n\t") + [
    "Dear ", "Yours", "SECRET", "BT", "O 212130Z DEC 88", "<sup>", "~~", "-- ", "10 DOWNING STREET", "DRAFT", "Esq",
    "\n\n\n", "DEPARTMENT/SERIES", "PRIME MINISTER", "(A B Cee)", "1 May 1989"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=300).map("".join))
def test_any_text_segments_without_error(text):
    docs = segment(text, "fuzz.txt")
    assert all(a.last < b.first for a, b in zip(docs, docs[1:]))
    assert all(1 <= d.first <= d.last for d in docs)


def test_a_registry_stamp_dates_an_undated_document_with_the_year_of_its_neighbour():
    text = ("PERSONAL MESSAGE\n\nSERIAL NO. T1/89\n\nDear Ron,\n\nWe agree to the plan and hope to meet soon.\n\n"
            "Warm regards,\n\nMARGARET\n\nCDC 20/xii.\n\n\n\n10 DOWNING STREET\n\n2 January 1989\n\n"
            "Dear Stephen,\n\nThe Prime Minister sent the message.\n\nYours ever,\n\nCharles Powell\n")
    message, letter = segment(text, "f.txt")
    assert letter.date == "1989-01-02"
    assert message.date == "1988-12-20"  # the year that puts the stamp nearest its neighbour, not 1989
    assert any("registry stamp" in e for e in message.evidence)


def test_a_stamp_with_no_dated_neighbour_gives_no_date():
    (doc,) = segment("Dear Ron,\n\nWe agree to the plan and hope to meet soon.\n\nWarm regards,\n\nCDC 20/x.\n", "f.txt")
    assert doc.date is None


@pytest.mark.parametrize("line", ["page 2/iv", "PARA 3/ii", "2/iv", "CDC 31/ix."])
def test_lines_that_only_look_like_stamps_give_no_date(line):
    text = (f"Dear Ron,\n\nWe agree to the plan and hope to meet soon.\n\nWarm regards,\n\nMARGARET\n\n{line}\n\n\n\n"
            "10 DOWNING STREET\n\n2 October 1988\n\nDear Stephen,\n\nThe Prime Minister sent the message.\n\nYours ever,\n\nCharles Powell\n")
    message, _letter = segment(text, "f.txt")
    assert message.date is None
