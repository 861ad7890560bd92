"""A synthetic archive for the pairing index: ``python -m bench.corpus [--docs 20000]``.

Background documents are new texts in the samples' own words: a word-bigram chain
trained on the five sample files writes each one (150–500 words), so they share
vocabulary, style and common phrases but are not copies of each other. Planted
pairs are a document and a damaged copy of it (words dropped and inserted,
OCR-like character damage, case changes, a sentence moved), plus the three real
sample pairs. The report: index time, candidates, and the recall of planted pairs.
"""

from __future__ import annotations

import argparse
import functools
import os
import random
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass

from redline.index import IndexOptions
from redline.index import build as build_index
from redline.normalize import key

from .inputs import SAMPLES, pair, plain

_OCR = [("e", "c"), ("l", "1"), ("rn", "m"), ("o", "0"), ("h", "b"), ("i", "l"), ("a", "o"), ("n", "u"), ("t", "f"), ("c", "e")]
REAL_PAIRS = ["dec88", "oct88", "oct88-copies"]


@dataclass(frozen=True, slots=True)
class Corpus:
    """docs: id -> text. planted: the pairs (ids) that should be found."""

    docs: dict[str, str]
    planted: list[tuple[str, str]]


def _chain(rnd: random.Random) -> tuple[dict[str, list[str]], list[str]]:
    words = []
    for f in sorted(SAMPLES.glob("*.txt")):
        words += plain(f.read_text(encoding="utf-8")).split()
    nxt: dict[str, list[str]] = defaultdict(list)
    for a, b in zip(words, words[1:]):
        nxt[a].append(b)
    return nxt, words


def _babble(nxt: dict[str, list[str]], words: list[str], n: int, rnd: random.Random) -> list[str]:
    out = [rnd.choice(words)]
    while len(out) < n:
        follow = nxt.get(out[-1])
        out.append(rnd.choice(follow) if follow and rnd.random() > 0.05 else rnd.choice(words))
    return out


def damage(text: list[str], rnd: random.Random, vocab: list[str], rate: float = 1.0) -> list[str]:
    """A despatch-like copy: ~8 % words dropped, ~5 % inserted, ~5 % OCR-damaged, case changed, a sentence moved."""
    out: list[str] = []
    for w in text:
        r = rnd.random()
        if r < 0.08 * rate:
            continue
        if r < 0.13 * rate:
            out.append(rnd.choice(vocab))
        if rnd.random() < 0.05 * rate:
            a, b = rnd.choice(_OCR)
            w = w.replace(a, b, 1) if a in w else w[:-1] + b
        out.append(w)
    if rnd.random() < 0.5 and len(out) > 40:  # move a dozen words elsewhere
        s = rnd.randrange(len(out) - 12)
        run = out[s : s + 12]
        del out[s : s + 12]
        t = rnd.randrange(len(out))
        out[t:t] = run
    mode = rnd.random()
    if mode < 0.3:
        out = [w.upper() for w in out]  # a telegram in capitals
    elif mode < 0.5:
        out = [w.lower() if rnd.random() < 0.5 else w for w in out]
    return out


def build(docs: int = 20_000, planted: int = 1_000, seed: int = 1988) -> Corpus:
    """``docs`` documents in all, of which ``planted`` pairs (2 × planted documents) plus the real sample pairs."""
    rnd = random.Random(seed)
    nxt, words = _chain(rnd)
    out: dict[str, str] = {}
    pairs: list[tuple[str, str]] = []
    for pid in REAL_PAIRS:
        c = pair(pid)
        out[f"{pid}-draft"], out[f"{pid}-final"] = c.draft, c.final
        pairs.append((f"{pid}-draft", f"{pid}-final"))
    for n in range(planted):
        base = _babble(nxt, words, rnd.randint(150, 500), rnd)
        out[f"p{n}a"] = " ".join(base)
        out[f"p{n}b"] = " ".join(damage(base, rnd, words))
        pairs.append((f"p{n}a", f"p{n}b"))
    n = 0
    while len(out) < docs:
        out[f"bg{n}"] = " ".join(_babble(nxt, words, rnd.randint(150, 500), rnd))
        n += 1
    ids = list(out)
    rnd.shuffle(ids)  # planted partners are not neighbours
    return Corpus({i: out[i] for i in ids}, pairs)


_MARKS = re.compile(r"~~|</?sup>|\*")


def keys_of(text: str) -> list[str]:
    """Comparison keys of a plain text (markup marks dropped, words split on whitespace)."""
    return [k for k in map(_key, _MARKS.sub(" ", text).split()) if k]


_key = functools.lru_cache(maxsize=1 << 18)(key)


def evaluate(corpus: Corpus, options: IndexOptions = IndexOptions()) -> dict:
    """Index the corpus, list candidates, and measure the recall of planted pairs."""
    t0 = time.perf_counter()
    keys = {d: keys_of(t) for d, t in corpus.docs.items()}
    t1 = time.perf_counter()
    index = build_index(keys, options)
    t2 = time.perf_counter()
    cands = index.candidates()
    t3 = time.perf_counter()
    found = {frozenset((c.a, c.b)) for c in cands}
    want = [frozenset(p) for p in corpus.planted]
    hit = [p for p in want if p in found]
    real = {p: frozenset(p) in found for p in corpus.planted[: len(REAL_PAIRS)]}
    n = len(corpus.docs)
    return {
        "documents": n,
        "planted": len(want),
        "recall": len(hit) / len(want) if want else 1.0,
        "real_pairs_found": {f"{a.rsplit('-', 1)[0]}": ok for (a, _b), ok in real.items()},
        "candidates": len(cands),
        "bucket_pairs": index.stats["bucket_pairs"],
        "common_shingles": index.stats.get("common_shingles", 0),
        "all_pairs": n * (n - 1) // 2,
        "extra_candidates": len(found - set(want)),
        "seconds": {"keys": t1 - t0, "index": t2 - t1, "candidates": t3 - t2, "total": t3 - t0},
        "options": {"bands": options.bands, "rows": options.rows, "min_similarity": options.min_similarity, "max_df": options.max_df},
    }


def evaluate_datasketch(corpus: Corpus, num_perm: int = 128, threshold: float = 0.3) -> dict:
    """The same corpus through ``datasketch`` (MinHash with numpy, MinHashLSH), for comparison."""
    from datasketch import MinHash, MinHashLSH

    from redline.index import STOPWORDS

    t0 = time.perf_counter()
    keys = {d: keys_of(t) for d, t in corpus.docs.items()}
    t1 = time.perf_counter()
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    sketches = {}
    for d, k in keys.items():
        grams = {" ".join(g) for g in zip(k, k[1:], k[2:]) if not STOPWORDS.issuperset(g)}
        m = MinHash(num_perm=num_perm)
        m.update_batch([g.encode() for g in grams])
        sketches[d] = m
        lsh.insert(d, m)
    t2 = time.perf_counter()
    found = set()
    for d, m in sketches.items():
        for e in lsh.query(m):
            if e != d:
                found.add(frozenset((d, e)))
    t3 = time.perf_counter()
    want = [frozenset(p) for p in corpus.planted]
    return {
        "recall": sum(1 for p in want if p in found) / len(want),
        "candidates": len(found),
        "seconds": {"keys": t1 - t0, "index": t2 - t1, "candidates": t3 - t2},
    }


def evaluate_discovery(corpus: Corpus, jobs: int = 1) -> dict:
    """The whole pairing path a user runs (``redline pairs`` / ``survey``): the documents written as
    files, read, segmented and parsed on ``jobs`` processes, then ``pair.discover``; recall of the
    planted pairs among the proposals."""
    import tempfile
    from pathlib import Path

    from redline.pair import discover
    from redline.survey import segment_files

    with tempfile.TemporaryDirectory(prefix="redline-corpus-") as tmp:
        for doc_id, text in corpus.docs.items():
            (Path(tmp) / f"{doc_id}.txt").write_text(text + "\n", encoding="utf-8")
        t0 = time.perf_counter()
        keys: dict = {}
        sigs: dict = {}
        _files, texts, documents = segment_files([tmp], stdin=False, jobs=jobs, keys=keys, signatures=sigs)
        t1 = time.perf_counter()
        found = discover(documents, texts, keys=keys, jobs=jobs, signatures=sigs)
        t2 = time.perf_counter()
    # A proposal names one text of each group of copies: a planted pair is found when its two
    # texts are copies of each other, or when a proposal pairs their groups.
    parent: dict[str, str] = {}

    def group(d: str) -> str:
        while parent.get(d, d) != d:
            d = parent[d]
        return d

    def stem(doc) -> str:
        return Path(doc.path).stem

    for p in found.proposals:
        if p.copies:
            parent[group(stem(p.final))] = group(stem(p.draft))
    paired = {frozenset((group(stem(p.draft)), group(stem(p.final)))) for p in found.proposals if not p.copies}
    hits = [a for a, b in corpus.planted if group(a) == group(b) or frozenset((group(a), group(b))) in paired]
    planted = {frozenset(p) for p in corpus.planted}
    proposed = {frozenset((stem(p.draft), stem(p.final))) for p in found.proposals}
    return {
        "documents": len(documents),
        "proposals": len(proposed),
        "recall": len(hits) / len(corpus.planted) if corpus.planted else 1.0,
        "wrong": len(proposed - planted),
        "jobs": jobs,
        "seconds": {"read_segment_parse": t1 - t0, "discover": t2 - t1, "total": t2 - t0},
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.splitlines()[0])
    p.add_argument("--docs", type=int, default=20_000)
    p.add_argument("--planted", type=int, default=1_000)
    p.add_argument("--bands", type=int, default=IndexOptions().bands)
    p.add_argument("--rows", type=int, default=IndexOptions().rows)
    p.add_argument("--max-df", type=float, default=IndexOptions().max_df)
    p.add_argument("--datasketch", action="store_true", help="also run datasketch's MinHashLSH on the same corpus")
    p.add_argument("--discover", action="store_true", help="also time the whole pairing path on the corpus written as files")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes for --discover (default: all cores)")
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    corpus = build(args.docs, args.planted)
    print(f"built {len(corpus.docs):,} documents ({len(corpus.planted):,} planted pairs) in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    r = evaluate(corpus, IndexOptions(bands=args.bands, rows=args.rows, max_df=args.max_df))
    s = r["seconds"]
    print(
        f"index: {r['documents']:,} documents, {r['candidates']:,} candidates "
        f"(of {r['all_pairs']:,} possible pairs; {r['bucket_pairs']:,} bucket pairs scored; {r['common_shingles']:,} boilerplate shingles left out), "
        f"recall of planted pairs {r['recall']:.3f} ({r['planted']:,}), real sample pairs {r['real_pairs_found']}, "
        f"extra candidates {r['extra_candidates']:,}; "
        f"time: keys {s['keys']:.1f} s, signatures {s['index']:.1f} s, candidates {s['candidates']:.1f} s"
    )
    if args.discover:
        d = evaluate_discovery(corpus, args.jobs)
        s = d["seconds"]
        print(
            f"discovery: {d['documents']:,} documents, {d['proposals']:,} pairs proposed, recall of planted pairs "
            f"{d['recall']:.3f}, {d['wrong']:,} not planted (copies of a planted text among them); time on {d['jobs']} processes: read, segment and parse "
            f"{s['read_segment_parse']:.1f} s, discover {s['discover']:.1f} s, total {s['total']:.1f} s"
        )
    if args.datasketch:
        d = evaluate_datasketch(corpus)
        s = d["seconds"]
        print(
            f"datasketch (128 perms, threshold 0.3): {d['candidates']:,} candidates, recall {d['recall']:.3f}; "
            f"time: signatures and LSH {s['index']:.1f} s, queries {s['candidates']:.1f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
