"""The sample pairs' outputs match the golden files (regenerate with ``make golden``)."""

from __future__ import annotations

import pytest

from tests.golden_update import GOLDEN, outputs

CURRENT = outputs()


@pytest.mark.parametrize("name", sorted(CURRENT))
def test_output_matches_golden_file(name: str) -> None:
    expected = (GOLDEN / name).read_bytes().decode("utf-8")
    assert CURRENT[name] == expected, f"{name} changed: run `make golden` and review `git diff tests/golden`"
