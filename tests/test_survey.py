"""Survey: archive files in, an index page, one report per pair and survey.json out — and nothing else touched."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from redline.cli import app
from redline.errors import UsageError
from redline.survey import collect, survey

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
MANIFEST = SAMPLES / "pairs.toml"


def html_renderer_available() -> bool:
    from redline.render import renderer

    try:
        renderer("html")
    except (ImportError, ModuleNotFoundError):
        return False
    return True


@pytest.fixture(scope="module")
def surveyed(tmp_path_factory):
    out = tmp_path_factory.mktemp("survey") / "out"
    result = CliRunner().invoke(app, ["survey", str(SAMPLES), "-o", str(out), "--manifest", str(MANIFEST)])
    assert result.exit_code == 0, result.output
    return out, result


def test_survey_writes_the_index_the_json_and_one_report_per_pair(surveyed):
    out, result = surveyed
    assert sorted(p.name for p in out.iterdir()) == [
        ".redline-done", "collation-1.html", "collation-1.json", "dec88.html", "dec88.json", "index.html",
        "oct88-copies.html", "oct88-copies.json", "oct88.html", "oct88.json", "survey.json"]
    assert sorted(p.name for p in (out / ".redline-done").iterdir()) == [
        "dec88.json", "files.txt", "oct88-copies.json", "oct88.json"]
    # the ledger names every file the survey wrote in the directory, so a later run knows they are its own
    assert (out / ".redline-done" / "files.txt").read_text(encoding="utf-8").split() == sorted(
        p.name for p in out.iterdir() if p.is_file())
    assert "3 pairs" in result.stdout


def test_index_has_a_row_per_pair_with_counts_and_links(surveyed):
    out, _ = surveyed
    index = (out / "index.html").read_text(encoding="utf-8")
    data = json.loads((out / "survey.json").read_text(encoding="utf-8"))
    for pid in ("dec88", "oct88", "oct88-copies"):
        assert f'href="{pid}.html"' in index
        assert f'id="pair-{pid}"' in index
    assert "FCO draft of 21 December 1988" in index and "Telegram T 192A/88 as despatched" in index
    # the edit counts in the index are the comparison's
    row = re.search(r'id="pair-dec88".*?</tr>', index, re.S)[0]
    dec = next(p for p in data["pairs"] if p["id"] == "dec88")
    assert f'<td class="n struck">{dec["stats"]["struck"]}</td>' in row
    assert dec["stats"]["edits"] > 0
    copies = next(p for p in data["pairs"] if p["id"] == "oct88-copies")
    assert copies["copies"] is True and copies["stats"]["struck"] == 0 and copies["stats"]["inserted"] == 0


def test_unpaired_documents_are_listed_with_their_reasons(surveyed):
    out, _ = surveyed
    data = json.loads((out / "survey.json").read_text(encoding="utf-8"))
    index = (out / "index.html").read_text(encoding="utf-8")
    reasons = [u["reason"] for u in data["unpaired"]]
    assert sum("closure card" in r for r in reasons) == 3
    assert "Documents left unpaired" in index and "closure card: a record retained or closed, never paired" in index
    # documents the manifest pairs are not listed as unpaired
    assert not any(u["document"]["path"].endswith("001_2bcad8b2cf3253a8.txt") and u["document"]["lines"][0] in (78, 348)
                   for u in data["unpaired"])


def test_survey_json_shape(surveyed):
    out, _ = surveyed
    data = json.loads((out / "survey.json").read_text(encoding="utf-8"))
    assert data["format"] == "redline-survey/1"
    assert [Path(f).name for f in data["files"]] == sorted(p.name for p in SAMPLES.glob("*.txt"))
    assert [p["id"] for p in data["pairs"]] == ["dec88", "oct88", "oct88-copies"]
    p = data["pairs"][0]
    assert set(p) >= {"id", "title", "source", "copies", "score", "draft", "final", "evidence", "stats", "report"}
    assert p["draft"]["lines"] == [80, 128] and p["final"]["lines"] == [348, 417] and p["source"] == "manifest"
    assert len(data["documents"]) == 22


def test_pair_reports_are_html_redlines(surveyed):
    out, _ = surveyed
    if not html_renderer_available():
        pytest.skip("the HTML renderer (redline/render/html.py) is not installed yet")
    report = (out / "dec88.html").read_text(encoding="utf-8")
    assert report.lstrip().lower().startswith("<!doctype html")
    assert "FCO draft of 21 December 1988" in report


def test_survey_refuses_an_output_that_is_a_file(tmp_path):
    target = tmp_path / "out.html"
    target.write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(app, ["survey", str(SAMPLES / "002_6107bf163eec2d22.txt"), "-o", str(target)])
    assert result.exit_code == 2
    assert "is not a directory" in result.output
    assert target.read_text(encoding="utf-8") == "keep me"


def test_survey_never_overwrites_an_input(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    victim = out / "index.html"  # an archive file that happens to be called index.html
    shutil.copy(SAMPLES / "002_6107bf163eec2d22.txt", victim)
    before = victim.read_bytes()
    with pytest.raises(UsageError, match="refusing"):
        survey([str(victim)], out)
    assert victim.read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]


def test_survey_leaves_other_files_in_the_output_directory_alone(tmp_path):
    out = tmp_path / "out"
    survey([str(SAMPLES / "002_6107bf163eec2d22.txt")], out)
    (out / "notes.txt").write_text("mine", encoding="utf-8")  # the user's, beside an earlier survey's files
    result = survey([str(SAMPLES / "002_6107bf163eec2d22.txt")], out)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    # without a manifest the pairs are the discovered ones: the draft/despatch pair and the copies
    assert [(r.proposal.copies, r.proposal.source) for r in result.rows] == [(True, "discovered"), (False, "discovered")]
    assert sorted(p.name for p in out.iterdir()) == sorted({"notes.txt", *(w.split("/")[0] for w in result.written)})
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == sorted(["notes.txt", *result.written])


def test_index_escapes_what_it_quotes(tmp_path):
    src = tmp_path / "evil.txt"
    letter = """Foreign and Commonwealth Office

1 June 1979

<script>alert('x')</script> & CO: A SUBJECT

Dear Private Secretary,

The Foreign Secretary will be in Brussels for the meeting of the Nine on Tuesday and Wednesday, and asks
whether the Prime Minister would like a note on the agenda before he goes, covering the budget question.

Yours sincerely,

(Q R Ess)
"""
    src.write_text(letter + "\n\n\n" + letter, encoding="utf-8")
    out = tmp_path / "out"
    survey([str(src)], out)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in index
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; CO: A SUBJECT" in index


def test_collect_expands_directories_to_text_files_without_the_readme():
    files = collect([str(SAMPLES)])
    assert [Path(f).name for f in files] == sorted(p.name for p in SAMPLES.glob("*.txt"))


def test_survey_of_an_empty_directory_is_a_clear_error(tmp_path):
    (tmp_path / "in").mkdir()
    result = CliRunner().invoke(app, ["survey", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "no text files" in result.output
    assert not (tmp_path / "out").exists()


def test_survey_refuses_standard_input(tmp_path):
    result = CliRunner().invoke(app, ["survey", "-", "-o", str(tmp_path / "out")], input="Dear Sir,\n")
    assert result.exit_code == 2 and "standard input cannot be surveyed" in result.output
    assert not (tmp_path / "out").exists()


def test_without_the_html_renderer_reports_are_plain_lists_and_the_index_says_so(tmp_path, monkeypatch):
    import redline.render

    def missing(name):
        raise ModuleNotFoundError("No module named 'redline.render.html'")

    monkeypatch.setattr(redline.render, "renderer", missing)
    out = tmp_path / "out"
    result = survey([str(SAMPLES / "001_2bcad8b2cf3253a8.txt")], out)
    (row,) = result.rows
    report = (out / row.report).read_text(encoding="utf-8")
    assert "<ol>" in report and "<del>" in report  # the struck words, escaped, one edit per item
    assert result.notes and "not installed" in result.notes[0]
    assert "not installed" in (out / "index.html").read_text(encoding="utf-8")


def test_the_despatched_form_is_dated_from_its_registry_stamp(surveyed):
    out, _ = surveyed
    data = json.loads((out / "survey.json").read_text(encoding="utf-8"))
    oct88 = next(p for p in data["pairs"] if p["id"] == "oct88")
    assert oct88["final"]["date"] == "1988-10-20"


def test_many_files_scanned_on_several_processes_give_the_same_archive(tmp_path):
    """--jobs spreads reading, segmenting and parsing over processes; the result must not change."""
    from redline.survey import PARALLEL_FROM, segment_files

    samples = sorted(Path("samples").glob("*.txt"))
    for n in range(PARALLEL_FROM + 2):
        shutil.copy(samples[n % len(samples)], tmp_path / f"f{n:03}.txt")
    (tmp_path / "empty.txt").write_bytes(b"")  # one unreadable file: skipped the same way on both paths
    one, two = {}, {}
    skipped_one, skipped_two = [], []
    serial = segment_files([str(tmp_path)], skipped=skipped_one, keys=one)
    parallel = segment_files([str(tmp_path)], skipped=skipped_two, jobs=2, keys=two)
    assert serial == parallel and one == two and skipped_one == skipped_two
    assert len(skipped_one) == 1 and len(one) > PARALLEL_FROM


def test_words_worked_out_beforehand_give_the_same_pairs():
    from redline.pair import discover, document_keys
    from redline.survey import segment_files

    _files, texts, documents = segment_files(["samples"])
    keys = {k: v for path, text in texts.items() for k, v in document_keys([d for d in documents if d.path == path], text).items()}
    assert discover(documents, texts, keys=keys) == discover(documents, texts)


def test_signatures_worked_out_while_reading_give_the_same_pairs_at_scale():
    """The files' readers work out each document's MinHash signature with its words (issue 18):
    the index built from them gives the pairs the index built in ``discover`` gives."""
    from redline.pair import discover
    from redline.survey import segment_files

    keys, sigs = {}, {}
    _files, texts, documents = segment_files(["samples"], keys=keys, signatures=sigs)
    assert sigs and set(sigs) == set(keys)
    assert discover(documents, texts, keys=keys, signatures=sigs, index_from=1) == discover(documents, texts, index_from=1)


def test_survey_of_two_line_ranges_reports_the_pair_in_them(tmp_path):
    f = SAMPLES / "001_2bcad8b2cf3253a8.txt"
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["survey", f"{f}:80-128", f"{f}:348-417", "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "survey.json").read_text(encoding="utf-8"))
    assert data["files"] == [str(f)] and [d["lines"] for d in data["documents"]] == [[80, 128], [348, 417]]
    (pair,) = data["pairs"]
    assert (pair["draft"]["lines"], pair["final"]["lines"]) == ([80, 128], [348, 417]) and pair["stats"]["edits"] > 0
    report = json.loads((out / pair["report"].replace(".html", ".json")).read_text(encoding="utf-8"))
    assert report["format"] == "redline/1"


def test_three_versions_of_one_text_are_collated_with_the_draft_as_base(surveyed):
    out, _ = surveyed
    data = json.loads((out / "survey.json").read_text(encoding="utf-8"))
    (group,) = data["collations"]
    assert group["documents"][0].endswith(":83-111") and len(group["documents"]) == 3, "the draft is the base"
    assert group["copies"] == [["W2", "W3"]] and group["varying"] > 0
    collation = json.loads((out / "collation-1.json").read_text(encoding="utf-8"))
    assert collation["format"] == "redline-collation/1" and collation["copies"] == [["W2", "W3"]]
    assert "collation-1.html" in (out / "index.html").read_text(encoding="utf-8")
    page = (out / "collation-1.html").read_text(encoding="utf-8")
    assert '<a href="index.html" rel="up">' in page, "the collation links back to its index, as a pair report does"


def test_two_versions_are_not_collated(tmp_path):
    result = survey([f"{SAMPLES / '001_2bcad8b2cf3253a8.txt'}"], tmp_path / "out")
    assert result.collations == () and not list((tmp_path / "out").glob("collation-*"))
