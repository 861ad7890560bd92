"""The library's front door: read two inputs, run the pipeline, return a ``Comparison``.

``compare`` is what the CLI and every renderer build on; it never prints.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from dataclasses import dataclass, field, fields, replace
from itertools import compress
from operator import attrgetter, itemgetter
from typing import Any, Iterator, Sequence, cast

from . import budget, evidence, furniture, hands, variants
from .align import AlignOptions, align
from .classify import classify
from .copies import Counts, copies_of, counted
from .model import KINDS, Alignment, Comparison, Edit, Link, Notice, Witness
from .parse import parse
from .errors import InputError, UsageError
from .gcpause import paused
from .read import byte_limit, is_tei, read_source


MAX_WORDS = 1_000_000
_RULE, _SECOND = attrgetter("rule"), itemgetter(1)


@dataclass(frozen=True, slots=True)
class Options:
    """Everything that changes a comparison. Defaults:

    strict=False: unbalanced markup is a warning, not an error.
    max_words=1_000_000: a longer selection is refused before it is parsed; a comparison holds
        every word of both sides with its offsets (about 2 KB a word in all), so a 25 MB file
        would need more memory than most machines have. It bounds the reading too: a file of
        more than 64 bytes a word (``read.byte_limit``: 64 MB at least) is refused as it is read.
    furniture=True: recognise page furniture and keep it out of the edits.
    infer_hands=True: infer unmarked handwriting on the draft.
    align=AlignOptions(): moves, variants and their thresholds.
    markup="auto": how each input's marks are read. ``auto``: TEI P5 when the file is TEI, else the
        transcription marks when at least one span of them pairs, else plain text (see
        ``parse.reading``). ``marks``: the transcription marks always; ``tei``: TEI P5 always (a file
        that is not XML is an error); ``none``: every character is text.
    pause_gc=False: pause Python's cyclic garbage collector during the comparison (``_gc_paused``).
        It saves a fifth of the time on a long text, but it touches the whole process (it moves
        the result to the oldest generation), so a library caller opts in; the CLI does. It changes
        no result, and is left out of the options' ``repr`` and equality (a batch's resume keys).
    timeout=None: no time budget. Seconds: a comparison still running after that long stops with
        ``budget.TimeBudgetExceeded`` (a ``RedlineError``); the CLI's compare, report and cite set 600.
        The long stages check it as they go (``budget.check``), so the stop comes within a fraction
        of a second of the deadline, never mid-way through a result.
    """

    strict: bool = False
    max_words: int = MAX_WORDS
    furniture: bool = True
    infer_hands: bool = True
    align: AlignOptions = AlignOptions()
    markup: str = "auto"
    pause_gc: bool = field(default=False, repr=False, compare=False)
    timeout: float | None = None

    def __post_init__(self) -> None:
        if self.markup not in MARKUPS:
            raise UsageError(f"unknown markup {self.markup!r}: choose one of {', '.join(MARKUPS)}")
        if self.timeout is not None and not self.timeout > 0:
            raise UsageError(f"the time budget must be more than 0 seconds, not {self.timeout}")


MARKUPS = ("auto", "marks", "tei", "none")
"""The ways an input's markup may be read (``Options.markup``)."""


def read_as_tei(text: str, options: Options) -> bool:
    """Is an input with this text read as TEI under ``options``?"""
    return options.markup == "tei" or (options.markup == "auto" and is_tei(text))


@contextlib.contextmanager
def _gc_paused(on: bool = True) -> Iterator[None]:
    """With ``on``, run the block with the cyclic garbage collector paused (and restored after, even
    on error); without it, do nothing. ``Options.pause_gc`` says which: off for a library caller,
    on for the CLI.

    A comparison allocates hundreds of thousands of small objects (tokens, steps,
    links) that reference counting frees; they hold no cycles worth collecting. The
    collector cannot know that: every 700 allocations it scans the young objects,
    and now and then the whole heap, so on a long text a fifth of the time went to
    collections that found next to nothing. Nested calls leave the pause to the
    outermost; a caller that disabled the collector itself keeps it disabled.

    At the end, what the comparison made and keeps (the result, half a million
    objects at 250 k words) would all be young: the first allocation after the pause
    would scan every one of them, 0.15 s at 250 k words. So they are moved straight
    to the old generation (``gc.freeze`` then ``gc.unfreeze``), where the next full
    collection looks at them as at any long-lived object, and any cyclic garbage
    among them is collected then. The caller's young and middle-aged objects are
    collected first (``gc.collect(1)``, a few thousand objects), so that only the
    comparison's are moved: cyclic garbage the caller made (a rendered template)
    is not aged with them, and a loop of comparisons and reports keeps a flat heap.
    This is skipped when objects are frozen already (a server freezes its heap
    before it forks): they stay frozen.

    That last step is why the pause is the caller's choice: it ages every object the process
    holds at that moment, not only the comparison's.
    """
    if not on:
        yield
        return
    with paused(collect_first=True):  # the caller's young and middle-aged objects collected first; the result promoted
        yield


def load(spec: str, label: str | None = None, options: Options = Options(), data: bytes | None = None) -> Witness:
    """Read and parse one input (a path, ``-``, or ``PATH:FIRST-LAST``): TEI P5 XML, marked-up or plain
    text, as ``options.markup`` says; an HTML file (with ``markup="auto"``) with its ``<del>``/``<ins>``;
    a Word document with its tracked changes (``docx``). The witness's first notice says which
    (``markup: …``). A PDF or RTF file is refused with the command that extracts its text."""
    with _gc_paused(options.pause_gc):
        return _load(spec, label, options, data)


BYTES_A_WORD = 3 * 1024
"""Memory a comparison needs for each word of one side, both sides and the result together: measured
peaks are 0.6-0.9 KB a word of the two sides for ``compare`` (1.3 GB for two unrelated texts of 1 M
words each) and several times that for an HTML report; 3 KB a word of one side covers both."""


def available_memory() -> int | None:
    """The memory the machine has free for a new process (Linux ``MemAvailable``), or None when unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _load(spec: str, label: str | None, options: Options, data: bytes | None) -> Witness:
    source, notices = read_source(spec, label, data, byte_limit(options.max_words))
    # A word and the space after it take two characters at least, so a selection of at most twice
    # the limit cannot exceed it and is not counted. Else ``str.split`` cuts at exactly the characters
    # ``\s`` matches (``str.isspace``): it counts the ``\S+`` words, four times faster than ``findall``.
    size = source.end - source.start
    words = 0 if size <= 2 * options.max_words else len(source.text[source.start : source.end].split())
    if words > options.max_words:
        raise InputError(
            f"{source.spec}: {words:,} words, more than redline compares at once ({options.max_words:,}); "
            "pick a part with PATH:FIRST-LAST, or raise the limit with --max-words"
        )
    need = BYTES_A_WORD * (words or size // 6)  # six characters a word, as English prose runs, when not counted
    free = available_memory()
    if free is not None and need > free:
        raise InputError(
            f"{source.spec}: comparing {words or size // 6:,} words needs about {need / 2**30:.1f} GiB of memory "
            f"and this machine has {free / 2**30:.1f} GiB free; pick a part with PATH:FIRST-LAST"
        )
    if source.format == "docx":  # its layers are the document's tracked changes; no markup dialect to read
        from .docx import witness as docx_witness  # lxml only for a Word document

        witness = docx_witness(source)
    elif source.format == "html" and options.markup == "auto":
        from .htmlread import parse_html

        witness = parse_html(source)
    elif read_as_tei(source.text, options):
        from .teiread import parse_tei

        try:
            witness = parse_tei(source)
        except InputError as exc:
            if is_tei(source.text):
                raise
            raise InputError(f"{exc} (read as TEI because of --markup tei)") from None
        forced = " (--markup tei)" if options.markup == "tei" else ""
        witness = replace(witness, notices=(Notice(source.path, source.first, 1, f"markup: TEI P5{forced}"), *witness.notices))
    else:
        witness = parse(source, strict=options.strict, markup=options.markup)
    return replace(witness, notices=(*notices, *witness.notices))


def prepare(draft: Witness, final: Witness, options: Options = Options()) -> tuple[Witness, Witness]:
    """Mark furniture and infer hands: the witness-level stages before alignment."""
    return _prepare(draft, final, options)[:2]


def _prepare(draft: Witness, final: Witness, options: Options) -> tuple[Witness, Witness, evidence.Evidence]:
    """``prepare``, and the ``evidence`` of the prepared draft's tokens, which ``_aligned`` reads too.

    The evidence read to decide on stamps and hands is the prepared draft's as well: a stamp is no
    evidence (``evidence.TYPESCRIPT_FURNITURE``), nor is an inferred hand (only a marked one), and
    neither changes a word's line or display. So it is not read again (``evidence.of`` reads every
    token: 13 ms at 150 k words, 60-80 ms at dec88x1105's 550 k-word draft).
    """
    if options.furniture:
        draft, final = furniture.mark(draft, "draft"), furniture.mark(final, "final")
        ev_d, ev_f = evidence.of(draft.tokens), evidence.of(final.tokens)
        draft, final = furniture.unshared(draft, final, ev_d.archival), furniture.unshared(final, draft, ev_f.archival)
    else:
        ev_d = evidence.of(draft.tokens)
    if _may_infer_hands(draft, options, ev_d):
        draft = hands.infer(draft)
    return draft, final, ev_d


def _may_infer_hands(draft: Witness, options: Options, ev: evidence.Evidence) -> bool:
    """Infer hands on this draft? Not when asked not to, not on TEI (a TEI transcription declares
    its hands; nothing is left to infer; nor on a Word document), and not without ``evidence`` that the draft transcribes a
    document a hand worked on: a printed book or its OCR has no hand to find."""
    return options.infer_hands and not _declares_hands(draft, options) and ev.hands_possible


def _declares_hands(w: Witness, options: Options) -> bool:
    """Does the input say itself whose each word is: TEI (its hands) or a Word document (typed, and its
    revisions' authors)? Then no hand is inferred on it."""
    return w.source.format == "docx" or read_as_tei(w.source.text, options)


def _hands_notice(draft: Witness, options: Options, ev: evidence.Evidence) -> Witness:
    """Say on what evidence hands were inferred, or why none was looked for."""
    if not options.infer_hands or _declares_hands(draft, options):
        return draft
    src = draft.source
    if not ev.hands_possible:
        message = ("note: no handwriting inferred: nothing shows a typescript a hand worked on (no handwriting "
                   "marked in the transcription, no classification line, envelope or serial)")
    elif draft.hands:
        message = f"note: handwriting inferred on the evidence of {ev.said()}"
    else:  # looked for, and none found: said too, so that a reader knows it was looked for
        message = f"note: no handwriting inferred: looked for on the evidence of {ev.said()}, and no paragraph showed a hand's signs"
    return furniture.revised(draft, notices=(*draft.notices, Notice(src.path, src.first, 1, message)))


def compare_witnesses(draft: Witness, final: Witness, options: Options = Options()) -> Comparison:
    """Compare two parsed witnesses (within ``options.timeout`` seconds, when set)."""
    with _gc_paused(options.pause_gc), budget.limit(options.timeout, f"{draft.source.spec} with {final.source.spec}"):
        return _compare_witnesses(draft, final, options)


def _compare_witnesses(draft: Witness, final: Witness, options: Options) -> Comparison:
    draft, final, alignment, dmap = _aligned(draft, final, options)
    edits = classify(draft, final, alignment, dmap)
    return Comparison(draft, final, alignment, edits, stats(draft, final, alignment, edits, dmap))


def aligned_witnesses(draft: Witness, final: Witness, options: Options = Options()) -> tuple[Witness, Witness, Alignment]:
    """The two witnesses as ``compare_witnesses`` prepares them and their alignment, without the edits:
    for a caller that needs only the links (``collate`` refining its table by two other witnesses)."""
    with _gc_paused(options.pause_gc), budget.limit(options.timeout, f"{draft.source.spec} with {final.source.spec}"):
        return _aligned(draft, final, options)[:3]


def _aligned(draft: Witness, final: Witness, options: Options) -> tuple[Witness, Witness, Alignment, dict[int, Link]]:
    # ``ev``: the evidence of the prepared draft's tokens. The hands inferred so far are no
    # evidence: only marks and furniture count.
    draft, final, ev = _prepare(draft, final, options)
    accented = (_writes_accents(draft), _writes_accents(final))
    if accented != options.align.accented:
        options = replace(options, align=replace(options.align, accented=accented))
    alignment = align(draft, final, options.align)
    dmap = alignment.draft_map()  # built once per alignment, shared by the stages below
    if _may_infer_hands(draft, options, ev):
        # OCR damage, swaps that read as a misread rewrite, and garbled notes are evidence of a hand;
        # with the hand known, its misreadings align better.
        read_as_damage = compress(alignment.links, map("ocr-similar".__eq__, map(_RULE, alignment.links)))  # in C: few are
        damaged = {l.draft for l in read_as_damage if draft.tokens[l.draft].layer == "typed"}
        hinted = draft
        if damaged:  # without a damaged word from_damage changes nothing: the odd words need not be counted
            hinted = hands.from_damage(draft, damaged, _odd(draft, final, dmap))
        hinted = hands.from_rewrites(hinted, hands.swaps(draft, final, alignment))
        hinted = hands.from_garble(hinted, dmap.keys())
        if hinted is not draft:
            draft, alignment = hinted, align(hinted, final, options.align)
            dmap = alignment.draft_map()
    seen = options.align.variants and not options.align.ocr_text and _ocr_text(draft, final, alignment)
    if seen:
        # The texts are OCR of print: read a real word for a real word by the table too (``variants.OCR_TEXT``),
        # by the confusions they were seen to make.
        alignment = align(draft, final, replace(options.align, ocr_text=seen))
        dmap = alignment.draft_map()
        src = final.source
        found = sum(1 for link in alignment.links if link.rule == "ocr-confusion")
        note = Notice(src.path, src.first, 1, f"note: the texts read as OCR of print ({found} misreadings of the kinds "
                      "OCR makes); a word that differs from its partner only so is a variant even where both are "
                      f"words (confidence {variants.WORD_FOR_WORD})")
        final = furniture.revised(final, notices=(*final.notices, note))
    if "+banded" in alignment.method:  # a coarser alignment than one exact diff: say so (the CLI prints notices)
        src = final.source
        note = Notice(src.path, src.first, 1, f"warning: the texts are too long and too different for one exact diff; aligned in bands (method {alignment.method})")
        final = furniture.revised(final, notices=(*final.notices, note))
    draft = _hands_notice(draft, options, ev)
    draft, final = _copies_notice(draft, final)
    return draft, final, alignment, dmap


_COPY_WORDS = 12
"""Fewest words a copy of a message holds, for ``_copies_notice`` to count it (a sentence, a salutation and a closing)."""


def _copies_notice(draft: Witness, final: Witness) -> tuple[Witness, Witness]:
    """Say so when one file holds more copies of the message than the other (``copies_of``).

    Copies are read copy against copy only when the two files hold as many; otherwise each file is
    compared whole, and the words of a copy that the other file lacks come out as dropped or added at
    despatch, which is true of the files but not of the message. The note on the side with more copies
    names the line each further copy begins on, so that a reader can compare one copy with a range.
    """
    ns = [copies_of(w) for w in (draft, final)]
    if not any(n and n[-1] for n in ns):
        return draft, final  # one copy a side, as almost always (copy numbers never go down): nothing counted
    # A copy of a message holds a sentence or more: a signature with a closing BT after it is the end of one
    # telegram, not a second (``copy_numbers`` may begin a copy there; the alignment's counting is no worse for it).
    sizes = [Counter(n) for n in ns]
    counts = [sum(1 for words in size.values() if words >= _COPY_WORDS) for size in sizes]
    if counts[0] == counts[1] or max(counts) < 2:
        return draft, final
    more = 0 if counts[0] > counts[1] else 1
    w, numbers, size = (draft, final)[more], ns[more], sizes[more]
    content = furniture.content(w)
    starts = [content[k].line for k in range(1, len(numbers))
              if numbers[k] != numbers[k - 1] and size[numbers[k]] >= _COPY_WORDS]
    src = w.source
    where = ", ".join(f"l. {line}" for line in starts)
    message = (f"note: the {('draft', 'despatch')[more]} holds {counts[more]} copies of a message (a further copy begins at "
               f"{where}) and the {('despatch', 'draft')[more]} {counts[1 - more]}: the files are compared whole, so a copy "
               "the other lacks reads as dropped or added; compare one copy as a range (FILE:FIRST-LAST)")
    w = furniture.revised(w, notices=(*w.notices, Notice(src.path, src.first, 1, message)))
    return (w, final) if more == 0 else (draft, w)


def _writes_accents(w: Witness) -> bool:
    """Does the witness write an accented (not ASCII) letter in a word that is not furniture? A telegram or a
    teleprinter's copy writes none, so *ETE* for *été* there is a letter it had not (``variants.diacritics``)."""
    if w.source.text.isascii():
        return False
    return any(not t.text.isascii() and any(ch.isalpha() and not ch.isascii() for ch in t.text) for t in furniture.content(w))


def _ocr_text(draft: Witness, final: Witness, alignment: Alignment) -> frozenset[str]:
    """The confusions of the table the texts show in misreadings, when they show print OCR's misreadings
    in numbers (``variants.OCR_TEXT``), each either way round (``h/b`` and ``b/h``); else none.

    Counted per kind: a text whose only misreadings are the long s read as ``f`` licenses no other
    confusion between two real words (``variants.WORD_FOR_WORD``)."""
    least, share = variants.OCR_TEXT
    # Counted in C (``list.count``) over columns a comprehension makes: a comprehension reads a
    # slot faster than ``map`` of an ``attrgetter`` (146 k links: 3.4 against 5.9 ms).
    found = [link.rule for link in alignment.links].count("ocr-confusion")
    if found < least:
        return frozenset()
    words = min(len(furniture.content(w)) for w in (draft, final))
    if found < share * words:
        return frozenset()
    names: set[str] = set()
    d_tok, f_tok = draft.tokens, final.tokens
    for link in alignment.links:
        if link.rule == "ocr-confusion":
            for name in variants.named_confusions(d_tok[link.draft].key, f_tok[link.final].key):
                seen, meant = name.split("/", 1)
                names.update((name, f"{meant}/{seen}"))
    return frozenset(names)


def _odd(draft: Witness, final: Witness, linked: dict[int, Link]) -> set[int]:
    """Unmatched draft words (not furniture) whose key occurs once in both texts together, or,
    when both hold copies of a message that correspond, once in the word's copy on both sides
    (see ``copies``).

    ``linked`` is the alignment's ``draft_map()``: draft token index -> its link.
    """
    d_tok, f_tok = furniture.content(draft), furniture.content(final)
    whole = Counter(t.key for t in draft.tokens), Counter(t.key for t in final.tokens)  # furniture too
    keys_d, keys_f = [t.key for t in d_tok], [t.key for t in f_tok]
    copy_d = copies_of(draft)
    counts = Counts.whole(keys_d, keys_f, whole)
    if copy_d and copy_d[-1] > 0:
        at_d = {t.i: x for x, t in enumerate(d_tok)}
        at_f = {t.i: y for y, t in enumerate(f_tok)}
        matches = sorted(((at_d[i], at_f[link.final], 1) for i, link in linked.items() if link.final in at_f), key=_SECOND)
        counts = counted(keys_d, keys_f, copy_d, copies_of(final), matches, whole)
    return {t.i for t, c in zip(d_tok, counts.copy_d) if t.i not in linked and counts.both[c][t.key] == 1}


def compare(
    draft: str,
    final: str,
    options: Options = Options(),
    draft_label: str | None = None,
    final_label: str | None = None,
) -> Comparison:
    """Compare two inputs named as paths, ``-`` or ``PATH:FIRST-LAST``.

    >>> c = compare("samples/002_6107bf163eec2d22.txt:1-33", "samples/002_6107bf163eec2d22.txt:55-77")
    >>> [(str(e.kind), e.detail["change"]) for e in c.edits]  # two copies: one paragraph of the one is two in the other
    [('paragraph', 'join')]
    """
    with _gc_paused(options.pause_gc), budget.limit(options.timeout, f"{draft} with {final}"):  # reading counts too
        return compare_witnesses(load(draft, draft_label, options), load(final, final_label, options), options)


TEXT_PATHS = ("<draft>", "<final>")
"""The names ``compare_texts`` gives its two strings where a path would stand (notices, JSON ``path``)."""


def compare_texts(
    draft: str,
    final: str,
    *,
    draft_label: str | None = None,
    final_label: str | None = None,
    options: Options = Options(),
    **option_overrides: object,
) -> Comparison:
    """Compare two texts held as strings (no files): the draft, then the despatched text.

    Options are an ``Options``, or its fields by name (``markup="none"``), or both (the names win).
    Offsets index into the strings as given; the path in notices and JSON is ``<draft>``/``<final>``.

    >>> c = compare_texts("we ~~can no longer delay~~ <sup>shall have to reach</sup> a decision",
    ...                   "we shall have to reach a decision")
    >>> [(str(e.kind), e.draft.text) for e in c.edits]
    [('substituted', 'can no longer delay shall have to reach')]
    >>> compare_texts("a b", "a c", markup="none").stats["edits"]
    1
    >>> compare_texts(b"a b", "a c")
    Traceback (most recent call last):
    TypeError: compare_texts: the draft must be a str, not bytes; decode it first (data.decode("utf-8")), or give a path to redline.compare
    """
    for side, value in (("draft", draft), ("final", final)):
        if not isinstance(value, str):
            hint = ('; decode it first (data.decode("utf-8")), or give a path to redline.compare'
                    if isinstance(value, (bytes, bytearray)) else "; pass the text itself (a path goes to redline.compare)")
            raise TypeError(f"compare_texts: the {side} must be a str, not {type(value).__name__}{hint}")
    if option_overrides:
        known = {f.name for f in fields(Options)}
        unknown = sorted(set(option_overrides) - known)
        if unknown:
            raise TypeError(f"compare_texts: unknown option {unknown[0]!r}: choose from {', '.join(sorted(known))}")
        options = replace(options, **cast(dict[str, Any], option_overrides))  # each checked by name above
    # Encoded so that reading, sniffing and decoding are the ones a file gets; a lone surrogate
    # (which no file can hold) becomes ``?``, one character for one, so offsets still index ``draft``.
    data = [text.encode("utf-8", "replace") for text in (draft, final)]
    with _gc_paused(options.pause_gc), budget.limit(options.timeout, "the two texts"):
        return compare_witnesses(load(TEXT_PATHS[0], draft_label, options, data[0]),
                                 load(TEXT_PATHS[1], final_label, options, data[1]), options)


def stats(draft: Witness, final: Witness, alignment: Alignment, edits: Sequence[Edit],
          dmap: dict[int, Link] | None = None) -> dict[str, object]:
    """Counts by kind, stage and rule, and how much of the draft reached the despatch.

    ``dmap`` is ``alignment.draft_map()`` when the caller already has it.
    """
    by_kind: Counter[str] = Counter(e.kind for e in edits)
    content = furniture.content(draft)
    amended = [t.i for t in content if t.layer != "struck"]
    if dmap is None:
        dmap = alignment.draft_map()
    # The amended draft's links, looked up in C (``map`` of ``dict.get``), their relations counted in C:
    # no set of the equal links (146 k at 150 k words) to test the words against.
    verbatim = [link.relation for link in map(dmap.get, amended) if link is not None].count("equal")
    final_furniture = len(final.tokens) - len(furniture.content(final))
    out: dict[str, object] = {k: by_kind.get(k, 0) for k in KINDS}
    out.update(
        edits=len(edits),
        by_stage=dict(sorted(Counter(e.stage for e in edits).items())),
        by_rule=dict(sorted(Counter(e.rule for e in edits).items())),
        words={
            "draft": len(content),
            "final": len(final.tokens) - final_furniture,
            "furniture": {"draft": len(draft.tokens) - len(content), "final": final_furniture},
        },
        verbatim_share=round(verbatim / len(amended), 4) if amended else None,  # None: no words to share
        insertions_adopted=sum(1 for e in edits if e.rule in ("insertion-carried", "hand-carried") or (e.rule == "struck-and-replaced" and e.carried)),
        strikes_restored=sum(1 for e in edits if e.rule == "struck-restored"),
        method=alignment.method,
    )
    return out
