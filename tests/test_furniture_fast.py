"""The short cuts ``furniture.mark`` takes on a long text give what the plain ways gave: runs found by
bisecting, words found by ``list.index``, a paragraph's one-line test by the line runs, and the line
rules given their line joined once."""

from __future__ import annotations

from typing import Sequence

from hypothesis import given
from hypothesis import strategies as st

from redline import furniture
from redline.model import new_token, runs_of

RUN_LENGTHS = st.lists(st.integers(1, 40), max_size=30)


@given(RUN_LENGTHS, st.lists(st.integers(0, 3), max_size=30))
def test_runs_are_the_runs_of_model(lengths, steps):
    numbers: list[int] = []
    value = 0
    for n, length in enumerate(lengths):
        value += steps[n] if n < len(steps) else 1
        numbers += [value] * length
    assert furniture._runs(numbers) == runs_of(numbers)


@given(st.lists(st.integers(0, 5), max_size=200))
def test_runs_of_any_numbers_are_the_runs_of_model(numbers):
    assert furniture._runs(numbers) == runs_of(numbers)


@given(st.lists(st.sampled_from(["typed", "hand", "bold", None]), max_size=60))
def test_positions_are_where_the_value_stands(values):
    assert list(furniture._positions(values, "hand")) == [k for k, v in enumerate(values) if v == "hand"]


WORDS = st.lists(st.sampled_from(["SECRET", "Secret", "- 2 -", "2", "/According", "SERIAL", "No.", "PERSONAL",
                                  "MESSAGE", ". .", "12/11/80", "6", "AB", "f", "the", "İİİİİİ", "...:"]), max_size=8)


@given(WORDS)
def test_a_rule_reads_a_line_given_joined_as_it_joins_it(words):
    for rule in furniture.LINE_RULES.values():
        assert rule(words, " ".join(words)) == rule(words)


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2)), max_size=40))
def test_a_paragraph_on_one_line_is_found_as_by_a_set_of_its_lines(places):
    """Paragraph and line numbers in any order: a paragraph may come back later, as ``mark`` finds them."""
    paras_of, lines = [p for p, _ in places], [line for _, line in places]
    paras: dict[int, Sequence[int]] = {}
    for p, ks in runs_of(paras_of):
        paras[p] = [*paras[p], *ks] if p in paras else ks
    expected = {p: len({lines[k] for k in ks}) == 1 for p, ks in paras.items()}
    tokens = [new_token(k, "w", "w", k, k + 1, line, 1, "typed", False, None, p, None) for k, (p, line) in enumerate(places)]
    assert furniture._on_one_line(paras, tokens, furniture._runs(lines)) == expected


def test_long_runs_are_found_by_bisecting_as_runs_of_finds_them():
    numbers = [0] * 40 + [1] * 40 + [5] * 40 + [6]
    assert numbers[-1] - numbers[0] <= len(numbers) // 16  # the bisecting way is taken
    assert furniture._runs(numbers) == runs_of(numbers)
    assert furniture._runs(numbers[::-1]) == runs_of(numbers[::-1])


@given(st.lists(st.sampled_from(["word", "UNDER-\nSTAND", "back-\r\n  sliding", "bell\x07", "tab\x0bbed", "café", "\u2028x"]),
                max_size=6))
def test_the_displays_mark_reads_are_each_tokens_display(texts):
    # mark reads model.displays, whose shortcut (one test of the texts joined) must give each word's display
    from redline.model import displays, new_token

    tokens = [new_token(k, text, "k", 0, len(text), 1, 1, "typed", False, None, 0, None) for k, text in enumerate(texts)]
    assert displays(tokens) == [t.display for t in tokens]
