"""The JSON renderer's shortcuts write what the standard encoder writes."""

from __future__ import annotations

import math

import pytest

from redline.render import json as rj

DETAILS = [
    {"hand_reasons": "among-furniture"},
    {"ratio": 0.8333333333333334, "same": True, "words": ["No-10", "NO.", "10"], "none": None},
    {"text": "café “quoted” \u2028 \x1b[31m \\ \"", "n": -3, "big": 10**30, "nested": {"a": [1, 2.5, {"b": []}]}},
    {"nan": math.nan, "inf": -math.inf},
    {},
]


@pytest.mark.parametrize("detail", DETAILS)
def test_an_edit_detail_is_written_as_the_one_line_encoder_writes_it(detail):
    assert rj._detail_line(detail) == rj._ONE_LINE(detail)


def test_without_the_c_encoder_the_detail_goes_to_the_one_line_encoder(monkeypatch):
    monkeypatch.setattr(rj, "_DETAIL", None)
    assert rj._detail_line(DETAILS[2]) == rj._ONE_LINE(DETAILS[2])


def test_a_detail_that_cannot_be_written_is_refused_and_the_next_is_written():
    with pytest.raises(TypeError):
        rj._detail_line({"x": [object()]})
    assert rj._detail_line(DETAILS[1]) == rj._ONE_LINE(DETAILS[1])


def test_numbers_kept_as_text_are_their_decimal_text():
    decimal = rj._Decimal()
    assert [decimal[n] for n in (0, 7, 7, 12345, -2)] == ["0", "7", "7", "12345", "-2"]
    assert len(decimal) == 4
