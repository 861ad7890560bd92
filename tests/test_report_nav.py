"""The HTML report's navigation, sharing, phone and print (issue 15, points 9 and 10), in Debian's Chromium.

A jump lands below the sticky toolbar and is a step in the browser's history; every edit has a
permalink; an unticked filter leaves no stray mark and the legend whole; without JavaScript the
controls that need it are hidden; ``report --with-data`` writes and links the data beside the report;
a survey's reports link back to its index; on a phone the toolbar keeps to a tenth of the screen;
printed, the report names its version and date, carries the citations, numbers its pages and
prints the edit list as numbered notes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from redline import __version__
from redline.api import compare
from redline.render import renderer
from redline.survey import survey
from tests.test_browser import MADE_UP, PAIRS, Watched, _relative, browser, made_up, reports  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "001_2bcad8b2cf3253a8.txt"
KINDS = ("struck", "inserted", "handwritten", "substituted", "moved", "variant")


@pytest.fixture
def watched(browser):  # noqa: F811
    w = Watched(browser)
    yield w
    w.context.close()


@pytest.fixture
def phone(browser):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


def _box(page, selector: str) -> dict:
    return page.eval_on_selector(selector, "e => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, height: r.height}; }")


def _below_toolbar(page, selector: str) -> None:
    """The element is in view, below the sticky toolbar's bottom edge."""
    bar = _box(page, ".toolbar")
    el = _box(page, selector)
    assert el["top"] >= bar["bottom"] - 0.5, (selector, el, bar)
    assert el["top"] < page.evaluate("innerHeight"), (selector, el)


def _hash(page) -> str:
    return page.evaluate("location.hash")


# --- point 9: navigation and sharing ----------------------------------------------------------------

JUMPS = {
    # name: (what is clicked or None for the key, the element it lands on, the address it names)
    "move twin": ("#edit-{e} > a.mv", "#twin-{e}", "#twin-{e}"),
    "number in the list": ("#row-{e} a.go", "#edit-{e}", "#{e}"),
    "number in the redline": ("#edit-{e} > a.ref", "#row-{e}", "#row-{e}"),
    "n key": (None, "#edit-{e}", "#{e}"),
}


@pytest.mark.parametrize("how", sorted(JUMPS))
def test_a_jump_lands_below_the_toolbar_and_back_returns(watched, reports, how):  # noqa: F811
    page = watched.open(reports["dec88"][0])
    origin, lands, names = JUMPS[how]
    # the edit to jump from: a moved passage with another place (for the twin), else the first edit
    e = page.eval_on_selector("#redline .k-moved[data-edit][data-goto]" if how == "move twin" else "#redline [data-edit]",
                              "e => e.dataset.edit")
    if origin is None:
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # far from the first edit
    else:
        page.locator(origin.format(e=e)).scroll_into_view_if_needed()
    before_hash, before_y = _hash(page), page.evaluate("scrollY")
    if origin is None:
        page.keyboard.press("n")
    else:
        page.locator(origin.format(e=e)).click()
    page.wait_for_timeout(50)
    _below_toolbar(page, lands.format(e=e))
    assert _hash(page) == names.format(e=e)
    assert page.evaluate("scrollY") != before_y
    page.evaluate("history.back()")
    page.wait_for_function("h => location.hash === h", arg=before_hash)
    page.wait_for_timeout(100)
    assert abs(page.evaluate("scrollY") - before_y) <= 2, "Back returns to where the reader was"
    assert watched.problems == []


def test_a_permalink_opens_at_its_edit_below_the_toolbar(watched, reports):  # noqa: F811
    path, _ = reports["dec88"]
    page = watched.open(path)
    ids = page.eval_on_selector_all("#redline [data-edit]", "els => els.map(e => e.dataset.edit)")
    last = ids[-1]
    page.goto(path.as_uri() + f"#{last}")
    page.wait_for_load_state("load")
    _below_toolbar(page, f"#edit-{last}")
    assert page.eval_on_selector("#redline .current", "e => e.dataset.edit") == last
    page.keyboard.press("p")  # n and p go on from the edit the address named
    assert page.eval_on_selector("#redline .current", "e => e.dataset.edit") == ids[-2]
    assert watched.problems == []


@pytest.mark.parametrize("pid", ["dec88", "oct88", "made-up"])  # (the two copies have no edit)
def test_every_edit_has_a_visible_permalink(watched, reports, made_up, pid):  # noqa: F811
    path = made_up[0] if pid == "made-up" else reports[pid][0]
    page = watched.open(path)
    rows = page.eval_on_selector_all("#edits tbody tr", "els => els.map(e => e.id.slice(4))")
    links = page.evaluate("""() => Array.from(document.querySelectorAll('#edits tbody tr')).map(tr => {
        const a = tr.querySelector('a.perma');
        if (!a || !a.getClientRects().length) return null;
        const target = document.getElementById(a.getAttribute('href').slice(1));
        return [a.getAttribute('href'), a.textContent, target ? target.closest('[data-edit]').dataset.edit : null];
      })""")
    assert links == [[f"#{e}", f"#{e}", e] for e in rows]
    if rows:  # following one marks its edit, below the toolbar, and names it in the address
        page.locator(f"#row-{rows[-1]} a.perma").click()
        page.wait_for_timeout(50)
        assert _hash(page) == f"#{rows[-1]}"
        assert page.eval_on_selector("#redline .current", "e => e.dataset.edit") == rows[-1]
        _below_toolbar(page, f"#edit-{rows[-1]} > a.ref")


_STRAY_JS = r"""kind => {
  const ink = getComputedStyle(document.querySelector('#redline .text')).color;
  const stray = [];
  for (const w of document.querySelectorAll('#redline .text [data-side]')) {
    const holders = [];
    for (let e = w.parentElement; e && !e.classList.contains('text'); e = e.parentElement) {
      if (e.matches('[data-edit], [data-twin]')) holders.push(e.dataset.kind);
    }
    if (!holders.length || holders.some(k => k !== kind) || w.closest('.furn')) continue;
    const shown = w.getClientRects().length > 0;
    if (w.dataset.side === 'd' && shown) { stray.push('draft word shown: ' + w.textContent); continue; }
    if (!shown) continue;
    for (let e = w; !e.classList.contains('text'); e = e.parentElement) {
      const s = getComputedStyle(e);
      const marks = [];
      if (s.textDecorationLine !== 'none') marks.push(s.textDecorationLine);
      if (s.fontStyle !== 'normal') marks.push(s.fontStyle);
      if (s.color !== ink) marks.push('colour');
      if (s.outlineStyle !== 'none') marks.push('outline');
      if (s.backgroundColor !== 'rgba(0, 0, 0, 0)') marks.push('background');
      for (const p of ['::before', '::after']) {
        const c = getComputedStyle(e, p).content;
        if (c && c !== 'none' && c !== 'normal') marks.push(p + ' ' + c);
      }
      if (marks.length) stray.push(w.textContent + ' (' + e.className + '): ' + marks.join(', '));
    }
  }
  for (const x of document.querySelectorAll(`#redline [data-kind="${kind}"] > :is(.ref, .mv)`)) {
    if (x.getClientRects().length) stray.push('shown: ' + x.className + ' ' + x.textContent);
  }
  return stray;
}"""

_LOOK_JS = """() => Array.from(document.querySelectorAll('.legend dt, .legend dt *, .counts th *')).map(e => {
  const s = getComputedStyle(e);
  return [e.getClientRects().length > 0, s.textDecorationLine, s.color, s.fontStyle, s.outlineStyle, getComputedStyle(e, '::before').content];
})"""


@pytest.mark.parametrize("pid", ["dec88", "oct88", "made-up"])
def test_an_unticked_kind_leaves_no_stray_marks_and_the_legend_whole(watched, reports, made_up, pid):  # noqa: F811
    """Unticked, a kind reads as the despatch has it: the draft's words it lacks are gone and its
    words carry no line, colour, italic, outline, background or glyph; the legend and the summary's
    samples keep their look."""
    path = made_up[0] if pid == "made-up" else reports[pid][0]
    page = watched.open(path)
    legend = page.evaluate(_LOOK_JS)
    assert legend and all(shown for shown, *_ in legend)
    for kind in KINDS:
        box = page.locator(f'.toolbar input[data-filter="{kind}"]')
        box.uncheck()
        assert page.evaluate(_STRAY_JS, kind) == [], kind
        assert page.evaluate(_LOOK_JS) == legend, f"the legend changed with {kind} unticked"
        box.check()
    assert watched.problems == []


def test_without_javascript_the_controls_are_hidden_and_the_redline_reads(browser, reports):  # noqa: F811
    path, n_edits = reports["dec88"]
    seen = {}
    for js in (True, False):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=js)
        page = context.new_page()
        page.goto(path.as_uri())
        seen[js] = page.evaluate("""() => ({
          words: Array.from(document.querySelectorAll('#redline [data-side]')).filter(w => w.getClientRects().length).length,
          controls: Array.from(document.querySelectorAll('.toolbar, .toolbar input, .toolbar button, .cite-btn'))
                         .filter(e => e.getClientRects().length).length,
          citations: Array.from(document.querySelectorAll('#edits .cite-text')).filter(e => e.getClientRects().length).length,
          edits: document.querySelectorAll('#redline [data-edit]').length,
        })""")
        context.close()
    assert seen[False]["controls"] == 0, "no control that needs the script is shown without it"
    assert seen[True]["controls"] > 0
    assert seen[False]["words"] == seen[True]["words"] > 0, "the redline shows every word either way"
    assert seen[False]["edits"] == n_edits
    assert seen[False]["citations"] == n_edits, "without the copy button, the citation is shown as text"


def _cli(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    full = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "redline", *args], capture_output=True, text=True, timeout=120,
                          env=full, cwd=cwd)


def test_report_with_data_writes_links_and_resolves_its_data(watched, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "r.json").write_text("an older run\n")  # replaced, as -o replaces a file
    spec = (f"{SAMPLE}:80-128", f"{SAMPLE}:348-417")
    done = _cli("report", *spec, "-o", str(out / "r.html"), "--with-data")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["r.csv", "r.html", "r.json", "r.tei.xml"]
    page = watched.open(out / "r.html")
    hrefs = page.eval_on_selector_all(".docs .data a", "els => els.map(a => [a.textContent, a.getAttribute('href'), a.href])")
    assert [(name, href) for name, href, _ in hrefs] == [("JSON", "r.json"), ("CSV", "r.csv"), ("TEI", "r.tei.xml")]
    for _, _, url in hrefs:  # relative links that resolve to the files beside the report
        assert Path(unquote(urlparse(url).path)).parent == out and Path(unquote(urlparse(url).path)).exists()
    data = json.loads((out / "r.json").read_text(encoding="utf-8"))
    assert len(data["edits"]) == page.locator("#redline [data-edit]").count()
    assert (out / "r.tei.xml").read_text(encoding="utf-8").startswith("<?xml")
    assert (out / "r.csv").read_text(encoding="utf-8").count("\n") == len(data["edits"]) + 1
    page.goto(hrefs[0][2])  # the link opens the data
    assert json.loads(page.evaluate("document.body.innerText"))["edits"] == data["edits"]


def test_with_data_never_overwrites_an_input_and_needs_a_report_file(tmp_path):
    draft, final = tmp_path / "r.json", tmp_path / "final.txt"
    draft.write_text("We ~~shall~~ will agree.\n", encoding="utf-8")
    final.write_text("WE WILL AGREE.\n", encoding="utf-8")
    done = _cli("report", str(draft), str(final), "-o", str(tmp_path / "r.html"), "--with-data")
    assert done.returncode == 2 and done.stderr.startswith("redline: error: ") and "inputs" in done.stderr
    assert draft.read_text(encoding="utf-8") == "We ~~shall~~ will agree.\n"
    assert not (tmp_path / "r.html").exists() and not (tmp_path / "r.csv").exists(), "nothing is written"
    done = _cli("report", str(draft), str(final), "--with-data")
    assert done.returncode == 2 and "-o" in done.stderr


def test_a_survey_report_links_back_to_its_index_and_its_data(watched, tmp_path):
    out = tmp_path / "survey"
    result = survey([str(SAMPLE)], out)
    assert result.rows
    index = watched.open(out / "index.html")
    index.locator(f'a[href="{result.rows[0].report}"]').click()
    index.wait_for_load_state("load")
    page = watched.page
    assert page.url.endswith(result.rows[0].report)
    data = page.eval_on_selector(".docs .data a", "a => a.href")
    assert Path(unquote(urlparse(data).path)) == out / result.rows[0].report.replace(".html", ".json")
    page.locator("a[rel=up]").click()
    page.wait_for_load_state("load")
    assert page.url == (out / "index.html").as_uri()
    assert watched.problems == []


def test_the_survey_index_fits_a_desk_and_a_phone(browser, tmp_path):  # noqa: F811
    """The pairs table (three text columns, seven counts) fits the page at 1 440 px, its text columns
    wide enough to read (the counts' headings stand on end); on a phone a table scrolls, not the page."""
    out = tmp_path / "survey"
    result = survey([str(p) for p in sorted((ROOT / "samples").glob("*.txt"))], out)
    assert len(result.rows) >= 2
    for width in (1440, 390):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto((out / "index.html").as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if width == 1440:
            table = page.eval_on_selector("#pairs-h + .scroll table", "t => t.getBoundingClientRect().width")
            body = page.eval_on_selector("#pairs-h", "h => h.getBoundingClientRect().width")
            assert table <= body + 1
            draft = page.eval_on_selector("#pairs-h + .scroll tbody td:nth-child(2)", "td => td.getBoundingClientRect().width")
            assert draft >= 180, "the draft's column is wide enough to read a title"
        context.close()


# --- point 10: phone and print ----------------------------------------------------------------------

def test_on_a_phone_the_toolbar_takes_a_tenth_and_nothing_is_wider(phone, tmp_path):
    # no labels and long file names: the title and the document names are paths with no place to break
    names = [tmp_path / f"a_long_archive_file_name_without_a_break_{n}_0123456789abcdef0123456789.txt" for n in (1, 2)]
    for name, (_, text) in zip(names, MADE_UP):
        name.write_text(text, encoding="utf-8")
    path = tmp_path / "r.html"
    done = _cli("report", *map(str, names), "-o", str(path), "--with-data")
    assert done.returncode == 0, done.stderr
    phone.goto(path.as_uri())
    height = phone.evaluate("innerHeight")
    assert _box(phone, ".toolbar")["height"] <= height / 10
    phone.keyboard.press("n")  # the status line says which edit, on one line
    assert _box(phone, ".toolbar")["height"] <= height / 10
    assert not phone.locator('.toolbar input[data-filter="struck"]').is_visible()
    phone.locator(".panel-btn").click()  # the filters open from a button
    assert phone.locator('.toolbar input[data-filter="struck"]').is_visible()
    assert phone.locator(".panel-btn").get_attribute("aria-expanded") == "true"
    phone.locator(".panel-btn").click()
    wide = phone.evaluate("""() => Array.from(document.querySelectorAll('body *')).filter(e => {
        if (e.closest('.sr, .skip')) return false;
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.right > innerWidth + 1;
      }).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")
    assert wide == [] and phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_printed_report_names_version_date_pages_and_prints_an_apparatus(watched, tmp_path):
    c = compare(_relative(f"{SAMPLE}:80-128"), _relative(f"{SAMPLE}:348-417"))
    path = tmp_path / "r.html"
    path.write_text(renderer("html")(c, made="2023-11-14"), encoding="utf-8")
    page = watched.open(path)
    page.emulate_media(media="print")
    made = page.locator("footer .made").inner_text()
    assert f"redline {__version__}" in made and "2023-11-14" in made
    # every page: the version and the date, and its number (CSS page-margin boxes)
    pages = page.evaluate("""() => Array.from(document.styleSheets).flatMap(s => Array.from(s.cssRules))
        .flatMap(r => r.cssRules ? [r, ...Array.from(r.cssRules)] : [r])
        .filter(r => r instanceof CSSPageRule).map(r => r.cssText).join(' ')""")
    assert "counter(page)" in pages and f"redline {__version__}, 2023-11-14" in pages
    # the apparatus: the numbers in the text are note numbers; the notes, in order, carry the citations
    assert page.locator("#redline a.ref").count() == len(c.edits)
    assert all(page.locator("#redline a.ref").nth(k).is_visible() for k in (0, len(c.edits) - 1))
    notes = page.evaluate("""() => Array.from(document.querySelectorAll('#edits tbody tr')).map(tr => [
        getComputedStyle(tr).display, tr.querySelector('.n .go').innerText,
        tr.querySelector('.cite-text').innerText, tr.querySelector('.cite-btn').dataset.cite,
        tr.querySelector('.cite-text').getClientRects().length > 0])""")
    assert [n for _, n, *_ in notes] == [str(k) for k in range(1, len(c.edits) + 1)]
    assert all(display == "block" and shown and text == cite for display, _, text, cite, shown in notes)
    assert not page.locator("#edits thead").is_visible() and not page.locator(".toolbar").is_visible()
    assert page.locator("#side").is_visible() and page.locator("#summary").is_visible()
    # the print option: the redline and its notes only
    page.emulate_media(media="screen")
    page.locator('input[data-print="apparatus"]').check()
    page.emulate_media(media="print")
    assert not page.locator("#side").is_visible() and not page.locator("#summary").is_visible()
    assert page.locator("#redline").is_visible() and page.locator("#edits").is_visible()
    assert len(page.pdf(format="A4")) > 10_000  # and Chromium prints it
    assert watched.problems == []


def test_the_date_is_reproducible_and_a_malformed_one_refused(tmp_path):
    spec = (f"{SAMPLE}:80-128", f"{SAMPLE}:348-417")
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    for out in (a, b):
        done = _cli("report", *spec, "-o", str(out), env={"SOURCE_DATE_EPOCH": "1700000000"})
        assert done.returncode == 0, done.stderr
    assert a.read_bytes() == b.read_bytes()
    assert '<time class="made-on" datetime="2023-11-14">' in a.read_text(encoding="utf-8")
    done = _cli("report", *spec, "-o", str(tmp_path / "c.html"), env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "SOURCE_DATE_EPOCH" in done.stderr
    assert not (tmp_path / "c.html").exists()


def test_an_unticked_paragraph_edit_leaves_no_pilcrow_and_the_legend_keeps_it(watched, tmp_path):
    """A paragraph split or join is drawn as a pilcrow; unticked, the redline reads as the despatch is
    paragraphed, with no pilcrow left, while the legend still explains the mark."""
    body = ("The committee met at ten. The chairman opened the meeting and read the letters. "
            "He then asked for reports from the members present.")
    rest = "The treasurer reported on the accounts for the year and the balance held at the bank."
    draft, final = tmp_path / "a.txt", tmp_path / "b.txt"
    draft.write_text(f"{body}\n\n{rest}\n", encoding="utf-8")
    final.write_text(body.replace("letters. He", "letters.\n\nHe") + " " + rest + "\n", encoding="utf-8")
    out = tmp_path / "r.html"
    out.write_text(renderer("html")(compare(str(draft), str(final))), encoding="utf-8")
    page = watched.open(out)
    shown = "sel => Array.from(document.querySelectorAll(sel)).filter(e => e.getClientRects().length).length"
    assert page.evaluate(shown, "#redline .text .pilcrow") == 2  # one split, one join
    page.locator('.toolbar input[data-filter="paragraph"]').uncheck()
    assert page.evaluate(shown, "#redline .text .pilcrow") == 0
    assert page.evaluate(shown, ".legend .pilcrow") == 2
    assert watched.problems == []
