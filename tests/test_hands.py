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
