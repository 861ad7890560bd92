"""What a witness shows of the document behind it: may it carry hands, stamps and registry marks?

Inferring a hand from layout (a short line among page furniture, an ``&``, OCR
damage) or a stamp from a short line alone pays off only on what it was built
for: the transcription of an office typescript or a telegram, amended by hand and
stamped by a registry. On a printed book, a clean typescript or the OCR of either,
the same shapes are ordinary text (a speaker's name alone on its line, an act
number, a poem's short line, the OCR's misreadings of print), and a hand or a
stamp inferred there is an invented fact. So those inferences need evidence in
the witness itself that it is such a transcription, and each piece of evidence
is named, so that every output can say why it inferred anything:

- **typescript conventions**, found by the furniture rules that cannot fire on
  running text: a security classification line (``SECRET``, ``CONFIDENTIAL``,
  ``RESTRICTED``, in capitals, alone on its line), a telegram envelope
  (``O 212130Z DEC 88``), a message form's serial field (``SERIAL No.``);
- **manuscript marks**: handwriting marked in the transcription (``*…*``), which
  says the transcriber told hands from type;
- **amendment marks** (``~~struck~~``, ``<sup>above the line</sup>``) are recorded
  too, but allow neither: they show a page worked on, not a typed page or a
  registry file (the development corpus's licensing manuscript of a play is
  amended throughout, in the one hand that wrote it all).

Measured on the development corpus (six editions of Darwin, a play in print and in
OCR, a poem's first printing: none has any of these signs) and on the sample
pairs (every draft and despatch has a classification line or an envelope).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import compress
from typing import Iterator, Mapping, Sequence

from .model import Token

TYPESCRIPT_FURNITURE = {
    "classification": "a security classification line",
    "envelope": "a telegram envelope",
    "serial": "a message form's serial number",
}
"""Furniture reasons that only an office typescript or a telegram carries, in plain words."""

CORE_CLASSIFICATIONS = frozenset({"SECRET", "CONFIDENTIAL", "RESTRICTED", "TOPSECRET"})
"""The classification words that mark a typescript on their own; the others that ``furniture``
knows (``PERSONAL``, ``PRIVATE``, ``IMMEDIATE``, ``ROUTINE``…) are ordinary words in a book."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """The signs, each in plain words with the line it was first seen on."""

    typescript: tuple[str, ...] = ()
    """Typescript, telegram or manuscript-mark signs: enough for stamps and registry furniture."""
    amended: tuple[str, ...] = ()
    """Amendment marks (struck, above the line): said in notices, enough for neither inference."""

    @property
    def hands_possible(self) -> bool:
        """May unmarked handwriting be inferred on this witness? Only on a typed base: every rule
        that infers a hand tells it from type (typed text survives OCR, a typist spells *and* out,
        a typed page has furniture for a note to stand among). Amendment marks alone show a page
        worked on, not a typed one: a manuscript is amended too, all in one hand."""
        return bool(self.typescript)

    @property
    def archival(self) -> bool:
        """May short lines be read as stamps, registry marks, bracketed titles and form fields?"""
        return bool(self.typescript)

    def said(self) -> str:
        """The signs in one phrase, for a notice: ``a security classification line (l. 3); …``."""
        return "; ".join((*self.typescript, *self.amended)) or "none"


def is_core_classification(words: Sequence[str]) -> bool:
    """A classification line that marks a typescript by itself: ``SECRET``, ``TOP SECRET``,
    ``JD3BPI SECRET``, ``S E C R E T`` — in capitals (a book's *Secret* or *secret* is a word).

    >>> is_core_classification(["SECRET"]), is_core_classification(["TOP", "SECRET"]), is_core_classification(["Secret"])
    (True, True, False)
    >>> is_core_classification(["PERSONAL"])
    False
    """
    joined = "".join(w.strip(".,:;") for w in words)
    if joined in CORE_CLASSIFICATIONS:
        return True
    return any(w.strip(".,:;") in CORE_CLASSIFICATIONS for w in words)


def gather(tokens: Sequence[Token], reasons: Mapping[int, str], shown: Sequence[str],
           layers: list[str] | None = None) -> Evidence:
    """The evidence in ``tokens`` given their furniture ``reasons`` (token position -> code) and
    each token's ``display`` (``shown``): the first place of each kind of sign. ``layers`` are the
    tokens' layers when the caller has them (a pass over every word the less)."""
    typescript: dict[str, str] = {}
    amended: dict[str, str] = {}
    for k, why in sorted(reasons.items()):
        if why not in TYPESCRIPT_FURNITURE or why in typescript:
            continue
        if why == "classification" and not is_core_classification([shown[j] for j in _same_line(tokens, k)]):
            continue
        typescript[why] = f"{TYPESCRIPT_FURNITURE[why]} (l. {tokens[k].line})"
    # A book has no layer but "typed", and is done with here. A comprehension reads the slots twice as fast
    # as ``map(attrgetter)``, and ``count`` (identity first) tests them ten times faster than ``set`` (measured).
    if layers is None:
        layers = [t.layer for t in tokens]
    if layers.count("typed") != len(layers):
        # The first marked word of each layer, found in C (``list.index``), not by a loop over every word:
        # a draft with no marked hand, or a despatch with no amendment, was read to its end
        # (136 k words of a typescript: 30 ms a side).
        hand = first_marked(tokens, layers, "hand")
        if hand is not None:
            typescript["hand"] = f"handwriting marked in the transcription (l. {tokens[hand].line})"
        for k, layer in sorted((k, layer) for layer in ("struck", "inserted")
                               if (k := first_marked(tokens, layers, layer)) is not None):
            amended[layer] = (f"{'struck text' if layer == 'struck' else 'a word above the line'} "
                              f"marked in the transcription (l. {tokens[k].line})")
    return Evidence(tuple(typescript.values()), tuple(amended.values()))


def positions(values: list[str | None], value: str) -> Iterator[int]:
    """Where ``value`` stands in ``values``, in order, each found by ``list.index`` (in C)."""
    k = -1
    try:
        while True:
            k = values.index(value, k + 1)
            yield k
    except ValueError:
        return


def first_marked(tokens: Sequence[Token], layers: list[str], layer: str) -> int | None:
    """The position of the first token of ``layer`` (``layers``: each token's) that was marked, not inferred."""
    return next((k for k in positions(layers, layer) if not tokens[k].inferred), None)


def _same_line(tokens: Sequence[Token], k: int) -> range:
    """The positions of the tokens on token ``k``'s line (tokens come in file order)."""
    line, a, b = tokens[k].line, k, k + 1
    while a > 0 and tokens[a - 1].line == line:
        a -= 1
    while b < len(tokens) and tokens[b].line == line:
        b += 1
    return range(a, b)


PROBE = 64
"""How many tokens ``of`` looks at first to guess whether a witness is a book's (``_plain``)."""


def of(tokens: Sequence[Token]) -> Evidence:
    """The evidence of a witness's tokens whose furniture is already marked.

    A book has neither furniture nor a layer but ``typed``, and no evidence: that is told from one
    list, each token's furniture or else its layer (a comprehension, twice as fast as ``map(attrgetter)``,
    measured; a reason code is never ``typed``), and ``count`` in C, not from a pass for each. A witness
    with either needs the furniture and the layers as columns of their own, and is not read for that
    list when its first ``PROBE`` tokens show either already (``_plain``: a typescript's classification
    line, a struck word): the list was a quarter of ``of`` on a typescript (both sides of dec88x63: 6.4 ->
    4.9 ms; of dec88x1105: 118 -> 87 ms). The list only makes a book quicker: read as a typescript, a
    book has no evidence either.
    """
    if _plain(tokens[:PROBE]):
        either = [t.furniture or t.layer for t in tokens]
        if either.count("typed") == len(either):
            return Evidence()
    furniture = [t.furniture for t in tokens]
    reasons = {k: furniture[k] for k in compress(range(len(furniture)), furniture)}  # the few, found in C
    return gather(tokens, reasons, _Displays(tokens), [t.layer for t in tokens])


def _plain(tokens: Sequence[Token]) -> bool:
    """No token is furniture or of a layer but ``typed``: the text may be a book's."""
    return not any(t.furniture or t.layer != "typed" for t in tokens)


class _Displays:
    """Each token's ``display``, worked out only for the few tokens ``gather`` looks at."""

    __slots__ = ("tokens",)

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens

    def __getitem__(self, k: int) -> str:
        return self.tokens[k].display
