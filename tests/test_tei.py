"""TEI P5 out (the draft with a critical apparatus) and in (a TEI transcription as a witness).

The export is parsed back with lxml and checked against the edits; the import is
checked on hand-made transcriptions in tests/data/tei/ (see the README there),
on hostile XML, and by a round trip through the sample drafts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from redline.api import Options, compare, compare_witnesses, load
from redline.errors import InputError
from redline.read import read_source
from redline.render import renderer
from redline.render import tei as tei_render
from redline.read import is_tei
from redline.teiread import parse_tei

NS = "http://www.tei-c.org/ns/1.0"
T = f"{{{NS}}}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
DATA = Path(__file__).parent / "data" / "tei"
S1, S2 = "samples/001_2bcad8b2cf3253a8.txt", "samples/002_6107bf163eec2d22.txt"
PAIRS = {
    "dec88": (f"{S1}:80-128", f"{S1}:348-417", "FCO draft of 21 December 1988", "Telegram T 192A/88 as despatched"),
    "oct88": (f"{S2}:83-111", f"{S2}:1-33", "Draft of 19 October 1988", "Message despatched on 20 October 1988"),
}


@pytest.fixture(scope="module", params=sorted(PAIRS))
def pair(request):
    d, f, dl, fl = PAIRS[request.param]
    c = compare(d, f, draft_label=dl, final_label=fl)
    out = renderer("tei")(c)
    return c, out, etree.fromstring(out.encode("utf-8"))


def local(el) -> str:
    return etree.QName(el).localname


def words_outside(el, skip=("lem", "note")) -> list[str]:
    """The words of ``el`` in document order, leaving out the despatched readings and notes."""
    out: list[str] = []

    def walk(node, skipping: bool) -> None:
        here = skipping or (node is not el and local(node) in skip)
        if not here and node.text:
            out.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                walk(child, here)
            if not here and child.tail:
                out.append(child.tail)

    walk(el, False)
    return " ".join(out).split()


# --- export ------------------------------------------------------------------------------------------

def test_a_tei_p5_document_in_the_tei_namespace(pair):
    c, out, root = pair
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    assert root.tag == f"{T}TEI" and root.nsmap[None] == NS
    titles = [t.text for t in root.iter(f"{T}title")]
    assert c.draft.source.label in titles[0] and c.final.source.label in titles[1]
    wits = {w.get(XML_ID): w for w in root.find(f".//{T}sourceDesc/{T}listWit")}
    assert set(wits) == {"draft", "final"}
    assert c.draft.source.path in wits["draft"].text and c.final.source.label in wits["final"].text
    assert renderer("tei")(c) == out, "the output must be deterministic"


def test_hands_used_are_declared(pair):
    _, _, root = pair
    declared = {h.get(XML_ID) for h in root.iter(f"{T}handNote")}
    assert "typist" in declared
    used = {v.lstrip("#") for el in root.iter() for k, v in el.attrib.items() if k in ("hand", "new")}
    assert used and used <= declared
    assert "hand-marked" in used or "hand-inferred" in used


def test_every_edit_is_one_app_with_matching_readings(pair):
    c, _, root = pair
    apps = {a.get("n"): a for a in root.iter(f"{T}app")}
    assert len(apps) == len(list(root.iter(f"{T}app"))) == len(c.edits)
    for e in c.edits:
        app = apps[e.id]
        assert app.get("type") == e.kind
        lem = app.findall(f"{T}lem")
        rdg = app.findall(f"{T}rdg")
        assert len(lem) == 1 and lem[0].get("wit") == "#final"
        assert len(rdg) == 1 and rdg[0].get("wit") == "#draft" and rdg[0].get("cause") == e.rule
        # The despatch's words; where the edit's quotation leaves words out (``…``), a <gap/>.
        quoted = e.final.text.split() if e.final else []
        assert "".join(lem[0].itertext()).split() == [w for w in quoted if w != "\u2026"]
        assert len(lem[0].findall(f"{T}gap")) == quoted.count("\u2026") and len(lem[0]) == quoted.count("\u2026")
        expected = [c.draft.tokens[i].display for i in e.draft.tokens if not c.draft.tokens[i].furniture] if e.draft else []
        got = words_outside(rdg[0], skip=("lem", "note", "fw"))
        assert got == expected, e.id


def test_every_draft_word_appears_once_in_document_order(pair):
    c, _, root = pair
    body = root.find(f".//{T}body")
    assert words_outside(body) == [t.display for t in c.draft.tokens]


def test_layers_are_encoded_as_tei_transcription(pair):
    c, _, root = pair
    for d in root.iter(f"{T}del"):
        assert d.get("rend") == "strikethrough"
    for a in root.iter(f"{T}add"):
        assert a.get("place") == "above" and a.get("hand", "").startswith("#hand-")
    struck = [t.display for t in c.draft.tokens if t.layer == "struck"]
    in_del = [w for d in root.iter(f"{T}del") for w in " ".join(d.itertext()).split()]
    assert in_del == struck
    inserted = [t.display for t in c.draft.tokens if t.layer == "inserted"]
    assert [w for a in root.iter(f"{T}add") for w in " ".join(a.itertext()).split()] == inserted
    for t in c.draft.tokens:
        if t.furniture:
            fws = [fw for fw in root.iter(f"{T}fw") if t.display in " ".join(fw.itertext()).split()]
            assert any(fw.get("type") == t.furniture for fw in fws), t


def test_page_substitutions_use_subst(pair):
    c, _, root = pair
    subs = [e for e in c.edits if e.kind == "substituted" and e.stage == "draft"]
    apps = {a.get("n"): a for a in root.iter(f"{T}app")}
    for e in subs:
        subst = apps[e.id].find(f"{T}rdg/{T}subst")
        assert subst is not None
        assert {local(k) for k in subst} >= {"del", "add"}
    if c.draft.source.label.startswith("FCO"):
        assert subs, "the dec88 draft has a substitution on the page"
        first = apps[subs[0].id].find(f"{T}rdg/{T}subst")
        assert [d.text for d in first.iter(f"{T}del")] == ["can no longer delay"], "one <del> per struck run"


ALLOWED_PARENTS = {
    "p": {"div"}, "ab": {"div"}, "app": {"p", "ab", "rdg"}, "lem": {"app"}, "rdg": {"app"}, "note": {"app"},
    "del": {"p", "ab", "rdg", "subst", "fw"}, "add": {"p", "ab", "rdg", "subst", "fw"},
    "subst": {"rdg", "p"}, "fw": {"p", "ab", "rdg"}, "lb": {"p", "ab", "rdg", "del", "add", "fw", "subst"},
    "handShift": {"p", "ab", "rdg", "fw"}, "gap": {"lem"},
}


def test_element_nesting_is_allowed_by_tei(pair):
    _, out, root = pair
    body = root.find(f".//{T}body")
    for el in body.iter():
        name = local(el)
        if name in ("body", "div"):
            continue
        assert name in ALLOWED_PARENTS, name
        assert local(el.getparent()) in ALLOWED_PARENTS[name], (name, local(el.getparent()))
    for p in body.iter(f"{T}p"):
        assert not list(p.iter(f"{T}p"))[1:], "no <p> inside <p>"
        assert not list(p.iter(f"{T}ab"))
    for sub in body.iter(f"{T}subst"):
        assert all(local(k) in ("del", "add", "lb") for k in sub)
        assert not (sub.text or "").strip() and all(not (k.tail or "").strip() for k in sub)


def test_mixed_content_is_not_pretty_printed(pair):
    _, out, _ = pair
    body = out[out.index("<body>"):]
    assert not re.search(r"\n[ \t]+<", body), "indentation inside mixed content changes the text"
    assert all(line.startswith(("<lb/>", "<p", "<ab", "</div", "<text", "</TEI")) or not line
               for line in body.splitlines()[1:])


def test_registered_as_a_format(pair):
    c, out, _ = pair
    assert renderer("tei") is tei_render.render


# --- import ------------------------------------------------------------------------------------------

def read(name: str):
    source, _ = read_source(str(DATA / name))
    return source, parse_tei(source)


def test_is_tei():
    assert is_tei((DATA / "draft_dec88_excerpt.xml").read_text())
    assert is_tei("<TEI><text><body><p>x</p></body></text></TEI>")
    assert is_tei("\ufeff<?xml version='1.0'?><tei:TEI xmlns:tei='http://www.tei-c.org/ns/1.0'/>")
    assert not is_tei(Path(S1).read_text())
    assert not is_tei("<sup>shall have to reach</sup> a decision")
    assert not is_tei("<html><body>TEI</body></html>")


def test_offsets_point_at_the_text():
    source, w = read("draft_dec88_excerpt.xml")
    assert w.tokens
    for t in w.tokens:
        assert source.text[t.start:t.end] == t.text
        line_start = source.text.rfind("\n", 0, t.start) + 1
        assert source.text.count("\n", 0, t.start) + 1 == t.line and t.start - line_start + 1 == t.col
    assert [t.i for t in w.tokens] == list(range(len(w.tokens)))


def test_layers_hands_and_readings():
    _, w = read("draft_dec88_excerpt.xml")
    by = {}
    for t in w.tokens:
        by.setdefault(t.key, []).append(t)
    layer = lambda k, n=0: by[k][n].layer  # noqa: E731
    # <del>, <hi rend="line-through">, <hi rend="strikethrough"> are struck; <add> is inserted
    assert [layer(k) for k in ("can", "longer", "delay", "people")] == ["struck"] * 4
    assert [layer(k) for k in ("shall", "reach", "soon", "experts")] == ["inserted"] * 4
    assert by["and"][0].layer == "struck" and by["and"][1].layer == "typed"
    # handShift to a manuscript hand, and back to the typescript hand declared in <handNotes>
    assert layer("following") == "hand" and layer("downing") == "hand"
    assert layer("if") == "typed"
    # hand= on an element
    assert layer("yours") == "hand" and layer("margaret") == "hand"
    # <choice>: one reading only, corr over sic and expan over abbr
    assert "for" in by and "mr" not in by
    assert "10" in by and "no10" not in by
    # <gap> and its <desc> give no token; <note> is not text of the document; <unclear> is kept
    assert "blotted" not in by and "editorial" not in by
    assert "which" in by
    # the header is not read
    assert "test" not in by and "typewriter" not in by


def test_furniture_from_fw():
    _, w = read("draft_dec88_excerpt.xml")
    furniture = {t.key: t.furniture for t in w.tokens if t.furniture}
    assert furniture == {"secret": "header", "2": "page-number"}


def test_entities_keep_the_surface_and_key_the_decoded_text():
    _, w = read("draft_dec88_excerpt.xml")
    amp = [t for t in w.tokens if t.key == "and"]
    assert [t.text for t in amp] == ["&amp;", "&amp;"]
    joined = next(t for t in w.tokens if t.key == "nancys")
    assert joined.text == 'Nancy<lb break="no"/>s'


def test_lines_and_paragraphs():
    _, w = read("draft_dec88_excerpt.xml")
    yours, margaret = (next(t for t in w.tokens if t.key == k) for k in ("yours", "margaret"))
    assert yours.para == margaret.para and margaret.line == yours.line + 1
    please = next(t for t in w.tokens if t.key == "please")
    if_ = next(t for t in w.tokens if t.key == "if")
    assert please.para < if_.para
    assert sorted({t.para for t in w.tokens}) == list(range(len({t.para for t in w.tokens})))


def test_malformed_xml_names_file_and_line():
    with pytest.raises(InputError, match=r"malformed\.xml:4:\d+: not well-formed XML"):
        read("malformed.xml")


def test_entity_expansion_is_refused():
    try:
        _, w = read("billion_laughs.xml")
    except InputError as exc:
        assert "billion_laughs.xml:" in str(exc)
    else:
        assert sum(len(t.text) for t in w.tokens) < 100
        assert "lol" not in "".join(t.key for t in w.tokens)


def test_external_entities_are_never_fetched():
    _, w = read("external_entity.xml")
    assert [t.key for t in w.tokens] == ["before", "after"]


def test_a_tei_draft_compares_with_a_text_telegram():
    _, w = read("draft_dec88_excerpt.xml")
    c = compare_witnesses(w, load(f"{S1}:348-417"))
    sub = next(e for e in c.edits if e.kind == "substituted" and e.stage == "draft")
    d = [c.draft.tokens[i] for i in sub.draft.tokens]
    assert [t.key for t in d if t.layer == "struck"] == ["can", "no", "longer", "delay"]
    assert sub.final.text == "SHALL HAVE TO REACH \u2026 VERY SOON" and sub.carried  # the despatch: REACH A DECISION VERY SOON
    assert sub.draft.line == 24 and sub.draft.start == w.tokens[d[0].i].start


# --- round trip --------------------------------------------------------------------------------------

def test_round_trip_keeps_keys_layers_furniture_and_paragraphs(pair):
    c, out, _ = pair
    source, _ = read_source("roundtrip.xml", data=out.encode("utf-8"))
    assert is_tei(source.text)
    w = parse_tei(source)
    for t in w.tokens:
        assert source.text[t.start:t.end] == t.text
    expect = [(t.key, t.layer, t.inferred, t.furniture, t.para) for t in c.draft.tokens]
    assert [(t.key, t.layer, t.inferred, t.furniture, t.para) for t in w.tokens] == expect
    assert [t.line for t in w.tokens] == sorted(t.line for t in w.tokens)


def test_round_trip_gives_the_same_edits(pair):
    c, out, _ = pair
    source, _ = read_source("roundtrip.xml", data=out.encode("utf-8"))
    again = compare_witnesses(parse_tei(source), load(c.final.source.spec), Options(infer_hands=False))

    def shape(cmp):
        keys = lambda w, s: [w.tokens[i].key for i in s.tokens] if s else None  # noqa: E731
        return [(e.kind, e.rule, keys(cmp.draft, e.draft), keys(cmp.final, e.final)) for e in cmp.edits]

    assert shape(again) == shape(c)


def test_characters_xml_cannot_hold_do_not_break_the_export(tmp_path):
    draft, final = tmp_path / "d.txt", tmp_path / "f.txt"
    draft.write_text("We ~~shall\x01 not~~ agree & <sup>now</sup> sign.\n", encoding="utf-8")
    final.write_text("We agree now & sign.\n", encoding="utf-8")
    c = compare(str(draft), str(final), draft_label="Draft \x02 <1>", final_label="Final & sent")
    root = etree.fromstring(renderer("tei")(c).encode("utf-8"))
    # Control characters are shown as their visible pictures (U+2401, U+2402) or, where one
    # reaches the XML writer, replaced: never written raw.
    assert "Draft \u2402 <1>" in [t.text for t in root.iter(f"{T}title")]
    assert any(w in ("shall\ufffd", "shall\u2401") for w in words_outside(root.find(f".//{T}body")))
    assert len(list(root.iter(f"{T}app"))) == len(c.edits)


def test_element_names_may_start_with_any_letter(tmp_path):
    """Well-formed XML allows ``<änd>``; the reader must too, and keep the words inside."""
    p = tmp_path / "n.xml"
    p.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>café <änd>x</änd> done</p></body></text></TEI>',
        encoding="utf-8",
    )
    w = load(str(p))
    assert [t.key for t in w.tokens] == ["café", "x", "done"]


def test_apparatus_entries_carry_their_reading_order_number(pair):
    """Issue 15 point 4: each entry's note gives the number a reader of the report and the
    citations knows it by (reading order of the despatch), 1 … n, each once."""
    from redline.order import numbered

    c, _, root = pair
    numbers = numbered(c)
    notes = {a.get("n"): a.find(f"{T}note") for a in root.iter(f"{T}app")}
    assert {i: int(n.get("n")) for i, n in notes.items()} == numbers
    assert sorted(numbers.values()) == list(range(1, len(c.edits) + 1))
