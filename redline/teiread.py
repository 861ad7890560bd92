"""TEI P5 transcriptions → a ``Witness``: the same tokens, layers and offsets as the markup parser gives.

Two passes over untrusted XML. First lxml, with a parser that never resolves
entities, never touches the network and refuses huge trees, checks that the
file is well-formed (else ``InputError`` naming ``file:line:col``) and decides,
on the element tree, which readings to take. Then a lexer scans the file text
itself, tag by tag, so every token keeps exact offsets into the file; its start
tags are matched one to one, in document order, with lxml's elements.

What is read (everything inside ``<text>``, or the root when there is none):

- ``<del>``, ``<hi rend="strikethrough">`` (or overstrike, line-through) → layer ``struck``
- ``<add>`` (any place)                                              → layer ``inserted``
- ``hand="#id"`` on an element, or ``<handShift new="#id"/>`` → layer ``hand`` when that hand
  is manuscript. A hand is typescript when its id or its ``<handNote>`` (attributes or text)
  says ``typ…`` (typist, typescript, typewriter); no hand at all is typescript. A hand whose id
  or note says ``inferred`` marks its tokens ``inferred``.
- ``<fw type="…">``, ``<stamp>`` → furniture, with the reason from the type (``pageNum`` → ``page-number``)
- ``<choice>``: one reading only, so the texts compare: ``corr``, else ``reg``, else ``expan``, else the first child
- ``<app>``: the ``<rdg>`` whose ``wit`` names ``#draft``, else ``<lem>``, else the first ``<rdg>``
- ``<unclear>``, ``<supplied>``, ``<hi>``, ``<seg>``: their text is kept; ``<gap>`` gives no token
- not read: ``<teiHeader>``, ``<note>``, ``<figDesc>``, ``<desc>``, ``<facsimile>``, ``<standOff>``
- words break at white space, at ``<lb/>``, ``<pb/>``, ``<cb/>`` (not with ``break="no"``), at
  block elements (``<p>``, ``<ab>``, ``<head>``, ``<div>``, …, which also start paragraphs) and where
  the layer, hand or furniture changes.

Offsets and entities: a token's ``text`` is the raw slice of the file, so
``source.text[t.start:t.end] == t.text`` always holds; its ``key`` comes from
the decoded text of the readings taken. ``&amp;`` therefore has surface
``&amp;`` and key ``and``; a word that runs across an inline tag
(``<hi>W</hi>ord``, ``Wor-<lb break="no"/>d``) has the tag in its surface.
Entities other than the five predefined ones and character references are
never expanded (no billion laughs, no external files): an entity reference in
the text gives no characters to any token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator, NamedTuple

if TYPE_CHECKING:
    from lxml import etree  # imported where a TEI file is read: a plain-text comparison never loads lxml

from .errors import InputError
from .model import Source, Token, Witness, new_token
from .normalize import key
from .read import LineIndex, line_index

_XML_DECL = re.compile(r"^\ufeff?\s*<\?xml\b[^>]*\?>")


# --- pass 1: lxml decides what to read ------------------------------------------------------------

def _parser() -> etree.XMLParser:
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False,
        remove_comments=False, remove_pis=False, strip_cdata=False,
    )


def _local(el: etree._Element) -> str:
    from lxml import etree

    return etree.QName(el).localname if isinstance(el.tag, str) else ""


_NOT_READ = frozenset({"teiHeader", "note", "figDesc", "desc", "facsimile", "standOff", "witDetail", "wit"})
_CHOICE_ORDER = ("corr", "reg", "expan")


def _skipped(root: etree._Element) -> set[etree._Element]:
    """Elements whose content is not part of the text read (other readings, headers, notes)."""
    skip: set[etree._Element] = set()
    texts = [el for el in root.iter() if _local(el) == "text"]
    if texts:
        inside = set(texts[0].iter())
        skip.update(el for el in root.iter() if isinstance(el.tag, str) and el not in inside and el is not root)
    for el in root.iter():
        name = _local(el)
        if name in _NOT_READ:
            skip.add(el)
        elif name == "choice":
            kids = [k for k in el if isinstance(k.tag, str)]
            keep = next((k for want in _CHOICE_ORDER for k in kids if _local(k) == want), kids[0] if kids else None)
            skip.update(k for k in kids if k is not keep)
        elif name == "app":
            kids = [k for k in el if _local(k) in ("lem", "rdg")]
            draft = [k for k in kids if _local(k) == "rdg" and "#draft" in (k.get("wit") or "").split()]
            lem = [k for k in kids if _local(k) == "lem"]
            rdgs = [k for k in kids if _local(k) == "rdg"]
            keep = (draft or lem or rdgs or [None])[0]
            skip.update(k for k in kids if k is not keep)
    return skip


def _hand_notes(root: etree._Element) -> dict[str, str]:
    """``handNote`` id → its attributes and text, lower-cased, to tell typescript from manuscript."""
    out: dict[str, str] = {}
    for el in root.iter():
        if _local(el) == "handNote":
            hid = el.get("{http://www.w3.org/XML/1998/namespace}id")
            if hid:
                attrs = " ".join(v for k, v in el.attrib.items() if not k.endswith("}id"))
                out[hid] = f"{attrs} {' '.join(el.itertext())}".lower()
    return out


# --- pass 2: a lexer over the file text -----------------------------------------------------------

class Lexeme(NamedTuple):
    kind: str
    """open, close, empty, text or cdata; comments, PIs and the DOCTYPE are not yielded."""
    start: int
    end: int
    name: str = ""
    attrs: dict[str, str] = {}


_TAG = re.compile(
    # XML names may start with any letter, not only ASCII ones (``<änd>``).
    r"<(/)?((?:[^\W\d]|_)[\w.\-]*(?::(?:[^\W\d]|_)[\w.\-]*)?)((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/)?>"
)
_ATTR = re.compile(r"([^\s=/>]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_REF = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);")
_ENTITY = re.compile(r"&[A-Za-z_][\w.\-]*;")
_PREDEFINED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_DOCTYPE_END = re.compile(r"\]\s*>")


def decode(raw: str) -> str:
    """Expand the predefined entities and character references; leave any other entity as written.

    >>> decode("War &amp; Peace &#38; &#x26; &nbsp;")
    'War & Peace & & &nbsp;'
    """
    def one(m: re.Match[str]) -> str:
        ref = m.group(1)
        if ref.startswith("#x"):
            return chr(int(ref[2:], 16))
        if ref.startswith("#"):
            return chr(int(ref[1:]))
        return _PREDEFINED[ref]

    return _REF.sub(one, raw)


def _local_name(qname: str) -> str:
    return qname.rsplit(":", 1)[-1]


def lex(text: str, path: str, where: LineIndex) -> Iterator[Lexeme]:
    """Yield the tags and character data of a well-formed XML text, with offsets."""
    pos, n = 0, len(text)
    while pos < n:
        i = text.find("<", pos)
        if i == -1:
            yield Lexeme("text", pos, n)
            return
        if i > pos:
            yield Lexeme("text", pos, i)
        if text.startswith("<!--", i):
            pos = text.index("-->", i + 4) + 3
        elif text.startswith("<![CDATA[", i):
            j = text.index("]]>", i + 9)
            yield Lexeme("cdata", i + 9, j)
            pos = j + 3
        elif text.startswith("<?", i):
            pos = text.index("?>", i + 2) + 2
        elif text.startswith("<!", i):
            gt, bracket = text.find(">", i), text.find("[", i)
            if 0 <= bracket < gt:
                m = _DOCTYPE_END.search(text, bracket)
                pos = m.end() if m else n
            else:
                pos = gt + 1 if gt >= 0 else n
        else:
            m = _TAG.match(text, i)
            if not m:
                line, col = where(i)
                raise InputError(f"{path}:{line}:{col}: cannot read this tag: {text[i:i + 40]!r}")
            attrs = {_local_name(a.group(1)): a.group(2) if a.group(2) is not None else a.group(3)
                     for a in _ATTR.finditer(m.group(3) or "")}
            attrs = {k: decode(v) for k, v in attrs.items()}
            kind = "close" if m.group(1) else "empty" if m.group(4) else "open"
            yield Lexeme(kind, i, m.end(), _local_name(m.group(2)), attrs)
            pos = m.end()


# --- the builder ----------------------------------------------------------------------------------

BLOCKS = frozenset({
    "text", "body", "front", "back", "group", "div", "div1", "div2", "div3", "div4", "p", "ab", "head", "lg", "l",
    "list", "item", "table", "row", "cell", "opener", "closer", "salute", "signed", "dateline", "postscript",
    "byline", "docTitle", "titlePage", "quote", "floatingText", "label",
})
BREAKS = frozenset({"lb", "pb", "cb", "gb"})
FW_REASONS = {
    "pagenum": "page-number", "pageno": "page-number", "page-number": "page-number", "folio": "page-number",
    "catch": "catchword", "catchword": "catchword", "header": "header", "head": "header", "runninghead": "header",
    "footer": "footer", "sig": "signature-mark", "stamp": "stamp", "classification": "classification",
}
_TYPED = re.compile(r"typ(?:ist|escript|ewrit|ed\b|ing\b)", re.I)
_STRIKE = re.compile(r"strike|overstrike|line-?through|crossed", re.I)


def fw_reason(fw_type: str | None) -> str:
    """The furniture reason code for an ``<fw type="…">``.

    >>> fw_reason("pageNum"), fw_reason("catch"), fw_reason("envelope"), fw_reason(None)
    ('page-number', 'catchword', 'envelope', 'fw')
    """
    if not fw_type:
        return "fw"
    t = fw_type.strip()
    return FW_REASONS.get(t.lower().replace("_", "").replace(" ", ""), re.sub(r"[^a-z0-9]+", "-", t.lower()).strip("-") or "fw")


@dataclass
class _Frame:
    name: str
    skip: bool = False
    struck: bool = False
    inserted: bool = False
    hand: tuple[int, str] | None = None
    """(sequence number, hand id): the latest of these and the last handShift wins."""
    furniture: str | None = None


@dataclass
class _Word:
    start: int
    end: int
    chars: list[str] = field(default_factory=list)
    meta: tuple = ()


def parse_tei(source: Source) -> Witness:
    """Read a TEI transcription into a ``Witness`` with exact offsets into ``source.text``.

    Only tokens that start within the source's chosen lines are kept, so
    ``PATH:FIRST-LAST`` still works, though a TEI file is normally read whole.
    """
    from lxml import etree

    text = source.text
    where = line_index(text)
    decl = _XML_DECL.match(text)
    # Parse from UTF-8 bytes; blank out the declaration (same length) so its encoding cannot mislead lxml.
    body = (" " * decl.end() + text[decl.end():]) if decl else text
    try:
        root = etree.fromstring(body.lstrip("\ufeff").encode("utf-8"), _parser())
    except etree.XMLSyntaxError as exc:
        line, col = (exc.position if exc.position else (exc.lineno or 1, 1))
        msg = str(exc.msg if hasattr(exc, "msg") else exc).split(", line ")[0]
        raise InputError(f"{source.path}:{line}:{col}: not well-formed XML ({msg}); fix the TEI file and try again") from None
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    skipped = _skipped(root)
    notes = _hand_notes(root)

    def typed(hand: str | None) -> bool:
        if hand is None:
            return True
        h = hand.lstrip("#")
        return bool(_TYPED.search(h) or _TYPED.search(notes.get(h, "")))

    def inferred(hand: str | None) -> bool:
        h = (hand or "").lstrip("#")
        return "inferred" in h.lower() or "inferred" in notes.get(h, "")

    stack: list[_Frame] = [_Frame("#document", skip=True)]
    seq = 0
    shift: tuple[int, str] | None = None
    para = 0
    raw: list[tuple[int, int, str, tuple]] = []  # start, end, decoded, meta
    word: _Word | None = None
    k = 0

    def flush() -> None:
        nonlocal word
        if word is not None:
            raw.append((word.start, word.end, "".join(word.chars), word.meta))
            word = None

    def meta() -> tuple:
        struck = any(f.struck for f in stack)
        inserted = any(f.inserted for f in stack)
        hands = [f.hand for f in stack if f.hand] + ([shift] if shift else [])
        hand = max(hands)[1] if hands else None
        furniture = next((f.furniture for f in reversed(stack) if f.furniture), None)
        layer = "struck" if struck else "inserted" if inserted else "typed" if typed(hand) else "hand"
        return (layer, layer in ("hand", "inserted") and inferred(hand), furniture, para)

    def chars(start: int, end: int, decoded_too: bool) -> None:
        nonlocal word
        pos = start
        here = meta()  # the stack does not change inside one run of character data
        while pos < end:
            m = _REF.match(text, pos) if decoded_too and text[pos] == "&" else None
            other = _ENTITY.match(text, pos) if decoded_too and text[pos] == "&" and not m else None
            if other and other.end() <= end:  # never expanded: no text, and no word break
                pos = other.end()
                continue
            if m and m.end() <= end:
                piece, nxt = decode(m.group(0)), m.end()
            else:
                piece, nxt = text[pos], pos + 1
            if piece.isspace():
                flush()
            else:
                if word is not None and word.meta != here:
                    flush()
                if word is None:
                    word = _Word(pos, nxt, [], here)
                word.chars.append(piece)
                word.end = nxt
            pos = nxt

    for lx in lex(text, source.path, where):
        if lx.kind in ("text", "cdata"):
            if not stack[-1].skip:
                chars(lx.start, lx.end, lx.kind == "text")
            continue
        if lx.kind == "close":
            frame = stack.pop()
            if frame.name in BLOCKS and not frame.skip:
                flush()
                para += 1
            continue
        if k >= len(elements):
            line, col = where(lx.start)
            raise InputError(f"{source.path}:{line}:{col}: the XML scanner and the parser disagree at <{lx.name}>")
        el = elements[k]
        k += 1
        parent = stack[-1]
        skip = parent.skip and not (parent.name == "#document") or el in skipped
        frame = _Frame(lx.name, skip=skip)
        a = lx.attrs
        if not skip:
            name = lx.name
            if name in BLOCKS:
                flush()
                para += 1
            elif name in BREAKS and a.get("break", "yes").lower() not in ("no", "false", "0"):
                flush()
            if name == "del" or (name == "hi" and _STRIKE.search(a.get("rend", "") + " " + a.get("style", ""))):
                frame.struck = True
            elif name == "add":
                frame.inserted = True
            if name == "fw":
                frame.furniture = fw_reason(a.get("type"))
            elif name == "stamp":
                frame.furniture = "stamp"
            seq += 1
            if name == "handShift" and a.get("new"):
                shift = (seq, a["new"].split()[0])
            elif a.get("hand"):
                frame.hand = (seq, a["hand"].split()[0])
        if lx.kind == "open":
            stack.append(frame)
    flush()

    tokens: list[Token] = []
    paras: dict[int, int] = {}
    for start, end, decoded, (layer, inf, furniture, p) in raw:
        if not (source.start <= start < source.end):
            continue
        kk = key(decoded)
        if not kk:
            continue
        line, col = where(start)
        pn = paras.setdefault(p, len(paras))
        tokens.append(new_token(len(tokens), text[start:end], kk, start, end, line, col, layer, inf, furniture, pn, None))
    return Witness(source, tuple(tokens))
