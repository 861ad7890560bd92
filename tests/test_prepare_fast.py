"""The short cuts of the stages that prepare a witness (``evidence``, ``furniture.unshared``, ``hands``)
give what the plain ways gave: the first marked word of a layer found by ``list.index``, paragraphs
as runs of the paragraph column, a paragraph in capitals tested on its words joined."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from redline import evidence, hands
from redline.model import Source, Token, Witness, new_token

ROWS = st.lists(st.tuples(st.sampled_from(["typed", "typed", "hand", "struck", "inserted"]), st.booleans(),
                          st.sampled_from([None, None, None, "classification", "envelope", "title", "serial"]),
                          st.sampled_from(["SECRET", "word", "Dear", "&", "Yours"]), st.integers(0, 3)), max_size=30)


def tokens_of(rows) -> list[Token]:
    return [new_token(k, text, text.lower(), k, k + 1, k // 3 + 1, 1, layer, inferred, why, para, None)
            for k, (layer, inferred, why, text, para) in enumerate(rows)]


def gathered_word_by_word(tokens, reasons, shown) -> evidence.Evidence:
    """``evidence.gather`` as it was: every token read in a loop for its layer."""
    typescript: dict[str, str] = {}
    amended: dict[str, str] = {}
    for k, why in sorted(reasons.items()):
        if why not in evidence.TYPESCRIPT_FURNITURE or why in typescript:
            continue
        if why == "classification" and not evidence.is_core_classification([shown[j] for j in evidence._same_line(tokens, k)]):
            continue
        typescript[why] = f"{evidence.TYPESCRIPT_FURNITURE[why]} (l. {tokens[k].line})"
    for t in tokens:
        if t.inferred or t.layer == "typed":
            continue
        if t.layer == "hand" and "hand" not in typescript:
            typescript["hand"] = f"handwriting marked in the transcription (l. {t.line})"
        elif t.layer in ("struck", "inserted") and t.layer not in amended:
            amended[t.layer] = (f"{'struck text' if t.layer == 'struck' else 'a word above the line'} "
                                f"marked in the transcription (l. {t.line})")
    return evidence.Evidence(tuple(typescript.values()), tuple(amended.values()))


@given(ROWS)
def test_gather_finds_the_first_marked_word_of_each_layer_as_a_loop_over_every_word_did(rows):
    tokens = tokens_of(rows)
    reasons = {k: t.furniture for k, t in enumerate(tokens) if t.furniture}
    shown = [t.display for t in tokens]
    assert evidence.gather(tokens, reasons, shown) == gathered_word_by_word(tokens, reasons, shown)


@given(ROWS)
def test_paragraphs_are_the_tokens_grouped_by_paragraph(rows):
    """Paragraph numbers in any order: a paragraph may come back later."""
    tokens = tokens_of(rows)
    grouped: dict[int, list[Token]] = {}
    for t in tokens:
        grouped.setdefault(t.para, []).append(t)
    order, paras = hands._paragraphs(Witness(Source("t.txt", "", 1, 1, 0, 0), tuple(tokens)))
    assert order == sorted(grouped)
    assert {p: list(hands._pick(tokens, ks)) for p, ks in paras.items()} == grouped


@given(ROWS)
def test_begins_document_given_the_furniture_column_is_begins_document(rows):
    tokens = tokens_of(rows)
    assert hands.begins_document(tokens, [t.furniture for t in tokens]) == hands.begins_document(tokens)


@given(st.lists(st.sampled_from(["SECRET", "Secret", "2", "-", "AND", "and", "ÉTÉ", "été", "ǅ", "ª", "ϒ", "ß", "İ"]),
                max_size=6))
def test_a_paragraph_is_in_capitals_as_its_words_one_by_one_say(texts):
    tokens = [new_token(k, w, w.lower(), k, k + 1, 1, 1, "typed", False, None, 0, None) for k, w in enumerate(texts)]
    cased = [w for w in texts if w.upper() != w.lower()]
    assert hands._in_capitals(tokens) == (bool(cased) and all(map(str.isupper, cased)))


