"""The development corpus as evidence: real versions of texts no one here wrote (``tests/data/corpus/``,
copied from the project's shared corpus with its README, which gives sources and licences).

Three measures, used by ``make eval`` and by ``tests/test_corpus.py`` (the third by ``tests/test_ocr_noise.py``):

- **hands and furniture on printed editions.** Each edition compared with the next (Darwin's six
  editions of ch. 1, Mitford's *Julian* in the 1823 print and the 1854 OCR, Rossetti's poem in print
  against its manuscript): a printed book has no hand to infer and no stamp, so a comparison must infer
  no handwriting and take at most 1 % of its words for furniture.
- **the Julian manuscript against the 1823 print.** The manuscript's strikes and insertions are marked
  (``gold.tsv`` lists each with its offsets): every struck word must be reported struck on the page and
  every inserted word inserted above the line, in an edit of stage ``draft`` with evidence ``marked``.
- **OCR noise from the confusion table** over a Darwin chapter, with planted real edits: misread words
  must stay unchanged (variant readings), planted edits must be reported, and nothing else.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from redline.api import compare
from redline.model import Comparison

CORPUS = Path(__file__).parent / "data" / "corpus"

DARWIN = [CORPUS / "darwin" / f"darwin_origin_ch1_{year}.txt" for year in (1859, 1860, 1861, 1866, 1869, 1872)]
JULIAN_MS = CORPUS / "julian" / "ms_1823_licensing.txt"
JULIAN_1823 = CORPUS / "julian" / "print_1823.txt"
JULIAN_1854 = CORPUS / "julian" / "dramatic_works_1854.txt"
ROSSETTI_MS = CORPUS / "rossetti" / "rossetti_blessed_damozel_MS.txt"
ROSSETTI_1870 = CORPUS / "rossetti" / "rossetti_blessed_damozel_1870_first_edition.txt"

EDITIONS: list[tuple[Path, Path]] = [
    *zip(DARWIN, DARWIN[1:]),
    (JULIAN_1823, JULIAN_1854),
    (JULIAN_1854, JULIAN_1823),
    (ROSSETTI_1870, ROSSETTI_MS),
]
"""Printed (or OCR of printed) editions as the draft side, each with another version as the other side."""


@dataclass(frozen=True)
class Edition:
    """What a comparison claims about a printed edition."""

    name: str
    words: int
    inferred_hand: int
    """Draft words given an inferred hand (must be 0)."""
    furniture: int
    """Words of both sides taken for page furniture."""
    all_words: int

    @property
    def furniture_share(self) -> float:
        return self.furniture / self.all_words if self.all_words else 0.0


def edition(draft: Path, final: Path) -> Edition:
    c = compare(str(draft), str(final))
    return Edition(
        f"{draft.stem} -> {final.stem}",
        len(c.draft.tokens),
        sum(1 for t in c.draft.tokens if t.inferred),
        sum(1 for t in (*c.draft.tokens, *c.final.tokens) if t.furniture),
        len(c.draft.tokens) + len(c.final.tokens),
    )


@dataclass(frozen=True)
class Gold:
    """The marked strikes and insertions of the manuscript and what redline reports of them."""

    struck: int
    struck_reported: int
    """Struck words in a draft-stage, marked edit that shows them struck."""
    struck_confirmed: int
    """Of those, the ones the print confirms (carried: the print leaves them out)."""
    inserted: int
    inserted_reported: int
    inserted_confirmed: int
    missed: tuple[str, ...]


def gold_rows() -> list[dict[str, str]]:
    with (CORPUS / "julian" / "gold.tsv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def julian_gold(c: Comparison | None = None) -> Gold:
    """Score the manuscript → 1823 print comparison against ``gold.tsv``, word by word."""
    c = c or compare(str(JULIAN_MS), str(JULIAN_1823))
    edits_of: dict[int, list] = {}
    for e in c.edits:
        if e.draft:
            for i in e.draft.tokens:
                edits_of.setdefault(i, []).append(e)
    counts = {"struck": [0, 0, 0], "inserted": [0, 0, 0]}
    missed: list[str] = []
    for row in gold_rows():
        start, end, kind = int(row["start"]), int(row["end"]), row["kind"]
        for t in c.draft.tokens:
            if t.start < start or t.end > end:
                continue
            n = counts[kind]
            n[0] += 1
            on_page = [e for e in edits_of.get(t.i, ()) if e.stage == "draft" and e.evidence == "marked"]
            if t.layer == kind and on_page:
                n[1] += 1
                n[2] += any(e.carried for e in on_page)
            else:
                missed.append(f"{kind} {t.text!r} l. {t.line}")
    (s, sr, sc), (i, ir, ic) = counts["struck"], counts["inserted"]
    return Gold(s, sr, sc, i, ir, ic, tuple(missed))


def report() -> str:
    lines = ["Printed editions of the development corpus: inferred hands (target 0) and furniture (target < 1 %)", ""]
    lines.append(f"{'pair':<62}{'words':>7}{'hands':>7}{'furniture':>11}")
    for draft, final in EDITIONS:
        e = edition(draft, final)
        lines.append(f"{e.name:<62}{e.words:>7}{e.inferred_hand:>7}{e.furniture:>6} ({e.furniture_share:.2%})")
    g = julian_gold()
    lines += [
        "",
        "Julian manuscript -> print 1823 against gold.tsv (marked strikes and insertions)",
        f"  struck words reported struck on the page:     {g.struck_reported}/{g.struck}"
        f" (the print confirms {g.struck_confirmed}; the rest it restores)",
        f"  inserted words reported above the line:       {g.inserted_reported}/{g.inserted}"
        f" (the print carries {g.inserted_confirmed})",
    ]
    lines += [f"  missed: {m}" for m in g.missed]
    lines += ["", "OCR noise generated from redline/data/ocr_confusions.tsv over Darwin 1859 (5 % of words misread,",
              "6 runs of words written as one, 21 planted edits), by seed; 'real words' also lets a misreading make",
              "a common word (see/fee), which redline keeps as an edit by design",
              f"  {'seed':<6}{'noise kept':>11}{'edit recall':>13}{'edit precision':>16}"]
    from tests.test_ocr_noise import ocr_scores

    for real in (False, True):
        for seed in (1, 2, 3, 4, 14):
            r = ocr_scores(seed, real)
            lines.append(f"  {seed:<6}{r['noise_recall']:>11.3f}{r['edit_recall']:>13.3f}{r['edit_precision']:>16.3f}"
                         + ("   (real words)" if real else ""))
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
