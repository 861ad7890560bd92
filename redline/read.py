"""Read an input: a path, ``-`` for standard input, or ``PATH:FIRST-LAST``; decode it; pick the lines.

Input is untrusted. Every failure is an ``InputError`` that names the file (and
the line where it applies), so the CLI can print one line and exit 2.
"""

from __future__ import annotations

import bisect
import functools
import re
import sys
import weakref
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .model import Notice, Source

_RANGE = re.compile(r"^(?P<path>.+):(?P<first>\d+)-(?P<last>\d+)$")
_ALMOST_RANGE = re.compile(r"^(?P<path>.+):[\d\s,.:-]*$")
"""``PATH:5``, ``PATH:5-``, ``PATH:5..9``: a line range written wrongly."""
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
MAX_BYTES = 512 * 1024 * 1024
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
    if m and not Path(spec).exists():
        first, last = int(m["first"]), int(m["last"])
        if first < 1 or last < first:
            raise InputError(f"{m['path']}: bad line range {first}-{last}: use PATH:FIRST-LAST with 1 <= FIRST <= LAST")
        return Spec(m["path"], first, last)
    return Spec(spec)


def decode(data: bytes, path: str) -> tuple[str, str, tuple[Notice, ...]]:
    """Decode bytes as UTF-8 (BOM or not) or BOM-marked UTF-16, else cp1252 with a warning.

    Binary data (NUL bytes, or mostly control characters) is refused: it is not a
    transcription, and comparing it would only print noise.

    >>> decode("café".encode("utf-8"), "x")[:2]
    ('café', 'utf-8')
    >>> decode("café".encode("cp1252"), "x")[2][0].message
    'warning: not valid UTF-8 (first bad byte on line 1); read as cp1252'
    """
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), codec, ()
            except UnicodeDecodeError:
                raise InputError(f"{path}: starts with a UTF-16 byte-order mark but is not valid UTF-16; save it as UTF-8") from None
    head = data[:8192]
    if b"\x00" in head:
        raise InputError(f"{path}: looks like a binary file (NUL bytes), not a text transcription")
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if head and controls / len(head) > 0.1:
        raise InputError(f"{path}: looks like a binary file (control characters), not a text transcription")
    encoding = "utf-8"
    if data.startswith(b"\xef\xbb\xbf"):
        data, encoding = data[3:], "utf-8-sig"
    try:
        return data.decode("utf-8"), encoding, ()
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1  # one byte is one character in cp1252
        try:
            text, encoding = data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            text, encoding = data.decode("latin-1"), "latin-1"
        note = Notice(path, line, col, f"warning: not valid UTF-8 (first bad byte on line {line}); read as {encoding}")
        return text, encoding, (note,)


def line_starts(text: str) -> list[int]:
    """Offsets at which each line begins (a trailing line break does not start a new line)."""
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


def read_bytes(path: str) -> bytes:
    """The raw bytes of a path or of standard input, with errors a person can act on."""
    if path == "-":
        stream = sys.stdin
        try:
            seen = stream in _STDIN_READ
        except TypeError:  # a stream that cannot be weakly referenced: assume it is fresh
            seen = False
        if seen:
            raise InputError("-: standard input was already read for the other side; give a file for one of them")
        data = stream.buffer.read() if hasattr(stream, "buffer") else stream.read().encode()
        try:
            _STDIN_READ.add(stream)
        except TypeError:
            pass
        return data
    p = Path(path)
    if not p.exists():
        m = _ALMOST_RANGE.match(path)
        if m and Path(m["path"]).is_file():
            raise InputError(f"{path}: no such file; to compare some lines of {m['path']}, write {m['path']}:FIRST-LAST")
        raise InputError(f"{path}: no such file")
    if p.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    try:
        if p.stat().st_size > MAX_BYTES:
            raise InputError(f"{path}: larger than {MAX_BYTES // 2**20} MiB; split it or pick lines with PATH:FIRST-LAST")
        return p.read_bytes()
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def read_source(spec: str, label: str | None = None, data: bytes | None = None) -> tuple[Source, tuple[Notice, ...]]:
    """Read ``spec`` and return the chosen part of it as a ``Source`` plus any warnings.

    ``data`` lets a caller pass bytes it already holds (a test, a TEI reader) under
    the name ``spec``.
    """
    s = parse_spec(spec)
    raw = read_bytes(s.path) if data is None else data
    text, encoding, notices = decode(raw, s.path)
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
    return Source(s.path, text, first, last, start, end, label, encoding), notices
