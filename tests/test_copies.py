"""Several copies of one message in one file: each copy is read as the message read alone.

The alignment counts how often a word occurs to judge it (a word found once on each side, a
misreading found nowhere else); over a file of k copies every word occurs k times. These tests
compare a pair repeated k times with the pair itself: the edits must be the single pair's, k
times over, whatever the pair (no result is written down here).
"""

from __future__ import annotations

from collections import Counter

import pytest

from redline.api import compare, compare_witnesses, load, prepare
from redline.copies import Counts, copy_numbers, counted
from redline.manifest import load_manifest, samples_dir

PAIRS = {p.id: p for p in load_manifest(samples_dir() / "pairs.toml")}


def text_of(spec) -> str:
    lines = spec.path.read_text(encoding="utf-8").splitlines()
    return "\n".join(lines[spec.first - 1 : spec.last]).strip("\n")


def said(c) -> Counter:
    """What the edits say, without where they stand: kind, stage, rule, and both sides' words."""
    return Counter((e.kind, e.stage, e.rule, e.draft.text if e.draft else None, e.final.text if e.final else None)
                   for e in c.edits)


@pytest.mark.parametrize("pid", ["dec88", "oct88"])
@pytest.mark.parametrize("k", [2, 3])
def test_a_file_of_k_copies_gives_the_edits_of_one_copy_k_times(pid, k):
    pair = PAIRS[pid]
    draft, final = text_of(pair.draft), text_of(pair.final)
    one = compare(pair.draft.spec, pair.final.spec)
    many = compare_witnesses(load("d.txt", data=("\n\n".join([draft] * k) + "\n").encode()),
                             load("f.txt", data=("\n\n".join([final] * k) + "\n").encode()))
    assert said(many) == Counter({s: n * k for s, n in said(one).items()})


LETTER = ("SECRET\n\nFollowing for General Powell from Charles Powell.\n\n[DRAFT MESSAGE TO THE PRESIDENT]\n\n"
          "Dear Ron,\n\nWe shall have to reach a decision very soon.\n\nYours ever\n\nMargaret\n\n"
          "I feel sure that you will agree that this is a vital point\n\n")


def copies_of(text: str, other: str = "We shall reach a decision.") -> list[tuple[int, str]]:
    w, _ = prepare(load("d.txt", data=text.encode()), load("f.txt", data=other.encode()))
    words = [t for t in w.tokens if t.furniture is None]
    return [(c, t.text) for c, t in zip(copy_numbers(w.tokens), words)]


def test_a_copy_takes_its_covering_line_and_leaves_the_postscript_to_the_one_before():
    numbered = copies_of(LETTER * 2)
    first = [w for c, w in numbered if c == 0]
    assert first[:2] == ["Following", "for"] and first[-3:] == ["a", "vital", "point"]
    assert [w for c, w in numbered if c == 1] == first


def test_without_a_closing_a_file_is_one_copy():
    """A telegram's own lines before the letter it carries, or a salutation quoted in the text,
    begin no copy: only a closing ends one."""
    text = "FOLLOWING FOR GENERAL POWELL.\n\nDEAR RON,\n\nWE AGREE.\n\nDear Ron, he wrote.\n\nWE AGREE.\n"
    assert {c for c, _ in copies_of(text)} == {0}


def test_words_are_counted_per_copy_only_when_the_copies_correspond():
    keys = ["dear", "ron", "we", "agree"]
    two = [0] * 4 + [1] * 4
    split = counted(keys * 2, keys * 2, two, two, [(0, 0, 8)])
    assert split.split and split.both[1]["agree"] == 2
    uneven = counted(keys * 2, keys, two, [0] * 4, [(0, 0, 4)])  # two copies against one
    assert not uneven.split and uneven.both[0]["agree"] == 3
    crossed = counted(keys * 2, keys * 2, two, two, [(0, 4, 4)])  # the draft's first copy is the despatch's second
    assert not crossed.split


BODY = "We face a very important decision on how to deal with the Soviet proposal for a conference in Moscow on human rights."


def test_copies_whose_first_lines_fall_differently_still_read_a_misreading_as_one():
    """Page furniture before the second copy's covering line on the despatch only: the line starts
    that copy there but stays with the first on the draft. Its misread word is a variant still."""
    draft = f"Dear Ron,\n\n{BODY}\n\nYours ever\n\nMargaret\n\nFolowing for General Powell.\n\nDear Ron,\n\n{BODY}\n\nYours ever\n"
    final = (f"DEAR RON,\n\n{BODY.upper()}\n\nYOURS EVER\n\nMARGARET\n\nSECRET\n\nFOLLOWING FOR GENERAL POWELL.\n\n"
             f"DEAR RON,\n\n{BODY.upper()}\n\nYOURS EVER\n")
    c = compare_witnesses(load("d.txt", data=draft.encode()), load("f.txt", data=final.encode()))
    assert [(e.kind, e.draft.text, e.final.text) for e in c.edits] == [("variant", "Folowing", "FOLLOWING")]


def test_ranges_that_take_in_another_letter_on_one_side_keep_the_pairs_readings():
    """A draft range that starts in the letter before, against a despatch range holding two copies:
    the copies do not correspond, and the pair's variant readings are found as in the pair alone."""
    pair = PAIRS["oct88"]
    path = pair.draft.path
    alone = {(e.draft.text, e.final.text) for e in compare(pair.draft.spec, pair.final.spec).edits if e.kind == "variant"}
    wide = compare(f"{path}:{pair.draft.first - 12}-{pair.draft.last}", f"{path}:1-65")
    assert alone and alone <= {(e.draft.text, e.final.text) for e in wide.edits if e.kind == "variant"}


def test_a_gap_too_large_to_search_is_not_cut_into_pieces_that_are_not():
    from redline.align import _within_copies

    counts = Counts([Counter()] * 2, [Counter()] * 2, [Counter()] * 2, [0, 0, 1, 1], [0, 0, 1, 1])
    gap = ([0, 1, 2, 3], [0, 1, 2, 3], "both")
    assert _within_copies([gap], counts, max_cells=4) == [gap]
    assert _within_copies([gap], counts, max_cells=16) == [([0, 1], [0, 1], "both"), ([2, 3], [2, 3], "both")]


def test_a_file_with_more_copies_than_the_other_says_so_and_where_they_begin():
    """Two copies of a letter against one: compared whole, the second copy reads as dropped; the note says
    why and names the line the second copy begins on. As many copies on each side: no note."""
    from redline.api import compare_texts

    letter = "SECRET\n\nDear Mr President,\n\nOur officials should meet in Paris.\n\nYours sincerely,\n\nHarold\n"
    two = letter + "\n" + letter
    notes = [n.message for n in compare_texts(two, letter).draft.notices if "copies" in n.message]
    assert len(notes) == 1 and "the draft holds 2 copies" in notes[0] and "l. 13" in notes[0]  # its salutation; SECRET above it is furniture
    notes = [n.message for n in compare_texts(letter, two).final.notices if "copies" in n.message]
    assert len(notes) == 1 and "the despatch holds 2 copies" in notes[0]
    c = compare_texts(two, two.replace("Paris", "London"))
    assert not any("copies" in n.message for n in (*c.draft.notices, *c.final.notices))
    c = compare_texts(letter, letter.replace("Paris", "London"))
    assert not any("copies" in n.message for n in (*c.draft.notices, *c.final.notices))


def test_a_telegram_whose_closing_bt_follows_the_signature_is_one_copy():
    """``BT`` after the signature, in its paragraph, closes the telegram: a copy of a message holds more
    than a signature, so no note of two copies."""
    from redline.api import compare_texts

    draft = "SECRET\n\nDear Ron,\n\nI was glad to have your message about the talks and I agree that we should meet soon.\n\nYours ever\n\nMargaret\n"
    sent = ("SECRET\nO 121530Z JAN 87\nFM FCO\nTO IMMEDIATE WASHINGTON\nBT\nDEAR RON,\n\nI WAS GLAD TO HAVE YOUR MESSAGE "
            "ABOUT THE TALKS AND I AGREE THAT WE SHOULD MEET SOON.\n\nYOURS EVER\n\nMARGARET\nBT\n")
    c = compare_texts(draft, sent)
    assert not any("copies" in n.message for n in (*c.draft.notices, *c.final.notices))
