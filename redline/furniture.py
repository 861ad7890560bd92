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
from bisect import bisect_left, bisect_right
from dataclasses import replace
from itertools import groupby
from typing import Callable, Sequence

from . import evidence
from .evidence import positions as _positions
from .model import Token, Witness, displays, runs_of, with_furniture

CLASSIFICATIONS = frozenset(
    "top secret confidential restricted unclassified covering personal private in confidence "
    "eyes only dedip immediate priority flash routine".split()
)
_DTG = re.compile(r"^(?:[OPRZ]{1,2}\s+)?\d{6}Z\s+[A-Z]{3}\s+\d{2}$", re.I)
_PAGE = re.compile(r"^[-–—(\s]*(?:\d{1,3}|[ivxlc]{1,5})[-–—)\s]*\.?$", re.I)
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
    """``- 2 -``, ``2``, ``(iv)``: a page number alone on its line.

    >>> page_number("- 2 -".split()), page_number(["1991"])
    (True, False)
    """
    return bool(_PAGE.match(" ".join(words) if line is None else line))


def catchword(words: Words, line: str | None = None) -> bool:
    """``/According``: the first words of the next page, typed at the foot of this one.

    >>> catchword(["/According"]), catchword(["/-", "The", "Russians"]), catchword(["and/or", "both"])
    (True, True, False)
    """
    return bool(words) and words[0].startswith("/") and len(words) <= 4


def stamp(words: Words, line: str | None = None) -> bool:
    """A registry mark or stamp alone on its line: ``12/11/80``, ``CDC 20/x.``, ``6 AB``, ``11a``, ``f``.

    >>> stamp(["12/11/80"]), stamp(["6", "AB"]), stamp(["Yours"])
    (True, True, False)
    """
    line = " ".join(words) if line is None else line
    if _DATE_MARK.match(line):
        return True
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


def _envelope_paragraphs(paras: dict[int, Sequence[int]], tokens: Sequence[Token], shown: list[str]) -> set[int]:
    """Paragraphs that hold a telegram envelope: a date-time group, ``FM``/``TO`` lines, ``BT``.

    The whole paragraph that holds a date-time group (``O 212130Z DEC 88``) is
    envelope, and so is a paragraph that is only ``BT`` or a routing code just
    before it. ``paras`` maps each paragraph to its token positions; ``shown`` holds
    each token's ``display``.
    """
    found: set[int] = set()
    order = sorted(paras)
    candidates = _envelope_hints(tokens, shown)
    for n, p in enumerate(order):
        if p not in candidates:
            continue  # no line can be a date-time group or BT
        by_line = [" ".join(shown[k] for k in g) for _, g in groupby(paras[p], key=lambda k: tokens[k].line)]
        if any(_DTG.match(line) for line in by_line):
            found.add(p)
            if n > 0 and len(paras[order[n - 1]]) == 1 and _CODE.match(shown[paras[order[n - 1]][0]]):
                found.add(order[n - 1])
        elif all(line.strip() == "BT" for line in by_line):
            found.add(p)
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
    for p in _envelope_paragraphs(paras, tokens, shown):
        for k in paras[p]:
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
    ``Private``). Stamps, bracketed titles and form fields need ``evidence`` of a registry file."""
    lines: dict[int, list[int]] = {}
    for k, why in reason.items():
        if why in ("page-number", "classification"):
            lines.setdefault(tokens[k].line, []).append(k)
    keep: dict[int, str] = {}
    for k, why in reason.items():
        if why in ARCHIVE_ONLY:
            continue
        if why == "page-number" and not any(ch.isdigit() for j in lines[tokens[k].line] for ch in shown[j]):
            continue
        if why == "classification" and not evidence.is_core_classification([shown[j] for j in lines[tokens[k].line]]):
            continue
        keep[k] = why
    return keep


SALUTATIONS = ("dear", "yours", "my dear", "sincerely", "love")


def unshared(witness: Witness, other: Witness, archival: bool | None = None) -> Witness:
    """Mark one- or two-word lines standing alone whose words the other text never uses: stamps.

    ``PUCKET`` or ``6 AB`` alone between blank lines on one copy and nowhere in the
    other is a stamp or a registry mark; a salutation (``Dear Ron``) is not, nor is a
    witness's only text (``Monday`` against ``Tuesday``).
    """
    if not (evidence.of(witness.tokens).archival if archival is None else archival):
        return witness  # a short line alone in a book is a speaker's name, an act, a poem's line: text
    tokens = witness.tokens
    # The paragraphs as runs of the paragraph column (``_runs``), not as a list each word is appended to:
    # only a paragraph of one or two words is looked at word by word.
    paras = paragraphs(witness)
    other_keys: set[str] | None = None  # the other text's keys: read only when a short line is a candidate
    marked: list[int] = []  # token positions
    for ks in paras.values():
        if len(ks) > 2:
            continue
        # A paragraph of one or two words is its first and its last, read as such: no list of its
        # words, set of their lines or generator over them (most of ``unshared`` but the other
        # text's keys, at dec88x1105's thousands of short paragraphs).
        first, last = tokens[ks[0]], tokens[ks[-1]]
        if first.line != last.line or first.furniture or last.furniture:
            continue
        if first.key.startswith(SALUTATIONS):
            continue
        if other_keys is None:
            other_keys = {t.key for t in other.tokens}
        if first.key in other_keys or last.key in other_keys:
            continue
        if last.display.rstrip("\"')").endswith((".", "?", "!", ",")):
            continue
        marked.extend(ks)
    if not marked:
        return witness
    stamps = {tokens[k].i for k in marked}
    if all(t.i in stamps or t.furniture for t in tokens):
        return witness  # a stamp stands beside a text: a text of a word or two is the text itself
    out = list(tokens)
    for k in marked:
        out[k] = with_furniture(tokens[k], "stamp")
    return revised(witness, tokens=tuple(out))
