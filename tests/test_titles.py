"""Titles from the documents (issue 15, point 11): heading, date and serial read from a text's opening,
never a page number, a stamp or a date the text only speaks of; labels win; file names when nothing is found."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest
from typer.testing import CliRunner

from redline.api import compare, compare_texts
from redline.cli import app
from redline.render import renderer
from redline.titles import dates_in, distinct, opening, title

CORPUS = Path(__file__).parent / "data" / "corpus"
DARWIN = CORPUS / "darwin"
ROSSETTI = CORPUS / "rossetti"

PROSE = ("When we look to the individuals of the same variety or sub-variety of our older cultivated plants and "
         "animals, one of the first points which strikes us is that they generally differ much more from each other.")


def html_of(c, **options) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(renderer("html")(c, **options).encode("utf-8"))


def h1(c, **options) -> str:
    return html_of(c, **options).xpath("//h1")[0].text_content()


def write(tmp_path: Path, name: str, text: str) -> str:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


# --- headings ----------------------------------------------------------------------------------------


def test_printed_chapter_heading_in_capitals_is_the_title(tmp_path):
    first = "\n\n".join((DARWIN / "darwin_origin_ch1_1859.txt").read_text(encoding="utf-8").split("\n\n")[:3])
    last = "\n\n".join((DARWIN / "darwin_origin_ch1_1872.txt").read_text(encoding="utf-8").split("\n\n")[:3])
    first = first.replace("cultivated plants", "cultivated plants (in 1859 I said so, on 19th October)", 1)
    a = write(tmp_path, "a.txt", "CHAPTER I.\nVARIATION UNDER DOMESTICATION.\n\n" + first)
    b = write(tmp_path, "b.txt", "CHAPTER I.\nVARIATION UNDER DOMESTICATION.\n\n" + last)
    c = compare(a, b)
    o = opening(c.draft)
    assert o.heading.text == "CHAPTER I. VARIATION UNDER DOMESTICATION" and o.heading.line == 1
    assert o.dates == () and o.serial is None  # a year or a date in the running text is not the book's
    assert h1(c) == "CHAPTER I. VARIATION UNDER DOMESTICATION"  # the same heading on both: said once


def test_book_opening_with_running_text_falls_back_to_file_names():
    a, b = f"{DARWIN / 'darwin_origin_ch1_1859.txt'}:1-5", f"{DARWIN / 'darwin_origin_ch1_1872.txt'}:1-5"
    c = compare(a, b)
    assert opening(c.draft).heading is None and opening(c.final).heading is None
    assert h1(c) == f"{a} \u2192 {b}"


def test_poem_titles_of_two_versions_both_shown():
    c = compare(str(ROSSETTI / "rossetti_blessed_damozel_MS.txt"), str(ROSSETTI / "rossetti_blessed_damozel_1870_first_edition.txt"))
    assert h1(c) == "The Blessed Damsel \u2192 THE BLESSED DAMOZEL"
    assert opening(c.draft).dates == ()


@pytest.mark.parametrize("top", ["- 2 -", "SECRET", "12/11/80", "I.", "14", "Dear Sir,", "Act 1:", "PRIME MINISTER"])
def test_a_number_stamp_salutation_or_label_is_never_the_title(top):
    c = compare_texts(f"{top}\n\n{PROSE}\n", f"{top}\n\n{PROSE} Changed.\n")
    assert opening(c.draft).heading is None and opening(c.final).heading is None
    # in a text that shows no sign of a registry file, a date alone above the text is its date, never its title
    dated = "<draft>, 12/11/80 \u2192 <final>, 12/11/80"
    assert h1(c) == (dated if top == "12/11/80" else "<draft> \u2192 <final>")


def test_plain_text_without_heading_is_titled_by_its_names():
    c = compare_texts(PROSE + "\n", PROSE.replace("much", "far") + "\n")
    assert h1(c) == "<draft> \u2192 <final>"


def test_capitals_say_nothing_in_a_text_all_in_capitals():
    top = "FOLLOWING FOR GENERAL SMITH FROM JOHN BROWN"
    body = " ".join([PROSE.upper()] * 2)
    c = compare_texts(f"{top}\n\n{body}\n", f"{top}\n\n{body} AGAIN.\n")
    assert opening(c.draft).heading is None


def test_short_title_case_line_only_at_the_very_top():
    c = compare_texts(f"{PROSE}\n\nThe Second Part\n\n{PROSE}\n", f"{PROSE}\n")
    assert opening(c.draft).heading is None  # below running text a short line is the text's, not its title


def test_labels_win_over_headings():
    text = f"THE REPORT OF THE COMMITTEE\n\n{PROSE}\n"
    c = compare_texts(text, text, draft_label="Draft A", final_label="Copy B")
    assert opening(c.draft).heading.text == "THE REPORT OF THE COMMITTEE"
    assert h1(c) == "Draft A \u2192 Copy B"
    assert h1(c, title="Given") == "Given"


# --- telegrams, serials, dates -----------------------------------------------------------------------

TELEGRAM = """SECRET

O 041530Z MAY 77
FM FOREIGN OFFICE
TO WASHINGTON
BT
SECRET
FISHERIES TALKS WITH THE COMMUNITY

SERIAL No. T 88B/77

FOLLOWING IS THE TEXT OF A MESSAGE ABOUT THE TALKS ON FISHERIES WHICH THE MINISTER WILL SEND TO HIS
COLLEAGUE TOMORROW MORNING, SUBJECT TO YOUR VIEWS ON ITS TIMING AND ON ITS TERMS.
WE EXPECT AGREEMENT ON 12 MAY.
"""

DRAFT = """[DRAFT MESSAGE ABOUT FISHERIES]

21st December, 1976

Following is the text of a message about the talks on fisheries which the Minister will send to his
colleague tomorrow morning, subject to your views on its timing and on its terms.
We expect agreement on 12 May.

J. Smith
3 January 1977
"""


def test_telegram_heading_date_time_group_and_serial_field():
    c = compare_texts(DRAFT, TELEGRAM)
    o = opening(c.final)
    assert (o.heading.text, o.heading.line) == ("FISHERIES TALKS WITH THE COMMUNITY", 8)
    assert [(d.text, d.line) for d in o.dates] == [("041530Z MAY 77", 3)]  # not 12 MAY, said in the text
    assert (o.serial.text, o.serial.line) == ("T 88B/77", 10)
    assert title(c) == ("DRAFT MESSAGE ABOUT FISHERIES, 21st December, 1976 \u2192 "
                        "FISHERIES TALKS WITH THE COMMUNITY, 041530Z MAY 77, serial T 88B/77")


def test_dates_above_and_below_the_text_not_in_it():
    o = opening(compare_texts(DRAFT, DRAFT).draft)
    assert [(d.text, d.line, d.iso) for d in o.dates] == [("21st December, 1976", 3, "1976-12-21"),
                                                         ("3 January 1977", 10, "1977-01-03")]


def test_date_formats_shown_as_written_and_no_year_invented():
    found = dates_in("21 December 1941; December 21, 1941; 21.12.41; 19th October", 7)
    assert [d.text for d in found] == ["21 December 1941", "December 21, 1941", "21.12.41", "19th October"]
    assert [d.iso for d in found] == ["1941-12-21", "1941-12-21", None, None]
    assert {d.line for d in found} == {7}
    assert dates_in("in 1859 I saw it; it may 2 be", 1) == [] and dates_in("No. 12/11/80", 1)[0].text == "12/11/80"


def test_stamp_dates_and_house_numbers_are_not_the_documents():
    text = f"SECRET\n\n12/11/80\n\nFOLLOWING FROM NO. 10 DOWNING STREET\n\n{PROSE}\n"  # a registry file: a stamp
    o = opening(compare_texts(text, text).draft)
    assert o.dates == () and o.serial is None
    assert o.heading.text == "FOLLOWING FROM NO. 10 DOWNING STREET"


def test_report_header_shows_dates_with_their_lines():
    d = html_of(compare_texts(DRAFT, TELEGRAM))
    found = [" ".join(x.text_content().split()) for x in d.xpath("//dl[@class='docs']//span[@class='found']")]
    assert found[0].startswith("headed \u201cDRAFT MESSAGE ABOUT FISHERIES\u201d (l. 1); dated 21st December, 1976 (l. 3)")
    assert "dated 041530Z MAY 77 (l. 3, a telegram's date-time group)" in found[1]
    assert found[1].endswith("serial T 88B/77 (l. 10)")
    assert d.xpath("//dl[@class='docs']//time/@datetime") == ["1976-12-21", "1977-01-03"]
    assert d.xpath("//title")[0].text_content().startswith("Redline: DRAFT MESSAGE ABOUT FISHERIES")


def test_report_command_titles_from_the_documents(tmp_path):
    a, b = write(tmp_path, "d.txt", DRAFT), write(tmp_path, "t.txt", TELEGRAM)
    out = tmp_path / "r.html"
    result = CliRunner().invoke(app, ["report", a, b, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert lxml.html.fromstring(out.read_bytes()).xpath("//h1")[0].text_content().startswith("DRAFT MESSAGE ABOUT FISHERIES")


# --- distinct titles -------------------------------------------------------------------------------


def test_distinct_adds_only_what_tells_titles_apart():
    got = distinct(["Message", "MESSAGE.", "Letter"], [["1 May", "T 1/88", "a:1-9"], ["1 May", "T 2/88", "a:20-29"], ["2 May"]])
    assert got == ["Message, T 1/88", "MESSAGE., T 2/88", "Letter"]
    assert distinct(["A", "A"], [[], []]) == ["A (1)", "A (2)"]
    assert distinct(["A", "B"], [["x"], ["x"]]) == ["A", "B"]


def test_json_carries_the_title_and_openings_within_the_contract():
    from tests.test_contract import SCHEMA, Draft202012Validator

    doc = json.loads(renderer("json")(compare_texts(DRAFT, TELEGRAM)))
    Draft202012Validator(SCHEMA).validate(doc)
    assert doc["title"].startswith("DRAFT MESSAGE ABOUT FISHERIES, 21st December, 1976 \u2192")
    assert doc["final"]["opening"]["serial"] == {"text": "T 88B/77", "line": 10, "why": "a message form's serial field"}
    assert [(d["text"], d["iso"]) for d in doc["draft"]["opening"]["dates"]] == [("21st December, 1976", "1976-12-21"),
                                                                                ("3 January 1977", "1977-01-03")]
    plain = json.loads(renderer("json")(compare_texts(PROSE, PROSE)))
    assert plain["draft"]["opening"] == {"heading": None, "serial": None, "dates": []}
    assert plain["title"] == "<draft> \u2192 <final>"


# --- survey: pairs with one opening get distinct titles ----------------------------------------------

BODIES = {
    "a": ("The talks on fisheries have reached the point at which the Community must decide whether to offer a longer "
          "transition for the coastal fleets of the northern ports.",
          "I should be grateful if you would let the Secretary of State know that we are ready to meet his officials "
          "at any time next week to settle the figures."),
    "b": ("The negotiations on the new air services agreement have stalled over the number of carriers allowed to fly "
          "between the two capitals each season.",
          "Please tell the Department that the Minister would welcome an early meeting with the airline "
          "representatives before the summer timetable is fixed."),
}


def _archive(tmp_path: Path) -> list[str]:
    """Two made-up files, each a draft and the telegram sent from it, all four with one heading."""
    files = []
    for k, dtg in (("a", "O 041530Z MAY 77"), ("b", "O 051200Z JUN 77")):
        p1, p2 = BODIES[k]
        draft = (f"SECRET\n\n[DRAFT MESSAGE FROM THE MINISTER TO THE AMBASSADOR]\n\n{p1.replace('the', '~~a~~ <sup>the</sup>', 1)}"
                 f"\n\n{p2}\n\nYours sincerely,\n\nJohn Smith\n")
        telegram = (f"SECRET\n\n{dtg}\nFM FOREIGN OFFICE\nTO WASHINGTON\nBT\nSECRET\nMESSAGE FROM THE MINISTER TO THE AMBASSADOR"
                    f"\n\n{p1.upper()}\n\n{p2.upper()}\n\nBT\n")
        files.append(write(tmp_path, f"{k}.txt", draft + "\n\n\n" + telegram))
    return files


def test_survey_pairs_with_one_opening_get_distinct_titles_in_the_index_and_reports(tmp_path):
    from redline.survey import survey

    s = survey(_archive(tmp_path), tmp_path / "out")
    assert len(s.rows) == 2
    titles = [r.title for r in s.rows]
    assert len({t.casefold() for t in titles}) == 2
    assert all(t.startswith("MESSAGE FROM THE MINISTER TO THE AMBASSADOR, ") for t in titles)  # the date tells them apart
    index = lxml.html.fromstring((tmp_path / "out" / "index.html").read_bytes())
    assert [x.text_content() for x in index.xpath("//section[@id='pairs']//tbody/tr/td[1]/strong")] == titles
    for r in s.rows:
        report = lxml.html.fromstring((tmp_path / "out" / r.report).read_bytes())
        assert report.xpath("//h1")[0].text_content() == r.title
        # the report's header still shows the telegram's own date-time group, as written, with its line
        assert "dated " in report.xpath("//dl[@class='docs']/dd[2]")[0].text_content()
    data = json.loads((tmp_path / "out" / "survey.json").read_text(encoding="utf-8"))
    assert [p["title"] for p in data["pairs"]] == titles


def test_survey_titles_that_differ_are_left_alone_and_alike_ones_told_apart():
    from redline.pair import Proposal
    from redline.segment import Document
    from redline.survey import pair_titles

    def pair(pid, first, title, date=None, serials=()):
        final = Document("f.txt", "telegram", first, first + 9, date=date, serials=serials)
        return Proposal(pid, Document("f.txt", "draft", first + 100, first + 109), final, 0.9, title=title)

    assert pair_titles([pair("p1", 1, "FISHERIES"), pair("p2", 20, "AIR SERVICES")]) == ["FISHERIES", "AIR SERVICES"]
    same_day = [pair("p1", 1, "FISHERIES", "1977-05-04", ("T 1/77",)), pair("p2", 20, "Fisheries", "1977-05-04", ("T 2/77",))]
    assert pair_titles(same_day) == ["FISHERIES, T 1/77", "Fisheries, T 2/77"]  # the date says nothing apart
    assert pair_titles([pair("p1", 1, "FISHERIES"), pair("p2", 20, "FISHERIES")]) == [
        "FISHERIES, f.txt:1\u201310", "FISHERIES, f.txt:20\u201329"]
