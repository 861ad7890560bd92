"""Token diff: the only module that touches diff-match-patch.

Each distinct comparison key is encoded as one character (the library's
lines-to-chars trick applied to words), so the diff runs on words, not
characters, and it never times out: the library's default one-second timeout
would silently turn a long diff into "delete everything, insert everything".

A diff whose estimated work is large is first cut at anchor words (patience
style), the pieces diffed without cleanup and the semantic cleanup run once over
the whole, in linear time; the method used is returned and recorded in
``stats["method"]``. The only coarser fallback (``+banded``) is named there and
warned about on standard error: redline never degrades silently.
"""

from __future__ import annotations

import bisect
from collections import Counter
from itertools import chain, compress
from typing import Sequence

from diff_match_patch import diff_match_patch

from .budget import check


def _code(n: int) -> str:
    """The n-th character used for a key: all letters (CJK ideographs), so the library's
    word-boundary heuristics treat every token alike; never whitespace or a line break."""
    if n < 0x9FFF - 0x4E00:
        return chr(0x4E00 + n)
    n -= 0x9FFF - 0x4E00
    return chr(0x20000 + n)  # CJK extensions B onward: room for ~900 000 more distinct words


def encode(keys_a: Sequence[str], keys_b: Sequence[str]) -> tuple[str, str]:
    """Map each distinct key to one character.

    >>> a, b = encode(["a", "b", "a"], ["b", "c"])
    >>> a[0] == a[2] == chr(0x4E00), b[0] == a[1], len(set(a + b))
    (True, True, 3)
    """
    table = {k: _code(n) for n, k in enumerate(dict.fromkeys(chain(keys_a, keys_b)))}  # first seen, first coded
    return "".join(map(table.__getitem__, keys_a)), "".join(map(table.__getitem__, keys_b))


def encode_counted(keys_a: Sequence[str], keys_b: Sequence[str]) -> tuple[str, str, Counter, Counter]:
    """``encode``, with how often each key occurs on each side.

    A ``Counter`` keeps its keys in the order first seen, so the two sides' counts give the table
    of ``encode`` without another pass over the words (a ``dict.fromkeys`` of 300 k keys).

    >>> a, b, ca, cb = encode_counted(["a", "b", "a"], ["b", "c"])
    >>> (a, b) == encode(["a", "b", "a"], ["b", "c"]), ca["a"], cb["c"]
    (True, 2, 1)
    """
    count_a, count_b = Counter(keys_a), Counter(keys_b)
    table = {k: _code(n) for n, k in enumerate(dict.fromkeys(chain(count_a, count_b)))}  # first seen, first coded
    return "".join(map(table.__getitem__, keys_a)), "".join(map(table.__getitem__, keys_b)), count_a, count_b


try:  # the C++ build of the same library (the ``fast`` extra): identical results, far faster on long texts
    import fast_diff_match_patch as _fast
except ImportError:  # not installed (no wheel for this platform): the pure-Python library, a required dependency
    _fast = None


_OPS = {"=": 0, "-": -1, "+": 1}


def diff_runs(a: str, b: str) -> list[tuple[int, int]]:
    """``(op, length)`` runs of a semantic-cleaned token diff, op in -1, 0, 1 (no time limit)."""
    return _runs(a, b, semantic=True, fast=_fast is not None)


def diff_runs_python(a: str, b: str) -> list[tuple[int, int]]:
    """The same diff with the pure-Python library (the reference implementation)."""
    return _runs(a, b, semantic=True, fast=False)


def _runs(a: str, b: str, semantic: bool, fast: bool) -> list[tuple[int, int]]:
    """The diff's ``(op, length)`` runs, with or without the semantic cleanup, from the C++ build or the Python library."""
    if fast:
        cleanup = "Semantic" if semantic else "No"
        return [(_OPS[op], n) for op, n in _fast.diff(a, b, timelimit=0, checklines=False, cleanup=cleanup, counts_only=True)]
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    diffs = dmp.diff_main(a, b, False)
    if semantic:
        dmp.diff_cleanupSemantic(diffs)
    return [(op, len(text)) for op, text in diffs]


ANCHOR_WORK = 50_000_000
"""Above this estimated work ((N + M) × a lower bound of the edit distance; the C++ bisect
does ~1e9 units a second) the diff is cut at anchor words first (``dmp-tokens+anchors``)."""


LEAF = 2_000
"""Pieces with fewer tokens than this (both sides together) are diffed whole."""


BANDED_WORK = 200_000_000
"""An anchor-less piece dearer than this is cut into proportional bands of ``LEAF // 2``
tokens, each diffed alone: linear time but coarser (``+banded``; redline warns)."""


def diff_tokens(a: str, b: str, counts: tuple[Counter, Counter] | None = None,
                words: tuple[Sequence[str], Sequence[str]] | None = None) -> tuple[list[tuple[int, int]], str]:
    """The token diff and the method used.

    ``dmp-tokens``: one diff of the whole (``diff_runs``). ``dmp-tokens+anchors``: the diff
    would be dear, so it is cut first at words that occur as often on both sides (unique
    ones first, patience-style, kept in order), the pieces are diffed without cleanup and
    the semantic cleanup runs once over the whole; on every input measured (the sample
    pairs, the dec88 pair repeated up to 276 times) the runs are identical to one diff.
    The choice depends on the inputs only, never on a clock, so every machine gives the
    same answer. ``words``: the keys that ``a`` and ``b`` code, one a character (``encode``),
    when the caller has them; ``counts``: how often each token occurs in ``a`` and in ``b``
    (by the names ``words`` gives them, when given), when known.

    With ``words``, the anchors are looked for in the lists of keys, not in the coded strings:
    the same tokens under other names, so the same anchors, but a list holds its strings
    already, where each character read from a string of CJK codes is made anew (the top
    level's anchors on darwin150k: 40 -> 33 ms).
    """
    if work_estimate(a, b, counts) <= ANCHOR_WORK:
        return diff_runs(a, b), "dmp-tokens"
    pieces: list[tuple] = []
    _pieces(a, b, 0, len(a), 0, len(b), pieces, 0, counts if words else None, words)
    method = "dmp-tokens+anchors+banded" if any(len(p) == 5 for p in pieces) else "dmp-tokens+anchors"
    diffs = _stitch(a, b, [p[:4] for p in pieces])
    cleanup_semantic(diffs)
    return [(op, len(t)) for op, t in diffs], method


def work_estimate(a: str, b: str, counts: tuple[Counter, Counter] | None = None) -> int:
    """(N + M) × a lower bound of the edit distance (tokens in one text's multiset but not the other's).

    Myers' bisect costs O((N + M) · D); D is at least the multiset difference, so
    this estimate is cheap, deterministic and never above the truth by much for
    real drafts (whose edits are mostly insertions and deletions, not reorderings).
    ``counts`` are ``Counter(a), Counter(b)`` (or the same counts by any other names of the
    tokens), when the caller has them.
    """
    ca, cb = counts or (Counter(a), Counter(b))
    d = sum((ca - cb).values()) + sum((cb - ca).values())
    return (len(a) + len(b)) * max(d, 1)


def _anchors(a: Sequence[str], b: Sequence[str], lo_a: int, hi_a: int, lo_b: int, hi_b: int,
             counts: tuple[Counter, Counter] | None = None) -> list[tuple[int, int]]:
    """Anchor pairs in ``a[lo_a:hi_a]`` × ``b[lo_b:hi_b]``, in order (``a`` and ``b``: coded strings,
    or the lists of the keys they code).

    Tokens unique on both sides first (patience diff). When there are none, tokens that
    occur equally often on both sides, the k-th occurrence paired with the k-th (a
    document pasted twice, a text repeated): the longest in-order chain of those.

    Each side is counted in C (``Counter`` of the slice), and only the chosen tokens' places
    are found (``compress``, in C): no list of places for every token of a 150 k-word side, which
    cost 30 ms a side. The pairs come out in the order of ``a`` (the k-th occurrence on one side
    taken with the k-th on the other), so they need no sort. ``counts``: how often each token
    occurs in the two slices, when known (the whole strings' counts, from ``diff_tokens``).
    """
    sa, sb = a[lo_a:hi_a], b[lo_b:hi_b]
    count_a, count_b = counts or (Counter(sa), Counter(sb))
    for unique in (True, False):
        chosen = {c for c, n in count_a.items() if count_b.get(c) == n and (n == 1 or not unique)}
        if not chosen:
            continue
        at_a = list(compress(range(lo_a, hi_a), map(chosen.__contains__, sa)))
        at_b: dict[str, list[int]] = {}  # token -> its places in ``b``, in order
        for j in compress(range(lo_b, hi_b), map(chosen.__contains__, sb)):
            at_b.setdefault(b[j], []).append(j)
        nexts = {c: iter(js).__next__ for c, js in at_b.items()}
        partners = [nexts[a[i]]() for i in at_a]  # the k-th place in ``b`` of the token at the k-th place in ``a``
        keep = _longest_increasing(partners)
        return list(compress(zip(at_a, partners), map(keep.__contains__, range(len(partners)))))
    return []


def _pieces(a: str, b: str, lo_a: int, hi_a: int, lo_b: int, hi_b: int, out: list[tuple], depth: int = 0,
            counts: tuple[Counter, Counter] | None = None, words: tuple[Sequence[str], Sequence[str]] | None = None) -> None:
    """Cut the problem at anchors, recursively, into pieces small enough (or anchor-less) to diff whole.
    ``words``: the keys ``a`` and ``b`` code, where the anchors are looked for (see ``diff_tokens``);
    ``counts``: how often each occurs in the whole of each (at depth 0), when known."""
    if (hi_a - lo_a) + (hi_b - lo_b) <= LEAF:
        out.append((lo_a, hi_a, lo_b, hi_b))
        return
    check("diffing")
    chain = _anchors(*(words or (a, b)), lo_a, hi_a, lo_b, hi_b, counts) if depth <= 12 else []
    if not chain:
        if work_estimate(a[lo_a:hi_a], b[lo_b:hi_b]) <= BANDED_WORK:
            out.append((lo_a, hi_a, lo_b, hi_b))
            return
        la, lb = hi_a - lo_a, hi_b - lo_b
        k = -(-max(la, lb) // (LEAF // 2))
        for n in range(k):
            out.append((lo_a + la * n // k, lo_a + la * (n + 1) // k, lo_b + lb * n // k, lo_b + lb * (n + 1) // k, "banded"))
        return
    i0, j0 = lo_a, lo_b
    k = 0
    while k < len(chain):
        i, j = chain[k]
        if i > i0 or j > j0:
            _pieces(a, b, i0, i, j0, j, out, depth + 1, None, words)
        # Anchors in a row make one equal piece, and so do anchors with the same words between
        # them on both sides (a long stretch the texts share, with words too common to anchor).
        n, m = 1, 1  # the piece's length; anchors taken into it
        while k + m < len(chain):
            ni, nj = chain[k + m]
            if ni - i != nj - j or a[i + n : ni] != b[j + n : nj]:
                break
            n, m = ni - i + 1, m + 1
        out.append((i, i + n, j, j + n))
        i0, j0 = i + n, j + n
        k += m
    if i0 < hi_a or j0 < hi_b:
        _pieces(a, b, i0, hi_a, j0, hi_b, out, depth + 1, None, words)


def _stitch(a: str, b: str, pieces: list[tuple[int, int, int, int]]) -> list[tuple[int, str]]:
    """The pieces' raw diffs (no cleanup) as one diff, neighbouring runs of one op joined.

    The pieces tile both texts in order, so runs of one op that follow each other are
    one stretch of their text: each is kept as its bounds, and sliced once at the end.
    A piece's diff depends on its two strings alone, so a piece that another repeats (a text of
    many copies of a message, or a short change a book makes again and again) is diffed once
    (``done``): dec88x276 is cut into 9 937 pieces, 4 969 of them to diff, 20 distinct (stitched in
    84-95 -> 15-25 ms); darwin150k into 2 524, 1 261 to diff, 536 distinct (19-27 -> 11-12 ms).
    """
    out: list[list[int]] = []  # [op, start, end]: of ``b`` for an insertion, else of ``a``
    fast = _fast is not None
    done: dict[tuple[str, str], list[tuple[int, int]]] = {}  # a piece's two strings -> their raw diff
    for lo_a, hi_a, lo_b, hi_b in pieces:
        check("diffing")  # a piece costs at most ``BANDED_WORK`` (~0.2 s): one check each
        x, y = a[lo_a:hi_a], b[lo_b:hi_b]
        pos_a, pos_b = lo_a, lo_b
        runs = [(0, len(x))] if x == y else done.get((x, y))
        if runs is None:
            runs = done[x, y] = _runs(x, y, semantic=False, fast=fast)
        for op, n in runs:
            if op == 1:
                at = pos_b
                pos_b += n
            else:
                at = pos_a
                pos_a += n
                if op == 0:
                    pos_b += n
            if out and out[-1][0] == op:
                out[-1][2] += n
            elif n:
                out.append([op, at, at + n])
    return [(op, b[start:end] if op == 1 else a[start:end]) for op, start, end in out]


def cleanup_semantic(diffs: list[tuple[int, str]]) -> None:
    """``diff_cleanupSemantic`` of the Python library, same result, in linear time.

    The library's first pass inserts into the middle of the list for every
    equality it eliminates and rescans whole edit stretches each time: quadratic
    on a long diff of unrelated texts. Here each stretch of edits is one node of a
    linked list holding its total lengths, so an elimination merges three nodes and
    a rescan steps over a stretch at once. (The test of an equality depends only on
    the stretches' total lengths, which grow monotonically, so testing once per
    stretch gives the same eliminations as testing after every entry.) The later
    passes (merge, lossless shifts) are the library's own; the overlap pass is
    rebuilt without list insertions.
    """
    # nodes: [kind, text-or-None, del_parts, ins_parts, dl, il, prev, next]
    nodes: list[list] = []
    for op, text in diffs:
        if op == 0:
            nodes.append([0, text, None, None, 0, 0])
        elif nodes and nodes[-1][0] == 1:
            st = nodes[-1]
            (st[2] if op == -1 else st[3]).append(text)
            st[4 if op == -1 else 5] += len(text)
        else:
            nodes.append([1, None, [text] if op == -1 else [], [text] if op == 1 else [], len(text) if op == -1 else 0, len(text) if op == 1 else 0])
    n = len(nodes)
    prev = list(range(-1, n - 1))
    nxt = list(range(1, n + 1))
    nxt[-1:] = [-1] if n else []
    head = 0 if n else -1
    changes = False
    equalities: list[int] = []
    last_eq = -1
    ins1 = del1 = ins2 = del2 = 0
    node = head
    while node != -1:
        nd = nodes[node]
        if nd[0] == 0:
            equalities.append(node)
            ins1, ins2 = ins2, 0
            del1, del2 = del2, 0
            last_eq = node
            node = nxt[node]
            continue
        ins2 += nd[5]
        del2 += nd[4]
        if last_eq != -1:
            el = len(nodes[last_eq][1])
            if el <= max(ins1, del1) and el <= max(ins2, del2):
                # turn the equality into a deletion and an insertion, and merge it with its neighbours
                e = nodes[last_eq]
                before = prev[last_eq]
                if before != -1 and nodes[before][0] == 1:
                    # The stretch before leaves the list: its parts are taken over, not copied. A copy
                    # left the old list alive in ``nodes`` at every merge: on two unrelated texts, whose
                    # stretches merge again and again, memory grew as the square of the length
                    # (326 MB for one diff of 40 k words).
                    b_ = nodes[before]
                    merged = [1, None, b_[2], b_[3], b_[4], b_[5]]
                    b_[2] = b_[3] = None
                    start = prev[before]
                else:
                    merged = [1, None, [], [], 0, 0]
                    start = before
                merged[2].append(e[1])
                merged[3].append(e[1])
                merged[4] += len(e[1])
                merged[5] += len(e[1])
                merged[2] += nd[2]
                merged[3] += nd[3]
                merged[4] += nd[4]
                merged[5] += nd[5]
                nodes[node] = merged  # reuse the current stretch's slot
                prev[node] = start
                if start == -1:
                    head = node
                else:
                    nxt[start] = node
                equalities.pop()
                if equalities:
                    equalities.pop()
                ins1 = del1 = ins2 = del2 = 0
                last_eq = -1
                changes = True
                node = nxt[equalities[-1]] if equalities else head
                continue
        node = nxt[node]
    if changes:
        out: list[tuple[int, str]] = []
        node = head
        while node != -1:
            nd = nodes[node]
            if nd[0] == 0:
                out.append((0, nd[1]))
            else:
                if nd[4]:
                    out.append((-1, "".join(nd[2])))
                if nd[5]:
                    out.append((1, "".join(nd[3])))
            node = nxt[node]
        diffs[:] = out
    dmp = diff_match_patch()
    if changes:
        dmp.diff_cleanupMerge(diffs)
    dmp.diff_cleanupSemanticLossless(diffs)
    _overlaps(dmp, diffs)


def _overlaps(dmp: diff_match_patch, diffs: list[tuple[int, str]]) -> None:
    """The library's overlap pass (``<del>abcxxx</del><ins>xxxdef</ins>`` → ``<del>abc</del>xxx<ins>def</ins>``), into a new list."""
    out: list[tuple[int, str]] = list(diffs[:1])
    p = 1
    while p < len(diffs):
        if diffs[p - 1][0] != -1 or diffs[p][0] != 1:
            out.append(diffs[p])
            p += 1
            continue
        deletion, insertion = diffs[p - 1][1], diffs[p][1]
        o1 = dmp.diff_commonOverlap(deletion, insertion)
        o2 = dmp.diff_commonOverlap(insertion, deletion)
        if o1 >= o2 and (o1 >= len(deletion) / 2.0 or o1 >= len(insertion) / 2.0):
            out[-1] = (-1, deletion[: len(deletion) - o1])
            out += [(0, insertion[:o1]), (1, insertion[o1:])]
        elif o1 < o2 and (o2 >= len(deletion) / 2.0 or o2 >= len(insertion) / 2.0):
            out[-1] = (1, insertion[: len(insertion) - o2])
            out += [(0, deletion[:o2]), (-1, deletion[o2:])]
        else:
            out.append(diffs[p])
        if p + 1 < len(diffs):
            out.append(diffs[p + 1])
        p += 2  # the library steps past the pair it examined
    diffs[:] = out


def _longest_increasing(values: list[int]) -> set[int]:
    """Positions of one longest strictly increasing subsequence of ``values`` (patience sorting).

    >>> sorted(_longest_increasing([3, 1, 2, 5, 4]))  # the values 1, 2, 4
    [1, 2, 4]
    """
    tails: list[int] = []
    tail_pos: list[int] = []
    back: list[int] = [-1] * len(values)
    last = None  # tails[-1]: a value above it extends the longest chain, as most do in a near-sorted list
    bisect_left = bisect.bisect_left
    for pos, v in enumerate(values):
        if last is None or v > last:  # what ``bisect_left`` would find (k == len(tails)), without the call
            back[pos] = tail_pos[-1] if tail_pos else -1
            tails.append(v)
            tail_pos.append(pos)
            last = v
            continue
        k = bisect_left(tails, v)
        tails[k], tail_pos[k] = v, pos
        back[pos] = tail_pos[k - 1] if k else -1
        if k == len(tails) - 1:
            last = v
    keep: set[int] = set()
    pos = tail_pos[-1] if tail_pos else -1
    while pos >= 0:
        keep.add(pos)
        pos = back[pos]
    return keep


def common(a: str, b: str) -> list[tuple[int, int, int]]:
    """The equal runs of an exact token diff of ``a`` and ``b`` without cleanup: ``(i, j, n)``.

    Myers' diff (diff-match-patch with no time limit and no cleanup) is a shortest edit
    script, so its equal runs are a longest common subsequence of the two token strings.
    """
    out = []
    i = j = 0
    for op, n in _runs(a, b, semantic=False, fast=_fast is not None):
        if op == 0:
            out.append((i, j, n))
            i, j = i + n, j + n
        elif op == -1:
            i += n
        else:
            j += n
    return out
