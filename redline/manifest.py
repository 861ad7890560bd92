"""Pair manifests: draft/despatch pairs named by hand in TOML (``samples/pairs.toml``).

A manifest names each side by file and line range with a label; a pair named
in a manifest wins over any pair found by discovery. Every side is read when the
manifest is loaded, so a missing file or a range past the end of its file is an
error naming the manifest and the pair before anything is paired or written; a
side without ``lines`` is the whole file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .read import exists, read_bytes, read_source

MAX_MANIFEST_BYTES = 16 * 2**20
"""The largest manifest read: a pair takes a few hundred bytes, so this is tens of thousands of pairs."""


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a named pair."""

    path: Path
    first: int
    last: int
    label: str | None

    @property
    def spec(self) -> str:
        """The side as ``PATH:FIRST-LAST``, as the command line takes it."""
        return f"{self.path}:{self.first}-{self.last}"


@dataclass(frozen=True, slots=True)
class Pair:
    """A draft and its despatch (or two copies of one text, when ``copies``)."""

    id: str
    title: str
    draft: Side
    final: Side
    copies: bool = False


def _side(raw: object, base: Path, where: str, files: dict[Path, bytes]) -> Side:
    """One side, read: its file must exist and hold its lines (``files`` keeps the last file read, as the
    pairs of one file usually stand together, without holding a whole archive in memory)."""
    if not isinstance(raw, dict) or "file" not in raw:
        raise InputError(f"{where}: needs a table with 'file' (and optional 'lines' = [FIRST, LAST], 'label')")
    _expect(raw, "file", str, "a string (a path relative to the manifest)", where)
    _expect(raw, "label", str, "a string", where)
    lines = raw.get("lines")
    if lines is not None and not (isinstance(lines, list) and len(lines) == 2
                                  and all(type(n) is int and n >= 1 for n in lines) and lines[0] <= lines[1]):
        raise InputError(f"{where}: 'lines' must be [FIRST, LAST] with 1 <= FIRST <= LAST")
    path = base / str(raw["file"])
    spec = str(path) if lines is None else f"{path}:{lines[0]}-{lines[1]}"
    try:
        if path not in files:
            files.clear()
            files[path] = read_bytes(str(path))
        source, _ = read_source(spec, data=files[path])  # the checks ``compare`` makes: lines inside the file, not blank
    except InputError as exc:
        raise InputError(f"{where}: {exc}") from None
    return Side(path, source.first, source.last, raw.get("label"))


_TYPE_NAMES = {str: "a string", int: "an integer", bool: "true or false", float: "a number", list: "an array",
               dict: "a table"}


def _expect(table: dict, key: str, kind: type | tuple[type, ...], what: str, where: str) -> None:
    """Refuse a value of the wrong type in the manifest, naming the key, what it must be and what it is."""
    if key not in table:
        return
    value = table[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):  # TOML true is no integer
        got = _TYPE_NAMES.get(type(value), type(value).__name__)
        raise InputError(f"{where}: '{key}' must be {what}, not {got}")


def load_manifest(path: str | Path) -> tuple[Pair, ...]:
    """Read a manifest and the files it names; errors name the manifest and the pair at fault, and
    a value of the wrong type names its key and what it must be (the manifest is input, and untrusted)."""
    p = Path(path)
    if not exists(str(p)) and not p.is_symlink():
        raise InputError(f"{p}: no such manifest")
    raw_bytes = read_bytes(str(p), MAX_MANIFEST_BYTES)  # a regular file only, read with a bound
    try:
        data = tomllib.loads(raw_bytes.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{p}: not a valid TOML manifest ({exc})") from None
    _expect(data, "pair", list, "an array of tables ([[pair]] sections)", str(p))
    pairs = []
    files: dict[Path, bytes] = {}
    for n, raw in enumerate(data.get("pair", []), 1):
        where = f"{p}: pair {n}"
        if not isinstance(raw, dict):
            raise InputError(f"{where}: must be a table")
        _expect(raw, "id", (str, int), "a string", where)
        _expect(raw, "title", str, "a string", where)
        _expect(raw, "copies", bool, "true or false", where)
        pid = str(raw.get("id", f"pair{n}"))
        pairs.append(
            Pair(pid, str(raw.get("title", pid)), _side(raw.get("draft"), p.parent, f"{where} ({pid}) draft", files),
                 _side(raw.get("final"), p.parent, f"{where} ({pid}) final", files), bool(raw.get("copies", False)))
        )
    return tuple(pairs)


def samples_dir() -> Path:
    """The sample documents: ``samples/`` in a checkout, or the copy shipped inside the wheel."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "samples", here / "samples"):
        if (candidate / "pairs.toml").exists():
            return candidate
    raise InputError("the sample documents are not installed (no samples/pairs.toml next to the package)")


def templates_dir() -> Path:
    """The HTML templates: ``templates/`` in a checkout, or the copy shipped inside the wheel."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "templates", here / "templates"):
        if candidate.is_dir():
            return candidate
    raise InputError("the HTML templates are not installed (no templates/ next to the package)")
