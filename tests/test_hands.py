"""Hand inference's sentence test: ``_same_sentence`` reads two tokens' sentence off the tokens between
them, and must agree with ``_sentences``, which cuts the whole witness."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from redline.hands import _same_sentence, _sentences
from redline.model import Token, Witness

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
