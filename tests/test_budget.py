"""The time budget: a comparison past its deadline stops with one line, never hangs.

No test here measures time: the clock the budget reads is replaced by one that jumps, so a
deadline passes at the first check, on any machine.
"""

from __future__ import annotations


import pytest
from typer.testing import CliRunner

from redline import budget
from redline.api import Options, compare
from redline.cli import app
from redline.errors import RedlineError, UsageError

PAIR = ("samples/001_2bcad8b2cf3253a8.txt:80-128", "samples/001_2bcad8b2cf3253a8.txt:348-417")


def test_the_library_has_no_budget_by_default(fast_clock):
    assert Options().timeout is None
    assert compare(*PAIR).edits  # however slow the clock says it was


def test_a_comparison_past_its_budget_stops_with_one_line(fast_clock):
    with pytest.raises(budget.TimeBudgetExceeded) as caught:
        compare(*PAIR, options=Options(timeout=30))
    message = str(caught.value)
    assert isinstance(caught.value, RedlineError) and "\n" not in message
    assert message.startswith("gave up after 30 s (")
    assert message.endswith("raise --timeout or compare smaller parts (PATH:FIRST-LAST)")
    assert PAIR[0] in message and PAIR[1] in message  # which comparison gave up


def test_a_budget_must_be_positive():
    for bad in (0, -1, float("nan")):
        with pytest.raises(UsageError):
            Options(timeout=bad)


def test_an_inner_budget_never_extends_an_outer_one(fast_clock):
    with pytest.raises(budget.TimeBudgetExceeded) as caught:
        with budget.limit(10, "outer"):
            with budget.limit(10_000, "inner"):
                budget.check("working")
    assert "(working, comparing outer)" in str(caught.value)


def test_outside_a_budget_check_never_raises(fast_clock):
    budget.check("anything")
    with budget.limit(None):
        budget.check("anything")


def runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # click < 8.2
    except TypeError:
        return CliRunner()


@pytest.mark.parametrize("command", ["compare", "report", "cite"])
def test_the_cli_gives_up_with_exit_2_and_one_line(fast_clock, command):
    result = runner().invoke(app, [command, *PAIR, "--timeout", "5"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("redline: error: gave up after 5 s (") and result.stderr.count("\n") == 1
    assert result.stderr.endswith("raise --timeout or compare smaller parts (PATH:FIRST-LAST)\n")


def test_the_cli_has_a_budget_by_default_and_0_turns_it_off(fast_clock):
    assert runner().invoke(app, ["compare", *PAIR]).exit_code == 2  # the default budget, 600 s, ran out
    result = runner().invoke(app, ["compare", *PAIR, "--timeout", "0", "--format", "json"])
    assert result.exit_code == 0, result.stderr


def test_writing_the_report_looks_at_the_budget(monkeypatch):
    """The template's own output is checked as it is made, a block of pieces at a time: past the
    deadline, writing stops with one line naming the stage, not after the whole page."""
    from redline.render import html

    made: list[int] = []

    def pieces():
        for n in range(10_000):
            made.append(n)
            yield "<p>"

    monkeypatch.setattr(html, "BLOCK", 100)
    ticks = iter([0.0, 10.0] + [3600.0] * 10)  # the deadline is set at 0 + 30 s; the first look is in time, the next an hour on
    monkeypatch.setattr(budget.time, "monotonic", lambda: next(ticks))
    with budget.limit(30, "the sample pair"):
        with pytest.raises(budget.TimeBudgetExceeded) as caught:
            "".join(html._within_budget(pieces()))
    assert "writing the report" in str(caught.value)
    assert made == list(range(100)), "one block was made in time; the next was not begun"


def test_a_side_too_big_for_the_machines_memory_is_refused_before_work(monkeypatch):
    """--max-words may be raised past what the machine can hold: then the side is refused at once,
    with the memory it would need and the memory there is, not after filling the memory."""
    import redline.api as api

    monkeypatch.setattr(api, "available_memory", lambda: 10 * 2**20)  # 10 MiB free
    text = ("word " * 20_000).encode()  # 20 000 words: about 60 MiB at BYTES_A_WORD
    with pytest.raises(RedlineError) as caught:
        api.load("big.txt", data=text, options=Options(max_words=50_000))
    assert "needs about" in str(caught.value) and "GiB free" in str(caught.value)
    monkeypatch.setattr(api, "available_memory", lambda: None)  # unknown: no refusal
    assert api.load("big.txt", data=text, options=Options(max_words=50_000)).tokens
