"""``model.maker`` builds frozen values at less than half the cost of their ``__init__``:
it must take the fields in order and give the same frozen, hashable values."""

from __future__ import annotations

import dataclasses

import pytest

from redline.classify import Run
from redline.hands import Paragraph
from redline.model import Edit, Link, Op, Span, Token, maker, new_link, new_token, with_furniture

VALUES = {
    Token: (3, "Ron,", "ron", 10, 14, 2, 5, "hand", True, "stamp", 1, "bold"),
    Link: (3, 4, "variant", "ocr-similar", 0.73),
    Span: ((1, 2), "can no", 5, 11, 1, 6),
    Edit: ("E1a2b3c", "struck", "draft", True, "marked", "struck-on-page", None, None, "marked", {"k": 1}),
    Run: ((), True, None),
    Op: ("equal", (1, 2), (3, 4)),
    Paragraph: ((), True, False, True, True, False, True, "we & they"),
}


@pytest.mark.parametrize("cls", list(VALUES))
def test_a_maker_gives_the_value_the_class_gives_and_it_stays_frozen(cls):
    values = VALUES[cls]
    made = maker(cls)(*values)
    assert type(made) is cls
    assert made == cls(*values) and repr(made) == repr(cls(*values))
    assert [getattr(made, f.name) for f in dataclasses.fields(cls)] == list(values)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, dataclasses.fields(cls)[0].name, values[0])


def test_a_maker_takes_every_field():
    with pytest.raises(TypeError):
        maker(Link)(1, 2)


def test_tokens_and_links_hash_as_the_classes_do():
    values = VALUES[Token]
    assert hash(new_token(*values)) == hash(Token(*values))
    assert new_link(1, 2, "equal", "diff", 1.0) == Link(1, 2)


def test_with_furniture_is_replace():
    t = Token(0, "SECRET", "secret", 0, 6, 1, 1, "typed", False, None, 0, "heading")
    assert with_furniture(t, "classification") == dataclasses.replace(t, furniture="classification")


@pytest.mark.parametrize("texts", [["we", "can", "no"], ["under-\nstand", "it"], ["a\x07b", "c"], [], ["", "x"]])
def test_displays_are_each_tokens_display_whether_or_not_every_word_is_printable(texts):
    from redline.model import displays

    tokens = [new_token(n, w, w, 0, 1, 1, 1, "typed", False, None, 0, None) for n, w in enumerate(texts)]
    assert displays(tokens) == [t.display for t in tokens]


def test_a_witness_or_alignment_made_by_replace_has_a_memo_of_its_own():
    """What is worked out once from a value (its pages, its columns, its maps) belongs to that value:
    ``replace`` with other tokens or links must not hand the new value the old one's answers."""
    from dataclasses import replace

    from redline.api import load
    from redline.model import Alignment

    w = load("a.txt", data=b"one two three\n\n- 2 -\n\nfour five\n")
    assert w.memo("pages", lambda: "from all five words") == "from all five words"
    shorter = replace(w, tokens=w.tokens[:2])
    assert shorter.memo("pages", lambda: "from two words") == "from two words"
    a = Alignment((), ())
    a.memo("draft_map", dict)
    assert replace(a, method="other")._memo == {}
