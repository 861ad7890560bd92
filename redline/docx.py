"""Word documents (.docx) → a ``Witness``, with their tracked changes as layers and authors as hands.

A draft kept in Word with *Track Changes* on is a typescript with its amendments: Word stores
deleted text in ``<w:del>`` (its runs hold ``<w:delText>``) and added text in ``<w:ins>``, each
with the ``w:author`` who made it (a moved passage is ``<w:moveFrom>``/``<w:moveTo>``, read the
same way). They are read as the layers of a transcription: deleted → ``struck``, inserted →
``inserted``; who made them is recorded per line in ``Witness.hands`` and in a notice, and each
comment (``word/comments.xml``) becomes a notice at the place it is anchored. A document without
revisions is read as plain text.

Offsets: a .docx is a zip of XML, with no text a person would cite by offset. The text read is
one built here: each paragraph's runs in order (deleted text included, where Word shows it struck),
``\\t`` for a tab, ``\\n`` for a line break, and a ``\\n`` after each paragraph, so line N of the built
text is the Nth paragraph of the document (``w:p``, body and tables in document order). Token
offsets, lines and columns, and so citations, point into that text (``Source.text``).

Input is untrusted: the zip is opened with a bound on the XML read (``MAX_XML``, and never more
than it says it holds), and lxml never resolves entities, never loads a DTD, never touches the
network.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from lxml import etree

from . import layered
from .errors import InputError
from .layered import BREAK, Piece
from .model import Notice, Source, Witness
from .read import line_index

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_XML = 256 * 2**20
"""The most bytes of XML read from one part of a .docx (a 1,000,000-word document is about 60 MB)."""
_DELETED, _INSERTED = frozenset({f"{W}del", f"{W}moveFrom"}), frozenset({f"{W}ins", f"{W}moveTo"})


def is_docx(data: bytes) -> bool:
    """A zip whose parts include ``word/document.xml`` (a .docx, .docm, .dotx).

    >>> is_docx(b"PK\\x03\\x04 not really a zip"), is_docx(b"plain text")
    (False, False)
    """
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


@dataclass(frozen=True, slots=True)
class Document:
    """What a .docx holds for redline: the built text, its layered pieces, and what to say about it."""

    text: str
    pieces: tuple[Piece | None, ...]
    authors: dict[int, tuple[str, ...]]
    """Line of the built text → the authors of the revisions on it, in order of appearance."""
    comments: tuple[tuple[int, str, str], ...]
    """(offset in the built text, author, comment text), in document order."""
    deleted: int
    inserted: int


def _part(z: zipfile.ZipFile, name: str, path: str) -> bytes | None:
    try:
        info = z.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_XML:
        raise InputError(f"{path}: {name} inside the .docx is larger than {MAX_XML // 2**20} MiB; not read")
    with z.open(info) as f:
        data = f.read(MAX_XML + 1)
    if len(data) > MAX_XML:
        raise InputError(f"{path}: {name} inside the .docx is larger than it says; not read")
    return data


def _xml(data: bytes, name: str, path: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_pis=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{path}: {name} inside the .docx is not well-formed XML ({exc.msg}); open and save it again in Word") from None


def _chars(el: etree._Element) -> str:
    """The text of a ``w:t``: its own, and the tails of any entity reference or comment inside it
    (an entity is never expanded: it gives no characters)."""
    return (el.text or "") + "".join(child.tail or "" for child in el)


def read(data: bytes, path: str) -> Document:
    """Read a .docx's body into the built text and its layered pieces (see the module's docstring)."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"{path}: not a readable .docx ({exc})") from None
    with z:
        try:
            body_xml = _part(z, "word/document.xml", path)
            comments_xml = _part(z, "word/comments.xml", path)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError) as exc:  # a corrupt member, a bad CRC, encrypted
            raise InputError(f"{path}: not a readable .docx ({exc})") from None
    if body_xml is None:
        raise InputError(f"{path}: a zip without word/document.xml, not a Word document")
    root = _xml(body_xml, "word/document.xml", path)
    notes = {}
    if comments_xml is not None:
        for c in _xml(comments_xml, "word/comments.xml", path).iter(f"{W}comment"):
            notes[c.get(f"{W}id")] = (c.get(f"{W}author") or "unknown", " ".join("".join(c.itertext()).split()))
    out: list[str] = []
    pieces: list[Piece | None] = []
    authors: dict[int, list[str]] = {}
    comments: list[tuple[int, str, str]] = []
    revisions: dict[str, set] = {"struck": set(), "inserted": set()}
    size, line = 0, 1
    for p in root.iter(f"{W}p"):
        for el in p.iter(f"{W}t", f"{W}delText", f"{W}tab", f"{W}br", f"{W}cr", f"{W}commentRangeStart"):
            if el.tag == f"{W}commentRangeStart":
                if el.get(f"{W}id") in notes:
                    comments.append((size, *notes[el.get(f"{W}id")]))
                continue
            chars = _chars(el) if el.tag in (f"{W}t", f"{W}delText") else "\t" if el.tag == f"{W}tab" else "\n"
            if not chars:
                continue
            layer = "typed"
            for anc in el.iterancestors():
                if anc is p:
                    break
                if anc.tag in _DELETED or anc.tag in _INSERTED:
                    layer = "struck" if anc.tag in _DELETED else "inserted"
                    revisions[layer].add(anc)
                    who = authors.setdefault(line, [])
                    author = anc.get(f"{W}author") or "unknown"
                    if author not in who:
                        who.append(author)
                    break
            pieces.append(Piece(size, size + len(chars), layer))
            out.append(chars)
            size += len(chars)
            line += chars.count("\n")
        out.append("\n")
        pieces.append(BREAK)
        size, line = size + 1, line + 1
    return Document("".join(out), tuple(pieces), {k: tuple(v) for k, v in authors.items()}, tuple(comments),
                    len(revisions["struck"]), len(revisions["inserted"]))


def witness(source: Source) -> Witness:
    """The ``Witness`` of a .docx read by ``read.read_source`` (``source.document`` is its ``Document``):
    tokens from its pieces, who revised each line in ``hands``, and notices for what was read and
    for each comment."""
    doc = source.document
    if not isinstance(doc, Document):
        raise InputError(f"{source.path}: not read as a Word document")
    tokens = layered.tokens(source, doc.pieces)
    where = line_index(source.text)
    names = sorted({a for who in doc.authors.values() for a in who})
    if doc.deleted or doc.inserted:
        said = (f"markup: Word document (.docx): {_n(doc.deleted, 'tracked deletion')} read as struck, "
                f"{_n(doc.inserted, 'insertion')} as inserted, by {', '.join(names)}; offsets index the text built "
                "from it (a line a paragraph)")
    else:
        said = "markup: Word document (.docx) without tracked changes, read as plain text (a line a paragraph)"
    notices = [Notice(source.path, source.first, 1, said)]
    for offset, author, text in doc.comments:
        if source.start <= offset < source.end:
            line, col = where(offset)
            notices.append(Notice(source.path, line, col, f"note: comment by {author}: {text}"))
    hands = {f"line {line}": "tracked changes by " + ", ".join(who) for line, who in sorted(doc.authors.items())
             if source.first <= line <= source.last}
    return Witness(source, tokens, tuple(notices), hands)


def _n(n: int, what: str) -> str:
    return f"{n} {what}" + ("" if n == 1 else "s")
