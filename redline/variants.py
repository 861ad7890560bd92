"""Is this the same word read or written differently? One small pure rule each.

A variant counts as unchanged text (OCR damage such as ``falle``/``falter``,
an abbreviation such as ``St.``/``STREET``), while a real one-word change
(``proposals`` → ``proposal``, ``people`` → ``experts``) must stay an edit. Each
rule looks at a draft word and a despatched word that stand at the same place,
and returns a score in (0, 1] when it recognises a variant, else None. The
first rule that fires names the link, so the evidence is on record.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Callable

from .lexicon import common, packaged, zipf
from .normalize import key

STANDARD_ABBREVIATIONS = frozenset(
    "mrs nos gen col capt sgt maj sec vol vols eds rev fig sept oct nov dec jan feb "
    "mar apr aug est dept govt esq ult inst prox viz etc ibid".split()
)
"""Abbreviations of three letters or more written with a full stop that are also common as words
(``Gen.``, ``Sec.``): a truncation may be read from these though the lexicon counts them common."""

TWO_LETTER = {
    "st": ("street", "saint"), "no": ("number",), "mr": ("mister",), "dr": ("doctor", "drive"),
    "co": ("company", "county"), "ch": ("chapter", "church"), "ed": ("edition", "editor", "edited"),
    "lt": ("lieutenant",), "pp": ("pages",), "vs": ("versus",), "cf": ("confer", "compare"),
}
"""The two-letter abbreviations and what they stand for: a two-letter truncation is read only as one
of these (``St.`` opposite *structure* in a revised edition is a real change, not an abbreviation)."""

WORD_LIKE = 4.5
"""Zipf frequency from which a short form is a word in its own right (``me``, ``king``), not a truncation."""

INFLECTIONS = ("s", "es", "ed", "d", "ing", "er", "ers", "ly", "ment", "ments")


@dataclass(frozen=True, slots=True)
class Pairing:
    """A draft word and a despatched word at the same place, with what is known of them."""

    draft: str
    """The draft word's key."""
    final: str
    """The despatched word's key."""
    draft_surface: str
    final_surface: str
    hand: bool
    """The draft word is manuscript (marked or inferred): its OCR reading is less reliable."""
    rare: bool
    """The draft reading occurs nowhere else in either text: likely not a real word."""
    alone: bool
    """The gap between two matches holds as many words on each side, three at most: a word-for-word swap."""
    ocr_text: bool | frozenset[str] = False
    """The texts show print OCR's misreadings in numbers (``OCR_TEXT``): see ``ocr_confusion``. A set names
    the confusions they were seen to make (``h/b``, either way round); True allows any of the table's."""
    accented: tuple[bool, bool] = (False, False)
    """Whether the draft's text and the despatch's write accented letters elsewhere: see ``diacritics``."""


def similarity(a: str, b: str) -> float:
    """Character similarity in [0, 1] (difflib's ratio).

    >>> round(similarity("falle", "falter"), 2)
    0.73
    """
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def is_inflection(a: str, b: str) -> bool:
    """True when one word is the other plus an inflectional ending: a real change.

    >>> is_inflection("proposals", "proposal"), is_inflection("falle", "falter")
    (True, False)
    """
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and long[len(short) :] in INFLECTIONS


def is_affixed(a: str, b: str) -> bool:
    """True when one word is the other with two or more letters added at its start or end
    (``engarlanded``/``garlanded``, ``allimportant``/``important``): a word made anew, as a
    writer revises, not one the OCR damaged (damage changes letters inside a word, or drops one).
    On the development corpus's editions every such pair was a real revision.

    >>> is_affixed("engarlanded", "garlanded"), is_affixed("allimportant", "important"), is_affixed("falle", "falter")
    (True, True, False)
    """
    short, long = sorted((a, b), key=len)
    return len(long) - len(short) >= 2 and (long.startswith(short) or long.endswith(short))


def _numeric(k: str) -> bool:
    """A key with a figure in it (``1815``, ``b217``, ``1.5``): a digit changed in a number, a date or an
    identifier is a change of what the text says, never a misreading the rules may assume."""
    return any(map(str.isdigit, k))


def abbreviation(p: Pairing) -> float | None:
    """``St.``/``STREET``, ``No.``/``NUMBER``, ``Govt``/``GOVERNMENT``: a short form of the other word.

    Either a truncation written with a full stop (``St.`` begins ``STREET``) or a
    contraction of at most four letters that keeps the first and last letters
    (``Mr``, ``Govt``) written on the draft and spelled out at despatch, used nowhere
    else in either text; no numbers.

    >>> abbreviation(Pairing("st", "street", "St.", "STREET", False, False, True))
    1.0
    >>> abbreviation(Pairing("govt", "government", "Govt", "GOVERNMENT", False, True, True))
    1.0
    >>> abbreviation(Pairing("mr", "for", "Mr", "FOR", True, False, True)) is None
    True
    >>> abbreviation(Pairing("the", "their", "the", "THEIR", False, False, True)) is None
    True

    A truncation is not read into a compound (``St.``/``strongly-marked``), from one letter
    (``&c.``/``constitution``), or from a common word that is no standard abbreviation (``me.``
    ending a sentence, opposite ``Melfi.``): on the development corpus's editions each of these
    was a real revision hidden as a variant.

    >>> abbreviation(Pairing("st", "stronglymarked", "St.", "strongly-marked", False, False, True)) is None
    True
    >>> abbreviation(Pairing("me", "melfi", "me.", "Melfi.", False, False, True)) is None
    True
    """
    short, long = sorted((p.draft, p.final), key=len)
    surface = p.draft_surface if short == p.draft else p.final_surface
    long_surface = p.final_surface if short == p.draft else p.draft_surface
    if len(short) == len(long) or not short or short[0] != long[0]:
        return None
    if any(ch.isdigit() for ch in short + long):
        return None
    truncated = (surface.rstrip("\"')],;:").endswith(".") and long.startswith(short)
                 and (len(short) >= 3 or long in TWO_LETTER.get(short, ()))
                 and not any(ch in "-\u2010\u2011\u2013\u2014" for ch in long_surface.strip("-\u2013\u2014"))
                 and (len(short) == 2 or short in STANDARD_ABBREVIATIONS or not common(short, WORD_LIKE)))
    contracted = 2 <= len(short) <= 4 and short[-1] == long[-1] and short == p.draft and p.rare
    it = iter(long)
    if (truncated or contracted) and all(ch in it for ch in short) and len(long) >= len(short) + 2:
        return 1.0
    return None


def ocr_similar(p: Pairing) -> float | None:
    """Damaged readings of the same word: ``falle``/``falter``, ``SHEVARDNAI7E``/``SHEVARDNADZE``.

    Needs words of four letters or more, no inflectional difference, no figures (a digit changed
    in ``INV-20417`` or ``B217`` is a change), and a similarity of 0.7, or 0.65 for manuscript; in
    typed text the reading must also be rare (a real word used elsewhere is more likely a real
    change) and not both readings common English words (``lexicon``: typed OCR seldom makes one,
    so *going* / *MOVING* is a change). Both tests read the two words alike, so the verdict is the
    same whichever text is given first.

    In typed text the letters that differ must also be ones print OCR mistakes
    (``plausible_misreading``), with a letter's more room in texts that show OCR's misreadings
    (``Pairing.ocr_text``) and none for a name (a capital on both sides, not a line in capitals):
    a clean revision that changes a name (*Tyrian*/*Syrian*, *Valerian*/*Valens*,
    *Thomson*/*Thompson*), a drug (*atorvastatin*/*rosuvastatin*) or a French or German word
    (*nous*/*vous*, *kann*/*wann*) is a change, not damage.

    >>> ocr_similar(Pairing("falle", "falter", "falle", "FALTER", True, True, True))
    0.73
    >>> ocr_similar(Pairing("proposals", "proposal", "proposals", "proposal", False, True, True)) is None
    True
    >>> ocr_similar(Pairing("going", "moving", "going", "MOVING", False, True, True)) is None
    True
    >>> ocr_similar(Pairing("tyrian", "syrian", "Tyrian", "Syrian", False, True, True)) is None
    True
    >>> ocr_similar(Pairing("b217", "b211", "B217", "B211", True, True, True)) is None
    True
    """
    a, b = p.draft, p.final
    if min(len(a), len(b)) < 4 or _numeric(a) or _numeric(b) or is_inflection(a, b) or is_affixed(a, b):
        return None
    if not (p.rare or p.hand):
        return None
    need = 0.65 if p.hand else 0.7
    sm = SequenceMatcher(None, a, b, autojunk=False)
    if sm.real_quick_ratio() < need or sm.quick_ratio() < need:
        return None  # both are upper bounds of the ratio: a cheap, exact rejection
    score = sm.ratio()
    if score < need:
        return None
    if not p.hand:
        if common(a) and common(b):
            return None  # typed OCR seldom makes a common word: going / MOVING is a change
        d, f = p.draft_surface.lstrip(_OPENING), p.final_surface.lstrip(_OPENING)
        name = d[:1].isupper() and f[:1].isupper() and not (d.isupper() or f.isupper())
        if not plausible_misreading(a, b, 1.0 if p.ocr_text else 0.0, name):
            return None  # only the differences print OCR makes, with more room in a text it has damaged
    return round(score, 2)


_OPENING = "\"'‘’“”«„([{*_-—"
"""What may stand before a word's first letter: quotes, brackets, emphasis, a dash."""

LOOKALIKES = frozenset(
    pair for x, y in (
        ("t", "l"), ("t", "f"), ("f", "l"), ("i", "j"), ("i", "t"), ("c", "o"), ("e", "o"), ("a", "o"),
        ("h", "k"), ("h", "n"), ("r", "t"), ("u", "v"), ("v", "y"), ("g", "q"), ("o", "q"), ("d", "o"),
        ("c", "g"), ("e", "f"), ("f", "p"), ("m", "n"),
    ) for pair in ((x, y), (y, x))
)
"""Single letters of print that OCR reads one for the other, besides the table's rows: thin upright
letters (``t``/``l``/``f``, ``i``/``j``, ``I``/``T``), round ones (``c``/``o``/``e``/``a``, ``O``/``D``/``Q``,
``C``/``G``), ``h`` with a broken ascender (``n``) or arm (``k``), ``u``/``v``/``y``, ``E``/``F``/``P``, a
minim lost from ``m``: the glyph confusions documented for Tesseract and FineReader output that the
table (``CONFUSIONS_FILE``, whose header names the sources) does not list as rows. A
differing letter outside them (``T``/``S``, ``n``/``v``, ``p``/``v``, ``k``/``w``) is not one a clean
text's OCR makes."""

THIN = frozenset("iljtfr")
"""Letters so narrow that print OCR loses or adds them (a faint stroke, a broken sort)."""


def plausible_misreading(a: str, b: str, slack: float = 0.0, name: bool = False) -> bool:
    """Could print OCR have read key ``a`` for key ``b`` (or ``b`` for ``a``)? Every differing stretch
    (``difflib``'s opcodes) is priced: a row of the confusion table or lookalike letters
    (``LOOKALIKES``) nothing; a thin letter (``THIN``) or a doubled one lost or added a half; another
    letter lost or added one; any other difference (a letter changed for one unlike it) two a letter.
    Allowed: a half, and one in a word of eight letters or more that is not a name (a long common
    word has room for a letter lost: *speceies*, *stubbornst*; a name is where one letter makes
    another person), plus ``slack``. The same both ways round.

    On the development corpus the ``ocr-similar`` readings of OCR'd typescript pass (``falle``/
    ``falter``: ``l`` for ``t``, a thin ``r`` lost), as do the editions' misprints and old spellings a
    letter lost apart; the probes' clean revisions of names, drugs and French or German words do not.

    >>> plausible_misreading("falle", "falter"), plausible_misreading("palter", "falter")
    (True, True)
    >>> plausible_misreading("tyrian", "syrian"), plausible_misreading("livia", "livida")
    (False, False)
    >>> plausible_misreading("nous", "vous"), plausible_misreading("valerian", "valens")
    (False, False)
    >>> plausible_misreading("lucilius", "lucullus"), plausible_misreading("thomson", "thompson", name=True)
    (False, False)
    >>> plausible_misreading("speceies", "species")
    True
    """
    allowed = (0.5 if name or max(len(a), len(b)) < 8 else 1.0) + slack
    return _misreading_cost(a, b) <= allowed


@lru_cache(maxsize=1 << 14)
def _misreading_cost(a: str, b: str) -> float:
    rows = _confusion_rows()
    cost = 0.0
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        x, y = a[i1:i2], b[j1:j2]
        if (x, y) in rows or (len(x) == len(y) and all((c, d) in LOOKALIKES or (c, d) in rows for c, d in zip(x, y))):
            continue
        if not x or not y:
            one = x or y
            where, word = (i1, a) if x else (j1, b)
            other = b if x else a
            at = j1 if x else i1
            doubled = len(one) == 1 and (
                word[where - 1 : where] == one or word[where + 1 : where + 2] == one
                or other[at - 1 : at] == one or other[at : at + 1] == one)
            if len(one) == 1:
                cost += 0.5 if one in THIN or doubled else 1.0
                continue
        cost += 2 * max(len(x), len(y))
    return cost


CONFUSIONS_FILE = "data/ocr_confusions.tsv"
"""The table of print OCR's character confusions, inside the package: its header names its sources."""


@lru_cache(maxsize=1)
def _confusion_rows() -> frozenset[tuple[str, str]]:
    """``confusion_table`` as a set, made once (``_misreading_cost`` asks it for every new pairing)."""
    return frozenset(confusion_table())


@lru_cache(maxsize=1)
def confusion_table() -> tuple[tuple[str, str], ...]:
    """The table's rows as pairs of comparison keys, each both ways round (either text may be the OCR).

    A row is folded as a word is (``normalize.key``): the long s reads ``s``, so ``ſ``/``f`` is ``s``/``f``.

    >>> ("li", "h") in confusion_table() and ("h", "li") in confusion_table() and ("s", "f") in confusion_table()
    True
    """
    pairs: list[tuple[str, str]] = []
    for line in packaged(CONFUSIONS_FILE).decode("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        seen, meant = (key(cell) for cell in line.split("\t")[:2])
        for pair in ((seen, meant), (meant, seen)):
            if seen and meant and seen != meant and pair not in pairs:
                pairs.append(pair)
    return tuple(pairs)


@lru_cache(maxsize=1)
def _table_by_first() -> dict[str, tuple[tuple[str, str], ...]]:
    """``confusion_table``'s rows by the first letters of their two sides (``"lh"`` for ``li``/``h``),
    each list in the table's order: ``confusions`` tries at a cell only the rows that could start
    there, not all 40 (two ``startswith`` each) at every cell of its edit distance. A darwin150k
    comparison works out 8 700 distinct ``confusions`` once each in a run of the command line (the
    caches start empty): with the steps offered one by one and the early stop (see ``confusions``),
    220 -> 58 ms."""
    rows: dict[str, list[tuple[str, str]]] = {}
    for seen, meant in confusion_table():
        rows.setdefault(seen[0] + meant[0], []).append((seen, meant))
    return {first: tuple(pairs) for first, pairs in rows.items()}


@lru_cache(maxsize=1)
def _rows_by_letter() -> tuple[dict[str, tuple[tuple[str, str], ...]], dict[str, tuple[tuple[str, str], ...]]]:
    """``confusion_table``'s rows by each letter of their first side, and by each letter of their
    second: the rows that could read a given letter of ``a`` or of ``b`` (for ``_unbridgeable``)."""
    seen_by: dict[str, list[tuple[str, str]]] = {}
    meant_by: dict[str, list[tuple[str, str]]] = {}
    for seen, meant in confusion_table():
        for c in set(seen):
            seen_by.setdefault(c, []).append((seen, meant))
        for c in set(meant):
            meant_by.setdefault(c, []).append((seen, meant))
    return ({c: tuple(rows) for c, rows in seen_by.items()}, {c: tuple(rows) for c, rows in meant_by.items()})


def _unbridgeable(a: str, b: str, allowed: int) -> bool:
    """Can ``confusions`` tell at once that more than ``allowed`` other edits part keys ``a`` and ``b``?
    An exact test (it never says yes where the edit distance would find a way), for keys with no digit.

    Every letter of ``a`` is read by a step: an equal letter of ``b``, a table row, or an other edit
    (a digit read for a letter needs a digit, so there is none). A letter ``c`` that ``a`` holds more
    often than ``b`` can be equal to at most as many letters of ``b``; when no row that could read it
    applies (its first side in ``a``, its second in ``b``; a step reads a row only where both stand),
    each of the others costs an other edit, and one edit reads one letter of ``a`` at most. So the
    excess of such letters is a lower bound on the edits; so is ``b``'s, seen the other way round.

    A darwin150k comparison asks for 8 700 distinct pairs of keys in a fresh process (the caches
    start empty), all but 20 of them None: this rejects 99 % of them, at a fifth of the cost of the
    edit distance it spares.
    """
    by_seen, by_meant = _rows_by_letter()
    for x, y, rows_of, in_x in ((a, b, by_seen, 0), (b, a, by_meant, 1)):
        over = 0
        for c in set(x):
            more = x.count(c) - y.count(c)
            if more > 0 and not any(row[in_x] in x and row[1 - in_x] in y for row in rows_of.get(c, ())):
                over += more
                if over > allowed:
                    return True
    return False


_DIGIT = "digit"
"""The name of a digit read for a letter inside a word of letters (``wa3``/``was``), a confusion not in the table."""


@lru_cache(maxsize=1 << 16)
def confusions(a: str, b: str, allowed: int = 0) -> tuple[tuple[str, ...], int] | None:
    """How key ``a`` becomes key ``b`` by the table's confusions (``li``/``h``, ``ll``/``u``) and a digit
    read for a letter, with at most ``allowed`` other edits (a letter changed, added or lost): the
    confusions as ``seen/meant`` (``a``'s reading first) and the count of other edits; None if more.

    A weighted edit distance: a confusion costs nothing, another edit one; of two ways as cheap,
    the one with fewer confusions is taken. The common start and end are cut off first, all but two
    letters (a confusion is at most three), so the table is tried on a few letters only.

    >>> confusions("tlieu", "then")
    (('li/h', 'u/n'), 0)
    >>> confusions("wa3", "was"), confusions("au", "all"), confusions("going", "moving", 1)
    ((('3/s',), 0), (('u/ll',), 0), None)
    >>> confusions("1", "i"), confusions("1", "a")  # a number stands for a word by the table alone
    ((('1/i',), 0), None)
    """
    spelled_a, spelled_b = not a.isdigit(), not b.isdigit()  # a digit for a letter inside a word, not a number
    both = a + b
    if (both.isalpha() or not any(map(str.isdigit, both))) and _unbridgeable(a, b, allowed):  # no digit: none read for a letter
        return None
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end = 0
    while end < len(a) - start and end < len(b) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    start, end = max(0, start - 2), max(0, end - 2)
    a, b = a[start : len(a) - end], b[start : len(b) - end]
    table = _table_by_first()
    n, m = len(a), len(b)
    # best[i][j]: (other edits, confusions, previous cell, what was read) for a[:i] against b[:j], or None
    INF = (allowed + 1, 0, None, "")
    best: list[list[tuple]] = [[INF] * (m + 1) for _ in range(n + 1)]
    best[0][0] = (0, 0, None, "")
    # Each step from a cell is offered in a fixed order (a letter for a letter, a letter lost, a
    # letter added, then the table's rows in order), and taken only if strictly better: (edits,
    # confusions) compared as a pair. The steps are offered one by one, not gathered into a list
    # of tuples first: the same result at half the cost, which is what a cold run pays for every
    # pair of keys ``confusable`` is asked about (8 700 at darwin150k, all but 12 of them None).
    # A cell is only ever given a cost within ``allowed``, so a cell still ``INF`` is one no path
    # reaches; and steps only go forward, so once no cell of this row or a later one is reached
    # (``ahead``, the last row given a cell), none will be: the answer is None, known at once.
    ahead = 0
    for i in range(n + 1):
        if ahead < i:
            break
        row = best[i]
        for j in range(m + 1):
            cell = row[j]
            if cell is INF:
                continue
            cost, conf = cell[0], cell[1]
            here = (i, j)
            if i < n and j < m:
                ai, bj = a[i], b[j]
                if ai == bj:
                    step = (cost, conf, "")
                elif (ai.isdigit() and spelled_a and bj.isalpha()) or (bj.isdigit() and spelled_b and ai.isalpha()):
                    step = (cost, conf + 1, f"{ai}/{bj}")
                else:
                    step = (cost + 1, conf, "")
                c2, n2, name = step
                if (c2, n2) < best[i + 1][j + 1][:2]:
                    best[i + 1][j + 1] = (c2, n2, here, name)
                    ahead = max(ahead, i + 1)
            if i < n and (cost + 1, conf) < best[i + 1][j][:2]:
                best[i + 1][j] = (cost + 1, conf, here, "")
                ahead = max(ahead, i + 1)
            if j < m and (cost + 1, conf) < row[j + 1][:2]:
                row[j + 1] = (cost + 1, conf, here, "")
            for seen, meant in table.get(a[i : i + 1] + b[j : j + 1], ()):  # the rows that start here, in order
                if a.startswith(seen, i) and b.startswith(meant, j):
                    i2, j2 = i + len(seen), j + len(meant)
                    if (cost, conf + 1) < best[i2][j2][:2]:
                        best[i2][j2] = (cost, conf + 1, here, f"{seen}/{meant}")
                        ahead = max(ahead, i2)
    cost, _conf, back, name = best[n][m]
    if cost > allowed:
        return None
    names: list[str] = []
    i, j = n, m
    while back is not None:
        if name:
            names.append(name)
        i, j = back
        _c, _n, back, name = best[i][j]
    return tuple(reversed(names)), cost


OCR_GAP = 2.4
"""Zipf frequencies apart (250 times rarer) from which a common reading of a confusion is believed
to be OCR: the lexicon counts text from the web, OCR and all (``bis`` 3.3 against ``his`` 6.5,
``au`` 4.0 against ``all`` 6.5), so a reading it calls common may still be a misprint; a real
one-word change between two words of everyday prose (``lie``/``he``, ``modem``/``modern``) is nearer."""


CONFUSABLE = 48
"""Most letters of a key that ``could_confuse`` lets through: six words run together, not a line of
garbage, whose edit distance would cost the square of its length."""


@lru_cache(maxsize=1 << 16)
def could_confuse(a: str, b: str) -> bool:
    """A cheap, exact-enough test before ``ocr_confusion``: keys of ``CONFUSABLE`` letters at most, not two numbers, lengths
    that a few confusions could bridge (each adds or takes two letters at most), letters in common."""
    la, lb = len(a), len(b)
    if a == b or not la or not lb or la > CONFUSABLE or lb > CONFUSABLE or (a.isdigit() and b.isdigit()):
        return False
    if abs(la - lb) > 2 + max(la, lb) // 4:
        return False
    if max(la, lb) < 5:
        return True
    sa, sb = set(a), set(b)  # each made once, not twice (22 800 distinct calls in a fresh darwin150k run)
    return 2 * len(sa & sb) >= min(len(sa), len(sb))


OCR_CONFUSION = "ocr-confusion"
"""The rule of readings that differ by print OCR's known confusions (``ocr_confusion``)."""


def named_confusions(a: str, b: str) -> tuple[str, ...]:
    """The confusions that ``ocr_confusion`` found between keys ``a`` and ``b``, as ``seen/meant``
    with ``a``'s reading first (the evidence a reader sees), or none.

    >>> named_confusions("tlieu", "then")
    ('li/h', 'u/n')
    """
    found = confusions(a, b, 1 if max(len(a), len(b)) >= 6 else 0)
    return found[0] if found else ()


@lru_cache(maxsize=1 << 16)
def confusable(a: str, b: str) -> bool:
    """Keys that differ by the table's confusions, as ``ocr_confusion`` needs (its other tests aside):
    the test before a pairing of two words is judged, once for each two keys."""
    return (could_confuse(a, b) and bool(named_confusions(a, b))) or _form_apart(a, b)


def _form_apart(a: str, b: str) -> bool:
    """Keys that ``diacritics`` or ``figure_punctuation`` could join though the aligner's other tests pass
    them by (``été``/``ete``, ``à``/``a``: short words, first letters apart)."""
    if a.isascii() and b.isascii():
        return _numeric(a) and _bare(a) == _bare(b)
    return bool(_spellings(a) & _spellings(b))


def ocr_confusion(p: Pairing) -> float | None:
    """Readings that differ by print OCR's known confusions: ``bis``/``his``, ``au``/``all``, ``tlieu``/``then``.

    Evidence: the table of character confusions in ``data/ocr_confusions.tsv`` (its header names
    its sources) and a digit read for a letter inside a word (``wa3``/``was``). Every difference must
    be a confusion in words of five letters or less (the short words are where OCR errs most: the
    other rules need four letters); one other edit is allowed from six letters. A number against a
    word must differ by confusions only (``1``/``I``); two numbers are never a variant. The other edit is
    allowed only in manuscript or in texts that show OCR's misreadings (``Pairing.ocr_text``): in a
    clean text a name one letter and one confusion away (*Lucilius*/*Lucullus*) is a change. A real
    word against a real word (``lexicon.common``) is a change (*going*/*moving*, *modern*/*modem*,
    *he*/*be*), unless the one is far rarer than the other (``OCR_GAP``) and every difference is a
    confusion, or the one text prints the long s (``ſee``/``fee``: no text spells ``ſ`` as ``f``);
    an inflection (``proposals``/``proposal``) is always a change. 0.95 when every difference is a
    confusion, else 0.8.

    >>> ocr_confusion(Pairing("bis", "his", "bis", "his", False, False, False))
    0.95
    >>> ocr_confusion(Pairing("see", "fee", "ſee", "fee", False, False, False))
    0.95
    >>> ocr_confusion(Pairing("see", "fee", "see", "fee", False, False, False)) is None
    True
    >>> ocr_confusion(Pairing("see", "fee", "see", "fee", False, False, True, ocr_text=True))
    0.6
    >>> ocr_confusion(Pairing("modem", "modern", "modem", "modern", False, True, True)) is None
    True
    >>> ocr_confusion(Pairing("going", "moving", "going", "moving", False, True, True)) is None
    True
    >>> ocr_confusion(Pairing("lucilius", "lucullus", "Lucilius", "Lucullus", False, True, True)) is None
    True
    """
    a, b = p.draft, p.final
    if not could_confuse(a, b) or is_inflection(a, b):
        return None
    found = confusions(a, b, 1 if max(len(a), len(b)) >= 6 else 0)
    if found is None or not found[0]:
        return None
    names, other = found
    if other and (_numeric(a) or _numeric(b)):
        return None  # a figure is believed misread only letter for letter (1/I, 0/O): a digit changed is a change
    if other and not (p.ocr_text or p.hand):
        return None  # a clean text: Lucilius / Lucullus is a change, however like the table's confusions
    long_s = "ſ" in p.draft_surface + p.final_surface and set(names) <= {"f/s", "s/f"}
    if _word(a) and _word(b) and not long_s and (other or abs(zipf(a) - zipf(b)) < OCR_GAP):
        if p.ocr_text and p.alone and not other and (p.ocr_text is True or p.ocr_text.issuperset(names)):
            return WORD_FOR_WORD  # a text full of misreadings of this kind: this one is likelier misread than revised
        return None
    return 0.95 if not other else 0.8


WORD_FOR_WORD = 0.6
"""The confidence of an ``ocr_confusion`` between two real words (``he``/``be``), claimed only in a text
that shows print OCR's misreadings in numbers (``Pairing.ocr_text``, set by ``api`` from ``OCR_TEXT``),
in a word-for-word swap, every difference a confusion of the table that the texts were seen to make in
readings that are not both words (``api._ocr_text``): a text whose only misreadings are the long s read as
``f`` (``fuch``, ``moft``) shows nothing of ``b``/``h`` or ``cl``/``d``, and *bear*/*hear* there is a
change. Measured on OCR noise generated
from the table over a Darwin chapter with planted edits: with real-word misreadings allowed, the
precision of the reported edits was 0.75-0.91 over five seeds without this, and a clean revision is
never claimed (no misreadings, so no ``ocr_text``)."""

OCR_TEXT = (3, 0.005)
"""At least this many ``ocr-confusion`` readings that are not words, and this share of the shorter
side's words: the texts are OCR of print, and the word-for-word rule of ``ocr_confusion`` applies."""


def _word(k: str) -> bool:
    """A common English word, for ``ocr_confusion``: not a letter alone but *a* and *I* (the lexicon
    counts initials and list marks, ``l`` 5.2, ``u`` 5.1), nor anything with a digit."""
    return (len(k) > 1 or k in "ai") and k.isalpha() and common(k)


def _letters(surface: str) -> str:
    """A word's letters and digits with accents taken off (``été`` -> ``ete``), ``ß`` as ``ss`` and
    ``æ``/``œ`` written out, case folded: the word as a telegraph or a typewriter without accents spells it."""
    folded = unicodedata.normalize("NFKD", key(surface))
    return "".join(c for c in folded if not unicodedata.combining(c))


_TRANSLITERATED = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})


@lru_cache(maxsize=1 << 14)
def _spellings(surface: str) -> frozenset[str]:
    """The ways a word with accents or ligatures is written without them: the bare letters, the
    German transliteration (``für`` -> ``fuer``), and ``æ``/``œ`` written ``e`` (``Ætna``/``Etna``)."""
    k = key(surface)
    forms = {_letters(surface), _letters(unicodedata.normalize("NFC", k).translate(_TRANSLITERATED))}
    low = unicodedata.normalize("NFKC", surface).casefold()
    if "æ" in low or "œ" in low:
        forms.add(_letters(low.replace("æ", "e").replace("œ", "e")))
    return frozenset(forms)


DIACRITICS = "diacritics"
"""The rule of readings that differ only by accents, umlauts written out or ligatures (``diacritics``)."""


def diacritics(p: Pairing) -> float | None:
    """The same letters with accents or without, or an umlaut written out: ``été``/``ETE``,
    ``für``/``FUER``, ``Genève``/``GENEVE``, ``Ætna``/``Etna``.

    Evidence: a telegram, a teleprinter and many typewriters had no accents, and German spells
    ``ä``/``ö``/``ü`` as ``ae``/``oe``/``ue`` without them; ``æ`` and ``œ`` are also printed ``e``.
    A variant, shown, not silently equal: an accent can make another word (French ``a``/``à``,
    ``ou``/``où``), so the reader sees each such reading. Needs a letter that is not ASCII on one side,
    and the reading without it on a side that writes no accented letter anywhere (``Pairing.accented``): a
    text that writes *für* and *über* and has *schon* where the other has *schön* changed the word.

    >>> diacritics(Pairing("été", "ete", "été", "ETE", False, True, True))
    1.0
    >>> diacritics(Pairing("für", "fuer", "für", "FUER", False, True, True))
    1.0
    >>> diacritics(Pairing("nous", "vous", "nous", "vous", False, True, True)) is None
    True
    >>> diacritics(Pairing("schön", "schon", "schön", "schon", False, True, True, accented=(True, True))) is None
    True
    """
    plain_d, plain_f = p.draft_surface.isascii(), p.final_surface.isascii()
    if plain_d == plain_f:
        return None  # both written with accents, or neither: an accent changed is no accent lost
    if p.accented[0 if plain_d else 1]:
        return None  # the side without the accent writes accents elsewhere: it did not lose this one
    return 1.0 if _spellings(p.draft_surface) & _spellings(p.final_surface) else None


ELISION = "elision"
"""The rule of a word written with an apostrophe for a letter it leaves out (``flow'd``/``flowed``)."""

ELIDED = frozenset("aeiouv")
"""The letters an apostrophe stands for in an elided spelling: a vowel (``flow'd``, ``Heav'n``) or
the ``v`` of ``e'er``/``o'er``."""


def elision(p: Pairing) -> float | None:
    """``flow'd``/``flowed``, ``Heav'nly``/``Heavenly``, ``e'er``/``ever``: a word written with an
    apostrophe where the other spells out one letter, a vowel or ``v`` (``ELIDED``).

    Evidence: the elided spellings of verse and of older print; the apostrophe itself marks the
    letter left out, so the two are one word. A letter other than these, or more than one, is
    not read as elided (``sigh'd``/``sighted`` is a change).

    >>> elision(Pairing("flowd", "flowed", "flow'd", "flowed", False, True, True))
    1.0
    >>> elision(Pairing("sighd", "sighted", "sigh'd", "sighted", False, True, True)) is None
    True
    >>> elision(Pairing("lost", "lovst", "lo'st", "lov'st", False, True, True)) is None
    True
    """
    for short_surface, long, long_surface in ((p.draft_surface, p.final, p.final_surface),
                                              (p.final_surface, p.draft, p.draft_surface)):
        word = short_surface.strip("\"'‘’“”.,;:!?()[]-—")
        if any(mark in long_surface.strip("\"'‘’“”.,;:!?()[]-—") for mark in "'’"):
            continue  # both elided (``lo'st``/``lov'st``): not a letter spelled out against its mark
        for mark in ("'", "’"):
            at = word.find(mark)
            if at <= 0 or word.count(mark) != 1:
                continue
            head, tail = key(word[:at]), key(word[at + 1 :])
            if (len(long) == len(head) + len(tail) + 1 and long.startswith(head) and long.endswith(tail)
                    and long[len(head)] in ELIDED):
                return 1.0
    return None


FIGURE = "figure-punctuation"
"""The rule of figures that differ only by a decimal point or a slash, read as OCR's in a text that shows OCR damage."""


def figure_punctuation(p: Pairing) -> float | None:
    """``1.5``/``15``, ``10.30``/``1030``: the same digits, a point or a slash apart, in texts that show
    print OCR's misreadings (``Pairing.ocr_text``), where a point lost or a speck read as one is
    likely. A visible variant at ``WORD_FOR_WORD``'s confidence, never silently equal; in a clean
    text a figure's point is what it says, and this is a change.

    >>> figure_punctuation(Pairing("1.5", "15", "1.5", "15", False, True, True, ocr_text=True))
    0.6
    >>> figure_punctuation(Pairing("1.5", "15", "1.5", "15", False, True, True)) is None
    True
    """
    a, b = p.draft, p.final
    if not (p.ocr_text and _numeric(a) and _numeric(b)):
        return None
    return WORD_FOR_WORD if a != b and _bare(a) == _bare(b) else None


def _bare(k: str) -> str:
    return k.replace(".", "").replace("/", "")


def hand_misreading(p: Pairing) -> float | None:
    """A word-for-word swap inside a manuscript line, between matched words: ``Mr``/``for``.

    Handwriting defeats OCR; when a few manuscript words stand between two matches
    opposite as many despatched words, each of about the same length and sharing
    letters with its partner, they are the same words misread.

    >>> hand_misreading(Pairing("mr", "for", "Mr", "FOR", True, False, True))
    0.4
    """
    a, b = p.draft, p.final
    if not (p.hand and p.alone) or _numeric(a) or _numeric(b) or abs(len(a) - len(b)) > 1:
        return None
    score = similarity(a, b)
    return round(score, 2) if score >= 0.3 and set(a) & set(b) else None


Rule = Callable[[Pairing], "float | None"]
RULES: dict[str, Rule] = {
    DIACRITICS: diacritics,
    ELISION: elision,
    "abbreviation": abbreviation,
    OCR_CONFUSION: ocr_confusion,
    "ocr-similar": ocr_similar,
    FIGURE: figure_punctuation,
    "hand-misreading": hand_misreading,
}


SPLIT_JOIN = "split-join"
"""The rule of a word written as two (``No-10`` / ``NO. 10``) or two written as one; ``align`` finds these."""

READINGS: dict[str, str] = {
    "abbreviation": "one abbreviated, the other written out",
    OCR_CONFUSION: "as OCR confuses letters of print (li for h, ll for u, rn for m)",
    "ocr-similar": "as the OCR misreads a word",
    "hand-misreading": "as a handwritten word is misread",
    DIACRITICS: "with accents or without, or an umlaut or ligature written out",
    ELISION: "with an apostrophe for a letter left out",
    FIGURE: "a figure with a point or slash lost or added, as OCR may",
    SPLIT_JOIN: "written as one word or two",
}
"""Every rule of a variant reading, in plain words for a reader (citations and the HTML report)."""


@lru_cache(maxsize=1 << 16)
def judge(p: Pairing) -> tuple[str, float] | None:
    """The first rule that recognises a variant, with its score, or None (cached: the rules are pure)."""
    for name, rule in RULES.items():
        score = rule(p)
        if score is not None:
            return name, score
    return None
