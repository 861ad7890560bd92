"""Hand inference: the sentence test (``_same_sentence`` reads two tokens' sentence off the tokens
between them, and must agree with ``_sentences``, which cuts the whole witness), and the reasons a
reader is given for an inferred hand."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from redline.api import compare_witnesses, load
from redline.hands import GARBLED_NOTE, MISREAD_REWRITE, OCR_DAMAGE, REASONS, RULES, _same_sentence, _sentences
from redline.model import Token, Witness
from redline.render import renderer

WORDS = ["we", "agree.", "soon", "it?", 'now."', "Moscow", "point!", "(ends.)", "and"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.booleans()), min_size=1, max_size=25))
def test_same_sentence_agrees_with_the_sentences_of_the_whole_witness(words):
    tokens, para = [], 0
    for n, (w, new_para) in enumerate(words):
        para += new_para
        tokens.append(Token(n, w, w.strip('.?!"()'), 10 * n, 10 * n + len(w), 1, 1, "typed", False, None, para))
    sentence_of = {t.i: k for k, s in enumerate(_sentences(Witness(None, tuple(tokens)))) for t in s}
    for a in range(len(tokens)):
        for b in range(a + 1, len(tokens)):
            assert _same_sentence(tokens, a, b) == (sentence_of[a] == sentence_of[b]), (a, b)


# A manuscript sentence the OCR half misread, on the second line of its paragraph.
MISREAD = (b"SECRET\n\nWe write to you today\nand we who have been so that the our commitment would be have produced. We hope so.\n",
           b"WE WRITE TO YOU TODAY AND WE WHO HAVE BEEN SO TRUE TO OUR COMMITMENT WOULD BE THOUGHT TO HAVE FORSAKEN IT. "
           b"WE HOPE SO.\n")


def test_every_reason_a_witness_can_hold_has_plain_words():
    assert set(REASONS) == {*RULES, OCR_DAMAGE, MISREAD_REWRITE, GARBLED_NOTE}
    assert all(words and words != code for code, words in REASONS.items())


def test_a_misread_rewrite_is_explained_where_its_paragraph_begins():
    """Every rule files its reason under the paragraph's first line, where ``classify`` looks it
    up: a rewrite that starts on a later line of its paragraph must still be explained."""
    c = compare_witnesses(load("d.txt", data=MISREAD[0]), load("f.txt", data=MISREAD[1]))
    assert c.draft.hands == {"line 3": MISREAD_REWRITE}
    inferred = [e for e in c.edits if e.hand == "inferred"]
    assert inferred and all(e.detail["hand_reasons"] == MISREAD_REWRITE for e in inferred)
    html = renderer("html")(c)
    assert REASONS[MISREAD_REWRITE] in html and MISREAD_REWRITE not in html.split("<table class=\"hands\">")[1]


# A telegram typed in capitals, with a note marked by hand on it: its covering line stands between
# its serial and a classification line, where a margin note of a typescript would stand.
_BODY = ("I HAVE READ YOUR MESSAGE OF 3 MAY WITH GREAT CARE AND I AGREE THAT WE SHOULD ACT TOGETHER ON THE "
         "QUESTION OF THE CONFERENCE, WHICH WILL NOT BE EASY TO SETTLE BEFORE THE SUMMER IS OUT.")
TELEGRAM = (f"O 031200Z MAY 88\nFM CABINET OFFICE LONDON\nTO THE WHITE HOUSE\nBT\nSECRET\n\n*Pass to the desk*\n\n"
            f"SERIAL No. T 101/88\n\n{{line}}\n\nSECRET\n\n{_BODY}\n\n{_BODY.replace('SUMMER', 'AUTUMN')}\n\nBT\n")


def _inferred(draft: str, final: str) -> list[str]:
    from redline import compare_texts

    return [t.text for t in compare_texts(draft, final).draft.tokens if t.inferred]


def test_a_telegrams_typed_line_among_furniture_is_not_a_hand():
    """Negative: on a text the machine typed in capitals, a line in capitals is typed wherever it stands."""
    line = "FOLLOWING FOR MR SMITH FROM JOHN BROWN."
    draft = TELEGRAM.format(line=line)
    assert _inferred(draft, draft.replace("JOHN BROWN", "JOHN BROWN OF LONDON")) == []


def test_a_note_in_another_case_among_a_telegrams_furniture_is_still_a_hand():
    """The same place on the same telegram, but the line is not in the machine's capitals: still inferred."""
    draft = TELEGRAM.format(line="Seen by the Private Secretary today.")
    assert _inferred(draft, draft.replace("today", "on Monday")) == ["Seen", "by", "the", "Private", "Secretary", "today."]


def _compared(draft: str, final: str):
    return compare_witnesses(load("draft.txt", data=draft.encode()), load("final.txt", data=final.encode()))


def test_a_garbled_note_is_a_hand_only_right_after_a_paragraph_all_of_furniture():
    """``from_garble`` carries from each paragraph whether it is all furniture to the next: the note
    after the page number is a hand, the same note after a typed line or first on the page is not."""
    final = "WE AGREE TO THE PLAN. WE HOPE TO MEET AGAIN SOON. MARGARET"
    for page, hand in (("We agree to the plan.\n\n- 2 -\n\n{note}", True), ("We agree to the plan.\n\n{note}", False),
                       ("{note}\n\nWe agree to the plan.", False)):
        c = _compared((page + "\n\nWe hope to meet again soon.\n\n*Margaret*\n").format(note="thcy reaclily agrce to it."), final)
        assert ("garbled-note" in c.draft.hands.values()) is hand, page


def test_an_ampersand_inside_a_word_is_no_ampersand_written_for_and():
    """``ampersand`` searches the paragraph's text for ``&`` before it reads the words: the text of
    ``AT&T`` has one, but no word is ``&``."""
    c = _compared("We agree.\n\nwith warm regards to AT&T and good wishes\n\n*Margaret*",
                  "WE AGREE. WITH WARM REGARDS TO AT&T AND GOOD WISHES MARGARET")
    assert not any(t.inferred for t in c.draft.tokens)
    c = _compared("We agree.\n\nwith warm regards to you & yours and good wishes\n\n*Margaret*",
                  "WE AGREE. WITH WARM REGARDS TO YOU AND YOURS AND GOOD WISHES MARGARET")
    assert c.draft.hands == {"line 3": "ampersand"}
