"""The HTML report, read as a document: one element per edit, everything escaped, nothing external, stable bytes."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import lxml.html
import pytest
from typer.testing import CliRunner

from redline.api import compare
from redline.cli import app
from redline.manifest import load_manifest, samples_dir
from redline.order import reading_order
from redline.render import renderer

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).parent / "data" / "hostile"
PAIRS = {p.id: p for p in load_manifest(samples_dir() / "pairs.toml")}


def rel(spec: str) -> str:
    """A sample spec relative to the checkout, as a user would type it (keeps output free of absolute paths)."""
    return spec.replace(str(samples_dir()), "samples")


@pytest.fixture(scope="module")
def reports():
    """pair id → (comparison, html, json contract) for every sample pair."""
    out = {}
    for pid, p in PAIRS.items():
        c = compare(rel(p.draft.spec), rel(p.final.spec), draft_label=p.draft.label, final_label=p.final.label)
        out[pid] = (c, renderer("html")(c), json.loads(renderer("json")(c)))
    return out


def doc(html: str):
    return lxml.html.fromstring(html)


def text_of(el) -> str:
    return " ".join(el.text_content().split())


@pytest.fixture(autouse=True)
def _cwd(monkeypatch):
    monkeypatch.chdir(ROOT)


# --- one element per edit ------------------------------------------------------------------------

@pytest.mark.parametrize("pid", sorted(PAIRS))
def test_one_element_per_edit_with_its_kind(reports, pid):
    c, html, contract = reports[pid]
    d = doc(html)
    marked = d.xpath("//*[@data-edit]")
    assert len(marked) == len(contract["edits"])
    assert sorted(el.get("data-edit") for el in marked) == sorted(e["id"] for e in contract["edits"])
    by_id = {e["id"]: e for e in contract["edits"]}
    for el in marked:
        e = by_id[el.get("data-edit")]
        classes = el.get("class").split()
        assert "edit" in classes and f"k-{e['kind']}" in classes and f"s-{e['stage']}" in classes
        assert el.get("id") == f"edit-{e['id']}"
        # each edit element sits in the redline and refers to its row in the list
        assert el.xpath("ancestor::section[@id='redline']")
        assert el.xpath(f".//a[@class='ref' and @href='#row-{e['id']}']")
    # the legend and side-by-side views never add countable elements
    assert len(d.xpath("//section[@id='redline']//*[@data-edit]")) == len(contract["edits"])


@pytest.mark.parametrize("pid", sorted(PAIRS))
def test_struck_and_added_words_are_marked(reports, pid):
    """A <del> holds exactly the draft words struck on the page; every word only the despatch has is in <ins>.

    Words the despatch leaves out without a strike, or has elsewhere, are shown at the draft's
    place too, but never as a deletion: screen readers hear "deletion" only for a strike.
    """
    c, html, _ = reports[pid]
    text = doc(html).xpath("//section[@id='redline']//div[@class='text']")[0]
    dmap, fmap = c.alignment.draft_map(), c.alignment.final_map()
    struck = {t.i for t in c.draft.tokens if t.layer == "struck" and (t.i not in dmap or dmap[t.i].relation == "moved")}
    gone = {t.i for t in c.draft.tokens if not t.furniture and (t.i not in dmap or dmap[t.i].relation == "moved")}
    in_del = {int(w.get("data-i")) for w in text.xpath(".//del//*[@data-side='d']")}
    shown = {int(w.get("data-i")) for w in text.xpath(".//*[@data-side='d']")}
    assert in_del == struck
    assert gone <= shown
    added = [t for t in c.final.tokens if not t.furniture and t.i not in fmap]
    ins_words = " ".join(text_of(e) for e in text.xpath(".//ins")).split()
    assert len(ins_words) == sum(len(t.display.split()) for t in added)
    # and the despatched text is all there, in the inline view
    shown_text = text_of(text)
    for t in c.final.tokens:
        assert t.display.split()[0] in shown_text


def test_dec88_moves_are_linked_both_ways(reports):
    c, html, contract = reports["dec88"]
    d = doc(html)
    moved = [e for e in contract["edits"] if e["kind"] == "moved"]
    assert moved, "the dec88 sample has moved passages"
    for e in moved:
        primary = d.get_element_by_id(f"edit-{e['id']}")
        twin = d.get_element_by_id(f"twin-{e['id']}")
        assert primary.get("data-goto") == f"twin-{e['id']}"
        assert twin.get("data-goto") == f"edit-{e['id']}" and twin.get("data-twin") == e["id"]
        assert twin.xpath(".//a[@class='mv']")[0].get("href") == f"#edit-{e['id']}"
        # the twin stands at the draft's place: its words are the draft's, struck only where the page strikes them
        assert [int(x.get("data-i")) for x in twin.xpath(".//*[@data-side='d']")] == e["draft"]["tokens"]
        layers = {c.draft.tokens[i].layer for i in e["draft"]["tokens"]}
        assert bool(twin.xpath(".//del")) == (layers == {"struck"})


@pytest.mark.parametrize("pid", sorted(PAIRS))
def test_internal_links_resolve(reports, pid):
    d = doc(reports[pid][1])
    all_ids = d.xpath("//@id")
    ids = set(all_ids)
    assert len(ids) == len(all_ids), "ids are unique"
    for href in d.xpath("//a/@href"):
        assert href.startswith("#"), href
        assert href[1:] in ids, href
    for ref in d.xpath("//@data-goto | //@aria-describedby"):
        assert ref in ids


def test_variants_show_the_drafts_reading_to_keyboard_users(reports):
    c, html, contract = reports["dec88"]
    d = doc(html)
    variants = [e for e in contract["edits"] if e["kind"] == "variant"]
    assert variants
    for e in variants:
        el = d.get_element_by_id(f"edit-{e['id']}")
        assert el.get("tabindex") == "0"
        tip = d.get_element_by_id(el.get("aria-describedby"))
        assert tip.get("role") == "tooltip"
        assert e["draft"]["text"] in tip.text_content()


def test_hand_marked_and_inferred_look_different(reports):
    d = doc(reports["dec88"][1])
    inferred = d.xpath("//div[@class='text']//*[contains(concat(' ', @class, ' '), ' hand ') and contains(@class, 'inferred')]")
    marked_sub = d.xpath("//*[@data-edit and contains(@class, 'h-marked')]")
    assert inferred and marked_sub
    css = d.xpath("//style")[0].text
    assert re.search(r"\.hand\.marked \{[^}]*overline solid", css)
    assert re.search(r"\.hand\.inferred \{[^}]*overline dotted", css)


@pytest.mark.parametrize("pid", sorted(PAIRS))
def test_edit_list_has_a_row_and_citation_per_edit(reports, pid):
    c, html, contract = reports[pid]
    d = doc(html)
    rows = d.xpath("//section[@id='edits']//tbody/tr")
    by_id = {e["id"]: e for e in contract["edits"]}
    assert sorted(r.get("id") for r in rows) == sorted(f"row-{i}" for i in by_id)
    assert [r.get("id") for r in rows] == [f"row-{e.id}" for e in reading_order(c)]  # numbered as read
    for n, row in enumerate(rows, 1):
        e = by_id[row.get("id")[4:]]
        assert row.get("data-kind") == e["kind"]
        assert text_of(row.xpath(".//a[@class='go']")[0]) == str(n)
        cite = row.xpath(".//button[@data-cite]")[0].get("data-cite")
        assert e["id"] in cite
        if e["draft"]:
            assert f"l. {e['draft']['line']}" in text_of(row) or f"ll. {e['draft']['line']}\u2013" in text_of(row)


def test_summary_reports_stats_and_paragraphs(reports):
    c, html, _ = reports["dec88"]
    d = doc(html)
    figures = {text_of(div.xpath("dt")[0]): text_of(div.xpath("dd")[0]) for div in d.xpath("//dl[@class='figures']/div")}
    assert figures["Draft reached the despatch verbatim"] == f"{c.stats['verbatim_share'] * 100:.1f} %"
    assert figures["Additions adopted (above the line or by hand)"] == str(c.stats["insertions_adopted"])
    assert figures["Struck passages restored"] == str(c.stats["strikes_restored"])
    assert figures["Edits"].split()[0] == str(len(c.edits))
    counts = {text_of(r.xpath("th")[0]): [int(td.text) for td in r.xpath("td")] for r in d.xpath("//table[@class='counts']/tbody/tr")}
    for kind, (on_draft, at_despatch, total) in counts.items():
        assert total == c.stats[kind] == on_draft + at_despatch
    paras = {t.para for t in c.draft.tokens if not t.furniture}
    bars = d.xpath("//table[@class='paras']/tbody/tr")
    assert len(bars) == len(paras)
    assert sum(int(r.xpath("td[@class='num']")[0].text) for r in bars) == len(c.edits)
    for label in (c.draft.source.label, c.final.source.label):
        assert label in text_of(d.xpath("//header")[0])


def test_three_states_only_for_an_amended_draft(tmp_path):
    (tmp_path / "a.txt").write_text("We shall meet in Vienna soon.\n")
    (tmp_path / "b.txt").write_text("WE SHALL MEET IN GENEVA SOON.\n")
    plain = doc(renderer("html")(compare(str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))))
    assert not plain.xpath("//section[@id='states']")
    (tmp_path / "c.txt").write_text("We ~~shall~~ <sup>will</sup> meet in Vienna soon.\n")
    amended = doc(renderer("html")(compare(str(tmp_path / "c.txt"), str(tmp_path / "b.txt"))))
    heads = [text_of(th) for th in amended.xpath("//section[@id='states']//thead//th")]
    assert heads == ["1. Typed draft", "2. Amended draft", "3. Despatched"]
    row = amended.xpath("//section[@id='states']//tbody/tr")[0]
    typed, amend, _ = (text_of(td) for td in row.xpath("td"))
    assert "shall" in typed and "will" not in typed
    assert "will" in amend and "shall" not in amend


def test_identical_texts_say_no_edits(tmp_path):
    (tmp_path / "a.txt").write_text("Nothing changed here.\n")
    d = doc(renderer("html")(compare(str(tmp_path / "a.txt"), str(tmp_path / "a.txt"))))
    assert not d.xpath("//*[@data-edit]")
    assert "No edits" in text_of(d.get_element_by_id("edits"))


def test_a_draft_of_page_furniture_alone_claims_no_share(tmp_path):
    """A draft with no words to compare (``SECRET``, ``- 2 -``) reached the despatch neither whole
    nor in part: every view says there is nothing to compare, none says 100 %."""
    (tmp_path / "a.txt").write_text("SECRET\n\n- 2 -\n")
    (tmp_path / "b.txt").write_text("We agree.\n")
    c = compare(str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert c.stats["verbatim_share"] is None
    figures = {text_of(div.xpath("dt")[0]): text_of(div.xpath("dd")[0]) for div in doc(renderer("html")(c)).xpath("//dl[@class='figures']/div")}
    assert figures["Draft reached the despatch verbatim"] == "no words to compare"
    for fmt in ("text", "terminal"):
        out = renderer(fmt)(c)
        assert "no words to compare" in out and "%" not in out
    assert "\n1 edit: 0 struck, 1 inserted" in renderer("text")(c)


# --- safe and self-contained --------------------------------------------------------------------

HOSTILE_LABEL = '<script>window.__pwned=9</script>{{ config }}" onmouseover="x'


@pytest.fixture(scope="module")
def hostile():
    c = compare(str(HOSTILE / "draft.txt"), str(HOSTILE / "final.txt"), draft_label=HOSTILE_LABEL, final_label="<img src=x onerror=alert(1)>")
    return c, renderer("html")(c)


def test_hostile_text_is_shown_as_text(hostile):
    c, html = hostile
    d = doc(html)
    assert len(d.xpath("//script")) == 1 and d.xpath("//script")[0].get("src") is None
    assert not d.xpath("//img | //iframe | //object | //embed | //link | //base | //form | //svg[not(@class='bar')]")
    assert not [a for el in d.iter() if isinstance(el.tag, str) for a in el.attrib if a.lower().startswith("on")]
    shown = d.text_content()
    for needle in ("<script>window.__pwned", 'onerror="window.__pwned=2">', "{{config}}", "%}Soviets{%",
                   "</textarea></style><b", 'onload="window.__pwned=4"></svg>', HOSTILE_LABEL):
        assert needle in shown, needle
    assert "&lt;script&gt;window.__pwned" in html
    assert "<script>window" not in html and "<img src=x" not in html
    # every edit is still there, once
    assert len(d.xpath("//*[@data-edit]")) == len(c.edits)


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


@pytest.mark.parametrize("pid", sorted(PAIRS))
def test_self_contained_with_a_strict_csp(reports, pid):
    html = reports[pid][1]
    d = doc(html)
    csp = d.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "default-src 'none'" in csp
    style, script = d.xpath("//style")[0].text, d.xpath("//script")[0].text
    assert f"style-src '{_hash(style)}'" in csp and f"script-src '{_hash(script)}'" in csp
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/|@import|url\(", style + script, re.I)
    assert not d.xpath("//*[@src] | //link | //*[@style]")
    assert not re.search(r"\son[a-z]+=", html)


@pytest.mark.parametrize("pid", sorted(PAIRS))
def test_deterministic(reports, pid):
    c, html, _ = reports[pid]
    assert renderer("html")(c) == html
    assert str(ROOT) not in html
    assert not re.search(r"20[0-9]{2}-[01][0-9]-[0-3][0-9]|[0-2][0-9]:[0-5][0-9]:[0-5][0-9]", html)


def test_generated_note_only_when_asked(reports):
    c = reports["oct88"][0]
    assert "Made on 1 May" in renderer("html")(c, generated="Made on 1 May")


# --- the command --------------------------------------------------------------------------------

DEC88 = ("samples/001_2bcad8b2cf3253a8.txt:80-128", "samples/001_2bcad8b2cf3253a8.txt:348-417")


def test_report_command_writes_one_file(tmp_path, reports):
    out = tmp_path / "r" / "dec88.html"
    result = CliRunner().invoke(app, ["report", *DEC88, "-o", str(out), "--draft-label", "FCO draft", "--final-label", "Telegram"])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    d = doc(html)
    assert d.xpath("//h1")[0].text_content() == "FCO draft \u2192 Telegram"
    assert len(d.xpath("//*[@data-edit]")) == len(reports["dec88"][2]["edits"])


@pytest.mark.parametrize("name, starts", [("r.html", "<!DOCTYPE html>"), ("r.JSON", "{"), ("r.xml", "<?xml"), ("r.txt", "redline: ")])
def test_compare_writes_the_format_its_output_file_names(tmp_path, name, starts):
    """``compare A B -o report.html`` without ``--format`` writes HTML, not plain text in an .html file."""
    out = tmp_path / name
    result = CliRunner().invoke(app, ["compare", *DEC88, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith(starts)


def test_report_to_stdout_matches_compare_format_html():
    runner = CliRunner()
    a = runner.invoke(app, ["report", *DEC88])
    b = runner.invoke(app, ["compare", *DEC88, "--format", "html"])
    assert a.exit_code == b.exit_code == 0
    assert a.stdout.startswith("<!DOCTYPE html>") and a.stdout == b.stdout


def test_report_command_errors_are_one_line(tmp_path):
    result = CliRunner().invoke(app, ["report", str(tmp_path / "missing.txt"), DEC88[1]])
    assert result.exit_code == 2
    assert "missing.txt" in result.output and "Traceback" not in result.output
    src = tmp_path / "in.txt"
    src.write_text("A text.\n")
    result = CliRunner().invoke(app, ["report", str(src), str(src), "-o", str(src)])
    assert result.exit_code == 2 and src.read_text() == "A text.\n"


def test_every_edit_gets_one_element_even_when_edits_cross(reports):
    """Edits that overlap without nesting are split into a primary element and linked parts, never lost."""
    from dataclasses import replace

    c = reports["dec88"][0]
    sub = next(e for e in c.edits if e.kind == "substituted")
    toks = sub.draft.tokens
    crossing = replace(sub, id="Ecross", kind="struck", stage="despatch",
                       draft=replace(sub.draft, tokens=tuple(range(toks[len(toks) // 2], toks[-1] + 8))), final=None)
    c2 = replace(c, edits=(*c.edits, crossing))
    html = renderer("html")(c2)
    d = doc(html)
    assert len(d.xpath("//*[@data-edit]")) == len(c2.edits)
    assert d.xpath("//*[@data-edit='Ecross']") and d.xpath("//*[@data-twin='Ecross']")
    all_ids = d.xpath("//@id")
    assert len(all_ids) == len(set(all_ids))
    assert html.count("<span") == html.count("</span>")


def test_plain_citation_when_the_facts_cannot_be_read(reports, monkeypatch):
    from redline.render import html as html_module

    c = reports["dec88"][0]
    e = next(e for e in c.edits if e.kind == "struck" and e.stage == "draft")
    monkeypatch.setattr(html_module, "facts", lambda c, e: 1 / 0)
    text, dloc, floc = html_module._cited(c, e)
    assert dloc == html_module._loc(c.draft, e.draft) and dloc.startswith(c.draft.source.path)
    assert text.startswith(f"{c.draft.source.name}, {c.draft.source.path}:{e.draft.line}:{e.draft.col}")
    assert e.draft.text in text and text.endswith(f"[{e.id}]")


def test_inferred_hands_are_explained(reports):
    c, html, _ = reports["dec88"]
    d = doc(html)
    rows = d.xpath("//table[@class='hands']/tbody/tr")
    assert [text_of(r.xpath("th")[0]) for r in rows] == list(c.draft.hands)
    assert "among page furniture" in text_of(rows[0])


def test_random_overlapping_edits_keep_the_invariants(reports):
    """Whatever the classifier produces, every edit gets one element, ids stay unique and spans balance."""
    import random
    from dataclasses import replace

    from redline.model import KINDS, Edit, Span

    c = reports["dec88"][0]
    rng = random.Random(1988)
    nd, nf = len(c.draft.tokens), len(c.final.tokens)

    def span(n):
        a = rng.randrange(n)
        toks = tuple(sorted(set(rng.sample(range(a, min(n, a + 40)), k=min(rng.randint(1, 6), min(n, a + 40) - a)))))
        return Span(toks, "x", 0, 1, 1, 1)

    extra = []
    for n in range(40):
        kind = rng.choice(KINDS)
        draft = span(nd) if rng.random() < 0.8 else None
        final = span(nf) if draft is None or rng.random() < 0.6 else None
        extra.append(Edit(f"R{n}", kind, rng.choice(["draft", "despatch"]), None, "unmarked", "random", draft, final))
    c2 = replace(c, edits=(*c.edits, *extra))
    html = renderer("html")(c2)
    d = doc(html)
    assert sorted(d.xpath("//@data-edit")) == sorted(e.id for e in c2.edits)
    all_ids = d.xpath("//@id")
    assert len(all_ids) == len(set(all_ids))
    assert html.count("<span") == html.count("</span>")
    for ref in d.xpath("//@data-goto"):
        assert ref in set(all_ids)


def test_report_command_warns_and_strict_refuses(tmp_path):
    (tmp_path / "d.txt").write_text("We ~~must not go.\n")
    (tmp_path / "f.txt").write_text("WE GO.\n")
    out = tmp_path / "r.html"
    args = ["report", str(tmp_path / "d.txt"), str(tmp_path / "f.txt"), "-o", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0
    assert "d.txt:1:4: warning:" in result.stderr
    assert "never closed" in text_of(doc(out.read_text()).get_element_by_id("summary")), "the report repeats the warning"
    out.unlink()
    result = CliRunner().invoke(app, [*args, "--strict"])
    assert result.exit_code == 2 and not out.exists()
    assert result.stderr.startswith("redline: error:")


def test_the_footer_reads_as_sentences(reports):
    _, html, _ = reports["dec88"]
    footer = " ".join(text_of(doc(html).xpath("//footer")[0]).split())
    assert ". Page furniture is shown" in footer


# --- issue 15: made-up pairs, one a point ----------------------------------------------------------

def _made_up(tmp_path, draft: str, final: str):
    (tmp_path / "d.txt").write_text(draft, encoding="utf-8")
    (tmp_path / "f.txt").write_text(final, encoding="utf-8")
    c = compare(str(tmp_path / "d.txt"), str(tmp_path / "f.txt"))
    return c, doc(renderer("html")(c))


def test_words_left_out_without_a_strike_are_not_deletions(tmp_path):
    """Point 1: only the struck word is a <del>; a sentence the despatch drops without a strike and
    a word above the line that moved keep looks of their own."""
    c, d = _made_up(tmp_path, "We ~~could~~ <sup>can</sup> agree now. Please note that the terms are fair.\n",
                    "WE CAN AGREE. THE TERMS ARE FAIR.\n")
    text = d.xpath("//section[@id='redline']//div[@class='text']")[0]
    assert [text_of(x) for x in text.xpath(".//del")] == ["could"]
    dropped = " ".join(text_of(x) for x in text.xpath(".//*[contains(concat(' ', @class, ' '), ' dropped ')]"))
    assert dropped == "now. Please note that"
    css = (ROOT / "templates" / "report.css").read_text()
    assert re.search(r"\.dropped \{[^}]*text-decoration: none", css)
    assert re.search(r'\.dropped::before \{ content: "[^"]+" / ""; \}', css), "brackets not read aloud"


def test_margin_numbers_are_the_despatchs_lines(tmp_path):
    """Point 5: beside the despatched text the margin gives the despatch's own line numbers; the
    draft's (``d.``) only beside words only the draft has."""
    c, d = _made_up(tmp_path, "\n\n\nWe agree.\nPlease reply today.\n", "WE AGREE.\n")
    labels = [ln.get("data-line") for ln in d.xpath("//section[@id='redline']//span[contains(@class, 'ln')]")]
    assert labels == ["1", "d.5"]


def test_variants_are_claims_with_evidence_and_no_internal_codes(tmp_path):
    """Point 7: a variant reading is said to be assumed, with its evidence and a confidence; the
    reader's view names no internal code."""
    c, d = _made_up(tmp_path, "We walked to falle in the rain today.\n", "WE WALKED TO FALTER IN THE RAIN TODAY.\n")
    variants = [e for e in c.edits if e.kind == "variant"]
    assert variants
    row = d.get_element_by_id(f"row-{variants[0].id}")
    assert "assumed" in text_of(row) and "confidence" in text_of(row)
    summary = text_of(d.get_element_by_id("summary"))
    assert "assumed" in summary and "word for word" in summary
    shown = text_of(d.xpath("//body")[0])
    for code in ("dmp-tokens", "ocr-similar", "struck-and-replaced", "added-at-despatch", " · unmarked", " · marked"):
        assert code not in shown


def test_words_above_the_line_are_a_place_not_a_hand(tmp_path):
    """Point 8: an insertion marked ``<sup>`` is described as above the line, never as handwriting."""
    c, d = _made_up(tmp_path, "We shall <sup>soon</sup> meet in Vienna.\n", "WE SHALL SOON MEET IN VIENNA.\n")
    e = next(e for e in c.edits if e.kind == "inserted")
    row = text_of(d.get_element_by_id(f"row-{e.id}"))
    assert "above the line" in row and "hand" not in row.lower().replace("handwritten", "")


def test_text_and_terminal_summaries_say_how_many_variants_were_assumed(tmp_path):
    """Point 7: the one-line summary counts the variants as assumed and defines the verbatim share."""
    from redline.render.text import summary

    c, _ = _made_up(tmp_path, "We walked to falle in the rain today.\n", "WE WALKED TO FALTER IN THE RAIN TODAY.\n")
    line = summary(c)
    assert "1 variant assumed" in line and "page furniture aside" in line
    assert "1 variant assumed" in " ".join(renderer("terminal")(c, width=200, color=False).split())
