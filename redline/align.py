"""Two witnesses → token links and a merged reading order.

The token diff (``tokendiff.py``, the only module that touches diff-match-patch)
links the words both texts share in order. Then four refinements, in this order:

1. moves: runs of words that the diff left unmatched on both sides but that
   stand at different places (a sentence the OCR put after the signature);
2. variants: inside each gap, words that are the same word read differently
   (``variants.py`` decides, with a small dynamic programme for order);
3. shared words: each gap diffed again, exactly, to link the words the diff's cleanup
   let go (``who [died] here {gave their lives} that [the] {that} nation``), unless the gap
   is a rewrite whose shared words are chance;
4. furniture tokens, kept out of the diff, are woven back into the reading order.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from itertools import groupby
from dataclasses import dataclass, replace
from operator import itemgetter
from typing import AbstractSet, Iterable, Iterator, Sequence

from .budget import check
from .copies import Counts, copies_of, counted
from .furniture import content
from .model import Alignment, Link, Op, Token, Witness, maker, new_link, runs_of
from .tokendiff import _longest_increasing, common as equal_runs, diff_runs, diff_tokens, encode, encode_counted
from .lexicon import common
from .variants import SPLIT_JOIN, Pairing, confusable, confusions, could_confuse, judge

__all__ = ["AlignOptions", "STOPWORDS", "align", "diff_runs", "encode"]

STOPWORDS = frozenset(
    """a about after all also am an and any are as at be been before being but by can could did do does
    for from had has have he her his i if in into is it its may me might more most must my no not now of
    on once only or other our ours out over own shall she should so some such than that the their them
    then there these they this those through to too under until up upon very was we were what when where
    which while who whom why will with would yet you your""".split()
)
"""Function words: a run made only of these is never evidence of a move or a match inside a rewrite."""


@dataclass(frozen=True, slots=True)
class AlignOptions:
    """Alignment settings.

    min_move: shortest run of words (3) reported as moved when far from its place.
    local_move: shortest run (2) moved within ``local_window`` words (a transposition).
    local_window: how near (12 words) a run counts as a local transposition.
    variants: look for variant readings (True).
    max_gap_cells: largest gap (draft words × despatched words, 40 000) searched for variants.
    ocr_text: the texts are OCR of print (``variants.OCR_TEXT``): a real word for a real word that
        differs only by the OCR confusion table is a variant in a word-for-word swap (False). A set of the
        table's confusions (``h/b``) allows only those: the ones the texts were seen to make.
    accented: whether the draft and the despatch write accented letters elsewhere (``variants.diacritics``:
        a reading without an accent is a variant only on a side that writes none) ((False, False)).
    """

    min_move: int = 3
    local_move: int = 2
    local_window: int = 12
    variants: bool = True
    max_gap_cells: int = 40_000
    ocr_text: bool | frozenset[str] = False
    accented: tuple[bool, bool] = (False, False)


@dataclass(frozen=True, slots=True)
class _Keys:
    """The comparison keys of both sides' content words, made once for every stage of ``align``.

    d, f: the keys in order; coded_d, coded_f: one character a key (``encode``), so a
    run of words compares as one slice; count_d, count_f: how often each key occurs on
    each side; copies: what the stages that judge a word by its rarity read, the same counted
    within each copy of a message where both sides hold copies that correspond
    (``copies.counted``, once the diff's matches are known), else whole.
    """

    d: list[str]
    f: list[str]
    coded_d: str
    coded_f: str
    count_d: Counter
    count_f: Counter
    copies: Counts

    @classmethod
    def of(cls, d_tok, f_tok) -> _Keys:
        """The keys of the content words ``d_tok`` and ``f_tok``, each side counted whole."""
        d, f = [t.key for t in d_tok], [t.key for t in f_tok]
        coded_d, coded_f, count_d, count_f = encode_counted(d, f)
        return cls(d, f, coded_d, coded_f, count_d, count_f, Counts.whole(d, f, (count_d, count_f)))

    def by_copy(self, draft: Witness, final: Witness, runs: list[tuple[int, int]]) -> _Keys:
        """These keys, counted copy by copy if both witnesses hold copies of a message that the
        diff's ``runs`` show to correspond (``copies.counted``); else themselves."""
        copy_d = copies_of(draft)
        if not copy_d or copy_d[-1] == 0:  # one copy on the draft: nothing to count apart
            return self
        matches = [(x, y, n) for op, x, y, n in _spans(runs) if op == 0]
        copies = counted(self.d, self.f, copy_d, copies_of(final), matches,
                         (self.count_d, self.count_f))
        return self if not copies.split else replace(self, copies=copies)


def align(draft: Witness, final: Witness, options: AlignOptions = AlignOptions()) -> Alignment:
    """Link the words of ``draft`` and ``final`` and put both in one reading order."""
    d_tok, f_tok = content(draft), content(final)
    keys = _Keys.of(d_tok, f_tok)
    runs, method = diff_tokens(keys.coded_d, keys.coded_f, (keys.count_d, keys.count_f), (keys.d, keys.f))
    keys = keys.by_copy(draft, final, runs)
    # The diff's matches stay runs, not a link a word; ``links`` holds the links found after it,
    # all between words of its gaps: draft content idx -> (final idx, relation, rule, score).
    links: dict[int, tuple[int, str, str, float]] = {}
    extra: dict[int, int] = {}  # second final word of a split (``No-10`` / ``NO. 10``) -> draft content idx
    gaps, before = _gaps(runs)
    linked_f = _find_moves(d_tok, f_tok, links, gaps, before, options, keys)
    if options.variants:
        unlinked = _free_stretches([ds for ds, _ in gaps], links.keys())  # the diff's matches are linked: only gap words are not
        bounded = _bounded_gaps(links, d_tok, len(f_tok), linked_f, unlinked, _Diff(runs, len(f_tok)))
        if keys.copies.split:
            bounded = _within_copies(bounded, keys.copies, options.max_gap_cells)
        _find_variants(d_tok, f_tok, links, extra, bounded, options, keys, linked_f)
    _find_shared(links, linked_f, gaps, keys)
    _settle_order(gaps, links)
    seconds: dict[int, list[int]] = {}  # draft content idx -> the second final words of its split
    for y2, x in extra.items():
        seconds.setdefault(x, []).append(y2)
    steps = _refine_steps(runs, links, extra, seconds)
    (d_i, d_fur), (f_i, f_fur) = _places(draft, d_tok), _places(final, f_tok)
    return Alignment(
        links=_made_links(runs, links, seconds, d_i, f_i),
        ops=tuple(_weave(d_fur, f_fur, d_i, f_i, steps)),
        method=method,
    )


def _places(w: Witness, content: list[Token]) -> tuple[list[int], list[int]]:
    """The token index of each content word of ``w`` (``content``, in order), and of each furniture token.

    A text with no furniture (a book, most texts) has every token as content, at its own place:
    both lists are known without reading a token (two comprehensions over 150 k tokens, 6 ms a side).
    """
    if len(content) == len(w.tokens):
        return list(range(len(content))), []
    return [t.i for t in content], [t.i for t in w.tokens if t.furniture is not None]


class _Diff:
    """The diff's matches as runs, not one link a word: ``partner`` of a matched draft word, and
    ``matched_f``, 1 for each matched final word (both by content index)."""

    def __init__(self, runs: list[tuple[int, int]], n_f: int) -> None:
        self.starts_d: list[int] = []
        self.starts_f: list[int] = []
        self.lengths: list[int] = []
        self.matched_f = bytearray(n_f)
        for op, x, y, n in _spans(runs):
            if op == 0:
                self.starts_d.append(x)
                self.starts_f.append(y)
                self.lengths.append(n)
                self.matched_f[y : y + n] = b"\x01" * n

    def partner(self, x: int) -> int | None:
        """The final word the diff matched to draft word ``x``, or None."""
        k = bisect_right(self.starts_d, x) - 1
        if k >= 0 and x < self.starts_d[k] + self.lengths[k]:
            return self.starts_f[k] + x - self.starts_d[k]
        return None


def _made_links(runs, links, seconds: dict[int, list[int]], d_i: list[int], f_i: list[int]) -> tuple[Link, ...]:
    """Every link as a ``Link`` on token indices, in draft order: the diff's matches (``runs``) and the
    ones found after it (``links``, and ``seconds``: each split word's second despatched words), a
    draft word's links by their despatched words.

    The links found after the diff stand in its gaps, between its runs: the runs are made a
    run at a time, each after the later links that stand before it (found by bisection), and a
    later link is made at once unless its draft word was split (``seconds``, almost never):
    dec88x276's 19 590 later links, 66-68 -> 44-47 ms for all 95 k links (best of 5 CPU).
    """
    later = sorted(links.keys() | seconds.keys())
    made: list[Link] = []

    def add_later(xs: list[int]) -> None:
        for x in xs:
            if x not in seconds:  # one link (almost every word): made at once
                y, rel, rule, score = links[x]
                made.append(new_link(d_i[x], f_i[y], rel, rule, score))
                continue
            found = [(f_i[y2], "variant", SPLIT_JOIN, 1.0) for y2 in seconds[x]]
            if x in links:
                y, rel, rule, score = links[x]
                found.append((f_i[y], rel, rule, score))
            found.sort(key=_FIRST)  # no two links share a draft and a final word: by the final word alone
            made.extend(new_link(d_i[x], *link) for link in found)

    k = 0
    for op, x, y, n in _spans(runs):
        if op != 0:
            continue
        if k < len(later) and later[k] < x:  # the later links before this run, found by bisection
            j = bisect_left(later, x, k)
            add_later(later[k:j])
            k = j
        made += [new_link(dx, fy, "equal", "diff", 1.0) for dx, fy in zip(d_i[x : x + n], f_i[y : y + n])]
    add_later(later[k:])
    return tuple(made)


def _spans(runs: list[tuple[int, int]]) -> Iterator[tuple[int, int, int, int]]:
    """The diff's ``(op, length)`` runs with their places: ``(op, draft content idx, final content idx, length)``.

    A run of no words (the cleanup's overlap pass can leave an empty edit) is passed over: it
    stands nowhere, and every stage walks the runs through here.
    """
    i = j = 0
    for op, n in runs:
        if not n:
            continue
        yield op, i, j, n
        if op == 0:
            i, j = i + n, j + n
        elif op == -1:
            i += n
        else:
            j += n


def _gaps(runs: list[tuple[int, int]]) -> tuple[list[tuple[list[int], list[int]]], list[int]]:
    """The unmatched stretches between two matches of the diff: (draft content idx, final content idx),
    and for each the draft content idx of the match just before it (-1 before the first).

    A stretch's words are consecutive on each side, and the match before it ends right
    before them on both: so its last draft word is the one before the stretch's draft place.
    """
    gaps: list[tuple[list[int], list[int]]] = []
    before: list[int] = []
    cur: tuple[list[int], list[int]] = ([], [])
    for op, x, y, n in _spans(runs):
        if op == 0:
            if cur[0] or cur[1]:
                gaps.append(cur)
                cur = ([], [])
            continue
        if not (cur[0] or cur[1]):  # a stretch begins: the draft words before x are matched or in earlier stretches
            before.append(x - 1)
        if op == -1:
            cur[0].extend(range(x, x + n))
        else:
            cur[1].extend(range(y, y + n))
    if cur[0] or cur[1]:
        gaps.append(cur)
    return gaps, before


def _free_stretches(groups: Iterable[Sequence[int]], linked: AbstractSet[int]) -> list[Sequence[int]]:
    """The indices of ``groups`` not in ``linked``, in runs of consecutive numbers, where each group
    is a run already (one side of a gap of the diff, or a ``range`` of one) and no two groups stand
    side by side (a match of the diff is between them).

    A group none of whose words is linked (every group, in the first pass of ``_find_moves``, and
    most in the second) is its own run, tested in C (``isdisjoint``); the others are cut at their
    linked words (``groupby``, in C), not gathered word by word, sorted and compared word by word
    with the one before. The runs are the groups themselves where they can be: read them, never
    change them. Both passes' free words of dec88x1105 (1 M words; 226 k and 96 k unmatched on the
    two sides): 108 -> 53 ms; of dec88x276, 31 -> 13 ms (CPU, best of 7)."""
    out: list[Sequence[int]] = []
    is_linked = linked.__contains__
    for group in groups:
        if not group:
            continue
        if linked.isdisjoint(group):
            out.append(group)
        else:
            out += [list(run) for taken, run in groupby(group, is_linked) if not taken]
    return out


def _find_moves(d_tok, f_tok, links, gaps, before, options: AlignOptions, keys: _Keys) -> set[int]:
    """Link runs of unmatched words that stand at different places on the two sides.

    Longest runs first. A run shorter than ``min_move`` counts only when its two
    places are within ``local_window`` words of each other (a transposition such as
    "a decision very soon" for "very soon a decision"). A run found inside one gap
    is an ordinary match the diff's cleanup let go, and is linked as equal.
    ``gaps, before`` are what ``_gaps`` makes of the diff's runs: only their words are unmatched.
    ``links`` gets the links found here (``align`` gives it empty: the diff's matches are kept
    as runs). ``keys`` is ``_Keys.of(d_tok, f_tok)``. Returns the despatched words linked in ``links``.
    """
    # Each gap's words are consecutive on each side: the gap of a word is filled in by slices, in C.
    gap_of_d: list[int] = [-1] * len(d_tok)
    gap_of_f: list[int] = [-1] * len(f_tok)
    # Where each unmatched final word would sit in the draft: the draft index of the match before its gap.
    anchor_f: dict[int, int] = {}
    for g, (ds, fs) in enumerate(gaps):
        if ds:
            gap_of_d[ds[0] : ds[-1] + 1] = [g] * len(ds)
        if fs:
            gap_of_f[fs[0] : fs[-1] + 1] = [g] * len(fs)
            anchor_f.update(dict.fromkeys(fs, before[g]))
    linked_f = {v[0] for v in links.values()}
    for shortest in (options.min_move, options.local_move):
        free_d = _free_stretches([ds for ds, _ in gaps], links.keys())
        free_f = _free_stretches([fs for _, fs in gaps], linked_f)
        # All maximal common runs at once, then the longest first; a run that overlaps
        # one already taken is trimmed to its free part, and kept if still long enough.
        taken_d: set[int] = set()
        taken_f: set[int] = set()
        # Where a run was taken whole: its start on each side -> its length. A later run from the
        # same start and no longer is inside the taken words, so it is passed over at a glance
        # (without testing its words one by one): the common case for the other copies of a repeated text.
        whole_d: dict[int, int] = {}
        whole_f: dict[int, int] = {}
        for x0, y0, n in _common_runs(d_tok, f_tok, free_d, free_f, shortest, options, anchor_f, keys):
            if whole_f.get(y0, 0) >= n or whole_d.get(x0, 0) >= n:
                continue
            f_span, d_span = range(y0, y0 + n), range(x0, x0 + n)
            if taken_f.issuperset(f_span) or taken_d.issuperset(d_span):
                continue  # nothing of it is left
            if taken_d.isdisjoint(d_span) and taken_f.isdisjoint(f_span):
                ks: Iterable[int] = range(n)  # the whole run is free: the common case for the first copy
                whole_d.setdefault(x0, n)
                whole_f.setdefault(y0, n)
            else:
                ks = [k for k in range(n) if x0 + k not in taken_d and y0 + k not in taken_f]
                if len(ks) < shortest or ks != list(range(ks[0], ks[0] + len(ks))):
                    continue
            for k in ks:
                same_gap = gap_of_d[x0 + k] == gap_of_f[y0 + k]
                links[x0 + k] = (y0 + k, "equal" if same_gap else "moved", "gap-match" if same_gap else "move", 1.0)
                taken_d.add(x0 + k)
                taken_f.add(y0 + k)
        linked_f |= taken_f  # the next pass's linked despatched words: these and the ones before
    return linked_f


SHARED_CELLS = 250_000
"""Largest stretch (draft words × despatched words) that ``_find_shared`` diffs again: 500 × 500 words.
Each stretch is diffed alone (Myers, in C++), so the cost is a sum of small diffs; a larger stretch is
left as it is. Real revisions stay far below (the largest stretches of the Darwin editions and of
Mitford's manuscript and print are 108 × 173 and 35 × 367 words); only two texts with little in common
reach it, where the diff of a 1 200 × 760-word stretch takes 20 ms and finds chance matches."""

CHANCE_SIDE = 20
"""Shortest stretch (words on its shorter side) that ``_find_shared`` may judge a rewrite."""

CHANCE_SHARE = 0.1
"""A stretch of ``CHANCE_SIDE`` words or more whose exact diff shares fewer content words (not
``STOPWORDS``) than this share of its shorter side is a rewrite, its shared words chance (see ``_find_shared``)."""


def _find_shared(links, linked_f: set[int], gaps, keys: _Keys) -> None:
    """Link, inside each gap of the diff, the words both sides still share, in order.

    The diff's semantic cleanup dissolves short equalities between edits: right for
    characters, wrong for words, where each is a word both texts hold and a reader expects
    linked (``who [died here, that the] {here gave their lives that that} nation``). So once
    moves and variants are found (they keep their words), each gap is cut at the links made
    in it in place and each stretch is diffed again, exactly and without cleanup, on its
    words still free; its equal words are linked ``equal`` (rule ``gap-diff``). An exact diff
    is a longest common subsequence, so no word a case-folded difflib word diff links inside
    a stretch is left out: ``who [died] here {gave their lives} that [the] {that} nation``.
    Grouping neighbouring edits into one readable substitution is left to ``classify`` and the
    renderers. A stretch larger than ``SHARED_CELLS`` is left as it is.

    Two kinds of shared word are chance, not a match, and stay unlinked:

    - a stretch with ``CHANCE_SIDE`` (20) words or more on each side (counting the words linked
      elsewhere, by a move) that shares fewer content words than ``CHANCE_SHARE`` (a tenth) of its
      shorter side is a rewritten passage: its shared words are the ``have been``, ``is``, ``the``
      any two sentences share, and a longer passage shares more of them (a paragraph of 35 words
      shares 14 with the 367 words of new paragraphs beside it, 2 of them content words).
      Evidence: in the hand-labelled sample pairs such passages (a paragraph replaced, 67 × 54
      words sharing 12, 3 of them content words) are labelled struck and inserted whole; in the
      Darwin editions (1859 → 1872, 1866 → 1869) the stretches of 20 words or more that share
      fewer content words are new or rewritten passages on reading; the closest call, 72 × 105
      words of a paragraph Darwin recast, shares 5 content words (``strongly``, ``of this
      system``), which are left unlinked with it. The words of a rewrite were offered to the
      move search (runs of three or more) and the variant search before this, which link the
      real matches inside it.
    - a run of ``GLUE`` words only, with words rewritten on both sides of it
      (``_outside_rewrites``).

    On the Darwin editions (1859 → 1860, → 1872; 1866 → 1869), Rossetti's and Mitford's
    manuscripts and their prints, redline links more words than a difflib word diff, and of the
    words difflib links it leaves out at most 0.15 % of the content words (another occurrence
    linked instead, or a rewrite) and 1.2 % of the function words (chance in rewrites); see
    ``tests/test_exactness.py``.

    What a stretch shares depends on its words alone (its keys, coded ``words``), so a stretch that
    another repeats (the copies of a message in one file) is diffed once (``found_for``, ``kept_for``):
    dec88x276 diffs 1 102 stretches, 4 distinct (43-47 -> 28-29 ms); darwin150k 689, 286 distinct (13 -> 10-11 ms).
    """
    coded_d, coded_f = keys.coded_d, keys.coded_f
    found_for: dict[tuple[str, str], list[tuple[int, int, int]]] = {}  # a stretch's words -> its exact diff's runs
    kept_for: dict[tuple[str, str], list[tuple[int, int, int]]] = {}  # the same -> those outside rewrites
    for ds, fs in gaps:
        check("linking shared words")
        if not ds or not fs:
            continue
        here = set(fs)
        # The links made here in place (by the move and variant searches): the gap is cut at them.
        fixed = [(x, links[x][0]) for x in ds if x in links and links[x][1] != "moved" and links[x][0] in here]
        keep = _longest_increasing([y for _x, y in fixed])
        cuts = [p for n, p in enumerate(fixed) if n in keep]
        lo_x, lo_y = ds[0] - 1, fs[0] - 1
        for hi_x, hi_y in [*cuts, (ds[-1] + 1, fs[-1] + 1)]:
            xs = [x for x in range(lo_x + 1, hi_x) if x not in links]
            ys = [y for y in range(lo_y + 1, hi_y) if y not in linked_f]
            side = min(hi_x - lo_x, hi_y - lo_y) - 1  # the stretch between the cuts, words linked elsewhere included
            lo_x, lo_y = hi_x, hi_y
            if not xs or not ys or len(xs) * len(ys) > SHARED_CELLS:
                continue
            if side >= CHANCE_SIDE and _content_in_common(xs, ys, keys) < CHANCE_SHARE * side:
                continue  # no diff could share enough content words: a rewrite, known without diffing it
            words = ("".join(map(coded_d.__getitem__, xs)), "".join(map(coded_f.__getitem__, ys)))
            found = found_for.get(words)
            if found is None:
                found = found_for[words] = equal_runs(*words)
            if side >= CHANCE_SIDE and _content_shared(found, xs, keys.d) < CHANCE_SHARE * side:
                continue
            kept = kept_for.get(words)
            if kept is None:
                kept = kept_for[words] = _outside_rewrites(found, [keys.d[x] for x in xs], len(ys))
            for i, j, n in kept:
                for k in range(n):
                    links[xs[i + k]] = (ys[j + k], "equal", "gap-diff", 1.0)
                    linked_f.add(ys[j + k])


def _content_in_common(xs: list[int], ys: list[int], keys: _Keys) -> int:
    """How many content words (not ``STOPWORDS``) the draft words ``xs`` and the despatched words ``ys``
    hold in common, counted as multisets: an upper bound of what any diff of them shares, found in
    linear time (two texts with little in common, where every stretch is a rewrite, skip the diff)."""
    dk, fk = keys.d, keys.f
    in_d = Counter(k for k in map(dk.__getitem__, xs) if k not in STOPWORDS)
    in_f = Counter(k for k in map(fk.__getitem__, ys) if k not in STOPWORDS)
    return sum((in_d & in_f).values())


def _content_shared(found: list[tuple[int, int, int]], xs: list[int], dkeys: list[str]) -> int:
    """How many of the shared words ``found`` (runs ``(i, j, n)`` over the draft words ``xs``) are not ``STOPWORDS``."""
    return sum(dkeys[xs[i + k]] not in STOPWORDS for i, _j, n in found for k in range(n))


def _outside_rewrites(found: list[tuple[int, int, int]], dkeys: list[str], n_f: int) -> list[tuple[int, int, int]]:
    """The common runs ``found`` (``(i, j, n)``, in order, in a stretch of ``len(dkeys)`` draft and
    ``n_f`` despatched words), less each run of ``GLUE`` words only with words rewritten on both
    sides of it (deleted and inserted before it, and again after it): ``withdraw from the city of
    Kabul`` / ``OUT OF AFGHANISTAN`` shares ``of`` by chance, as an article or a preposition fits
    any place. Dropping a run joins its neighbours into one rewrite, so the run before is tested
    again. A glue word next to a plain insertion or deletion is kept: the words beside it were
    added or cut, not rewritten (``the`` in ``to [visit] the {old} city``)."""
    kept: list[tuple[int, int, int]] = []
    for k, run in enumerate(found):
        nxt = found[k + 1] if k + 1 < len(found) else (len(dkeys), n_f, 0)
        while True:
            i, j, n = run
            pi, pj = (kept[-1][0] + kept[-1][2], kept[-1][1] + kept[-1][2]) if kept else (0, 0)
            if not (i > pi and j > pj and nxt[0] > i + n and nxt[1] > j + n and GLUE.issuperset(dkeys[i : i + n])):
                kept.append(run)
                break
            if not kept:  # dropped, with no run before it to test again
                break
            run = kept.pop()  # dropped: the run before now has a longer rewrite after it, so it is tested again
    return kept


def _common_runs(d_tok, f_tok, segments_d, segments_f, shortest, options, anchor_f, keys=None) -> list[tuple[int, int, int]]:
    """Maximal runs of equal keys between free draft and free final words, longest first. The free
    words of each side are given as their runs of consecutive indices (``_free_stretches``).

    Every run of ``shortest`` free draft words (a gram) is indexed; a final gram is
    tried against the draft places of the same gram (the ``NEAREST`` nearest where the final
    word would stand, when there are more). A pair is the start of a
    maximal run unless the words before it are free and equal too, which is the case
    exactly when the draft place minus one holds the final gram before it: so the
    starts for a final gram depend only on that gram and the one before it, and are
    worked out once per such pair of grams (a long text repeats them). A run then
    reaches to the first differing key or the end of either free stretch."""
    if not segments_d or not segments_f:
        return []
    local = shortest < options.min_move
    keys = keys or _Keys.of(d_tok, f_tok)
    dk, fk = keys.d, keys.f
    ad, af = keys.coded_d, keys.coded_f  # one character per key: a run is compared as one slice
    stretch_end_d = _stretch_ends(segments_d, len(dk))
    stretch_end_f = _stretch_ends(segments_f, len(fk))
    # A gram is keyed by its slice of the coded text: one character a key, so equal slices are
    # equal keys, and a slice of a string is cheaper to make and hash than a tuple of keys.
    places: dict[str, list[int]] = {}  # gram -> every draft place, in order
    for run in segments_d:
        x0 = run[0]
        for x in range(x0, x0 + len(run) - shortest + 1):
            places.setdefault(ad[x : x + shortest], []).append(x)
    after: dict[str, set[int]] = {}  # gram -> its draft places plus one
    starts: dict[tuple, list[int]] = {}  # (gram before or None, gram) -> draft places that start a run there
    if local:
        # Keys once on each side (in the word's copy, when both sides hold several alike).
        unique_in = [{k: v == 2 for k, v in c.items()} for c in keys.copies.both]
        copy_d, copy_f = keys.copies.copy_d, keys.copies.copy_f
    window = options.local_window
    probe = max(PROBE, shortest)
    found: list[tuple[int, int, int]] = []  # each (x, y) is tried once: no duplicates
    for run in segments_f:
        y0 = run[0]
        before = None  # the final gram before this one, inside the free stretch
        for y in range(y0, y0 + len(run) - shortest + 1):
            if not y & 1023:
                check("looking for moved words")
            gram = af[y : y + shortest]
            pair = (before, gram)
            before = gram
            xs = starts.get(pair)
            if xs is None:
                xs = places.get(gram, [])
                if xs and pair[0] is not None:
                    shifted = after.get(pair[0])
                    if shifted is None:
                        shifted = after[pair[0]] = {x + 1 for x in places.get(pair[0], ())}
                    xs = [x for x in xs if x not in shifted]
                starts[pair] = xs
            if not xs:  # (most final words: inside a run that starts before them)
                continue
            if len(xs) > NEAREST:  # a passage the draft repeats: the places nearest where y would stand
                k = bisect_left(xs, anchor_f.get(y, 0)) - NEAREST // 2
                k = 0 if k < 0 else len(xs) - NEAREST if k > len(xs) - NEAREST else k
                xs = xs[k : k + NEAREST]
            if local and y in anchor_f and not all(map(unique_in[copy_f[y]].get, fk[y : y + shortest])):
                # Not unique from its first words on: only a run near its place can count.
                near = anchor_f[y]
                xs = xs[bisect_left(xs, near - window) : bisect_right(xs, near + window)]
            if not xs:
                continue
            rest = af[y : stretch_end_f[y]]  # the final words free from y on
            size = len(rest)
            stop: dict[int, bool] = {}  # run length -> all stopwords? (the run's keys are the final's)
            reach: dict[str, int] = {}  # the draft words from x on (``probe`` at most) -> run length
            for x in xs:
                # A run stops at the first differing key or the end of either stretch, so its
                # length is a function of the draft words from x on, as many as could match:
                # a text that repeats a passage offers the same words at many places, and the
                # run is measured once for them all. Only the first ``probe`` words are the key;
                # a run that reaches past them is measured at its place.
                room = stretch_end_d[x] - x
                lim = room if room < size else size
                seg = ad[x : x + (lim if lim < probe else probe)]
                n = reach.get(seg, -1)
                if n < 0:
                    n = shortest
                    end = len(seg)
                    while n < end and seg[n] == rest[n]:
                        n += 1
                    reach[seg] = n
                if n == probe < lim:  # the probe matched whole: measure on
                    while n < lim and ad[x + n] == af[y + n]:
                        n += 1
                all_stop = stop.get(n)
                if all_stop is None:
                    all_stop = stop[n] = STOPWORDS.issuperset(fk[y : y + n])
                if all_stop:
                    continue
                if local and abs(anchor_f.get(y, x) - x) > window and not all(map(unique_in[copy_d[x]].get, dk[x : x + n])):
                    continue
                found.append((x, y, n))
    # Longest first, then by draft and final place. ``found`` is in final-place order (and draft
    # place within one), so two stable sorts on plain int keys give that order: by draft place,
    # then by length, longest first. Integers compare far faster than the tuples themselves.
    runs = sorted(found, key=_FIRST)
    runs.sort(key=_THIRD, reverse=True)
    return runs


_FIRST, _THIRD = itemgetter(0), itemgetter(2)


NEAREST = 16
"""Most draft places a final gram is tried at in ``_common_runs``: those nearest the place the
final word would stand (``anchor_f``). Only a text that repeats a passage offers it at more
places (a file of many copies, the benchmark's pair repeated 276 times); there the move of each
copy is among the nearest, and every place tried costs a measured run and a sort. Taking the
first few places instead of the nearest would leave the later copies' moves unfound."""

PROBE = 32
"""Most draft words that key a run's measured length in ``_common_runs`` (or ``shortest``, if more)."""


def _stretch_ends(segments: list[Sequence[int]], size: int) -> list[int]:
    """For each free index, the index just past its stretch of consecutive free indices (0 elsewhere).

    ``segments`` are the free indices in runs of consecutive indices (``_free_stretches``)."""
    ends = [0] * size
    for run in segments:
        ends[run[0] : run[-1] + 1] = [run[-1] + 1] * len(run)
    return ends


def _bounded_gaps(links, d_tok, n_f: int, linked_f: set[int], unlinked: list[Sequence[int]],
                  diff: _Diff) -> list[tuple[list[int], list[int], str]]:
    """Stretches of unmatched words that stand next to the same match on both sides.

    Computed after moves, so a moved run is an anchor too: the words right after a
    moved sentence on each side form a gap of their own, where a misreading can be found.
    Each gap says which match anchors it: ``left`` (the match before), ``right`` (the
    match after) or ``both``; the words at the same distance from that match stand opposite.
    A stretch that runs over a paragraph break is offered first as its first paragraph
    (anchored left) and its last (anchored right), then whole: a hand's note on a line of
    its own (``actually implemented after negotiations``) is read against the despatched
    words beside its anchor before the typed paragraphs the OCR put after it.

    ``links`` and ``linked_f`` (its despatched words) hold the links found after the diff, whose
    own matches are read from ``diff``; ``unlinked`` are the unlinked draft words, in order, as runs of
    consecutive words (``_free_stretches``).
    """
    n_d = len(d_tok)
    matched_f = diff.matched_f

    def partner(x: int) -> int:  # the despatched word linked to draft word x (a linked word, at a stretch's edge)
        if x in links:
            return links[x][0]
        y = diff.partner(x)
        assert y is not None, x
        return y

    def after(x: int) -> list[int]:  # unmatched despatched words after draft x's partner
        y = partner(x) + 1 if x >= 0 else 0
        out = []
        while y < n_f and y not in linked_f and not matched_f[y]:
            out.append(y)
            y += 1
        return out

    def before(x: int) -> list[int]:  # unmatched despatched words before draft x's partner
        y = partner(x) - 1 if x < n_d else n_f - 1
        out: list[int] = []
        while y >= 0 and y not in linked_f and not matched_f[y]:
            out.append(y)
            y -= 1
        return out[::-1]

    gaps: list[tuple[list[int], list[int], str]] = []

    def add(draft: list[int], left: list[int] | None, right: list[int] | None) -> None:
        if left and left == right:
            gaps.append((draft, left, "both"))
            return
        if left:
            gaps.append((draft, left, "left"))
        if right:
            gaps.append((draft, right, "right"))

    for draft in unlinked:  # the stretches: runs of consecutive unlinked draft words
        start, x = draft[0], draft[-1] + 1
        left, right = after(start - 1), before(x)
        first = [k for k in draft if d_tok[k].para == d_tok[start].para]
        if len(first) < len(draft):  # the stretch crosses a paragraph break
            last = [k for k in draft if d_tok[k].para == d_tok[x - 1].para]
            add(first, left, None)
            add(last, None, right)
        add(draft, left, right)
    return gaps


def _within_copies(gaps, copies: Counts, max_cells: int) -> list[tuple[list[int], list[int], str]]:
    """The gaps cut where one copy of a message ends and the next begins: a word is read as a
    variant of a word in its own copy on the other side, not of the last words of the copy
    before (a despatch's ``YOURS EVER MARGARET`` left over, next to the next copy's first line).
    A gap too large to search (``max_cells``) is left whole, and so skipped as before; a piece
    of a gap with no despatched word of its copy stays with the piece before it."""
    copy_d, copy_f = copies.copy_d, copies.copy_f
    out = []
    for ds, fs, side in gaps:
        if copy_d[ds[0]] == copy_d[ds[-1]] == copy_f[fs[0]] == copy_f[fs[-1]] or len(ds) * len(fs) > max_cells:
            out.append((ds, fs, side))  # within one copy, as almost every gap
            continue
        by_copy: dict[int, list[int]] = {}
        for y in fs:
            by_copy.setdefault(copy_f[y], []).append(y)
        pieces: list[tuple[list[int], list[int], str]] = []
        for c, at in runs_of([copy_d[x] for x in ds]):
            within = by_copy.get(c)
            if within:
                pieces.append((ds[at.start : at.stop], within, side))
            elif pieces:  # no despatched word of its copy here: read with the piece before
                pieces[-1] = (pieces[-1][0] + ds[at.start : at.stop], pieces[-1][1], side)
        out.extend(pieces if pieces else [(ds, fs, side)])
    return out


def _find_variants(d_tok, f_tok, links, extra, gaps, options: AlignOptions, keys: _Keys | None = None,
                   linked_f: set[int] | None = None) -> None:
    """Inside each gap, link words that are the same word read differently, keeping order.

    Each gap is searched by ``_gap_variants`` on its words still free. The search reads nothing
    of a gap but its words (keys, texts, layers, and whether a key occurs once where it stands),
    so a gap that repeats another word for word, as the copies of a message in one file do, is
    searched once: what it found is made again at the repeat's places (``found_for``). The
    benchmark's dec88 pair 276 times over offers 5 240 gaps, 20 of them distinct (variant search
    254 -> 60 ms); darwin150k offers 931, 419 distinct.

    Where each side is counted whole (one copy, as almost every text), whether a key occurs once
    is a function of the key, so a gap is known by its keys, texts and layers, and the counts are
    read for a gap not searched before only; counted copy by copy, the same keys may count
    differently, and the counts are part of what a gap is. dec88x63's 1 193 gaps, 18 distinct:
    13.6-14.3 -> 8.7-8.9 ms; dec88x1105, 235-242 -> 143-179 ms (best of 40 and 5 CPU, interleaved).
    """
    keys = keys or _Keys.of(d_tok, f_tok)
    # How often a key occurs: within the word's copy when both sides hold several (see ``copies``).
    in_d, in_f, in_both = keys.copies.draft, keys.copies.final, keys.copies.both
    copy_d, copy_f = keys.copies.copy_d, keys.copies.copy_f
    all_d, all_f = keys.d, keys.f
    if linked_f is None:  # the linked despatched words; ``align`` gives the move search's set
        linked_f = {v[0] for v in links.values()}
    # ``linked_f`` is kept up to date: a word linked in one gap is taken in the gaps over it.
    by_copy = keys.copies.split

    def once(ds: list[int], fs: list[int], dkeys: list[str], fkeys: list[str]) -> tuple[tuple[bool, ...], ...]:
        return (
            tuple([in_d[copy_d[x]][k] == 1 for x, k in zip(ds, dkeys)]),  # once on the draft side
            tuple([in_both[copy_d[x]][k] == 1 for x, k in zip(ds, dkeys)]),  # once on both: rare
            tuple([in_f[copy_f[y]][k] == 1 for y, k in zip(fs, fkeys)]),  # once on the despatched side
        )

    memo: dict = {}  # judged pairings (``_gap_variants``)
    found_for: dict[tuple, list[tuple[int, int, tuple | None]]] = {}  # a gap's words -> what its search found
    for ds, fs, side in gaps:
        check("looking for variant readings")
        ds = [x for x in ds if x not in links]
        fs = [y for y in fs if y not in linked_f]
        if not ds or not fs or len(ds) * len(fs) > options.max_gap_cells:
            continue
        dkeys = [all_d[x] for x in ds]
        fkeys = [all_f[y] for y in fs]
        words: tuple = (
            side,
            tuple(dkeys),
            tuple(fkeys),
            tuple([d_tok[x].text for x in ds]),
            tuple([f_tok[y].text for y in fs]),
            tuple([d_tok[x].layer in ("hand", "inserted") for x in ds]),
        )
        if by_copy:
            words += once(ds, fs, dkeys, fkeys)
        found = found_for.get(words)
        if found is None:
            counts = words[6:] if by_copy else once(ds, fs, dkeys, fkeys)
            found = found_for[words] = _gap_variants(*words[:6], *counts, options.ocr_text, options.accented, memo)
        for p, q, link in found:
            y = fs[q]
            if link is None:  # the second despatched word of a split
                extra[y] = ds[p]
            else:
                links[ds[p]] = (y, *link)
            linked_f.add(y)


def _gap_variants(side: str, dkeys: tuple[str, ...], fkeys: tuple[str, ...], texts_d: tuple[str, ...],
                  texts_f: tuple[str, ...], hands: tuple[bool, ...], once_d: tuple[bool, ...], rares: tuple[bool, ...],
                  once_f: tuple[bool, ...], ocr_text: bool | frozenset[str], accented: tuple[bool, bool],
                  memo: dict) -> list[tuple[int, int, tuple | None]]:
    """The words of one gap that are the same word read differently, keeping order: as
    ``(p, q, link)``, the gap's ``p``-th draft word (from 0) linked to its ``q``-th despatched word
    by ``link`` (relation, rule, score), or None where the despatched word is the second of a split
    word, in the order they are made. The gap's words: their keys and texts, the draft words of a
    hand (``hands``), keys that occur once where they stand on the draft side, on both sides
    (``rares``) and on the despatched side. ``memo``: pairings judged so far.

    A dynamic programme over the gap's cells: the best total score, the first best kept
    (up, left, pair, split, join). A cell with no scored pair, split or join only compares
    up and left. A pair is judged only when a rule could fire (equal keys; a shared first
    letter and different lengths, for an abbreviation; words of four letters or more with
    lengths that allow a similarity of 0.6, for an OCR reading; a manuscript word-for-word
    swap; lengths and letters print OCR's confusions could bridge), and each distinct pairing
    is judged once. A word written as up to ``RUN_TOGETHER`` words, or up to as many as one,
    is looked up by the joined key, or matched up to OCR's confusions (``_run_together``).
    Words with the same key between two linked words, as many on each side, are linked
    too (``BETWEEN``).
    """
    UP, LEFT, PAIR, SPLIT, JOIN = 0, 1, 2, 3, 4
    UP_MOVE = (UP,)
    out: list[tuple[int, int, tuple | None]] = []
    m, n = len(dkeys), len(fkeys)
    alone = m == n <= 3
    small = min(m, n) <= 2
    flens = [len(k) for k in fkeys]
    ffirst = [k[:1] for k in fkeys]
    # The cells that need more than up/left, by draft row (most rows have none, and hold no entry):
    # pair_at[p] = {q: (rule, score)}; split_at[p] and join_at[p] = {q: k}, the k despatched
    # (split) or draft (join) words ending at q or p that stand for one word on the other side.
    pair_at: dict[int, dict[int, tuple[str, float]]] = {}
    split_at: dict[int, dict[int, int]] = {}
    join_at: dict[int, dict[int, int]] = {}
    # Despatched words joined, looked up by a draft key: a join longer than every draft key is
    # never found, nor any longer one made from it (a key is never shorter than its last part).
    longest_d, longest_f = max(map(len, dkeys)), max(flens)
    joined_f: dict[str, list[tuple[int, int]]] = {}
    for q in range(2, n + 1):
        joined = fkeys[q - 1]
        for k in range(2, min(RUN_TOGETHER, q) + 1):
            joined = fkeys[q - k] + joined
            if len(joined) > longest_d:
                break
            joined_f.setdefault(joined, []).append((q, k))
    f_by_key: dict[str, list[int]] = {}
    for q in range(1, n + 1):
        f_by_key.setdefault(fkeys[q - 1], []).append(q)
    every = range(1, n + 1)
    for p in range(1, m + 1):
        if not p & 15:  # a row judges up to ``n`` cells: a check every 16 rows
            check("looking for variant readings")
        dk = dkeys[p - 1]
        dtext = texts_d[p - 1]
        la = len(dk)
        hand = hands[p - 1]
        rare = rares[p - 1]
        for q, k in joined_f.get(dk, ()):
            _most(split_at, p, q, k)
        joined = dk
        for k in range(2, min(RUN_TOGETHER, p) + 1):
            joined = dkeys[p - k] + joined
            if len(joined) > longest_f:  # no despatched key is as long (see ``longest_d``)
                break
            for q in f_by_key.get(joined, ()):
                _most(join_at, p, q, k)
        first = dk[:1]
        ocr_ok = la >= 4 and (rare or hand)
        hand_alone = hand and alone
        row: dict[int, tuple[str, float]] = {}
        # Only the cells where some rule could fire are judged: the same key, the same first
        # letter (an abbreviation), a rare or manuscript reading, or keys that print OCR's
        # confusions bridge (``confusable``, cached: any short word, so every cell is seen).
        for q in every:
            fk = fkeys[q - 1]
            if fk == dk:
                unique = once_d[p - 1] and once_f[q - 1]
                if (unique and (dk not in STOPWORDS or small)) or (dk not in GLUE and _opposite(side, p, q, m, n)):
                    row[q] = ("gap-match", 1.0)
                continue
            lb = flens[q - 1]
            if not (
                (first and ffirst[q - 1] == first and la != lb)
                or (ocr_ok and lb >= 4 and 2 * min(la, lb) >= 0.6 * (la + lb))
                or (hand_alone and abs(la - lb) <= 1)
                or confusable(dk, fk)
            ):
                continue
            # Memoised by the Pairing's fields as a plain tuple (hashed and compared in C);
            # the frozen Pairing, whose generated hash and eq run in Python, is made only
            # for a pairing not judged before.
            seen = (dk, fk, dtext, texts_f[q - 1], hand, rare, alone, ocr_text, accented)
            s = memo.get(seen, memo)
            if s is memo:
                s = memo[seen] = judge(Pairing(*seen))
            if s:
                row[q] = s
        if row:
            pair_at[p] = row
    # Found after the exact joins, which take their cells first.
    _run_together(dkeys, fkeys, texts_d, texts_f, join_at, split_at)
    # Rows are non-decreasing in q (LEFT), so a row with nothing scored equals the row above,
    # reached by UP in every cell: it is shared (a row is never written once the next is begun),
    # and only from a row's first scored cell on is the programme run cell by cell. ``move``
    # rows hold only the cells that are not UP.
    best = [[0.0] * (n + 1)]
    move: list[dict[int, tuple]] = [{}]
    for p in range(1, m + 1):
        bp1 = best[p - 1]
        row, sp, jn = pair_at.get(p, _NO_CELLS), split_at.get(p, _NO_CELLS), join_at.get(p, _NO_CELLS)
        if not (row or sp or jn):
            best.append(bp1)
            move.append(_NO_CELLS)
            continue
        bp = bp1.copy()
        best.append(bp)
        mp: dict[int, tuple] = {}
        move.append(mp)
        for q in range(min((*row, *sp, *jn)), n + 1):
            val, mv = bp1[q], UP_MOVE
            if bp[q - 1] > val:
                val, mv = bp[q - 1], (LEFT,)
            s = row.get(q) if row else None
            if s and bp1[q - 1] + s[1] > val:
                val, mv = bp1[q - 1] + s[1], (PAIR, s)
            k = sp.get(q) if sp else None
            if k and bp1[q - k] + 0.75 * (k + 1) > val:
                val, mv = bp1[q - k] + 0.75 * (k + 1), (SPLIT, k)
            k = jn.get(q) if jn else None
            if k and best[p - k][q - 1] + 0.75 * (k + 1) > val:
                val, mv = best[p - k][q - 1] + 0.75 * (k + 1), (JOIN, k)
            bp[q] = val
            if mv is not UP_MOVE:
                mp[q] = mv
    p, q = m, n
    # Each linked stretch as (its last draft and despatched word, the words before it), last first;
    # the match that bounds the gap on the right or left stands as a stretch of its own.
    held = [(m + 1, n + 1, m, n)] if side in ("right", "both") else []
    while p > 0 and q > 0:
        mv = move[p].get(q, UP_MOVE)
        if mv[0] == UP:
            p -= 1
            continue
        if mv[0] == LEFT:
            q -= 1
            continue
        held.append((p, q))  # completed with the words before it once the move is taken
        if mv[0] == PAIR:
            rule, sc = mv[1]
            out.append((p - 1, q - 1, ("equal" if rule == "gap-match" else "variant", rule, sc)))
            p, q = p - 1, q - 1
        elif mv[0] == SPLIT:
            k = mv[1]
            out.append((p - 1, q - k, ("variant", SPLIT_JOIN, 1.0)))
            out.extend((p - 1, q2, None) for q2 in range(q - k + 1, q))
            p, q = p - 1, q - k
        else:
            k = mv[1]
            out.extend((p2, q - 1, ("variant", SPLIT_JOIN, 1.0)) for p2 in range(p - k, p))
            p, q = p - k, q - 1
        held[-1] = (*held[-1], p, q)  # and where the stretch began
    if side in ("left", "both"):
        held.append((0, 0, 0, 0))
    # Between two linked stretches (the later's start, the earlier's end), as many words on each
    # side: a word with the same key at the same place is the same word (``BETWEEN``).
    for (_, _, p2, q2), (p1, q1, _, _) in zip(held, held[1:]):
        if 0 < p2 - p1 == q2 - q1 <= BETWEEN:
            out.extend((k, q1 + k - p1, ("equal", "gap-match", 1.0)) for k in range(p1, p2) if dkeys[k] == fkeys[q1 + k - p1])
    return out


_NO_CELLS: dict = {}

BETWEEN = 3
"""Most words between two linked words (or a linked word and the match that bounds the gap) where
a word with the same key at the same place on both sides is the same word, however common: in
*diversity of the* / *diverfity of tbe* the *of* stands between two readings of the same words.
The diff's cleanup gives such a short equality up between two edits; alone, a common word
(``of``) in a gap is not linked (``_opposite``)."""

RUN_TOGETHER = 6
"""Most words read as one where the OCR lost the spaces between them (``fryerbaconhadbeene``)."""

RUN_TOGETHER_LETTERS = 7
"""Fewest letters of a run-together reading matched up to OCR confusions: a shorter one is matched exactly."""

HYPHENATED_LETTERS = 5
"""Fewest letters of a word broken with a hyphen matched up to OCR confusions (``con- fufion``)."""


def _run_together(dkeys: Sequence[str], fkeys: Sequence[str], texts_d: Sequence[str], texts_f: Sequence[str],
                  join_at: dict, split_at: dict) -> None:
    """Several words on one side read as one on the other, up to OCR confusions: the spaces lost.

    ``fryerbaconhadbeene`` is *Fryer Bacon had been* run together, with an ``e`` of noise: the
    one word is long (``RUN_TOGETHER_LETTERS``), one solid run of letters (``_solid``: a word
    with a dash inside, ``thought--have``, was written apart, and keeps its own words), no
    common word (a real word is no run-together reading), and equals the words joined up to
    the table's confusions and one other edit in ten letters (``variants.confusions``); it
    shares the first or the last letter with them. Exact joins, found in ``_find_variants``
    first, keep their cells (``a thousand fold`` / ``thousand-fold`` joins two words, not three);
    of the others in one cell, the one with the fewest other edits, then the most words. A word
    broken with a hyphen in mid-line (``con- fufion`` for *confusion*) is the other case: two
    words, the first ending in a hyphen, read as a word of ``HYPHENATED_LETTERS`` or more, common
    or not. Added to ``join_at`` (draft words joined) and ``split_at`` (despatched words joined),
    by row, as ``{q: k}``.
    """
    found: dict[tuple[bool, int, int], tuple[int, int]] = {}  # (split?, p, q) -> (other edits, -k), least first
    sides = ((fkeys, texts_f, dkeys, texts_d, join_at, False), (dkeys, texts_d, fkeys, texts_f, split_at, True))
    for one, one_texts, many, many_texts, at, draft_one in sides:
        every_end = range(2, len(many) + 1)
        # A word read only as two words broken with a hyphen is looked for at the ends whose first
        # word ends in one (most gaps have none): not at every end, to find each is not one.
        broken_ends = [end for end in every_end if many_texts[end - 2].endswith(("-", "¬"))]
        for r, word in enumerate(one, 1):
            lw = len(word)
            if lw < HYPHENATED_LETTERS or not _solid(one_texts[r - 1]):
                continue
            hyphenated_only = lw < RUN_TOGETHER_LETTERS or common(word)
            allowed = max(1, lw // 10)
            for end in broken_ends if hyphenated_only else every_end:
                joined = many[end - 1]
                for k in range(2, min(2 if hyphenated_only else RUN_TOGETHER, end) + 1):
                    joined = many[end - k] + joined
                    if len(joined) > lw + allowed + 2:
                        break
                    if joined == word or abs(len(joined) - lw) > allowed + 2 or not (joined[0] == word[0] or joined[-1] == word[-1]):
                        continue
                    p, q = (r, end) if draft_one else (end, r)
                    if q in at.get(p, ()) or not could_confuse(joined, word):
                        continue
                    how = confusions(joined, word, allowed)
                    if how is not None and (how[1], -k) < found.get((draft_one, p, q), (allowed + 1, 0)):
                        found[draft_one, p, q] = (how[1], -k)
    for (split, p, q), (_other, k) in found.items():
        (split_at if split else join_at).setdefault(p, {})[q] = -k


_EDGES = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~“”‘’«»„‚—–"


def _solid(text: str) -> bool:
    """One run of letters and digits, whatever punctuation stands at either end (``fryerbaconhadbeene,``)."""
    return text.strip(_EDGES).isalnum()


def _most(at: dict[int, dict[int, int]], p: int, q: int, k: int) -> None:
    """Record ``k`` words read as one at cell (p, q), unless more are already: the most words a
    reading explains (``of inherited variation who`` in ``ofinheritedvariationwho``, not three of them)."""
    row = at.setdefault(p, {})
    if row.get(q, 0) < k:
        row[q] = k
"""A row of ``_find_variants`` with nothing scored, split or joined (read, never written)."""

GLUE = frozenset("a an the of to in on at for by with from and or as".split())
"""Articles, prepositions and conjunctions: they stand anywhere, so their place says nothing."""


def _opposite(side: str, p: int, q: int, m: int, n: int, reach: int = 3) -> bool:
    """The ``p``-th draft and ``q``-th despatched word of a gap stand at the same distance from its anchor.

    When one side of a gap is a few words (``reach``, 3) next to the match that bounds
    it, the same word at the same distance on the other side is one word with its
    neighbours changed (*would not* → *SHALL NOT*), however common it is elsewhere.
    In a gap long on both sides (a rewritten sentence) a common word at the same
    distance is chance, and is left alone; so is a word of ``GLUE`` (``of``, ``the``)
    anywhere, which fits any place (*withdraw from the city of Kabul* → *OUT OF AFGHANISTAN*).

    >>> _opposite("left", 2, 2, 20, 2), _opposite("left", 2, 1, 20, 2), _opposite("right", 20, 2, 20, 2)
    (True, False, True)
    >>> _opposite("left", 2, 2, 20, 30)
    False
    """
    if min(m, n) > reach:
        return False
    if side in ("left", "both") and p == q <= reach:
        return True
    return side in ("right", "both") and m - p == n - q < reach


def _settle_order(gaps, links) -> None:
    """Inside each gap of the diff, keep in-place links in the despatch's order; the rest moved.

    A link made inside a gap whose despatched word stands in another gap, or out of
    order with the other links of its gap (``very soon a decision`` / ``A DECISION VERY
    SOON``), is a transposition: it is relabelled ``moved``, so the merged reading order
    follows both texts without crossing. A variant reading out of place is dropped,
    unless it carries on a moved run word for word on both sides (a hand's note moved
    by the OCR, whose last words are misread): then it moves with the run, keeping its rule.
    """
    astray: list[int] = []  # variants out of place: decided once every transposition is known
    for ds, fs in gaps:
        here = set(fs)
        inside = [x for x in ds if x in links and links[x][1] != "moved"]
        # Two draft words joined into one despatched word (``can not`` / ``cannot``) share it: the
        # second is in order exactly when the first is, so only the first is put in order.
        targets = [links[x][0] for x in inside]
        second = ({x for n, x in enumerate(inside) if n and targets[n] == targets[n - 1] and links[x][2] == SPLIT_JOIN}
                  if len(set(targets)) < len(targets) else ())
        if second:
            lead = [x for x in inside if x not in second]
            targets = [links[x][0] for x in lead]
        else:
            lead = inside
        keep = _longest_increasing([y if y in here else -1 for y in targets])
        in_place = {x for pos, (x, y) in enumerate(zip(lead, targets)) if pos in keep and y in here}
        if second:
            in_place.update(x for w, x in zip(inside, inside[1:]) if x in second and w in in_place)
        for x in inside:
            y, relation, rule, score = links[x]
            if x in in_place:
                continue
            if relation == "variant":
                astray.append(x)
            else:
                links[x] = (y, "moved", "transposed", score)
    while astray:  # a variant beside a moved pair moves with it, and may carry the next one along
        moving = [x for x in astray if _continues_move(links, x, links[x][0])]
        for x in moving:
            y, _relation, rule, score = links[x]
            links[x] = (y, "moved", rule, score)  # the misread end of a moved run moves with it
        astray = [x for x in astray if x not in moving]
        if not moving:
            break
    for x in astray:
        del links[x]  # a misreading is only believed in place, or at the edge of a moved run


def _continues_move(links, x: int, y: int) -> bool:
    """The draft word ``x`` and the despatched word ``y`` stand right after (or before) a moved pair."""
    before, after = links.get(x - 1), links.get(x + 1)
    return bool(
        (before and before[0] == y - 1 and before[1] == "moved")
        or (after and after[0] == y + 1 and after[1] == "moved")
    )


def _refine_steps(runs, links, extra, seconds):
    """The diff's runs as steps in order: each run of matches one step ``("run", x, y, length)``;
    in a gap, a word linked in place (equal or variant) a step of its own where both sides meet
    (``(op, x, y)``, content indices), the others ``("delete", x, length)`` and ``("insert", y,
    length)`` steps, each a stretch of consecutive words (a gap's words are consecutive on each
    side); the second of two draft words joined into one despatched word, a ``join`` step.
    ``extra`` maps a split word's second despatched word to its draft word; ``seconds`` is the same
    the other way round, draft word -> its second words.

    A stretch is one step, not one a word, so ``_weave`` takes it whole (dec88x276: 70 k words
    deleted or inserted: ``_weave`` 46-47 -> 32-34 ms, this stage as before, 22-24 ms).
    A gap is known by its bounds on each side (``_gap_steps``)."""
    out: list[tuple] = []
    d0 = d1 = f0 = f1 = 0  # the gap being gathered: draft words d0..d1-1, despatched words f0..f1-1
    for op, x, y, n in _spans(runs):
        if op == 0:
            if d0 < d1 or f0 < f1:
                _gap_steps(out, d0, d1, f0, f1, links, extra, seconds)
            out.append(("run", x, y, n))
            d0 = d1 = x + n
            f0 = f1 = y + n
        elif op == -1:
            d1 = x + n
        else:
            f1 = y + n
    if d0 < d1 or f0 < f1:
        _gap_steps(out, d0, d1, f0, f1, links, extra, seconds)
    return out


def _gap_steps(out: list[tuple], d0: int, d1: int, f0: int, f1: int, links, extra, seconds) -> None:
    """The steps of the gap of draft words ``d0``..``d1 - 1`` and despatched words ``f0``..``f1 - 1``,
    added to ``out``: the two sides walked together, a link placed in the gap (not ``moved``) where
    they meet.

    ``_settle_order`` leaves in a gap only links whose despatched words stand in it, in the draft's
    order, each after the one before, or on the same word (the second of a join): so the despatched
    words before a link's are the ones after the last link's, less the second words of split words
    (``extra``), which their first word's step takes. Only the gap's linked draft words are read
    (``filter``, in C): most of a gap is words deleted or inserted whole.
    """
    fi = f0  # the first despatched word not yet placed
    x0 = d0  # the first draft word not yet placed
    last = -1  # the despatched word of the last link placed here
    for x in filter(links.__contains__, range(d0, d1)):
        y, relation, _rule, _score = links[x]
        if relation == "moved":  # a moved word is deleted here, and stands at its partner's place
            continue
        if x0 < x:
            out.append(("delete", x0, x - x0))
        x0 = x + 1
        if y == last:  # the second of two draft words joined into one: same op as the first
            out.append(("join", x, None))
            continue
        last = y
        if fi < y:
            out += [("insert", run[0], len(run)) for run in _free_stretches([range(fi, y)], extra.keys())]
        out.append((relation, x, y))
        out.extend(("attach", None, y2) for y2 in seconds.get(x, ()))
        fi = y + 1
    if x0 < d1:
        out.append(("delete", x0, d1 - x0))
    if fi < f1:
        out += [("insert", run[0], len(run)) for run in _free_stretches([range(fi, f1)], extra.keys())]


_new_op = maker(Op)  # an op a stretch of one kind: see ``model.maker``

_MERGED = frozenset({"equal", "delete", "insert", "furniture"})
"""Ops that absorb a following step of the same kind (a variant stands alone)."""

def _weave(d_fur: list[int], f_fur: list[int], d_i: list[int], f_i: list[int], steps) -> Iterable[Op]:
    """Merge steps into ops on token indices, with furniture tokens back in their places.

    ``d_i`` and ``f_i`` are the token index of each content word (the steps count content words),
    ``d_fur`` and ``f_fur`` of each furniture token (``_places``).

    Ops are gathered as lists and made ``Op`` values once at the end: growing a
    frozen op's tuples step by step would copy them at every step. A step is taken as a
    stretch of words on each side (one word, for a link in a gap), so the furniture before
    a stretch is looked for in one place. A side with no word in a step is at token -1,
    before any furniture; a side with no furniture left has its next at infinity: the test
    is two comparisons, with no None to rule out.
    """
    di = fi = 0
    kinds: list[str] = []
    drafts: list[list[int]] = []
    finals: list[list[int]] = []

    def open_op(op: str) -> None:
        if not (kinds and kinds[-1] == op and op in _MERGED):
            kinds.append(op)
            drafts.append([])
            finals.append([])

    def furniture_before(dlim: float, flim: float) -> None:
        # The furniture tokens before the limits, a side's at once (bisected: they are in order):
        # one furniture op takes them, as it would take them one by one.
        nonlocal di, fi, next_d, next_f
        k = bisect_left(d_fur, dlim, di)
        if k > di:
            open_op("furniture")
            drafts[-1] += d_fur[di:k]
            di = k
            next_d = d_fur[di] if di < len(d_fur) else _NOWHERE
        k = bisect_left(f_fur, flim, fi)
        if k > fi:
            open_op("furniture")
            finals[-1] += f_fur[fi:k]
            fi = k
            next_f = f_fur[fi] if fi < len(f_fur) else _NOWHERE

    next_d: float = d_fur[0] if d_fur else _NOWHERE  # the next furniture token on each side
    next_f: float = f_fur[0] if f_fur else _NOWHERE
    for step in steps:
        op = step[0]
        if op == "run":
            _, x, y, n = step
            op = "equal"
        elif op == "delete":
            (_, x, n), y = step, None
        elif op == "insert":
            (_, y, n), x = step, None
        else:  # one word on each side (a link), or on one (the second word of a split or a join)
            op, x, y = step
            n = 1
            if op in ("attach", "join"):
                # The second despatched word of a split, or the second draft word of a join: in the op
                # of its first, unless furniture stands between; then after it, in a variant op of its own.
                side, at, nxt = (finals, f_i[y], next_f) if op == "attach" else (drafts, d_i[x], next_d)
                if nxt > at:
                    side[-1].append(at)
                    continue
                op = "variant"
        done = 0
        while done < n:  # whole, or in pieces where furniture stands among the words
            dx = d_i[x + done] if x is not None else -1
            fy = f_i[y + done] if y is not None else -1
            if next_d < dx or next_f < fy:
                furniture_before(dx, fy)
            # The words before the next furniture token on either side (at least the first: the
            # furniture before it is placed), taken at once, as word by word they would join one op.
            k = n - done
            if x is not None and next_d < d_i[x + n - 1]:
                k = bisect_left(d_i, next_d, x + done, x + n) - x - done
            if y is not None and next_f < f_i[y + done + k - 1]:
                k = bisect_left(f_i, next_f, y + done, y + done + k) - y - done
            if not (kinds and kinds[-1] == op and op in _MERGED):  # open_op(op), inline: it runs for every step
                kinds.append(op)
                drafts.append([])
                finals.append([])
            if x is not None:
                drafts[-1].extend(d_i[x + done : x + done + k])
            if y is not None:
                finals[-1].extend(f_i[y + done : y + done + k])
            done += k
    furniture_before(_NOWHERE, _NOWHERE)
    return [_new_op(op, tuple(d), tuple(f)) for op, d, f in zip(kinds, drafts, finals)]


_NOWHERE = float("inf")
"""The place of the next furniture token on a side that has none left (``_weave``)."""
