"""Segmentation: an archive file → the documents in it (letters, minutes, drafts, telegrams, cables, forms, closure cards).

A scanned file is a run of paragraphs ("blocks", separated by blank lines; two
or more blank lines mark a page break). Each block gets one *role* from a small
registry of pure rules (``ROLES`` in ``segment_rules``: letterhead, envelope,
salutation, closing, classification …). A single pass then opens, continues and
closes documents:

- a *strong* start (letterhead, telegram envelope, draft heading, closure card,
  the first ``--`` cable paragraph, a routing line such as "Please pass following
  message") opens a new document unless the current one is still in its header;
- a *weak* start (salutation, minute heading ``PRIME MINISTER``, form heading)
  opens one only after the current document has closed (closing, signature,
  addressee block, ``BT``, dummy-card instructions);
- after a closed document, body text past a page break opens a new document;
  on the same page it stays (postscripts, handwriting the OCR put last);
- classification lines, stamps, dates and other short lines are held back and
  go to whichever side of a page break they stand on; a ``COVERING``
  classification, or one repeating the document's own header, closes its letter;
- an OCR line repeated over and over is absorbed, never a boundary.

``segment(text, path)`` returns frozen ``Document`` values with the evidence for
each boundary and kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date as Date
from itertools import takewhile

from . import furniture
from .segment_rules import (
    BODYLIKE, HEADER, HELD, LETTERHEADS, ROLES, SHORT, STRONG, WEAK, Block, _DTG, _PAREN_NAME,
    _hand, _norm_class, _repeat, addressee, blocks, cable, catchword, classification, closing, closure_card, draft_heading,
    envelope, envelope_end, form_heading, letterhead, minor, minute_head, role, routing, salutation, signature, signed_dated,
)

__all__ = [
    "KINDS", "MONTHS", "Document", "segment", "parse_date", "as_date", "as_dict",
    # re-exported from segment_rules, where they live
    "Block", "blocks", "role", "ROLES", "LETTERHEADS", "STRONG", "WEAK", "HELD", "HEADER", "SHORT", "BODYLIKE",
    "closure_card", "letterhead", "envelope", "envelope_end", "draft_heading", "cable", "form_heading", "routing",
    "salutation", "closing", "signature", "addressee", "classification", "catchword", "minute_head", "minor",
]

KINDS = ("letter", "minute", "draft", "telegram", "cable", "form", "closure-card", "other")

MONTHS = {m[:3]: n for n, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
_DATE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(\d{4}|\d{2})\b", re.I)
_SERIAL = re.compile(r"serial\s+no\.?\s*([A-Z]?\s?\d{1,5}[A-Z]?/\d{2})", re.I)
_CARD_END = re.compile(r"^instructions for completion of dummy card", re.I)
_SLASH_YEAR = re.compile(r"/\d{2}")
"""What every ``_SERIAL`` and ``_REF`` holds, searched for first (a literal: the engine skips to each ``/``)."""
_REF = re.compile(r"(?<![\w/])(?:[A-Z]{1,2}\s?\d{1,4}[A-Z]?|\d{1,4}[A-Z])/\d{2}(?![\w/])")


@dataclass(frozen=True, slots=True)
class Document:
    """One document found in an archive file, with the evidence for its bounds and kind."""

    path: str
    """The file as the user named it."""
    kind: str
    """letter, minute, draft, telegram, cable, form, closure-card or other."""
    first: int
    """First line (1-based, inclusive)."""
    last: int
    """Last line (1-based, inclusive)."""
    title: str | None = None
    """The subject line, heading or first sentence."""
    date: str | None = None
    """The document's date as ``YYYY-MM-DD`` when a full date is visible, else None."""
    serials: tuple[str, ...] = ()
    """Serial and reference numbers (``T 192A/88``)."""
    classification: str | None = None
    """The security classification line (``CONFIDENTIAL COVERING SECRET``)."""
    signatory: str | None = None
    """The signature, where one is legible."""
    evidence: tuple[str, ...] = ()
    """Why the document starts where it does and why it is of its kind, in the order found."""
    words: int = 0
    """Number of words (markup removed)."""

    @property
    def spec(self) -> str:
        """``PATH:FIRST-LAST``, as the command line takes it."""
        return f"{self.path}:{self.first}-{self.last}"


# ---- the segmentation pass ---------------------------------------------------------------------


@dataclass
class _Doc:
    """A document being built: its blocks with their roles, whether it has closed, and why."""

    blocks: list[tuple[Block, str]] = field(default_factory=list)
    closed: bool = False
    evidence: list[str] = field(default_factory=list)

    @property
    def roles(self) -> set[str]:
        return {r for _, r in self.blocks}

    @property
    def young(self) -> bool:
        """Still in its header: no paragraph of body text yet (a short line or two may stand above it)."""
        return not self.closed and not any(r in BODYLIKE and len(b.words) >= SHORT for b, r in self.blocks)

    def classifications(self) -> set[str]:
        return {_norm_class(b) for b, r in self.blocks if r == "classification"}


def _note(b: Block, r: str) -> str:
    snippet = b.text if len(b.text) <= 48 else b.text[:45] + "…"
    return f"{r} {snippet!r}"


def segment(source_text: str, path: str) -> tuple[Document, ...]:
    """The documents in an archive file, in file order.

    >>> docs = segment("10 DOWNING STREET\\n\\n1 May 1989\\n\\nDear John,\\n\\nThank you for your letter.\\n\\n"
    ...                "Yours sincerely,\\n\\nCharles Powell\\n\\n\\n\\nFOREIGN AND COMMONWEALTH OFFICE\\n\\nDear Charles,\\n\\n"
    ...                "I enclose a draft.\\n\\nYours ever,\\n\\nStephen\\n", "f.txt")
    >>> [(d.kind, d.first, d.last, d.date) for d in docs]
    [('letter', 1, 11, '1989-05-01'), ('letter', 15, 23, None)]
    """
    docs: list[_Doc] = []
    held: list[Block] = []
    kinds: dict[int, str] = {}
    seen: list[Block] = []
    after_closing = False

    def attach(b: Block, r: str) -> None:
        nonlocal held
        cur = docs[-1]
        for h in held:
            cur.blocks.append((h, kinds[h.first]))
        held = []
        cur.blocks.append((b, r))

    def start(b: Block, r: str, why: str) -> None:
        nonlocal held
        prev = docs[-1] if docs else None
        keep: list[Block] = []
        if prev is not None:
            cut = max((i for i, h in enumerate(held) if h.page_break), default=None)
            if b.page_break:
                cut = len(held)
            if cut is not None:
                keep, held = held[:cut], held[cut:]
            own = prev.classifications()
            while held and kinds[held[0].first] == "classification" and (
                "COVERING" in _norm_class(held[0]) or _norm_class(held[0]) in own
            ):
                keep.append(held.pop(0))
            for h in keep:
                prev.blocks.append((h, kinds[h.first]))
        doc = _Doc()
        doc.evidence.append(f"line {b.first}: starts with {why}")
        docs.append(doc)
        attach(b, r)

    for b in blocks(source_text):
        r = role(b)
        if r in ("body", "minor") and _repeat(b, seen):
            r = "repeat"
        seen.append(b)
        cur = docs[-1] if docs else None
        if cur is None:
            if r in HELD:
                held.append(b)
                kinds[b.first] = r
            else:
                start(b, r, _note(b, r))
                _close(docs[-1], b, r)
            continue
        broke = b.page_break or any(h.page_break for h in held)
        if r in STRONG and not (cur.young or (r == "cable" and "cable" in cur.roles)
                                or (r == "closure-card" and "closure-card" in cur.roles and not cur.closed)):
            start(b, r, _note(b, r))
        elif r in WEAK and cur.closed and not cur.young:
            start(b, r, _note(b, r))
        elif r == "body" and cur.closed and broke:
            start(b, r, "text after a page break, the previous document having closed")
        elif r in HELD and not (after_closing and r == "minor"):
            held.append(b)
            kinds[b.first] = r
            after_closing = False
            continue
        else:
            attach(b, r)
        _close(docs[-1], b, r)
        after_closing = r == "closing" and len(b.lines) == 1
    if docs:
        for h in held:
            docs[-1].blocks.append((h, kinds[h.first]))
    elif held:
        docs.append(_Doc([(h, kinds[h.first]) for h in held], evidence=["only short lines"]))
    out: list[Document] = []
    for n, d in enumerate(docs):
        prev_text = " ".join(b.text for b, _ in docs[n - 1].blocks) if n else ""
        out.append(_describe(d, path, prev_text))
    return _stamp_dates(out, docs)


_ROMAN = {r: n for n, r in enumerate("i ii iii iv v vi vii viii ix x xi xii".split(), 1)}
_STAMP = re.compile(r"^([A-Z]{2,4})\s+(\d{1,2})\s?/\s?([ivx]{1,4}|[IVX]{1,4})\.?$")
"""A registry stamp on a line of its own: the registry's initials in capitals, day / roman month (``CDC 20/x.``)."""
_NOT_REGISTRY = frozenset({"PAGE", "PARA", "PP", "NO", "NOS", "REF", "FILE", "ITEM", "ART", "SEC", "PT", "VOL", "ANX", "CH", "FO", "P"})
_NEAR_DAYS = 183
"""A stamp's year is the one that puts it within half a year of its dated neighbour, or none is given."""


def _stamp_dates(out: list[Document], docs: list[_Doc]) -> tuple[Document, ...]:
    """Date an undated document from its registry stamp (``CDC 20/x.``: day and roman month).

    A registry stamp has no year: it is taken from the nearest dated document of the
    same file, and of the years around it the one that puts the stamp within half a
    year of that document's date (a stamp of 20/x beside a letter of 2 January 1989
    reads 1988); when none does, the document stays undated. Only a line of its own
    with a registry's capital initials counts (``CDC 20/x.``, not ``page 2/iv``). The
    evidence says where the date came from.
    """
    dated = [(n, day) for n, d in enumerate(out) if (day := as_date(d.date))]
    if not dated or all(d.date for d in out):
        return tuple(out)
    for n, d in enumerate(out):
        if d.date:
            continue
        stamp = next((m for b, _ in docs[n].blocks for ln in b.lines if (m := _STAMP.match(ln.strip()))
                      and m[1] not in _NOT_REGISTRY and m[3].lower() in _ROMAN), None)
        if stamp is None:
            continue
        near_n, near = min(dated, key=lambda x: abs(x[0] - n))
        stamped, month = int(stamp[2]), _ROMAN[stamp[3].lower()]
        found = [x for y in (near.year - 1, near.year, near.year + 1)
                 if (x := _day(y, month, stamped)) and abs((x - near).days) <= _NEAR_DAYS]
        if not found:
            continue
        best = min(found, key=lambda x: abs((x - near).days))
        out[n] = replace(d, date=best.isoformat(), evidence=(
            *d.evidence, f"date {stamp[0].strip()!r}: registry stamp, year from the nearest dated document "
            f"(lines {out[near_n].first}-{out[near_n].last}, {near.isoformat()})"))
    return tuple(out)


def as_date(iso: str | None) -> Date | None:
    """A ``YYYY-MM-DD`` string as a date; None when absent or no real day (``1988-02-31``)."""
    try:
        return Date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def _day(year: int, month: int, day: int) -> Date | None:
    """The date, or None when there is no such day (29 February in a common year)."""
    try:
        return Date(year, month, day)
    except ValueError:
        return None


def _close(doc: _Doc, b: Block, r: str) -> None:
    """Mark ``doc`` closed when ``b`` ends it: a closing, a signature, ``BT``, an addressee after the text,
    or a dummy card's instructions."""
    if doc.closed:
        return
    ends = r in ("closing", "signature", "envelope-end") or (r == "addressee" and not doc.young)
    ends = ends or (r == "closure-card" and bool(_CARD_END.search(b.text))) or (r == "minute-head" and signature(b))
    if ends:
        doc.evidence.append(f"line {b.first}: closed by {_note(b, 'signature' if r == 'minute-head' else r)}")
        doc.closed = True


# ---- describing a document ------------------------------------------------------------------------

_ENCLOSES_DRAFT = re.compile(r"\b(?:attach|enclose)[sd]?\b[^.]{0,60}?\bdraft\b", re.I)


def _kind(d: _Doc, prev_text: str) -> tuple[str, str]:
    roles = d.roles
    body = [b for b, r in d.blocks if r in ("body", "cable")]
    raw = "\n".join(b.raw for b, _ in d.blocks)
    if "closure-card" in roles:
        return "closure-card", "a dummy card for a closed or retained record"
    if "envelope" in roles:
        return "telegram", "telegram envelope (date-time group, FM/TO/BT)"
    if "draft-heading" in roles:
        return "draft", "DRAFT heading"
    if body and sum(r == "cable" for _, r in d.blocks) >= max(2, len(body) // 2):
        return "cable", "most paragraphs are '--' paragraphs in capitals"
    if "form" in roles:
        return "form", "printed fields of a message form"
    if "letterhead" in roles:
        return "letter", "letterhead"
    if "minute-head" in roles and "salutation" not in roles:
        return "minute", "addressed PRIME MINISTER, no salutation"
    if _ENCLOSES_DRAFT.search(prev_text):
        return "draft", "the document before it encloses a draft"
    if raw.count("~~") + raw.lower().count("<sup>") >= 4:
        return "draft", "manuscript amendments (struck text, insertions)"
    if roles & {"salutation", "closing", "addressee", "signature"}:
        return "letter", "salutation, closing or addressee"
    return "other", "no letterhead, envelope, heading or salutation"


def parse_date(text: str) -> str | None:
    """The first full date in ``text`` as ``YYYY-MM-DD``: ``21 December 1988``, ``14 OCT 1982``, ``O 212130Z DEC 88``.

    >>> parse_date("O 212130Z DEC 88"), parse_date("CHARLES POWELL 2 January 1989"), parse_date("20 October")
    ('1988-12-21', '1989-01-02', None)
    """
    for line in text.splitlines():
        m = _DTG.match(line.strip())
        if m and m[2].lower() in MONTHS:
            return _iso(m[1], m[2], m[3])
    m = _DATE.search(text)
    return _iso(m[1], m[2], m[3]) if m else None


def _iso(day: str, month: str, year: str) -> str | None:
    y = int(year)
    if y < 100:
        y += 1900 if y >= 30 else 2000
    d = int(day)
    return f"{y:04d}-{MONTHS[month[:3].lower()]:02d}-{d:02d}" if 1 <= d <= 31 else None


def _title(d: _Doc, kind: str) -> str | None:
    body = [(b, r) for b, r in d.blocks if r in ("body", "cable") and not _hand(b) and len(b.words) >= SHORT]
    first_body = d.blocks.index(body[0]) if body else len(d.blocks)
    head = d.blocks[:first_body]
    if kind == "closure-card":
        for b, _ in d.blocks:
            if b.lines[0].startswith("DEPARTMENT/SERIES") and len(b.lines) > 1:
                return re.sub(r"^extract details:\s*", "", b.lines[1], flags=re.I).strip() or None
        return None
    for b, r in head:
        if r == "draft-heading":
            return b.text
    subjects = [b.text for b, r in head if r in ("minor", "body") and 2 <= len(b.words) <= 12 and not _hand(b)
                and not any(c.isdigit() for c in b.text) and not b.text.endswith((".", "?"))
                and not re.search(r"\b(london|from the|private secretary|esq)\b", b.text, re.I)]
    for test in (lambda t: ":" in t, lambda t: t.isupper() and len(t.split()) >= 4, str.isupper):
        for s in subjects:
            if test(s):
                return s
    if kind in ("telegram", "form"):
        for b, r in d.blocks:
            m = re.search(r"MESSAGE FROM [A-Z' ]+", b.text)
            if m and r in ("envelope", "form", "body"):
                return " ".join(m[0].split())
    for b, r in d.blocks:
        m = re.search(r"PRIME MINISTER\s+([A-Z][A-Z:/'’ -]+?)\s+[A-Z][a-z]", b.text) if r == "minute-head" else None
        if m:
            return m.group(1)
    for b, _r in d.blocks[: first_body + 1]:
        for m in re.finditer(r"\*\*([^*]+)\*\*", b.raw):
            words = m[1].split()
            if len(words) >= 2 and not furniture.form_field(words) and not furniture.serial(words):
                return " ".join(words)
    if kind == "cable":
        heads = [b.text for b, r in head if r == "minor" and b.text.isupper() and not any(c.isdigit() for c in b.text)]
        if heads:
            return heads[0]
    for b, _r in body or [(b, r) for b, r in d.blocks if r == "routing"]:
        sentence = re.split(r"(?<=[.?!])\s", re.sub(r"^[-\s]*(?:\d+\.\s+)?", "", b.text), maxsplit=1)[0]
        return sentence if len(sentence) <= 90 else sentence[:87] + "…"
    return subjects[0] if subjects else None


_NAME = re.compile(r"^((?:[A-Z]\.?\s+){0,3}[A-Z][A-Za-z'’.-]+(?:\s+[A-Z][A-Za-z'’.-]+){0,2})")


def _signatory(d: _Doc) -> str | None:
    for b, r in d.blocks:
        if r in ("signature", "minute-head"):
            for line in b.lines:
                if _PAREN_NAME.match(line.strip()):
                    return line.strip()[1:-1]
            m = signed_dated(b.text) if signature(b) else None
            if m:
                name = m.group(1).split()
                cut = max((k + 1 for k, w in enumerate(name) if w.endswith(".") and len(w) > 2), default=0)
                return " ".join(name[cut:]) or None
    for i, (b, r) in enumerate(d.blocks):
        if r == "closing":
            rest = list(b.lines[1:]) + [ln for bb, rr in d.blocks[i + 1 : i + 4] for ln in bb.lines if rr != "envelope-end"]
            for line in rest:
                line = line.strip("'\"’” ")
                m = _NAME.match(line)
                if m and not re.search(r"secretary|office|esq", line, re.I):
                    return m.group(1)
    for i, (_b, r) in enumerate(d.blocks):
        if r == "addressee" and i and d.blocks[i - 1][1] == "minor":
            m = _NAME.match(d.blocks[i - 1][0].text)
            if m:
                return m.group(1)
    inline = [m[1] for b, _ in d.blocks for m in re.finditer(r"\(((?:[A-Z]\.?\s+){1,4}[A-Z][A-Za-z'’-]+)\)", b.text)]
    return inline[-1] if inline else None  # a typed signature inside a paragraph the OCR ran together


def _describe(d: _Doc, path: str, prev_text: str) -> Document:
    kind, why = _kind(d, prev_text)
    text = "\n".join(ln for b, _ in d.blocks for ln in b.lines)
    head = "\n".join(ln for b, r in d.blocks if r in HEADER or r == "signature" for ln in b.lines)
    serials: list[str] = []
    if _SLASH_YEAR.search(text):  # in every serial and reference: the two searches cost a sixth of segmenting a letter
        serials = [m[1].replace("  ", " ") for m in _SERIAL.finditer(text)]
        for m in _REF.finditer(text):
            if not any(m[0].replace(" ", "") == s.replace(" ", "") for s in serials):
                serials.append(m[0])
    cls = next((_norm_class(b) for b, r in d.blocks if r == "classification"), None)
    if cls is None:
        lines = [ln for b, r in d.blocks[:4] for ln in b.lines if r != "body"]
        cls = next((" ".join(ln.split()).upper() for ln in lines if furniture.classification(ln.split())), None)
    for b, _ in d.blocks[:3] if cls is None else ():
        lead = list(takewhile(lambda w: furniture.classification([w]), b.words))
        if lead:
            cls = " ".join(lead).upper()
            break
    repeats = sum(1 for _, r in d.blocks if r == "repeat")
    evidence = [*d.evidence, f"kind {kind}: {why}"]
    if repeats:
        evidence.append(f"{repeats} repeated OCR lines absorbed")
    return Document(
        path=path, kind=kind, first=d.blocks[0][0].first, last=d.blocks[-1][0].last,
        title=_title(d, kind), date=parse_date(head) or parse_date(text), serials=tuple(dict.fromkeys(serials)),
        classification=cls, signatory=_signatory(d), evidence=tuple(evidence),
        words=sum(len(b.words) for b, _ in d.blocks),
    )


def as_dict(doc: Document) -> dict:
    """A document as plain data (for JSON): ``lines`` is ``[first, last]``."""
    return {"path": doc.path, "lines": [doc.first, doc.last], "kind": doc.kind, "title": doc.title, "date": doc.date,
            "serials": list(doc.serials), "classification": doc.classification, "signatory": doc.signatory,
            "words": doc.words, "evidence": list(doc.evidence)}
