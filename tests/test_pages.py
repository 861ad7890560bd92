"""Pages and folios in citations (issue 15, point 5): ``p. 2, l. 105`` where the transcription marks
its pages, ``f. 11a`` for a folio above a document, nothing where no mark stands before the words."""

from __future__ import annotations

from pathlib import Path

from redline.api import compare
from redline.cite import place, render as cite
from redline.pages import cited

ROOT = Path(__file__).resolve().parent.parent
DARWIN = ROOT / "tests" / "data" / "corpus" / "darwin"

PARA = ("The committee met at ten o'clock in the morning and heard the reports of the harbour "
        "master, the treasurer and the secretary on the state of the works at the quay.")


def _write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_words_after_a_page_mark_are_cited_on_that_page_and_words_before_it_on_none(tmp_path):
    draft = _write(tmp_path / "draft.txt", f"SECRET\n\n{PARA}\n\n- 2 -\n\n{PARA} The pier is sound.\n")
    final = _write(tmp_path / "final.txt", f"SECRET\n\n{PARA.replace('ten', 'eleven')}\n\n- 2 -\n\n{PARA} The pier is unsound.\n")
    c = compare(draft, final)
    lines = cite(c).splitlines()
    assert len(lines) == 2
    assert ", l. 3, " in lines[0] and "p. " not in lines[0].split(":")[0]  # the first page is not numbered: no page
    assert ", p. 2, l. 7, " in lines[1]  # after the mark "- 2 -"
    assert "(p. 2, l. 7)" in lines[1]  # the despatch's place too


def test_a_folio_just_above_a_range_is_cited_for_its_words(tmp_path):
    text = f"Earlier document.\n\n11a\n\nSECRET\n\n{PARA}\n"
    path = _write(tmp_path / "file.txt", text)
    other = _write(tmp_path / "other.txt", PARA.replace("ten", "nine") + "\n")
    c = compare(f"{path}:5-7", other)
    assert ", f. 11a, l. 7, " in cite(c)


def test_no_page_from_a_sentence_or_a_far_number_above_a_range(tmp_path):
    path = _write(tmp_path / "file.txt", f"See page\n12\n\n\n\n\n{PARA}\n")  # the number is 5 lines above
    other = _write(tmp_path / "other.txt", PARA.replace("ten", "nine") + "\n")
    assert "p. 12" not in cite(compare(f"{path}:7-7", other))
    path2 = _write(tmp_path / "file2.txt", f"It was 12 o'clock.\n{PARA}\n")
    assert "p. " not in cite(compare(f"{path2}:2-2", other)).split(":")[1]


def test_a_printed_chapter_without_page_numbers_gets_no_page():
    c = compare(str(DARWIN / "darwin_origin_ch1_1859.txt"), str(DARWIN / "darwin_origin_ch1_1860.txt"))
    assert c.edits
    assert not any(place(c.draft, c.draft.tokens[e.draft.tokens[0]]).page for e in c.edits if e.draft)


def test_folio_or_page():
    assert (cited("11a"), cited("12v"), cited("2"), cited("xiv")) == ("f. 11a", "f. 12v", "p. 2", "p. xiv")
