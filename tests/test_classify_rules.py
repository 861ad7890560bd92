"""The page rules decide a run by its ``_case`` alone, which is what lets ``classify`` work out
each case's rule once (``classify._page_rule``) instead of calling every rule for every run."""

from __future__ import annotations

from itertools import product

import pytest

from redline.classify import RULES, Run, _case, _page_rule
from redline.model import LAYERS, Token


def run_of(layer: str, linked: bool, inferred: bool, words: list[str], para: int, first: int) -> Run:
    tokens = tuple(
        Token(first + n, w, w.lower(), 10 * n, 10 * n + len(w), para + 1, 1, layer, inferred, None, para)
        for n, w in enumerate(words)
    )
    return Run(tokens, linked, None)


CASES = list(product(LAYERS, (False, True), (False, True)))


@pytest.mark.parametrize("layer, linked, inferred", CASES)
def test_every_rule_gives_one_verdict_for_runs_of_one_case(layer, linked, inferred):
    a = run_of(layer, linked, inferred, ["can", "no", "longer", "delay"], 0, 0)
    b = run_of(layer, linked, inferred, ["Margaret"], 7, 300)
    assert _case(a) == _case(b)
    for name, rule in RULES.items():
        assert rule(a) == rule(b), name


@pytest.mark.parametrize("layer, linked, inferred", CASES)
def test_the_remembered_rule_is_the_first_that_fires(layer, linked, inferred):
    run = run_of(layer, linked, inferred, ["shall", "have", "to", "reach"], 2, 40)
    first = next(((name, v) for name, rule in RULES.items() if (v := rule(run)) is not None), None)
    known: dict = {}
    assert _page_rule(run, known) == first
    assert _page_rule(run, known) == first and len(known) == 1


def test_each_page_edit_kind_has_a_rule():
    kinds = {v.kind for case in CASES if (fired := _page_rule(run_of(*case, ["word"], 0, 0), {})) for _, v in [fired]}
    assert kinds == {"struck", "inserted", "handwritten"}
