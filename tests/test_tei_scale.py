"""TEI at scale, and inputs that cost memory per line: the export is built in linear time and keeps
to the time budget; millions of blank lines are refused before they are indexed; the PDF hint never
names its own input as pdftotext's output.

Only one test reads the real clock, with a budget some thirty times what the export takes now (it
took longer than the budget before: lxml's ``len()`` and ``el[n]`` walk the children, and a text
grown a word at a time is copied whole each time). The others replace the budget's clock.
"""

from __future__ import annotations

import random

import pytest
from lxml import etree

from redline import budget
from redline.api import compare_texts
from redline.collate import collate_witnesses
from redline.errors import InputError
from redline.read import MAX_BYTES, count_lines, not_text, read_source
from redline.render import collation_tei, tei

TEI = "{http://www.tei-c.org/ns/1.0}"


def _words(n: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    vocabulary = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9))) for _ in range(3000)]
    return [rng.choice(vocabulary) for _ in range(n)]


@pytest.fixture(scope="module")
def one_paragraph():
    """40 k words in one paragraph of one line (as an OCR text without line breaks), the same on both sides."""
    text = " ".join(_words(40_000)) + "\n"
    return compare_texts(text, text)


def test_a_long_paragraph_is_written_whole_as_one_paragraph(one_paragraph):
    """40 k words of one line: 24 s before the export was made linear, unloaded, 0.5 s after (measured, not
    asserted here: speed is the benchmark's to measure; this checks the paragraph comes out whole)."""
    out = tei.render(one_paragraph)
    (p,) = etree.fromstring(out.encode()).find(f"{TEI}text").iter(f"{TEI}p")
    assert len(p.text.split()) == 40_000 and len(p) == 0


def test_the_tei_export_stops_at_the_time_budget(one_paragraph, fast_clock):
    with pytest.raises(budget.TimeBudgetExceeded) as caught, budget.limit(30, "a with b"):
        tei.render(one_paragraph)
    assert "writing the TEI" in str(caught.value) and "\n" not in str(caught.value)


def test_the_collation_tei_export_stops_at_the_time_budget(fast_clock):
    text = " ".join(_words(300)) + "\n"
    c = compare_texts(text, text)  # no budget here: the library has none by default
    collation = collate_witnesses([c.draft, c.final, c.draft])
    with pytest.raises(budget.TimeBudgetExceeded) as caught, budget.limit(30, "three"):
        collation_tei.render(collation)
    assert "writing the TEI" in str(caught.value)


def test_a_long_struck_passage_is_one_del_and_every_word_is_kept():
    words = _words(5_000, seed=2)
    c = compare_texts("keep this ~~" + " ".join(words) + "~~ and this\n", "keep this and this\n")
    root = etree.fromstring(tei.render(c).encode())
    (d,) = root.iter(f"{TEI}del")
    assert d.text.split() == words


def test_a_paragraph_every_witness_shares_is_written_once_in_order():
    words = _words(5_000, seed=3)
    text = " ".join(words) + "\n"
    c = compare_texts(text, text)
    root = etree.fromstring(collation_tei.render(collate_witnesses([c.draft, c.final])).encode())
    (p,) = root.find(f"{TEI}text").iter(f"{TEI}p")
    assert p.text.split() == words


@pytest.mark.parametrize("brk", [b"\n", b"\r", b"\r\n"])
def test_millions_of_blank_lines_are_refused_before_they_are_indexed(brk):
    data = brk * 5_000_000 + b"word" + brk
    with pytest.raises(InputError) as caught:
        read_source("blank.txt", data=data)
    message = str(caught.value)
    assert message.startswith("blank.txt: 5,000,001 lines") and "cat -s" in message and "\n" not in message


def test_as_many_lines_as_the_limit_allows_are_read():
    most = MAX_BYTES // 16
    source, _ = read_source("short.txt", data=b"a\n" * most)
    assert source.last == most


def test_count_lines_agrees_with_the_line_index():
    from redline.read import line_starts

    for text in ["", "a", "a\n", "\n", "\n\n", "a\r", "a\r\n", "\r\r\n", "x\n\ny", "a\r\nb\rc\n\nd"]:
        assert count_lines(text) == (len(line_starts(text)) if text else 0), repr(text)


def test_the_pdf_hint_never_writes_over_its_input():
    message = str(not_text("pdf", "scans/scan.txt"))
    assert "pdftotext -layout scans/scan.txt scan-text.txt" in message
    assert "pdftotext -layout report.pdf report.txt" in str(not_text("pdf", "report.pdf"))


# --- encodings (the tester's repro7) ---------------------------------------------------------------

TEXT = "The quick “jumps” over café.\nSecond line here.\n"


def test_a_stray_byte_in_utf8_is_replaced_not_the_whole_file_read_as_cp1252():
    source, notices = read_source("mixed.txt", data=TEXT.encode() + b"bad byte \x81\x9d here\n")
    assert source.encoding == "utf-8"
    assert source.text == TEXT + "bad byte \ufffd\ufffd here\n"
    assert [str(n) for n in notices] == ["mixed.txt:3:10: warning: not valid UTF-8 at line 3, column 10 (2 stray bytes); "
                                         "read as UTF-8 with U+FFFD in their place"]


def test_cp1252_is_still_read_as_cp1252():
    source, notices = read_source("cp.txt", data=TEXT.encode("cp1252"))
    assert (source.text, source.encoding) == (TEXT, "cp1252")
    assert notices[0].message.endswith("read as cp1252")


@pytest.mark.parametrize("codec, bom", [("utf-32-le", b"\xff\xfe\x00\x00"), ("utf-32-be", b"\x00\x00\xfe\xff")])
def test_utf32_with_a_byte_order_mark_is_read_as_utf32(codec, bom, tmp_path):
    path = tmp_path / "u32.txt"
    path.write_bytes(bom + TEXT.encode(codec))
    source, notices = read_source(str(path))  # read from a file: refuse_binary lets its NUL bytes pass
    assert (source.text, source.encoding, notices) == (TEXT, codec, ())


@pytest.mark.parametrize("codec, name", [("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE")])
def test_utf16_without_a_byte_order_mark_is_named(codec, name, tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes(TEXT.encode(codec))
    with pytest.raises(InputError) as caught:
        read_source(str(path))
    assert "without a byte-order mark" in str(caught.value) and f"iconv -f {name} -t UTF-8" in str(caught.value)


def test_binary_with_nul_bytes_is_still_binary():
    with pytest.raises(InputError, match="binary file"):
        read_source("a.out", data=b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4)
