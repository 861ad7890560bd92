"""Candidate pairs at scale: MinHash signatures of word shingles, banded (LSH), so N documents need not be compared N² times.

Each document's comparison keys are cut into shingles of three words (runs made
only of common words are left out) and each shingle is hashed once. The hashes
give the document a MinHash signature by *one-permutation hashing*: the hash
space is cut into ``bins`` ranges and each bin keeps the smallest hash that falls
in it (empty bins borrow from the next full bin, "densification"). Two documents
agree in a bin with probability about their Jaccard similarity, so the share of
agreeing bins estimates it. The signature is cut into ``bands`` of ``rows`` bins;
documents that agree on a whole band land in one bucket and become candidates,
and only candidates are scored. With the defaults (42 bands of 3 rows) a pair
with Jaccard 0.3 becomes a candidate 68 % of the time, 0.4: 94 %, 0.5: 99.6 %,
and a pair with Jaccard 0.05: 0.5 %.

Pure Python, no dependencies: one hash per shingle (``zlib.crc32``, spread by a
multiplication), so the cost is linear in the total number of words, and the
results are the same on every run and every machine (no ``hash()`` salt).

>>> docs = {"a": "we must hope that it continues but we cannot afford to take future soviet performance on trust".split(),
...         "b": "we must hope that it continues but we cannot take future soviet performance on trust".split(),
...         "c": "the jamming of western broadcasts to the soviet union has ceased since the summer".split()}
>>> [(p.a, p.b) for p in candidate_pairs(docs)]
[('a', 'b')]
"""

from __future__ import annotations

import zlib
from operator import eq
from collections import Counter
from dataclasses import dataclass
from typing import Generic, Hashable, Iterable, Mapping, Sequence, TypeVar

K = TypeVar("K", bound=Hashable)

STOPWORDS = frozenset(
    "a an and as at be by for from in is it of on or that the this to was we were with i you our us".split()
)
"""Common words: a shingle made only of these says nothing about which document it came from."""

_MASK = (1 << 64) - 1
_SPREAD = 0x9E3779B97F4A7C15  # odd: multiplying by it permutes 64-bit numbers, and the top bits mix all input bits


@dataclass(frozen=True, slots=True)
class IndexOptions:
    """Index settings. Defaults:

    shingle=3: words per shingle.
    bands=42, rows=3: the signature has bands × rows bins (126); a pair is a candidate when
        a whole band agrees; the similarity at which that is an even chance is about
        (1/bands) ** (1/rows) = 0.29.
    min_similarity=0.2: candidates whose estimated Jaccard similarity is lower are dropped.
    max_bucket=2000: a band bucket holding more documents than this (boilerplate shared by
        thousands, e.g. identical closure cards) yields no candidates; its documents still
        meet through their other bands. Counted in ``Index.stats``.
    max_df=0.0 (off): when a whole collection is indexed at once (``build``), leave out shingles
        found in more than this share of its documents (and in more than 5 of them). Measured
        on the synthetic corpus (bench.corpus) it hurts: 0.002 drops recall from 0.975 to 0.58,
        because a planted pair shares its boilerplate too, so its similarity falls below
        ``min_similarity``. Kept for archives dominated by printed forms.
    """

    shingle: int = 3
    bands: int = 42
    rows: int = 3
    min_similarity: float = 0.2
    max_bucket: int = 2000
    max_df: float = 0.0

    @property
    def bins(self) -> int:
        return self.bands * self.rows


@dataclass(frozen=True, slots=True)
class Candidate(Generic[K]):
    """A proposed pair: two document ids (in insertion order) and their estimated Jaccard similarity."""

    a: K
    b: K
    similarity: float


def shingle_hashes(keys: Sequence[str], n: int = 3) -> set[int]:
    """64-bit hashes of the document's ``n``-word shingles (runs of common words left out).

    A document shorter than ``n`` words is one shingle of all its words.

    >>> len(shingle_hashes("the cat sat on the mat".split()))
    4
    >>> shingle_hashes("of the".split()) == set()
    True
    """
    keys = [k for k in keys if k]
    if not keys:
        return set()
    words = [_word_hash(k) for k in keys]  # (crc32 of the key, or 0 for a common word)
    mask, spread = _MASK, _SPREAD
    if n == 3 and len(words) >= 3:  # the common case, written out: a third of the time of the general loop
        s1, s2 = _STEP * _STEP, _STEP
        return {((a * s1 + b * s2 + c) * spread) & mask for a, b, c in zip(words, words[1:], words[2:]) if (a | b | c) & 1}
    if len(keys) < n:
        grams: Iterable[tuple[int, ...]] = [tuple(words)]
    else:
        grams = zip(*(words[i:] for i in range(n)))
    out: set[int] = set()
    for g in grams:
        h = 0
        for w in g:
            h = (h * _STEP + w) & mask
        if any(w & 1 for w in g):  # at least one word that is not a common word
            out.add((h * spread) & mask)
    return out


_STEP = 0x100000001B3  # FNV-style step: the shingle's word hashes are combined in order


def _word_hash(k: str, _cache: dict[str, int] = {}) -> int:  # noqa: B006 (the cache, shared on purpose)
    """A stable 33-bit hash of one key; its lowest bit is 1 unless the word is a common word."""
    h = _cache.get(k)
    if h is None:
        h = (zlib.crc32(k.encode()) << 1) | (k not in STOPWORDS)
        if len(_cache) < 1 << 20:
            _cache[k] = h
    return h


def signature(hashes: Iterable[int], bins: int) -> tuple[int, ...]:
    """One-permutation MinHash: the smallest hash in each of ``bins`` ranges, empty bins filled from the right.

    >>> signature(set(), 4)
    (-1, -1, -1, -1)
    >>> s = signature({5, 2**63 + 7}, 2); s[0] < s[1]
    True
    """
    shift = 64 - max(1, (bins - 1).bit_length())
    width = 1 << shift
    lows = [width] * bins
    for h in hashes:
        b = (h >> shift) % bins
        v = h & (width - 1)
        if v < lows[b]:
            lows[b] = v
    if all(v == width for v in lows):
        return (-1,) * bins  # an empty document matches nothing (not even another empty one: see Index.add)
    sig = list(lows)
    for i in range(bins):  # rotation densification: borrow the next full bin's value, marked by the distance
        if sig[i] == width:
            j, step = (i + 1) % bins, 1
            while lows[j] == width:
                j, step = (j + 1) % bins, step + 1
            sig[i] = lows[j] + step * width
    return tuple(sig)


def similarity(s: Sequence[int], t: Sequence[int]) -> float:
    """Estimated Jaccard similarity: the share of bins where two signatures agree.

    >>> similarity((1, 2, 3, 4), (1, 2, 0, 4))
    0.75
    """
    return sum(map(eq, s, t)) / len(s) if s else 0.0


class Index(Generic[K]):
    """Documents by MinHash signature and band bucket. ``add`` each document, then ask for ``candidates``."""

    def __init__(self, options: IndexOptions = IndexOptions()) -> None:
        self.options = options
        self.signatures: dict[K, tuple[int, ...]] = {}
        # Each band's buckets: the first document of each, and the whole bucket only once a second comes.
        # A list for every document and band (42 a document): adding 20 000 signatures (bench.corpus
        # --discover) took 2.7-3.0 s CPU, much of it the garbage collector walking the lists; now 1.1-1.4 s.
        self.first: list[dict[tuple[int, ...], K]] = [{} for _ in range(options.bands)]
        self.shared: list[dict[tuple[int, ...], list[K]]] = [{} for _ in range(options.bands)]
        self.stats: dict[str, int] = {"documents": 0, "empty": 0, "bucket_pairs": 0, "skipped_buckets": 0}

    def add(self, doc: K, keys: Sequence[str]) -> None:
        """Index one document by its comparison keys (a document id may be added once)."""
        self.add_hashes(doc, shingle_hashes(keys, self.options.shingle))

    def add_hashes(self, doc: K, hashes: Iterable[int]) -> None:
        """Index one document by its shingle hashes (see ``shingle_hashes``)."""
        self.add_signature(doc, signature(hashes, self.options.bins))

    def add_signature(self, doc: K, sig: tuple[int, ...]) -> None:
        """Index one document by its signature (``signature`` of its shingle hashes, ``options.bins`` bins)."""
        if doc in self.signatures:
            raise ValueError(f"document {doc!r} is already in the index")
        o = self.options
        self.signatures[doc] = sig
        self.stats["documents"] += 1
        if sig[0] == -1:
            self.stats["empty"] += 1
            return
        rows = o.rows
        for b, (first, shared) in enumerate(zip(self.first, self.shared)):
            band = sig[b * rows : (b + 1) * rows]
            if band not in first:
                first[band] = doc
            elif band in shared:
                shared[band].append(doc)
            else:
                shared[band] = [first[band], doc]

    def query(self, keys: Sequence[str]) -> list[tuple[K, float]]:
        """Indexed documents likely similar to a text, most similar first (the text itself is not added)."""
        o = self.options
        sig = signature(shingle_hashes(keys, o.shingle), o.bins)
        if sig[0] == -1:
            return []
        seen: set[K] = set()
        for b, (first, shared) in enumerate(zip(self.first, self.shared)):
            band = sig[b * o.rows : (b + 1) * o.rows]
            if band in first:
                seen.update(shared.get(band, (first[band],)))
        scored = [(d, similarity(sig, self.signatures[d])) for d in seen]
        return sorted((x for x in scored if x[1] >= o.min_similarity), key=lambda x: -x[1])

    def candidates(self) -> list[Candidate[K]]:
        """Pairs that share a band bucket and whose estimated similarity reaches ``min_similarity``, best first."""
        o = self.options
        order = {d: n for n, d in enumerate(self.signatures)}
        pairs: set[tuple[K, K]] = set()
        for shared in self.shared:  # the buckets of two documents or more
            for docs in shared.values():
                if len(docs) > o.max_bucket:
                    self.stats["skipped_buckets"] += 1
                    continue
                for i, x in enumerate(docs):
                    for y in docs[i + 1 :]:
                        pairs.add((x, y) if order[x] < order[y] else (y, x))
        self.stats["bucket_pairs"] = len(pairs)
        out = []
        for x, y in pairs:
            s = similarity(self.signatures[x], self.signatures[y])
            if s >= o.min_similarity:
                out.append(Candidate(x, y, s))
        out.sort(key=lambda c: (-c.similarity, order[c.a], order[c.b]))
        return out


PARALLEL_FROM = 2000
"""Documents from which ``build`` works out their signatures on its ``jobs`` processes."""


def signatures(block: Sequence[Sequence[str]], options: IndexOptions = IndexOptions()) -> list[tuple[int, ...]]:
    """The signature of each document of ``block`` (its comparison keys): the work one process is sent at a time."""
    return [signature(shingle_hashes(keys, options.shingle), options.bins) for keys in block]


def build(docs: Mapping[K, Sequence[str]], options: IndexOptions = IndexOptions(), jobs: int = 1) -> Index[K]:
    """Index a whole collection (``{id: comparison keys}``), leaving out its boilerplate shingles (``max_df``).

    With ``jobs`` above 1 and ``PARALLEL_FROM`` documents or more, the signatures (most of the
    time: 0.3 ms a document of 300 words) are worked out on that many processes, in blocks; the
    index is the same (a signature is a function of its document alone). Not with ``max_df``,
    which needs every document's shingles in one place.
    """
    if jobs > 1 and len(docs) >= PARALLEL_FROM and options.max_df <= 0:
        from functools import partial

        from .batch import executor  # the survey's pool: workers that ignore Ctrl-C and die with this process

        ids = list(docs)
        size = max(100, len(ids) // (jobs * 8))
        blocks = [[docs[d] for d in ids[k : k + size]] for k in range(0, len(ids), size)]
        with executor(jobs) as pool:
            sigs = [sig for done in pool.map(partial(signatures, options=options), blocks) for sig in done]
        index: Index[K] = Index(options)
        index.stats["common_shingles"] = 0
        for doc, sig in zip(ids, sigs):
            index.add_signature(doc, sig)
        return index
    hashes = {doc: shingle_hashes(keys, options.shingle) for doc, keys in docs.items()}
    common: set[int] = set()
    if options.max_df > 0:
        limit = max(5, int(options.max_df * len(hashes)))
        df: Counter[int] = Counter()
        for hs in hashes.values():
            df.update(hs)
        common = {h for h, n in df.items() if n > limit}
    index = Index(options)
    index.stats["common_shingles"] = len(common)
    for doc, hs in hashes.items():
        index.add_hashes(doc, hs - common if common else hs)
    return index


def candidate_pairs(docs: Mapping[K, Sequence[str]], options: IndexOptions = IndexOptions(),
                    jobs: int = 1) -> list[Candidate[K]]:
    """Candidate pairs among documents given as ``{id: comparison keys}``, best first (``build`` on ``jobs`` processes)."""
    return build(docs, options, jobs).candidates()
