"""The transcription markup (samples/README.md) → tokens with layers, keys and exact places in the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redline.errors import MarkupError
from redline.model import Witness
from redline.normalize import key
from redline.parse import parse
from redline.read import read_source

from .test_parse_equivalence import reference_tokens

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def parse_text(text: str, spec: str = "doc.txt", strict: bool = False, markup: str = "auto") -> Witness:
    """Parse ``text`` as if it were the file ``spec`` (optionally ``NAME:FIRST-LAST``)."""
    source, _ = read_source(spec, data=text.encode("utf-8"))
    return parse(source, strict=strict, markup=markup)


def warnings(w: Witness) -> tuple:
    """The witness's warnings, without the notice that says how its markup was read."""
    return tuple(n for n in w.notices if n.warning)


def words(w: Witness) -> list[tuple[str, str]]:
    """``(key, layer)`` of every token, in order."""
    return [(t.key, t.layer) for t in w.tokens]


def keys(w: Witness) -> list[str]:
    return [t.key for t in w.tokens]


def place(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset``, computed independently of redline (``\\n`` line ends)."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def assert_exact(w: Witness) -> None:
    """Every token is its own slice of the file, at the line and column where it stands, in order."""
    text = w.source.text
    prev_end = 0
    for n, t in enumerate(w.tokens):
        assert t.i == n
        assert text[t.start : t.end] == t.text
        assert (t.line, t.col) == place(text, t.start), t
        assert t.start >= prev_end and t.end > t.start
        prev_end = t.end


# --- ~~struck~~ -------------------------------------------------------------------------------


def test_struck_words_have_layer_struck_and_the_tildes_are_not_words():
    w = parse_text("we ~~can no longer delay~~ a decision")
    assert words(w) == [("we", "typed"), ("can", "struck"), ("no", "struck"), ("longer", "struck"),
                        ("delay", "struck"), ("a", "typed"), ("decision", "typed")]
    assert [t.text for t in w.tokens][1] == "can"
    assert warnings(w) == ()
    assert_exact(w)


def test_struck_span_may_cross_lines_and_a_hard_break():
    text = "Keep\n~~Please pass following message from  \nme to get on~~\nthis"
    w = parse_text(text)
    assert words(w) == [("keep", "typed"), ("please", "struck"), ("pass", "struck"), ("following", "struck"),
                        ("message", "struck"), ("from", "struck"), ("me", "struck"), ("to", "struck"),
                        ("get", "struck"), ("on", "struck"), ("this", "typed")]
    me = w.tokens[6]
    assert (me.text, me.line, me.col) == ("me", 3, 1)
    assert warnings(w) == ()
    assert_exact(w)


def test_struck_inside_a_word_splits_it_at_the_mark():
    w = parse_text("With ~~the~~ warm regards")
    assert words(w) == [("with", "typed"), ("the", "struck"), ("warm", "typed"), ("regards", "typed")]
    assert w.tokens[1].start == len("With ~~")


# --- <sup>inserted</sup> ----------------------------------------------------------------------


def test_superscript_is_an_insertion():
    w = parse_text("our <sup>experts</sup> people have")
    assert words(w) == [("our", "typed"), ("experts", "inserted"), ("people", "typed"), ("have", "typed")]
    assert w.tokens[1].text == "experts"
    assert w.tokens[1].col == len("our <sup>") + 1
    assert "sup" not in keys(w)
    assert_exact(w)


def test_superscript_tags_are_case_insensitive_and_may_touch_words():
    w = parse_text("we<SUP>shall have</SUP>reach")
    assert words(w) == [("we", "typed"), ("shall", "inserted"), ("have", "inserted"), ("reach", "typed")]
    assert_exact(w)


def test_superscript_across_a_line_break():
    w = parse_text("a <sup>which are\nessential</sup> b")
    assert words(w) == [("a", "typed"), ("which", "inserted"), ("are", "inserted"), ("essential", "inserted"), ("b", "typed")]
    assert (w.tokens[3].line, w.tokens[3].col) == (2, 1)


# --- *handwriting* ----------------------------------------------------------------------------


def test_handwriting_is_layer_hand():
    w = parse_text("Typed. *Agree - CDP* More typed.")
    assert words(w) == [("typed", "typed"), ("agree", "hand"), ("cdp", "hand"), ("more", "typed"), ("typed", "typed")]
    assert w.tokens[1].text == "Agree"
    assert_exact(w)


def test_handwriting_opened_on_one_line_closes_lines_later():
    text = "Typed line.\n*Yours\nwith warm\nregards\nMargaret* typed again\n"
    w = parse_text(text)
    assert words(w) == [("typed", "typed"), ("line", "typed"), ("yours", "hand"), ("with", "hand"), ("warm", "hand"),
                        ("regards", "hand"), ("margaret", "hand"), ("typed", "typed"), ("again", "typed")]
    assert warnings(w) == ()
    assert_exact(w)


def test_handwriting_with_a_hard_line_break_inside_one_paragraph():
    text = "Typed ~~x~~.\n*Yours  \nMargaret*\nend"
    w = parse_text(text)
    assert [layer for _, layer in words(w)] == ["typed", "struck", "hand", "hand", "typed"]
    assert warnings(w) == ()
    assert_exact(w)


def test_a_mark_never_spans_a_blank_line():
    """A span left open when its paragraph ends is text, with a warning at the opening mark."""
    text = "Typed ~~x~~.\n*Yours  \nMargaret\n\nP.S. a note* end"
    w = parse_text(text)
    assert [layer for _, layer in words(w)] == ["typed", "struck"] + ["typed"] * 6
    assert [(n.line, n.col) for n in warnings(w)][0] == (2, 1)
    assert "not closed within its paragraph" in warnings(w)[0].message
    assert w.tokens[4].para == w.tokens[3].para + 1  # the blank line still separates paragraphs


def test_a_lone_asterisk_between_spaces_is_not_markup():
    w = parse_text("a * b")
    assert words(w) == [("a", "typed"), ("b", "typed")]
    assert warnings(w) == ()


# --- **bold**, ## heading, [typed brackets] ----------------------------------------------------


def test_bold_is_printed_text_not_handwriting():
    w = parse_text("**PERSONAL MESSAGE** SERIAL No. T 192A/88")
    assert [layer for _, layer in words(w)] == ["typed"] * 6
    assert [t.style for t in w.tokens[:2]] == ["bold", "bold"]
    assert w.tokens[2].style is None
    assert keys(w)[:2] == ["personal", "message"]
    assert w.tokens[0].text == "PERSONAL"
    assert warnings(w) == ()
    assert_exact(w)


def test_bold_inside_handwriting_stays_hand():
    w = parse_text("*a **b** c*")
    assert words(w) == [("a", "hand"), ("b", "hand"), ("c", "hand")]
    assert w.tokens[1].style == "bold"


def test_heading_marks_are_not_words_and_the_heading_ends_with_its_line():
    w = parse_text("## Personal Message\nDear Ron", markup="marks")
    assert keys(w) == ["personal", "message", "dear", "ron"]
    assert [t.style for t in w.tokens] == ["heading", "heading", None, None]
    assert all(t.layer == "typed" for t in w.tokens)
    assert w.tokens[0].col == 4
    assert_exact(w)


def test_a_hash_inside_a_line_is_text():
    w = parse_text("item ## 4")
    assert keys(w) == ["item", "4"]
    assert all(t.style is None for t in w.tokens)


def test_typed_brackets_are_typed_text_and_the_brackets_stay_in_the_surface():
    w = parse_text("[DRAFT MESSAGE FROM THE PRIME MINISTER TO  \nPRESIDENT REAGAN]")
    assert [t.text for t in w.tokens][0] == "[DRAFT"
    assert w.tokens[-1].text == "REAGAN]"
    assert keys(w) == ["draft", "message", "from", "the", "prime", "minister", "to", "president", "reagan"]
    assert all(t.layer == "typed" for t in w.tokens)
    assert_exact(w)


# --- hard breaks, hyphenation, keys -----------------------------------------------------------


def test_trailing_two_spaces_have_no_effect_on_tokens():
    hard = parse_text("Following Mr General Powell from Charles  \nPowell, No-10 Downing St.")
    soft = parse_text("Following Mr General Powell from Charles\nPowell, No-10 Downing St.")
    assert words(hard) == words(soft)
    assert [t.text for t in hard.tokens] == [t.text for t in soft.tokens]
    assert all(" " not in t.text for t in hard.tokens)


@pytest.mark.parametrize("brk", ["\n", "  \n", "\r\n", "\n   "])
def test_end_of_line_hyphenation_joins_into_one_token(brk):
    text = f"I UNDER-{brk}STAND it"
    w = parse_text(text)
    assert keys(w) == ["i", "understand", "it"]
    t = w.tokens[1]
    assert t.text == f"UNDER-{brk}STAND" == text[t.start : t.end]
    assert t.display == "UNDERSTAND"
    assert (t.line, t.col) == (1, 3)
    assert w.tokens[2].line == 2


def test_windows_line_ends_give_the_same_tokens_and_paragraphs():
    text = "Dear Ron\nIf the present\n\nVienna meeting UNDER-\nSTAND\n"
    unix, windows = parse_text(text), parse_text(text.replace("\n", "\r\n"))
    assert words(windows) == words(unix)
    assert [t.para for t in windows.tokens] == [t.para for t in unix.tokens] == [0, 0, 0, 0, 0, 1, 1, 1]
    assert [(t.line, t.col) for t in windows.tokens] == [(t.line, t.col) for t in unix.tokens]


def test_hyphenated_struck_word_joins_inside_the_strike():
    w = parse_text("~~BACK-\nSLIDING~~ now")
    assert words(w) == [("backsliding", "struck"), ("now", "typed")]


def test_hyphen_at_a_paragraph_end_does_not_join():
    w = parse_text("UNDER-\n\nSTAND")
    assert keys(w) == ["under", "stand"]


def test_hyphen_between_layers_does_not_join():
    w = parse_text("UNDER-\n<sup>STAND</sup>")
    assert words(w) == [("under", "typed"), ("stand", "inserted")]


def test_page_number_dashes_are_not_joined_to_the_next_line():
    w = parse_text("- 2 -\nNext page")
    assert keys(w) == ["2", "next", "page"]


def test_ampersand_has_key_and():
    w = parse_text("you & family, & the New Year")
    assert keys(w) == ["you", "and", "family", "and", "the", "new", "year"]
    assert w.tokens[1].text == "&"


@pytest.mark.parametrize(
    "a, b",
    [
        ("MINISTER'S", "Minister’s"),
        ("“Dear", '"DEAR'),
        ("Ron,", "RON"),
        ("rights.", "RIGHTS"),
        ("‘back-sliding’", "BACKSLIDING"),
        ("(Moscow)", "moscow"),
        ("&", "and"),
        ("&,", "AND"),
        ("ﬁnal", "final"),
    ],
)
def test_case_punctuation_and_quote_styles_never_change_the_key(a, b):
    assert key(a) == key(b) != ""
    assert keys(parse_text(f"x {a} y")) == keys(parse_text(f"x {b} y"))


def test_pure_punctuation_is_not_a_token():
    w = parse_text("Yes -- no ; . , quite")
    assert keys(w) == ["yes", "no", "quite"]


# --- unbalanced markup --------------------------------------------------------------------------


UNBALANCED = [
    # text, the mark named in the warning, line, col, keys as best read
    ("Please ~~pass this\nmessage on", "~~", 1, 8, ["please", "pass", "this", "message", "on"]),
    ("our experts</sup> have", "</sup>", 1, 12, ["our", "experts", "have"]),
    ("our <sup>experts have", "<sup>", 1, 5, ["our", "experts", "have"]),
    ("Typed.\nsigned *Margaret\nand more", "*", 2, 8, ["typed", "signed", "margaret", "and", "more"]),
    ("a **bold b", "**", 1, 3, ["a", "bold", "b"]),
]


@pytest.mark.parametrize("text, mark, line, col, best", UNBALANCED)
def test_unbalanced_markup_warns_with_file_line_col_and_parses_as_best_it_can(text, mark, line, col, best):
    w = parse_text(text)
    assert keys(w) == best
    assert len(warnings(w)) == 1
    n = warnings(w)[0]
    assert (n.path, n.line, n.col) == ("doc.txt", line, col)
    assert str(n).startswith(f"doc.txt:{line}:{col}: warning: ")
    assert f"'{mark}'" in n.message
    assert_exact(w)


@pytest.mark.parametrize("text, mark, line, col, best", UNBALANCED)
def test_unbalanced_markup_under_strict_raises_with_file_line_col(text, mark, line, col, best):
    with pytest.raises(MarkupError) as info:
        parse_text(text, strict=True)
    message = str(info.value)
    assert message.startswith(f"doc.txt:{line}:{col}: ")
    assert f"'{mark}'" in message
    assert "warning" not in message


@pytest.mark.parametrize("text", ["we ~~ can no longer delay ~~ a", "we ~~can no longer delay ~~ a", "we ~~ can no longer delay~~ a"])
def test_struck_marks_with_spaces_inside_still_strike_with_a_warning(text):
    w = parse_text(text)
    assert words(w) == [("we", "typed"), ("can", "struck"), ("no", "struck"), ("longer", "struck"),
                        ("delay", "struck"), ("a", "typed")]
    assert warnings(w) and all("'~~' has spaces on both sides" in n.message for n in warnings(w))


def test_a_spaced_mark_that_is_never_closed_is_reported_once():
    w = parse_text("a ~~ b")
    assert keys(w) == ["a", "b"] and words(w)[1] == ("b", "typed")
    assert [str(n) for n in warnings(w)] == ["doc.txt:1:3: warning: '~~' (struck text) is never closed; read as text"]


def test_a_stray_closing_sup_never_becomes_a_word():
    # Read as text, '</sup>' would be the word "sup" and show up as an edit.
    w = parse_text("a </sup> b <sup><sup>c</sup>")
    assert keys(w) == ["a", "b", "c"]
    assert w.tokens[2].layer == "inserted"
    assert [n.col for n in warnings(w)] == [3, 17]


def test_unbalanced_markup_is_reported_in_file_order_and_strict_names_the_first():
    text = "one\ntwo ~~three\nfour *five"
    w = parse_text(text)
    assert [(n.line, n.col) for n in warnings(w)] == [(2, 5), (3, 6)]
    with pytest.raises(MarkupError, match=r"^doc\.txt:2:5: "):
        parse_text(text, strict=True)


def test_balanced_markup_under_strict_parses():
    w = parse_text("a ~~b~~ <sup>c</sup> *d* **e**", strict=True)
    assert words(w) == [("a", "typed"), ("b", "struck"), ("c", "inserted"), ("d", "hand"), ("e", "typed")]


# --- line ranges and the sample files ---------------------------------------------------------


def test_a_line_range_keeps_offsets_and_lines_of_the_whole_file():
    text = "zero\none ~~two~~\nthree <sup>four</sup>\nfive\n"
    w = parse_text(text, "doc.txt:2-3")
    assert words(w) == [("one", "typed"), ("two", "struck"), ("three", "typed"), ("four", "inserted")]
    assert [(t.line, t.col) for t in w.tokens] == [(2, 1), (2, 7), (3, 1), (3, 12)]
    assert w.tokens[0].start == len("zero\n")
    assert_exact(w)


def test_markup_outside_the_range_does_not_leak_in():
    text = "~~struck\nstill struck~~\nplain\n"
    w = parse_text(text, "doc.txt:3-3")
    assert words(w) == [("plain", "typed")]


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.txt")))
def test_every_sample_file_tokenizes_exactly(name):
    source, _ = read_source(str(SAMPLES / name))
    w = parse(source)
    assert w.tokens
    assert_exact(w)
    assert all(t.key == key(t.text) for t in w.tokens)


def test_the_december_draft_has_all_four_layers():
    source, _ = read_source(f"{SAMPLES / '001_2bcad8b2cf3253a8.txt'}:80-128")
    w = parse(source)
    assert {t.layer for t in w.tokens} >= {"typed", "struck", "inserted"}
    by_text = [(t.text, t.layer) for t in w.tokens]
    assert ("delay", "struck") in by_text
    assert ("experts", "inserted") in by_text
    assert ("warm", "typed") in by_text and ("the", "struck") in by_text
    assert warnings(w) == ()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(list("ab cD-,.'\n\t&[]") + ["\n\n", "UNDER-\nSTAND", "x  \n", "\r\n"]), max_size=60).map("".join))
def test_the_fast_path_for_unmarked_text_reads_as_the_lexer_does(text):
    """Text with no mark takes a shortcut past the lexer; it must give exactly the lexer's tokens."""
    from redline import parse as parse_module

    source = read_source("t.txt", data=text.encode())[0] if text.strip() else None
    if source is None:
        return
    fast = parse_module.parse(source)
    slow = reference_tokens(source.text, parse_module.line_index(source.text), _lexer_words(source))
    assert list(fast.tokens) == slow


def _lexer_words(source):
    """The raw words as the lexer and builder find them (markup-free text: all typed)."""
    from redline import parse as parse_module

    raw, para, start = [], 0, None
    end = 0
    for lx in parse_module.lex(source.text, source.start, source.end):
        if lx.kind == "ws":
            if start is not None:
                raw.append((start, end, "typed", None, para))
                start = None
            if parse_module._BLANK_LINE.search(source.text[lx.start : lx.end]):
                para += 1
        else:
            start = lx.start if start is None else start
            end = lx.end
    if start is not None:
        raw.append((start, end, "typed", None, para))
    return raw


def test_crossing_marks_are_reported_and_strict_refuses_them(tmp_path):
    """``~~a <sup>b~~ c</sup>``: each mark is read as it falls, but the reader is told they cross."""
    p = tmp_path / "cross.txt"
    p.write_text("~~a <sup>b~~ c</sup> d\n", encoding="utf-8")
    source = read_source(str(p))[0]
    w = parse(source)
    assert any("the marks cross" in str(n) and ":1:11:" in str(n) for n in warnings(w))
    assert [t.layer for t in w.tokens] == ["struck", "struck", "inserted", "typed"]
    with pytest.raises(MarkupError, match=r"cross\.txt:1:11: .*cross"):
        parse(source, strict=True)
    nested = tmp_path / "nested.txt"
    nested.write_text("~~a <sup>b</sup> c~~ d\n", encoding="utf-8")
    assert not warnings(parse(read_source(str(nested))[0]))


def test_keys_are_kept_from_one_text_to_the_next_and_bounded(monkeypatch):
    from redline import parse as parse_module

    calls = []
    monkeypatch.setattr(parse_module, "key", lambda word: calls.append(word) or key(word))
    monkeypatch.setattr(parse_module, "_KEYS", parse_module._Keys())
    first = parse(read_source("a.txt", data=b"Dear Ron, dear RON")[0]).tokens
    again = parse(read_source("b.txt", data=b"Dear Ron, RON")[0]).tokens
    assert calls == ["Dear", "Ron,", "dear", "RON"]  # b.txt's words were met in a.txt: no key computed again
    assert [t.key for t in first] == ["dear", "ron", "dear", "ron"] and [t.key for t in again] == ["dear", "ron", "ron"]
    monkeypatch.setattr(parse_module, "KEYS_KEPT", 3)
    words = parse(read_source("c.txt", data=b"one two three four five six seven")[0]).tokens
    assert [t.key for t in words] == ["one", "two", "three", "four", "five", "six", "seven"]
    assert len(parse_module._KEYS) <= 3  # emptied whenever full
