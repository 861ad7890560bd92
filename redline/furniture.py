"""Page furniture: what is on the paper but is not the text of the message.

Classification lines, page numbers, catchwords, stamps and registry marks,
telegram envelopes, serial numbers, form fields, bracketed document titles, and
(on a despatched copy) handwritten registry notes. Each rule is a small pure
function over one line or one paragraph of words; the first that fires gives
the tokens their ``furniture`` reason code. Furniture is kept and shown dimmed,
but never aligned and never counted as an edit.

Stamps, registry marks, bracketed titles and form fields are read only on a
witness that shows it is a registry file (``evidence``: a classification line, an
envelope, a serial, marked handwriting); a printed book keeps its page numbers,
catchwords and running text, and nothing else is taken out of it.
"""

from __future__ import annotations

import re
from collections import Counter
from bisect import bisect_left, bisect_right
from dataclasses import replace
from itertools import groupby, islice
from typing import Callable, Sequence

from . import evidence, lexicon
from .evidence import positions as _positions
from .model import Token, Witness, displays, runs_of, with_furniture

CLASSIFICATIONS = frozenset(
    "top secret confidential restricted unclassified covering personal private in confidence "
    "eyes only dedip immediate priority flash routine "
    # other governments' markings: the US LIMITED OFFICIAL USE, the UK's OFFICIAL(-SENSITIVE) and UK EYES ONLY,
    # French TRÈS SECRET and CONFIDENTIEL, German (STRENG) GEHEIM and VERTRAULICH; a classification line still
    # needs every word to be one (or a file code), and only SECRET, CONFIDENTIAL, RESTRICTED show a typescript
    "limited official use sensitive official-sensitive uk très confidentiel confidentielle geheim streng vertraulich "
    "vs-vertraulich".split()
)
_DTG = re.compile(r"^(?:[OPRZ]{1,2}\s+)?\d{6}Z\s+[A-Z]{3}\s+\d{2}$", re.I)
_PAGE = re.compile(r"^[-–—(\s]*(?:\d{1,3}|[ivxlc]{1,5}|page\s+\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?)[-–—)\s]*\.?$", re.I)
_TELEPRINTER_PAGE = re.compile(r"^PAGE\s+\d{1,3}(?:\s+[A-Z0-9/().-]+){1,6}$")
_DATE_MARK = re.compile(r"^(?:[A-Z]{1,4}\.?\s+)?\d{1,2}\s*/\s*(?:\d{1,2}|[ivxlc]{1,4})(?:\s*/\s*\d{2,4})?\.?$", re.I)
_CODE = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9/().-]{3,}$")
_SERIAL = re.compile(r"^serial\s+no\b", re.I)
_FORM_FIELDS = ("prime minister's personal message", "personal message", "prime minister's")

Words = Sequence[str]
_LONGEST_FORM_FIELD = max(map(len, _FORM_FIELDS))
_CORE_WORDS = frozenset({"secret", "topsecret", "confidential", "restricted"})
_LONGEST_CORE_WORD = max(map(len, _CORE_WORDS))


def classification(words: Words, line: str | None = None) -> bool:
    """A line of security classification words, perhaps with a file code: ``CONFIDENTIAL COVERING SECRET``.

    >>> classification("CONFIDENTIAL COVERING SECRET".split()), classification(["JD3BPI", "SECRET"])
    (True, True)
    >>> classification(["S", "E", "C", "R", "E", "T"]), classification("Secret talks began".split())
    (True, False)
    """
    # Lowercasing never shortens a string, so words longer in all than the longest classification
    # word are not joined and lowercased to be looked up (a book's line, measured: a fifth of ``mark``'s rules).
    if sum(map(len, words)) <= _LONGEST_CORE_WORD and "".join(words).lower() in _CORE_WORDS:
        return True
    plain = False  # some word is not a file code; stop at the first that is not a classification word
    for w in words:
        if _CODE.match(w):
            continue
        w = w.lower().strip(".,:;")
        if not (w in CLASSIFICATIONS or w == "secret"):
            return False
        plain = True
    return plain


def page_number(words: Words, line: str | None = None) -> bool:
    """``- 2 -``, ``2``, ``(iv)``, ``Page 2 of 4``: a page number alone on its line.

    A word processor's footer (``Page 2 of 4``, ``Page 3``) names itself, and so does a teleprinter's page
    header, ``PAGE`` and the number with the message's routing codes and classification in capitals
    (``PAGE 2 RBDCAB 1234 CONFIDENTIAL``); a bare figure needs evidence of a page besides (``_unproven_pages``).

    >>> page_number("- 2 -".split()), page_number(["1991"]), page_number("Page 2 of 4".split()), page_number("Page two".split())
    (True, False, True, False)
    >>> page_number("PAGE 2 RBDCAB 1234 CONFIDENTIAL".split()), page_number("Page 2 shows the totals".split())
    (True, False)
    """
    line = " ".join(words) if line is None else line
    return bool(_PAGE.match(line) or _TELEPRINTER_PAGE.match(line))


def catchword(words: Words, line: str | None = None) -> bool:
    """``/According``: the first words of the next page, typed at the foot of this one.

    >>> catchword(["/According"]), catchword(["/-", "The", "Russians"]), catchword(["and/or", "both"])
    (True, True, False)
    """
    return bool(words) and words[0].startswith("/") and len(words) <= 4


_RECEIVED = re.compile(
    r"^(?:received|recd\.?|rec'd|registered|registry|filed|entered|answered|despatched|dispatched)\s*:?\s+"
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}\.?,?\s+\d{2,4}|\d{1,2}\s*[./]\s*\d{1,2}\s*[./]\s*\d{2,4})\.?$", re.I)


def stamp(words: Words, line: str | None = None) -> bool:
    """A registry mark or stamp alone on its line: ``12/11/80``, ``CDC 20/x.``, ``6 AB``, ``11a``, ``f``,
    ``RECEIVED 12 JAN 1962`` (a registry's word and a date, nothing else: the shape of a date stamp).

    >>> stamp(["12/11/80"]), stamp(["6", "AB"]), stamp(["Yours"]), stamp(["42"])
    (True, True, False, False)
    >>> stamp("RECEIVED 12 JAN 1962".split()), stamp("Received three letters from Paris".split())
    (True, False)
    """
    line = " ".join(words) if line is None else line
    if _DATE_MARK.match(line) or (len(words) <= 5 and _RECEIVED.match(line)):
        return True
    if line.strip("().").isdigit():
        return False  # a figure alone is a page number on the evidence of its page (``_page_evidence``), or text
    if len(words) == 1 and (len(line) <= 2 or _CODE.match(line)):
        return True
    return len(words) == 2 and len(line) <= 6 and any(ch.isdigit() for ch in line)


def serial(words: Words, line: str | None = None) -> bool:
    """``SERIAL No. T 192A/88``: the serial number field of a message form.

    >>> serial("SERIAL No. T 192A/88".split())
    True
    """
    return bool(_SERIAL.match(" ".join(words) if line is None else line))


def form_field(words: Words, line: str | None = None) -> bool:
    """The printed headings of the Prime Minister's personal-message form.

    >>> form_field(["PERSONAL", "MESSAGE"]), form_field(["PRIME", "MINISTER'S"])
    (True, True)
    """
    # Stripped before it is lowercased (the same: no character lowercases to a space, full stop or colon, nor
    # any of them to another), and only a core no longer than the longest field is lowercased (it never shortens).
    core = (" ".join(words) if line is None else line).strip(" .:")
    return len(core) <= _LONGEST_FORM_FIELD and core.lower() in _FORM_FIELDS


LINE_RULES: dict[str, Callable[[Words, str], bool]] = {
    "classification": classification,
    "page-number": page_number,
    "catchword": catchword,
    "serial": serial,
    "form": form_field,
    "stamp": stamp,
}

INLINE_RULES = frozenset({"classification", "serial", "form"})
"""Rules that may fire on a line inside a longer paragraph; the rest need a line of its own.

Each rule takes a line's words and, as ``line``, the words joined by single spaces when the
caller has them: ``mark`` joins each line once for all the rules that read it joined."""


LETTERHEADS = ("foreign and commonwealth office", "foreign & commonwealth office", "foreign office", "10 downing street",
               "10, downing street", "cabinet office", "ministry of defence", "home office", "hm treasury", "treasury chambers",
               "british embassy", "british high commission", "the white house", "department of state")
"""Offices whose name at the head of a block is a letterhead (and at the foot of an addressee block, an address)."""


def letterhead_line(words: Sequence[str]) -> bool:
    """Do a line's ``words`` name an office, after any classification words and file codes (``SECRET JD3BPH 4 (A-C)``)?

    Not a furniture rule (a letterhead is text, never marked): the test of ``segment_rules.letterhead``,
    kept here, by the words it reads, so that ``titles``, which asks it on every comparison's way to
    json, does not import ``segment_rules`` and its rules' expressions (15 M of the 534 M
    instructions a sample pair to json ran).

    >>> letterhead_line("SECRET Foreign and Commonwealth Office London".split()), letterhead_line("10 DOWNING STREET".split())
    (True, True)
    >>> letterhead_line("Home Office officials say that the plan is sound.".split())
    False
    """
    n = 0
    while n < len(words) and (classification([words[n]]) or _CODE.match(words[n])):
        n += 1
    line = " ".join(words[n:])
    lower = line.lower()  # once, not once an office
    office = next((o for o in LETTERHEADS if lower.startswith(o)), None)
    if office is None:
        return False
    rest = line[len(office):].split()
    return not rest or not rest[0][0].islower()  # "Home Office officials say …" is a sentence, not a letterhead


_BT = re.compile(r"^BT(?:\s+#?\d+)?$")
_CHANNEL = re.compile(r"^#\d+$")
_ADDRESS = re.compile(r"^(?:FM|FROM|TO|INFO|REPEAT|RPT|ZEN|TELNO|TEL\s+NO)\b")


_SENTENCE_ENDS = (".", "?", "!")
_CLAUSE_ENDS = (".", "?", "!", ":", ";")


def _closes(text: str, ends: tuple[str, ...] = _SENTENCE_ENDS) -> bool:
    """Does a line or a word end a sentence (``.`` ``?`` ``!``; a clause too with ``_CLAUSE_ENDS``: ``:`` ``;``),
    before any closing quote or bracket?"""
    return text.rstrip("\"'”’)] ").endswith(ends)


def _envelope_positions(paras: dict[int, Sequence[int]], tokens: Sequence[Token], shown: list[str]) -> set[int]:
    """The positions of the words of a telegram envelope: the date-time group's line and the envelope lines
    around it (``FM``/``TO`` lines, ``BT``), not the message that follows in the same paragraph.

    In a paragraph that holds a date-time group (``O 212130Z DEC 88``) the envelope is the group's line;
    the lines before it back to one that ends a sentence (a classification, a routing code); the lines after
    it up to the first ``BT``, or without a ``BT`` the address lines (``FM``, ``TO``, ``INFO`` …); and the
    rest of the paragraph too when no line of it ends a sentence (the sample telegram's heading,
    ``MESSAGE FROM THE PRIME MINISTER TO THE PRESIDENT``, runs on after ``BT`` without a full stop) and
    no second ``BT`` closes a message in it. The message itself ends sentences: a telegram typed without blank
    lines (``BT`` then ``PLEASE PASS …PRESIDENT.``) keeps its text. A ``BT`` line (``BT``, ``BT #4521``,
    and a ``#4521`` line after it) is envelope in a paragraph of its own, and inside another paragraph of a
    witness that has a date-time group (the closing ``BT`` of a telegram typed without a blank line before
    it). A paragraph that is only a routing code just before a date-time group's is envelope too.
    ``paras`` maps each paragraph to its token positions; ``shown`` holds each token's ``display``.
    """
    found: set[int] = set()
    order = sorted(paras)
    candidates = _envelope_hints(tokens, shown)
    dtg_seen = False
    for n, p in enumerate(order):
        if p not in candidates:
            continue  # no line can be a date-time group or BT
        lines = [list(g) for _, g in groupby(paras[p], key=lambda k: tokens[k].line)]
        texts = [" ".join(shown[k] for k in g).strip() for g in lines]
        bts = [j for j, text in enumerate(texts) if _BT.match(text)]
        at = next((j for j, text in enumerate(texts) if _DTG.match(text)), None)
        keep: set[int] = set()  # line numbers within the paragraph
        if at is None:
            if bts and all(_BT.match(text) or _CHANNEL.match(text) for text in texts):
                keep.update(range(len(texts)))
            elif bts and dtg_seen:
                keep.update(bts)
        else:
            dtg_seen = True
            start = at
            while start > 0 and not _closes(texts[start - 1]):
                start -= 1
            after = [j for j in bts if j > at]
            if after:
                end = after[0] + 1
            else:
                end = at + 1
                while end < len(texts) and _ADDRESS.match(texts[end]):
                    end += 1
            if len(after) < 2 and not any(_closes(text) for text in texts[end:]):
                end = len(texts)  # a heading running on, no message in it
            keep.update(range(start, end))
            keep.update(after)
            if start == 0 and n > 0 and len(paras[order[n - 1]]) == 1 and _CODE.match(shown[paras[order[n - 1]][0]]):
                found.add(paras[order[n - 1]][0])
        for j in sorted(keep):
            if j + 1 < len(texts) and j + 1 not in keep and _CHANNEL.match(texts[j + 1]) and _BT.match(texts[j]):
                keep.add(j + 1)  # BT, then the channel number on its own line
        for j in keep:
            found.update(lines[j])
    return found


_SIX_DIGITS = re.compile(r"\d{6}")


def _envelope_hints(tokens: Sequence[Token], shown: list[str]) -> set[int]:
    """The paragraphs with ``BT`` or a date-time group's core (six digits and a ``Z``, ``212130Z``) in a word: no other holds an envelope.

    Neither can span the space between two words, so the words are joined with line
    breaks (which no word holds) and searched at once, each find traced back to its word
    by its offset. ``str.find`` for ``BT`` and for the ``Z`` a core ends with, then a look
    at the six characters before it: a regular expression without a literal to start from
    would try every offset of the text.
    """
    text = "\n".join(shown)
    found: list[int] = []
    for needle in ("BT", "Z", "z"):
        at = text.find(needle)
        while at >= 0:
            if needle == "BT" or _SIX_DIGITS.fullmatch(text, max(0, at - 6), at):
                found.append(at)
            at = text.find(needle, at + 1)
    # a find's word is the number of line breaks before it, counted on from the previous find
    paras: set[int] = set()
    k = done = 0
    for at in sorted(found):
        k += text.count("\n", done, at)
        done = at
        paras.add(tokens[k].para)
    return paras


_BARE_PAGE = re.compile(r"^(?:\d{1,3}|[ivxlc]{1,5})\.?$", re.I)
_PAGE_NEIGHBOURS = frozenset({"classification", "catchword", "envelope", "serial", "page-number", "running-head"})


def _dashed(text: str, token: Token) -> bool:
    """Does the source line of a lone figure (``token``) set it in dashes or brackets (``- 2 -``, ``(2)``)?"""
    stop = text.find("\n", token.end)
    line = text[text.rfind("\n", 0, token.start) + 1 : token.start] + text[token.end : len(text) if stop < 0 else stop]
    return any(ch in "-–—()" for ch in line)


def _running_heads(by_line: list[tuple[int, range]], shown: Sequence[str]) -> list[int]:
    """The positions of the words of a printed book's running heads: a line of words in capitals with a page's
    figure before or after them (``12 THE DECLINE AND FALL``, ``THE STRANGER 13``), the same words on two lines
    or more, their figures rising through the witness.

    Evidence: a book prints its title or chapter at the head of every page beside the page's number; its OCR
    keeps each as a line of its own, often inside a paragraph the page break cut. One such line could be a
    heading of the text; the same words again, with a higher figure, are the pages' heads. Capitals and at
    least two words, so a table's ``Total 12`` … ``Total 15`` stays text.
    """
    groups: dict[tuple[str, ...], list[tuple[int, range]]] = {}
    for _line, ks in by_line:
        if not 3 <= len(ks) <= 12:
            continue
        words = shown[ks.start : ks.stop]
        first, last = words[0], words[-1].rstrip(".")
        if first.isdecimal() and len(first) <= 4:
            figure, rest = int(first), words[1:]
        elif last.isdecimal() and len(last) <= 4:
            figure, rest = int(last), words[:-1]
        else:
            continue
        lettered = [w for w in rest if any(ch.isalpha() for ch in w)]
        if len(lettered) < 2 or len(lettered) < len(rest) or not all(w.isupper() for w in lettered):
            continue
        groups.setdefault(tuple(w.strip(".,;:") for w in rest), []).append((figure, ks))
    found: list[int] = []
    for heads in groups.values():
        figures = [figure for figure, _ in heads]
        if len(heads) >= 2 and all(a < b for a, b in zip(figures, figures[1:])):
            for _, ks in heads:
                found.extend(ks)
    return found


def _margin_line_numbers(by_line: list[tuple[int, range]], shown: Sequence[str], tokens: Sequence[Token],
                         text: str) -> list[int]:
    """The positions of a verse text's line numbers set in the margin: a multiple of five ending a line of
    four words or more after a wide space (four spaces or more), two at least in the witness, rising
    (``… regain the blissful seat,      5``, then ``10``).

    Evidence: an edition numbers every fifth or tenth line of verse at the right margin, and its text keeps
    them after the line's words, set apart by the space a reader sees; two editions number at different
    lines. A figure that ends a sentence (``in 1815``), or after one space, is the text's own, and so is a
    table's column of figures (a row's label is a word or two, its figures any)."""
    found: list[tuple[int, int]] = []  # (value, position)
    for _line, ks in by_line:
        if len(ks) < 5:
            continue
        k = ks.stop - 1
        word = shown[k]
        if not (word.isdecimal() and len(word) <= 4 and int(word) % 5 == 0):
            continue
        gap = text[tokens[k - 1].end : tokens[k].start]
        if len(gap) >= 4 and gap.isspace() and "\n" not in gap:
            found.append((int(word), k))
    if len(found) < 2 or any(b <= a for (a, _), (b, _) in zip(found, found[1:])):
        return []
    return [k for _, k in found]


def _inside_a_broken_word(by_line: list[tuple[int, range]], shown: Sequence[str], alone_in_para: dict[int, bool],
                          tokens: Sequence[Token]) -> list[range]:
    """Lines (their token positions) that stand inside a word hyphenated across a page break: after a line
    that ends in a letter and a hyphen (``civi-``), before one that goes on in lower case (``lised``), in one
    paragraph: ``12 THE DECLINE AND FALL``, a signature mark ``B 2``.

    Evidence: nothing of the text can stand between the two halves of a word; what OCR sets there is the foot
    of one page and the head of the next, a page number, a running head, a printer's signature. Eight words
    at most, and not a line the parser joined (a word broken by a hyphen at a plain line end is one word).
    """
    found: list[range] = []
    for n in range(1, len(by_line) - 1):
        ks = by_line[n][1]
        if len(ks) > 8 or alone_in_para[tokens[ks.start].para]:
            continue
        before, after = by_line[n - 1][1], by_line[n + 1][1]
        head, tail = shown[before.stop - 1], shown[after.start]
        if not (len(head) > 2 and head.endswith("-") and head[-2].isalpha() and tail[:1].islower()):
            continue
        if tokens[before.stop - 1].para == tokens[ks.start].para == tokens[after.start].para:
            found.append(ks)
    return found


def _at_form_feed(text: str, first: Token, last: Token) -> bool:
    """Does a form feed stand on the line of the words ``first`` to ``last``, or at the edge of the line before or
    after it? A text extracted from a PDF (``pdftotext``) or an OCR engine's page output keeps each page break as
    a form feed, and a page's number stands at its head or foot: beside the break."""
    start = text.rfind("\n", 0, first.start) + 1
    stop = text.find("\n", last.end)
    stop = len(text) if stop < 0 else stop
    return "\f" in text[max(0, start - 2) : stop + 2]


def _unproven_pages(reason: dict[int, str], paras: dict[int, Sequence[int]], tokens: Sequence[Token],
                    shown: Sequence[str], text: str) -> list[int]:
    """The positions of the page numbers ``page_number`` found that nothing shows to be pages (``text``: the
    source's, whose line is read for the dashes the parser leaves out of the word: ``- 2 -`` is the word ``2``).

    A figure in dashes or brackets (``- 2 -``, ``(iv)``) is a page number by its form. A bare one (``2``,
    ``42``) is as often a figure of the text on a line of its own (a count after ``complaints received:``,
    votes for and against), and with a full stop (``2.``) a paragraph number more often than a page's. So a bare
    figure without a full stop is a page number only on evidence of a page break:
    other page furniture beside it (the sample telegrams put ``SECRET`` above their bare page numbers), a
    sentence it interrupts (the text it follows, eight words or more, ends without ``.?!:;``, or the text after
    it begins in lower case: a printed book's page breaks fall mid-sentence), a figure one lower before it or
    one higher after it on a line of its own (pages 2, 3, 4 of one witness), or a form feed beside it (the page
    break of a text extracted from a PDF, ``_at_form_feed``).
    """
    order = sorted(paras)
    index = {p: n for n, p in enumerate(order)}
    pages: dict[int, list[int]] = {}
    for k, why in reason.items():
        if why == "page-number":
            pages.setdefault(tokens[k].para, []).append(k)
    for ks in pages.values():
        ks.sort()  # in the words' order: a page number found beside a form feed was added after the others
    lines = {p: " ".join(shown[k] for k in ks) for p, ks in pages.items()}
    bare = {p: line for p, line in lines.items() if _BARE_PAGE.match(line) and not _dashed(text, tokens[pages[p][0]])}
    if not bare:
        return []
    figures = [(index[p], int(line.strip("-–—() ."))) for p, line in lines.items()
               if line.strip("-–—() .").isdecimal()]

    def content(n: int, step: int) -> int | None:
        while 0 <= n < len(order):
            if paras[order[n]][0] not in reason:
                return order[n]
            n += step
        return None

    unproven: list[int] = []
    for p, line in bare.items():
        n = index[p]
        if _at_form_feed(text, tokens[pages[p][0]], tokens[pages[p][-1]]):
            continue  # the file's own page break beside it
        if line.endswith("."):
            unproven.extend(pages[p])
            continue
        near = [order[m] for m in (n - 1, n + 1) if 0 <= m < len(order)]
        if any(reason.get(paras[q][0]) in _PAGE_NEIGHBOURS and q not in bare for q in near):
            continue
        before, after = content(n - 1, -1), content(n + 1, 1)
        if before is not None and len(paras[before]) >= 8 and not _closes(shown[paras[before][-1]], _CLAUSE_ENDS):
            continue
        if after is not None and shown[paras[after][0]][:1].islower():
            continue
        if line.isdecimal():
            value = int(line)
            if any((m < n and v == value - 1) or (m > n and v == value + 1) for m, v in figures):
                continue
        unproven.extend(pages[p])
    return unproven


def _title(words: Sequence[str]) -> bool:
    """A bracketed, all-capitals paragraph: ``[DRAFT MESSAGE FROM … TO PRESIDENT REAGAN]``."""
    if not (words[0].startswith("[") and words[-1].rstrip(".").endswith("]")):
        return False
    return "".join(ch for w in words for ch in w if ch.isalpha()).isupper()


def mark(witness: Witness, role: str = "draft") -> Witness:
    """Return the witness with furniture reasons set on its tokens.

    ``role`` is ``draft`` or ``final``: on a despatched copy, marked handwriting is
    a registry annotation, not text of the message; bold print is a form heading.
    Each token's ``display`` is worked out once and shared by every rule.
    """
    tokens = witness.tokens
    shown = displays(tokens)  # the texts themselves for a text with no unprintable word, tested in C at once
    reason: dict[int, str] = {}  # token position -> reason
    paras = paragraphs(witness)
    for k in _envelope_positions(paras, tokens, shown):
        reason[k] = "envelope"
    for ks in paras.values():
        if shown[ks[0]].startswith("[") and _title([shown[k] for k in ks]):  # a title opens with its bracket
            for k in ks:
                reason.setdefault(k, "title")
    by_line = line_runs(witness)
    alone_in_para = _on_one_line(paras, tokens, by_line)
    fired: dict[tuple, str | None] = {}  # (alone, words) -> the rule that fires: a text repeats its lines
    for _line, ks in by_line:
        words = shown[ks.start : ks.stop]
        alone = alone_in_para[tokens[ks.start].para]
        look = (alone, *words)
        name = fired.get(look, fired)
        if name is fired:
            line = " ".join(words)
            name = fired[look] = next(
                (n for n, rule in LINE_RULES.items() if (alone or n in INLINE_RULES) and rule(words, line)), None
            )
        if name is not None:
            for k in ks:
                reason.setdefault(k, name)
    for k in _running_heads(by_line, shown):
        reason.setdefault(k, "running-head")
    for k in _margin_line_numbers(by_line, shown, tokens, witness.source.text):
        reason.setdefault(k, "line-number")
    proven: set[int] = set()  # page numbers found by the page break itself: nothing more to prove
    for ks in _inside_a_broken_word(by_line, shown, alone_in_para, tokens):
        words = shown[ks.start : ks.stop]
        why = "page-number" if len(words) <= 3 and any(ch.isdigit() for w in words for ch in w) else "running-head"
        for k in ks:
            reason.setdefault(k, why)
        proven.update(ks)
    text = witness.source.text
    if "\f" in text:  # a page break the file keeps (pdftotext): a page number beside it, inside a paragraph too
        for _line, ks in by_line:
            if not alone_in_para[tokens[ks.start].para] and page_number(shown[ks.start : ks.stop]) \
                    and _at_form_feed(text, tokens[ks.start], tokens[ks.stop - 1]):
                for k in ks:
                    reason.setdefault(k, "page-number")
                proven.update(ks)
    for k in _unproven_pages(reason, paras, tokens, shown, text):
        if k not in proven:
            del reason[k]
    layers = [t.layer for t in tokens]  # read once for the evidence and the hands of a despatch
    archival = evidence.gather(tokens, reason, shown, layers).archival
    if not archival:
        reason = _without_archive_only(reason, tokens, shown)
    if role == "final":
        # Few words are hands or bold: they are found in C (a comprehension and ``list.index``), not by a loop over
        # every word (a third of the time on a book, measured).
        for k in _positions(layers, "hand"):
            if not tokens[k].inferred:
                reason.setdefault(k, "annotation")  # marked handwriting is evidence of its own
        if archival:
            for k in _positions([t.style for t in tokens], "bold"):
                reason.setdefault(k, "form")  # marked handwriting in bold is an annotation already
    if not reason:
        return witness
    marked = list(tokens)
    for k, why in reason.items():
        marked[k] = with_furniture(tokens[k], why)
    return revised(witness, tokens=tuple(marked))


def _on_one_line(paras: dict[int, Sequence[int]], tokens: Sequence[Token], by_line: list[tuple[int, range]]) -> dict[int, bool]:
    """Paragraph -> are all its words (``paras``: their positions in ``tokens``) on one line (``by_line``:
    the runs of the tokens' lines)?

    A paragraph that is a range of positions is on one line when no run of ``by_line`` begins
    inside it, found by bisecting their starts, not by a set of its lines (a book's paragraph is
    often one long line: the set cost a pass over every word). Only a paragraph that comes back
    later (a list of positions) reads its words' lines.
    """
    run_starts = [ks.start for _, ks in by_line]
    alone: dict[int, bool] = {}
    for p, ks in paras.items():
        if isinstance(ks, range):
            alone[p] = bisect_right(run_starts, ks.start) == bisect_left(run_starts, ks.stop)
        else:  # a paragraph that comes back later (as good as never): its words' lines, read one by one
            alone[p] = len({tokens[k].line for k in ks}) == 1
    return alone


def _runs(numbers: list[int]) -> list[tuple[int, range]]:
    """``model.runs_of`` for the paragraph or line numbers of a witness's words, in a quarter of the time
    when the numbers never go down (as a parsed text's do) and the runs are long (a paragraph, a book's
    line): each run's end is found by bisecting, not by comparing every word with the next. That the
    numbers never go down is tested by sorting a copy (one C comparison an item on sorted input), and
    that the runs are long by their span: with a run every few words, bisecting each would be slower.
    """
    if len(numbers) < 2 or numbers[-1] - numbers[0] > len(numbers) // 16 or sorted(numbers) != numbers:
        return runs_of(numbers)
    runs = []
    a = 0
    while a < len(numbers):
        b = bisect_right(numbers, numbers[a], a)
        runs.append((numbers[a], range(a, b)))
        a = b
    return runs


def _by_paragraph(runs: list[tuple[int, range]]) -> dict[int, Sequence[int]]:
    """Each paragraph number -> the positions of its tokens (furniture included), in order: a range, or a
    list for a paragraph that comes back later; from the runs of the paragraph column (``_runs``), so a
    paragraph's tokens and columns are slices, cut in C."""
    paras: dict[int, Sequence[int]] = {}
    for p, ks in runs:
        paras[p] = [*paras[p], *ks] if p in paras else ks
    return paras


def paragraph_runs(witness: Witness) -> list[tuple[int, range]]:
    """The runs of the witness's paragraph column (``_runs``: each paragraph number and the positions of its
    tokens, in order), worked out once for the witness and kept with it (``memo``) and with every
    witness ``revised`` from it. Shared: read it, never change it."""
    return witness.memo("paragraph_runs", lambda: _runs([t.para for t in witness.tokens]))


def line_runs(witness: Witness) -> list[tuple[int, range]]:
    """The runs of the witness's line column, as ``paragraph_runs`` has those of its paragraphs."""
    return witness.memo("line_runs", lambda: _runs([t.line for t in witness.tokens]))


def paragraphs(witness: Witness) -> dict[int, Sequence[int]]:
    """Each paragraph number -> the positions of the witness's tokens (``_by_paragraph``), kept as
    ``paragraph_runs`` is. Shared: read it, never change it."""
    return witness.memo("paragraphs", lambda: _by_paragraph(paragraph_runs(witness)))


def content(witness: Witness) -> list[Token]:
    """The witness's tokens that are not furniture, in order, gathered once for the witness (``memo``):
    ``align`` reads them, and ``classify``, ``api.stats`` and the test for OCR text after it, each of
    which gathered them again (or counted the furniture) in a pass over every token, 20-30 ms a side
    at dec88x1105. Shared: read it, never change it."""
    return witness.memo("content", lambda: [t for t in witness.tokens if t.furniture is None])


_LAYOUT = ("paragraph_runs", "line_runs", "paragraphs")
"""What a witness keeps (``memo``) of where its tokens stand: its paragraphs and lines."""


def revised(witness: Witness, **changes: object) -> Witness:
    """``dataclasses.replace(witness, **changes)`` for a change that leaves every token where it stood, on
    its line and in its paragraph (furniture marked, a hand inferred, a notice added): the new witness
    keeps what the old one knew of its paragraphs and lines (``paragraph_runs``, ``line_runs``,
    ``paragraphs``), which ``replace`` would leave behind; and when its tokens are the old ones (a
    notice added), all that the old one knew of them.

    The stages that prepare a witness (``mark``, ``unshared``, the ``hands`` rules) each make a new one,
    and each read its paragraphs, as do ``copies`` and ``structure`` after them: the runs of every
    token's paragraph and line were worked out eight times a comparison, once here per side. On
    dec88x1105 (1 M words, 20 k paragraphs a side) a set of runs took 45-70 ms a side, where the
    column of short paragraphs is compared word by word (``model.runs_of``).
    """
    out = replace(witness, **changes)  # type: ignore[arg-type]  # the fields of a Witness, by name
    for name in _LAYOUT if "tokens" in changes else list(witness._memo):
        if name in witness._memo:
            out._memo[name] = witness._memo[name]
    return out


ARCHIVE_ONLY = frozenset({"stamp", "title", "form"})
"""Furniture that only a registry file carries: on a witness without ``evidence`` of one, these
shapes are text (``Act 4`` alone on its line, ``[EXEUNT.]``, a speaker's name)."""


def _without_archive_only(reason: dict[int, str], tokens: Sequence[Token], shown: Sequence[str]) -> dict[int, str]:
    """The furniture a printed book or a clean typescript may have: page numbers in figures (``12``,
    ``- 2 -``; a roman numeral alone on its line is an act or chapter number as often as a page's),
    catchwords, and classification lines that mark a typescript by themselves (``SECRET``, not
    ``Private``) or recur, as a page's heading does (``Geheim`` on each page). Stamps, bracketed titles and form fields need ``evidence`` of a registry file."""
    lines: dict[int, list[int]] = {}
    for k, why in reason.items():
        if why in ("page-number", "classification"):
            lines.setdefault(tokens[k].line, []).append(k)
    # A classification line that recurs (``Geheim`` heading each page) is the pages' heading, whatever its words.
    recurring = Counter(" ".join(shown[j] for j in ks).lower() for ks in lines.values()
                        if reason[ks[0]] == "classification")
    keep: dict[int, str] = {}
    for k, why in reason.items():
        if why in ARCHIVE_ONLY:
            continue
        if why == "page-number" and not any(ch.isdigit() for j in lines[tokens[k].line] for ch in shown[j]):
            continue
        if why == "classification":
            words = [shown[j] for j in lines[tokens[k].line]]
            if not (evidence.is_core_classification(words) or recurring[" ".join(words).lower()] > 1):
                continue
        keep[k] = why
    return keep


SALUTATIONS = ("dear", "yours", "my dear", "sincerely", "love")


def unshared(witness: Witness, other: Witness, archival: bool | None = None) -> Witness:
    """Mark one- or two-word lines standing alone whose words the other text never uses and whose shape is
    a stamp's: stamps. And first (``shared_marks``) give back to the text the marked handwriting and bold
    that ``mark`` took for registry furniture on a despatch when the other text has their words.

    What the sample pairs' stamps have, and lines of text do not (measured: ``PUCKET`` alone between two
    paragraphs of one despatched copy is the only stamp this rule adds on the samples; ``6 AB``, ``12/11/80``
    and ``CDC 20/x.`` are ``stamp``'s already): a stamp is typed or printed, not marked handwriting; it faces
    nothing in the other text (the other copy has furniture there, ``SECRET`` and ``- 2 -``); and its shape
    is not text's: a code or a date (a word of figures and letters or a ``/``: ``FO 371/123456``, ``S 12/3``),
    case no word has (``PUcKET``), or, in an English text, capitals or lower case letters the English lexicon
    has never seen (``PUCKET``: OCR's reading of a stamp). So a heading, a verdict, a signature or a line
    of everyday words (``Approved``, ``Jane Smith``, ``Nothing more``, ``SHULTZ``, ``3 points``) is text:
    shown as an edit when it changes, never hidden; a marked minute (``*Agree MT*``) stays a hand; and a
    short unshared line facing a short unshared line between the same neighbours in the other text
    (``Summary``/``Overview``) is a replacement of one by the other, whatever its shape. A salutation
    (``Dear Ron``) is never a stamp, nor a witness's only text (``Monday`` against ``Tuesday``).
    """
    witness = shared_classification(shared_marks(witness, other), other)
    if not (evidence.of(witness.tokens).archival if archival is None else archival):
        return witness  # a short line alone in a book is a speaker's name, an act, a poem's line: text
    mine = _short_unshared(witness, _keys_of(other))
    if not mine:
        return witness
    tokens = witness.tokens
    shape = _TextShape(witness)
    marked = [ks for ks in mine if shape.stamp([tokens[k].display for k in ks])]
    if marked:
        theirs = _short_unshared(other, _keys_of(witness))
        if theirs:
            facing = {a for ks in theirs for a in _anchors(other, ks) if a is not None}
            marked = [ks for ks in marked if not any(a in facing for a in _anchors(witness, ks) if a is not None)]
    if not marked:
        return witness
    stamps = {tokens[k].i for ks in marked for k in ks}
    if all(t.i in stamps or t.furniture for t in tokens):
        return witness  # a stamp stands beside a text: a text of a word or two is the text itself
    out = list(tokens)
    for ks in marked:
        for k in ks:
            out[k] = with_furniture(tokens[k], "stamp")
    return revised(witness, tokens=tuple(out))


def _keys_of(witness: Witness) -> Callable[[], set[str]]:
    """The keys of a witness's words, gathered when first asked for (only when a short line is a candidate)."""
    found: list[set[str]] = []

    def keys() -> set[str]:
        if not found:
            found.append({t.key for t in witness.tokens})
        return found[0]

    return keys


def _short_unshared(witness: Witness, keys: Callable[[], set[str]]) -> list[Sequence[int]]:
    """The paragraphs of one or two typed words on one line, none of them furniture, none a salutation, none
    ending a sentence or a clause with ``.?!,``, whose words are not in ``keys()`` (the other text's, asked
    for only when a paragraph is short)."""
    tokens = witness.tokens
    found: list[Sequence[int]] = []
    for ks in paragraphs(witness).values():
        if len(ks) > 2:
            continue
        # A paragraph of one or two words is its first and its last, read as such: no list of its
        # words, set of their lines or generator over them (most of ``unshared`` but the other
        # text's keys, at dec88x1105's thousands of short paragraphs).
        first, last = tokens[ks[0]], tokens[ks[-1]]
        if first.line != last.line or first.furniture or last.furniture:
            continue
        if first.layer != "typed" or last.layer != "typed":
            continue  # marked handwriting, a strike, an insertion: a hand's, never a stamp
        if first.key.startswith(SALUTATIONS):
            continue
        other_keys = keys()
        if first.key in other_keys or last.key in other_keys:
            continue
        if last.display.rstrip("\"')").endswith((".", "?", "!", ",")):
            continue
        found.append(ks)
    return found


def _ordered(paras: dict[int, Sequence[int]]) -> tuple[list[int], dict[int, int]]:
    """The paragraph numbers in order, and each one's place among them: worked out once a witness (``_anchors``
    asks for every short line it weighs; sorting and searching the paragraphs each time was quadratic)."""
    order = sorted(paras)
    return order, {p: n for n, p in enumerate(order)}


def _anchors(witness: Witness, ks: Sequence[int]) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
    """Where a short paragraph (positions ``ks``) stands: the last three words of the text before it and the
    first three of the text after it (each a tuple of keys, marked ``<`` and ``>``), skipping furniture and other
    paragraphs of two words or fewer; None at either end of the witness."""
    tokens = witness.tokens
    paras = paragraphs(witness)
    order, index = witness.memo("paragraph_order", lambda: _ordered(paras))
    n = index[tokens[ks[0]].para]

    def near(step: int) -> tuple[str, ...] | None:
        m = n + step
        while 0 <= m < len(order):
            qs = paras[order[m]]
            words = [tokens[k].key for k in qs if tokens[k].furniture is None]
            if len(words) > 2:
                return ("<", *words[-3:]) if step < 0 else (">", *words[:3])
            m += step
        return None

    return near(-1), near(1)


class _TextShape:
    """What the running text of a witness looks like, read once, against which a short line's shape is judged."""

    def __init__(self, witness: Witness) -> None:
        words = [t.display for t in islice((t for t in witness.tokens if t.furniture is None), 400)]
        letters = [w.strip(_PUNCT) for w in words]
        letters = [w for w in letters if w.isalpha()]
        known = sum(1 for w in letters if lexicon.zipf(w) > 0)
        self.english = bool(letters) and known >= 0.7 * len(letters)

    def stamp(self, words: Sequence[str]) -> bool:
        """Is a short line shaped as a stamp: a code or a date, a case no word has, or letters the English
        lexicon has never seen in capitals or lower case (in an English text)?"""
        for w in words:
            core = w.strip(_PUNCT)
            if any(ch.isdigit() for ch in core) and any(ch.isalpha() or ch == "/" for ch in core):
                return True  # FO 371/123456, S 12/3, 11a
            if not core.isalpha():
                continue
            if any(a.islower() and b.isupper() for a, b in zip(core, core[1:])) and lexicon.zipf(core) == 0:
                return True  # PUcKET, fiUi: a case no word has
            if self.english and (core.isupper() or core.islower()) and len(core) > 2 and lexicon.zipf(core) == 0:
                return True  # PUCKET: letters no English word has, and not a name's (a capital, then lower case)
        return False


_PUNCT = ".,:;!?\"'()[]‘’“”-"
_MARKS_OF_A_DESPATCH = frozenset({"annotation", "form"})


def shared_classification(witness: Witness, other: Witness) -> Witness:
    """Mark as a classification line a line of this witness, alone in its paragraph, whose words the other
    witness carries as its classification line (``Geheim`` heading the pages of a draft twice and of a fair
    copy once: the copy's one line is the same heading, not a word added). Only a line ``classification``
    reads as one (its words all classification words or file codes)."""
    if "classification" not in [t.furniture for t in other.tokens]:  # a book's, as a rule: found in C
        return witness
    theirs = {" ".join(t.display for t in other.tokens[ks.start : ks.stop]).lower()
              for _line, ks in line_runs(other) if other.tokens[ks.start].furniture == "classification"}
    if not theirs:
        return witness
    tokens = witness.tokens
    paras = paragraphs(witness)
    out: list[Token] | None = None
    for ks in paras.values():
        if len(ks) > 6 or tokens[ks[0]].furniture or tokens[ks[0]].line != tokens[ks[-1]].line:
            continue
        words = [tokens[k].display for k in ks]
        if " ".join(words).lower() in theirs and classification(words):
            out = list(tokens) if out is None else out
            for k in ks:
                out[k] = with_furniture(tokens[k], "classification")
    return witness if out is None else revised(witness, tokens=tuple(out))


def shared_marks(witness: Witness, other: Witness) -> Witness:
    """Give back to the text the marked handwriting and bold print that ``mark`` took for registry furniture
    on a despatch (``annotation``, ``form``) when the other text has their words.

    On a received telegram a handwritten note (``Submit to Harber AF OPS``) is a registry's, and bold print
    a form's heading; but words the draft itself has, as a hand or as text, are the message's: an
    emphasis marked alike in two copies (``*not*``), a bold line of the message (``**Decision: the board
    approved the merger.**``). A run of such words (a line's, in one paragraph) is text when half its words
    or more are the other text's; a form heading (``form_field``) stays a heading.
    """
    tokens = witness.tokens
    kinds = [t.furniture for t in tokens]  # the few marked words found in C, not by a loop over every word
    runs: list[list[int]] = []
    for k in sorted(k for kind in _MARKS_OF_A_DESPATCH for k in _positions(kinds, kind)):
        t = tokens[k]
        if t.furniture == "form" and t.style != "bold":
            continue
        if runs and runs[-1][-1] == k - 1 and tokens[k - 1].para == t.para and tokens[k - 1].furniture == t.furniture:
            runs[-1].append(k)
        else:
            runs.append([k])
    if not runs:
        return witness
    keys = {t.key for t in content(other)}
    back: list[int] = []
    for ks in runs:
        if tokens[ks[0]].furniture == "form":
            lines = [list(g) for _, g in groupby(ks, key=lambda k: tokens[k].line)]
            if any(form_field([tokens[k].display for k in line]) for line in lines):
                continue
        if 2 * sum(1 for k in ks if tokens[k].key in keys) >= len(ks):
            back.extend(ks)
    if not back:
        return witness
    out = list(tokens)
    for k in back:
        out[k] = with_furniture(tokens[k], None)
    return revised(witness, tokens=tuple(out))
