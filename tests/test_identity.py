"""A text compared with itself: nothing was changed, so nothing may be claimed changed.

The despatch of an identical file has every word of the draft where the draft has it. The draft's
own marks stay what they are (a word struck on the page is struck, an insertion written above the
line is inserted, marked handwriting is a hand), and each of them is *carried*: the despatch has
what the amended page says. No edit may say the despatch dropped, added, restored, moved,
replaced or misread anything. Tried on every text of the development corpus and the samples
(printed editions, OCR, a marked manuscript, a poem, an office file) and on short texts of kinds
no sample has (Markdown italics, a bold line under a classification, a strike on both sides).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from redline.api import compare_texts

HERE = Path(__file__).parent
TEXTS = sorted([*(HERE / "data" / "corpus").rglob("*.txt"), *(HERE.parent / "samples").glob("0*.txt")])

CARRIED = {"struck-on-page", "insertion-carried", "hand-carried", "struck-and-replaced"}
"""The rules an identical despatch may give: the draft's own marks, each carried."""

SHORT = {
    "markdown italics": "This release is *not* backwards compatible.\n\nUpgrade with care.\n",
    "bold under a classification": "CONFIDENTIAL\n\nThe committee met.\n\n**The decision was approved by all.**\n\nCONFIDENTIAL\n",
    "a strike on the page": "The fee is ~~£10~~ £12 a month.\n",
    "a minute in the margin": "SECRET\n\nThe talks will resume in May.\n\n*Agree. MT*\n\nWe shall say so.\n",
    "footnote asterisks": "As Smith observes*, the price\nof labour varies.\n\n* Wealth of Nations, book i.\n",
}


def _claims(text: str) -> list[tuple[str, str, str]]:
    c = compare_texts(text, text)
    return [(str(e.kind), e.rule, e.draft.text if e.draft else "") for e in c.edits if e.rule not in CARRIED or e.carried is False]


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_a_file_compared_with_itself_has_no_change_claimed(path):
    assert _claims(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("text", SHORT.values(), ids=SHORT.keys())
def test_a_short_text_compared_with_itself_has_no_change_claimed(text):
    assert _claims(text) == []
