"""The move search finds exactly the runs the straightforward search found.

``align._common_runs`` works out the starts of runs once per pair of grams and
compares a run as one slice; the reference below tries every indexed place for
every final gram and extends each run word by word. Both must return the same
runs in the same order, for moves (``shortest`` 3) and local transpositions (2).
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections import Counter
from types import SimpleNamespace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redline import align as align_module
from redline.align import STOPWORDS, AlignOptions

SCALE = int(os.environ.get("REDLINE_EXAMPLES", "0")) or None
CHECK = settings(max_examples=SCALE or 300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def reference_common_runs(d_tok, f_tok, free_d, free_f, shortest, options, anchor_f):
    """The original search: each final gram tried at the ``NEAREST`` run starts nearest its anchor."""
    if not free_d or not free_f:
        return []
    local = shortest < options.min_move
    dk = [t.key for t in d_tok]
    fk = [t.key for t in f_tok]
    fd = bytearray(len(dk) + 1)
    ff = bytearray(len(fk) + 1)
    for x in free_d:
        fd[x] = 1
    for y in free_f:
        ff[y] = 1
    index: dict = {}
    for run in _segments(free_d):
        x0 = run[0]
        for s in range(len(run) - shortest + 1):
            index.setdefault(tuple(dk[x0 + s : x0 + s + shortest]), []).append(x0 + s)
    if local:
        counts = Counter(dk) + Counter(fk)
        unique = {k: v == 2 for k, v in counts.items()}
    found = set()
    for run in _segments(free_f):
        y0 = run[0]
        for s in range(len(run) - shortest + 1):
            y = y0 + s
            bucket = index.get(tuple(fk[y : y + shortest]))
            if not bucket:
                continue
            bucket = [x for x in bucket if not (ff[y - 1] and fd[x - 1] and dk[x - 1] == fk[y - 1])]
            near = align_module.NEAREST
            if len(bucket) > near:
                k = min(max(0, bisect_left(bucket, anchor_f.get(y, 0)) - near // 2), len(bucket) - near)
                bucket = bucket[k : k + near]
            for x in bucket:
                n = 0
                while fd[x + n] and ff[y + n] and dk[x + n] == fk[y + n]:
                    n += 1
                if n < shortest or all(k in STOPWORDS for k in dk[x : x + n]):
                    continue
                if local and abs(anchor_f.get(y, x) - x) > options.local_window and not all(unique.get(k) for k in dk[x : x + n]):
                    continue
                found.add((x, y, n))
    return sorted(found, key=lambda r: (-r[2], r[0], r[1]))


VOCAB = ["a", "b", "c", "the", "of", "and", "x1", "y2", "z3"]


@st.composite
def problems(draw):
    """Two key sequences from a small vocabulary (so runs repeat), with free words marked on each side."""
    d = draw(st.lists(st.sampled_from(VOCAB), min_size=1, max_size=120))
    f = draw(st.one_of(st.lists(st.sampled_from(VOCAB), min_size=1, max_size=120), st.just(d * 2)))
    free_d = sorted(draw(st.sets(st.integers(0, len(d) - 1))))
    free_f = sorted(draw(st.sets(st.integers(0, len(f) - 1))))
    anchor_f = {y: draw(st.integers(-1, len(d) - 1)) for y in free_f if draw(st.booleans())}
    return d, f, free_d, free_f, anchor_f


def _segments(indices):
    """Sorted indices cut into runs of consecutive numbers: the free words as ``_common_runs`` takes them."""
    runs: list[list[int]] = []
    for k in sorted(indices):
        if runs and runs[-1][-1] + 1 == k:
            runs[-1].append(k)
        else:
            runs.append([k])
    return runs


def _tokens(keys):
    return [SimpleNamespace(key=k) for k in keys]


def _stretches(args):
    """``_common_runs`` takes the free words as runs of consecutive indices."""
    d_tok, f_tok, free_d, free_f, *rest = args
    return (d_tok, f_tok, _segments(free_d), _segments(free_f), *rest)


@CHECK
@given(problems(), st.sampled_from([2, 3]), st.integers(1, 12))
def test_common_runs_match_the_reference(problem, shortest, window):
    d, f, free_d, free_f, anchor_f = problem
    options = AlignOptions(local_window=window)
    args = (_tokens(d), _tokens(f), free_d, free_f, shortest, options, anchor_f)
    assert align_module._common_runs(*_stretches(args)) == reference_common_runs(*args)


def test_common_runs_try_a_gram_at_the_nearest_places_only():
    d = ["x1", "y2", "z3", "b"] * 100
    f = ["x1", "y2", "z3", "c"] * 3
    args = (_tokens(d), _tokens(f), list(range(len(d))), list(range(len(f))), 3, AlignOptions(), {})
    runs = align_module._common_runs(*_stretches(args))
    assert runs == reference_common_runs(*args)
    assert len(runs) == 3 * align_module.NEAREST


def test_a_late_copy_of_a_repeated_text_finds_its_move_in_its_own_copy():
    # 100 copies of a passage whose last three words the despatch moves to the front of
    # the next copy: every copy's moved words are found at its own place, not at the first few.
    block = ["w1", "w2", "w3", "w4", "m1", "m2", "m3"]
    d = block * 100
    f = [k for _ in range(100) for k in ["m1", "m2", "m3", "w1", "w2", "w3", "w4"]]
    free_d = [x for x in range(len(d)) if d[x].startswith("m")]
    free_f = [y for y in range(len(f)) if f[y].startswith("m")]
    anchor_f = {y: 7 * (y // 7) - 1 for y in free_f}  # after the last equal word of the copy before
    args = (_tokens(d), _tokens(f), free_d, free_f, 3, AlignOptions(), anchor_f)
    runs = align_module._common_runs(*_stretches(args))
    assert runs == reference_common_runs(*args)
    y = 7 * 90  # the 91st copy's moved words
    assert min(abs(x - anchor_f[y]) for x, yy, _n in runs if yy == y) <= 4
