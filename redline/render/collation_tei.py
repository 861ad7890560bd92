"""A collation as TEI P5: a critical apparatus in parallel segmentation, built with lxml.

The header declares every witness in ``<listWit>`` (``#W1``, ``#W2``, …, the label as its
text) and the hands. The body follows the table row by row: text every witness reads alike is
written once, as the base has it; each run of varying rows is one ``<app>`` whose ``<lem>``
holds the base's reading (its ``wit`` lists the witnesses that agree with the base) and one
``<rdg wit="#…">`` a reading of the others, so each witness's text can be read off the file in
its own order. Inside a reading the words keep their layers: ``<del rend="strikethrough">``
for struck words, ``<add place="above">`` for insertions above the line, ``<handShift>`` around
manuscript words, ``<fw type="…">`` for page furniture. A run of furniture rows that the witnesses
do not share is an ``<app type="furniture">``; words every witness reads alike up to a variant
(``St.``/``STREET``) are an ``<app type="variant">``, so that each witness's words can be read back;
for the same reason, in a varying run, witnesses that read alike but spell otherwise (a variant, a
split word) each get a ``<rdg type="variant">`` of their own. A transposition is an
``<app type="transposition">`` whose ``<note>`` names the row the words stand at in the base.

Known limit: in text every witness shares, a witness's layers are shown as the base has them
(a word typed in the base and written by hand in a copy is written as typed).
"""

from __future__ import annotations

from typing import Sequence

from lxml import etree

from .. import budget
from ..collate import Collation, Row
from ..model import Token
from .tei import HANDS, TEI_NS, XML_ID, _clean, _last, hand_of


def _el(parent: etree._Element | None, tag: str, text: str | None = None, **attrib: str | None) -> etree._Element:
    attrs = {(XML_ID if k == "xml_id" else k): _clean(v) for k, v in attrib.items() if v is not None}
    name = f"{{{TEI_NS}}}{tag}"
    el = etree.Element(name, attrs, nsmap={None: TEI_NS}) if parent is None else etree.SubElement(parent, name, attrs)
    if text:
        el.text = _clean(text)
    return el


class _Ends:
    """Text to be added at the end of elements' content, held in Python until the element gets a
    child (``child``) or is done (``flush``): ``.text`` and ``.tail`` are copied whole each time they
    are set, so a paragraph every witness reads alike, grown a word at a time, took quadratic time
    (25 s for 43 k words on one line); and ``len(el)`` walks the children, so ``_last`` is used."""

    def __init__(self) -> None:
        self.held: dict[etree._Element, tuple[bool, list[str]]] = {}

    def append(self, parent: etree._Element, text: str) -> None:
        """Add ``text`` at the end of ``parent``'s content, with a space before it when needed."""
        text = _clean(text)
        if parent in self.held:
            after_child, pieces = self.held[parent]
            if not after_child or not pieces[-1].endswith(" "):
                text = " " + text
            pieces.append(text)
            return
        last = _last(parent)
        if last is not None:
            if last.tail and not last.tail.endswith(" "):
                text = " " + text
            elif not last.tail and last.tag != f"{{{TEI_NS}}}handShift":
                text = " " + text
        elif parent.text:
            text = " " + text
        self.held[parent] = (last is not None, [text])

    def has_text(self, parent: etree._Element) -> bool:
        return parent in self.held

    def flush(self, parent: etree._Element) -> None:
        held = self.held.pop(parent, None)
        if held is None:
            return
        after_child, pieces = held
        if after_child:
            last = _last(parent)
            assert last is not None
            last.tail = (last.tail or "") + "".join(pieces)
        else:
            parent.text = (parent.text or "") + "".join(pieces)

    def child(self, parent: etree._Element, tag: str, text: str | None = None, **attrib: str | None) -> etree._Element:
        self.flush(parent)
        return _el(parent, tag, text, **attrib)


def _words(parent: etree._Element, tokens: Sequence[Token], ends: _Ends) -> None:
    """Write ``tokens`` into ``parent`` with their layers and furniture as TEI elements."""
    hand = "typist"
    k = 0
    while k < len(tokens):
        t = tokens[k]
        end = k + 1
        while end < len(tokens) and (tokens[end].layer, tokens[end].furniture) == (t.layer, t.furniture):
            end += 1
        words = " ".join(x.display for x in tokens[k:end])
        if t.furniture:
            el = ends.child(parent, "fw", None, type=t.furniture)
            el.text = _clean(words)
            el.tail = " "
        elif t.layer == "struck":
            el = ends.child(parent, "del", None, rend="strikethrough")
            el.text = _clean(words)
            el.tail = " "
        elif t.layer == "inserted":
            el = ends.child(parent, "add", None, place="above", hand=f"#{hand_of(t)}")
            el.text = _clean(words)
            el.tail = " "
        else:
            want = hand_of(t)
            if want != hand:
                ends.child(parent, "handShift", None, new=f"#{want}")
                hand = want
            ends.append(parent, words)
        k = end
    if hand != "typist":
        ends.child(parent, "handShift", None, new="#typist")


def _header(c: Collation) -> etree._Element:
    header = _el(None, "teiHeader")
    file_desc = _el(header, "fileDesc")
    title = _el(file_desc, "titleStmt")
    _el(title, "title", f"Collation of {len(c.witnesses)} witnesses", type="main")
    _el(title, "title", f"against {c.labels[c.base]}", type="sub")
    pub = _el(file_desc, "publicationStmt")
    _el(pub, "p", "Generated by redline from transcriptions; not published.")
    list_wit = _el(_el(file_desc, "sourceDesc"), "listWit")
    for wid, w in zip(c.ids, c.witnesses):
        s = w.source
        _el(list_wit, "witness", f"{s.name} ({s.spec})" if s.label else s.spec, xml_id=wid, n=s.label)
    enc = _el(header, "encodingDesc")
    _el(enc, "variantEncoding", method="parallel-segmentation", location="internal")
    notes = _el(_el(header, "profileDesc"), "handNotes")
    for h in HANDS:
        _el(notes, "handNote", HANDS[h], xml_id=h, scope="major" if h == "typist" else "minor")
    etree.indent(header, space=" ", level=1)
    return header


def _kinds(c: Collation) -> list[str]:
    """Each row's kind: ``vary``; ``furniture``; ``variant`` (no witness differs, but one reads a word
    differently: ``Mr``/``FOR``, ``St.``/``STREET.``, so that each witness's words can be read back); ``plain``."""
    toks = [w.tokens for w in c.witnesses]
    out = []
    for r in c.rows:
        if r.varies or r.furniture:
            out.append("vary" if r.varies else "furniture")
            continue
        keys = {tuple(toks[k][i].key for i in cell if toks[k][i].furniture is None) for k, cell in enumerate(r.cells)}
        furn = any(toks[k][i].furniture for k, cell in enumerate(r.cells) for i in cell)
        out.append("variant" if len(keys) > 1 or furn else "plain")
    return out


def render(c: Collation, **_: object) -> str:
    """The TEI document as a string (UTF-8 XML declaration, a final newline)."""
    root = _el(None, "TEI")
    root.append(_header(c))
    body = _el(_el(root, "text"), "body")
    toks = [w.tokens for w in c.witnesses]
    base = c.base
    p = _el(body, "p")
    para = None
    rows = c.rows
    n = 0
    kinds = _kinds(c)
    ends = _Ends()
    while n < len(rows):
        budget.check("writing the TEI")
        kind = kinds[n]
        end = n + 1
        while end < len(rows) and kinds[end] == kind:
            end += 1
        span = rows[n:end]
        if kind == "plain":
            for r in span:
                for t in (toks[base][i] for i in r.cells[base]):
                    if para is not None and t.para != para and (_last(p) is not None or p.text or ends.has_text(p)):
                        ends.flush(p)
                        p = _el(body, "p")
                    para = t.para
                    _words(p, [t], ends)
        else:
            readings: dict[tuple, list[int]] = {}
            for k in range(len(c.witnesses)):
                words = tuple(i for r in span for i in r.cells[k])
                spelt = tuple(toks[k][i].key for i in words)
                # in a varying run, witnesses that read alike but spell otherwise (a variant, a split word)
                # get a reading each, so that each witness's words can be read back
                key = (tuple(_group(r, c.ids[k]) for r in span), spelt) if kind == "vary" else spelt
                readings.setdefault(key, []).append(k)
            alike = [key[0] for key in readings] if kind == "vary" else []
            if kind != "vary" and len(readings) == 1:  # the same words everywhere: part of the text
                for r in span:
                    _words(p, [toks[base][i] for i in r.cells[base]], ends)
                n = end
                continue
            moved = sorted({(k, m) for r in span for k, m in r.moved})
            app = ends.child(p, "app", None, type="transposition" if moved and kind == "vary" else (None if kind == "vary" else kind),
                      n=f"{span[0].n}" if len(span) == 1 else f"{span[0].n}-{span[-1].n}")
            for key, group in sorted(readings.items(), key=lambda kg: (base not in kg[1], kg[1][0])):
                k0 = group[0]
                variant = "variant" if alike and base not in group and alike.count(key[0]) > 1 else None  # reads as another does
                el = _el(app, "lem" if base in group else "rdg", None, wit=" ".join(f"#{c.ids[k]}" for k in group), type=variant)
                _words(el, [toks[k0][i] for r in span for i in r.cells[k0]], ends)
                ends.flush(el)
            if moved:
                _el(app, "note", "; ".join(f"{c.ids[k]}: the same words at row {m}" for k, m in moved), type="transposition")
            app.tail = " "
        n = end
    ends.flush(p)
    return etree.tostring(root, encoding="unicode", xml_declaration=False).join(
        ['<?xml version="1.0" encoding="UTF-8"?>\n', "\n"])


def _group(r: Row, wid: str) -> int:
    for g, reading in enumerate(r.readings):
        if wid in reading.witnesses:
            return g
    return 0
