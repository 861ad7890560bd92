"""The library's front door: read two inputs, run the pipeline, return a ``Comparison``.

``compare`` is what the CLI and every renderer build on; it never prints.
"""

from __future__ import annotations

import functools
import gc
from collections import Counter
from dataclasses import dataclass, replace
from itertools import compress
from operator import attrgetter, itemgetter

from . import budget, evidence, furniture, hands
from .align import AlignOptions, align
from .classify import classify
from .copies import Counts, copy_numbers, counted
from .model import KINDS, Comparison, Notice, Witness
from .parse import parse
from .errors import InputError, UsageError
from .read import byte_limit, read_source
from .teiread import is_tei, parse_tei


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


def _gc_paused(fn):
    """Run ``fn`` with the cyclic garbage collector paused (and restored after, even on error).

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
    """

    @functools.wraps(fn)
    def paused(*args, **kwargs):
        if not gc.isenabled():
            return fn(*args, **kwargs)
        gc.collect(1)  # the caller's young and middle-aged objects: so that only the comparison's are promoted below
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if gc.get_freeze_count() == 0:  # nobody has frozen objects (a server before it forks)
                gc.freeze()
                gc.unfreeze()
            gc.enable()

    return paused


@_gc_paused
def load(spec: str, label: str | None = None, options: Options = Options(), data: bytes | None = None) -> Witness:
    """Read and parse one input (a path, ``-``, or ``PATH:FIRST-LAST``): TEI P5 XML, marked-up or plain
    text, as ``options.markup`` says; the witness's first notice says which (``markup: …``)."""
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
    if read_as_tei(source.text, options):
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
    if options.furniture:
        draft, final = furniture.mark(draft, "draft"), furniture.mark(final, "final")
        draft, final = furniture.unshared(draft, final), furniture.unshared(final, draft)
    if _may_infer_hands(draft, options):
        draft = hands.infer(draft)
    return draft, final


def _may_infer_hands(draft: Witness, options: Options) -> bool:
    """Infer hands on this draft? Not when asked not to, not on TEI (a TEI transcription declares
    its hands; nothing is left to infer), and not without ``evidence`` that the draft transcribes a
    document a hand worked on: a printed book or its OCR has no hand to find."""
    return options.infer_hands and not read_as_tei(draft.source.text, options) and evidence.of(draft.tokens).hands_possible


def _hands_notice(draft: Witness, options: Options) -> Witness:
    """Say on what evidence hands were inferred, or why none was looked for."""
    if not options.infer_hands or read_as_tei(draft.source.text, options):
        return draft
    ev = evidence.of(draft.tokens)
    src = draft.source
    if not ev.hands_possible:
        message = ("note: no handwriting inferred: nothing shows a typescript a hand worked on (no handwriting "
                   "marked in the transcription, no classification line, envelope or serial)")
    elif draft.hands:
        message = f"note: handwriting inferred on the evidence of {ev.said()}"
    else:
        return draft
    return replace(draft, notices=(*draft.notices, Notice(src.path, src.first, 1, message)))


@_gc_paused
def compare_witnesses(draft: Witness, final: Witness, options: Options = Options()) -> Comparison:
    """Compare two parsed witnesses (within ``options.timeout`` seconds, when set)."""
    with budget.limit(options.timeout, f"{draft.source.spec} with {final.source.spec}"):
        return _compare_witnesses(draft, final, options)


def _compare_witnesses(draft: Witness, final: Witness, options: Options) -> Comparison:
    draft, final = prepare(draft, final, options)
    alignment = align(draft, final, options.align)
    dmap = alignment.draft_map()  # built once per alignment, shared by the stages below
    if _may_infer_hands(draft, options):
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
    if "+banded" in alignment.method:  # a coarser alignment than one exact diff: say so (the CLI prints notices)
        src = final.source
        note = Notice(src.path, src.first, 1, f"warning: the texts are too long and too different for one exact diff; aligned in bands (method {alignment.method})")
        final = replace(final, notices=(*final.notices, note))
    draft = _hands_notice(draft, options)
    edits = classify(draft, final, alignment, dmap)
    return Comparison(draft, final, alignment, edits, stats(draft, final, alignment, edits, dmap))


def _odd(draft: Witness, final: Witness, linked: dict) -> set[int]:
    """Unmatched draft words (not furniture) whose key occurs once in both texts together, or,
    when both hold copies of a message that correspond, once in the word's copy on both sides
    (see ``copies``).

    ``linked`` is the alignment's ``draft_map()``: draft token index -> its link.
    """
    d_tok = [t for t in draft.tokens if not t.furniture]
    f_tok = [t for t in final.tokens if not t.furniture]
    whole = Counter(t.key for t in draft.tokens), Counter(t.key for t in final.tokens)  # furniture too
    keys_d, keys_f = [t.key for t in d_tok], [t.key for t in f_tok]
    copy_d = copy_numbers(draft.tokens)
    counts = Counts.whole(keys_d, keys_f, whole)
    if copy_d and copy_d[-1] > 0:
        at_d = {t.i: x for x, t in enumerate(d_tok)}
        at_f = {t.i: y for y, t in enumerate(f_tok)}
        matches = sorted(((at_d[i], at_f[link.final], 1) for i, link in linked.items() if link.final in at_f), key=_SECOND)
        counts = counted(keys_d, keys_f, copy_d, copy_numbers(final.tokens), matches, whole)
    return {t.i for t, c in zip(d_tok, counts.copy_d) if t.i not in linked and counts.both[c][t.key] == 1}


@_gc_paused
def compare(
    draft: str,
    final: str,
    options: Options = Options(),
    draft_label: str | None = None,
    final_label: str | None = None,
) -> Comparison:
    """Compare two inputs named as paths, ``-`` or ``PATH:FIRST-LAST``.

    >>> c = compare("samples/002_6107bf163eec2d22.txt:1-33", "samples/002_6107bf163eec2d22.txt:55-77")
    >>> [e.kind for e in c.edits]
    []
    """
    with budget.limit(options.timeout, f"{draft} with {final}"):  # the reading and parsing count too
        return compare_witnesses(load(draft, draft_label, options), load(final, final_label, options), options)


def stats(draft: Witness, final: Witness, alignment, edits, dmap=None) -> dict[str, object]:
    """Counts by kind, stage and rule, and how much of the draft reached the despatch.

    ``dmap`` is ``alignment.draft_map()`` when the caller already has it.
    """
    by_kind = Counter(e.kind for e in edits)
    content = [t for t in draft.tokens if not t.furniture]
    amended = [t for t in content if t.layer != "struck"]
    if dmap is None:
        dmap = alignment.draft_map()
    equal = {i for i, link in dmap.items() if link.relation == "equal"}
    verbatim = sum(map(equal.__contains__, [t.i for t in amended]))  # counted in C
    final_furniture = sum(1 for t in final.tokens if t.furniture)
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
