"""The versions a survey finds of one text, collated: groups of three or more documents linked by pairs.

A survey pairs documents two by two (a draft and its despatch, two copies). When the pairs link
three or more documents — a draft, the despatched copy and the copy enclosed with a covering
letter — they are versions of one text, and ``collate`` aligns them all in one table. The base is
the draft: a document that is the draft of a draft/despatch pair and the despatch of none; the
others follow in file order.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from .api import Options
from .collate import collate
from .errors import RedlineError
from .pair import Proposal
from .segment import Document


@dataclass(frozen=True, slots=True)
class Group:
    """Three or more documents that the survey's pairs link: versions of one text."""

    name: str
    """The file name stem of the collation page and JSON (``collation-1``)."""
    documents: tuple[Document, ...]
    """Base first, then the others in file order."""
    labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Collated:
    """A group collated: what the index and ``survey.json`` say about it."""

    group: Group
    files: tuple[str, ...]
    varying: int
    copies: tuple[tuple[str, ...], ...]


def groups(proposals: Sequence[Proposal], label: Callable[[Document], str], taken: set[str]) -> list[Group]:
    """The groups of three or more documents that ``proposals`` link, each with a name not in ``taken``
    (lower-case names; the new names are added to it). ``label`` names a document no pair names."""
    parent: dict[str, str] = {}
    docs: dict[str, Document] = {}
    labels: dict[str, str] = {}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    drafts, finals = set(), set()
    for p in proposals:
        for d, lab in ((p.draft, p.draft_label), (p.final, p.final_label)):
            docs.setdefault(d.spec, d)
            parent.setdefault(d.spec, d.spec)
            if lab:
                labels.setdefault(d.spec, lab)
        parent[root(p.final.spec)] = root(p.draft.spec)
        if not p.copies:
            drafts.add(p.draft.spec)
            finals.add(p.final.spec)
    members: dict[str, list[str]] = {}
    for spec in docs:
        members.setdefault(root(spec), []).append(spec)
    out = []
    found = sorted((m for m in members.values() if len(m) > 2), key=lambda m: min((docs[s].path, docs[s].first) for s in m))
    for n, specs in enumerate(found, 1):
        ordered = sorted(specs, key=lambda s: (not (s in drafts and s not in finals), docs[s].path, docs[s].first))
        name, k = f"collation-{n}", 2
        while name in taken:
            name, k = f"collation-{n}-{k}", k + 1
        taken.add(name)
        out.append(Group(name, tuple(docs[s] for s in ordered), tuple(labels.get(s) or label(docs[s]) for s in ordered)))
    return out


def file_names(found: Sequence[Group]) -> list[str]:
    """The files the collations will be written to."""
    return [f"{g.name}.{ext}" for g in found for ext in ("html", "json")]


def collate_all(found: Sequence[Group], out: Path, write: Callable[[Path, bytes], object],
                options: Options = Options()) -> tuple[list[Collated], list[str]]:
    """Collate each group, write its page and JSON into ``out`` with ``write``; return what was done and notes
    (a group that cannot be collated is a note, not a failure of the survey)."""
    from .render.collation import render_json
    from .render.collation_html import render as render_html

    done, notes = [], []
    for g in found:
        try:
            c = collate([d.spec for d in g.documents], list(g.labels), options)
        except RedlineError as exc:
            notes.append(f"{g.name}: not collated ({exc})")
            continue
        title = f"Collation of {len(g.documents)} versions: {g.labels[0]}"
        write(out / f"{g.name}.html", render_html(c, title=title, index="index.html").encode("utf-8"))
        write(out / f"{g.name}.json", render_json(c).encode("utf-8"))
        done.append(Collated(g, (f"{g.name}.html", f"{g.name}.json"), c.varying, c.copies))
    return done, notes
