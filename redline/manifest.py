"""Pair manifests: draft/despatch pairs named by hand in TOML (``samples/pairs.toml``).

A manifest names each side by file and line range with a label; a pair named
in a manifest wins over any pair found by discovery.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError


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


def _side(raw: object, base: Path, where: str) -> Side:
    if not isinstance(raw, dict) or "file" not in raw:
        raise InputError(f"{where}: needs a table with 'file' (and optional 'lines' = [FIRST, LAST], 'label')")
    lines = raw.get("lines", [1, 10**9])
    if not (isinstance(lines, list) and len(lines) == 2 and all(isinstance(n, int) and n >= 1 for n in lines) and lines[0] <= lines[1]):
        raise InputError(f"{where}: 'lines' must be [FIRST, LAST] with 1 <= FIRST <= LAST")
    return Side(base / str(raw["file"]), lines[0], lines[1], raw.get("label"))


def load_manifest(path: str | Path) -> tuple[Pair, ...]:
    """Read a manifest; errors name the file and the pair at fault."""
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{p}: no such manifest") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{p}: not a valid TOML manifest ({exc})") from None
    pairs = []
    for n, raw in enumerate(data.get("pair", []), 1):
        where = f"{p}: pair {n}"
        if not isinstance(raw, dict):
            raise InputError(f"{where}: must be a table")
        pid = str(raw.get("id", f"pair{n}"))
        pairs.append(
            Pair(pid, str(raw.get("title", pid)), _side(raw.get("draft"), p.parent, f"{where} draft"),
                 _side(raw.get("final"), p.parent, f"{where} final"), bool(raw.get("copies", False)))
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
