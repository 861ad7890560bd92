"""Pairing: drafts with their despatches, and copies of one text, on the samples and on texts written here."""

from __future__ import annotations

import doctest
import shutil
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import redline.pair
from redline.cli import app
from redline.manifest import Pair, Side, load_manifest
from redline.pair import discover, propose, with_manifest
from redline.segment import segment
from tests.evaluate_segments import matches, pair_scores, samples

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(scope="module")
def archive():
    texts, documents, pairs = samples()
    return texts, documents, pairs, discover(documents, texts)


def by_id(pairs, pid):
    return next(p for p in pairs if p.id == pid)


def test_the_three_known_pairs_are_found_and_nothing_scores_above_them(archive):
    texts, documents, pairs, found = archive
    wrong, missed, ranked = pair_scores(found.proposals, pairs)
    assert not missed, [m.id for m in missed]
    assert not wrong, [(p.draft.spec, p.final.spec, p.score) for p in wrong]
    assert ranked
    assert all(0.0 <= p.score <= 1.0 for p in found.proposals)


def test_direction_and_evidence_of_the_december_pair(archive):
    texts, documents, pairs, found = archive
    p = next(p for p in found.proposals if matches(p, by_id(pairs, "dec88")))
    assert p.draft.kind == "draft" and p.final.kind == "telegram" and not p.copies
    joined = "\n".join(p.evidence)
    assert "amended in some respects from your draft" in joined  # Powell's covering letter
    assert "enclose a draft" in joined  # the FCO's covering letter
    assert "manuscript amendments" in joined and "dates agree" in joined
    assert 0.5 < p.shared < 0.9


def test_the_october_draft_pairs_with_the_despatched_form_not_the_enclosed_copy(archive):
    texts, documents, pairs, found = archive
    p = next(p for p in found.proposals if matches(p, by_id(pairs, "oct88")))
    assert p.final.kind == "form" and p.final.serials == ("7160A/88",)
    assert any("the same text also at" in e and ":55-77" in e for e in p.evidence)


def test_copies_are_flagged_as_copies(archive):
    texts, documents, pairs, found = archive
    copies = [p for p in found.proposals if p.copies]
    assert len(copies) == 1 and matches(copies[0], by_id(pairs, "oct88-copies"))
    assert copies[0].score > 0.95 and copies[0].draft.first < copies[0].final.first


def test_closure_cards_are_never_paired(archive):
    texts, documents, pairs, found = archive
    cards = [d for d in documents if d.kind == "closure-card"]
    assert len(cards) == 3
    assert not any(x.kind == "closure-card" for p in found.proposals for x in (p.draft, p.final))
    reasons = {u.document.first: u.reason for u in found.unpaired if u.document.kind == "closure-card"}
    assert len(reasons) == 3 and all("closure card" in r for r in reasons.values())


def test_unpaired_documents_say_why(archive):
    texts, documents, pairs, found = archive
    paired = {(x.path, x.first) for p in found.proposals for x in (p.draft, p.final)}
    assert {(u.document.path, u.document.first) for u in found.unpaired} == {(d.path, d.first) for d in documents} - paired
    assert all(u.reason for u in found.unpaired)


def test_a_cheap_prefilter_comes_before_any_alignment(archive, monkeypatch):
    texts, documents, pairs, _ = archive
    calls = []
    real = redline.pair.aligned
    monkeypatch.setattr(redline.pair, "aligned", lambda a, b, run=3: calls.append(1) or real(a, b, run))
    discover(documents, texts)
    eligible = sum(d.kind != "closure-card" for d in documents)
    assert len(calls) < eligible * (eligible - 1) // 2 // 4  # most pairs never reach the alignment


def test_manifest_pairs_win_and_duplicates_are_dropped(archive):
    texts, documents, pairs, found = archive
    merged = with_manifest(found, load_manifest(SAMPLES / "pairs.toml"), documents)
    assert [p.id for p in merged.proposals] == ["dec88", "oct88", "oct88-copies"]
    assert all(p.source == "manifest" and p.score == 1.0 for p in merged.proposals)
    dec = merged.proposals[0]
    assert (dec.draft.first, dec.draft.last) == (80, 128) and dec.draft.kind == "draft"
    assert dec.draft_label == "FCO draft of 21 December 1988"
    assert "discovery agrees" in "\n".join(dec.evidence)  # the discovered evidence is kept beside the manifest's word


def test_a_manifest_pair_contradicting_a_discovered_one_wins(archive):
    texts, documents, pairs, found = archive
    f = SAMPLES / "002_6107bf163eec2d22.txt"
    named = (Pair("mine", "draft against the enclosed copy", Side(f, 83, 111, "draft"), Side(f, 55, 77, "copy")),)
    merged = with_manifest(found, named, documents)
    ids = [p.id for p in merged.proposals]
    assert ids[0] == "mine"
    # the discovered oct88 pair gave the same draft another despatch: dropped; the copies pair stays
    assert not any(p.draft.first == 83 for p in merged.proposals[1:])
    assert any(p.copies for p in merged.proposals[1:])


# ---- the rules are general: texts written here ----------------------------------------------------

DRAFT_FILE = """\
Ministry of Defence

12 June 1979

Dear Charles,

I enclose a draft reply for the Prime Minister to send to the Chancellor about the dockyard.

Yours ever,

(K L Em)

DRAFT LETTER FROM THE PRIME MINISTER TO THE CHANCELLOR

Thank you for your letter about the future of the dockyard at ~~Chatham~~ <sup>Rosyth</sup>. I have
considered it with great care, and I agree that we ~~must~~ <sup>should</sup> keep the yard open until the
review of naval refits is complete next spring, when we can look again at the whole question of the
yards and the work they do for the fleet and for the merchant navy.

I am copying this letter to the Secretary of State for Defence and to Sir John Hunt.

Yours ever,
Margaret
"""

SENT_FILE = """\
10 DOWNING STREET

14 June 1979

Dear Michael,

I enclose the text of the letter which the Prime Minister sent to the Chancellor this afternoon. As you will
see it is amended in some respects from your draft.

Yours sincerely,

(N O Pea)



P 141600Z JUN 79
FM CABINET OFFICE
TO TREASURY
BT
CONFIDENTIAL

THANK YOU FOR YOUR LETTER ABOUT THE FUTURE OF THE DOCKYARD AT ROSYTH. I AGREE THAT WE SHOULD KEEP
THE YARD OPEN UNTIL THE REVIEW OF NAVAL REFITS IS COMPLETE NEXT SPRING, WHEN WE CAN LOOK AGAIN AT THE
WHOLE QUESTION OF THE YARDS. THE UNIONS WILL BE TOLD ON MONDAY.

I AM COPYING THIS LETTER TO THE SECRETARY OF STATE FOR DEFENCE AND TO SIR JOHN HUNT.

YOURS EVER
MARGARET

BT
"""

UNRELATED = """\
Foreign and Commonwealth Office

1 June 1979

Dear Private Secretary,

The Foreign Secretary will be in Brussels for the meeting of the Nine on Tuesday and Wednesday, and asks
whether the Prime Minister would like a note on the agenda before he goes, covering the budget question.

Yours sincerely,

(Q R Ess)
"""


def _archive(tmp_path, files: dict[str, str]):
    texts, documents = {}, []
    for name, text in files.items():
        path = str(tmp_path / name)
        Path(path).write_text(text, encoding="utf-8")
        texts[path] = text
        documents.extend(segment(text, path))
    return texts, tuple(documents)


def test_a_draft_pairs_with_its_telegram_across_files(tmp_path):
    texts, documents = _archive(tmp_path, {"a.txt": DRAFT_FILE, "b.txt": SENT_FILE, "c.txt": UNRELATED})
    props = propose(documents, texts)
    assert len(props) == 1
    p = props[0]
    assert p.draft.path.endswith("a.txt") and p.draft.kind == "draft"
    assert p.final.path.endswith("b.txt") and p.final.kind == "telegram"
    assert p.id == f"a-{p.draft.first}-b-{p.final.first}"
    joined = "\n".join(p.evidence)
    assert "manuscript amendments" in joined and "amended in some respects from your draft" in joined
    assert "dates agree: draft 1979-06-12, despatch 1979-06-14" in joined


def test_direction_does_not_depend_on_file_order(tmp_path):
    texts, documents = _archive(tmp_path, {"a.txt": SENT_FILE, "b.txt": DRAFT_FILE})
    (p,) = propose(documents, texts)
    assert p.draft.kind == "draft" and p.final.kind == "telegram"


def test_a_draft_sent_unchanged_is_still_a_draft_not_a_copy(tmp_path):
    text = """The Government have decided to keep the dockyard at Rosyth open until the review of naval refits
is complete next spring, when the whole question of the yards and the work they do for the fleet will be
looked at again with the unions and the local authorities."""
    draft = "DRAFT PRESS NOTICE\n\n" + text.replace("keep", "~~close~~ <sup>keep</sup>") + "\n"
    sent = "P 141600Z JUN 79\nFM CABINET OFFICE\nTO ROSYTH\nBT\n\n" + text.upper() + "\n\nBT\n"
    texts, documents = _archive(tmp_path, {"d.txt": draft, "s.txt": sent})
    (p,) = propose(documents, texts)
    assert p.shared > 0.9
    assert not p.copies and p.draft.path.endswith("d.txt") and p.final.kind == "telegram"


def test_two_copies_of_one_text_are_copies(tmp_path):
    texts, documents = _archive(tmp_path, {"x.txt": UNRELATED + "\n\n\n" + UNRELATED})
    (p,) = propose(documents, texts)
    assert p.copies and p.score > 0.95
    assert (p.draft.first, p.final.first) == (1, 16)


def test_unrelated_letters_are_not_paired(tmp_path):
    texts, documents = _archive(tmp_path, {"a.txt": UNRELATED, "b.txt": DRAFT_FILE.split("DRAFT LETTER")[0]})
    found = discover(documents, texts)
    assert found.proposals == ()
    assert {u.reason for u in found.unpaired} <= {"shares no passage with any other document"} | {
        u.reason for u in found.unpaired if u.reason.startswith("too little text")}


def test_pair_doctests():
    assert doctest.testmod(redline.pair).failed == 0


# ---- the command ---------------------------------------------------------------------------------


def test_pairs_command_json_shape():
    files = sorted(str(p) for p in SAMPLES.glob("*.txt"))
    result = CliRunner().invoke(app, ["pairs", *files, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["format"] == "redline-pairs/1"
    assert len(data["pairs"]) == 3
    first = data["pairs"][0]
    assert set(first) >= {"id", "score", "copies", "source", "draft", "final", "evidence", "shared"}
    assert set(first["draft"]) >= {"path", "lines", "kind", "label", "date"}
    assert first["copies"] is True and first["source"] == "discovered"
    assert all(u["reason"] for u in data["unpaired"])


def test_pairs_command_with_manifest_puts_the_manifest_first():
    result = CliRunner().invoke(app, ["pairs", str(SAMPLES), "--manifest", str(SAMPLES / "pairs.toml")])
    assert result.exit_code == 0, result.output
    heads = [ln for ln in result.stdout.splitlines() if ln and not ln.startswith(("\t", "unpaired"))]
    assert [h.split("\t")[1] for h in heads] == ["dec88", "oct88", "oct88-copies"]
    assert all(h.endswith("(manifest)") for h in heads)


def test_pairs_command_bad_manifest_is_one_line_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[[pair]\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["pairs", str(SAMPLES), "--manifest", str(bad)])
    assert result.exit_code == 2 and "not a valid TOML manifest" in result.output


def test_copies_across_files_form_one_group_and_one_draft_pair(tmp_path):
    src = (SAMPLES / "002_6107bf163eec2d22.txt").read_text(encoding="utf-8")
    texts, documents = _archive(tmp_path, {f"{n}.txt": src for n in "abc"})
    props = propose(documents, texts)
    drafts = [p for p in props if not p.copies]
    assert len(drafts) == 1  # one draft text (three copies of it) against one despatched text (six copies)
    (p,) = drafts
    assert p.draft.kind == "draft" and p.final.kind == "form" and p.final.path.endswith("a.txt")
    assert sum("the same text also at" in e for e in p.evidence) == 1
    # copies are proposed against the first copy of each text, not pair by pair
    firsts = {(c.draft.path, c.draft.first) for c in props if c.copies}
    assert len(props) - 1 == sum(1 for c in props if c.copies) == 13
    assert all(path.endswith("a.txt") for path, _ in firsts)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.test_segment import _PARAGRAPHS  # noqa: E402


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PARAGRAPHS), min_size=1, max_size=12), min_size=1, max_size=3))
def test_any_archive_pairs_without_error(files):
    texts = {f"f{n}.txt": "\n\n\n".join(paras) + "\n" for n, paras in enumerate(files)}
    documents = tuple(d for path, text in texts.items() for d in segment(text, path))
    found = discover(documents, texts)
    assert all(0.0 <= p.score <= 1.0 for p in found.proposals)
    assert not any(x.kind == "closure-card" for p in found.proposals for x in (p.draft, p.final))
    assert len({p.id for p in found.proposals}) == len(found.proposals)


def test_without_any_sign_of_the_draft_the_older_text_is_taken_and_the_doubt_is_said(tmp_path):
    body = ("The Government have decided to keep the dockyard at Rosyth open until the review of naval refits is "
            "complete next spring, when the whole question of the yards and the work they do for the fleet will be "
            "looked at again with the unions and the local authorities concerned.")
    later = f"Treasury Chambers\n\n9 June 1979\n\nDear Tom,\n\n{body} The Chancellor agrees.\n\nYours ever,\n\n(U V Wy)\n"
    first = body.replace("when the whole question of the yards and the work they do for the fleet will be looked at again",
                         "and after that we shall see what the Navy thinks of it and what the costs turn out to be")
    older = f"Treasury Chambers\n\n2 June 1979\n\nDear Tom,\n\n{first}\n\nYours ever,\n\n(U V Wy)\n"
    texts, documents = _archive(tmp_path, {"a.txt": later, "b.txt": older})
    (p,) = propose(documents, texts)
    assert not p.copies and p.draft.date == "1979-06-02" and p.final.date == "1979-06-09"
    assert any("uncertain" in e for e in p.evidence)


def test_the_minhash_index_path_finds_the_same_pairs_as_the_postings(archive):
    """Large collections take their candidates from redline.index; on the samples both paths agree."""
    texts, documents, pairs, found = archive
    via_index = discover(documents, texts, index_from=0)
    assert [(p.id, p.score, p.copies) for p in via_index.proposals] == [(p.id, p.score, p.copies) for p in found.proposals]


@pytest.mark.parametrize("command", ["pairs", "segment"])
def test_a_skipped_file_in_a_folder_is_named_on_stderr(tmp_path, command):
    import shutil

    shutil.copy(SAMPLES / "002_6107bf163eec2d22.txt", tmp_path)
    (tmp_path / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(app, [command, str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == f"redline: note: skipped {tmp_path / 'empty.txt'}: is empty; nothing to compare"


# ---- what the command line names: manifests that cannot be right, line ranges, one file named twice ----------

FILE_001 = SAMPLES / "001_2bcad8b2cf3253a8.txt"


def _manifest(tmp_path, draft: str, final: str) -> Path:
    path = tmp_path / "pairs.toml"
    path.write_text(f'[[pair]]\nid = "x"\ndraft = {{ {draft} }}\nfinal = {{ {final} }}\n', encoding="utf-8")
    return path


@pytest.mark.parametrize("draft, final, why", [
    ('file = "gone.txt", lines = [80, 128]', f'file = "{FILE_001}", lines = [348, 417]', "gone.txt: no such file"),
    (f'file = "{FILE_001}", lines = [80, 128]', f'file = "{FILE_001}", lines = [348, 500]',
     "line range 348-500 ends past the end of the file, which has 417 lines"),
    (f'file = "{FILE_001}", lines = [500, 510]', f'file = "{FILE_001}", lines = [348, 417]',
     "line range 500-510 starts past the end of the file"),
], ids=["missing-file", "past-the-end", "starts-past-the-end"])
def test_a_manifest_pair_that_cannot_be_read_is_the_same_error_from_pairs_and_survey(tmp_path, draft, final, why):
    manifest = _manifest(tmp_path, draft, final)
    listed = CliRunner().invoke(app, ["pairs", str(SAMPLES), "--manifest", str(manifest), "-j", "1"])
    out = tmp_path / "out"
    surveyed = CliRunner().invoke(app, ["survey", str(SAMPLES), "--manifest", str(manifest), "-o", str(out), "-j", "1"])
    for result in (listed, surveyed):
        assert result.exit_code == 2, result.output
        assert result.stdout == "" and result.stderr.count("\n") == 1
        assert result.stderr.startswith(f"redline: error: {manifest}: pair 1 (x) ") and why in result.stderr
    assert listed.stderr == surveyed.stderr
    assert not out.exists()  # checked before anything was created


def test_a_manifest_side_without_lines_is_the_whole_file(tmp_path):
    manifest = _manifest(tmp_path, f'file = "{FILE_001}", lines = [80, 128]', f'file = "{FILE_001}"')
    (pair,) = load_manifest(manifest)
    assert (pair.final.first, pair.final.last) == (1, 417)
    result = CliRunner().invoke(app, ["pairs", str(FILE_001), "--manifest", str(manifest), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert f"{FILE_001}:80-128 -> " in result.stdout and ".txt:1-417\t(manifest)" in result.stdout
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["survey", str(FILE_001), "--manifest", str(manifest), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output


def test_segment_of_a_line_range_finds_the_documents_in_those_lines_only():
    result = CliRunner().invoke(app, ["segment", f"{FILE_001}:80-128", "--format", "json"])
    assert result.exit_code == 0, result.output
    docs = json.loads(result.stdout)["documents"]
    assert [(Path(d["path"]), d["kind"], d["lines"]) for d in docs] == [(FILE_001, "draft", [80, 128])]
    text = CliRunner().invoke(app, ["segment", f"{FILE_001}:130-417"]).stdout
    heads = [ln.split("\t")[0] for ln in text.splitlines() if not ln.startswith("\t")]
    assert heads == [f"{FILE_001}:130-326", f"{FILE_001}:330-346", f"{FILE_001}:348-417"]  # the file's own numbers
    whole = CliRunner().invoke(app, ["segment", str(FILE_001)]).stdout
    assert all(h in whole for h in heads)  # each is a document of the whole file too
    result = CliRunner().invoke(app, ["segment", f"{FILE_001}:400-500"])
    assert result.exit_code == 2
    assert result.stderr == (f"redline: error: {FILE_001}:500: line range 400-500 ends past the end of the file, "
                             "which has 417 lines\n")


def test_pairs_of_two_line_ranges_of_one_file_pairs_the_documents_in_them():
    result = CliRunner().invoke(app, ["pairs", f"{FILE_001}:80-128", f"{FILE_001}:348-417", "-j", "1",
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    (p,) = json.loads(result.stdout)["pairs"]
    assert not p["copies"] and p["draft"]["lines"] == [80, 128] and p["final"]["lines"] == [348, 417]
    assert p["draft"]["kind"] == "draft" and p["final"]["kind"] == "telegram"


@pytest.mark.parametrize("spelling", ["dot", "symlink", "folder"])
def test_one_file_named_twice_is_read_once_and_never_paired_with_itself(tmp_path, monkeypatch, spelling):
    monkeypatch.chdir(tmp_path)
    src = tmp_path / "archive"
    src.mkdir()
    shutil.copy(FILE_001, src / "a.txt")
    second = {"dot": "archive/./a.txt", "symlink": "link.txt", "folder": str(src)}[spelling]
    if spelling == "symlink":
        Path("link.txt").symlink_to(src / "a.txt")
    files = ["archive/a.txt", second]
    listed = CliRunner().invoke(app, ["pairs", *files, "-j", "1", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    data = json.loads(listed.stdout)
    assert not any(p["copies"] for p in data["pairs"])
    assert {d["path"] for p in data["pairs"] for d in (p["draft"], p["final"])} == {"archive/a.txt"}
    segmented = CliRunner().invoke(app, ["segment", *files, "--format", "json"])
    once = CliRunner().invoke(app, ["segment", "archive/a.txt", "--format", "json"])
    assert segmented.exit_code == 0 and segmented.stdout == once.stdout


def test_candidates_aligned_on_several_processes_give_the_same_discovery(archive, monkeypatch):
    """``discover(jobs=2)`` aligns each pass's candidates on two processes (issue 18): the proposals,
    their scores and evidence, and the unpaired documents' reasons are those of one process."""
    texts, documents, pairs, found = archive
    monkeypatch.setattr(redline.pair, "PARALLEL_FROM", 1)  # the samples have few candidates: use the pool anyway
    assert discover(documents, texts, jobs=2) == found
    assert discover(documents, texts, index_from=1, jobs=2) == discover(documents, texts, index_from=1)
