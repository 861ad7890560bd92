"""CSV export: one row per edit, the JSON contract's edit fields flattened, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json

import pytest

from redline.api import compare
from redline.render import renderer
from redline.render import csv as csv_render
from redline.render.json import edit_dict

SAMPLE = "samples/001_2bcad8b2cf3253a8.txt"
DRAFT, FINAL = f"{SAMPLE}:80-128", f"{SAMPLE}:348-417"
DRAFT_LABEL, FINAL_LABEL = "FCO draft of 21 December 1988", "Telegram T 192A/88 as despatched"


@pytest.fixture(scope="module")
def dec88():
    return compare(DRAFT, FINAL, draft_label=DRAFT_LABEL, final_label=FINAL_LABEL)


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_one_row_per_edit_with_the_json_contracts_fields(dec88):
    out = renderer("csv")(dec88)
    table = rows(out)
    assert list(table[0]) == list(csv_render.COLUMNS)
    assert len(table) == len(dec88.edits) > 10
    for row, e in zip(table, dec88.edits):
        d = edit_dict(e)
        for f in ("id", "kind", "stage", "evidence", "rule"):
            assert row[f] == d[f]
        assert row["carried"] == {True: "true", False: "false", None: ""}[e.carried]
        assert row["hand"] == (e.hand or "")
        for side in ("draft", "final"):
            span = d[side]
            if span is None:
                assert all(row[f"{side}_{f}"] == "" for f in ("text", "line", "col", "start", "end", "tokens"))
            else:
                assert row[f"{side}_text"].lstrip("'") == span["text"]
                assert [int(row[f"{side}_{f}"]) for f in ("line", "col", "start", "end")] == [
                    span["line"], span["col"], span["start"], span["end"]]
                assert [int(i) for i in row[f"{side}_tokens"].split()] == span["tokens"]
        assert (row["draft_label"], row["final_label"]) == (DRAFT_LABEL, FINAL_LABEL)
        assert (row["draft_path"], row["final_path"]) == (SAMPLE, SAMPLE)
        assert (row["draft_lines"], row["final_lines"]) == ("80-128", "348-417")


def test_the_substitution_on_the_page_reads_as_a_historian_expects(dec88):
    row = next(r for r in rows(csv_render.render(dec88)) if r["draft_text"].startswith("can no longer delay"))
    assert row["kind"] == "substituted" and row["stage"] == "draft" and row["carried"] == "true"
    assert row["hand"] == "marked"
    assert row["draft_line"] == "91"
    assert row["final_text"] == "SHALL HAVE TO REACH \u2026 VERY SOON"  # the despatch: REACH A DECISION VERY SOON


def test_rfc4180_line_endings_and_quoting(dec88):
    out = csv_render.render(dec88)
    assert out.endswith("\r\n") and "\r\n" in out.splitlines(keepends=True)[0]
    # a span with a comma is quoted, and reads back whole
    with_comma = next(e for e in dec88.edits if e.draft and "," in e.draft.text)
    assert f'"{with_comma.draft.text}"' in out
    assert any(r["draft_text"] == with_comma.draft.text for r in rows(out))


def test_bom_is_an_option_of_render(dec88):
    assert not csv_render.render(dec88).startswith("\ufeff")
    with_bom = renderer("csv")(dec88, bom=True)
    assert with_bom.startswith("\ufeff") and with_bom.count("\ufeff") == 1
    assert with_bom.encode("utf-8").startswith(b"\xef\xbb\xbf")
    assert rows(with_bom) == rows(csv_render.render(dec88))


@pytest.fixture
def hostile(tmp_path):
    """A draft whose struck words would run as spreadsheet formulas."""
    draft = tmp_path / "draft.txt"
    final = tmp_path / "final.txt"
    draft.write_text(
        "We agree ~~=HYPERLINK(\"http://evil\",\"x\")~~ with the proposal.\n\n"
        "The talks ~~+44 @once -1~~ continue.\n",
        encoding="utf-8",
    )
    final.write_text("We agree with the proposal.\n\nThe talks continue.\n", encoding="utf-8")
    return compare(str(draft), str(final), draft_label="=cmd|' /C calc'!A0", final_label="Final")


def test_formula_injection_is_defused(hostile):
    table = rows(csv_render.render(hostile))
    texts = [r["draft_text"] for r in table]
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in texts
    assert "'+44 @once -1" in texts
    for r in table:
        for name, value in r.items():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (name, value)
    assert table[0]["draft_label"] == "'=cmd|' /C calc'!A0"
    # numbers and ids are never touched
    assert all(r["id"].startswith("E") and r["draft_line"].isdigit() for r in table)


def test_raw_cells_on_request(hostile):
    table = rows(csv_render.render(hostile, safe=False))
    assert '=HYPERLINK("http://evil","x")' in [r["draft_text"] for r in table]


def test_defuse_doc_examples():
    assert csv_render.defuse("- 2 -") == "'- 2 -"
    assert csv_render.defuse("\tTAB") == "'\tTAB"
    assert csv_render.defuse("plain words") == "plain words"


def test_ids_match_the_json_output(dec88):
    from_json = [e["id"] for e in json.loads(renderer("json")(dec88))["edits"]]
    assert [r["id"] for r in rows(csv_render.render(dec88))] == from_json
