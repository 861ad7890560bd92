"""``make eval``: redline's accuracy on the hand-labelled sample pairs, beside a plain word diff.

For each pair in samples/pairs.toml with labels in tests/data/labels/<id>.tsv
(see tests/data/README.md), prints precision, recall and F1 for struck words
(draft side), inserted words (final side) and hand attribution (draft words in
a manuscript layer), for redline and for a case-folded difflib word diff on the
same words. The copies pair reports its edit count (target: zero).
"""

from __future__ import annotations

import csv
import difflib
import sys
from dataclasses import dataclass
from pathlib import Path

from redline.api import compare
from redline.manifest import load_manifest, samples_dir
from redline.model import Comparison, Token, Witness

LABELS = Path(__file__).parent / "data" / "labels"


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(truth: dict[int, bool], predicted: dict[int, bool]) -> Score:
    tp = sum(1 for i, v in truth.items() if v and predicted.get(i))
    fp = sum(1 for i, v in truth.items() if not v and predicted.get(i))
    fn = sum(1 for i, v in truth.items() if v and not predicted.get(i))
    return Score(tp, fp, fn)


def read_labels(pair_id: str) -> list[dict[str, str]]:
    with (LABELS / f"{pair_id}.tsv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def locate(w: Witness, line: int, col: int) -> Token | None:
    """The token that covers column ``col`` of ``line``."""
    for t in w.tokens:
        first = t.text.splitlines()[0] if t.text else t.text
        if t.line == line and t.col <= col < t.col + len(first):
            return t
    return None


def truth_maps(c: Comparison, rows: list[dict[str, str]]) -> tuple[dict, dict, dict, int]:
    """Label per token index: struck (draft), inserted (final), hand (draft); and unplaced labels."""
    struck, inserted, hand = {}, {}, {}
    missing = 0
    for r in rows:
        w = c.draft if r["side"] == "draft" else c.final
        t = locate(w, int(r["line"]), int(r["col"]))
        if t is None:
            missing += 1
            continue
        if r["side"] == "draft":
            struck[t.i] = r["label"] == "struck"
            if r["label"] != "furniture":
                hand[t.i] = r["hand"] == "hand"
        else:
            inserted[t.i] = r["label"] == "inserted"
    return struck, inserted, hand, missing


def redline_predictions(c: Comparison) -> tuple[dict, dict, dict]:
    dmap, fmap = c.alignment.draft_map(), c.alignment.final_map()
    struck = {t.i: t.furniture is None and t.i not in dmap for t in c.draft.tokens}
    inserted = {t.i: t.furniture is None and t.i not in fmap for t in c.final.tokens}
    hand = {t.i: t.layer in ("hand", "inserted") for t in c.draft.tokens}
    return struck, inserted, hand


def difflib_predictions(c: Comparison) -> tuple[dict, dict, dict]:
    """A case-folded word diff over every word, no furniture, hands only where marked."""
    a = [t.text.lower() for t in c.draft.tokens]
    b = [t.text.lower() for t in c.final.tokens]
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    da, fb = set(), set()
    for block in sm.get_matching_blocks():
        da.update(range(block.a, block.a + block.size))
        fb.update(range(block.b, block.b + block.size))
    struck = {t.i: t.i not in da for t in c.draft.tokens}
    inserted = {t.i: t.i not in fb for t in c.final.tokens}
    hand = {t.i: t.layer in ("hand", "inserted") and not t.inferred for t in c.draft.tokens}
    return struck, inserted, hand


def evaluate() -> tuple[str, dict[str, dict[str, Score]]]:
    lines = []
    results: dict[str, dict[str, Score]] = {}
    head = f"{'pair':<14}{'measure':<10}{'tool':<9}{'P':>7}{'R':>7}{'F1':>7}   (tp/fp/fn)"
    for pair in load_manifest(samples_dir() / "pairs.toml"):
        c = compare(pair.draft.spec, pair.final.spec)
        if pair.copies:
            real = [e for e in c.edits if e.kind != "variant"]
            paragraphs = sum(1 for e in real if e.kind == "paragraph")
            lines.append(f"{pair.id:<14}edits between the two copies: {len(real) - paragraphs} to the words, "
                         f"{paragraphs} to the paragraphing (variants: {len(c.edits) - len(real)})")
            results[pair.id] = {}
        if not (LABELS / f"{pair.id}.tsv").exists():
            continue
        truth = truth_maps(c, read_labels(pair.id))
        if truth[3]:
            lines.append(f"{pair.id:<14}warning: {truth[3]} labels match no token")
        results.setdefault(pair.id, {})
        for tool, pred in (("redline", redline_predictions(c)), ("difflib", difflib_predictions(c))):
            for measure, t, p in zip(("struck", "inserted", "hand"), truth[:3], pred):
                s = score(t, p)
                results[pair.id][f"{tool}:{measure}"] = s
                lines.append(f"{pair.id:<14}{measure:<10}{tool:<9}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}   ({s.tp}/{s.fp}/{s.fn})")
    return "\n".join([head, *lines]), results


def main() -> int:
    text, _ = evaluate()
    print(text)
    try:
        from tests.evaluate_segments import report
    except ImportError:
        pass
    else:
        print()
        print(report())
    from tests.corpus_eval import report as corpus_report

    print()
    print(corpus_report())
    return 0


if __name__ == "__main__":
    sys.exit(main())
