"""Word-level exactness: on texts without OCR damage, every word a plain word diff links, redline links too.

The reference is a case-folded difflib word diff (``SequenceMatcher(autojunk=False)``) on redline's own
comparison keys (``Token.key``) of the words that are not furniture. A word difflib links must be linked by
redline to some partner (equal, moved or variant). Two kinds of exception are allowed, and counted:

- difflib is not a longest common subsequence, and where a word occurs many times it may link one
  occurrence where redline links another, or link across a passage redline reads as moved;
- a word two rewritten passages share by chance (``the``, ``of``, ``have been`` in a paragraph replaced by
  another) is left unlinked on purpose (``align._find_shared``): the labelled sample pairs count such
  passages struck and inserted whole.

Measured on the corpus pairs (words difflib links; exceptions as a share of its linked words on both
sides, content words / function words of ``STOPWORDS``): Darwin 1859→1860 11 046 (0.01 % / 0.01 %),
1859→1872 9 832 (0.15 % / 0.63 %), 1866→1869 10 940 (0.09 % / 0.28 %), Rossetti MS→1870 630
(0 / 1.19 %), Juxta v1→v2 98 (0 / 0), Julian MS as amended→print 1823 12 397 (0.06 % / 0.14 %); redline
links more words than difflib on every pair. The bounds below (0.5 % content words, 1.5 % function words)
leave room for that and no more.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from redline.align import STOPWORDS
from redline.api import compare_witnesses, load

CORPUS = Path(__file__).parent / "data" / "corpus"

PAIRS = {
    "darwin-1859-1860": ("darwin/darwin_origin_ch1_1859.txt", "darwin/darwin_origin_ch1_1860.txt"),
    "darwin-1859-1872": ("darwin/darwin_origin_ch1_1859.txt", "darwin/darwin_origin_ch1_1872.txt"),
    "darwin-1866-1869": ("darwin/darwin_origin_ch1_1866.txt", "darwin/darwin_origin_ch1_1869.txt"),
    "rossetti-ms-1870": ("rossetti/rossetti_blessed_damozel_MS.txt", "rossetti/rossetti_blessed_damozel_1870_first_edition.txt"),
    "juxta-v1-v2": ("juxta-welcome/juxta_welcome_v1.txt", "juxta-welcome/juxta_welcome_v2.txt"),
    "julian-ms-1823": ("julian/ms_1823_licensing.txt", "julian/print_1823.txt"),
}


def as_amended(text: str) -> str:
    """The manuscript as amended (the corpus README's recipe): struck spans dropped, insertions kept, spaces collapsed."""
    text = re.sub(r"~~[^~]*~~", "", text).replace("<sup>", "").replace("</sup>", "")
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n"))


def compare_texts(draft: str, final: str, name: str = "pair"):
    return compare_witnesses(load(f"{name}-draft.txt", data=draft.encode()), load(f"{name}-final.txt", data=final.encode()))


def exactness(c):
    """(words difflib links, words redline links per side, difflib-linked words redline leaves unlinked: content, function)."""
    d_tok = [t for t in c.draft.tokens if t.furniture is None]
    f_tok = [t for t in c.final.tokens if t.furniture is None]
    linked_d = {link.draft for link in c.alignment.links}
    linked_f = {link.final for link in c.alignment.links}
    sm = difflib.SequenceMatcher(None, [t.key for t in d_tok], [t.key for t in f_tok], autojunk=False)
    n = 0
    content: list[str] = []
    function: list[str] = []
    for i, j, size in sm.get_matching_blocks():
        n += size
        for k in range(size):
            for t, linked in ((d_tok[i + k], linked_d), (f_tok[j + k], linked_f)):
                if t.i not in linked:
                    (function if t.key in STOPWORDS else content).append(t.text)
    ours = (sum(t.i in linked_d for t in d_tok), sum(t.i in linked_f for t in f_tok))
    return n, ours, content, function


@pytest.mark.parametrize("name", PAIRS)
def test_every_word_a_word_diff_links_is_linked_on_real_revisions(name):
    draft_path, final_path = PAIRS[name]
    draft = (CORPUS / draft_path).read_text(encoding="utf-8")
    if "ms_1823" in draft_path:
        draft = as_amended(draft)
    c = compare_texts(draft, (CORPUS / final_path).read_text(encoding="utf-8"), name)
    assert "banded" not in c.stats["method"]
    n, (ours_d, ours_f), content, function = exactness(c)
    assert ours_d >= n and ours_f >= n
    assert len(content) <= 0.005 * 2 * n, content
    assert len(function) <= 0.015 * 2 * n, function


def test_a_word_left_between_insertions_and_deletions_stays_linked():
    # Two copies of a speech, the later one revised: the early "that the nation" became "that that nation".
    c = compare_texts(
        "We have come to dedicate a portion of it as a final resting place for those who died here, that the nation might live.\n",
        "We have come to dedicate a portion of that field as a final resting place for those who here gave their lives that that nation might live.\n",
    )
    n, _ours, content, function = exactness(c)
    assert (content, function) == ([], [])
    unlinked = [t.key for t in c.draft.tokens if t.i not in {link.draft for link in c.alignment.links}]
    assert unlinked == ["it", "died", "the"]  # exactly the words a word diff strikes


def test_a_rewritten_paragraph_shares_no_word_by_chance():
    # A letter whose middle paragraph was replaced by another: the two share "that the", "of the", "will be",
    # but no word of the old paragraph reached the new one.
    head, tail = "Dear Sir,\n\nThank you for your letter of the fourth.\n\n", "\n\nYours faithfully,\n\nJ. Smith\n"
    old = ("We regret that the delivery of the machine parts will be delayed until the end of the month, "
           "because the foundry has not yet been able to cast the larger pieces to the pattern we sent.")
    new = ("I am glad to say that the committee approved the purchase of two new lorries for the depot, "
           "and that the drivers will be trained in the use of them before the winter comes to the valley.")
    c = compare_texts(head + old + tail, head + new + tail)
    assert [(e.kind, e.draft.text, e.final.text) for e in c.edits] == [("substituted", old, new)]


def test_a_revised_sentence_keeps_its_shared_words_linked():
    # The same sentence, revised word by word: every shared word stays linked, function words included.
    c = compare_texts(
        "The committee met on Tuesday and agreed that the plan should go to the board in the spring.\n",
        "The full committee met on Thursday and agreed that the new plan should go to the board early in the spring.\n",
    )
    unlinked = [t.key for t in c.draft.tokens if t.i not in {link.draft for link in c.alignment.links}]
    assert unlinked == ["tuesday"]
