"""Hands and furniture only on evidence, measured on real versions no one here wrote
(``tests/data/corpus/``, see ``tests/corpus_eval.py``), and the same shapes tried both ways on
made-up texts: a printed play and an office typescript."""

from __future__ import annotations

import pytest

from redline import evidence
from redline.api import compare_witnesses, load, prepare
from tests.corpus_eval import EDITIONS, edition, julian_gold


@pytest.mark.parametrize("draft, final", EDITIONS, ids=[f"{d.stem}->{f.stem}" for d, f in EDITIONS])
def test_a_printed_edition_gets_no_inferred_hand_and_next_to_no_furniture(draft, final):
    e = edition(draft, final)
    assert e.inferred_hand == 0
    assert e.furniture_share < 0.01


def test_every_marked_strike_and_insertion_of_the_julian_manuscript_is_reported_on_the_page():
    g = julian_gold()
    assert g.struck == 18 and g.inserted == 4  # the words inside gold.tsv's 17 spans
    assert (g.struck_reported, g.inserted_reported) == (g.struck, g.inserted), g.missed


PLAY = """I.

SCENE 1st.

Alfon

Act 4

The night is come, my lord; the guard is set.

Annab.

Then let them watch. I.

[EXEUNT.]

12

The morning breaks upon the silent hall.

13

And all the house is still.
"""


def _furniture(text: str, other: str = "Nothing here is shared.") -> dict[str, str]:
    w, _ = prepare(load("d.txt", data=text.encode()), load("f.txt", data=other.encode()))
    return {t.text: t.furniture for t in w.tokens if t.furniture}


def test_a_printed_play_keeps_its_speakers_acts_and_stage_directions_as_text():
    """Speaker names alone on a line, ``Act 4``, a roman act number and a bracketed capital stage
    direction are the shapes of stamps, registry marks and titles, but a book has none of those: only
    the page numbers in figures are furniture (two in sequence: a lone figure between paragraphs, with
    nothing else to show pages, is as often a count or a verse's number, and stays text)."""
    assert _furniture(PLAY) == {"12": "page-number", "13": "page-number"}
    assert _furniture(PLAY.replace("\n13\n", "\n")) == {}


def test_the_same_shapes_on_a_classified_typescript_are_stamps_and_titles():
    """The positive control: with a classification line the file is a registry's, and short
    lines alone that the other text never uses, in a shape no word has, are its stamps; a name in
    its ordinary case (``Alfon``) and a numbered line (``I.``) stay text even there."""
    found = _furniture("SECRET\n\n" + PLAY + "\nXQVRT\n")
    assert found["SECRET"] == "classification"
    assert found["XQVRT"] == "stamp" and found["[EXEUNT.]"] == "title"
    assert "Alfon" not in found and "I." not in found


@pytest.mark.parametrize("text, signs", [
    ("SECRET\n\nWe agree.", 1),
    ("JD3BPI SECRET\n\nWe agree.", 1),
    ("O 212130Z DEC 88\n\nWE AGREE.", 1),
    ("We agree.\n\n*Agreed. J.S.*", 1),  # marked handwriting on a line of its own: the transcriber told hands from type
    ("We *agree* now.", 0),  # one span inside a sentence, nothing else of the dialect: italics
    ("Secret\n\nWe agree.", 0),  # a word, not a classification stamp
    ("PERSONAL\n\nWe agree.", 0),  # a classification word that a book also prints
    ("We ~~agree~~ <sup>accept</sup> it.", 0),  # amended, but nothing says typed
    ("* * *\n\nWe agree. Footnote*.", 0),
])
def test_evidence_of_a_typescript(text, signs):
    w, _ = prepare(load("d.txt", data=text.encode()), load("f.txt", data=b"We agree."))
    assert len(evidence.of(w.tokens).typescript) == signs


def test_an_amended_letter_gets_an_inferred_postscript_only_when_it_shows_a_typed_base():
    """The postscript rule fires on an amended draft that shows a typed base; the same letter with
    nothing to show it is typed (a manuscript letter, corrected as it was written) keeps its last
    sentence as text."""
    letter = "Dear Ron,\n\nWe ~~agree~~ <sup>hold</sup> to the plan.\n\nYours ever\n\nMargaret\n\nI feel sure that you will agree that this is vital.\n"
    plain = compare_witnesses(load("d.txt", data=letter.encode()), load("f.txt", data=letter.upper().encode()))
    typed = compare_witnesses(load("d.txt", data=("SECRET\n\n" + letter).encode()), load("f.txt", data=letter.upper().encode()))
    assert not any(t.inferred for t in plain.draft.tokens)
    assert any(t.inferred for t in typed.draft.tokens) and "postscript" in typed.draft.hands.values()


def test_a_book_with_footnote_asterisks_and_scene_breaks_stays_a_book():
    """The novel of issue 14, made from two real editions: footnote marks after words (``tread*.``)
    dozens of paragraphs apart, a ``* * *`` break and a lone ``*`` in each. Nothing pairs across
    paragraphs, so no word becomes a hand or an annotation, nothing is furniture, and the two editions
    align in one exact diff (no banded fallback)."""
    from tests.corpus_eval import DARWIN

    def with_marks(text: str, every: int) -> str:
        paras = text.split("\n\n")
        for k in range(0, len(paras), every):
            words = paras[k].split(" ")
            words[len(words) // 2] += "*"  # a footnote reference, mid-paragraph
            paras[k] = " ".join(words)
        paras.insert(len(paras) // 2, "* * *")
        paras.insert(len(paras) // 3, "*")
        return "\n\n".join(paras)

    a = with_marks(DARWIN[0].read_text(encoding="utf-8"), 7)
    b = with_marks(DARWIN[1].read_text(encoding="utf-8"), 9)
    c = compare_witnesses(load("ed1.txt", data=a.encode()), load("ed2.txt", data=b.encode()))
    assert {t.layer for t in (*c.draft.tokens, *c.final.tokens)} == {"typed"}
    assert not any(t.furniture for t in (*c.draft.tokens, *c.final.tokens))
    assert "banded" not in c.stats["method"]
    assert not any(n.message.startswith("warning:") for n in (*c.draft.notices, *c.final.notices))
    assert not any(e.kind == "handwritten" for e in c.edits)
