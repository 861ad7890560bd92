"""Collation of more than two versions: the table, its agreement with ``compare``, copies, outputs, CLI.

Hand-made sets for the classic hard cases (a transposition, two of them, a repeated word, an
omission in one of three, a word split in one witness, a near match, one witness much longer),
two later witnesses whose own comparison the star splits (refinement merges what a table can hold,
counts what none can), hypothesis properties for the invariants (every token in exactly one row,
in order; the table on the base and any witness is their comparison; every link of a refining
comparison held or counted), the oct88 copies, and every output format.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from redline.api import compare, load
from redline.cli import app
from redline.collate import Collation, collate, collate_witnesses, layer_witnesses, pair_agreement, token_rows
from redline.normalize import key
from redline.manifest import load_manifest, samples_dir
from redline.render.collation import as_dict, places, render_csv, render_json, render_terminal, render_text
from redline.render.collation_html import render as render_html
from redline.render.collation_tei import render as render_tei

import redline

SCHEMA = json.loads((Path(redline.__file__).parent / "schemas" / "collation.schema.json").read_text(encoding="utf-8"))
CORPUS = Path(__file__).parent / "data" / "corpus"
SAMPLES = samples_dir()
OCT88 = [f"{SAMPLES / '002_6107bf163eec2d22.txt'}:{r}" for r in ("83-111", "1-33", "55-77")]
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def wit(text: str, name: str = "w.txt"):
    return load(name, data=text.encode("utf-8"))


def table(*texts: str, base: int = 0) -> Collation:
    return collate_witnesses([wit(t, f"w{k}.txt") for k, t in enumerate(texts)], base)


def readings(c: Collation) -> list[list[tuple[tuple[str, ...], str]]]:
    return [[(g.witnesses, g.text) for g in r.readings] for r in c.rows if r.varies]


def assert_whole_and_ordered(c: Collation) -> None:
    """Every token of every witness is in exactly one row, and each witness reads down the table in order."""
    seen = [[] for _ in c.witnesses]
    for r in c.rows:
        assert len(r.cells) == len(c.witnesses)
        for k, cell in enumerate(r.cells):
            seen[k].extend(cell)
    for k, w in enumerate(c.witnesses):
        assert seen[k] == list(range(len(w.tokens))), f"witness {k} out of order or incomplete"


def projection(c: Collation, k: int) -> tuple[set, set, set]:
    """The table on (base, W_k): base/W token pairs sharing a row; those of them in a row where some cell
    holds two words or more (a word split or joined); and the pairs the table marks as transposed."""
    same, wide = set(), set()
    for r in c.rows:
        pairs = {(b, t) for b in r.cells[c.base] for t in r.cells[k]}
        same |= pairs
        if any(len(cell) > 1 for cell in r.cells):
            wide |= pairs
    moved = set()
    for r in c.rows:
        for kk, there in r.moved:
            if kk == k and r.cells[c.base]:
                moved |= {(b, t) for b in r.cells[c.base] for t in c.rows[there].cells[k]}
    return same, wide, moved


def assert_matches_compare(c: Collation, k: int) -> None:
    """The table on (base, W_k) links exactly what compare links (moved words as transpositions).

    With two witnesses the rows are exactly the links. With more, base words that one witness
    joins (``NO. 10`` / ``No-10``) share one row for every witness, so a third witness's two words
    there share the row with both base words: such a row may pair more words than their comparison
    links, and nothing else may.
    """
    links = c.comparisons[k].alignment.links
    same, wide, moved = projection(c, k)
    linked = {(l.draft, l.final) for l in links if l.relation != "moved"}
    assert linked <= same
    assert same - linked <= wide
    if len(c.witnesses) == 2:
        assert same == linked
    assert {(l.draft, l.final) for l in links if l.relation == "moved"} <= moved
    assert all(r >= 0 for r in token_rows(c)[k])


# --- the hard cases ------------------------------------------------------------------------------------

def test_a_transposition_is_kept_as_one_and_each_witness_stays_in_order():
    c = table("we shall meet in London on Monday to discuss the treaty terms with them",
              "we shall meet on Monday in London to discuss the treaty terms with them")
    assert_whole_and_ordered(c)
    moved = [r for r in c.rows if r.moved]
    assert moved, "the transposed words are linked across rows"
    for r in moved:
        for k, there in r.moved:
            assert (k, r.n) in c.rows[there].moved, "both places name each other"
            assert r.varies and c.rows[there].varies
    assert_matches_compare(c, 1)


def test_two_transpositions_in_one_text_are_both_kept():
    c = table("the committee met in London on Monday and agreed the budget for the year before the recess began",
              "the committee met on Monday in London and agreed for the year the budget before the recess began")
    assert_whole_and_ordered(c)
    texts = {g.text for r in c.rows if r.moved for g in r.readings}
    assert {"in", "London", "the", "budget"} <= texts
    assert_matches_compare(c, 1)


def test_a_repeated_phrase_gets_rows_of_its_own_and_the_rest_stays_aligned():
    c = table("the cat and the dog and the bird sat still", "the cat and the dog and the dog and the bird sat still")
    assert_whole_and_ordered(c)
    varying = [r for r in c.rows if r.varies]
    assert len(varying) == 3 and all(r.cells[0] == () for r in varying), "only the repeat varies, as the second witness's words"
    assert_matches_compare(c, 1)


def test_an_omission_in_one_of_three_witnesses_is_one_varying_row():
    c = table("we have decided to accept the offer now", "we have decided to accept the offer now", "we have decided to accept the offer")
    assert readings(c) == [[(("W1", "W2"), "now"), (("W3",), "")]]
    assert c.copies == (("W1", "W2"),)


def test_a_word_split_in_one_witness_shares_the_row_of_the_base_word():
    c = table("from No-10 Downing Street today", "from NO. 10 Downing Street today", "from No-10 Downing Street today")
    split = next(r for r in c.rows if len(r.cells[1]) == 2)
    assert [c.witnesses[1].tokens[t].text for t in split.cells[1]] == ["NO.", "10"]
    assert not split.varies and c.varying == 0, "a split is a variant reading, not a change"
    assert_matches_compare(c, 1)


def test_base_words_joined_in_a_witness_share_one_row():
    c = table("from NO. 10 Downing Street today", "from No-10 Downing Street today")
    joined = next(r for r in c.rows if len(r.cells[0]) == 2)
    assert len(joined.cells[1]) == 1 and not joined.varies
    assert_whole_and_ordered(c)
    assert_matches_compare(c, 1)


def test_base_words_one_witness_joins_share_a_row_for_every_witness():
    c = table("from NO. 10 Downing", "from No-10 Downing", "from NO. 10 Downing")
    row = next(r for r in c.rows if len(r.cells[0]) == 2)
    assert row.cells == ((1, 2), (1,), (1, 2)) and not row.varies
    for k in (1, 2):
        assert_matches_compare(c, k)


def test_a_near_match_that_compare_reads_as_a_variant_does_not_vary():
    c = table("he lives at 10 Downing Street today", "he lives at 10 Downing St. today", "he lives at 10 Downing Street now")
    street = next(r for r in c.rows if r.cells[1] and c.witnesses[1].tokens[r.cells[1][0]].text == "St.")
    assert not street.varies and street.cells[0] and street.cells[2]
    assert {g.text for r in c.rows if r.varies for g in r.readings} == {"today", "now", ""}


def test_a_much_longer_witness_adds_rows_that_witnesses_adding_the_same_words_share():
    rng = random.Random(7)
    words = "army navy treaty council bishop river market winter harvest letter".split()
    extra = " ".join(rng.choice(words) for _ in range(300))
    base = "the first part of the text ends here. the last part of the text begins here."
    longer = base.replace("here. the", f"here. {extra} the")
    c = table(base, longer, longer + " and a close", base)
    assert_whole_and_ordered(c)
    added = [r for r in c.rows if r.cells[1] and not r.cells[0]]
    assert len(added) >= 300 and all(r.cells[2] and not r.cells[3] for r in added[:300]), "W2 and W3 share their additions"
    assert ("W2", "W3") not in c.copies and any(set(g) == {"W1", "W4"} for g in c.copies)
    assert c.agreement[1][2] > 0.99


def test_witnesses_that_add_the_same_words_in_a_gap_share_rows():
    c = table("one two three four", "one two and a half three four", "one two and a half three four", "one two three four")
    assert readings(c) == [[(("W1", "W4"), ""), (("W2", "W3"), w)] for w in ("and", "a", "half")]
    assert set(map(frozenset, c.copies)) == {frozenset({"W1", "W4"}), frozenset({"W2", "W3"})}


def test_a_word_two_different_additions_share_gets_one_row():
    c = table("one two three four", "one two and a half three four", "one two but a quarter three four")
    shared = [r for r in c.rows if r.cells[1] and r.cells[2] and not r.cells[0]]
    assert len(shared) == 1 and [g.text for g in shared[0].readings] == ["", "a"]
    assert_whole_and_ordered(c)


def test_page_furniture_rows_never_vary():
    c = table("SECRET\n\nWe agree to the terms.\n\n- 2 -\n\nYours ever", "CONFIDENTIAL\n\nWe agree to the terms.\n\n- 3 -\n\nYours ever")
    furniture_rows = [r for r in c.rows if r.furniture]
    assert furniture_rows and not any(r.varies for r in furniture_rows)
    assert c.varying == 0


def test_the_base_can_be_any_witness():
    texts = ("we met on Monday", "we met on Tuesday", "we met on Tuesday at noon")
    c = table(*texts, base=2)
    assert c.base == 2 and c.comparisons[2] is None
    assert_whole_and_ordered(c)
    assert_matches_compare(c, 0)
    assert_matches_compare(c, 1)


def test_twenty_witnesses_collate():
    rng = random.Random(3)
    words = "the council met and agreed that the treaty should be signed in the spring of next year".split()
    texts = []
    for _ in range(20):
        w = list(words)
        for _ in range(2):
            w.insert(rng.randrange(len(w) + 1), rng.choice(["soon", "perhaps", "formally", "now"]))
        texts.append(" ".join(w))
    c = table(*texts)
    assert len(c.witnesses) == 20 and len(c.agreement) == 20
    assert_whole_and_ordered(c)
    for k in range(1, 20):
        assert_matches_compare(c, k)


# --- two witnesses that are not the base: refinement by their own comparison -------------------------------

def same_row_links(c: Collation, i: int, j: int, alignment) -> tuple[int, int]:
    """(links of the alignment between Wi and Wj that are not moves, those of them the table holds in one row)."""
    at = token_rows(c)
    links = [l for l in alignment.links if l.relation != "moved"]
    return len(links), sum(1 for l in links if at[i][l.draft] == at[j][l.final])


def test_words_two_later_witnesses_add_in_different_gaps_of_the_base_share_rows():
    c = table("the pigs ate the paint root which coloured their bones pink and then the text went on",
              "the pigs ate the paint root which coloured their bones pink Professor Wyman wrote to me of it and then the text went on",
              "the pigs ate Professor Wyman wrote to me of it and then the text went on")
    assert_whole_and_ordered(c)
    for k in (1, 2):
        assert_matches_compare(c, k)
    added = [r for r in c.rows if r.cells[1] and r.cells[2] and not r.cells[0]]
    assert [g.text for r in added for g in r.readings if g.witnesses == ("W2", "W3")] == "Professor Wyman wrote to me of it".split()
    assert pair_agreement(c, 1, 2) == 1.0
    assert c.pairwise[0].merged > 0 and c.pairwise[0].unkept == {}


def test_a_word_two_later_witnesses_add_as_variants_shares_a_row_and_reads_alike():
    c = table("he lives at 10 Downing today", "he lives at 10 Downing Street today", "he lives at 10 Downing St. today")
    row = next(r for r in c.rows if r.cells[2] and c.witnesses[2].tokens[r.cells[2][0]].text == "St.")
    assert row.cells[1] and [g.witnesses for g in row.readings] == [("W1",), ("W2", "W3")], "Street and St. read alike"
    assert pair_agreement(c, 1, 2) == 1.0


@pytest.mark.parametrize("split", [2, 1])
def test_a_word_split_in_a_later_witness_shares_the_row_of_the_word_it_splits(split):
    texts = ["the action of the conditions", "the indirect action of the conditions", "the indirect action of the conditions"]
    texts[split] = "the in direct action of the conditions"
    c = table(*texts)
    assert_whole_and_ordered(c)
    row = next(r for r in c.rows if len(r.cells[split]) == 2)
    assert [c.witnesses[split].tokens[t].text for t in row.cells[split]] == ["in", "direct"] and row.cells[3 - split]
    assert [g.witnesses for g in row.readings] == [("W1",), ("W2", "W3")], "the split word reads as the word it splits"
    n, kept = same_row_links(c, 1, 2, c.pairwise[0].alignment)
    assert kept == n == c.pairwise[0].kept


@pytest.mark.parametrize("texts,cause", [
    # each witness keeps "three four" with the base, but one adds "X Y Z" before them, the other after
    (("one two three four five six", "one two X Y Z three four five six", "one two three four X Y Z five six"), "crossing"),
    # a repeated phrase: the base's first "the minister in" goes with one witness, its second with the other
    (("we met the minister in London and the minister in Paris agreed", "we met the minister in Paris agreed",
      "we met in London and the minister in Paris agreed"), "base"),
])
def test_links_no_table_can_hold_with_each_comparison_with_the_base_are_counted_by_cause(texts, cause):
    c = table(*texts)
    assert_whole_and_ordered(c)
    for k in (1, 2):
        assert_matches_compare(c, k)
    fit = c.pairwise[0]
    n, kept = same_row_links(c, 1, 2, fit.alignment)
    assert (fit.links, fit.kept) == (n, kept) and kept < n
    assert fit.unkept == {cause: n - kept}


def test_the_table_is_refined_by_each_witness_and_the_one_before_it_never_by_the_base():
    texts = ("we met on Monday", "we met on Tuesday", "we met on Tuesday at noon", "we met at noon on Tuesday")
    assert [(p.i, p.j) for p in table(*texts).pairwise] == [(1, 2), (2, 3)]
    assert [(p.i, p.j) for p in table(*texts, base=2).pairwise] == [(0, 1)]
    assert table(*texts[:2]).pairwise == ()


# --- properties ------------------------------------------------------------------------------------------

VOCAB = ["the", "The", "Moscow", "rights,", "we", "and", "&", "meeting", "Soviet", "proposal", "St.", "Street", "No-10", "NO.", "10", "a"]


@st.composite
def histories(draw):
    base = draw(st.lists(st.sampled_from(VOCAB), min_size=1, max_size=25))
    out = [base]
    for _ in range(draw(st.integers(1, 3))):
        w = list(draw(st.sampled_from(out)))
        for _ in range(draw(st.integers(0, 4))):
            op = draw(st.sampled_from(["ins", "del", "swap", "sub"]))
            at = draw(st.integers(0, max(0, len(w) - 1)))
            if op == "ins" or not w:
                w.insert(at, draw(st.sampled_from(VOCAB)))
            elif op == "del" and len(w) > 1:
                del w[at]
            elif op == "swap" and at + 3 < len(w):
                w[at : at + 4] = w[at + 2 : at + 4] + w[at : at + 2]
            else:
                w[at] = draw(st.sampled_from(VOCAB))
        out.append(w)
    return [" ".join(w) for w in out]


@FAST
@given(histories())
def test_every_token_is_in_exactly_one_row_in_order(texts):
    assert_whole_and_ordered(table(*texts))


@FAST
@given(histories())
def test_the_table_on_the_base_and_any_witness_is_their_comparison(texts):
    c = table(*texts)
    for k in range(1, len(texts)):
        assert_matches_compare(c, k)


def blocked(c: Collation, ra: int, rb: int) -> bool:
    """Could no table hold rows ``ra`` and ``rb`` as one, with every other row as it is? Checked afresh, as a
    graph: a base word in either (the base's comparisons), a refining comparison that does not link
    two words the row would join, or a cycle once the two rows are one node (a witness out of order)."""
    rows = c.rows
    if rows[ra].cells[c.base] or rows[rb].cells[c.base]:
        return True
    for fit in c.pairwise:
        linked = {(l.draft, l.final) for l in fit.alignment.links if l.relation != "moved"}
        for x, y in ((ra, rb), (rb, ra)):
            a, b = rows[x].cells[fit.i], rows[y].cells[fit.j]
            if a and b and not any((s, t) in linked for s in a for t in b):
                return True
    node = lambda r: ra if r == rb else r  # noqa: E731
    after: dict[int, set[int]] = {}
    for k in range(len(c.witnesses)):
        at = token_rows(c)[k]
        for r, s in zip(at, at[1:]):
            if node(r) != node(s):
                after.setdefault(node(r), set()).add(node(s))
    state: dict[int, int] = {}

    def cycle(n: int) -> bool:
        state[n] = 1
        for m in after.get(n, ()):
            if state.get(m) == 1 or (m not in state and cycle(m)):
                return True
        state[n] = 2
        return False

    return any(n not in state and cycle(n) for n in list(after))


@FAST
@given(histories())
def test_a_link_refinement_leaves_out_is_one_no_table_can_hold(texts):
    c = table(*texts)
    for fit in c.pairwise:
        at = token_rows(c)
        for l in fit.alignment.links:
            if l.relation != "moved" and at[fit.i][l.draft] != at[fit.j][l.final]:
                assert blocked(c, at[fit.i][l.draft], at[fit.j][l.final]), l


@FAST
@given(histories())
def test_every_link_of_a_refining_comparison_is_in_one_row_or_counted_by_cause(texts):
    c = table(*texts)
    for fit in c.pairwise:
        n, kept = same_row_links(c, fit.i, fit.j, fit.alignment)
        assert (fit.links, fit.kept) == (n, kept)
        assert sum(fit.unkept.values()) == n - kept


# --- two witnesses are compare; the corpus ------------------------------------------------------------------

PAIRS = load_manifest(SAMPLES / "pairs.toml")
CORPUS_PAIRS = [
    ("juxta-welcome/juxta_welcome_v1.txt", "juxta-welcome/juxta_welcome_v2.txt"),
    ("rossetti/rossetti_blessed_damozel_MS.txt", "rossetti/rossetti_blessed_damozel_1870_first_edition.txt"),
    ("darwin/darwin_origin_ch1_1859.txt", "darwin/darwin_origin_ch1_1860.txt"),
    ("julian/ms_1823_licensing.txt", "julian/print_1823.txt"),
]


@pytest.mark.parametrize("pid", [p.id for p in PAIRS])
def test_two_witness_collation_links_what_compare_links_on_the_sample_pairs(pid):
    p = next(p for p in PAIRS if p.id == pid)
    c = collate([p.draft.spec, p.final.spec])
    plain = compare(p.draft.spec, p.final.spec)
    assert c.comparisons[1].alignment.links == plain.alignment.links
    assert_whole_and_ordered(c)
    assert_matches_compare(c, 1)


@pytest.mark.parametrize("a,b", CORPUS_PAIRS)
def test_two_witness_collation_links_what_compare_links_on_the_corpus(a, b):
    c = collate([str(CORPUS / a), str(CORPUS / b)])
    assert c.comparisons[1].alignment.links == compare(str(CORPUS / a), str(CORPUS / b)).alignment.links
    assert_whole_and_ordered(c)
    assert_matches_compare(c, 1)


def test_the_oct88_copies_have_no_varying_row_between_them():
    c = collate(OCT88)
    assert ("W2", "W3") in c.copies
    for r in c.rows:
        if r.varies:
            assert any({"W2", "W3"} <= set(g.witnesses) for g in r.readings), r
    assert c.varying > 0, "the draft differs from both"
    assert c.agreement[1][2] == 1.0 and c.agreement[0][1] < 1.0


def test_two_other_witnesses_keep_most_of_what_their_own_comparison_links():
    c = collate(OCT88)
    share = pair_agreement(c, 1, 2)
    assert share is not None and share >= 0.99


@pytest.fixture(scope="module")
def editions():
    return collate([str(CORPUS / "darwin" / f"darwin_origin_ch1_{y}.txt") for y in (1859, 1861, 1869)])


def test_editions_collate_whole_in_order_and_as_each_comparison_links(editions):
    assert_whole_and_ordered(editions)
    for k in (1, 2):
        assert_matches_compare(editions, k)
    assert editions.dropped == (0, 0, 0)


def test_the_agreement_matrix_puts_each_edition_nearest_its_neighbour(editions):
    a = editions.agreement
    assert a[0][1] > a[0][2] and a[1][2] > a[0][2], "1861 stands between 1859 and 1869"
    assert editions.copies == ()


def test_two_other_editions_keep_nearly_all_their_own_comparison_links(editions):
    assert pair_agreement(editions, 1, 2) >= 0.995


def test_two_other_editions_lose_only_links_their_comparisons_with_the_base_contradict(editions):
    (fit,) = editions.pairwise
    assert fit.merged > 0, "additions at different gaps of the base are brought together"
    assert set(fit.unkept) <= {"base", "crossing"}


def test_no_table_holds_every_pair_s_own_links_on_three_words():
    """Why the property "the table on any two witnesses links what ``compare`` links for them" cannot
    hold in general, on the smallest case: each pair's comparison links one *London*, and the three
    links run W1's first *London* - W2's - W3's - W1's second. A row holds words that are one word,
    so the two London of W1 would share a row, and, each witness reading down the table in order,
    *Paris* between them too, which W1's comparison with W2 does not link. The table keeps the
    comparisons with the base, exactly, and counts the third link as left out for that cause."""
    w1, w2, w3 = "London Paris London", "London Rome", "Madrid London"

    def links(a: str, b: str) -> set[tuple[int, int]]:
        return {(l.draft, l.final) for l in collate_witnesses([wit(a), wit(b)], 0).comparisons[1].alignment.links}

    assert (links(w1, w2), links(w1, w3), links(w2, w3)) == ({(0, 0)}, {(2, 1)}, {(0, 1)})
    c = table(w1, w2, w3)
    assert_whole_and_ordered(c)
    for k in (1, 2):
        assert_matches_compare(c, k)
    (fit,) = c.pairwise
    assert (fit.links, fit.kept, dict(fit.unkept)) == (1, 0, {"base": 1})


@pytest.mark.xfail(strict=True, reason="1859's comparisons with 1861 and with 1869 link repeated words (`competent judges "
                   "as`) to different occurrences in 1859, or keep words of 1859 that 1861/1869's own comparison "
                   "leaves for a passage ordered otherwise: no table that keeps each comparison with the base "
                   "holds those links (docs/collation.md)")
def test_two_other_witnesses_keep_everything_their_own_comparison_links(editions):
    assert pair_agreement(editions, 1, 2) == 1.0


def test_layers_collates_the_typed_and_amended_draft_as_witnesses_of_their_own():
    spec = f"{SAMPLES / '001_2bcad8b2cf3253a8.txt'}"
    c = collate([f"{spec}:80-128", f"{spec}:348-417"], layers=True)
    assert len(c.witnesses) == 3
    typed, amended = c.witnesses[0], c.witnesses[1]
    assert all(t.layer == "typed" for t in typed.tokens) and not any(t.layer == "struck" for t in amended.tokens)
    struck = {t.start for t in load(f"{spec}:80-128").tokens if t.layer == "struck"}
    added = {t.start for t in amended.tokens if t.layer != "typed"}
    differ = [r for r in c.rows if r.varies and not any({"W1", "W2"} <= set(g.witnesses) for g in r.readings)]
    assert differ, "the two states differ"
    for r in differ:  # where the two states part, the typed one has struck words and the amended one added words
        assert all(typed.tokens[t].start in struck for t in r.cells[0]) and all(amended.tokens[t].start in added for t in r.cells[1])
    assert layer_witnesses(wit("plain typed words only")) is None


def test_layers_leaves_handwriting_alone_a_registry_annotation_not_an_amendment():
    assert layer_witnesses(wit("We agree.\n\n*Submit to file*\n")) is None


# --- outputs -------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def oct88():
    return collate(OCT88, ["draft", "copy 1", "copy 2"])


def test_json_follows_the_schema_and_names_every_witness_in_every_row(oct88):
    data = as_dict(oct88)
    jsonschema.validate(data, SCHEMA)
    assert data["format"] == "redline-collation/1"
    ids = [w["id"] for w in data["witnesses"]]
    assert all(list(r["tokens"]) == ids for r in data["rows"])
    assert all(r["readings"] for r in data["rows"] if r["varies"])
    assert data["copies"] == [["W2", "W3"]]
    (pair,) = data["stats"]["pairwise"]
    assert pair["witnesses"] == ["W2", "W3"] and pair["kept"] == pair["links"] > 0 and pair["unkept"] == {}


def test_json_is_what_the_encoder_writes_of_the_plain_data_with_quotes_controls_and_furniture():
    """``render_json`` writes tokens itself, faster than the encoder: byte for byte what the encoder
    writes of ``as_dict``, escapes and all."""
    texts = ['SECRET\n\nHe said "no" \\ to the\tplan — café </script>\n\n- 2 -\n\nand\x07 left.',
             'SECRET\n\nHe said "yes" \\ to the plan — cafe <b>\n\n- 2 -\n\nand left "soon".',
             'He said "no" to the plan, then left.']
    c = table(*texts)
    assert any(t.furniture for w in c.witnesses for t in w.tokens), "a furniture reason is written too"
    assert render_json(c) == json.dumps(as_dict(c), ensure_ascii=False, separators=(",", ":")) + "\n"
    jsonschema.validate(json.loads(render_json(c)), SCHEMA)


def test_json_of_a_transposition_follows_the_schema():
    c = table("we shall meet in London on Monday to discuss the treaty", "we shall meet on Monday in London to discuss the treaty")
    data = as_dict(c)
    jsonschema.validate(data, SCHEMA)
    assert any("moved" in r for r in data["rows"])


def test_csv_has_one_line_per_varying_row(oct88):
    import csv
    import io
    lines = list(csv.reader(io.StringIO(render_csv(oct88))))
    assert lines[0][:3] == ["row", "groups", "moved"] and len(lines[0]) == 6
    assert len(lines) - 1 == oct88.varying


def _tei_reading(root, wid: str) -> list[str]:
    """The words of one witness, read off the parallel segmentation (text every witness shares is
    written as the base has it: compared by key)."""
    ns = "{http://www.tei-c.org/ns/1.0}"
    words: list[str] = []

    def walk(el):
        if el.tag in (f"{ns}lem", f"{ns}rdg") and f"#{wid}" not in el.get("wit", "").split():
            return
        if el.tag == f"{ns}note":
            return
        words.extend((el.text or "").split())
        for child in el:
            walk(child)
            words.extend((child.tail or "").split())

    walk(root.find(f"{ns}text"))
    return words


def test_tei_parallel_segmentation_gives_back_each_witness_text(oct88):
    root = etree.fromstring(render_tei(oct88).encode("utf-8"))
    assert root.find(".//{http://www.tei-c.org/ns/1.0}listWit") is not None
    for k, wid in enumerate(oct88.ids):
        assert list(map(key, _tei_reading(root, wid))) == [t.key for t in oct88.witnesses[k].tokens], wid


@pytest.mark.parametrize("texts", [
    ("the action of the conditions", "the indirect action of the conditions", "the in direct action of the conditions"),
    ("he lives at 10 Downing today", "he lives at 10 Downing Street today", "he lives at 10 Downing St. today"),
])
def test_tei_gives_back_witnesses_that_read_alike_but_spell_otherwise(texts):
    c = table(*texts)
    root = etree.fromstring(render_tei(c).encode("utf-8"))
    for k, wid in enumerate(c.ids):
        assert list(map(key, _tei_reading(root, wid))) == [t.key for t in c.witnesses[k].tokens], wid
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    assert root.xpath("//t:rdg[@type='variant']", namespaces=ns), "the second spelling is marked as a variant of the first"


def test_tei_keeps_strikes_and_insertions_inside_readings():
    spec = f"{SAMPLES / '001_2bcad8b2cf3253a8.txt'}"
    c = collate([f"{spec}:80-128", f"{spec}:348-417"])
    root = etree.fromstring(render_tei(c).encode("utf-8"))
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    assert root.xpath("//t:app/t:lem//t:del", namespaces=ns) and root.xpath("//t:app/t:lem//t:add", namespaces=ns)
    for k, wid in enumerate(c.ids):
        assert list(map(key, _tei_reading(root, wid))) == [t.key for t in c.witnesses[k].tokens], wid


def test_text_lists_places_with_witnesses_grouped(oct88):
    out = render_text(oct88, redlines=False)
    assert "W2 = W3" in out and "proposals" in out
    assert len(places(oct88)) == out.count("\n    W1") and "against W1 (base)" not in out
    assert "W2 against W1 (base)" in render_text(oct88)


def test_terminal_draws_witnesses_as_columns(oct88):
    out = render_terminal(oct88, width=140, color=False, redlines=False)
    header = next(line for line in out.splitlines() if "W1 (base)" in line and "rows" in line)
    assert header.index("W1 (base)") < header.index("W2") < header.index("W3"), "one column a witness, in order"
    assert "proposals" in out and "\x1b[" not in out


def test_html_escapes_labels_and_carries_every_row():
    c = table("we met <b>today</b>", "we met tomorrow")
    c2 = collate_witnesses([wit("a b c", "x.txt"), wit("a c", "y.txt")])
    page = render_html(c)
    assert "<b>today" not in page and "&lt;b&gt;today" in page
    assert page.count('<tr id="r') == len(c.rows)
    assert render_html(c2).count("<rect") >= 1


# --- command line ----------------------------------------------------------------------------------------------

runner = CliRunner()


def test_cli_collates_with_labels_and_writes_json(tmp_path):
    out = tmp_path / "c.json"
    r = runner.invoke(app, ["collate", *OCT88, "--labels", "draft,copy 1,copy 2", "-o", str(out)])
    assert r.exit_code == 0, r.output
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    assert [w["label"] for w in data["witnesses"]] == ["draft", "copy 1", "copy 2"]


def test_cli_base_by_label_and_all_rows():
    r = runner.invoke(app, ["collate", *OCT88, "-l", "draft", "-l", "copy", "--base", "copy", "--format", "text", "--all", "--no-redlines"])
    assert r.exit_code == 0, r.output
    assert "W2" in r.output and "(base)" in r.output.splitlines()[2]


def test_cli_reads_standard_input_once_for_several_ranges():
    text = "We shall meet on Monday.\n\nWe shall meet on Tuesday.\n\nWe shall meet on Tuesday at noon.\n"
    r = runner.invoke(app, ["collate", "-:1-1", "-:3-3", "-:5-5", "--format", "json"], input=text)
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert [len(w["tokens"]) for w in data["witnesses"]] == [5, 5, 7]
    assert [g["witnesses"] for r in data["rows"] if r["varies"] for g in r["readings"]][:2] == [["W1"], ["W2", "W3"]]


@pytest.mark.parametrize("args,says", [
    (["collate", OCT88[0]], "two witnesses"),
    (["collate", *OCT88, "--base", "9"], "--base"),
    (["collate", *OCT88, "--format", "pdf"], "unknown format"),
    (["collate", OCT88[0], "missing-file.txt"], "missing-file.txt"),
    (["collate", *OCT88, "--label", "a", "--labels", "b"], "not both"),
])
def test_cli_errors_are_one_line(args, says):
    r = runner.invoke(app, args)
    assert r.exit_code == 2
    lines = [l for l in r.output.splitlines() if l.strip()]
    assert len(lines) == 1 and lines[0].startswith("redline: error:") and says in lines[0], r.output
