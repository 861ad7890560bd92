"""The redline as a Word document whose tracked changes are the edits (``--format docx``).

Open it in Word or LibreOffice and the review pane lists every change: ``w:del`` for draft words
that did not reach the despatch, ``w:ins`` for despatched words the draft lacks, each authored
``draft`` (visible on the page), ``hand`` (written by hand on the draft) or ``despatch`` (made
later). *Accept all* leaves the despatch's words, *Reject all* the draft's (``tracked.steps``).

The package is the smallest Word opens: ``[Content_Types].xml``, ``_rels/.rels`` and
``word/document.xml``, built with lxml (text escaped, control characters a document cannot hold
dropped) and zipped with fixed timestamps and no change dates, so one comparison gives the same
bytes every time. ``render`` returns ``bytes``, not ``str``: the one renderer that does.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from ..model import Comparison
from .tracked import steps

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    b'Target="word/document.xml"/></Relationships>'
)


def _run(parent: etree._Element, text: str, deleted: bool = False) -> None:
    r = etree.SubElement(parent, f"{W}r")
    t = etree.SubElement(r, f"{W}delText" if deleted else f"{W}t")
    t.set(XML_SPACE, "preserve")
    t.text = _NOT_XML.sub("", text)


def document_xml(c: Comparison) -> bytes:
    """``word/document.xml``: one ``w:p`` a paragraph of the walk, runs of one kind and author grouped."""
    root = etree.Element(f"{W}document", nsmap={"w": W_NS})
    body = etree.SubElement(root, f"{W}body")
    p = etree.SubElement(body, f"{W}p")
    ids = iter(range(1, 1 << 30))
    group: tuple[str, str] | None = None
    words: list[str] = []

    def flush() -> None:
        if not words or group is None:
            return
        kind, author = group
        text = " ".join(words) + " "
        if kind == "common":
            _run(p, text)
        else:
            change = etree.SubElement(p, f"{W}{kind}")
            change.set(f"{W}id", str(next(ids)))
            change.set(f"{W}author", author)
            _run(change, text, deleted=kind == "del")
        words.clear()

    for s in steps(c):
        if s.para or (s.kind, s.author) != group:
            flush()
            group = (s.kind, s.author)
        if s.para and len(p):
            p = etree.SubElement(body, f"{W}p")
        words.append(s.text)
    flush()
    etree.SubElement(body, f"{W}sectPr")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def render(c: Comparison, **_: object) -> bytes:
    """The .docx package as bytes (see the module's docstring)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS),
                           ("word/document.xml", document_xml(c))):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()
