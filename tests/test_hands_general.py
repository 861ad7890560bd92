"""Hand inference on short texts of its own kind and of others: a typescript's page body, a firm's
``&`` and a typed ``P.S.`` are typed; a short note among stamps, an ``&`` written for *and* and a
sentence below a written closing are still hands.

Every draft here shows a typed base (a capital classification line) and is amended (one ``~~strike~~``),
so the hand rules run; each despatch has the draft's words, struck words apart. That the despatch
has a paragraph's words says nothing of its hand (a hand's line is sent too), so the tests do not lean on it.
"""

from __future__ import annotations

import pytest

from redline.api import compare_witnesses, load

LONG = ("The Ministry of Supply has sent a ~~sharp~~ letter about the late delivery of the new lorries for "
        "the northern depots, and the Director has asked for a full account of the causes of the delay before he replies.")
"""A long typed paragraph with one strike: the draft is amended, and its typed text is in long paragraphs."""

PAGE_TWO = ("She will also see a party from the county councils, which has asked to meet her about the same "
            "lorries and about the cost of the spare parts ordered from abroad.")
"""A full typed paragraph, the whole text of a second page."""


def _sent(draft: str) -> str:
    """The despatch: the draft's words, its struck words left out, its marks gone."""
    import re

    return re.sub(r"\s*~~[^~]*~~", "", draft).replace("*", "")


def _hands(draft: str, final: str | None = None) -> dict[str, str]:
    c = compare_witnesses(load("draft.txt", data=draft.encode()),
                          load("sent.txt", data=(_sent(draft) if final is None else final).encode()))
    return c.draft.hands


def _inferred(draft: str) -> list[str]:
    c = compare_witnesses(load("draft.txt", data=draft.encode()), load("sent.txt", data=_sent(draft).encode()))
    return [t.text for t in c.draft.tokens if t.inferred]


# among-furniture -------------------------------------------------------------------------------

@pytest.mark.parametrize("draft", [
    # Two pages, the classification at the head and foot of each, a page number: the second page's only paragraph.
    f"RESTRICTED\n\n{LONG}\n\nRESTRICTED\n\n- 2 -\n\n{PAGE_TWO}\n\nRESTRICTED\n",
    # The same with no classification at the foot: the paragraph runs to the document's end.
    f"RESTRICTED\n\n{LONG}\n\n2\n\n{PAGE_TWO}\n",
    # The last page's text after a registry stamp: the document's edge is no furniture.
    f"RESTRICTED\n\n{LONG}\n\nThe Director will reply on Friday.\n\n4/3/61\n\n{PAGE_TWO}\n",
    # A short typed page between its page number and the classification at its foot.
    f"RESTRICTED\n\n{LONG}\n\n- 2 -\n\nThe Director will reply on Friday.\n\nRESTRICTED\n\n- 3 -\n\n{PAGE_TWO}\n",
])
def test_a_page_body_between_running_furniture_is_typed(draft):
    """A paragraph with only a page's running head and foot (or the document's edge) about it is what the page holds."""
    assert _hands(draft) == {}


def test_a_short_note_among_stamps_on_a_marked_typescript_is_still_a_hand():
    """Negative: a short line between a date stamp and a registry stamp stands where no typist typed."""
    draft = f"RESTRICTED\n\n{LONG}\n\n{PAGE_TWO}\n\n4/3/61\n\nSpeak to me before Friday\n\nCDC 20/x.\n\n{LONG.replace('~~sharp~~ ', '')}\n"
    assert _inferred(draft) == ["Speak", "to", "me", "before", "Friday"]
    assert "among-furniture" in _hands(draft).values()


def test_a_note_between_the_classification_and_a_title_is_still_a_hand():
    """Negative: a routing line above a bracketed title, with a page's furniture on one side only."""
    draft = f"RESTRICTED\n\nPass to Mr Black at the depot\n\n[DRAFT LETTER TO THE DIRECTOR]\n\n{LONG}\n\n{PAGE_TWO}\n"
    assert _inferred(draft) == ["Pass", "to", "Mr", "Black", "at", "the", "depot"]


# ampersand --------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["Smith & Jones", "Brown & Daughters", "Wood & Co.", "the Plough & Harrow"])
def test_an_ampersand_in_a_name_is_typed(name):
    """An ``&`` between two capitalised words joins a firm's or a title's name, as print and type keep it."""
    draft = f"RESTRICTED\n\n{LONG}\n\nThe firm of {name} has asked for a meeting with the Director next week.\n"
    assert _hands(draft) == {}


def test_a_name_with_an_ampersand_and_no_other_sign_is_typed_in_a_book_line():
    """The shape of a novel's opening line (a firm's name with ``&``) on a marked draft: not a hand by its ``&``."""
    draft = (f"RESTRICTED\n\n{LONG}\n\nThe house of Fell & Daughter had traded in the port for many years, and its "
             "name was known on every quay in the north.\n")
    assert _hands(draft) == {}


def test_an_ampersand_written_for_and_on_a_marked_typescript_is_still_a_hand():
    """Negative: ``&`` with a word in lower case beside it, as a hand shortens *and*."""
    draft = f"RESTRICTED\n\n{LONG}\n\nWith my thanks & good wishes to you & the staff for the summer.\n"
    assert _hands(draft) == {"line 5": "ampersand"}


def test_a_name_does_not_hide_an_ampersand_for_and_in_the_same_paragraph():
    draft = f"RESTRICTED\n\n{LONG}\n\nMy thanks to Smith & Jones & all at the depot.\n"
    assert _hands(draft) == {"line 5": "ampersand"}


# postscript -------------------------------------------------------------------------------------

CLOSED = f"RESTRICTED\n\n{LONG}\n\nYours sincerely\n\nA. Black\n\n"


@pytest.mark.parametrize("label", ["P.S.", "PS", "P.S:", "P.P.S."])
def test_a_typed_postscript_with_its_label_is_typed(label):
    """A ``P.S.`` below a typed closing and signature: the typist's form, and no other sign of a hand."""
    assert _hands(CLOSED + f"{label} The Director has also seen the letter from the county councils.\n") == {}


def test_a_labelled_postscript_below_a_written_signature_is_still_a_hand():
    """Negative: below a signature the transcription marks as a hand, the postscript goes on in it."""
    draft = f"RESTRICTED\n\n{LONG}\n\nYours sincerely\n\n*A. Black*\n\nP.S. The Director has also seen the letter.\n"
    assert _hands(draft) == {"line 9": "postscript"}


def test_an_unlabelled_sentence_below_the_closing_is_still_a_postscript():
    """Negative: a sentence with no label below a closing, as the rule has always read it."""
    assert _hands(CLOSED + "I am sure you will see how much this matters to us\n") == {"line 9": "postscript"}


@pytest.mark.xfail(strict=True, reason="known limit: a full typed paragraph between a page's classification line and a "
                   "registry stamp stands where the sample's hand of 26 words stands (between a catchword and a date "
                   "stamp); place and length do not tell them apart, and no sign in the words is read yet")
def test_a_typed_paragraph_between_the_classification_and_a_stamp_is_typed():
    assert _hands(f"RESTRICTED\n\n{LONG}\n\n4/3/61\n\n{PAGE_TWO}\n") == {}
