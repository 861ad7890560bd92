"""The ``redline/1`` JSON contract (DESIGN.md): the schema in redline/schemas/contract.schema.json, and the invariants
a schema cannot say, checked on every sample pair and on a few small synthetic pairs."""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from redline.cli import app
from redline.manifest import load_manifest
from redline.normalize import key

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "samples"
SCHEMA = json.loads((resources.files("redline") / "schemas" / "contract.schema.json").read_text(encoding="utf-8"))
"""The schema as the installed package ships it (``redline/schemas/``), so a user validates against the same file."""
PAIRS = load_manifest(SAMPLES / "pairs.toml")
KINDS = ("struck", "inserted", "handwritten", "substituted", "moved", "variant")


def compare_json(draft: str, final: str, *extra: str) -> dict:
    """Run ``redline compare DRAFT FINAL --format json`` as a user would, and parse what it prints."""
    result = CliRunner().invoke(app, ["compare", draft, final, "--format", "json", *extra])
    assert result.exit_code == 0, (result.output, result.exception)
    return json.loads(result.stdout)


def decoded(path: str) -> str:
    data = Path(path).read_bytes()
    return data.decode("utf-8-sig")


def check_contract(doc: dict) -> None:
    """Everything DESIGN.md promises about one JSON document.

    ``matches`` lists every partner and each points back. ``match`` is the first of
    them: a word split in two (draft ``No-10``, despatch ``NO.`` ``10``) matches the
    first of its partners, which points back, while the others point at it.
    """
    Draft202012Validator(SCHEMA).validate(doc)
    tokens = doc["tokens"]

    # Tokens: indexed in order, each its own slice of the decoded file, at its line and column, inside the lines compared.
    for side in ("draft", "final"):
        text = decoded(doc[side]["path"])
        first, last = doc[side]["lines"]
        prev_end = 0
        for n, t in enumerate(tokens[side]):
            assert t["i"] == n
            assert text[t["start"] : t["end"]] == t["text"], t
            assert t["start"] >= prev_end
            prev_end = t["end"]
            line = text.count("\n", 0, t["start"]) + 1
            col = t["start"] - (text.rfind("\n", 0, t["start"]) + 1) + 1
            assert (t["line"], t["col"]) == (line, col), t
            assert first <= t["line"] <= last

    # Matches point back at each other, never at furniture.
    other = {"draft": "final", "final": "draft"}
    for side in ("draft", "final"):
        for t in tokens[side]:
            m = t["match"]
            if t["furniture"] is not False:
                assert m is None, t
            if m is None:
                continue
            partner = tokens[other[side]][m]
            assert partner["furniture"] is False
            assert m == (t["matches"] or [None])[0], t
            for other_i in t["matches"]:  # every partner points back, split words included
                assert t["i"] in tokens[other[side]][other_i]["matches"], (side, t)
            if partner["match"] == t["i"]:
                assert partner["match"] == t["i"], (side, t, partner)
            else:
                sibling = tokens[side][partner["match"]]
                assert sibling["match"] == m and abs(sibling["i"] - t["i"]) <= 3, (side, t, partner, sibling)

    # Edits: unique ids, spans that are their tokens, stats that count them.
    ids = [e["id"] for e in doc["edits"]]
    assert len(ids) == len(set(ids))
    for e in doc["edits"]:
        for side in ("draft", "final"):
            s = e[side]
            if s is None:
                continue
            toks = [tokens[side][i] for i in s["tokens"]]
            assert s["tokens"] == sorted(s["tokens"])
            assert all(t["furniture"] is False for t in toks), e
            assert (s["start"], s["end"], s["line"], s["col"]) == (toks[0]["start"], toks[-1]["end"], toks[0]["line"], toks[0]["col"])
            # The span's words, quoted: ``…`` where the text has words between two of them that it leaves out.
            words = s["text"].split(" ")
            assert [key(w) for w in words if w != "\u2026"] == [key(t["text"]) for t in toks], e
            left_out = [any(not tokens[side][k]["furniture"] for k in range(a + 1, b)) for a, b in zip(s["tokens"], s["tokens"][1:])]
            assert words.count("\u2026") == sum(left_out) and words[0] != "\u2026" != words[-1], e
    counts = Counter(e["kind"] for e in doc["edits"])
    assert {k: doc["stats"][k] for k in KINDS} == {k: counts.get(k, 0) for k in KINDS}

    # Unmatched, non-furniture tokens are exactly the struck (draft) and inserted (final) words.
    unmatched = {side: {t["i"] for t in tokens[side] if t["furniture"] is False and t["match"] is None} for side in tokens}
    gone = [i for e in doc["edits"] if e["draft"] and (e["kind"] in ("struck", "substituted") or e["carried"] is False)
            for i in e["draft"]["tokens"] if i in unmatched["draft"]]
    assert sorted(gone) == sorted(unmatched["draft"]), "each unmatched draft word is in exactly one struck edit"
    added = [i for e in doc["edits"] if e["final"] and e["kind"] in ("inserted", "substituted")
             for i in e["final"]["tokens"] if i in unmatched["final"]]
    assert sorted(added) == sorted(unmatched["final"]), "each unmatched final word is in exactly one inserted edit"
    for e in doc["edits"]:
        if e["kind"] == "struck":
            matched = [tokens["draft"][i]["match"] is not None for i in e["draft"]["tokens"]]
            # carried=false: struck on the page but sent after all, so the words are matched.
            assert all(matched) if e["carried"] is False else not any(matched), e
        if e["kind"] == "inserted" and e["stage"] == "despatch":
            assert e["draft"] is None
            assert all(tokens["final"][i]["match"] is None for i in e["final"]["tokens"]), e
        if e["kind"] in ("moved", "variant"):
            assert all(tokens["draft"][i]["match"] is not None for i in e["draft"]["tokens"]), e


def test_the_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("pair", PAIRS, ids=[p.id for p in PAIRS])
def test_every_sample_pair_keeps_the_contract(pair):
    doc = compare_json(pair.draft.spec, pair.final.spec, "--draft-label", pair.draft.label or "",
                       "--final-label", pair.final.label or "")
    check_contract(doc)
    listed = {k: doc["draft"][k] for k in ("path", "lines", "label")}  # a side may carry more (its opening)
    assert listed == {"path": str(pair.draft.path), "lines": [pair.draft.first, pair.draft.last], "label": pair.draft.label}
    assert doc["final"]["lines"] == [pair.final.first, pair.final.last]
    if pair.copies:
        assert [e["kind"] for e in doc["edits"] if e["kind"] not in ("variant", "paragraph")] == []  # no word edits


def test_the_december_pair_shows_the_strikes_and_insertions_of_the_draft():
    pair = next(p for p in PAIRS if p.id == "dec88")
    doc = compare_json(pair.draft.spec, pair.final.spec)
    check_contract(doc)
    by_rule = Counter(e["rule"] for e in doc["edits"])
    assert by_rule["struck-on-page"] + by_rule["struck-and-replaced"] >= 3
    kinds = {e["kind"] for e in doc["edits"]}
    assert {"struck", "inserted"} <= kinds or "substituted" in kinds
    struck = " ".join(e["draft"]["text"] for e in doc["edits"] if e["draft"] and e["kind"] in ("struck", "substituted"))
    assert "delay" in struck


def test_matches_point_straight_back_even_for_split_words():
    pair = next(p for p in PAIRS if p.id == "dec88")
    doc = compare_json(pair.draft.spec, pair.final.spec)
    check_contract(doc)
    draft, final = doc["tokens"]["draft"], doc["tokens"]["final"]
    (split,) = [t for t in draft if t["text"] == "No-10"]
    assert [final[i]["text"] for i in split["matches"]] == ["NO.", "10"]
    assert all(final[i]["matches"] == [split["i"]] for i in split["matches"])


SYNTHETIC = {
    "marked-page": (
        "Dear Ron,\n\nWe ~~can no longer delay~~ <sup>shall have to reach very soon</sup> a decision on the "
        "conference. Our <sup>experts</sup> people have kept in close touch.\n\n*With warm regards,*\n",
        "DEAR RON\n\nWE SHALL HAVE TO REACH VERY SOON A DECISION ON THE CONFERENCE. OUR EXPERTS HAVE KEPT "
        "IN CLOSE TOUCH.\n\nWITH WARM REGARDS\n",
    ),
    "furniture-and-variants": (
        "SECRET\n\nFollowing for General Powell from No. 10 Downing St. about the\nconference in Moscow.\n\n- 2 -\n\n"
        "We must guard against back-\nsliding & delay.\n",
        "SECRET\n\nFOLLOWING FOR GENERAL POWELL FROM NO. 10 DOWNING STREET ABOUT THE CONFERENCE IN MOSCOW.\n\n"
        "WE MUST GUARD AGAINST BACKSLIDING AND DELAY.\n",
    ),
    "moved-sentence": (
        "The Vienna meeting must end soon. Human rights remain our first concern in every talk. "
        "We shall decide in January after consulting our allies.\n",
        "We shall decide in January after consulting our allies. The Vienna meeting must end soon. "
        "Human rights remain our first concern in every talk.\n",
    ),
    "restored-and-dropped": (
        "I ~~remain worried~~ that <sup>by agreeing now</sup> we would be thought to have let down those who "
        "campaigned so bravely.\n",
        "I REMAIN WORRIED THAT WE WOULD BE THOUGHT TO HAVE LET DOWN THOSE WHO HAVE CAMPAIGNED BRAVELY.\n",
    ),
    "windows-bom": (
        "\ufeffDear Ron,\r\n\r\nWe ~~can no longer delay~~ a UNDER-\r\nSTANDING.\r\n",
        "Dear Ron,\r\n\r\nWe shall have an understanding.\r\n",
    ),
}


EXPECTED = {
    # name: edits (kind, rule) the pair must show, whatever else it shows
    "marked-page": {("substituted", "struck-and-replaced"), ("inserted", "insertion-carried"),
                    ("handwritten", "hand-carried")},
    "furniture-and-variants": {("variant", "abbreviation")},
    "moved-sentence": {("moved", "move")},
    "restored-and-dropped": {("struck", "struck-restored"), ("inserted", "insertion-dropped")},
    "windows-bom": {("struck", "struck-on-page")},
}


@pytest.mark.parametrize("name", sorted(SYNTHETIC))
def test_synthetic_pairs_keep_the_contract(name, tmp_path):
    draft, final = SYNTHETIC[name]
    (tmp_path / "draft.txt").write_bytes(draft.encode("utf-8"))
    (tmp_path / "final.txt").write_bytes(final.encode("utf-8"))
    doc = compare_json(str(tmp_path / "draft.txt"), str(tmp_path / "final.txt"))
    check_contract(doc)
    assert doc["draft"]["label"] is None and doc["draft"]["lines"][0] == 1
    assert EXPECTED[name] <= {(e["kind"], e["rule"]) for e in doc["edits"]}
    furniture = [t["furniture"] for side in ("draft", "final") for t in doc["tokens"][side] if t["furniture"]]
    assert not any(e["draft"] and any(doc["tokens"]["draft"][i]["furniture"] for i in e["draft"]["tokens"])
                   for e in doc["edits"])
    if name == "furniture-and-variants":
        assert furniture.count("classification") == 2 and "page-number" in furniture


def test_a_line_range_keeps_offsets_and_lines_of_the_whole_file(tmp_path):
    archive = ("Minute to the Prime Minister.\n\n" * 3 + "We ~~can no longer delay~~ a decision.\n\n"
               + "Filed.\n\n" + "WE SHALL DECIDE.\n")
    (tmp_path / "archive.txt").write_text(archive, encoding="utf-8")
    spec = str(tmp_path / "archive.txt")
    doc = compare_json(f"{spec}:7-7", f"{spec}:11-11")
    check_contract(doc)
    assert doc["draft"]["lines"] == [7, 7] and doc["final"]["lines"] == [11, 11]
    assert {t["line"] for t in doc["tokens"]["draft"]} == {7}
    assert doc["tokens"]["final"][0]["start"] == archive.index("WE SHALL")


def test_the_json_is_deterministic(tmp_path):
    draft, final = SYNTHETIC["marked-page"]
    (tmp_path / "d.txt").write_text(draft, encoding="utf-8")
    (tmp_path / "f.txt").write_text(final, encoding="utf-8")
    args = ["compare", str(tmp_path / "d.txt"), str(tmp_path / "f.txt"), "--format", "json"]
    assert CliRunner().invoke(app, args).stdout == CliRunner().invoke(app, args).stdout
