"""Is this an English word, and how common? OCR quality, read from the words themselves.

Typed text survives OCR well; handwriting does not, and its OCR is full of
non-words (``thorow``, ``falle``, ``chvisage``). A real word opposite a similar real
word (*going* / *MOVING*) is more likely a change than a misreading. Both judgements
need a lexicon: wordfreq's English list (Robyn Speer's wordfreq, built from Wikipedia,
subtitles, news, books, web text, Twitter and Reddit) gives each word's frequency on the
Zipf scale (about 7 for *the*, 3 for a word met once in a million, 0 when unknown).

The list ships with redline, whole, in ``data/wordfreq_en.tsv`` (CC BY-SA 4.0; its header
names the sources; ``tools/build_wordlist.py`` wrote it from wordfreq 3.1, whose data upstream no
longer updates), so redline needs no wordfreq (58 MB installed) and answers as wordfreq did. It is
read on first use (``English``), so a comparison that never asks pays nothing.

A word is looked up as ``wordfreq.zipf_frequency(word, "en")`` looks it up (``tokens``): NFC,
case-folded (``DON'T`` is *don't*, ``ſee`` is *see*, ``Straße`` is *strasse*), split into the tokens
wordfreq's tokenizer makes of letters, digits and inner apostrophes or full stops (*don't*, *u.s*,
*co* and *operate*); a number of two digits or more is estimated as wordfreq does (``_digits``);
several tokens combine as wordfreq combines them. tests/test_lexicon.py checks the answers against
wordfreq itself when it is installed (``pip install '.[maintainer]'``): the same on every entry of the
list made of letters, digits, apostrophes and full stops, in three casings, and on every word of the
development corpus. wordfreq's tokenizer follows Unicode's word boundaries (UAX #29) in full; ``tokens``
keeps the part that words of letters and digits meet, which is all redline asks (comparison keys and
words of letters). Where they part: symbols and emoji, which wordfreq counts (``©``, ``😂``), are no
tokens here (Zipf 0), nor is wordfreq's ``@`` ending (``info@``), and a script whose vowel signs are
combining marks (Devanagari) is split where wordfreq kept it whole.
"""

from __future__ import annotations

import math
import mmap
import os
import re
import unicodedata
from functools import lru_cache

COMMON = 3.0
"""Zipf frequency from which a word is common English (once in a million words or more)."""

DATA_FILE = "data/wordfreq_en.tsv"
"""The English list inside the package: a header of ``#`` lines (source, licence, format), then one
line a word, ``word<TAB>centibels``, in the byte order of the words' UTF-8."""


def packaged(name: str) -> bytes:
    """The bytes of the data file ``name`` shipped in the package (``data/…``): read beside this module,
    which costs nothing to import, or through the package's loader when it is not a plain file (a zip
    import). ``importlib.resources`` alone would load ``zipfile`` and its readers, 6 ms a run."""
    try:
        with open(os.path.join(os.path.dirname(__file__), name), "rb") as f:
            return f.read()
    except OSError:
        from importlib.resources import files

        return files("redline").joinpath(name).read_bytes()


@lru_cache(maxsize=1 << 16)
def zipf(word: str) -> float:
    """The word's Zipf frequency in English, 0.0 when the lexicon does not know it.

    >>> zipf("going") > COMMON > zipf("falle") > zipf("thorow") == 0.0
    True
    >>> zipf("Don't") == zipf("DON’T") == zipf("don't") > COMMON
    True
    """
    if word.isascii() and word.isalpha():  # nearly every word asked: one token, its lower case
        return _zipf_of(_english().centibels(word.lower()))
    return _zipf_of_frequency(_frequency(tokens(word)))


def tokens(word: str) -> list[str]:
    """The tokens wordfreq looks up for ``word``: NFC, case-folded, split at Unicode word boundaries
    for letters and digits, apostrophes stripped from the ends, curly ones made straight.

    >>> tokens("DON’T"), tokens("U.S."), tokens("co-operate"), tokens("l'homme"), tokens("ſee")
    (["don't"], ['u.s'], ['co', 'operate'], ['l', 'homme'], ['see'])
    """
    text = unicodedata.normalize("NFC", word).casefold()
    return [re.sub(_SINGLE_QUOTES, "'", t.strip("'")) for t in re.findall(_TOKEN, text, re.VERBOSE)]


_LETTER = r"[^\W\d_]"
_IN_WORD = r"[\w\u00ad\u0300-\u036f\u200c\u200d]"
"""A word character, or what Unicode's word boundaries pass over inside a word (a soft hyphen, a combining mark, a joiner)."""
_MID_LETTER = ":\u00b7\u055f\u05f4\u2027\ufe13\ufe55\uff1a"
_MID_NUM_LET = "'.\u2018\u2019\u2024\ufe52\uff07\uff0e"
_MID_NUM = ",;\u0589\u060c\u060d\u066c\u07f8\u2044\ufe10\ufe14\ufe50\ufe54\uff0c\uff1b"
_TOKEN = rf"""
    (?!\w\w?'[aehiouyáéíóúàèìòùâêîôûåïöœ])  # l'arc, qu'un: the elided particle is a token of its own
    \w{_IN_WORD}* (?: (?<={_LETTER}) [{_MID_LETTER}{_MID_NUM_LET}] (?={_LETTER}) {_IN_WORD}+  # between letters
                  | (?<=\d) [{_MID_NUM}{_MID_NUM_LET}] (?=\d) {_IN_WORD}+ )*              # between digits
    | \w\w?'                                                                              # the elided particle
    """
"""wordfreq's token expression (Unicode word boundaries, UAX #29, and its rule for elided particles),
for letters, digits and the marks that join them; compiled (by ``re``, which keeps it) only when a word
that is not plain ASCII letters is asked, as are the expressions below."""

_SINGLE_QUOTES = "[\u02bc\u2018-\u201b]"
"""Curly apostrophes, which wordfreq (ftfy's ``uncurl_quotes``) makes straight after splitting."""


class English:
    """The English list, for words as wordfreq stores them (NFC, case-folded), held as its bytes.

    Words are found by bisecting the bytes of the file (20-odd probes, 9 microseconds a word): a
    sample pair asks about fifteen distinct words, 300 k words of Darwin's editions 456 (the
    lookups are cached by ``zipf``), so reading what those probes touch costs a few milliseconds,
    where decompressing and splitting a packed list cost 50 ms, a quarter of a sample pair's whole
    run, and a dictionary of every word costs 90 ms to build. Only a comparison that asks more than
    ``INDEX_FROM`` distinct words, where bisecting would cost as much, builds that dictionary.
    The words stay bytes, as read.
    """

    INDEX_FROM = 10_000

    def __init__(self, data: bytes | mmap.mmap) -> None:
        self.data = data
        at = 0
        while data[at : at + 1] == b"#":  # the header: the list starts after it
            at = data.find(b"\n", at) + 1
        self.body = at
        self.index: dict[bytes, bytes] | None = None
        self.asked = 0

    @classmethod
    def load(cls) -> English:
        """The list shipped in ``DATA_FILE``, mapped into memory: bisecting reads the few pages it
        probes, not the file's 4 MB (7 ms)."""
        try:
            with open(os.path.join(os.path.dirname(__file__), DATA_FILE), "rb") as f:
                return cls(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ))
        except (OSError, ValueError):  # not a plain file (a zip import): ask the package's loader
            return cls(packaged(DATA_FILE))

    def words(self) -> list[bytes]:
        """Every word of the list, in its order."""
        return [line.partition(b"\t")[0] for line in self.data[self.body :].splitlines()]

    def centibels(self, word: str) -> int | None:
        """How many centibels below 1 the word's frequency is; None when the list lacks it."""
        key = word.encode()
        if self.index is None:
            self.asked += 1
            if self.asked < self.INDEX_FROM:
                return self._bisect(key)
            # word, count, word, count …: split in C, then paired (a loop over 321 k lines is twice as slow)
            cells = self.data[self.body :].replace(b"\t", b"\n").split(b"\n")
            self.index = dict(zip(cells[0::2], cells[1::2]))
        found = self.index.get(key)
        return None if found is None else int(found)

    def _bisect(self, key: bytes) -> int | None:
        """The word's centibels, found by bisecting the file's lines: ``lo`` is always a line's start."""
        data = self.data
        lo, hi = self.body, len(data)
        while lo < hi:
            start = data.rfind(b"\n", lo - 1, (lo + hi) // 2) + 1  # the start of the line holding the middle
            tab = data.find(b"\t", start)
            end = data.find(b"\n", tab)
            word = data[start:tab]
            if word == key:
                return int(data[tab + 1 : end])
            if word < key:
                lo = end + 1
            else:
                hi = start
        return None

    def zipf(self, word: str) -> float:
        """``wordfreq.zipf_frequency(word, "en")`` for a word of ASCII letters."""
        return _zipf_of(self.centibels(word.lower()))


@lru_cache(maxsize=1)
def _english() -> English:
    return English.load()


def _frequency(found: list[str]) -> float:
    """wordfreq's frequency of a run of tokens: 0.0 when one is unknown, else 1/f = 1/f1 + 1/f2 + …"""
    if not found:
        return 0.0
    english = _english()
    one_over = 0.0
    for token in found:
        smashed = re.sub(_MULTI_DIGIT, lambda m: re.sub(_DIGIT, "0", m.group(0)), token)
        cb = english.centibels(smashed)
        if cb is None:
            return 0.0
        freq = 10 ** (-cb / 100)
        if smashed != token:
            freq *= _digits(token)
        one_over += 1.0 / freq
    return 1.0 / one_over


_DIGIT = r"\d"
_MULTI_DIGIT = r"\d[\d.,]+"
_PURE_DIGITS = r"\d+"
_BENFORD = (0.009, 0.300, 0.175, 0.124, 0.096, 0.078, 0.066, 0.057, 0.050, 0.045)
"""wordfreq's frequencies of a number's first digit (Benford's law, and numbers with leading zeroes)."""


def _digits(token: str) -> float:
    """wordfreq's estimate of a token's numbers, which its list stores as zeroes (``1988`` as
    ``0000``): Benford's law by length, and a curve over the years for four digits."""
    freq = 1.0
    for match in re.findall(_MULTI_DIGIT, token):
        for digits in re.findall(_PURE_DIGITS, match):
            benford = _BENFORD[int(digits[0])] / 10 ** (len(digits) - 1)
            if len(digits) == 4:
                year = int(digits)  # wordfreq's fit: a peak plateau 2019-2039, falling off on either side
                if year <= 2019:
                    log = -1.9185 - 0.0083 * (2019 - year)
                elif year <= 2039:
                    log = -1.9185
                else:
                    log = -1.9185 - 0.2 * (year - 2039)
                freq *= 10.0**log + 0.1 * benford
            else:
                freq *= benford
    return freq


@lru_cache(maxsize=None)
def _zipf_of(cb: int | None) -> float:
    """The Zipf frequency of one token ``cb`` centibels below 1 (None: unknown)."""
    return _zipf_of_frequency(0.0 if cb is None else 1.0 / (1.0 / 10 ** (-cb / 100)))


def _zipf_of_frequency(freq: float) -> float:
    """wordfreq's arithmetic: the frequency (never below its minimum, once in a billion) rounded to
    three significant digits, on the Zipf scale, rounded to hundredths."""
    if freq == 0.0:
        return _ZIPF_OF_UNKNOWN  # wordfreq's minimum, unrounded
    freq = max(freq, _MINIMUM)
    freq = round(freq, math.floor(-math.log(freq, 10)) + 3)
    return round(math.log(freq, 10) + 9, 2)


_MINIMUM = 10**0 / 1e9
"""wordfreq's frequency for Zipf 0 (``zipf_to_freq(0)``), ``zipf_frequency``'s default minimum."""
_ZIPF_OF_UNKNOWN = round(math.log(_MINIMUM, 10) + 9, 2)


def common(word: str, threshold: float = COMMON) -> bool:
    """A common English word (*going*, *moving*), not an OCR reading (*falle*): Zipf ``threshold`` or more."""
    return zipf(word) >= threshold


def non_word(word: str) -> bool:
    """Letters the lexicon has never seen as an English word (``thorow``); names and acronyms
    (a capital first letter), numbers and words with digits or marks are not judged.

    >>> non_word("thorow"), non_word("aught"), non_word("Shevardnadze"), non_word("12/11/80")
    (True, False, False, False)
    """
    return word.isalpha() and word.islower() and zipf(word) == 0.0
