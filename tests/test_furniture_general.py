"""Furniture on texts of other kinds than the samples: what is text stays text (and its changes are edits),
what is furniture (a stamp's code, an envelope, a page number in dashes) is still found. Short texts written
for these tests; no sample text."""

from __future__ import annotations

from redline.api import compare_texts


def _compare(a: str, b: str):
    return compare_texts(a, b)


def _words(c, kind=None):
    return [(e.kind, e.draft.text if e.draft else "", e.final.text if e.final else "") for e in c.edits
            if e.kind not in ("variant", "paragraph") and (kind is None or e.kind == kind)]


def _furniture(w):
    return {t.display: t.furniture for t in w.tokens if t.furniture}


BODY = ("The committee met on Tuesday and considered the report on the harbour works in full.\n\n"
        "It agreed that the contractor should be paid once the inspection had been completed.\n\n")


# 1. unshared: a short line of text is not a stamp


def test_a_one_word_verdict_changed_alone_in_its_paragraph_is_an_edit():
    c = _compare(f"CONFIDENTIAL\n\n{BODY}Outcome:\n\nAccepted\n\nThe clerk will notify the parties.\n",
                 f"CONFIDENTIAL\n\n{BODY}Outcome:\n\nRefused\n\nThe clerk will notify the parties.\n")
    assert _words(c) == [("substituted", "Accepted", "Refused")]


def test_a_changed_signatory_is_an_edit_not_two_stamps():
    c = _compare(f"RESTRICTED\n\n{BODY}Maria Lopez\n", f"RESTRICTED\n\n{BODY}Tom Okafor\n")
    assert _words(c) == [("substituted", "Maria Lopez", "Tom Okafor")]


def test_a_dropped_line_of_everyday_words_is_an_edit():
    c = _compare(f"SECRET\n\n{BODY}Further details follow\n\nThe meeting then closed.\n",
                 f"SECRET\n\n{BODY}The meeting then closed.\n")
    assert _words(c) == [("struck", "Further details follow", "")]


def test_a_marked_minute_is_a_hand_not_a_stamp():
    c = _compare(f"{BODY}*Noted KL*\n\nThe meeting then closed.\n", f"{BODY}The meeting then closed.\n")
    assert not _furniture(c.draft)
    assert ("handwritten", "Noted KL", "") in _words(c)


def test_a_registry_code_and_a_garbled_stamp_are_still_stamps():
    c = _compare(f"SECRET\n\n{BODY}QXVORT\n\nFO 371/99812\n\nThe meeting then closed.\n",
                 f"SECRET\n\n{BODY}The meeting then closed.\n")
    assert _furniture(c.draft).get("QXVORT") == "stamp" and _furniture(c.draft).get("371/99812") == "stamp"
    assert _words(c) == []


# 2. a despatch's marked hand or bold that the draft has too is text


def test_the_same_marked_word_on_both_sides_is_no_dropped_hand():
    text = "The new pump is *not* compatible with the old valves.\n"
    c = _compare(text, text)
    assert not _furniture(c.final)
    assert all(e.rule != "hand-dropped" for e in c.edits)


def test_identical_bold_lines_make_no_edit_and_changes_inside_bold_are_edits():
    a = "SECRET\n\n**Resolution: the council approved the sale for £40 a share.**\n\nIt will be announced soon.\n"
    assert _words(_compare(a, a)) == []
    b = a.replace("approved", "refused").replace("£40", "£45")
    assert _words(_compare(a, b)) == [("substituted", "approved", "refused"), ("substituted", "£40", "£45")]


def test_a_registry_note_on_a_despatch_is_still_furniture():
    a = f"SECRET\n\n{BODY}"
    c = _compare(a, f"SECRET\n\n*Pass to Dunmore FIN DEPT*\n\n{BODY}")
    assert _furniture(c.final).get("Dunmore") == "annotation"
    assert _words(c) == []


# 3. the envelope is the envelope's lines, not the message typed after them


ENVELOPE = "SECRET\nP 040915Z MAR 79\nFM ROME\nTO PRIORITY FCO\nTELNO 212\nBT\n"
MESSAGE = ["THE MINISTER WILL ARRIVE ON FRIDAY AND LEAVE ON SUNDAY.",
           "HE ASKS FOR A MEETING WITH THE GOVERNOR BEFORE HE LEAVES.", "AMBASSADOR"]


def test_a_telegram_without_blank_lines_keeps_its_message():
    c = _compare("\n\n".join(m.capitalize() for m in MESSAGE) + "\n", ENVELOPE + "\n".join(MESSAGE) + "\nBT\n")
    assert _words(c) == []
    assert _furniture(c.final)["040915Z"] == "envelope" and _furniture(c.final)["BT"] == "envelope"
    assert "MINISTER" not in _furniture(c.final)


def test_a_closing_bt_with_its_channel_number_is_envelope():
    c = _compare("\n\n".join(MESSAGE) + "\n", ENVELOPE + "\n" + "\n\n".join(MESSAGE) + "\nBT\n#212\n")
    assert _words(c) == []


def test_an_envelope_heading_without_a_sentence_stays_envelope():
    c = _compare("\n\n".join(MESSAGE) + "\n", ENVELOPE + "MESSAGE FOR THE GOVERNOR\n\n" + "\n\n".join(MESSAGE) + "\n")
    assert _furniture(c.final).get("GOVERNOR") == "envelope"
    assert _words(c) == []


# 4. a lone figure is a page number only where something shows a page


def test_a_count_alone_on_its_line_is_text():
    c = _compare("Number of visitors this month:\n\n318\n\nThat is more than in May.\n",
                 "Number of visitors this month:\n\n381\n\nThat is more than in May.\n")
    assert _words(c) == [("substituted", "318", "381")]


def test_paragraph_numbers_alone_on_their_lines_are_not_pages():
    draft = "RESTRICTED\n\n1. THE VISIT WENT WELL.\n\n2.\n\nTHE TALKS WILL GO ON.\n\n3.\n\nREPORT SOON.\n"
    sent = "RESTRICTED\n\n1. THE VISIT WENT WELL.\n\n2. THE TALKS WILL GO ON.\n\n3. REPORT SOON.\n"
    assert _words(_compare(draft, sent)) == []


def test_page_numbers_in_dashes_beside_a_classification_or_in_a_sentence_are_still_pages():
    a = (f"{BODY}RESTRICTED\n\n- 2 -\n\nThe works will begin in April.\n\n"
         "The engineer reported that the sea wall had been repaired along the whole of\n\n3\n\n"
         "its length before the winter storms.\n")
    b = a.replace("- 2 -", "- 5 -").replace("\n3\n", "\n8\n")
    c = _compare(a, b)
    assert _furniture(c.draft).get("2") == "page-number" and _furniture(c.draft).get("3") == "page-number"
    assert _words(c) == []


# Page breaks a file keeps: a form feed (pdftotext), a word processor's footer


def test_a_page_number_beside_a_form_feed_is_furniture_even_inside_a_paragraph():
    """pdftotext ends each page with a form feed; the page's number stands just before it, inside the
    paragraph the page break cuts. Without the form feed the same line is a figure of the text."""
    a = "It was laid upon the table and forgotten by all but the men who had signed it.\n"
    b = "It was laid upon the\n                12\n\ftable and forgotten by all but the men who had signed it.\n"
    c = _compare(a, b)
    assert _furniture(c.final) == {"12": "page-number"} and _words(c) == []
    c = _compare(a, b.replace("\f", ""))
    assert _furniture(c.final) == {} and _words(c) == [("inserted", "", "12")]


def test_a_footer_that_names_its_page_is_furniture():
    a = "The committee met on Monday.\n\nPage 1 of 2\n\nIt agreed the budget.\n"
    c = _compare(a, a.replace("Monday", "Tuesday"))
    assert _furniture(c.draft) == {"Page": "page-number", "1": "page-number", "of": "page-number", "2": "page-number"}
    assert _words(c) == [("substituted", "Monday.", "Tuesday.")]


def test_a_registry_date_stamp_is_furniture_on_a_registry_file_only():
    """``RECEIVED 12 JAN 1962`` alone on its line, on one copy of a classified despatch: a date stamp. The same
    line in a book with nothing of a registry about it stays text."""
    body = "Sir,\n\nI have the honour to report that the Minister received me this morning.\n\nJ. Smith\n"
    c = _compare("CONFIDENTIAL\n\nRECEIVED 12 JAN 1962\n\n" + body, "CONFIDENTIAL\n\n" + body)
    assert _furniture(c.draft)["RECEIVED"] == "stamp" and _words(c) == []
    c = _compare("RECEIVED 12 JAN 1962\n\n" + body, body)
    assert "RECEIVED" not in _furniture(c.draft)


PAGES = ("The village lay at the foot of the hills, and its people had lived there for as long as anyone could "
         "remember.\n\nIn the spring of that year a stranger came to the village with a leather bag.\n\n"
         "He asked at the inn for a room, and the landlord gave him the best one in the house.\n\n"
         "For three days he walked about the valley and spoke to no one.\n")


def test_a_books_running_heads_are_furniture_when_their_words_recur_with_rising_figures():
    paras = PAGES.split("\n\n")
    headed = "\n\n".join([paras[0], "12 THE STRANGER", paras[1], paras[2], "THE STRANGER 13", paras[3]])
    c = _compare(PAGES, headed.replace("leather", "canvas"))
    assert set(_furniture(c.final).values()) == {"running-head"} and _words(c) == [("substituted", "leather", "canvas")]


def test_a_heading_once_or_a_tables_totals_are_not_running_heads():
    """Once, a line of capitals and a figure is the text's own heading; figures falling are no pages;
    a word in lower case is no running head (a table's ``Total 12``)."""
    paras = PAGES.split("\n\n")
    for heads in (["CHAPTER 12 THE STORM"], ["THE STRANGER 13", "12 THE STRANGER"], ["Total due 12", "Total due 15"]):
        text = "\n\n".join([paras[0], heads[0], paras[1], *heads[1:], paras[2], paras[3]])
        assert not any(t.furniture == "running-head" for t in _compare(text, text).final.tokens), heads


def test_what_stands_inside_a_word_hyphenated_across_a_page_is_the_pages_furniture():
    """OCR of a book puts the page's foot and the next one's head between ``civi-`` and ``lised``: nothing of
    the text can stand there. A running head is furniture, and so is a printer's signature mark (``B 2``,
    whose capital does not continue the lower-case word); the two halves still read as the one word."""
    clean = "Rome held the fairest part of the earth and the most civilised portion of mankind in those years.\n"
    for between in ("12 THE DECLINE AND FALL", "      B 2", "                 12"):
        ocr = clean.replace("civilised", f"civi-\n{between}\nlised")
        c = _compare(clean, ocr)
        assert _words(c) == [] and set(_furniture(c.final)) == set(between.split()), between
    split = "The Anglo-\nSaxon kings ruled here.\n"  # a capital after a lower-case hyphen: two words, not joined
    assert [t.text for t in _compare(split, split).draft.tokens][1:3] == ["Anglo-", "Saxon"]


VERSE = ("Of Man's first disobedience, and the fruit\nOf that forbidden tree whose mortal taste\n"
         "Brought death into the World, and all our woe,\nWith loss of Eden, till one greater Man\n"
         "Restore us, and regain the blissful seat,{five}\nSing, Heavenly Muse, that, on the secret top\n"
         "Of Oreb, or of Sinai, didst inspire\nThat shepherd who first taught the chosen seed\n"
         "In the beginning how the heavens and earth\nRose out of Chaos: or, if Sion hill{ten}\n")


def test_a_verse_editions_margin_line_numbers_are_furniture():
    a = VERSE.format(five="                    5", ten="                  10")
    b = VERSE.format(five="", ten="").replace("heavens", "Heavens")
    c = _compare(a, b)
    assert _furniture(c.draft) == {"5": "line-number", "10": "line-number"} and _words(c) == []


def test_a_tables_column_of_figures_and_a_figure_ending_a_sentence_are_text():
    table = "Wheat sown this year          10\n\nBarley                        15\n\nOats                          20\n"
    assert _furniture(_compare(table, table).draft) == {}
    once = VERSE.format(five="                    5", ten="")
    assert _furniture(_compare(once, once).draft) == {}


def test_superscript_figures_are_no_page_or_line_numbers_and_break_nothing():
    """``¹`` is a digit to ``str.isdigit`` but no figure to ``int``: a footnote line that begins with one, or a
    verse line that ends with one, is read as text (it crashed the running-head rule)."""
    text = ("The battle was fought in 1815.¹\n\n¹ THE DATE GIVEN\n\nIt ended the war, and the treaty followed.\n\n"
            "² THE DATE GIVEN\n\nNothing more was said of it that year or the next.   ¹⁵\n\nA second line of the same length here.   ²⁰\n")
    c = _compare(text, text)
    assert _words(c) == [] and not any(t.furniture for t in c.draft.tokens)


def test_a_teleprinter_page_header_and_another_governments_classification_are_furniture():
    """``PAGE 2 RBDCAB 1234 CONFIDENTIAL`` heads a telegram's second page; ``Geheim`` heads each page of a
    German draft and the fair copy's one page: the same heading, not a word dropped or added."""
    draft = "CONFIDENTIAL\n\nTHE AMBASSADOR CALLED THIS MORNING ABOUT THE\n\nCORRIDORS AND THE NOTE.\n"
    sent = "CONFIDENTIAL\n\nTHE AMBASSADOR CALLED THIS MORNING ABOUT THE\n\nPAGE 2 RBDCAB 1234 CONFIDENTIAL\n\nCORRIDORS AND THE NOTE.\n"
    c = _compare(draft, sent)
    assert _furniture(c.final)["RBDCAB"] == "page-number" and _words(c) == []
    body = "Der Botschafter sprach heute mit dem Minister über die Lage in Berlin und die Note."
    c = _compare(f"Geheim\n\n{body}\n\n- 2 -\n\nGeheim\n\nEr wird morgen antworten.\n", f"Geheim\n\n{body}\n\nEr wird morgen antworten.\n")
    assert _words(c) == [] and _furniture(c.final) == {"Geheim": "classification"}
