"""``Token``'s hand-written ``__init__`` is the dataclass's, field for field."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from redline.model import Token, with_furniture


def test_the_slot_setters_follow_the_fields_in_order():
    assert Token.__slots__ == tuple(f.name for f in dataclasses.fields(Token))


def test_init_takes_the_fields_in_order_with_their_defaults():
    params = list(inspect.signature(Token.__init__).parameters.values())[1:]
    fields = dataclasses.fields(Token)
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


def test_with_furniture_is_replace():
    t = Token(0, "SECRET", "secret", 0, 6, 1, 1, "typed", False, None, 0, "heading")
    assert with_furniture(t, "classification") == dataclasses.replace(t, furniture="classification")
