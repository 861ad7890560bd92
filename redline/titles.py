"""What a document says it is: its heading, its dates and its serial, read from its opening lines.

A report without labels is titled from the documents, not from their file names:
``opening(witness)`` reads the witness's first lines (after parsing and page
furniture, which it relies on) and returns a frozen ``Opening`` with what it found
and the line each was found on; ``title(comparison)`` makes the report's title of
both sides. ``distinct`` keeps the titles of a survey's pairs apart.

Every finding needs evidence in the text, and each rule says which:

- **The opening** is the witness's lines before its first paragraph of running
  text (more than 16 words or three lines or more of typed text), or before a
  salutation (``Dear Ron,``), within its first 12 paragraphs and 600 words.
  Page furniture (classification lines, page numbers, stamps, form fields,
  catchwords, registry annotations), struck lines and manuscript lines are
  never a heading. Where no running text follows, nothing in the witness can be
  told from a heading, and none is taken from position or case.
- **A heading** is, first found wins: a heading marked as such (``## …``) or a
  bracketed title in capitals (``[DRAFT MESSAGE FROM …]``, furniture ``title``);
  the lines after ``BT`` in a telegram envelope (the message's own heading,
  classification lines aside); a line in capitals in a text whose running text is
  not in capitals (``CHAPTER I. VARIATION UNDER DOMESTICATION.`` above mixed-case
  prose: in a telegram every line is in capitals, and case says nothing); or the
  witness's first line of text, alone in its paragraph, of at most 12 words, with
  every word of four letters or more capitalised (a poem's title ``The Blessed
  Damsel.``), again only above running text not in capitals. Never a line of figures or a stamp (``- 2 -``, ``12/11/80``, ``I.``:
  a heading has a word of three letters or more), a salutation, a line ending in
  ``,`` ``;`` or ``:`` (``Act 1:``, ``Advertisement:`` introduce what follows), a
  letterhead (``Foreign and Commonwealth Office`` names the sender) or a minute's
  addressee (``PRIME MINISTER``). Up to three lines of one paragraph make one heading.
- **A date** has a day and a month: ``21 December 1941``, ``21st December, 1941``,
  ``December 21, 1941``, ``21.12.41``, ``19th October`` (no year: none is given,
  and none is invented), and a telegram's date-time group (``O 212130Z DEC 88``).
  A year alone (``in 1859 I``) is never a date. Dates are read only in the
  opening and in the closing (the short lines after the last paragraph of running
  text: a signature and its date), never in running text, where a date is what
  the document speaks of (``Since my message of 20 October``), and never in a
  stamp or registry annotation (the date a registry saw the paper). Shown as
  written; ``iso`` only where the month is named and the year has four figures.
- **A serial** is the number in a message form's serial field (``SERIAL No. T
  192A/88``), or a file or telegram reference of letters, figures, a slash and
  figures in the opening (``T 192A/88``, ``FO 371/22969``, ``7160A/88``) — never
  figures alone (``12/11/80`` is a stamp's date) and never ``No. 10`` outside a
  serial field (``No. 10 Downing Street``).

Checked on the development corpus: Darwin's chapters open with running text (no
heading, no date: ``1859`` is never one), the Rossetti poem's two titles are found
(``The Blessed Damsel.``, ``THE BLESSED DAMOZEL.``), the play's ``Act 1:`` and
``I.`` are not titles, and the welcome text's ``Welcome to Juxta!`` is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby, islice
from typing import Iterable, Sequence

from .furniture import classification, letterhead_line
from .model import Comparison, Token, Witness

__all__ = ["Found", "Opening", "opening", "dates_in", "part", "title", "distinct"]

_WINDOW_WORDS = 600
_WINDOW_PARAS = 12
_BODY_WORDS = 16
_BODY_LINES = 3
_HEADING_LINES = 3
_TITLE_WORDS = 12
_CLOSING_WORDS = 200
_CLOSING_PARAS = 4

_NEVER = frozenset({"classification", "page-number", "running-head", "line-number", "catchword", "stamp", "serial", "form", "annotation", "envelope"})
"""Furniture whose lines are never a heading (``title`` is a heading: a bracketed one)."""
_NO_DATES = frozenset({"stamp", "annotation", "catchword", "page-number", "running-head", "form"})
"""Furniture whose dates are not the document's: a registry's stamp or note, a page's number."""

_MONTH = (r"(?P<m>(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?)")
_MONTHS = {m: n for n, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_DMY = re.compile(r"(?<![\w/.])(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+(?P<y>\d{4}|\d{2}))?(?![\w/])",
                  re.I)
_MDY = re.compile(r"(?<![\w/.])" + _MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{4}))?(?![\w/])", re.I)
_NUMERIC = re.compile(r"(?<![\w/.])(?P<d>\d{1,2})(?P<s>[./])(?P<m>\d{1,2})(?P=s)(?P<y>\d{4}|\d{2})(?![\w/]|\.\d)")
_DTG = re.compile(r"^(?:[OPRZ]{1,2}\s+)?(?P<d>\d{2})\d{4}Z\s+(?P<m>[A-Z]{3})\s+(?P<y>\d{2})$", re.I)
_SERIAL_FIELD = re.compile(r"^serial\s+no\.?\s*(?P<s>[A-Z]{0,3}\s?\d{1,5}[A-Z]?(?:/\d{1,5})*)", re.I)
_REFERENCE = re.compile(r"(?<![\w/])(?:[A-Z]{1,3}\s?\d{1,5}[A-Z]?|\d{1,5}[A-Z])/\d{1,5}(?:/\d{1,5})*(?![\w/])")
_SALUTATION = re.compile(r"^[\"'“]?(?:my\s+)?dear\s+\w", re.I)
_LETTERS = re.compile(r"[^\W\d_]{3}")
_ADDRESSEE = re.compile(r"^(?:the\s+)?(?:prime minister|foreign secretary|home secretary|secretary of state|chancellor)\.?$", re.I)


@dataclass(frozen=True, slots=True)
class Found:
    """One thing found in the text, as written, with where and why."""

    text: str
    """As written (whitespace collapsed; a bracketed title without its brackets)."""
    line: int
    """The line of the file it starts on (1-based)."""
    why: str
    """The rule that found it, in plain words (``a line in capitals above the text``)."""
    iso: str | None = None
    """For a date: ``YYYY-MM-DD`` when the month is named and the year has four figures, else None."""

    def __str__(self) -> str:
        return f"{self.text} (l. {self.line})"


@dataclass(frozen=True, slots=True)
class Opening:
    """What a witness says it is: its heading, its dates (opening first, then closing) and its serial."""

    heading: Found | None = None
    dates: tuple[Found, ...] = ()
    serial: Found | None = None

    @property
    def date(self) -> Found | None:
        """The document's date: the first found."""
        return self.dates[0] if self.dates else None

    @property
    def evidence(self) -> tuple[str, ...]:
        """Each finding with its line and rule: ``l. 350: date-time group 212130Z DEC 88``."""
        out = [f"l. {f.line}: {f.why} {f.text!r}" for f in (self.heading, *self.dates, self.serial) if f]
        return tuple(out)

    def as_dict(self) -> dict:
        """Plain data for JSON."""
        one = lambda f: None if f is None else {"text": f.text, "line": f.line, "why": f.why}
        return {"heading": one(self.heading), "serial": one(self.serial),
                "dates": [{"text": f.text, "line": f.line, "why": f.why, "iso": f.iso} for f in self.dates]}


# ---- lines and paragraphs of a witness --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Line:
    n: int
    words: tuple[str, ...]
    """The words as shown, struck words left out."""
    reasons: frozenset
    """The furniture reasons of its words (empty: text)."""
    hand: bool
    """Every word in manuscript."""
    heading: bool
    """Marked as a heading (``## …``)."""

    @property
    def text(self) -> str:
        return " ".join(self.words)


def _lines(tokens: Iterable[Token]) -> list[list[_Line]]:
    """The tokens as paragraphs of lines (a line whose words are all struck is left out)."""
    paras: list[list[_Line]] = []
    for _, ptoks in groupby(tokens, key=lambda t: t.para):
        para = []
        for n, ltoks in groupby(ptoks, key=lambda t: t.line):
            kept = [t for t in ltoks if t.layer != "struck"]
            if kept:
                para.append(_Line(n, tuple(t.display for t in kept), frozenset(t.furniture for t in kept if t.furniture),
                                  all(t.layer == "hand" for t in kept), any(t.style == "heading" for t in kept)))
        if para:
            paras.append(para)
    return paras


def _text_lines(para: list[_Line]) -> list[_Line]:
    return [ln for ln in para if not ln.reasons and not ln.hand]


def _body(para: list[_Line]) -> bool:
    """Running text: more than 16 words or three lines or more of typed text that is not furniture."""
    text = _text_lines(para)
    return len(text) >= _BODY_LINES or sum(len(ln.words) for ln in text) > _BODY_WORDS


def _salutation(para: list[_Line]) -> bool:
    text = _text_lines(para)
    return bool(text) and len(text[0].words) <= 6 and bool(_SALUTATION.match(text[0].text))


# ---- the rules ----------------------------------------------------------------------------------------


def _wordy(words: Sequence[str]) -> bool:
    """A word of three letters or more: not a number, a page's ``- 2 -`` or an act's ``I.``."""
    return any(_LETTERS.search(w) for w in words)


def _capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _title_case(words: Sequence[str]) -> bool:
    long = [w.strip("\"'“”‘’([") for w in words if sum(ch.isalpha() for ch in w) >= 4]
    return bool(long) and all(w[:1].isupper() for w in long)


def _headlike(line: _Line) -> bool:
    """May this line be (part of) a heading at all: words, no trailing ``,;:``, no salutation, letterhead or addressee."""
    text = line.text
    if not line.words or not _wordy(line.words) or text.rstrip("\"'”’").endswith((",", ";", ":")):
        return False
    return not (_SALUTATION.match(text) or _ADDRESSEE.match(text) or letterhead_line(line.words))


def _clean(lines: Sequence[_Line]) -> str:
    text = " ".join(" ".join(ln.text for ln in lines).split())
    if text.startswith("[") and text.rstrip(".").endswith("]"):
        text = text.rstrip(".")[1:-1].strip()
    return text.rstrip(".").strip() or text


def _run(para: list[_Line], k: int, ok) -> list[_Line]:
    """Line ``k`` of ``para`` and the lines after it that ``ok`` accepts, up to three."""
    out = [para[k]]
    for ln in para[k + 1 : k + _HEADING_LINES]:
        if not ok(ln):
            break
        out.append(ln)
    return out


def _heading(opening: list[list[_Line]], stop: list[_Line] | None) -> Found | None:
    """The first heading in the opening's paragraphs (see the module's rules); ``stop`` is the paragraph of
    running text (or the salutation) that ended the opening, None when none did."""
    capitals_say = stop is not None and not _capitals(" ".join(ln.text for ln in _text_lines(stop)))
    first_text = True
    for para in opening:
        after_bt = False
        for k, ln in enumerate(para):
            if ln.reasons & {"title"} or ln.heading:
                lines = [x for x in para if x.reasons & {"title"} or x.heading][:_HEADING_LINES]
                why = "a heading marked in the transcription" if ln.heading else "a bracketed title"
                return Found(_clean(lines), ln.n, why)
            if "envelope" in ln.reasons:
                if after_bt and not _classification(ln) and _headlike(ln):
                    ok = lambda x: not _classification(x) and _headlike(x) and x.text != "BT"
                    return Found(_clean(_run(para, k, ok)), ln.n, "the heading after a telegram envelope's BT")
                after_bt = after_bt or ln.text == "BT"
                continue
            if ln.reasons or ln.hand:
                continue
            if not _headlike(ln):
                first_text = False
                continue
            if capitals_say and _capitals(ln.text) and len(ln.words) >= 2:
                ok = lambda x: not x.reasons and not x.hand and _capitals(x.text) and _headlike(x)
                return Found(_clean(_run(para, k, ok)), ln.n, "a line in capitals above text that is not")
            if (first_text and capitals_say and len(_text_lines(para)) == 1 and len(ln.words) <= _TITLE_WORDS
                    and _title_case(ln.words)):
                return Found(_clean([ln]), ln.n, "the first line, alone, its words capitalised")
            first_text = False
    return None


def _classification(ln: _Line) -> bool:
    return classification(ln.words)


def dates_in(text: str, line: int) -> list[Found]:
    """The dates written in ``text`` (one line, number ``line``), in the order they stand.

    >>> [d.text for d in dates_in("21st December, 1941 and December 21, 1941; 21.12.41 or 19th October", 1)]
    ['21st December, 1941', 'December 21, 1941', '21.12.41', '19th October']
    >>> dates_in("in 1859 I first saw 12 men", 1), [d.iso for d in dates_in("21 December 1941", 1)]
    ([], ['1941-12-21'])
    """
    m = _DTG.match(text.strip())
    if m and m["m"].lower() in _MONTHS:
        return [Found(" ".join(text.strip()[m.start("d"):].split()), line, "a telegram's date-time group")]
    found: list[tuple[int, Found]] = []
    taken: list[range] = []
    for rx, why in ((_DMY, "a date"), (_MDY, "a date"), (_NUMERIC, "a date in figures")):
        for m in rx.finditer(text):
            if any(m.start() in r or m.end() - 1 in r for r in taken):
                continue
            d = int(m["d"])
            if rx is _NUMERIC:
                if not (1 <= d <= 31 and 1 <= int(m["m"]) <= 12):
                    continue
            else:
                month = m["m"].rstrip(".")
                if not (1 <= d <= 31) or not (month[0].isupper()):
                    continue  # "may 2" is a verb and a number; a month is written with a capital
            iso = None
            if rx is not _NUMERIC and m["y"] and len(m["y"]) == 4:
                iso = f"{m['y']}-{_MONTHS[m['m'][:3].lower()]:02d}-{d:02d}"
            taken.append(range(m.start(), m.end()))
            found.append((m.start(), Found(" ".join(m[0].split()), line, why, iso)))
    return [f for _, f in sorted(found, key=lambda x: x[0])]


def _dates(paras: Iterable[list[_Line]]) -> list[Found]:
    out = []
    for para in paras:
        for ln in para:
            if not ln.reasons & _NO_DATES:
                out.extend(dates_in(ln.text, ln.n))
    return out


def _serial(head: Sequence[list[_Line]], window: Sequence[list[_Line]]) -> Found | None:
    """The serial field's number anywhere in the first paragraphs (a form's fields stand among the
    letter's first lines), else the first reference in the opening."""
    for para in window:
        for ln in para:
            m = _SERIAL_FIELD.match(ln.text) if "serial" in ln.reasons else None
            if m:
                return Found(" ".join(m["s"].split()), ln.n, "a message form's serial field")
    for para in head:
        for ln in para:
            m = None if ln.reasons & _NO_DATES or ln.hand else _REFERENCE.search(ln.text)
            if m:
                return Found(m[0], ln.n, "a file or telegram reference above the text")
    return None


def opening(w: Witness) -> Opening:
    """What the witness's opening (and closing) lines say it is: see the module's rules.

    Reads at most the first 600 and the last 200 words: the cost does not grow with the text.
    """
    tokens = w.tokens
    paras = _lines(islice(tokens, _WINDOW_WORDS))
    head: list[list[_Line]] = []
    stop = None
    for para in paras[:_WINDOW_PARAS]:
        if _body(para) or _salutation(para):
            stop = para
            break
        head.append(para)
    dates = _dates(head)
    if stop is not None:
        tail = _lines(tokens[max(0, len(tokens) - _CLOSING_WORDS):])
        closing: list[list[_Line]] = []
        for para in reversed(tail[1:] if len(tokens) > _CLOSING_WORDS else tail):  # the first may be cut
            if _body(para) or len(closing) >= _CLOSING_PARAS or para[0].n <= stop[-1].n:
                break
            closing.insert(0, para)
        dates += _dates(closing)
    return Opening(_heading(head, stop), tuple(dates), _serial(head, paras[:_WINDOW_PARAS]))


# ---- titles ---------------------------------------------------------------------------------------------


def part(w: Witness, found: Opening | None = None) -> str:
    """One side's part of a title: its label if the user gave one; else its heading (or its name when it has
    none), with the date and serial found; its name (``path:first-last``) when nothing was found."""
    s = w.source
    if s.label:
        return s.name
    o = opening(w) if found is None else found
    bits = [o.heading.text if o.heading else s.name]
    if o.date:
        bits.append(o.date.text)
    if o.serial and (not o.heading or _fold(o.serial.text) not in _fold(o.heading.text)):
        bits.append(f"serial {o.serial.text}")
    return ", ".join(bits)


def title(c: Comparison, found: tuple[Opening, Opening] | None = None) -> str:
    """The report's title: each side's ``part``, joined by ``→``; one part when both read alike (two copies
    of one heading, date and serial: ``The Blessed Damsel`` twice is said once)."""
    d, f = found or (opening(c.draft), opening(c.final))
    a, b = part(c.draft, d), part(c.final, f)
    if not (c.draft.source.label or c.final.source.label) and _fold(a) == _fold(b):
        return a
    return f"{a} \u2192 {b}"


def _fold(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def distinct(titles: Sequence[str], extras: Sequence[Sequence[str | None]]) -> list[str]:
    """``titles`` made distinct: where two or more read alike (case and punctuation aside), each takes the
    first of its ``extras`` (a date, a serial, a file name and lines …) that tells them apart, then the next,
    and, if all are spent, its number among them (``(2)``). A title that is already distinct is left as it is.

    >>> distinct(["Message", "Message", "Letter"], [["1 May", "a.txt:1-9"], ["1 May", "a.txt:20-29"], ["2 May"]])
    ['Message, a.txt:1-9', 'Message, a.txt:20-29', 'Letter']
    """
    out = list(titles)
    for k in range(max((len(e) for e in extras), default=0) + 1):
        groups: dict[str, list[int]] = {}
        for i, t in enumerate(out):
            groups.setdefault(_fold(t), []).append(i)
        clashes = [g for g in groups.values() if len(g) > 1]
        if not clashes:
            return out
        for g in clashes:
            if k == max((len(e) for e in extras), default=0):
                for n, i in enumerate(g, 1):
                    out[i] = f"{out[i]} ({n})"
                continue
            said = [(extras[i][k] if k < len(extras[i]) else None) for i in g]
            if len({_fold(s or "") for s in said}) == 1:
                continue  # the same for all (or none has it): says nothing apart
            for i, s in zip(g, said):
                if s and _fold(s) not in _fold(out[i]):
                    out[i] = f"{out[i]}, {s}"
    return out
