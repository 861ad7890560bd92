"""The fast token constructors build exactly what the dataclass does."""

from __future__ import annotations

import dataclasses

import pytest

from redline.model import Token, new_token, with_furniture


def test_the_slot_setters_follow_the_fields_in_order():
    assert Token.__slots__ == tuple(f.name for f in dataclasses.fields(Token))


def test_new_token_equals_the_dataclass_and_stays_frozen():
    values = (3, "Ron,", "ron", 10, 14, 2, 5, "hand", True, "stamp", 1, "bold")
    t = new_token(*values)
    assert t == Token(*values)
    assert dataclasses.astuple(t) == values
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.key = "x"  # type: ignore[misc]


def test_with_furniture_is_replace():
    t = Token(0, "SECRET", "secret", 0, 6, 1, 1, "typed", False, None, 0, "heading")
    assert with_furniture(t, "classification") == dataclasses.replace(t, furniture="classification")
