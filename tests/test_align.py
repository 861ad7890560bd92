"""The alignment stage: token encoding, the diff backends, and no silent degradation."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from redline import tokendiff as align
from redline.api import compare, load
from redline.manifest import load_manifest, samples_dir

PAIRS = load_manifest(samples_dir() / "pairs.toml")


@pytest.mark.skipif(align._fast is None, reason="fast-diff-match-patch is not installed")
@pytest.mark.parametrize("pair", PAIRS, ids=[p.id for p in PAIRS])
def test_the_c_plus_plus_diff_gives_the_same_runs_as_the_reference_library(pair):
    d, f = load(pair.draft.spec), load(pair.final.spec)
    a, b = align.encode([t.key for t in d.tokens], [t.key for t in f.tokens])
    assert align.diff_runs(a, b) == align.diff_runs_python(a, b)


def test_encoding_never_uses_whitespace_or_surrogates():
    keys = [f"w{i}" for i in range(30_000)]
    a, _ = align.encode(keys, [])
    assert len(set(a)) == 30_000
    assert not any(ch.isspace() or 0xD800 <= ord(ch) <= 0xDFFF for ch in a)


def test_long_texts_are_never_cut_off_into_delete_everything():
    """diff-match-patch's default one-second timeout would return 'delete all, insert all'."""
    words = [f"word{i % 997}" for i in range(20_000)]
    changed = list(words)
    changed[10_000] = "CHANGED"
    a, b = align.encode(words, changed)
    runs = align.diff_runs(a, b)
    assert sum(n for op, n in runs if op == 0) == len(words) - 1


@pytest.mark.parametrize("draft_words", [("thorow", "thorou"), ("chvisage", "chvisaqe"), ("falle", "fallc")])
def test_a_despatched_word_read_as_a_variant_in_one_gap_is_not_taken_again_in_a_gap_over_it(draft_words):
    """A stretch over a paragraph break is searched as its first paragraph, then whole: a despatched
    word linked in the first search is taken, and no other draft word may claim it in the second."""
    from redline.align import AlignOptions, _find_variants
    from redline.model import Token

    def tok(i, text, layer):
        return Token(i, text, text.lower(), 0, len(text), 1, 1, layer)

    first, second = draft_words
    d_tok = [tok(0, first, "hand"), tok(1, second, "hand")]
    f_tok = [tok(0, first[:-1].upper() + "X", "typed")]
    links: dict = {}
    _find_variants(d_tok, f_tok, links, {}, [([0], [0], "left"), ([0, 1], [0], "both")], AlignOptions())
    assert [x for x, v in links.items() if v[0] == 0] == [0]


@pytest.mark.parametrize("links, extra", [
    ({}, {}),
    ({2: (2, "variant", "split-join", 1.0)}, {3: 2}),   # a split word: two despatched words
    ({}, {3: 2}),                                         # its first link dropped later: the second stays
    ({2: (3, "moved", "move", 1.0), 5: (2, "equal", "gap-match", 1.0)}, {}),
])
def test_links_are_made_in_draft_order_then_by_despatched_word(links, extra):
    """The diff's matches are kept as runs and made into links at the end, among the links found
    after the diff: all in the order of (draft word, despatched word), as one sorted list would give."""
    from redline.align import _made_links, _spans

    runs = [(0, 2), (-1, 1), (1, 2), (0, 2), (-1, 1)]  # d0-1 = f0-1; d2 | f2-3; d3-4 = f4-5; d5
    d_i, f_i = list(range(100, 106)), list(range(200, 206))
    expected = sorted(
        [(d_i[x + k], f_i[y + k], "equal", "diff") for op, x, y, n in _spans(runs) if op == 0 for k in range(n)]
        + [(d_i[x], f_i[y], rel, rule) for x, (y, rel, rule, _) in links.items()]
        + [(d_i[x], f_i[y], "variant", "split-join") for y, x in extra.items()]
    )
    seconds: dict = {}
    for y, x in extra.items():
        seconds.setdefault(x, []).append(y)
    made = _made_links(runs, links, seconds, d_i, f_i)
    assert [(l.draft, l.final, l.relation, l.rule) for l in made] == expected


def test_each_gap_has_the_match_before_it_even_with_empty_edits_in_the_diff():
    """The diff's cleanup can leave an edit of no words (its overlap pass); it opens no gap, and the
    gaps' anchors stay one a gap, each the draft word of the match just before it."""
    from redline.align import _gaps

    runs = [(0, 5), (-1, 0), (0, 1), (1, 0), (0, 6), (-1, 2), (1, 1), (0, 1), (1, 0), (-1, 1)]
    gaps, before = _gaps(runs)
    assert gaps == [([12, 13], [12]), ([15], [])]
    assert before == [11, 14]


DARWIN = tuple(str(Path(__file__).parent / "data" / "corpus" / "darwin" / f"darwin_origin_ch1_{y}.txt") for y in (1859, 1860))


@pytest.mark.skipif(align._fast is None, reason="fast-diff-match-patch is not installed")
@pytest.mark.parametrize(("pair", "anchored"), [((PAIRS[0].draft.spec, PAIRS[0].final.spec), False), (DARWIN, False), (DARWIN, True)],
                         ids=["dec88", "darwin 1859-1860", "darwin 1859-1860 anchored"])
def test_without_the_c_plus_plus_diff_every_output_is_the_same(pair, anchored, monkeypatch):
    """fast-diff-match-patch is an extra (``redline[fast]``): without it the pure-Python library runs every
    diff (whole, or cut at anchors into pieces) and the comparison is the same, edit for edit."""
    if anchored:
        monkeypatch.setattr(align, "ANCHOR_WORK", 0)  # every diff is cut at anchor words
    with_fast = compare(*pair).to_json()
    monkeypatch.setattr(align, "_fast", None)
    assert compare(*pair).to_json() == with_fast


def test_redline_falls_back_to_the_python_library_when_the_c_plus_plus_one_cannot_be_imported():
    code = ("import sys; sys.modules['fast_diff_match_patch'] = None\n"  # what an install without the extra sees
            "from redline import compare, tokendiff\n"
            "assert tokendiff._fast is None\n"
            f"print(compare({PAIRS[0].draft.spec!r}, {PAIRS[0].final.spec!r}).to_json())")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).parent.parent)
    assert json.loads(done.stdout) == json.loads(compare(PAIRS[0].draft.spec, PAIRS[0].final.spec).to_json())
