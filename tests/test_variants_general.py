"""Variant readings on texts of kinds the development corpus does not hold: what is one word
spelled, typed or printed differently (a variant, shown and not counted), and what is a change
of wording however alike it looks (an edit). Each text is made up here; none is a sample."""

from __future__ import annotations

import pytest

from redline.normalize import key
from redline.variants import Pairing, judge, ocr_similar, plausible_misreading
from tests.test_accuracy import cmp

EDITS = ("struck", "inserted", "substituted", "moved", "handwritten")


def edits(c) -> list[tuple[str, str, str]]:
    return [(e.kind, e.draft.text if e.draft else "", e.final.text if e.final else "") for e in c.edits
            if e.kind in EDITS]


def variants(c) -> list[tuple[str, str, str]]:
    return [(e.rule, e.draft.text, e.final.text) for e in c.edits if e.kind == "variant"]


def both_ways(draft: str, final: str):
    """The comparison each way round: a verdict must not depend on which text is given first."""
    return cmp(draft, final), cmp(final, draft)


# 1. ocr-similar no longer hides a change of wording in a clean text, either way round.

@pytest.mark.parametrize("old, new", [
    ("Tyrian", "Syrian"), ("Valerian", "Valens"), ("Gallienus", "Gallus"), ("Cilicia", "Sicilia"),
    ("Lucilius", "Lucullus"), ("livia", "livida"), ("atorvastatin", "rosuvastatin"), ("Thomson", "Thompson"),
])
def test_a_clean_revision_of_a_name_or_term_is_a_change_both_ways(old, new):
    draft = f"The committee noted that the ship was registered to {old} when the inspectors called last week."
    final = draft.replace(old, new)
    for c in both_ways(draft, final):
        assert len(edits(c)) == 1 and not variants(c), (old, new, c.edits)


def test_french_and_german_words_one_letter_apart_are_changes():
    c = cmp("Nous acceptons la proposition, et le Gouvernement peut signer. Er kann mehr tun.",
            "Vous acceptez la proposition, et le Gouvernement veut signer. Er wann sehr tun.")
    assert not variants(c)
    assert {k for k, _, _ in edits(c)} == {"substituted"}


@pytest.mark.parametrize("old, new", [
    ("INV-20417", "INV-20419"), ("ABC12345", "ABC12845"), ("B217", "B211"), ("FIN/2024/017", "FIN/2024/019"),
])
def test_a_changed_digit_in_an_identifier_is_never_a_variant(old, new):
    draft = f"Please quote reference {old} on every invoice sent to the accounts office."
    for c in both_ways(draft, draft.replace(old, new)):
        assert len(edits(c)) == 1 and not variants(c), c.edits


def test_the_verdict_is_the_same_either_way_round():
    for a, b in (("heavenly", "heav'nly"), ("adventurous", "adventrous"), ("Tyrian", "Syrian")):
        p = Pairing(key(a), key(b), a, b, False, True, True)
        q = Pairing(key(b), key(a), b, a, False, True, True)
        assert judge(p) == judge(q), (a, b)


# Negative: real print-OCR misreadings still come out as variants.

def test_print_ocr_misreadings_stay_variants_in_a_typed_letter():
    draft = ("The establishment of the new depot was approved by Parliament after tlie long debate, "
             "and bis office wa3 told at once.")
    final = ("The estabishment of the new depot was approved by Farliament after the long debate, "
             "and his office was told at once.")
    c = cmp(draft, final)
    assert edits(c) == []
    assert {rule for rule, _, _ in variants(c)} == {"ocr-similar", "ocr-confusion"}


def test_plausible_misreadings_are_lookalike_glyphs_and_thin_letters():
    assert plausible_misreading("falle", "falter")  # l for t, a thin r lost
    assert plausible_misreading("estabishment", "establishment")
    assert not plausible_misreading("peut", "veut")
    assert ocr_similar(Pairing("estabishment", "establishment", "estabishment", "establishment",
                               False, True, True)) is not None


# 2. Figures: a decimal point between digits is part of what the figure says.

def test_a_decimal_point_makes_a_difference_but_a_thousands_comma_does_not():
    c = cmp("The loan is 1.5 million pounds at 3.5% and the fee is £1,000 a year.",
            "The loan is 15 million pounds at 35% and the fee is £1000 a year.")
    assert [(d, f) for _, d, f in edits(c)] == [("1.5", "15"), ("3.5%", "35%")]
    assert not variants(c)


def test_time_and_date_figures_keep_their_separators():
    c = cmp("We meet at 10.30 on 1/3/2025 to read clause 2.1 again.",
            "We meet at 1030 on 13/2025 to read clause 21 again.")
    assert len(edits(c)) >= 1 and len([w for _, d, _ in edits(c) for w in d.split()]) == 3


def test_figure_punctuation_in_ocr_text_is_a_visible_variant_not_silence():
    words = ("the crop was cut in the autumn and the grain was sold at the market for a fair price "
             "while the farmer kept his own seed for the coming year and the rain fell all the week ").split()
    body = " ".join(words * 3)
    draft = f"{body} The yield rose by 1.5 tons an acre. {body}"
    noisy = body.replace("the crop", "tlie crop").replace("his own", "bis own").replace("the rain", "tlie rain")
    noisy = noisy.replace("fell all", "fell au")
    final = f"{noisy} The yield rose by 15 tons an acre. {noisy}"
    c = cmp(draft, final)
    assert ("figure-punctuation", "1.5", "15") in variants(c)
    assert not [e for e in edits(c) if e[1] == "1.5"]


# 3. Footnote marks glued to a word are no change of wording.

def test_footnote_marks_glued_to_words_make_no_edit():
    c = cmp("The fleet sailed in 1805 with 9 frigates and the admiral went ashore at Cadiz.",
            "The fleet sailed in 1805¹ with 9 frigates² and the admiral went ashore at Cadiz[3].")
    assert edits(c) == []


def test_a_power_is_not_a_footnote_mark():
    c = cmp("The field covers 10 square units.", "The field covers 10² square units.")
    assert len(edits(c)) == 1


# 4. Ligatures fold; accents and umlauts written out are a visible variant.

def test_ligatures_are_the_same_spelling():
    c = cmp("An encyclopædia of the mediæval œconomy.", "An encyclopaedia of the mediaeval oeconomy.")
    assert c.edits == ()


def test_accents_dropped_by_a_telegraph_are_diacritics_variants():
    c = cmp("Le délégué a été reçu à Lyon. Die Regierung wäre für eine Lösung.",
            "LE DELEGUE A ETE RECU A LYON. DIE REGIERUNG WAERE FUER EINE LOESUNG.")
    assert edits(c) == []
    assert {rule for rule, _, _ in variants(c)} == {"diacritics"}
    assert ("diacritics", "à", "A") in variants(c)  # a and à are different words: shown, not silent


def test_accents_do_not_hide_a_different_word():
    c = cmp("Le délégué a été reçu.", "LE DELEGUE A ETE RENVOYE.")
    assert [k for k, _, _ in edits(c)] == ["substituted"]


# Elided spellings and &c.

def test_an_apostrophe_for_a_vowel_is_an_elision_variant_either_way():
    for c in both_ways("The river flowed on, and ever the heavens were still.",
                       "The river flow'd on, and e'er the heav'ns were still."):
        assert edits(c) == [] and {r for r, _, _ in variants(c)} == {"elision"}


def test_an_apostrophe_does_not_stand_for_a_syllable():
    c = cmp("He sighted the coast.", "He sigh'd the coast.")
    assert [k for k, _, _ in edits(c)] == ["substituted"]


def test_ampersand_c_is_etc():
    assert cmp("Pens, ink, paper, &c., were bought.", "Pens, ink, paper, etc., were bought.").edits == ()


def test_a_real_word_swap_is_read_as_misread_only_by_a_confusion_the_text_was_seen_to_make():
    """OCR evidence counts per kind: a print whose only misreadings are the long s read as ``f`` (``fuch``,
    ``moft``) shows nothing of ``b``/``h``; *bear*/*hear* there is a change. A print that misreads ``h`` as
    ``b`` elsewhere (``bis``, ``tbe``, ``wbich``) may have misread it once more: a variant at 0.6."""
    from redline.api import compare_texts

    clean = ("It is such a thing as most men must see, and so the first of those who said it last was just. "
             "They could not bear the noise of the street, which his men made in the house of the king.\n")
    long_s = clean.replace("such", "fuch").replace("most", "moft").replace("must", "muft") \
        .replace("first", "firft").replace(" said", " faid").replace(" last", " laft").replace("just", "juft")
    edits = [(e.draft.text, e.final.text, e.rule) for e in compare_texts(clean, long_s.replace("bear", "hear")).edits
             if e.kind != "variant"]
    assert edits == [("bear", "hear", "replaced-at-despatch")]
    b_for_h = clean.replace(" his ", " bis ").replace(" the house", " tbe house").replace("which", "wbich") \
        .replace(" the king", " tbe king").replace(" the noise", " tbe noise")
    c = compare_texts(clean, b_for_h.replace("bear", "hear"))
    assert [e for e in c.edits if e.kind != "variant"] == []
    (swap,) = [e for e in c.edits if e.draft and e.draft.text == "bear"]
    assert swap.rule == "ocr-confusion" and swap.detail["score"] == 0.6


def test_an_accent_is_lost_only_by_a_text_that_writes_none():
    """A teleprinter's copy writes no accent anywhere: *ETE* for *été* is the same word (a diacritics
    variant). A text that writes *für* and *über* has lost no accent when it has *schon* where the other
    has *schön*, nor *wurden* for *würden*, nor French *ou* for *où*: those are changes."""
    from redline.api import compare_texts

    kept = compare_texts("Die Frage wäre für uns schon geklärt.", "Die Frage wäre für uns schön geklärt.")
    assert [(e.kind, e.draft.text, e.final.text) for e in kept.edits] == [("substituted", "schon", "schön")]
    lost = compare_texts("Il a été reçu à Genève.", "IL A ETE RECU A GENEVE.")
    assert {(e.kind, e.rule) for e in lost.edits} == {("variant", "diacritics")}
