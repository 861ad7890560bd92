"""How well segmentation and pairing find the manifest's documents and pairs in the sample files.

Two numbers matter: the line-range overlap (intersection over union of line sets)
between each side named in ``samples/pairs.toml`` and the best document that
``redline.segment`` found, and the number of wrong pairs ``redline.pair`` proposes
(pairs the manifest does not name, or names the other way round). ``report()``
is what ``make eval`` prints; ``python -m tests.evaluate_segments`` prints it too.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from redline.manifest import Pair, Side, load_manifest, samples_dir
from redline.pair import Proposal, discover
from redline.segment import Document, segment


@dataclass(frozen=True)
class SideScore:
    pair: str
    role: str
    expected: str
    found: str | None
    kind: str | None
    iou: float


def iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Intersection over union of two inclusive line ranges.

    >>> iou((1, 10), (1, 10)), iou((1, 10), (6, 15)), iou((1, 2), (5, 6))
    (1.0, 0.3333333333333333, 0.0)
    """
    inter = min(a[1], b[1]) - max(a[0], b[0]) + 1
    if inter <= 0:
        return 0.0
    return inter / (max(a[1], b[1]) - min(a[0], b[0]) + 1)


def _same(path: str, side: Side) -> bool:
    return Path(path).resolve() == Path(side.path).resolve()


def samples() -> tuple[dict[str, str], tuple[Document, ...], tuple[Pair, ...]]:
    """The sample texts (by path), the documents found in them, and the manifest's pairs."""
    folder = samples_dir()
    texts = {str(p): p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}
    documents = tuple(d for path, text in texts.items() for d in segment(text, path))
    return texts, documents, load_manifest(folder / "pairs.toml")


def side_scores(documents: tuple[Document, ...], pairs: tuple[Pair, ...]) -> list[SideScore]:
    """For every side the manifest names, the found document that overlaps it most."""
    out = []
    for p in pairs:
        for role, side in (("draft", p.draft), ("final", p.final)):
            cands = [d for d in documents if _same(d.path, side)]
            best = max(cands, key=lambda d: iou((d.first, d.last), (side.first, side.last)), default=None)
            score = iou((best.first, best.last), (side.first, side.last)) if best else 0.0
            out.append(SideScore(p.id, role, f"{side.path.name}:{side.first}-{side.last}",
                                 f"{Path(best.path).name}:{best.first}-{best.last}" if best else None,
                                 best.kind if best else None, score))
    return out


def matches(proposal: Proposal, pair: Pair, threshold: float = 0.5) -> bool:
    """The proposal is the manifest's pair: each side overlaps the named side (either way round for copies)."""
    def over(d: Document, s: Side) -> float:
        return iou((d.first, d.last), (s.first, s.last)) if _same(d.path, s) else 0.0

    forward = over(proposal.draft, pair.draft) >= threshold and over(proposal.final, pair.final) >= threshold
    backward = over(proposal.draft, pair.final) >= threshold and over(proposal.final, pair.draft) >= threshold
    if pair.copies:
        return proposal.copies and (forward or backward)
    return forward and not proposal.copies


def pair_scores(proposals: tuple[Proposal, ...], pairs: tuple[Pair, ...]) -> tuple[list[Proposal], list[Pair], bool]:
    """Wrong proposals, manifest pairs not found, and whether every right proposal outranks every wrong one."""
    wrong = [p for p in proposals if not any(matches(p, m) for m in pairs)]
    missed = [m for m in pairs if not any(matches(p, m) for p in proposals)]
    right = [p.score for p in proposals if p not in wrong]
    ranked = not wrong or not right or min(right) > max(p.score for p in wrong)
    return wrong, missed, ranked


def measure() -> dict:
    """Every number ``report`` prints, as data."""
    t0 = time.perf_counter()
    texts, documents, pairs = samples()
    t1 = time.perf_counter()
    proposals = discover(documents, texts).proposals
    t2 = time.perf_counter()
    sides = side_scores(documents, pairs)
    wrong, missed, ranked = pair_scores(proposals, pairs)
    return {
        "sides": sides,
        "mean_iou": sum(s.iou for s in sides) / len(sides),
        "min_iou": min(s.iou for s in sides),
        "documents": len(documents),
        "closure_cards": sum(d.kind == "closure-card" for d in documents),
        "proposals": proposals,
        "wrong": wrong,
        "missed": missed,
        "ranked": ranked,
        "seconds": {"segment": t1 - t0, "pair": t2 - t1},
    }


def report() -> str:
    """The segmentation and pairing numbers on the samples, as text for ``make eval``."""
    m = measure()
    lines = ["Segmentation and pairing on the sample files (samples/pairs.toml as truth)", ""]
    lines.append(f"{'pair':<14}{'side':<7}{'manifest':<36}{'found':<36}{'kind':<10}IoU")
    for s in m["sides"]:
        lines.append(f"{s.pair:<14}{s.role:<7}{s.expected:<36}{s.found or '-':<36}{s.kind or '-':<10}{s.iou:.3f}")
    lines += [
        "",
        f"line-range overlap (IoU) with the manifest's sides: mean {m['mean_iou']:.3f}, lowest {m['min_iou']:.3f}",
        f"documents found: {m['documents']} ({m['closure_cards']} closure cards, never paired)",
        f"pairs proposed: {len(m['proposals'])}; wrong: {len(m['wrong'])}; manifest pairs missed: {len(m['missed'])}; "
        f"every right pair scored above every wrong one: {'yes' if m['ranked'] else 'no'}",
    ]
    for p in m["proposals"]:
        tag = "WRONG " if p in m["wrong"] else "ok    "
        lines.append(f"  {tag}{p.score:.3f} {'copies ' if p.copies else ''}{Path(p.draft.path).name}:{p.draft.first}-{p.draft.last}"
                     f" -> {Path(p.final.path).name}:{p.final.first}-{p.final.last}")
    lines.append(f"time: segment {m['seconds']['segment']:.2f} s, pair {m['seconds']['pair']:.2f} s")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(report(), end="")
