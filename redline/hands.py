"""Unmarked handwriting: infer the hand where the OCR lost the ``*…*`` marks.

Manuscript additions to a typed draft are often transcribed without marks:
they stand as short paragraphs among page furniture, out of reading order,
after the signature, or with ``&`` for *and*. Each rule below looks at one
paragraph in its setting and names its reason; a paragraph that any rule
claims gets layer ``hand`` with ``inferred=True``, and the reasons are kept on
the witness (``Witness.hands``) so every output can tell marked from inferred.
Struck text keeps its layer: it was typed (or written) and then struck.

Every rule here tells a hand from type, so none runs unless the draft shows a typed
base (``evidence``: a classification line, an envelope, a serial, or handwriting
marked apart from type); ``api`` checks that before calling any of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from operator import itemgetter
from typing import Callable, Collection, Sequence, TypeVar

from .furniture import paragraphs, revised
from .model import Token, Witness, as_hand, displays, maker
from .lexicon import non_word
from .variants import is_inflection

T = TypeVar("T")

CLOSINGS = ("yours", "with warm regards", "warm regards", "with best wishes", "ever yours", "sincerely")
DOCUMENT_HEAD = frozenset({"title", "envelope", "serial", "form"})
"""Furniture reasons that head a document (a bracketed title, a telegram envelope, a serial
number, a message form's heading), not a page: after one, a new document has begun."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of text (not furniture) and what surrounds it."""

    tokens: Sequence[Token]
    before_furniture: bool
    """The nearest paragraph before it is furniture, or it opens the document."""
    after_closing: bool
    """A closing (``Yours``, ``Warm regards``) stands before it in the same letter. A salutation
    (``Dear Ron``) or furniture that heads a document (``DOCUMENT_HEAD``) begins another: in a
    file that holds several copies of a message, the second copy is no postscript to the first."""
    after_hand: bool
    """The paragraph just before it was inferred handwritten (in the same letter, as ``after_closing``)."""
    long_paragraphs: bool
    """The document's typed text is mostly in long paragraphs (so a short one stands out)."""
    amended: bool
    """The document carries marked amendments (struck, above-line or marked handwriting):
    only then is a short line among furniture more likely a hand than a typed line."""
    beside_registry: bool
    """Paragraphs of furniture stand on both sides of it (not the document's edge), and one at least
    is not a page's running furniture (``PAGE_FURNITURE``: a classification line, a page number, a
    catchword) but a stamp, a title, a serial, an envelope, a form field (``_beside_registry``)."""
    text: str
    """The file's text from the paragraph's first word to its last (furniture and markup between
    included): what a rule may search at once, in C, before it reads the words one by one. Only on
    an amended draft (``amended``), the only one its rule reads it on; else empty, not copied for nothing."""

    @property
    def words(self) -> list[str]:
        return displays(self.tokens)


_new_paragraph = maker(Paragraph)  # one a paragraph: see ``model.maker``


def ampersand(p: Paragraph) -> bool:
    """``&`` written for *and* on an amended draft: typists spell it out, hands abbreviate.

    Evidence: the sample drafts' hand writes ``regards & very``, ``you & family``, ``Christmas &
    the``: an ``&`` with a word in lower case on one side at least. Print and typescript keep an
    ``&`` in a name: a firm or a title, two capitalised words either side (``Smith & Jones``; ``AT&T``
    is one word, no ``&`` of its own). Such an ``&`` is no sign of a hand (a manuscript joins names so
    too, but a typescript does as well), so only an ``&`` that is not between two capitalised words
    counts (``name_ampersand``).

    A paragraph whose text has no ``&`` has no such word (a word's display adds none), and its words
    are not shown: the rule was a tenth of ``infer`` on a typescript, each paragraph's words shown."""
    if not (p.amended and "&" in p.text):
        return False
    words = p.words
    return any(w == "&" and not name_ampersand(words, k) for k, w in enumerate(words))


def _capitalised(word: str) -> bool:
    """The word begins with a capital letter, after any opening quote or bracket (``Spencer``, ``(Son``)."""
    first = word.lstrip("\"'([\u2018\u201c")[:1]
    return first.isupper()


def name_ampersand(words: Sequence[str], k: int) -> bool:
    """Is the ``&`` at ``words[k]`` one that joins a name, a capitalised word on each side?

    >>> w = "The firm of Smith & Jones wrote & asked".split()
    >>> name_ampersand(w, 4), name_ampersand(w, 7)
    (True, False)
    """
    return 0 < k < len(words) - 1 and _capitalised(words[k - 1]) and _capitalised(words[k + 1])


def among_furniture(p: Paragraph) -> bool:
    """A short paragraph with furniture on both sides: a note written in a margin or a header.

    Evidence: the sample draft's two such hands stand beside registry furniture that is not a
    page's running head or foot: a note between the classification line and the bracketed title,
    and a sentence between a struck catchword and a date stamp (``beside_registry``). A paragraph
    with only a page's running furniture about it (a classification line, a page number, a catchword)
    or the document's edge on a side is what a page of the typescript holds, its body typed between
    head and foot (a letter's second page, a classification at the foot, the last page's text after a
    stamp): where it stands says nothing of a hand, and it is not claimed."""
    return p.amended and p.beside_registry and len(p.tokens) <= 40 and p.long_paragraphs


def fragment(p: Paragraph) -> bool:
    """A few words starting in lower case with no closing stop, standing after furniture."""
    if not (p.amended and p.before_furniture and len(p.tokens) <= 8):
        return False  # the words are shown only for a short paragraph
    words = p.words
    return words[0][:1].islower() and not words[-1].rstrip("\"')").endswith((".", "?", "!", ":", ";"))


def postscript(p: Paragraph) -> bool:
    """A sentence after the closing of a letter (not just the signature): added below it by hand.

    Evidence: the sample draft's hand adds an unlabelled sentence below its closing and signature
    (both in the hand). A postscript labelled ``P.S.`` (``PS``, ``P.P.S.``) is the typist's form as much
    as a hand's: a typed letter types its postscript so, and the despatch copies it. Such a one is
    taken for a hand only with another sign, the paragraph just before it in a hand (``after_hand``:
    a closing or signature written, marked or inferred); else it is left typed."""
    if not (p.amended and p.after_closing and len(p.tokens) >= 4):
        return False
    return p.after_hand or not is_labelled_postscript(p.words[0])


def is_labelled_postscript(word: str) -> bool:
    """Is ``word`` the label of a postscript (``P.S.``, ``PS:``, ``P.P.S.``)?

    >>> is_labelled_postscript("P.S."), is_labelled_postscript("PPS:"), is_labelled_postscript("Please")
    (True, True, False)
    """
    return word.replace(".", "").replace(" ", "").rstrip(":,").lower() in ("ps", "pps")


def continues_hand(p: Paragraph) -> bool:
    """A short paragraph right after an inferred manuscript one: the same hand goes on."""
    return p.after_hand and len(p.tokens) <= 4


RULES: dict[str, Callable[[Paragraph], bool]] = {
    "ampersand": ampersand,
    "among-furniture": among_furniture,
    "fragment": fragment,
    "postscript": postscript,
    "continues-hand": continues_hand,
}

PAGE_FURNITURE = frozenset({"classification", "page-number", "running-head", "catchword"})
"""Furniture that a typescript repeats on its pages, heading or closing each one (``beside_registry``);
stamps, titles, envelopes, serials and form fields are put on the paper once, by the registry or the
form, not by the page's typing."""

BY_PLACE = frozenset({"among-furniture", "fragment", "postscript", "continues-hand"})
"""The rules that judge a paragraph by where it stands alone: no sign in its letters."""

CAPITALS_SHARE, CAPITALS_WORDS = 0.8, 20
"""A typed text is in the machine's capitals when this share of its typed words (at least this
many words with letters) is written in capitals (``machine_capitals``)."""


def machine_capitals(tokens: Sequence[Token]) -> bool:
    """Is the typed text of ``tokens`` in capitals, as a teleprinter prints (a telegram, a cable)?

    >>> from redline import compare_texts
    >>> w = compare_texts("FOLLOWING FOR GENERAL SMITH FROM JOHN BROWN. " * 3, "x").draft
    >>> machine_capitals(w.tokens), machine_capitals(compare_texts("Following for General Smith " * 6, "x").draft.tokens)
    (True, False)
    """
    cased = [t.text for t in tokens if t.layer == "typed" and not t.furniture and t.text.upper() != t.text.lower()]
    return len(cased) >= CAPITALS_WORDS and sum(map(str.isupper, cased)) >= CAPITALS_SHARE * len(cased)


def _in_capitals(tokens: Sequence[Token]) -> bool:
    """Every word of the paragraph that has letters is in capitals.

    In ASCII that is the words joined being in capitals (``str.isupper``: some letter, and no
    small one), tested in C, not word by word; other scripts have letters without case and case
    without letters, and are tested as the rule says."""
    texts = [t.text for t in tokens]
    joined = " ".join(texts)
    if joined.isascii():
        return joined.isupper()
    cased = [w for w in texts if w.upper() != w.lower()]
    return bool(cased) and all(map(str.isupper, cased))


OCR_DAMAGE, MISREAD_REWRITE, GARBLED_NOTE = "ocr-damage", "misread-rewrite", "garbled-note"
"""The reasons recorded after alignment, from evidence in the other text (``from_damage``,
``from_rewrites``, ``from_garble``); the paragraph rules record their names in ``RULES``."""

REASONS: dict[str, str] = {
    "among-furniture": "set by the OCR among page furniture, out of reading order",
    "fragment": "a fragment that completes the typed text",
    "continues-hand": "continues a line judged handwritten",
    "ampersand": "written with \u201c&\u201d, as a hand writes \u201cand\u201d",
    "postscript": "a postscript below the signature",
    OCR_DAMAGE: "OCR damage of the kind handwriting causes",
    MISREAD_REWRITE: "reads as a manuscript rewrite that the OCR half misread",
    GARBLED_NOTE: "a short garbled note after page furniture, as the OCR reads a hand",
}
"""Every reason code a witness's ``hands`` can hold, in plain words for a reader (the HTML report)."""


CLOSING_WORDS = 16
"""Most words in a paragraph that ``is_closing``."""


def is_closing(tokens: Sequence[Token]) -> bool:
    """A short paragraph that opens with a closing (``Yours sincerely``); the length is tested first,
    so a long paragraph's keys are never joined."""
    if len(tokens) > CLOSING_WORDS:
        return False
    text = " ".join([t.key for t in tokens])
    return text.startswith(CLOSINGS)


def begins_document(tokens: Sequence[Token], kinds: Sequence[str | None] | None = None) -> bool:
    """A paragraph that begins a document: a salutation (``Dear Ron``, ``My dear Ron``), or one that
    holds furniture heading a document (``DOCUMENT_HEAD``). Page furniture (``SECRET``, ``- 2 -``)
    begins none: it stands on every page of a letter, its postscript's too.

    ``kinds`` are the tokens' furniture when the caller has them as a column (``infer`` asks
    after every paragraph a hand was inferred in: a loop over each word's furniture was a
    sixth of its time on a long typescript)."""
    if not DOCUMENT_HEAD.isdisjoint([t.furniture for t in tokens] if kinds is None else kinds):
        return True
    text = list(islice(filter(_is_text, tokens), 2))  # the first two words of text, not a list of every one
    return bool(text) and (text[0].key == "dear" or (len(text) == 2 and text[0].key == "my" and text[1].key == "dear"))


def _is_text(t: Token) -> bool:
    """The token is text of the message, not furniture."""
    return not t.furniture


def _with_changes(tokens: tuple[Token, ...], changed: dict[int, Token]) -> tuple[Token, ...]:
    """The tokens with those in ``changed`` (by index) replaced."""
    out = list(tokens)
    for i, t in changed.items():
        out[i] = t
    return tuple(out)


def _paragraphs(witness: Witness) -> tuple[list[int], dict[int, Sequence[int]]]:
    """The paragraph numbers in order, and each paragraph's token positions (furniture included): a
    range, or a list for a paragraph that comes back later.

    Found as runs of the paragraph column (``furniture.paragraphs``, kept with the witness), not by
    appending each word to its paragraph's list: a paragraph's tokens and columns are then slices
    (``_pick``), cut in C.
    """
    paras = paragraphs(witness)
    return sorted(paras), paras


def _pick(column: Sequence[T], ks: Sequence[int]) -> Sequence[T]:
    """The items of ``column`` at the positions ``ks`` (a range is cut as a slice)."""
    return column[ks.start : ks.stop] if isinstance(ks, range) else [column[k] for k in ks]


def _ends_sentence(t: Token) -> bool:
    """The word closes a sentence (``now.``, ``it?"``)."""
    return t.display.rstrip("\"')]").endswith((".", "?", "!"))


def _add_reason(reasons: dict[str, str], witness: Witness, where: str, reason: str) -> None:
    """Record ``reason`` for the paragraph at ``where``, after any reason it has already."""
    old = reasons.get(where) or witness.hands.get(where)
    reasons[where] = old if old and reason in old.split(", ") else f"{old}, {reason}" if old else reason


def _paragraph_line(tokens: Sequence[Token], k: int) -> int:
    """The line of the first word (not furniture) of token ``k``'s paragraph: where every rule files
    its reason, and where ``classify`` looks it up. Read by stepping back over the paragraph."""
    para, line = tokens[k].para, tokens[k].line
    while k > 0 and tokens[k - 1].para == para:
        k -= 1
        if not tokens[k].furniture:
            line = tokens[k].line
    return line


def _with_hands(witness: Witness, changed: dict[int, Token], reasons: dict[str, str]) -> Witness:
    """The witness with the ``changed`` tokens (by index) in place and the reasons added; itself when nothing changed."""
    if not changed:
        return witness
    return revised(witness, tokens=_with_changes(witness.tokens, changed), hands={**witness.hands, **reasons})


def _sentences(witness: Witness) -> list[list[Token]]:
    """The witness's tokens cut into sentences: after a sentence end, and at a paragraph break."""
    out: list[list[Token]] = []
    sentence: list[Token] = []
    for t in witness.tokens:
        if sentence and t.para != sentence[-1].para:
            out.append(sentence)
            sentence = []
        sentence.append(t)
        if _ends_sentence(t):
            out.append(sentence)
            sentence = []
    if sentence:
        out.append(sentence)
    return out


def _same_sentence(tokens: Sequence[Token], a: int, b: int) -> bool:
    """Do tokens ``a`` < ``b`` stand in one sentence, as ``_sentences`` cuts them? Read off the tokens
    from one to the other: none before ``b`` ends a sentence, and the paragraph does not change."""
    return (not any(_ends_sentence(tokens[x]) for x in range(a, b))
            and all(tokens[x].para == tokens[a].para for x in range(a + 1, b + 1)))


def _beside_registry(kinds_of: Sequence[Sequence[str | None]], is_furniture: Sequence[bool], n: int) -> bool:
    """Is the ``n``-th paragraph between two paragraphs of furniture, one at least not a page's running
    furniture (``PAGE_FURNITURE``)? ``kinds_of`` are each paragraph's furniture, ``is_furniture``
    whether it is all furniture; the document's edge is no furniture here."""
    if not (0 < n < len(kinds_of) - 1 and is_furniture[n - 1] and is_furniture[n + 1]):
        return False
    return not (PAGE_FURNITURE.issuperset(kinds_of[n - 1]) and PAGE_FURNITURE.issuperset(kinds_of[n + 1]))


def infer(witness: Witness) -> Witness:
    """Return the witness with unmarked manuscript paragraphs given layer ``hand``, inferred.

    The furniture and layers are read once, as columns, and each paragraph's as a slice of them
    (``_pick``): a paragraph of text with no furniture is its slice of the tokens, not a list made word by word.
    Each paragraph's furniture is sliced once, for whether it is all furniture and again for its words
    (it was sliced twice), and its tokens once, for ``begins_document`` and its text.
    """
    tokens = witness.tokens
    order, paras = _paragraphs(witness)
    furniture = [t.furniture for t in tokens]
    kinds_of = [_pick(furniture, paras[p]) for p in order]  # each paragraph's furniture, by its place in ``order``
    is_furniture = list(map(all, kinds_of))
    text_paras = [p for p, whole in zip(order, is_furniture) if not whole]
    if not text_paras:
        return witness
    layers = [t.layer for t in tokens]
    amended = layers.count("typed") != len(layers)
    text = witness.source.text
    long = sum(1 for p in text_paras if len(paras[p]) >= 25) >= max(1, len(text_paras) // 3)
    changed: dict[int, Token] = {}
    reasons: dict[str, str] = {}
    seen_closing = False
    prev_hand = False
    capitals: bool | None = None  # the typed text is in the machine's capitals: asked once, only if needed
    for n, (p, kinds) in enumerate(zip(order, kinds_of)):
        if is_furniture[n] and not (seen_closing or prev_hand):
            continue  # furniture, with no letter before it that it might end
        ks = paras[p]
        here = _pick(tokens, ks)
        if (seen_closing or prev_hand) and begins_document(here, kinds):
            seen_closing = prev_hand = False  # a new letter: no postscript to the last one, nor its hand going on
        if is_furniture[n]:
            continue
        if kinds.count(None) == len(kinds):  # no furniture in it (most paragraphs): its slices are its text
            toks, marks = here, _pick(layers, ks)
        else:
            toks = [t for t in here if not t.furniture]
            marks = [t.layer for t in toks]
        para = _new_paragraph(  # Paragraph's fields in order: tokens, before furniture, after a closing,
            toks,  # after a hand, long paragraphs, amended, beside registry furniture, text
            n == 0 or is_furniture[n - 1],
            seen_closing,
            prev_hand,
            long,
            amended,
            _beside_registry(kinds_of, is_furniture, n),
            text[toks[0].start : toks[-1].end] if amended else "",  # read by a rule of amended drafts alone
        )
        fired = [name for name, rule in RULES.items() if rule(para)] if "typed" in marks else []
        if fired:
            typed = [t for t in toks if t.layer == "typed"]
            if _in_capitals(typed):
                # A line in capitals on a page the teleprinter typed in capitals has the machine's
                # letters: where it stands is no evidence of a hand (a telegram's covering line
                # between its envelope and a classification line is typed).
                if capitals is None:
                    capitals = machine_capitals(tokens)
                if capitals:
                    fired = [name for name in fired if name not in BY_PLACE]
            if fired:
                changed.update(zip([t.i for t in typed], map(as_hand, typed)))
                reasons[f"line {toks[0].line}"] = ", ".join(fired)
        prev_hand = bool(fired) or "hand" in marks
        if is_closing(toks):
            seen_closing = True
    return _with_hands(witness, changed, reasons)


def from_damage(witness: Witness, damaged: set[int], odd: Collection[int] = frozenset()) -> Witness:
    """Infer the hand for sentences that hold OCR damage (``falle`` read for *falter*).

    ``damaged`` holds draft token indices that the alignment matched only as a
    damaged reading of a word in the other text; ``odd`` holds unmatched draft words
    used nowhere else in either text. A sentence is taken for manuscript when it has a
    damaged reading and one more such sign: one damaged word alone may as well be
    damage in the despatch (``falter`` against a despatched ``FAILTER``). Typed text survives OCR far
    better than handwriting, so a typed sentence with such a word in it is taken
    for manuscript; the sentence, not the whole paragraph, is marked.
    """
    if not damaged:
        return witness
    changed: dict[int, Token] = {}
    reasons: dict[str, str] = {}
    para_first: dict[int, int] = {}
    for t in witness.tokens:
        if not t.furniture:
            para_first.setdefault(t.para, t.line)

    for sentence in _sentences(witness):
        signs = sum(1 for t in sentence if t.i in damaged or t.i in odd)
        if signs >= 2 and any(t.i in damaged for t in sentence):
            typed = [t for t in sentence if t.layer == "typed" and not t.furniture]
            for t in typed:
                changed[t.i] = as_hand(t)
            if typed:
                _add_reason(reasons, witness, f"line {para_first[typed[0].para]}", OCR_DAMAGE)
    return _with_hands(witness, changed, reasons)


MAX_SWAP = 3
"""Most draft words in one swap: a misread word or two, not a rewritten phrase."""
MAX_BETWEEN = 6
"""Most words between two swaps of one misread rewrite."""


@dataclass(frozen=True, slots=True)
class Swap:
    """Draft words standing opposite other despatched words, between two in-order matches."""

    draft: tuple[int, ...]
    """The draft token indices, in order."""
    finals: int
    """How many despatched words stand opposite."""
    shared: bool = False
    """A draft word is also among the despatched words opposite, out of place
    (``have produced`` / ``THOUGHT TO HAVE FORSAKEN IT``): the words are there, misread around."""

    @property
    def word_for_word(self) -> bool:
        """As many words on each side (``that the`` / ``TRUE TO``): the shape of a misreading."""
        return len(self.draft) == self.finals


DETERMINERS = frozenset("a an the this these those our your their its my".split())
"""Words that cannot follow one another in an English sentence (``the our``): a sign of garbled text."""


def determiners_together(words: Sequence[str]) -> bool:
    """Two determiners in a row: English never writes them so, OCR of a hand often does.

    >>> determiners_together("so that the our commitment".split()), determiners_together("so that our".split())
    (True, False)
    """
    return any(a in DETERMINERS and b in DETERMINERS for a, b in zip(words, words[1:]))


def swaps(draft: Witness, final: Witness, alignment) -> list[Swap]:
    """The small substitutions between in-order matches, in draft order.

    Each is the run of unmatched draft words (typed, not struck, not furniture) between two
    matched words whose despatched partners have unmatched words between them too: at most
    ``MAX_SWAP`` words on the draft side and twice that on the despatch side, and no word
    that is an inflection of a word opposite (``proposals`` / ``proposal`` is a real change).
    """
    # A list made by a comprehension and sorted in place, and the set of finals made in C: sorting a
    # generator's pairs and a set comprehension cost a sixth more (21.7 k links at dec88x63).
    linked = [(l.draft, l.final) for l in alignment.links if l.relation != "moved"]
    linked.sort()
    fmap = set(map(itemgetter(1), linked))
    out: list[Swap] = []
    for (d0, f0), (d1, f1) in zip(linked, linked[1:]):
        if d1 - d0 < 2 or f1 - f0 < 2:
            continue
        ds = [t for t in draft.tokens[d0 + 1 : d1] if not t.furniture]
        fs = [t for t in final.tokens[f0 + 1 : f1] if not t.furniture and t.i not in fmap]
        if not ds or not fs or len(ds) > MAX_SWAP or len(fs) > 2 * MAX_SWAP:
            continue
        if any(t.layer != "typed" for t in ds):  # (no word between two neighbouring links is linked in place)
            continue
        if any(is_inflection(a.key, b.key) for a in ds for b in fs):
            continue
        opposite = {t.key for t in fs}
        out.append(Swap(tuple(t.i for t in ds), len(fs), any(t.key in opposite for t in ds)))
    return out


def from_rewrites(witness: Witness, found: Sequence[Swap]) -> Witness:
    r"""Infer the hand where a sentence holds two or more small swaps close together.

    A drafting change replaces a phrase once; a manuscript rewrite that the OCR half
    misread reads as the despatched clause with a word or two wrong here and there
    (``so that the our commitment would be have produced`` for *so true to our commitment
    would be thought to have forsaken it*). Two swaps or more (``swaps``) in one sentence,
    with at most ``MAX_BETWEEN`` words between one and the next and at least one of them
    word for word, mark the stretch from the first to the last as manuscript, inferred,
    with the reason ``misread-rewrite`` — but only with a sign that the text is garbled,
    since a typist's two one-word changes close together (*meeting in London* →
    *CONFERENCE IN GENEVA*) have the same shape: a swapped word that stands among the
    despatched words opposite, out of place (``have``), or two determiners in a row
    (``the our``).

    >>> from redline.api import compare_witnesses, load
    >>> c = compare_witnesses(load("d.txt", data=b"SECRET\n\nand we who have been so that the our commitment would be have produced. We hope so."),
    ...                       load("f.txt", data=b"AND WE WHO HAVE BEEN SO TRUE TO OUR COMMITMENT WOULD BE THOUGHT TO HAVE FORSAKEN IT. WE HOPE SO."))
    >>> " ".join(t.text for t in c.draft.tokens if t.inferred), c.draft.hands
    ('that the our commitment would be have produced.', {'line 3': 'misread-rewrite'})
    """
    if len(found) < 2:
        return witness
    changed: dict[int, Token] = {}
    reasons: dict[str, str] = {}
    ordered = sorted(found, key=lambda s: s.draft)
    start = 0
    for k in range(1, len(ordered) + 1):
        if k < len(ordered):
            prev, cur = ordered[k - 1].draft, ordered[k].draft
            if cur[0] - prev[-1] - 1 <= MAX_BETWEEN and _same_sentence(witness.tokens, prev[-1], cur[0]):
                continue
        group = ordered[start:k]
        start = k
        if len(group) < 2 or not any(s.word_for_word for s in group):
            continue
        first, last = group[0].draft[0], group[-1].draft[-1]
        stretch = [t.key for t in witness.tokens[first : last + 2] if not t.furniture]
        if not (any(s.shared for s in group) or determiners_together(stretch)):
            continue  # the shape of a misreading, but no sign of one: a typist's revision
        for t in witness.tokens[first : last + 1]:
            if t.layer == "typed" and not t.furniture:
                changed[t.i] = as_hand(t)
        _add_reason(reasons, witness, f"line {_paragraph_line(witness.tokens, first)}", MISREAD_REWRITE)
    return _with_hands(witness, changed, reasons)


NOTE_WORDS = 12
"""Most words in a garbled note (``from_garble``): a line or two of a hand, not a typed paragraph."""


def from_garble(witness: Witness, linked: Collection[int]) -> Witness:
    """Infer the hand for a short garbled paragraph that the OCR put after page furniture.

    Typed text survives OCR; a hand's note does not, and the OCR sets it where it
    found it, often at the head of a page. A paragraph of at most ``NOTE_WORDS`` words
    that stands right after furniture, holds a word no English lexicon knows
    (``thorow``: ``lexicon.non_word``; names and numbers are not judged), and has no
    word that reached the despatch is taken for manuscript, reason ``garbled-note`` —
    on a draft that shows manuscript elsewhere (marked, or inferred by another rule),
    since a clean typescript has no hand for a note to be in. ``linked`` holds the
    draft token indices that the alignment matched.
    """
    tokens = witness.tokens
    if not any(t.layer != "typed" for t in tokens):
        return witness
    order, paras = _paragraphs(witness)
    furniture = [t.furniture for t in tokens]  # each paragraph's words counted in C, in its slice of this column
    changed: dict[int, Token] = {}
    reasons: dict[str, str] = {}
    # Whether the paragraph before is all furniture, carried from its own count: each paragraph's
    # furniture is sliced and counted once (the one before a short paragraph was sliced again).
    all_furniture = False  # (nothing stands before the first)
    for p in order:
        count = _pick(furniture, paras[p]).count(None)  # its words (a reason is never empty)
        after, all_furniture = all_furniture, count == 0
        if not count or count > NOTE_WORDS or not after:
            continue
        words = [t for t in _pick(tokens, paras[p]) if not t.furniture]
        if any(t.i in linked for t in words) or not any(t.layer == "typed" for t in words):
            continue
        if not any(non_word(t.display.strip(".,;:!?\"'()[]")) for t in words):
            continue
        for t in words:
            if t.layer == "typed":
                changed[t.i] = as_hand(t)
        _add_reason(reasons, witness, f"line {words[0].line}", GARBLED_NOTE)
    return _with_hands(witness, changed, reasons)
