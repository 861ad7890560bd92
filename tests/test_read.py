"""Reading inputs: paths, standard input, line ranges, encodings, and every way an input can be bad."""

from __future__ import annotations

import pytest

from redline.errors import InputError
import io
import random
import re

from redline import read
from redline.read import LineIndex, line_starts, parse_spec, read_limited, read_source

THREE = "first line\nsecond line\nthird line\n"


def error_of(spec: str, data: bytes | None = None) -> str:
    with pytest.raises(InputError) as info:
        read_source(spec, data=data)
    return str(info.value)


# --- line ranges ------------------------------------------------------------------------------


@pytest.mark.parametrize("spec, parts", [
    ("a/b.txt:82-128", ("a/b.txt", 82, 128)),
    ("a/b.txt", ("a/b.txt", None, None)),
    ("-", ("-", None, None)),
    ("-:2-3", ("-", 2, 3)),
    ("C:/scans/x.txt:1-9", ("C:/scans/x.txt", 1, 9)),
])
def test_parse_spec_splits_a_line_range(spec, parts):
    s = parse_spec(spec)
    assert (s.path, s.first, s.last) == parts


def test_a_file_whose_name_looks_like_a_range_is_read_whole(write, monkeypatch):
    path = write("notes:1-2", THREE)
    monkeypatch.chdir(path.parent)
    source, _ = read_source("notes:1-2")
    assert (source.path, source.first, source.last) == ("notes:1-2", 1, 3)


def test_a_range_selects_its_lines_and_keeps_offsets_of_the_whole_file(write):
    path = write("a.txt", THREE)
    source, notices = read_source(f"{path}:2-3", label="Second and third")
    assert (source.first, source.last, source.label) == (2, 3, "Second and third")
    assert source.text == THREE
    assert source.text[source.start : source.end] == "second line\nthird line\n"
    assert notices == ()


def test_a_range_may_end_on_the_last_line_without_a_newline(write):
    path = write("a.txt", "one\ntwo")
    source, _ = read_source(f"{path}:2-2")
    assert source.text[source.start : source.end] == "two"


def test_range_with_first_after_last_is_refused(write):
    path = write("a.txt", THREE)
    assert error_of(f"{path}:3-2") == f"{path}: bad line range 3-2: use PATH:FIRST-LAST with 1 <= FIRST <= LAST"


def test_range_starting_at_line_zero_is_refused(write):
    path = write("a.txt", THREE)
    assert error_of(f"{path}:0-2") == f"{path}: bad line range 0-2: use PATH:FIRST-LAST with 1 <= FIRST <= LAST"


def test_range_starting_past_the_end_is_refused(write):
    path = write("a.txt", THREE)
    assert error_of(f"{path}:5-6") == f"{path}:5: line range 5-6 starts past the end of the file, which has 3 lines"


def test_range_ending_past_the_end_is_refused(write):
    path = write("a.txt", THREE)
    assert error_of(f"{path}:2-4") == f"{path}:4: line range 2-4 ends past the end of the file, which has 3 lines"


def test_a_one_line_file_says_one_line(write):
    path = write("a.txt", "only\n")
    assert error_of(f"{path}:2-2") == f"{path}:2: line range 2-2 starts past the end of the file, which has 1 line"


def test_a_selection_of_blank_lines_is_refused(write):
    path = write("a.txt", "text\n\n   \n\t\nmore text\n")
    assert error_of(f"{path}:2-4") == f"{path}:2-4: the selection is empty (only blank lines); nothing to compare"


def test_a_file_of_blank_lines_is_refused(write):
    path = write("a.txt", "\n  \n\n")
    assert error_of(str(path)) == f"{path}: the selection is empty (only blank lines); nothing to compare"


# --- files that cannot be read ----------------------------------------------------------------


def test_missing_file(tmp_path):
    path = tmp_path / "nope.txt"
    assert error_of(str(path)) == f"{path}: no such file"
    assert error_of(f"{path}:1-2") == f"{path}: no such file"


@pytest.mark.parametrize("suffix", [":5", ":5-", ":5..9", ":-9"])
def test_a_misspelt_line_range_says_how_to_write_one(write, suffix):
    path = write("a.txt", THREE)
    assert error_of(f"{path}{suffix}") == (
        f"{path}{suffix}: no such file; to compare some lines of {path}, write {path}:FIRST-LAST")


def test_directory(tmp_path):
    assert error_of(str(tmp_path)) == f"{tmp_path}: is a directory, not a file"


def test_binary_file_with_nul_bytes(write):
    path = write("scan.tif", b"II*\x00\x08\x00\x01\x02binary")
    assert error_of(str(path)) == f"{path}: looks like a binary file (NUL bytes), not a text transcription"


def test_binary_file_of_control_characters(write):
    path = write("blob.bin", bytes(range(1, 32)) * 20)
    assert error_of(str(path)) == f"{path}: looks like a binary file (control characters), not a text transcription"


def test_empty_file(write):
    path = write("empty.txt", b"")
    assert error_of(str(path)) == f"{path}: is empty; nothing to compare"


def test_empty_file_with_only_a_byte_order_mark(write):
    path = write("bom.txt", b"\xef\xbb\xbf")
    assert error_of(str(path)) == f"{path}: is empty; nothing to compare"


class ShortReads(io.RawIOBase):
    """A pipe that gives at most ``step`` bytes a read, however many are asked for."""

    def __init__(self, data: bytes, step: int) -> None:
        self.data, self.step = data, step

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        piece, self.data = self.data[: min(n, self.step)], self.data[min(n, self.step) :]
        return piece


def test_binary_after_a_short_first_read_is_still_refused():
    # The first read brings 100 bytes of text; the NUL bytes come within the first 8 KiB, which is what is judged.
    with pytest.raises(InputError, match="NUL bytes"):
        read_limited(ShortReads(b"a" * 100 + b"\x00" * 100 + b"b" * 10_000, 100), "-")


def test_a_file_read_is_judged_binary_or_not_once(write, monkeypatch):
    seen = []
    judge = read.refuse_binary
    monkeypatch.setattr(read, "refuse_binary", lambda data, path: seen.append(len(data)) or judge(data, path))
    read_source(str(write("letter.txt", b"Dear Ron\n" * 2000)))
    read_source("-", data=b"Dear Ron\n")  # bytes given, not read: judged by decode
    assert seen == [18_000, 9]


def test_empty_standard_input():
    assert error_of("-", data=b"") == "-: is empty; nothing to compare"


# --- encodings ----------------------------------------------------------------------------------


def test_utf8_with_byte_order_mark_drops_the_mark(write):
    path = write("bom.txt", b"\xef\xbb\xbfDear Ron\n")
    source, notices = read_source(str(path))
    assert source.text == "Dear Ron\n"
    assert source.encoding == "utf-8-sig"
    assert notices == ()


def test_utf8_without_bom(write):
    path = write("u.txt", "Minister’s café\n")
    source, notices = read_source(str(path))
    assert (source.text, source.encoding, notices) == ("Minister’s café\n", "utf-8", ())


def test_cp1252_falls_back_with_a_warning_naming_the_line(write):
    path = write("cp.txt", "line one\nthe Minister’s café\n".encode("cp1252"))
    source, notices = read_source(str(path))
    assert source.text == "line one\nthe Minister’s café\n"
    assert source.encoding == "cp1252"
    assert [str(n) for n in notices] == [f"{path}:2:13: warning: not valid UTF-8 (first bad byte on line 2); read as cp1252"]
    n = notices[0]
    assert source.text.splitlines()[n.line - 1][n.col - 1] == "’"  # the warning points at the bad character


def test_bytes_cp1252_cannot_decode_fall_back_to_latin1(write):
    path = write("l1.txt", b"odd \x81 byte\n")
    source, notices = read_source(str(path))
    assert source.encoding == "latin-1"
    assert source.text == "odd \x81 byte\n"
    assert notices[0].message.endswith("read as latin-1")


def test_bom_followed_by_bad_utf8_still_warns(write):
    path = write("mixed.txt", b"\xef\xbb\xbfcaf\xe9\n")
    source, notices = read_source(str(path))
    assert source.text == "café\n"
    assert len(notices) == 1 and "read as cp1252" in notices[0].message


def test_utf16_with_byte_order_mark_is_text_not_binary(write):
    path = write("notepad.txt", "\ufeffDear Ron\r\nYours\r\n".encode("utf-16-le"))
    source, notices = read_source(str(path))
    assert source.text == "Dear Ron\r\nYours\r\n"
    assert notices == ()


# --- lines and columns --------------------------------------------------------------------------


@pytest.mark.parametrize("text, starts", [
    ("a\nb\n", [0, 2]),
    ("a\nb", [0, 2]),
    ("a\r\nb\r\n", [0, 3]),
    ("a\rb", [0, 2]),
    ("a\n\nb", [0, 2, 3]),
    ("", [0]),
    ("\n", [0]),
    ("\n\n", [0, 1]),
    ("a\rb\nc", [0, 2, 4]),
])
def test_line_starts(text, starts):
    assert line_starts(text) == starts


def test_line_starts_with_and_without_carriage_returns_agree_with_the_line_breaks():
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice("ab \n\n\r") for _ in range(rng.randint(0, 12)))
        expected = [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", text))]
        if len(expected) > 1 and expected[-1] == len(text):
            expected.pop()
        assert line_starts(text) == expected, repr(text)


def test_line_index_gives_one_based_line_and_column():
    where = LineIndex("ab\ncd\r\nef")
    assert [where(i) for i in (0, 1, 3, 4, 7, 8)] == [(1, 1), (1, 2), (2, 1), (2, 2), (3, 1), (3, 2)]


def test_standard_input_is_read_from_data():
    source, _ = read_source("-:2-2", data=THREE.encode())
    assert source.path == "-"
    assert source.text[source.start : source.end] == "second line\n"
