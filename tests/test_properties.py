"""Property tests (hypothesis) for the invariants every comparison must keep, whatever the input.

- identical inputs give no edits;
- the tokens rebuild each input exactly from their offsets, and no word is lost;
- the despatched text's words are recovered from the alignment plus the edits;
- random markup, balanced or not, never raises.
"""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redline.api import Options, compare_witnesses, load
from redline.model import Comparison, Witness, gapped
from redline.normalize import key
from redline.parse import parse
from redline.read import read_source
from redline.render.json import render as render_json

# REDLINE_EXAMPLES=2000 runs a longer search (the default keeps this file to a few seconds).
SCALE = int(os.environ.get("REDLINE_EXAMPLES", "0")) or None
FAST = settings(max_examples=SCALE or 120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=SCALE or 60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

VOCAB = [
    "the", "The", "THE", "Ron", "message", "MESSAGE", "Moscow", "conference,", "rights.", "we", "We",
    "UNDER-", "STAND", "back-sliding", "Minister’s", "MINISTER'S", "“Dear", "&", "and", "1988", "T", "192A/88",
    "-", "2", "--", "café", "ﬁnal", "[DRAFT", "MESSAGE]", "(Moscow)", "Yours", "SECRET", "No.", "Mr",
]
MARKS = ["~~", "<sup>", "</sup>", "*", "**", "## ", "[", "]", "~", "<", "#", "<SUP>", "< sup>"]
SEPS = [" ", " ", " ", "", "\n", "  \n", "\n\n", "\t", "\r\n", "   "]

word = st.sampled_from(VOCAB)
piece = st.one_of(word, word, word, st.sampled_from(MARKS), st.text(alphabet="abcXYZ09*~<>/#&-.,'’ ", min_size=1, max_size=4))
texts = st.lists(st.tuples(piece, st.sampled_from(SEPS)), min_size=1, max_size=40).map(
    lambda parts: "".join(p + s for p, s in parts)
)
plain_texts = st.lists(st.tuples(word, st.sampled_from([" ", " ", "\n", "  \n", "\n\n"])), min_size=1, max_size=40).map(
    lambda parts: "".join(p + s for p, s in parts)
)


def has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in re.sub(r"</?sup\s*>", "", text, flags=re.I))


def witness(text: str, name: str = "doc.txt", options: Options = Options()) -> Witness:
    return load(name, options=options, data=text.encode("utf-8"))


def run(draft: str, final: str, options: Options = Options()) -> Comparison:
    return compare_witnesses(witness(draft, "draft.txt", options), witness(final, "final.txt", options), options)


# --- identical inputs ---------------------------------------------------------------------------


@FAST
@given(texts)
def test_identical_inputs_align_word_for_word_and_only_the_pages_marks_are_edits(text):
    if not has_words(text):
        return
    # Marked handwriting on a despatched copy is read as a registry note (furniture), and hands are
    # inferred on a draft only: with both off, the two sides are the same witness.
    c = run(text, text, Options(infer_hands=False, furniture=False))
    dmap = c.alignment.draft_map()
    assert len(c.draft.tokens) == len(c.final.tokens)
    for t in c.draft.tokens:
        assert t.i in dmap and dmap[t.i].final == t.i and dmap[t.i].relation == "equal", t
    for e in c.edits:
        # A page edit (a strike, an insertion, a hand) is still visible on the page; nothing else may differ.
        assert e.stage == "draft" and e.evidence == "marked", e
    if all(t.layer == "typed" for t in c.draft.tokens):
        assert c.edits == ()


@FAST
@given(plain_texts)
def test_identical_unmarked_texts_give_no_edits(text):
    c = run(text, text)
    assert c.edits == ()
    assert all(c.stats[k] == 0 for k in ("struck", "inserted", "handwritten", "substituted", "moved", "variant"))
    assert all(t.layer == "typed" and not t.inferred for t in c.draft.tokens)


@pytest.mark.parametrize("text", ["we shall have to reach\n", "a b c\n", "Dear Ron,\n\nactually implemented after negotiations\n",
                                  "With warm regards & very good wishes.\n", "the &\n"])
def test_a_text_compared_with_itself_has_no_edits(text):
    # Regression: hand inference once read a short lower-case paragraph, or one with '&', as
    # handwriting on an unamended draft and reported a 'handwritten' edit.
    assert run(text, text).edits == ()


# --- tokens rebuild the input ---------------------------------------------------------------------


@FAST
@given(texts, st.sampled_from(["\n", "\r\n"]))
def test_tokens_are_exact_slices_in_order_and_no_word_is_lost(body, eol):
    text = f"header line{eol}{body}{eol}footer line{eol}"
    if not has_words(body):
        return
    last = 1 + len(re.split(r"\r\n|\r|\n", body))
    source, _ = read_source(f"doc.txt:2-{last}", data=text.encode("utf-8"))
    region = range(len(f"header line{eol}"), len(f"header line{eol}{body}{eol}"))
    assert (source.start, source.end) == (region.start, region.stop)
    w = parse(source)
    prev_end = 0
    covered = [False] * len(text)
    for n, t in enumerate(w.tokens):
        assert t.i == n
        assert text[t.start : t.end] == t.text
        assert t.start >= prev_end and t.end > t.start
        assert t.key == key(t.text) and t.key
        line = text.count("\n", 0, t.start) + 1
        col = t.start - (text.rfind("\n", 0, t.start) + 1) + 1
        assert (t.line, t.col) == (line, col)
        prev_end = t.end
        for k in range(t.start, t.end):
            covered[k] = True
    markup = [False] * len(text)
    for m in re.finditer(r"</?sup\s*>", text, flags=re.I):
        for k in range(m.start(), m.end()):
            markup[k] = True
    assert all(region.start <= t.start and t.end <= region.stop for t in w.tokens)
    lost = [(k, text[k]) for k in region if text[k].isalnum() and not covered[k] and not markup[k]]
    assert lost == []


@FAST
@given(texts)
def test_a_line_range_yields_the_same_tokens_as_the_lines_alone(body):
    if not has_words(body):
        return
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    text = f"before\n\n{body}\n\nafter\n"
    nlines = body.count("\n") + 1
    ranged = parse(read_source(f"doc.txt:3-{2 + nlines}", data=text.encode())[0])
    alone = parse(read_source("doc.txt", data=body.encode())[0])
    shift = len("before\n\n")
    assert [(t.text, t.key, t.layer, t.start - shift, t.line - 2, t.col) for t in ranged.tokens] == [
        (t.text, t.key, t.layer, t.start, t.line, t.col) for t in alone.tokens
    ]


# --- the despatch is recovered from the alignment plus the edits ------------------------------------


draft_texts = st.lists(
    st.tuples(
        st.lists(word, min_size=1, max_size=4).map(" ".join),
        st.sampled_from(["", "", "~~", "<sup>", "*"]),
        st.sampled_from([" ", " ", "\n", "\n\n"]),
    ),
    min_size=1,
    max_size=12,
).map(lambda parts: "".join(_wrap(w, m) + s for w, m, s in parts))


def _wrap(words: str, mark: str) -> str:
    if mark == "<sup>":
        return f"<sup>{words}</sup>"
    return f"{mark}{words}{mark}"


@st.composite
def drafts_and_despatches(draw):
    """A marked-up draft, and a despatch made from its words: some dropped, some added, some
    recased or respelt, a run moved."""
    groups = draw(st.lists(st.tuples(st.lists(word, min_size=1, max_size=5), st.sampled_from(["", "", "~~", "<sup>", "*"])),
                           min_size=1, max_size=10))
    draft = " ".join(_wrap(" ".join(ws), m) for ws, m in groups)
    out: list[str] = []
    for ws, m in groups:
        if m == "~~" and draw(st.booleans()):
            continue
        for w in ws:
            action = draw(st.sampled_from(["keep", "keep", "keep", "upper", "drop", "add", "respell"]))
            if action == "drop":
                continue
            if action == "add":
                out.append(draw(word))
            out.append(w.upper() if action == "upper" else w + "e" if action == "respell" else w)
    if len(out) > 6 and draw(st.booleans()):
        i = draw(st.integers(0, len(out) - 4))
        chunk, out = out[i : i + 3], out[:i] + out[i + 3 :]
        out.extend(chunk)
    return draft, " ".join(out) or "END"


EXACT_MOVES = ("move", "transposed")
"""Rules of moved links between the same word; other rules name a misreading that moved with its run."""


@SLOW
@given(st.one_of(st.tuples(draft_texts, plain_texts), drafts_and_despatches()))
def test_the_despatch_is_recovered_from_the_alignment_plus_the_edits(pair):
    draft, final = pair
    if not (has_words(draft) and has_words(final)):
        return
    c = run(draft, final)
    D, F = c.draft.tokens, c.final.tokens
    dmap, fmap = c.alignment.draft_map(), c.alignment.final_map()
    for link in c.alignment.links:
        assert not D[link.draft].furniture and not F[link.final].furniture
        if link.relation == "equal" or (link.relation == "moved" and link.rule in EXACT_MOVES):
            assert D[link.draft].key == F[link.final].key

    # Each edit's span text is its tokens' words, so the edit alone carries what the despatch says.
    from_edits: dict[int, str] = {}
    for e in c.edits:
        for side, toks in (("draft", D), ("final", F)):
            s = getattr(e, side)
            if s is None:
                continue
            assert s.tokens == tuple(sorted(s.tokens))
            # ``…`` stands exactly where the witness has words between two of the span's that it leaves out
            gaps = [any(not toks[k].furniture for k in range(a + 1, b)) for a, b in zip(s.tokens, s.tokens[1:])]
            assert s.text.split(" ") == gapped(s.text.replace(" \u2026", "").split(" "), s.tokens, toks), e
            assert s.text.count("\u2026") == sum(gaps), e
            assert [key(w) for w in s.text.split(" ") if w != "\u2026"] == [toks[i].key for i in s.tokens], e
            assert (s.start, s.end, s.line, s.col) == (toks[s.tokens[0]].start, toks[s.tokens[-1]].end,
                                                       toks[s.tokens[0]].line, toks[s.tokens[0]].col)
        if e.final is not None and e.kind in ("inserted", "substituted", "variant", "moved"):
            for i, w in zip(e.final.tokens, [w for w in e.final.text.split(" ") if w != "\u2026"]):
                from_edits[i] = key(w)

    content_f = [t for t in F if not t.furniture]
    recovered = []
    for t in content_f:
        link = fmap.get(t.i)
        # A moved link is the same word, unless it is a misreading that moved with its run
        # (its rule says which): then the moved edit carries the despatch's word.
        if link is not None and (link.relation == "equal" or (link.relation == "moved" and link.rule in EXACT_MOVES)):
            recovered.append(D[link.draft].key)
        else:
            assert t.i in from_edits, f"final word {t.text!r} ({t.i}) is neither matched nor in an inserted edit"
            recovered.append(from_edits[t.i])
    assert recovered == [t.key for t in content_f]

    # Unmatched words: each in exactly one edit of the right kind, on both sides.
    unmatched_f = {t.i for t in content_f if t.i not in fmap}
    in_f_edits = [i for e in c.edits if e.final and e.kind in ("inserted", "substituted") for i in e.final.tokens
                  if i not in fmap]
    assert sorted(in_f_edits) == sorted(unmatched_f)
    for e in c.edits:
        if e.kind == "inserted" and e.stage == "despatch":
            assert all(i not in fmap for i in e.final.tokens)

    unmatched_d = {t.i for t in D if not t.furniture and t.i not in dmap}
    dropped = [i for e in c.edits if e.draft and (e.kind in ("struck", "substituted") or e.carried is False)
               for i in e.draft.tokens if i not in dmap]
    assert sorted(dropped) == sorted(unmatched_d)
    for e in c.edits:
        if e.kind == "struck":
            linked = [i in dmap for i in e.draft.tokens]
            assert all(linked) if e.carried is False else not any(linked), e


@SLOW
@given(st.one_of(st.tuples(draft_texts, plain_texts), drafts_and_despatches(), st.tuples(texts, texts)))
def test_the_reading_order_walks_each_side_once_in_order(pair):
    """The merged reading order (``alignment.ops``) holds every token of each side exactly once, in
    file order on each side; furniture only in furniture ops, and every op names some token.
    A page stamp is put inside a struck stretch too, so furniture among the words of a stretch is met."""
    draft, final = pair
    if not (has_words(draft) and has_words(final)):
        return
    for d in (draft, draft.replace(" ", " ~~struck words\n\nSECRET\n\nstruck again~~ ", 1)):
        c = run(d, final)
        ops = c.alignment.ops
        for side, tokens in (("draft", c.draft.tokens), ("final", c.final.tokens)):
            walked = [i for op in ops for i in getattr(op, side)]
            assert walked == list(range(len(tokens))), side
            in_furniture = {i for op in ops if op.op == "furniture" for i in getattr(op, side)}
            assert in_furniture == {t.i for t in tokens if t.furniture}, side
        assert all(op.draft or op.final for op in ops)
        assert all(op.op != "delete" or not op.final for op in ops) and all(op.op != "insert" or not op.draft for op in ops)


# --- random markup never raises -------------------------------------------------------------------


@FAST
@given(texts, texts)
def test_random_markup_never_raises_and_is_reported_with_its_place(draft, final):
    if not (has_words(draft) and has_words(final)):
        return
    c = run(draft, final)
    assert render_json(c).endswith("\n")
    for n in (*c.draft.notices, *c.final.notices):
        assert n.path in ("draft.txt", "final.txt")
        text = draft if n.path == "draft.txt" else final
        assert 1 <= n.line <= max(1, text.count("\n") + 1) and n.col >= 1
        assert n.message.startswith(("warning: ", "markup: ", "note: "))


@SLOW
@given(st.one_of(st.tuples(draft_texts, plain_texts), drafts_and_despatches(),
                 st.sampled_from([("We cannot agree.", "We can not agree."), ("We can not agree.", "We cannot agree."),
                                  ("from No-10 Downing St.", "FROM NO. 10 DOWNING STREET.")])))
def test_the_inline_view_shows_every_despatched_word_once_in_order(pair):
    """The terminal and plain-text views follow the despatched text: every word of it is shown,
    once and in its order (a word split in two, ``NO. 10``, is shown whole), with the draft's
    reading of a variant beside it."""
    from redline.render.inline import pieces

    draft, final = pair
    if not (has_words(draft) and has_words(final)):
        return
    c = run(draft, final)
    shown = [key(w) for p in pieces(c, furniture=False) if p.style not in ("struck", "dropped") for w in p.text.split()]
    assert [k for k in shown if k] == [t.key for t in c.final.tokens if not t.furniture]
