"""``Token`` and ``Link`` write out their dataclass ``__init__`` (over the slot setters, for speed):
it must take the fields in order with their defaults and give the same frozen values."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from redline.model import Link, Token, new_link, new_token, with_furniture


@pytest.mark.parametrize("cls", [Token, Link])
def test_the_written_out_inits_follow_the_fields(cls):
    assert cls.__slots__ == tuple(f.name for f in dataclasses.fields(cls))
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    fields = dataclasses.fields(cls)
    assert [p.name for p in params] == [f.name for f in fields]
    assert [p.default for p in params] == [inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default for f in fields]


def test_a_token_holds_what_it_was_given_and_stays_frozen():
    values = (3, "Ron,", "ron", 10, 14, 2, 5, "hand", True, "stamp", 1, "bold")
    t = Token(*values)
    assert dataclasses.astuple(t) == values
    assert t == Token(**{f.name: v for f, v in zip(dataclasses.fields(Token), values)})
    assert dataclasses.replace(t, layer="typed").layer == "typed"
    assert hash(t) == hash(Token(*values))
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.key = "x"  # type: ignore[misc]


def test_a_link_holds_what_it_was_given_and_stays_frozen():
    link = Link(3, 4, "variant", "ocr-similar", 0.73)
    assert dataclasses.astuple(link) == (3, 4, "variant", "ocr-similar", 0.73)
    assert Link(1, 2) == Link(draft=1, final=2, relation="equal", rule="diff", score=1.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        link.score = 1.0  # type: ignore[misc]


def test_with_furniture_is_replace():
    t = Token(0, "SECRET", "secret", 0, 6, 1, 1, "typed", False, None, 0, "heading")
    assert with_furniture(t, "classification") == dataclasses.replace(t, furniture="classification")


def test_new_token_and_new_link_make_the_same_frozen_values():
    values = (3, "Ron,", "ron", 10, 14, 2, 5, "hand", True, "stamp", 1, "bold")
    t = new_token(*values)
    assert type(t) is Token and t == Token(*values) and hash(t) == hash(Token(*values))
    assert dataclasses.astuple(t) == values
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.layer = "typed"  # type: ignore[misc]
    link = new_link(1, 2, "variant", "ocr-similar", 0.5)
    assert type(link) is Link and link == Link(1, 2, "variant", "ocr-similar", 0.5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        link.final = 3  # type: ignore[misc]
