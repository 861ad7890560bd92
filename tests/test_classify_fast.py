"""The short cuts ``classify`` and ``structure`` take on a long text give what the plain ways gave."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from redline import furniture, structure
from redline.model import Source, Witness, new_token


def tokens_on(lines: list[int]) -> tuple:
    return tuple(new_token(n, "w", "w", 2 * n, 2 * n + 1, line, 1, "typed", False, None, 0, None) for n, line in enumerate(lines))


@given(st.lists(st.integers(1, 80), max_size=40), st.lists(st.integers(0, 3), max_size=40), st.integers(0, 3))
def test_line_ends_are_where_the_next_word_starts_a_line(lengths, steps, first):
    """From the runs of the lines, found both ways ``furniture._runs`` has (a column compared for short
    lines, bisection for long ones)."""
    lines: list[int] = []
    line = first
    for n, length in enumerate(lengths):
        line += steps[n] if n < len(steps) and steps[n] else 1
        lines += [line] * length
    expected = [i for i in range(len(lines) - 1) if lines[i + 1] != lines[i]]
    witness = Witness(Source("t.txt", "", 1, 1, 0, 0), tokens_on(lines))
    assert structure._line_ends(furniture.line_runs(witness)) == expected
