"""The anchored token diff (``dmp-tokens+anchors``), which every long comparison takes.

It cuts the texts at anchor words, diffs the pieces and stitches them into one diff;
the stitched runs must still spell out both texts exactly, whatever the texts.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from redline import tokendiff


def _replay(runs, a, b):
    """Walk the runs over both texts: equal runs must match, and every character is used once."""
    i = j = 0
    for op, n in runs:
        assert n > 0
        if op == 0:
            assert a[i : i + n] == b[j : j + n]
            i, j = i + n, j + n
        elif op == -1:
            i += n
        else:
            j += n
    assert (i, j) == (len(a), len(b))


texts = st.text(alphabet="abcdefgh", min_size=0, max_size=300)


@settings(max_examples=200, deadline=None)
@given(texts, texts, st.integers(0, 3))
def test_anchored_runs_spell_out_both_texts(a, b, repeat):
    a, b = a * (repeat + 1), b * (repeat + 1)
    saved = tokendiff.ANCHOR_WORK, tokendiff.LEAF
    tokendiff.ANCHOR_WORK, tokendiff.LEAF = 0, 16  # every diff is anchored, into small pieces
    try:
        runs, method = tokendiff.diff_tokens(a, b)
    finally:
        tokendiff.ANCHOR_WORK, tokendiff.LEAF = saved
    _replay(runs, a, b)
    assert method.startswith("dmp-tokens")


def test_a_text_pasted_twice_with_one_change_in_each_copy_gives_just_those_changes():
    base = "".join(chr(0x4E00 + n) for n in range(400))
    a = base + base
    b = base[:100] + "X" + base[101:] + base[:300] + base[301:]
    saved = tokendiff.ANCHOR_WORK
    tokendiff.ANCHOR_WORK = 0
    try:
        runs, method = tokendiff.diff_tokens(a, b)
    finally:
        tokendiff.ANCHOR_WORK = saved
    assert method == "dmp-tokens+anchors"
    _replay(runs, a, b)
    assert sum(n for op, n in runs if op == -1) == 2 and sum(n for op, n in runs if op == 1) == 1
