"""A drop and an addition that each run across paragraph breaks: which draft words the despatch
replaced by which, paragraph by paragraph (``classify._paragraph_by_paragraph``).

The texts are a printed book's two editions made up for the test (a chapter with a footnote),
not archive material: the rule must hold for any text with paragraphs."""

from __future__ import annotations

from redline.api import compare_texts


def edits(a: str, b: str) -> list[tuple[str, str | None, str | None]]:
    return [(e.kind, e.draft.text if e.draft else None, e.final.text if e.final else None) for e in compare_texts(a, b).edits]


BOOK = ("CHAPTER II.\n\nThe warp is wound evenly upon the beam, as the footnote says.\n\n"
        "* The hand-loom is meant throughout; the power-loom is treated in Chapter {0}\n\n"
        "{1} things are wanted: patience, a steady treadle, and good flax.\n")


def test_a_change_on_each_side_of_a_paragraph_break_is_two_substitutions():
    got = edits(BOOK.format("IX.", "Three"), BOOK.format("X.", "Four"))
    assert got == [("substituted", "IX.", "X."), ("substituted", "Three", "Four")]


def test_three_paragraphs_each_replaced_pair_in_order():
    a = "We met.\n\nalpha beta\n\ngamma delta\n\nepsilon zeta\n\nThey left.\n"
    b = "We met.\n\none two\n\nthree four\n\nfive six\n\nThey left.\n"
    assert edits(a, b) == [("substituted", "alpha beta", "one two"), ("substituted", "gamma delta", "three four"),
                           ("substituted", "epsilon zeta", "five six")]


def test_unequal_paragraph_counts_keep_one_substitution_and_one_drop():
    """Two draft paragraphs replaced by one: nothing says which draft paragraph the words stand
    for, and the reading is as before (the last drop meets the addition)."""
    a = "We met.\n\nalpha beta\n\ngamma delta\n\nThey left.\n"
    b = "We met.\n\none two three four\n\nThey left.\n"
    assert edits(a, b) == [("struck", "alpha beta", None), ("substituted", "gamma delta", "one two three four")]


def test_a_typed_and_a_manuscript_drop_in_one_paragraph_are_not_paired_by_paragraph():
    """Two drops of one paragraph (words in a hand, then typed words) and an addition across two
    despatched paragraphs: the order of the drops says nothing of the addition's paragraphs."""
    a = "We met.\n\n*alpha beta*\ngamma delta\n\nThey left.\n"  # a hand's line, then a typed one
    b = "We met.\n\none two\n\nthree four\n\nThey left.\n"
    got = edits(a, b)
    assert ("substituted", "alpha beta", "one two") not in got and ("substituted", "gamma delta", "three four") not in got
    assert [e for e in got if e[0] == "substituted"] == [("substituted", "gamma delta", "one two three four")]
