"""Two witnesses → token links and a merged reading order.

The token diff (``tokendiff.py``, the only module that touches diff-match-patch)
links the words both texts share in order. Then three refinements, in this order:

1. moves: runs of words that the diff left unmatched on both sides but that
   stand at different places (a sentence the OCR put after the signature);
2. variants: inside each gap, words that are the same word read differently
   (``variants.py`` decides, with a small dynamic programme for order);
3. furniture tokens, kept out of the diff, are woven back into the reading order.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from .model import Alignment, Link, Op, Token, Witness
from .tokendiff import _longest_increasing, diff_runs, diff_tokens, encode
from .variants import Pairing, judge

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
    """

    min_move: int = 3
    local_move: int = 2
    local_window: int = 12
    variants: bool = True
    max_gap_cells: int = 40_000


def _content(w: Witness) -> list[Token]:
    return [t for t in w.tokens if t.furniture is None]


def align(draft: Witness, final: Witness, options: AlignOptions = AlignOptions()) -> Alignment:
    """Link the words of ``draft`` and ``final`` and put both in one reading order."""
    d_tok, f_tok = _content(draft), _content(final)
    a, b = encode([t.key for t in d_tok], [t.key for t in f_tok])
    steps: list[tuple[str, int | None, int | None]] = []  # (op, content index draft, content index final)
    i = j = 0
    runs, method = diff_tokens(a, b)
    for op, n in runs:
        for _ in range(n):
            if op == 0:
                steps.append(("equal", i, j))
                i, j = i + 1, j + 1
            elif op == -1:
                steps.append(("delete", i, None))
                i += 1
            else:
                steps.append(("insert", None, j))
                j += 1
    links: dict[int, tuple[int, str, str, float]] = {}  # draft content idx -> (final idx, relation, rule, score)
    extra: dict[int, int] = {}  # second final word of a split (``No-10`` / ``NO. 10``) -> draft content idx
    for op, x, y in steps:
        if op == "equal":
            links[x] = (y, "equal", "diff", 1.0)
    gaps = _gaps(steps)
    _find_moves(d_tok, f_tok, links, gaps, options)
    if options.variants:
        _find_variants(d_tok, f_tok, links, extra, _bounded_gaps(links, d_tok, len(f_tok)), options)
    _settle_order(gaps, links)
    steps = _refine_steps(steps, links, extra)
    found = [Link(d_tok[x].i, f_tok[y].i, rel, rule, score) for x, (y, rel, rule, score) in links.items()]
    found += [Link(d_tok[x].i, f_tok[y].i, "variant", "split-join", 1.0) for y, x in extra.items()]
    return Alignment(
        links=tuple(sorted(found, key=lambda l: (l.draft, l.final))),
        ops=tuple(_weave(draft, final, d_tok, f_tok, steps)),
        method=method,
    )


def _gaps(steps: list[tuple[str, int | None, int | None]]) -> list[tuple[list[int], list[int]]]:
    """The unmatched stretches between two equal steps: (draft content idx, final content idx)."""
    gaps: list[tuple[list[int], list[int]]] = []
    cur: tuple[list[int], list[int]] = ([], [])
    for op, x, y in steps:
        if op == "equal":
            if cur[0] or cur[1]:
                gaps.append(cur)
            cur = ([], [])
        elif op == "delete":
            cur[0].append(x)  # type: ignore[arg-type]
        else:
            cur[1].append(y)  # type: ignore[arg-type]
    if cur[0] or cur[1]:
        gaps.append(cur)
    return gaps


def _segments(indices: Iterable[int]) -> list[list[int]]:
    """Split sorted indices into runs of consecutive numbers."""
    runs: list[list[int]] = []
    for k in sorted(indices):
        if runs and runs[-1][-1] == k - 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    return runs


def _find_moves(d_tok, f_tok, links, gaps, options: AlignOptions) -> None:
    """Link runs of unmatched words that stand at different places on the two sides.

    Longest runs first. A run shorter than ``min_move`` counts only when its two
    places are within ``local_window`` words of each other (a transposition such as
    "a decision very soon" for "very soon a decision"). A run found inside one gap
    is an ordinary match the diff's cleanup let go, and is linked as equal.
    """
    gap_of_d = {x: g for g, (ds, _) in enumerate(gaps) for x in ds}
    gap_of_f = {y: g for g, (_, fs) in enumerate(gaps) for y in fs}
    # Where each unmatched final word would sit in the draft: the draft index of the last equal before it.
    anchor_f: dict[int, int] = {}
    last_d = -1
    inv = {y: x for x, (y, *_rest) in links.items()}
    for y in range(len(f_tok)):
        if y in inv:
            last_d = inv[y]
        else:
            anchor_f[y] = last_d
    for shortest in (options.min_move, options.local_move):
        linked_f = {v[0] for v in links.values()}
        free_d = [x for x in gap_of_d if x not in links]
        free_f = [y for y in gap_of_f if y not in linked_f]
        # All maximal common runs at once, then the longest first; a run that overlaps
        # one already taken is trimmed to its free part, and kept if still long enough.
        taken_d: set[int] = set()
        taken_f: set[int] = set()
        for x0, y0, n in _common_runs(d_tok, f_tok, free_d, free_f, shortest, options, anchor_f):
            ks = [k for k in range(n) if x0 + k not in taken_d and y0 + k not in taken_f]
            if len(ks) < shortest or ks != list(range(ks[0], ks[0] + len(ks))):
                continue
            for k in ks:
                same_gap = gap_of_d[x0 + k] == gap_of_f[y0 + k]
                links[x0 + k] = (y0 + k, "equal" if same_gap else "moved", "gap-match" if same_gap else "move", 1.0)
                taken_d.add(x0 + k)
                taken_f.add(y0 + k)


def _common_runs(d_tok, f_tok, free_d, free_f, shortest, options, anchor_f) -> list[tuple[int, int, int]]:
    """Maximal runs of equal keys between free draft and free final words, longest first.

    Keys and free flags are plain lists, grams are slices of consecutive indices, and the
    common-word and uniqueness tests scan the run (no set per candidate)."""
    if not free_d or not free_f:
        return []
    local = shortest < options.min_move
    dk = [t.key for t in d_tok]
    fk = [t.key for t in f_tok]
    fd = bytearray(len(dk) + 1)  # the extra slot (also index -1) is never free: runs stop there
    ff = bytearray(len(fk) + 1)
    for x in free_d:
        fd[x] = 1
    for y in free_f:
        ff[y] = 1
    index: dict[tuple[str, ...], list[int]] = {}
    for run in _segments(free_d):
        x0 = run[0]
        for s in range(len(run) - shortest + 1):
            bucket = index.setdefault(tuple(dk[x0 + s : x0 + s + shortest]), [])
            if len(bucket) < 64:
                bucket.append(x0 + s)
    if local:
        counts = Counter(dk) + Counter(fk)
        unique = {k: v == 2 for k, v in counts.items()}
    window = options.local_window
    found: set[tuple[int, int, int]] = set()
    for run in _segments(free_f):
        y0 = run[0]
        for s in range(len(run) - shortest + 1):
            y = y0 + s
            bucket = index.get(tuple(fk[y : y + shortest]))
            if not bucket:
                continue
            prev_free_f = ff[y - 1]
            for x in bucket:
                if prev_free_f and fd[x - 1] and dk[x - 1] == fk[y - 1]:
                    continue  # not the start of a maximal run
                n = 0
                while fd[x + n] and ff[y + n] and dk[x + n] == fk[y + n]:
                    n += 1
                if n < shortest:
                    continue
                run_keys = dk[x : x + n]
                if all(k in STOPWORDS for k in run_keys):
                    continue
                if local and abs(anchor_f.get(y, x) - x) > window and not all(unique.get(k) for k in run_keys):
                    continue
                found.add((x, y, n))
    return sorted(found, key=lambda r: (-r[2], r[0], r[1]))


def _bounded_gaps(links, d_tok, n_f: int) -> list[tuple[list[int], list[int], str]]:
    """Stretches of unmatched words that stand next to the same match on both sides.

    Computed after moves, so a moved run is an anchor too: the words right after a
    moved sentence on each side form a gap of their own, where a misreading can be found.
    Each gap says which match anchors it: ``left`` (the match before), ``right`` (the
    match after) or ``both``; the words at the same distance from that match stand opposite.
    A stretch that runs over a paragraph break is offered first as its first paragraph
    (anchored left) and its last (anchored right), then whole: a hand's note on a line of
    its own (``actually implemented after negotiations``) is read against the despatched
    words beside its anchor before the typed paragraphs the OCR put after it.
    """
    n_d = len(d_tok)
    linked_f = {v[0] for v in links.values()}

    def after(x: int) -> list[int]:  # unmatched despatched words after draft x's partner
        y = links[x][0] + 1 if x >= 0 else 0
        out = []
        while y < n_f and y not in linked_f:
            out.append(y)
            y += 1
        return out

    def before(x: int) -> list[int]:  # unmatched despatched words before draft x's partner
        y = links[x][0] - 1 if x < n_d else n_f - 1
        out: list[int] = []
        while y >= 0 and y not in linked_f:
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

    x = 0
    while x < n_d:
        if x in links:
            x += 1
            continue
        start = x
        while x < n_d and x not in links:
            x += 1
        draft = list(range(start, x))
        left, right = after(start - 1), before(x)
        first = [k for k in draft if d_tok[k].para == d_tok[start].para]
        if len(first) < len(draft):  # the stretch crosses a paragraph break
            last = [k for k in draft if d_tok[k].para == d_tok[x - 1].para]
            add(first, left, None)
            add(last, None, right)
        add(draft, left, right)
    return gaps


def _find_variants(d_tok, f_tok, links, extra, gaps, options: AlignOptions) -> None:
    """Inside each gap, link words that are the same word read differently, keeping order.

    A dynamic programme over the gap's cells: the best total score, the first best kept
    (up, left, pair, split, join). A cell with no scored pair, split or join only compares
    up and left. A pair is judged only when a rule could fire (equal keys; a shared first
    letter and different lengths, for an abbreviation; words of four letters or more with
    lengths that allow a similarity of 0.6, for an OCR reading; a manuscript word-for-word
    swap), and each distinct pairing is judged once; splits and joins are looked up by
    the joined key.
    """
    vocab: dict[str, int] = {}
    for t in (*d_tok, *f_tok):
        vocab[t.key] = vocab.get(t.key, 0) + 1
    vocab_d = Counter(t.key for t in d_tok)
    vocab_f = Counter(t.key for t in f_tok)
    linked_f = {v[0] for v in links.values()}
    memo: dict = {}
    UP, LEFT, PAIR, SPLIT, JOIN = 0, 1, 2, 3, 4
    for ds, fs, side in gaps:
        ds = [x for x in ds if x not in links]
        fs = [y for y in fs if y not in linked_f]
        if not ds or not fs or len(ds) * len(fs) > options.max_gap_cells:
            continue
        alone = len(ds) == len(fs) <= 3
        small = min(len(ds), len(fs)) <= 2
        m, n = len(ds), len(fs)
        fkeys = [f_tok[y].key for y in fs]
        flens = [len(k) for k in fkeys]
        ffirst = [k[:1] for k in fkeys]
        # special[p] = {q: (pair score tuple or None, split?, join?)} for the cells that need more than up/left
        pair_at: list[dict[int, tuple[str, float]]] = [dict() for _ in range(m + 1)]
        split_at: list[set[int]] = [set() for _ in range(m + 1)]
        join_at: list[set[int]] = [set() for _ in range(m + 1)]
        joined_f: dict[str, list[int]] = {}
        for q in range(2, n + 1):
            joined_f.setdefault(fkeys[q - 2] + fkeys[q - 1], []).append(q)
        f_by_key: dict[str, list[int]] = {}
        for q in range(1, n + 1):
            f_by_key.setdefault(fkeys[q - 1], []).append(q)
        for p in range(1, m + 1):
            d = d_tok[ds[p - 1]]
            dk = d.key
            la = len(dk)
            hand = d.layer in ("hand", "inserted")
            rare = vocab[dk] == 1
            for q in joined_f.get(dk, ()):
                split_at[p].add(q)
            if p >= 2:
                for q in f_by_key.get(d_tok[ds[p - 2]].key + dk, ()):
                    join_at[p].add(q)
            first = dk[:1]
            ocr_ok = la >= 4 and (rare or hand)
            hand_alone = hand and alone
            row = pair_at[p]
            for q in range(1, n + 1):
                fk = fkeys[q - 1]
                if fk == dk:
                    unique = vocab_d[dk] == 1 and vocab_f[fk] == 1
                    if (unique and (dk not in STOPWORDS or small)) or (dk not in GLUE and _opposite(side, p, q, m, n)):
                        row[q] = ("gap-match", 1.0)
                    continue
                lb = flens[q - 1]
                if not (
                    (first and ffirst[q - 1] == first and la != lb)
                    or (ocr_ok and lb >= 4 and 2 * min(la, lb) >= 0.6 * (la + lb))
                    or (hand_alone and abs(la - lb) <= 1)
                ):
                    continue
                f = f_tok[fs[q - 1]]
                pr = Pairing(dk, fk, d.text, f.text, hand, rare, alone)
                s = memo.get(pr, memo)
                if s is memo:
                    s = memo[pr] = judge(pr)
                if s:
                    row[q] = s
        best = [[0.0] * (n + 1) for _ in range(m + 1)]
        move = [[None] * (n + 1) for _ in range(m + 1)]
        for p in range(1, m + 1):
            bp, bp1 = best[p], best[p - 1]
            bp2 = best[p - 2] if p >= 2 else None
            mp = move[p]
            row, sp, jn = pair_at[p], split_at[p], join_at[p]
            for q in range(1, n + 1):
                val, mv = bp1[q], (UP,)
                if bp[q - 1] > val:
                    val, mv = bp[q - 1], (LEFT,)
                s = row.get(q) if row else None
                if s and bp1[q - 1] + s[1] > val:
                    val, mv = bp1[q - 1] + s[1], (PAIR, s)
                if sp and q in sp and bp1[q - 2] + 1.5 > val:
                    val, mv = bp1[q - 2] + 1.5, (SPLIT,)
                if jn and q in jn and bp2[q - 1] + 1.5 > val:
                    val, mv = bp2[q - 1] + 1.5, (JOIN,)
                bp[q], mp[q] = val, mv
        p, q = m, n
        while p > 0 and q > 0:
            mv = move[p][q]
            if mv[0] == UP:
                p -= 1
            elif mv[0] == LEFT:
                q -= 1
            elif mv[0] == PAIR:
                rule, sc = mv[1]
                links[ds[p - 1]] = (fs[q - 1], "equal" if rule == "gap-match" else "variant", rule, sc)
                p, q = p - 1, q - 1
            elif mv[0] == SPLIT:
                links[ds[p - 1]] = (fs[q - 2], "variant", "split-join", 1.0)
                extra[fs[q - 1]] = ds[p - 1]
                p, q = p - 1, q - 2
            else:
                links[ds[p - 2]] = (fs[q - 1], "variant", "split-join", 1.0)
                links[ds[p - 1]] = (fs[q - 1], "variant", "split-join", 1.0)
                p, q = p - 2, q - 1


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
        keep = _longest_increasing([links[x][0] if links[x][0] in here else -1 for x in inside])
        for pos, x in enumerate(inside):
            y, relation, rule, score = links[x]
            if pos in keep and y in here:
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


def _refine_steps(steps, links, extra):
    """Turn gap words that became equal/variant links into steps of their own, in order."""
    out: list[tuple[str, int | None, int | None]] = []
    splits: dict[int, list[int]] = {}
    for y2, x2 in extra.items():
        splits.setdefault(x2, []).append(y2)
    pending_d: list[int] = []
    pending_f: list[int] = []

    def flush() -> None:
        # Walk the gap's two sides together, emitting in-gap links where both meet.
        linked = {x: links[x] for x in pending_d if x in links and links[x][1] != "moved"}
        targets = {v[0]: x for x, v in linked.items()} | dict(extra)
        fi = 0
        for x in pending_d:
            if x in linked:
                y = linked[x][0]
                while fi < len(pending_f) and pending_f[fi] != y:
                    yy = pending_f[fi]
                    if yy not in targets:
                        out.append(("insert", None, yy))
                    fi += 1
                out.append((linked[x][1], x, y))
                out.extend(("attach", None, y2) for y2 in splits.get(x, ()))
                fi += 1
            else:
                out.append(("delete", x, None))
        for yy in pending_f[fi:]:
            if yy not in targets:
                out.append(("insert", None, yy))
        pending_d.clear()
        pending_f.clear()

    for op, x, y in steps:
        if op == "equal":
            flush()
            out.append((op, x, y))
        elif op == "delete":
            pending_d.append(x)
        else:
            pending_f.append(y)
    flush()
    return out


def _weave(draft: Witness, final: Witness, d_tok, f_tok, steps) -> Iterable[Op]:
    """Merge steps into ops on token indices, with furniture tokens back in their places."""
    d_fur = [t.i for t in draft.tokens if t.furniture is not None]
    f_fur = [t.i for t in final.tokens if t.furniture is not None]
    di = fi = 0
    ops: list[Op] = []

    def push(op: str, d: tuple[int, ...] = (), f: tuple[int, ...] = ()) -> None:
        if ops and ops[-1].op == op and op in ("equal", "delete", "insert", "furniture"):
            last = ops[-1]
            ops[-1] = Op(op, last.draft + d, last.final + f)
        else:
            ops.append(Op(op, d, f))

    def furniture_before(dlim: float | None, flim: float | None) -> None:
        nonlocal di, fi
        while dlim is not None and di < len(d_fur) and d_fur[di] < dlim:
            push("furniture", (d_fur[di],))
            di += 1
        while flim is not None and fi < len(f_fur) and f_fur[fi] < flim:
            push("furniture", (), (f_fur[fi],))
            fi += 1

    for op, x, y in steps:
        dx = d_tok[x].i if x is not None else None
        fy = f_tok[y].i if y is not None else None
        if op == "attach":  # the second despatched word of a split: same op as its first
            last = ops[-1]
            ops[-1] = Op(last.op, last.draft, last.final + (fy,))  # type: ignore[operator]
            continue
        furniture_before(dx, fy)
        if op in ("equal", "variant"):
            push(op, (dx,), (fy,))  # type: ignore[arg-type]
        elif op == "delete":
            push(op, (dx,))  # type: ignore[arg-type]
        else:
            push(op, (), (fy,))  # type: ignore[arg-type]
    furniture_before(float("inf"), float("inf"))
    return ops
