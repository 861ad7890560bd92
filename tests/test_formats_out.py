"""Outputs a word processor or a word-diff tool opens: a .docx with tracked changes, wdiff marks; -o refuses what it cannot write."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from redline import compare, compare_texts
from redline.render.docx import W
from redline.normalize import key
from redline.render.tracked import side


def keys(words: list[str]) -> list[str]:
    """Words up to case and punctuation, as redline compares them (a word that is only punctuation has none)."""
    return [k for k in map(key, words) if k]

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpus"
PAIRS = {
    "typescript-with-hands": ("samples/001_2bcad8b2cf3253a8.txt:80-128", "samples/001_2bcad8b2cf3253a8.txt:348-417"),
    "demo-text-revision": (str(CORPUS / "juxta-welcome" / "juxta_welcome_v1.txt"), str(CORPUS / "juxta-welcome" / "juxta_welcome_v2.txt")),
    "poem-manuscript-and-print": (str(CORPUS / "rossetti" / "rossetti_blessed_damozel_MS.txt"),
                                  str(CORPUS / "rossetti" / "rossetti_blessed_damozel_1870_first_edition.txt")),
}


@pytest.fixture(scope="module", params=sorted(PAIRS))
def comparison(request):
    return compare(*PAIRS[request.param])


def _texts(root: etree._Element, keep_ins: bool) -> list[str]:
    """The words left when every change is accepted (``keep_ins``) or rejected."""
    words: list[str] = []
    for el in root.iter(f"{W}t", f"{W}delText"):
        in_ins = any(a.tag == f"{W}ins" for a in el.iterancestors())
        if el.tag == f"{W}delText":
            if not keep_ins:
                words.extend(el.text.split())
        elif keep_ins or not in_ins:
            words.extend(el.text.split())
    return words


def test_the_docx_accepted_is_the_despatch_and_rejected_is_the_draft(comparison):
    data = comparison.to_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {"[Content_Types].xml", "_rels/.rels", "word/document.xml"} <= set(z.namelist())
        root = etree.fromstring(z.read("word/document.xml"))
    assert _texts(root, keep_ins=True) == side(comparison, "final")  # accepted: the despatch, letter for letter
    assert keys(_texts(root, keep_ins=False)) == keys(side(comparison, "draft"))  # rejected: the draft's words
    authors = {el.get(f"{W}author") for el in root.iter(f"{W}ins", f"{W}del")}
    assert authors <= {"draft", "hand", "despatch"}
    assert authors if any(e.kind in ("struck", "inserted", "substituted") for e in comparison.edits) else True
    assert comparison.to_docx() == data  # same comparison, same bytes


def test_the_docx_reads_back_as_a_draft_with_its_changes_as_layers(tmp_path):
    c = compare_texts("we can no longer delay a decision", "we must reach a decision")
    f = tmp_path / "r.docx"
    f.write_bytes(c.to_docx())
    back = compare(str(f), str(f))  # our own reader: deleted words struck, inserted ones inserted
    layers = {t.text: t.layer for t in back.draft.tokens}
    assert layers["delay"] == "struck" and layers["must"] == "inserted" and layers["decision"] == "typed"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_docx(tmp_path):
    c = compare_texts("we can no longer delay a decision", "we must reach a decision")
    f = tmp_path / "r.docx"
    f.write_bytes(c.to_docx())
    subprocess.run(["soffice", "--headless", "--convert-to", "txt:Text", "--outdir", str(tmp_path), str(f)],
                   check=True, capture_output=True, timeout=120)
    assert "decision" in (tmp_path / "r.txt").read_text(encoding="utf-8-sig")


def test_wdiff_marks_give_back_both_texts(comparison):
    out = comparison.to_wdiff()
    assert out.endswith("\n") and "{~" not in out and "[_" not in out
    draft = re.sub(r"\{\+.*?\+\}", " ", out, flags=re.S).replace("[-", " ").replace("-]", " ")
    final = re.sub(r"\[-.*?-\]", " ", out, flags=re.S).replace("{+", " ").replace("+}", " ")
    assert keys(draft.split()) == keys(side(comparison, "draft"))
    assert final.split() == side(comparison, "final")


def test_a_case_or_punctuation_difference_is_not_tracked():
    """Case and punctuation never make an edit: an all-capitals despatch against a mixed-case draft
    tracks the edits, not every word (on the December sample it tracked 297 deletions for 40 edits)."""
    c = compare_texts("We can no longer delay a decision, Mr President.", "WE SHALL HAVE TO REACH A DECISION MR PRESIDENT")
    assert c.to_wdiff().split("\n")[0] == "WE [-can no longer delay-] {+SHALL HAVE TO REACH+} A DECISION MR PRESIDENT"
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(c.to_docx())).read("word/document.xml"))
    deleted = [w for el in root.iter(f"{W}delText") for w in el.text.split()]
    assert deleted == ["can", "no", "longer", "delay"]


def test_identical_texts_give_no_marks_at_all():
    text = (CORPUS / "juxta-welcome" / "juxta_welcome_v1.txt").read_text(encoding="utf-8")
    c = compare_texts(text, text)
    assert "[-" not in c.to_wdiff() and "{+" not in c.to_wdiff()
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(c.to_docx())).read("word/document.xml"))
    assert not list(root.iter(f"{W}ins", f"{W}del"))


def redline_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "redline", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_the_command_line_refuses_a_suffix_it_cannot_write_and_takes_any_case(tmp_path):
    d, f = PAIRS["demo-text-revision"]
    for name in ("out.pdf", "out.MD", "out.odt"):
        r = redline_cli("compare", d, f, "-o", str(tmp_path / name))
        assert r.returncode == 2 and r.stderr.count("\n") == 1 and "cannot write" in r.stderr, r.stderr
        assert not (tmp_path / name).exists()
    r = redline_cli("compare", d, f, "-f", "TEXT", "-o", str(tmp_path / "x.pdf"))
    assert r.returncode == 2  # a suffix it cannot write, even with a format named
    r = redline_cli("compare", d, f, "-f", "JSON")
    assert r.returncode == 0 and r.stdout.startswith("{")
    r = redline_cli("compare", d, f, "-f", "WDiff", "-o", str(tmp_path / "e.WDIFF"))
    assert r.returncode == 0 and "{+" in (tmp_path / "e.WDIFF").read_text()


def test_the_command_line_writes_a_docx_by_suffix_and_never_over_an_input(tmp_path):
    d, f = PAIRS["demo-text-revision"]
    r = redline_cli("compare", d, f, "-o", str(tmp_path / "r.docx"))
    assert r.returncode == 0, r.stderr
    assert zipfile.is_zipfile(tmp_path / "r.docx")
    copy = tmp_path / "draft.txt"
    copy.write_bytes(Path(d).read_bytes())
    r = redline_cli("compare", str(copy), f, "-f", "docx", "-o", str(copy))
    assert r.returncode == 2 and "refusing to overwrite" in r.stderr and copy.read_bytes() == Path(d).read_bytes()
    piped = subprocess.run([sys.executable, "-m", "redline", "compare", d, f, "-f", "docx"], capture_output=True, cwd=ROOT, timeout=120)
    assert piped.returncode == 0 and piped.stdout.startswith(b"PK\x03\x04")
