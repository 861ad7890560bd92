"""Read an input: a path, ``-`` for standard input, or ``PATH:FIRST-LAST``; decode it; pick the lines.

Input is untrusted. Every failure is an ``InputError`` that names the file (and
the line where it applies), so the CLI can print one line and exit 2.
"""

from __future__ import annotations

import bisect
import errno
import functools
import os
import re
import shlex
import stat
import sys
import weakref
from dataclasses import dataclass
from itertools import accumulate, repeat
from operator import add

from .errors import InputError
from .model import Notice, Source

_RANGE = re.compile(r"^(?P<path>.+):(?P<first>\d+)-(?P<last>\d+)$")
_ALMOST_RANGE = re.compile(r"^(?P<path>.+):[\d\s,.:-]*$")
"""``PATH:5``, ``PATH:5-``, ``PATH:5..9``: a line range written wrongly."""
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
BYTES_PER_WORD = 64
"""The most bytes an input may hold for each word ``--max-words`` allows (``Options.max_words``): a
word and its space take six or seven bytes in English, markup and OCR noise a few more, so 64 is
ten times what a transcription needs, and a file beyond it is not one redline could compare."""
MAX_BYTES = 1_000_000 * BYTES_PER_WORD
"""The byte limit at the default word limit (``api.MAX_WORDS``): 64 MB."""
BYTES_PER_LINE = 16
"""The fewest bytes a line may take on average: a file may hold at most its byte limit over this many
lines (4 M lines at the default 64 MB). The line index costs about 50 bytes a line while it is built
(0.5 GB and 3.6 s for 10 M lines), so 63 M blank lines, 63 MB under the byte limit, took 3 GB and 38 s
before this cap. A transcription's lines run 20 to 80 bytes; even one word a line, double-spaced,
takes 7 bytes a line of a file that holds no more words than ``--max-words`` allows."""
CHUNK = 1 << 20
"""Inputs are read a mebibyte at a time, the limit checked after each: ``/dev/zero`` or an endless
pipe stops at the limit, and binary content once its first 8 KiB are in, before memory fills."""
_STDIN_READ: "weakref.WeakSet" = weakref.WeakSet()
"""Standard input streams already read: ``-`` may stand for one side only."""


@dataclass(frozen=True, slots=True)
class Spec:
    """What the user asked for: a path and an optional inclusive line range."""

    path: str
    first: int | None = None
    last: int | None = None


def parse_spec(spec: str) -> Spec:
    """Split ``PATH:FIRST-LAST`` into its parts.

    A path that exists as given wins over the range reading, so a file really
    named ``notes:1-2`` can still be compared.

    >>> parse_spec("samples/001.txt:82-128")
    Spec(path='samples/001.txt', first=82, last=128)
    >>> parse_spec("-")
    Spec(path='-', first=None, last=None)
    """
    m = _RANGE.match(spec)
    if m and not exists(spec):
        first, last = int(m["first"]), int(m["last"])
        if first < 1 or last < first:
            raise InputError(f"{m['path']}: bad line range {first}-{last}: use PATH:FIRST-LAST with 1 <= FIRST <= LAST")
        return Spec(m["path"], first, last)
    return Spec(spec)


def decode(data: bytes, path: str, checked: bool = False) -> tuple[str, str, tuple[Notice, ...]]:
    """Decode bytes as UTF-8 (BOM or not) or BOM-marked UTF-32 or UTF-16; else, when the bytes are mostly
    UTF-8, as UTF-8 with U+FFFD for the stray bytes (``_mostly_utf8``), else as cp1252; with a warning.

    Binary data (NUL bytes, or mostly control characters) is refused: it is not a
    transcription, and comparing it would only print noise. ``checked``: ``refuse_binary``
    has passed these bytes already (``read_limited`` did, as it read them), so it is not run again.

    >>> decode("café".encode("utf-8"), "x")[:2]
    ('café', 'utf-8')
    >>> decode("café".encode("cp1252"), "x")[2][0].message
    'warning: not valid UTF-8 (first bad byte on line 1); read as cp1252'
    """
    for bom, codec in _BOMS:  # UTF-32's first: its little-endian mark starts with UTF-16's
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), codec, ()
            except UnicodeDecodeError:
                name = codec[:6].upper()
                raise InputError(f"{path}: starts with a {name} byte-order mark but is not valid {name}; save it as UTF-8") from None
    if not checked:
        refuse_binary(data, path)
    encoding = "utf-8"
    if data.startswith(b"\xef\xbb\xbf"):
        data, encoding = data[3:], "utf-8-sig"
    try:
        return data.decode("utf-8"), encoding, ()
    except UnicodeDecodeError as exc:
        mostly = _mostly_utf8(data, path, exc.start)
        if mostly is not None:
            return mostly[0], encoding, (mostly[1],)
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1  # one byte is one character in cp1252
        try:
            text, encoding = data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            text, encoding = data.decode("latin-1"), "latin-1"
        note = Notice(path, line, col, f"warning: not valid UTF-8 (first bad byte on line {line}); read as {encoding}")
        return text, encoding, (note,)


_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
"""Byte-order marks ``decode`` reads, and the codec of each (a UTF-8 mark is stripped apart)."""
_ASCII = bytes(range(128))


def _mostly_utf8(data: bytes, path: str, first: int) -> tuple[str, Notice] | None:
    """``data``, not valid UTF-8 from byte ``first`` on, decoded as UTF-8 with U+FFFD in place of
    the stray bytes and a warning at the first, when fewer of its non-ASCII bytes are stray than
    belong to valid UTF-8 characters: a UTF-8 text with a byte of another encoding pasted in (read
    as cp1252, its every accent and curly quote would turn to mojibake). A cp1252 or Latin-1 text has
    no valid multibyte UTF-8 character, or a rare one (``ß“``): None, and it is read as cp1252.

    >>> text, note = _mostly_utf8("“café” and ".encode() + b"\\x81 here", "x", 16)
    >>> text, note.col, note.message
    ('“café” and \\ufffd here', 12, 'warning: not valid UTF-8 at line 1, column 12 (1 stray byte); read as UTF-8 with U+FFFD in its place')
    """
    valid = len(data.decode("utf-8", "ignore").encode("utf-8"))  # in C, as all of this
    stray = len(data) - valid
    multibyte = valid - (len(data) - len(data.translate(None, _ASCII)))
    if stray >= multibyte:
        return None
    line = data.count(b"\n", 0, first) + 1
    col = len(data[data.rfind(b"\n", 0, first) + 1 : first].decode("utf-8", "replace")) + 1
    some = f"{stray} stray byte" + ("" if stray == 1 else "s")
    return data.decode("utf-8", "replace"), Notice(
        path, line, col, f"warning: not valid UTF-8 at line {line}, column {col} ({some}); read as UTF-8 "
        f"with U+FFFD in {'its' if stray == 1 else 'their'} place")


_CONTROLS = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
"""The control characters a text does not hold (all below 32 but tab, line feed, form feed, carriage return)."""


def _utf16_without_bom(head: bytes) -> str | None:
    """``UTF-16 LE`` or ``UTF-16 BE`` when ``head`` reads as mostly ASCII text in it (every other byte
    NUL, the rest printable or white space), else None.

    >>> _utf16_without_bom("Dear Ron,\\n".encode("utf-16-le")), _utf16_without_bom(b"\\x7fELF\\x02\\x01\\x01\\x00")
    ('UTF-16 LE', None)
    """
    head = head[: len(head) & ~1]
    if len(head) < 4:
        return None
    for name, zeros, chars in (("UTF-16 LE", head[1::2], head[0::2]), ("UTF-16 BE", head[0::2], head[1::2])):
        if zeros.count(0) >= 0.9 * len(zeros) and chars.count(0) == 0:
            printable = len(chars) - len(chars.translate(None, _TEXT_BYTES))
            if printable >= 0.9 * len(chars):
                return name
    return None


_TEXT_BYTES = bytes([9, 10, 12, 13, *range(32, 127)])


BINARY_HEAD = 8192
"""The bytes ``refuse_binary`` reads of a file (its sniffing reads fewer): any longer start of it is refused alike."""


def refuse_binary(data: bytes, path: str) -> None:
    """Refuse binary data (NUL bytes, or more than a tenth control characters in its first 8 KiB):
    it is not a transcription. Data that starts with a UTF-16 byte-order mark passes (NUL bytes are
    half of its ASCII letters); ``decode`` checks it.

    >>> refuse_binary(b"\\x7fELF\\x02\\x01\\x01\\x00", "a.out")
    Traceback (most recent call last):
    redline.errors.InputError: a.out: looks like a binary file (NUL bytes), not a text transcription
    """
    if data.startswith(tuple(bom for bom, _ in _BOMS)):
        return
    what = sniff(data)
    if what in _NOT_TEXT:
        raise not_text(what, path)
    if what in ("docx", "zip"):  # read (or refused) by ``read_source`` once the whole file is in
        return
    head = data[:BINARY_HEAD]
    if b"\x00" in head:
        utf16 = _utf16_without_bom(head)
        if utf16:
            stem = os.path.splitext(os.path.basename(path))[0]
            raise InputError(f"{path}: looks like {utf16} text without a byte-order mark; save it as UTF-8 (iconv -f "
                             f"{utf16.replace(' ', '')} -t UTF-8 {shlex.quote(path)} > {shlex.quote(stem + '-utf8.txt')})")
        raise InputError(f"{path}: looks like a binary file (NUL bytes), not a text transcription")
    controls = len(head) - len(head.translate(None, _CONTROLS))  # counted in C: a loop in Python took 27 µs a file
    if head and controls / len(head) > 0.1:
        raise InputError(f"{path}: looks like a binary file (control characters), not a text transcription")


# What a file is, sniffed here where every file is read, so that neither reader is imported for a
# plain text (the TEI and HTML readers' imports: 8 ms of a sample pair's 0.15 s).
_HTML_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)


def is_html(data: bytes) -> bool:
    """True when the bytes start (after a BOM, white space and comments) with ``<!DOCTYPE html`` or ``<html``.

    >>> is_html(b"<!DOCTYPE html><p>x"), is_html(b"  <HTML lang=en>"), is_html(b"<sup>x</sup>"), is_html(b"<TEI>")
    (True, True, False, False)
    """
    return bool(_HTML_START.match(data[:4096]))


TEI_NS = "http://www.tei-c.org/ns/1.0"
_TEI_ROOT = re.compile(r"<(?:[\w.-]+:)?(?:TEI|teiCorpus)[\s>/]")


def is_tei(text: str) -> bool:
    """True when ``text`` looks like a TEI document: its root is ``TEI`` or ``teiCorpus``, or it uses the TEI namespace.

    >>> is_tei('<?xml version="1.0"?>\\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><text/></TEI>')
    True
    >>> is_tei("we ~~can no longer delay~~ <sup>shall have to reach</sup>")
    False
    """
    head = text[:4096].lstrip("\ufeff \t\r\n")
    if not head.startswith("<"):
        return False
    return bool(_TEI_ROOT.search(head)) or TEI_NS in head


def sniff(data: bytes) -> str:
    """What the bytes are, from their first bytes: ``pdf``, ``rtf``, ``docx`` (a zip holding
    ``word/document.xml``; only a whole file can tell), ``zip`` (any other), ``html`` or ``text``.

    >>> sniff(b"%PDF-1.7\\n"), sniff(b"{\\\\rtf1\\\\ansi x}"), sniff(b"<!doctype html><p>x"), sniff(b"we ~~can~~")
    ('pdf', 'rtf', 'html', 'text')
    """
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith(b"PK\x03\x04"):
        from .docx import is_docx

        return "docx" if is_docx(data) else "zip"
    return "html" if is_html(data) else "text"


_NOT_TEXT = ("pdf", "rtf")


def not_text(what: str, path: str) -> InputError:
    """The one-line refusal of a file redline cannot read, saying how to get a text out of it."""
    q = shlex.quote(path)
    base = os.path.basename(path)
    name = os.path.splitext(base)[0] + ".txt"
    if name == base:  # a PDF named scan.txt: pdftotext's output must not be the file it reads
        name = os.path.splitext(base)[0] + "-text.txt"
    stem = shlex.quote(name)
    if what == "pdf":
        return InputError(f"{path}: a PDF, not a text; extract its text first (pdftotext -layout {q} {stem}, from "
                          "poppler-utils) and compare the .txt")
    if what == "rtf":
        return InputError(f"{path}: an RTF document, not a plain text; save it as text first (soffice --headless "
                          f"--convert-to txt:Text {q}, or Save As plain text in the word processor)")
    return InputError(f"{path}: a zip archive (an OpenDocument file?), not a text or a .docx; save it as plain text "
                      f"or .docx first (soffice --headless --convert-to docx {q})")


def lines(text: str) -> list[str]:
    """The lines of a text as redline numbers them: broken at ``\\r\\n``, ``\\r`` or ``\\n`` only.

    ``str.splitlines`` also breaks at a form feed, a vertical tab, ``\\x1c``-``\\x1e``, NEL and the
    Unicode line and paragraph separators; an OCR file with page breaks as form feeds would then
    have more lines for the segmenter than for ``read_source``, and a document's range would point
    past the end of the file. Every line count goes through here or ``line_starts``.

    >>> lines("one\\ftwo\\r\\nthree\\n"), lines("")
    (['one\\x0ctwo', 'three'], [])
    """
    out = _LINE_BREAK.split(text)
    if out[-1] == "":
        out.pop()
    return out


def count_lines(text: str) -> int:
    """The lines of ``text`` as ``lines`` numbers them, counted in C without building them.

    >>> count_lines("a\\r\\nb\\rc\\n\\nd"), count_lines("a\\n"), count_lines("")
    (5, 1, 0)
    """
    breaks = text.count("\n")
    if "\r" in text:
        breaks += text.count("\r") - text.count("\r\n")
    return breaks + (1 if text and not text.endswith(("\n", "\r")) else 0)


def refuse_many_lines(text: str, path: str, limit: int = MAX_BYTES) -> None:
    """Refuse a text of more lines than its byte limit allows (``BYTES_PER_LINE``), before its line
    index is built: millions of blank lines would otherwise cost gigabytes of memory for nothing."""
    most = max(limit, MAX_BYTES) // BYTES_PER_LINE
    if len(text) > most:  # fewer characters than the most lines cannot hold more lines
        n = count_lines(text)
        if n > most:
            raise InputError(f"{path}: {n:,} lines (mostly blank?), more than redline reads in one file ({most:,}); "
                             "squeeze the runs of blank lines first (cat -s, after tr '\\r' '\\n' for \\r breaks)")


def line_starts(text: str) -> list[int]:
    """Offsets at which each line begins (a trailing line break does not start a new line).

    A text without ``\r`` (nearly every one) breaks at ``\n`` alone: its lines' lengths, each and its
    break, summed in C (``accumulate``) give the starts, where a match object a line took 1.7 ms of
    dec88x63's draft (3 k lines) and 30 ms of dec88x1105's two sides."""
    if "\r" not in text:
        lengths = map(len, text.split("\n"))
        starts = [0, *accumulate(map(add, lengths, repeat(1)))]
        starts.pop()  # the start after the last piece, which no line break ends
    else:
        starts = [0]
        starts.extend(m.end() for m in _LINE_BREAK.finditer(text))
    if len(starts) > 1 and starts[-1] == len(text):
        starts.pop()
    return starts


@functools.lru_cache(maxsize=16)
def line_index(text: str) -> "LineIndex":
    """The ``LineIndex`` of a text, shared: an archive file holds many documents, each parsed
    on its own, and rebuilding the index of the whole file for each would be quadratic."""
    return LineIndex(text)


class LineIndex:
    """Turns offsets into 1-based ``(line, col)`` for one text."""

    def __init__(self, text: str) -> None:
        self.starts = line_starts(text)

    def __call__(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


_NOT_REGULAR = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"))


def not_regular(mode: int) -> str | None:
    """What a file that is neither a regular file nor a directory is (``a named pipe``), or None.

    >>> not_regular(stat.S_IFCHR), not_regular(stat.S_IFREG)
    ('a character device', None)
    """
    for test, what in _NOT_REGULAR:
        if test(mode):
            return what
    return None if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else "not a file"


def os_error(path: str, exc: OSError) -> str:
    """An ``OSError`` met on ``path`` as a clause a person can act on: ``x.txt: permission denied``."""
    reason = {
        errno.ENOENT: "no such file",
        errno.ENAMETOOLONG: "file name too long",
        errno.ELOOP: "too many levels of symbolic links (a link that points back at itself?)",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOTDIR: "a part of the path is not a directory",
        errno.EISDIR: "is a directory, not a file",
    }.get(exc.errno or 0, exc.strerror or str(exc))
    return f"{path}: {reason}"


def byte_limit(max_words: int) -> int:
    """The most bytes read for an input when at most ``max_words`` words may be compared: ``BYTES_PER_WORD``
    a word, and never less than ``MAX_BYTES``, since a line range of a large archive file (a few words
    of it compared) is read from the whole file.

    >>> byte_limit(1_000_000) == byte_limit(10) == MAX_BYTES, byte_limit(2_000_000) // 2**20
    (True, 122)
    """
    return max(max_words * BYTES_PER_WORD, MAX_BYTES)


def _size(n: int) -> str:
    return f"{n / 2**20:g} MiB" if n >= 2**20 else f"{n:,} bytes"


def too_large(path: str, limit: int) -> InputError:
    return InputError(f"{path}: larger than {_size(limit)} ({BYTES_PER_WORD} bytes for each word --max-words allows); "
                      "split the file, or raise --max-words")


def read_limited(stream, path: str, limit: int = MAX_BYTES) -> bytes:
    """Read a binary stream to its end a chunk (``CHUNK``) at a time: refuse it as soon as it holds
    more than ``limit`` bytes, or as soon as its first ``BINARY_HEAD`` bytes (or all of it, when
    shorter) are in and binary (``refuse_binary``).

    What ``refuse_binary`` reads is then all in (a pipe may give fewer bytes a read than asked), so
    the bytes returned have passed it, and ``read_source`` does not run it again on them."""
    chunks: list[bytes] = []
    size = 0
    checked = False
    while True:
        chunk = stream.read(min(CHUNK, limit + 1 - size))
        if not chunk:
            data = b"".join(chunks)
            if not checked:
                refuse_binary(data, path)
            return data
        chunks.append(chunk)
        size += len(chunk)
        if not checked and size >= BINARY_HEAD:
            refuse_binary(chunk if len(chunks) == 1 else b"".join(chunks), path)
            checked = True
        if size > limit:
            raise too_large(path, limit)


def exists(path: str) -> bool:
    """Whether ``path`` names something (a broken link does not); False for a name the system refuses
    (too long, a NUL byte, a link loop) rather than an error: the reading says why."""
    try:
        os.stat(path)
    except (OSError, ValueError):
        return False
    return True


def regular_file(path: str) -> os.stat_result:
    """``os.stat`` of a path to read, refusing (before it is opened) anything but a regular file: a
    device (``/dev/zero`` never ends), a named pipe (opening it waits for a writer), a socket, a
    directory. Links are followed: a link to ``/dev/zero`` is a character device."""
    try:
        st = os.stat(path)
    except ValueError:
        raise InputError(f"{path!r}: a file name cannot hold a NUL character") from None
    except FileNotFoundError:
        m = _ALMOST_RANGE.match(path)
        if m and exists(m["path"]) and stat.S_ISREG(os.stat(m["path"]).st_mode):
            raise InputError(f"{path}: no such file; to compare some lines of {m['path']}, write {m['path']}:FIRST-LAST") from None
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(os_error(path, exc)) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{path}: is a directory, not a file")
    what = not_regular(st.st_mode)
    if what:
        raise InputError(f"{path}: not a regular file ({what}); give a text file")
    return st


def read_bytes(path: str, limit: int = MAX_BYTES) -> bytes:
    """The raw bytes of a path or of standard input, at most ``limit`` of them, with errors a person
    can act on. Only a regular file is opened (``regular_file``); it is opened without blocking and
    checked again once open, so a file swapped for a pipe in between cannot hang the reading."""
    if path == "-":
        stream = sys.stdin
        try:
            seen = stream in _STDIN_READ
        except TypeError:  # a stream that cannot be weakly referenced: assume it is fresh
            seen = False
        if seen:
            raise InputError("-: standard input was already read for the other side; give a file for one of them")
        try:
            if hasattr(stream, "buffer"):
                data = read_limited(stream.buffer, "-", limit)
            else:
                data = read_limited(_Encoded(stream), "-", limit)
        except OSError as exc:
            raise InputError(os_error("-", exc)) from None
        try:
            _STDIN_READ.add(stream)
        except TypeError:
            pass
        return data
    st = regular_file(path)
    if st.st_size > limit:
        raise too_large(path, limit)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with open(fd, "rb", buffering=0) as f:
            what = not_regular(os.fstat(fd).st_mode)
            if what:
                raise InputError(f"{path}: not a regular file ({what}); give a text file")
            return read_limited(f, path, limit)
    except OSError as exc:
        raise InputError(os_error(path, exc)) from None


class _Encoded:
    """A text stream read as UTF-8 bytes (a test's ``sys.stdin`` may have no ``buffer``)."""

    def __init__(self, stream) -> None:
        self.stream = stream

    def read(self, n: int) -> bytes:
        return self.stream.read(n).encode()


def read_source(spec: str, label: str | None = None, data: bytes | None = None,
                limit: int = MAX_BYTES) -> tuple[Source, tuple[Notice, ...]]:
    """Read ``spec`` and return the chosen part of it as a ``Source`` plus any warnings.

    ``data`` lets a caller pass bytes it already holds (a test, a TEI reader) under
    the name ``spec``; else at most ``limit`` bytes are read (``read_bytes``).
    """
    s = parse_spec(spec)
    raw = read_bytes(s.path, limit) if data is None else data
    what = sniff(raw)
    document = None
    notices: tuple[Notice, ...]
    if what in (*_NOT_TEXT, "zip"):
        raise not_text(what, s.path)
    if what == "docx":
        from .docx import read as read_docx

        document = read_docx(raw, s.path)
        text, encoding, notices = document.text, "utf-8", ()
    else:
        text, encoding, notices = decode(raw, s.path, checked=data is None)  # read_bytes checked what it read
    refuse_many_lines(text, s.path, limit)
    starts = line_index(text).starts  # the index the parser reads too: made once a text
    total = len(starts) if text else 0
    first = s.first or 1
    last = s.last if s.last is not None else max(total, 1)
    if total == 0:
        raise InputError(f"{s.path}: is empty; nothing to compare")
    has = f"{total} line" + ("" if total == 1 else "s")
    if first > total:
        raise InputError(f"{s.path}:{first}: line range {first}-{last} starts past the end of the file, which has {has}")
    if last > total:
        raise InputError(f"{s.path}:{last}: line range {first}-{last} ends past the end of the file, which has {has}")
    start = starts[first - 1]
    end = starts[last] if last < total else len(text)
    if not text[start:end].strip():
        where = f"{s.path}:{first}-{last}" if s.first else s.path
        raise InputError(f"{where}: the selection is empty (only blank lines); nothing to compare")
    return Source(s.path, text, first, last, start, end, label, encoding, what if what == "docx" or what == "html" else "text", document), notices
