"""Shared fixtures: the sample documents, a temporary-file factory, a one-call parser, a clock that jumps."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Callable

import pytest

from redline import budget
from redline.model import Witness
from redline.parse import parse
from redline.read import read_source

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture
def fast_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """A clock that moves an hour every time the time budget reads it: a deadline passes at its first check."""
    ticks = itertools.count(0, 3600.0)
    monkeypatch.setattr(budget.time, "monotonic", lambda: float(next(ticks)))


@pytest.fixture
def samples() -> Path:
    """The sample documents and their manifest (``samples/pairs.toml``)."""
    return SAMPLES


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write a file under a temporary directory: ``write("a.txt", "text")`` or bytes; returns its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_bytes(content.encode("utf-8"))
        else:
            path.write_bytes(content)
        return path

    return _write


def parse_text(text: str, spec: str = "doc.txt", strict: bool = False) -> Witness:
    """Parse ``text`` as if read from ``spec`` (a name, optionally with ``:FIRST-LAST``)."""
    source, notices = read_source(spec, data=text.encode("utf-8"))
    witness = parse(source, strict=strict)
    return witness


@pytest.fixture
def parsed() -> Callable[..., Witness]:
    """``parsed(text, spec="doc.txt", strict=False)`` → the parsed ``Witness``."""
    return parse_text
