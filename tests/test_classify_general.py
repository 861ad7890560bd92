"""Page edits on short texts written for these tests: a strike and an insertion with matched words
between them are two edits, an adjacent pair is one substitution, and a word struck on the
despatched side is not part of the text sent (never *restored*, never *added*)."""

from __future__ import annotations

from redline import compare_texts
from redline.render import renderer


def rules(c) -> list[tuple[str, str, str]]:
    return [(e.rule, e.draft.text if e.draft else "", e.final.text if e.final else "") for e in c.edits]


# --- strike and insertion: one substitution only when nothing matched stands between -------------

def test_a_strike_and_an_insertion_in_the_next_paragraph_are_two_edits():
    draft = ("The committee will meet in the spring ~~without delay~~.\n\n"
             "The members remain <sup>firmly</sup> opposed to the new road.\n")
    final = "The committee will meet in the spring.\n\nThe members remain firmly opposed to the new road.\n"
    assert rules(compare_texts(draft, final)) == [
        ("struck-on-page", "without delay", ""), ("insertion-carried", "firmly", "firmly")]


def test_a_strike_and_an_insertion_many_matched_words_apart_in_one_sentence_are_two_edits():
    middle = "tell the council that the village, having weighed the matter with care over several seasons,"
    draft = f"We must ~~at once~~ {middle} remains <sup>strongly</sup> against the plan."
    final = f"We must {middle} remains strongly against the plan."
    got = rules(compare_texts(draft, final))
    assert got == [("struck-on-page", "at once", ""), ("insertion-carried", "strongly", "strongly")]


def test_a_strike_and_the_insertion_written_over_it_stay_one_substitution():
    draft = "The ferry will ~~leave at noon~~ <sup>sail at dawn</sup> from the north quay."
    final = "The ferry will sail at dawn from the north quay."
    (e,) = compare_texts(draft, final).edits
    assert (e.rule, str(e.kind), e.carried) == ("struck-and-replaced", "substituted", True)
    assert e.draft.text == "leave at noon sail at dawn" and e.final.text == "sail at dawn"


def test_one_matched_word_between_a_strike_and_an_insertion_parts_them():
    draft = "She ~~quickly~~ read <sup>aloud</sup> the letter to the class."
    final = "She read aloud the letter to the class."
    assert [r for r, _, _ in rules(compare_texts(draft, final))] == ["struck-on-page", "insertion-carried"]


def test_an_unmarked_text_of_another_kind_has_no_page_edit():
    # Negative: a plain pair (no marks) gives only despatch-stage edits, joined as before.
    c = compare_texts("the old grey cat sat on the mat", "the young grey cat sat on the rug", markup="none")
    assert {str(e.stage) for e in c.edits} == {"despatch"}
    assert [r for r, _, _ in rules(c)] == ["replaced-at-despatch", "replaced-at-despatch"]


# --- a word struck on the despatched side -----------------------------------------------------------

MARKED = "The fee was ~~forty~~ fifty pounds at the door.\n\nTickets <sup>also</sup> sold online.\n"


def test_identical_marked_files_give_no_restored_strike():
    c = compare_texts(MARKED, MARKED)
    assert all(e.rule != "struck-restored" for e in c.edits)
    assert c.stats["strikes_restored"] == 0
    # The draft's own strike is confirmed by a despatch that lacks the word; its insertion is sent.
    assert rules(c) == [("struck-on-page", "forty", ""), ("insertion-carried", "also", "also")]


def test_a_word_struck_on_the_despatched_side_is_never_added_nor_a_partner():
    # The draft types the word; the despatched copy strikes it: the despatch leaves it out.
    c = compare_texts("The fee was forty pounds at the door.", "The fee was ~~forty~~ pounds at the door.")
    assert rules(c) == [("dropped-at-despatch", "forty", "")]
    # A despatched copy that strikes a word the draft lacks adds nothing.
    c = compare_texts("The fee was pounds at the door.", "The fee was ~~forty~~ pounds at the door.")
    assert c.edits == ()


def test_the_inline_view_shows_a_strike_both_sides_share_as_struck():
    text = renderer("text")(compare_texts(MARKED, MARKED))
    assert "[-forty-]" in text and "[=" not in text.split("legend:")[0]


# --- the inline and word-diff views: a paragraph's deleted first word --------------------------------

def test_a_paragraphs_replaced_first_word_is_shown_in_its_own_paragraph():
    draft = "The letter was sent to the council.\n\nAccepted by the council on Friday.\n"
    final = "The letter was sent to the council.\n\nRefused by the council on Friday.\n"
    c = compare_texts(draft, final, markup="none")
    assert renderer("wdiff")(c) == ("The letter was sent to the council.\n\n"
                                    "[-Accepted-] {+Refused+} by the council on Friday.\n")
    body = renderer("text")(c).split("legend:")[0]
    assert "council. [_Accepted_]" not in body and "\n[_Accepted_] {+Refused+} by the council" in body


def test_two_paragraphs_replaced_words_are_dealt_out_paragraph_by_paragraph():
    draft = "The letter goes to the mayor\n\nAccepted by the council on Friday.\n"
    final = "The letter goes to the clerk\n\nRefused by the council on Friday.\n"
    c = compare_texts(draft, final, markup="none")
    assert renderer("wdiff")(c) == ("The letter goes to the [-mayor-] {+clerk+}\n\n"
                                    "[-Accepted-] {+Refused+} by the council on Friday.\n")


def test_a_dropped_paragraph_keeps_the_break_after_it():
    draft = "One two three four five.\n\nSix seven eight nine ten.\n\nEleven twelve thirteen fourteen.\n"
    final = "One two three four five.\n\nEleven twelve thirteen fourteen.\n"
    c = compare_texts(draft, final, markup="none")
    assert renderer("wdiff")(c) == ("One two three four five.\n\n[-Six seven eight nine ten.-]\n\n"
                                    "Eleven twelve thirteen fourteen.\n")
