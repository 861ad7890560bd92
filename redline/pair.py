"""Pairing: documents → proposed draft/despatch pairs (and copies of one text), each with a score and its evidence.

Cheap first, dear last. Every document's words are reduced to comparison keys
(page furniture left out) and to shingles of three words; only pairs that share
enough *rare* shingles (found in few documents) are aligned at all, and then
with a word-level sequence match. The score is mostly the share of aligned
words, raised by independent evidence: a covering letter beside one side that
says "I enclose a draft" or "amended in some respects from your draft", dates
that agree, a shared serial number, and which side is plainly the draft
(manuscript amendments, a DRAFT heading) or the despatch (a telegram envelope,
a message form with a serial). Texts that are almost word for word the same are
flagged as copies; a draft is paired with one copy of a despatched text (the one
that looks most like the despatch), and the other copies are named in the evidence.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, replace
from itertools import combinations
from pathlib import Path
from typing import Mapping, Sequence

from . import furniture
from .gcpause import paused
from .model import Source
from .parse import parse
from .read import line_index, lines as split_lines
from .segment import Document, as_date, as_dict

MIN_WORDS = 30
"""Documents with fewer words of text than this are not paired."""
MIN_SHARED_SHINGLES = 5
"""Rare three-word shingles two documents must share before they are aligned."""
RARE_DOCS = 12
"""A shingle found in more groups of copies than this (or a quarter of them, if fewer) is not rare."""
POSTING_CAP = 64
"""Shingles found in more documents than this are boilerplate, ignored even when looking for copies."""
COPY_SHINGLES = 0.6
"""Share of the shorter text's shingles two texts must share before they are aligned as possible copies."""
COPY_SHARE = 0.9
"""Share of aligned words above which two texts are copies of one another (unless one is plainly the draft)."""
THRESHOLD = 0.35
"""Lowest score proposed."""
MIN_SHARE = 0.45
"""Lowest share of aligned words for a draft/despatch pair, whatever the other evidence."""
PARALLEL_FROM = 2000
"""Candidate pairs from which ``discover`` aligns them on its ``jobs`` processes: fewer take less time
than starting the processes (about half a second)."""
INDEX_FROM = 500
"""From this many documents (long enough to pair) on, both copies and draft/despatch candidates
come from the MinHash/LSH index (``redline.index``: linear in the words, recall 0.98 on 20 000
synthetic documents) instead of the shingle postings, whose cost grows with the square of a
posting's length."""
STOPWORDS = frozenset(
    "a an and as at be been by for from has have he her his i if in is it its me my not of on or our she so that the "
    "their them they this to was we were which will with would you your us".split()
)

_DRAFT_STATEMENT = re.compile(r"\b(?:attach|enclose)[sd]?\b[^.]{0,60}?\bdraft\b", re.I)
_AMENDED_STATEMENT = re.compile(r"\bamended\b[^.]{0,80}?\b(?:your|the|our)\s+draft\b", re.I)
_DESPATCH_STATEMENT = re.compile(
    r"\b(?:enclose|attach)[sd]?\b[^.]{0,200}?\b(?:despatched|dispatched|transmitted|sent|telegraphed)\b", re.I
)


@dataclass(frozen=True, slots=True)
class Proposal:
    """A proposed pair: a draft and the text despatched from it, or two copies of one text."""

    id: str
    """A short name, usable as a file name: ``001-78-348``."""
    draft: Document
    """The draft (for copies: the earlier copy in file order)."""
    final: Document
    """The despatched text (for copies: the later copy)."""
    score: float
    """Confidence in [0, 1]: mostly the share of aligned words, raised by independent evidence."""
    copies: bool = False
    """True when the two are copies of one text, not a draft and its despatch."""
    evidence: tuple[str, ...] = ()
    """Why the pair was proposed and why the sides are this way round."""
    shared: float = 0.0
    """Share of aligned words (Dice: twice the aligned words over both lengths)."""
    source: str = "discovered"
    """``discovered`` by redline, or ``manifest`` when named by hand."""
    title: str | None = None
    """A title for the pair (a manifest's, or the despatched document's)."""
    draft_label: str | None = None
    final_label: str | None = None


@dataclass(frozen=True, slots=True)
class Unpaired:
    """A document left out of every pair, and why."""

    document: Document
    reason: str


@dataclass(frozen=True, slots=True)
class Discovery:
    """What ``discover`` found: the proposals, best first, and the documents left unpaired."""

    proposals: tuple[Proposal, ...]
    unpaired: tuple[Unpaired, ...]


# ---- per-document features --------------------------------------------------------------------------


def words(doc: Document, text: str) -> list[str]:
    """The comparison keys of a document's words, page furniture left out (struck text kept)."""
    starts = line_index(text).starts  # one index a file, shared by its documents (and by ``parse``)
    last = min(doc.last, len(starts))
    start = starts[doc.first - 1]
    end = starts[last] if last < len(starts) else len(text)
    witness = furniture.mark(parse(Source(doc.path, text, doc.first, last, start, end)), "draft")
    return [t.key for t in witness.tokens if t.furniture is None]


def document_keys(documents: Sequence[Document], text: str) -> dict[tuple[str, int], list[str]]:
    """The words of each document of one file, as ``discover`` reads them (closure cards left out)."""
    return {_key(d): words(d, text) for d in documents if d.kind != "closure-card"}


def shingles(keys: Sequence[str], n: int = 3) -> set[tuple[str, ...]]:
    """Runs of ``n`` words, leaving out runs made only of common words.

    >>> sorted(shingles("the cat sat on the mat".split()))
    [('cat', 'sat', 'on'), ('on', 'the', 'mat'), ('sat', 'on', 'the'), ('the', 'cat', 'sat')]
    """
    if n == 3:  # the only size ``discover`` asks for, written out: a third of the time of the general form
        common = [k in STOPWORDS for k in keys]
        return {(a, b, c) for a, b, c, x, y, z in zip(keys, keys[1:], keys[2:], common, common[1:], common[2:])
                if not (x and y and z)}
    return {tuple(keys[i : i + n]) for i in range(len(keys) - n + 1) if not all(k in STOPWORDS for k in keys[i : i + n])}


class _Shingles(dict):
    """Each text's shingles, worked out when first asked for: at scale only the index's
    candidates ever need them."""

    def __init__(self, seqs: Sequence[Sequence[str]]) -> None:
        super().__init__()
        self.seqs = seqs

    def __missing__(self, n: int) -> set[tuple[str, ...]]:
        found = self[n] = shingles(self.seqs[n])
        return found


def aligned(a: Sequence[str], b: Sequence[str], run: int = 3) -> int:
    """Words of ``a`` aligned with ``b`` in runs of at least ``run`` words (stray common words do not count).

    >>> aligned("we face a very important decision now".split(), "we face a very hard decision".split())
    4
    """
    from .align import diff_runs, encode  # the token diff is align's; imported here, where a candidate is compared

    x, y = encode(a, b)
    return sum(n for op, n in diff_runs(x, y) if op == 0 and n >= run)


def _aligned_block(block: list[tuple[Sequence[str], Sequence[str]]]) -> list[int]:
    """``aligned`` on each pair of a block: the work one process is sent at a time."""
    return [aligned(a, b) for a, b in block]


def aligned_pairs(seqs: Sequence[Sequence[str]], pairs: Sequence[tuple[int, int]], jobs: int = 1) -> list[int]:
    """``aligned(seqs[i], seqs[j])`` for each ``(i, j)`` of ``pairs``, in order: on ``jobs`` processes
    when there are ``PARALLEL_FROM`` pairs or more (the same numbers: ``aligned`` is a function of its
    two texts alone), else here.

    Each process is sent blocks of pairs with their two texts (a few kilobytes a pair), not all
    texts: at 20 000 documents the candidates are a fraction of them.
    """
    if jobs <= 1 or len(pairs) < PARALLEL_FROM:
        return [aligned(seqs[i], seqs[j]) for i, j in pairs]
    from .batch import executor  # the survey's pool: workers that ignore Ctrl-C and die with this process

    size = max(64, len(pairs) // (jobs * 8))
    blocks = [[(seqs[i], seqs[j]) for i, j in pairs[k : k + size]] for k in range(0, len(pairs), size)]
    with executor(jobs) as pool:
        return [n for done in pool.map(_aligned_block, blocks) for n in done]


def amendments(doc: Document, text: str) -> int:
    """Manuscript amendment marks (``~~`` struck text, ``<sup>`` insertions) within the document."""
    if "~" not in text and "<" not in text:  # a file without marks (most), not split into lines for each of its documents
        return 0
    lines = split_lines(text)[doc.first - 1 : doc.last]
    joined = "\n".join(lines)
    return joined.count("~~") // 2 + len(re.findall(r"<sup\s*>", joined, re.I))


def _draftness(doc: Document, text: str, covers: Mapping[tuple[str, int], list[str]]) -> tuple[int, list[str]]:
    """Positive when the document looks like a draft, negative when it looks despatched; with reasons."""
    score, why = 0, []
    if doc.kind == "draft":
        score += 2
        why.append(f"{_where(doc)} is a draft ({next((e for e in doc.evidence if e.startswith('kind')), 'kind draft')})")
    marks = amendments(doc, text)
    if marks:
        score += 1
        why.append(f"{_where(doc)} carries {marks} manuscript amendments")
    if doc.kind in ("telegram", "form"):
        score -= 2
        why.append(f"{_where(doc)} is a {doc.kind}, the form a message is despatched in")
    if doc.serials and doc.kind != "draft":
        score -= 1
        why.append(f"{_where(doc)} carries serial {doc.serials[0]}")
    for role in covers.get(_key(doc), []):
        score += 1 if role == "draft" else -1
        why.append(f"{_where(doc)} is called a {role} by its covering document")
    return score, why


def _opposed(lean_a: int, lean_b: int) -> bool:
    """One text looks like a draft and the other like a despatch: a pair, even if the words are the same."""
    return max(lean_a, lean_b) > 0 and min(lean_a, lean_b) < 0


def _where(doc: Document) -> str:
    return f"{doc.path}:{doc.first}-{doc.last}"


def _key(doc: Document) -> tuple[str, int]:
    return (doc.path, doc.first)


def _covering(documents: Sequence[Document], texts: Mapping[str, str]) -> tuple[dict, dict, dict]:
    """Covering statements: for each enclosure, the roles its covering document gives it, the quotes,
    and the covering document's date (an undated enclosure is taken to be of its covering letter's date)."""
    roles: dict[tuple[str, int], list[str]] = {}
    quotes: dict[tuple[str, int], list[str]] = {}
    dates: dict[tuple[str, int], str] = {}
    by_file: dict[str, list[Document]] = {}
    for d in documents:
        by_file.setdefault(d.path, []).append(d)
    for path, docs in by_file.items():
        if len(docs) < 2:  # no enclosure beside the document
            continue
        lines = split_lines(texts[path])
        for n, d in enumerate(docs):
            if d.kind not in ("letter", "minute", "other"):
                continue
            nxt = docs[n + 1] if n + 1 < len(docs) else None
            enclosure = nxt if nxt is not None else (docs[n - 1] if n else None)
            if enclosure is None or enclosure.kind == "closure-card":
                continue
            body = " ".join(" ".join(lines[d.first - 1 : d.last]).split())
            if d.date and re.search(r"\b(?:attach|enclose)", body, re.I):
                dates.setdefault(_key(enclosure), d.date)
            for pattern, role in ((_AMENDED_STATEMENT, "despatch"), (_DESPATCH_STATEMENT, "despatch"), (_DRAFT_STATEMENT, "draft")):
                m = pattern.search(body)
                if m and not (role == "draft" and _AMENDED_STATEMENT.search(body)):
                    roles.setdefault(_key(enclosure), []).append(role)
                    quote = m[0] if len(m[0]) <= 80 else m[0][:38] + " … " + m[0][-38:]
                    quotes.setdefault(_key(enclosure), []).append(f"{role}: covering {d.kind} {_where(d)} says {quote!r}")
                    break
    return roles, quotes, dates


# ---- discovery -----------------------------------------------------------------------------------


def discover(documents: Sequence[Document], texts: Mapping[str, str], threshold: float = THRESHOLD,
             index_from: int = INDEX_FROM, keys: Mapping[tuple[str, int], list[str]] | None = None,
             jobs: int = 1, signatures: Mapping[tuple[str, int], tuple[int, ...]] | None = None) -> Discovery:
    """Propose draft/despatch pairs and copies among ``documents`` (whose files' texts are in ``texts``).

    ``keys`` may give each document's words (``document_keys``), worked out beforehand,
    for instance on several processes while the files were segmented. ``jobs`` processes align
    the candidates of each pass (``aligned_pairs``), the bulk of the work on a large archive; the
    result is the same for any ``jobs``. ``signatures`` may give the MinHash signatures of the
    documents' ``keys`` (``index.signatures``), worked out with them; those it lacks are worked out
    here.

    Two cheap passes over shared shingles come before any alignment: texts that share most
    of their shingles are aligned to find copies, which are grouped; then shingles are
    counted once per group, and only groups sharing enough *rare* shingles are aligned as
    candidate draft/despatch pairs (one pair per two groups; copies do not multiply pairs).
    From ``index_from`` texts on, both passes take their candidates from one MinHash/LSH
    index instead of the postings.
    """
    # The cyclic collector paused (nothing aged): pairing an archive makes millions of tuples, lists and
    # sets, none in a cycle, and as they pile up the collector runs again and again, each full run
    # walking every key held: on 20 000 documents (bench.corpus --discover) 3.9-4.2 s CPU with it, 2.5 s
    # without. Reference counting still frees what it can; a cycle made meanwhile waits for the next collection.
    with paused(promote=False):
        return _discover(documents, texts, threshold, index_from, keys, jobs, signatures)


def _discover(documents: Sequence[Document], texts: Mapping[str, str], threshold: float, index_from: int,
              keys: Mapping[tuple[str, int], list[str]] | None, jobs: int,
              signatures: Mapping[tuple[str, int], tuple[int, ...]] | None) -> Discovery:
    unpaired: dict[tuple[str, int], str] = {}
    for d in documents:
        if d.kind == "closure-card":
            unpaired[_key(d)] = "closure card: a record retained or closed, never paired"
    keys = {**(keys or {})}
    for d in documents:
        if d.kind != "closure-card" and _key(d) not in keys:
            keys[_key(d)] = words(d, texts[d.path])
    eligible = [d for d in documents if d.kind != "closure-card" and len(keys[_key(d)]) >= MIN_WORDS]
    for d in documents:
        if _key(d) in keys and len(keys[_key(d)]) < MIN_WORDS:
            unpaired[_key(d)] = f"too little text to pair ({len(keys[_key(d)])} words)"
    seqs = [keys[_key(d)] for d in eligible]
    sh = _Shingles(seqs)
    cover = _covering(documents, texts)
    lean = [_draftness(d, texts[d.path], cover[0])[0] for d in eligible]
    # Which texts share enough to be worth aligning: many documents go through MinHash/LSH
    # (``index.py``), never all pairs; a few through the postings of their shingles.
    at_scale = len(eligible) >= index_from
    postings: dict[tuple[str, ...], list[int]] = {}
    doc_pairs: list[tuple[int, int]] = []
    if at_scale:
        from .index import Index, candidate_pairs

        given = signatures or {}
        if all(_key(d) in given for d in eligible):  # worked out while the files were read: index them as they are
            index: Index[int] = Index()
            for n, d in enumerate(eligible):
                index.add_signature(n, given[_key(d)])
            found_pairs = index.candidates()
        else:
            found_pairs = candidate_pairs(dict(enumerate(seqs)), jobs=jobs)
        doc_pairs = sorted({(min(c.a, c.b), max(c.a, c.b)) for c in found_pairs})
    else:
        for n in range(len(seqs)):
            for x in sh[n]:
                postings.setdefault(x, []).append(n)
    shares: dict[tuple[int, int], tuple[float, int]] = {}
    found: dict[tuple[int, int], int] = {}  # aligned words of each pair, worked out a pass at a time

    def align_all(pairs: list[tuple[int, int]]) -> None:
        """Align, on ``jobs`` processes, the pairs a pass will ask ``share`` about."""
        todo = list(dict.fromkeys((min(i, j), max(i, j)) for i, j in pairs))
        todo = [ij for ij in todo if ij not in found]
        found.update(zip(todo, aligned_pairs(seqs, todo, jobs)))

    def share(i: int, j: int, common: int) -> float:
        i, j = min(i, j), max(i, j)
        if (i, j) not in shares:
            n = found[(i, j)] if (i, j) in found else aligned(seqs[i], seqs[j])
            shares[(i, j)] = (2 * n / (len(seqs[i]) + len(seqs[j])), common)
        return shares[(i, j)][0]

    # pass 1: copies — texts that share most of their shingles, confirmed by alignment
    parent = list(range(len(eligible)))

    def find(k: int) -> int:
        while parent[k] != k:
            k = parent[k]
        return k

    together: Counter[tuple[int, int]] = Counter()
    for ids in postings.values():
        if 2 <= len(ids) <= POSTING_CAP:
            together.update(combinations(ids, 2))
    for i, j in doc_pairs:
        together[(i, j)] = len(sh[i] & sh[j])
    near_copies = sorted((ij, common) for ij, common in together.items()
                         if common >= COPY_SHINGLES * min(len(sh[ij[0]]), len(sh[ij[1]])))
    align_all([ij for ij, _ in near_copies])
    for (i, j), common in near_copies:
        if share(i, j, common) >= COPY_SHARE:
            if not _opposed(lean[i], lean[j]):
                parent[find(j)] = find(i)
    members: dict[int, list[int]] = {}
    for n in range(len(eligible)):
        members.setdefault(find(n), []).append(n)
    proposals: list[Proposal] = []
    align_all([(group[0], other) for group in members.values() for other in group[1:]])
    for group in members.values():
        first, *rest = group
        for other in rest:  # each copy against the first: n - 1 proposals, not every pair
            s = share(first, other, 0)
            a, b = eligible[first], eligible[other]
            proposals.append(Proposal(_pid(a, b), a, b, round(s, 3), True, (f"copies: {s:.0%} of the words align",),
                                      round(s, 3), title=b.title))

    # pass 2: draft/despatch candidates — groups sharing enough rare shingles (counted once per group)
    by_groups: Counter[tuple[int, int]] = Counter()
    if at_scale:  # the same candidates, each side standing for its group of copies
        for i, j in doc_pairs:
            ga, gb = sorted((find(i), find(j)))
            if ga != gb and (ga, gb) not in by_groups:
                by_groups[(ga, gb)] = len(sh[ga] & sh[gb])
    else:
        rare_limit = max(3, min(RARE_DOCS, len(members) // 4))
        for ids in postings.values():
            groups = sorted({find(n) for n in ids})
            if 2 <= len(groups) <= rare_limit:
                by_groups.update(combinations(groups, 2))
    align_all([gab for gab, common in by_groups.items() if common >= MIN_SHARED_SHINGLES])
    for (ga, gb), common in sorted(by_groups.items()):
        if common < MIN_SHARED_SHINGLES:
            continue
        s = share(ga, gb, common)
        if s < MIN_SHARE:
            continue
        p = _judge(eligible[ga], eligible[gb], s, common, [eligible[n] for n in members[ga]],
                   [eligible[n] for n in members[gb]], texts, cover)
        if p.score >= threshold:
            proposals.append(p)
    proposals.sort(key=lambda p: (-p.score, p.id))

    paired = {_key(x) for p in proposals for x in (p.draft, p.final)}
    closest: dict[int, tuple[float, int]] = {}  # each text's best-aligned other text, the first of equals
    for (i, j), (s, _) in shares.items():
        for n, other in ((i, j), (j, i)):
            if n not in closest or s > closest[n][0]:
                closest[n] = (s, other)
    for n, d in enumerate(eligible):
        if _key(d) in paired:
            continue
        if n not in closest and at_scale:
            unpaired[_key(d)] = "no other document is near it in the shingle index (MinHash/LSH), so none was aligned"
        elif n not in closest or closest[n][0] < 0.05:
            unpaired[_key(d)] = "shares no passage with any other document"
        else:
            s, other = closest[n]
            unpaired[_key(d)] = f"closest text is {_where(eligible[other])}, but only {s:.0%} of the words align"
    left = tuple(Unpaired(d, unpaired[_key(d)]) for d in documents if _key(d) in unpaired and _key(d) not in paired)
    return Discovery(tuple(proposals), left)


def _judge(a: Document, b: Document, share: float, common: int, group_a: list[Document], group_b: list[Document],
           texts: Mapping[str, str], cover) -> Proposal:
    """Score one candidate pair (each side standing for its group of copies) and decide which side is the draft."""
    roles, quotes, dates = cover
    lean = {_key(m): _draftness(m, texts[m.path], roles) for m in group_a + group_b}
    when = lambda m: as_date(m.date) or as_date(dates.get(_key(m)))
    top = lambda g: max(lean[_key(m)][0] for m in g)
    first_date = lambda g: min((x for x in map(when, g) if x), default=None)
    uncertain = top(group_a) == top(group_b)
    if uncertain:  # no sign which is the draft: the older text is, else the one first in the files
        da, db = first_date(group_a), first_date(group_b)
        if (db < da) if (da and db) else (b.path, b.first) < (a.path, a.first):
            group_a, group_b = group_b, group_a
    elif top(group_b) > top(group_a):
        group_a, group_b = group_b, group_a
    draft = max(group_a, key=lambda m: (lean[_key(m)][0], -m.first))
    final = min(group_b, key=lambda m: (lean[_key(m)][0], m.path, m.first))
    evidence = [f"{share:.0%} of the words align ({common} rare three-word runs shared)"]
    evidence += list(dict.fromkeys(lean[_key(draft)][1] + lean[_key(final)][1]))
    if uncertain:
        evidence.append("which is the draft is uncertain: taken to be the older text, or the first in the files")
    bonus = 0.0
    if lean[_key(draft)][0] - lean[_key(final)][0] >= 2:
        bonus += 0.2
    consistent = [q for q in quotes.get(_key(draft), []) if q.startswith("draft")]
    consistent += [q for m in group_b for q in quotes.get(_key(m), []) if q.startswith("despatch")]
    if consistent:
        bonus += 0.3
        evidence += consistent
    dd = when(draft)
    df_ = min((x for x in map(when, group_b) if x), default=None)
    if dd and df_:
        gap = (df_ - dd).days
        if 0 <= gap <= 14:
            bonus += 0.3
            evidence.append(f"dates agree: draft {dd.isoformat()}, despatch {df_.isoformat()}")
        elif gap < 0:
            bonus -= 0.3
            evidence.append(f"dates disagree: the despatch ({df_.isoformat()}) is older than the draft ({dd.isoformat()})")
    serial = set(draft.serials) & {s for m in group_b for s in m.serials}
    if serial:
        bonus += 0.2
        evidence.append(f"shared serial {sorted(serial)[0]}")
    others = [m for m in group_b if m is not final]
    if others:
        evidence.append("the same text also at " + ", ".join(_where(m) for m in others))
    score = max(0.0, min(1.0, 0.7 * min(1.0, share / 0.8) + 0.3 * min(1.0, bonus)))
    return Proposal(_pid(draft, final), draft, final, round(score, 3), False, tuple(evidence), round(share, 3),
                    title=final.title)


def _pid(a: Document, b: Document) -> str:
    """A pair id usable as a file name: ``<file>-<draft first line>-<final first line>``."""
    stem = lambda p: re.sub(r"[^A-Za-z0-9_-]+", "-", p.rsplit("/", 1)[-1].rsplit(".", 1)[0]).strip("-") or "doc"
    if a.path == b.path:
        return f"{stem(a.path)}-{a.first}-{b.first}"
    return f"{stem(a.path)}-{a.first}-{stem(b.path)}-{b.first}"


def propose(documents: Sequence[Document], texts: Mapping[str, str]) -> tuple[Proposal, ...]:
    """Proposed pairs among ``documents``, best first (see ``discover``)."""
    return discover(documents, texts).proposals


# ---- a manifest's pairs win over discovery ----------------------------------------------------------


def overlap(a: Document, b: Document) -> float:
    """Shared lines over the lines of the shorter document (0 when the files differ).

    >>> overlap(Document("f", "letter", 1, 10), Document("f", "draft", 6, 30))
    0.5
    """
    if _same_file(a.path, b.path):
        shared = min(a.last, b.last) - max(a.first, b.first) + 1
        return max(0, shared) / min(a.last - a.first + 1, b.last - b.first + 1)
    return 0.0


@functools.lru_cache(maxsize=None)
def _resolved(path: str) -> Path:
    return Path(path).resolve()


def _same_file(a: str, b: str) -> bool:
    """Two spellings of one file (``samples/x.txt`` and ``/abs/samples/x.txt``); cached, as
    pairing asks it for every document against every manifest side."""
    return a == b or _resolved(a) == _resolved(b)


def manifest_document(side, documents: Sequence[Document]) -> Document:
    """A manifest side as a ``Document``: the found document it overlaps most lends kind, date and details."""
    probe = Document(str(side.path), "other", side.first, side.last)
    best = max(documents, key=lambda d: overlap(probe, d), default=None)
    if best is None or overlap(probe, best) == 0:
        return Document(str(side.path), "other", side.first, side.last, evidence=("named in a manifest",))
    return replace(best, path=best.path, first=side.first, last=side.last,
                   evidence=("named in a manifest", *best.evidence))


def with_manifest(found: Discovery, pairs, documents: Sequence[Document], where: str = "manifest") -> Discovery:
    """Put a manifest's pairs first; drop discovered pairs that repeat or contradict them.

    A discovered pair repeats a manifest pair when both its sides overlap the manifest pair's
    sides; it contradicts one when, as a draft/despatch pair, it gives a manifest draft another
    despatch or a manifest despatch another draft.
    """
    named: list[Proposal] = []
    for p in pairs:
        draft, final = manifest_document(p.draft, documents), manifest_document(p.final, documents)
        named.append(Proposal(p.id, draft, final, 1.0, p.copies, (f"named in {where}",), 1.0, "manifest", p.title,
                              p.draft.label, p.final.label))

    def duplicate(d: Proposal, m: Proposal) -> bool:
        same = overlap(d.draft, m.draft) >= 0.5 and overlap(d.final, m.final) >= 0.5
        return same or (overlap(d.draft, m.final) >= 0.5 and overlap(d.final, m.draft) >= 0.5)

    def clash(d: Proposal, m: Proposal) -> bool:
        if duplicate(d, m):
            return True
        if d.copies or m.copies:
            return False
        return overlap(d.draft, m.draft) >= 0.5 or overlap(d.final, m.final) >= 0.5

    for n, m in enumerate(named):
        same = [d for d in found.proposals if d.copies == m.copies and duplicate(d, m)]
        if same:  # discovery found the manifest's pair too: keep its evidence beside the manifest's word
            agree = f"discovery agrees (score {same[0].score:.2f})"
            named[n] = replace(m, evidence=(*m.evidence, agree, *same[0].evidence), shared=same[0].shared)
    kept = [d for d in found.proposals if not any(clash(d, m) for m in named)]
    sides = [x for m in named for x in (m.draft, m.final)]
    left = tuple(u for u in found.unpaired if not any(overlap(u.document, s) >= 0.5 for s in sides))
    return Discovery((*named, *kept), left)


def proposal_dict(p: Proposal) -> dict:
    """A proposal as plain data (for JSON)."""
    side = lambda d, label: {**as_dict(d), "label": label}
    return {"id": p.id, "title": p.title, "source": p.source, "copies": p.copies, "score": p.score,
            "shared": p.shared, "draft": side(p.draft, p.draft_label), "final": side(p.final, p.final_label),
            "evidence": list(p.evidence)}
