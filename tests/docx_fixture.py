"""Build small Word documents for tests: paragraphs of typed, deleted and inserted runs, and comments.

A paragraph is a list of ``(kind, text)`` or ``(kind, text, author)``, kind ``t`` (typed), ``del`` or
``ins``; a comment is ``("c", text, author)`` anchored where it stands.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/word/document.xml" '
         'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>')


def make(paragraphs: list[list[tuple]], *, extra: dict[str, bytes] | None = None) -> bytes:
    body, comments = [], []
    n = 0
    for para in paragraphs:
        runs = []
        for item in para:
            kind, text = item[0], item[1]
            author = quoteattr(item[2] if len(item) > 2 else "A. Clerk")
            n += 1
            if kind == "c":
                comments.append(f'<w:comment w:id="{n}" w:author={author}><w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p></w:comment>')
                runs.append(f'<w:commentRangeStart w:id="{n}"/>')
            elif kind == "del":
                runs.append(f'<w:del w:id="{n}" w:author={author}><w:r><w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>')
            elif kind == "ins":
                runs.append(f'<w:ins w:id="{n}" w:author={author}><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:ins>')
            else:
                runs.append(f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>')
        body.append(f"<w:p>{''.join(runs)}</w:p>")
    doc = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{"".join(body)}</w:body></w:document>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", doc)
        if comments:
            z.writestr("word/comments.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:comments {NS}>{"".join(comments)}</w:comments>')
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()
