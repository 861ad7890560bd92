"""Asterisks as a hand, as print's italics, as footnote marks, as code: which is which, and what follows.

Short texts written for these tests (no sample text): each defect found on books and Markdown, and the
negative cases in the dialect — a signature, a minute over lines, a hand in a classified typescript —
which must stay hands.
"""

from __future__ import annotations

from redline.api import Options, load
from redline.evidence import of
from redline.parse import classified


def _load(text: str, markup: str = "auto"):
    return load("d.txt", data=text.encode("utf-8"), options=Options(markup=markup))


def layer_of(text: str) -> dict[str, str]:
    return {t.text.strip("*.,—"): t.layer for t in _load(text).tokens}


def warnings(text: str) -> list[str]:
    return [n.message for n in _load(text).notices if n.warning]


def markup_note(text: str) -> str:
    return next(n.message for n in _load(text).notices if n.message.startswith("markup:"))


# --- the defects ----------------------------------------------------------------------------------

FOOTNOTE_INLINE = (
    "The rent, as the steward reports*, was fixed at Michaelmas; and when\n"
    "corn is cheap, he is ruined.\n"
    "*Estate Book, vol. ii. p. 41.\n"
    "The rate of rent in Essex* was lower than in any shire of the east,\n"
    "and the tenants of Essex were no better pleased for it.\n"
)


def test_footnote_asterisks_do_not_pair_into_a_hand_over_a_line_break():
    w = _load(FOOTNOTE_INLINE)
    assert {t.layer for t in w.tokens} == {"typed"}
    assert not [n for n in w.notices if n.warning]
    assert "read as footnote marks" in markup_note(FOOTNOTE_INLINE)
    assert of(w.tokens).typescript == ()


def test_an_italic_at_a_hard_wrapped_line_end_does_not_make_every_italic_a_hand():
    text = ("'Indeed, Sir,' answered *her*\nbrother, 'you *must* not mind it.'\n\n"
            "He said that he *would* come, and so he did.\n")
    assert set(layer_of(text).values()) == {"typed"}


def test_an_italic_lead_in_at_a_line_start_is_emphasis():
    text = "The mill was old.\n\n*Remark.*—The accounts for Essex are wanting.\n"
    assert set(layer_of(text).values()) == {"typed"}


def test_one_italic_word_inside_a_sentence_is_emphasis():
    text = "She was *quite* certain of it, and said so twice.\n"
    assert layer_of(text)["quite"] == "typed"
    assert "the only one, inside a line" in markup_note(text)


def test_markdown_italics_with_a_whole_line_span_are_emphasis():
    text = ("# Leave policy\n\n*Revised: 9 June 2023*\n\nRequests must be made *at least* 10 days ahead. "
            "Carry-over is limited to *five* days.\n")
    layers = layer_of(text)
    assert layers["Revised:"] == "typed" and layers["least"] == "typed" and layers["five"] == "typed"


def test_code_spans_hold_no_marks():
    text = "Use `grep *.log` and then `x*y*z` for the product.\n"
    assert set(layer_of(text).values()) == {"typed"}
    assert warnings(text) == []


def test_a_stage_direction_between_sentences_is_emphasis():
    text = "OSRIC. I thank you, lord. *Aside to Laertes.* Is this the man?\n"
    assert layer_of(text)["Laertes"] == "typed"


def test_a_bracketed_asterisk_is_a_footnote_mark_without_a_warning():
    text = "The fleet sailed (*) in the summer, and the Admiral followed it.\n"
    assert warnings(text) == []
    assert {t.layer for t in _load(text).tokens} == {"typed"}
    marked = "We ~~may~~ sail (*) soon.\n"
    assert warnings(marked) == []


def test_an_italic_in_a_book_shows_no_typescript():
    """The knock-on: a book's one italic read as a hand made the book look like an office paper,
    which switched the archive's rules on (hands inferred, stamps, titles)."""
    for text in ("The firm of Gray & Sons was *known* in every port.\n",
                 "She was sure that he had *truly* left.\n\nFarewell\n\nAnd so it ended.\n"):
        assert of(_load(text).tokens).typescript == ()


# --- the negative cases: hands in the dialect stay hands --------------------------------------------

def test_a_signature_on_its_own_line_is_a_hand_and_typescript_evidence():
    text = "We shall reply by Friday.\n\nYours sincerely\n\n*J. Smith*\n"
    w = _load(text)
    assert [t.layer for t in w.tokens if t.text.strip("*") in ("J.", "Smith")] == ["hand", "hand"]
    assert any("handwriting marked" in s for s in of(w.tokens).typescript)


def test_a_marginal_minute_over_lines_is_a_hand():
    text = "The draft is attached.\n*Content with this\nif the Department agree - RB* and typed again.\n"
    layers = layer_of(text)
    assert layers["Content"] == "hand" and layers["agree"] == "hand" and layers["typed"] == "typed"


def test_a_minute_over_lines_stays_a_hand_beside_a_footnote_mark_when_it_is_whole_lines():
    text = "The figures* are attached.\n*Agree with the\nproposal - RB*\nTyped again.\n"
    assert layer_of(text)["Agree"] == "hand"


def test_a_hand_inside_a_line_of_a_classified_typescript_is_a_hand():
    text = "CONFIDENTIAL\n\nThe Minister has seen the letter and *agrees* with it.\n"
    assert layer_of(text)["agrees"] == "hand"
    assert layer_of(text.replace("CONFIDENTIAL", "Confidential matters"))["agrees"] == "typed"


def test_a_hand_inside_a_line_of_an_amended_transcription_is_a_hand():
    assert layer_of("We ~~shall~~ <sup>will</sup> agree, *with regret*, to it.\n")["regret"] == "hand"


def test_a_standing_hand_keeps_an_inline_one_a_hand():
    text = "We agree, and *then* more.\n\n*Noted - RB*\n"
    layers = layer_of(text)
    assert layers["then"] == "hand" and layers["Noted"] == "hand"


def test_an_initialled_minute_between_sentences_is_a_hand():
    assert layer_of("Typed text. *Seen - RB* More typed text.\n")["Seen"] == "hand"


def test_markup_marks_still_reads_every_span_as_a_hand():
    text = "She was *quite* certain of it.\n"
    assert {t.text: t.layer for t in _load(text, markup="marks").tokens}["quite"] == "hand"


def test_classified_needs_capitals_on_a_short_line():
    assert classified("TOP SECRET\nbody")
    assert not classified("It was a Secret.\nThe SECRET of the garden was never told to anyone.\n")
