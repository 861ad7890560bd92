"""The HTML report in a real browser (Debian's Chromium through Playwright): it loads offline and cleanly,
its filters, keyboard navigation and move links work, and hostile transcriptions run nothing.

Screenshots of the sample reports go to ``artifacts/screenshots/<pair>.png``.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from redline.api import compare
from redline.manifest import load_manifest, samples_dir
from redline.render import renderer

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "artifacts" / "screenshots"
HOSTILE = Path(__file__).parent / "data" / "hostile"
PAIRS = {p.id: p for p in load_manifest(samples_dir() / "pairs.toml")}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium is not installed at /usr/bin/chromium (make browser installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed (pip install '.[test]')")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield b
        b.close()


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """pair id → (path of the report, number of edits in the JSON output); plus the hostile pair."""
    out_dir = tmp_path_factory.mktemp("reports")
    found = {}
    for pid, p in PAIRS.items():
        c = compare(_relative(p.draft.spec), _relative(p.final.spec), draft_label=p.draft.label, final_label=p.final.label)
        path = out_dir / f"{pid}.html"
        path.write_text(renderer("html")(c, title=p.title), encoding="utf-8")
        found[pid] = (path, len(json.loads(renderer("json")(c))["edits"]))
    c = compare(str(HOSTILE / "draft.txt"), str(HOSTILE / "final.txt"),
                draft_label="<script>window.__pwned=9</script>", final_label="<img src=x onerror=window.__pwned=8>")
    path = out_dir / "hostile.html"
    path.write_text(renderer("html")(c), encoding="utf-8")
    found["hostile"] = (path, len(c.edits))
    return found


def _relative(spec: str) -> str:
    """``PATH:FIRST-LAST`` with PATH relative to the working directory, as a user would type it."""
    path, lines = spec.rsplit(":", 1)
    return f"{os.path.relpath(path)}:{lines}"


class Watched:
    """A page whose console errors, script errors, dialogs and off-file requests are recorded."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.problems.append(f"console {m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))
        self.page.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        self.requests.append(url)
        if url.split(":", 1)[0] in ("file", "data", "about"):
            route.continue_()
        else:
            self.problems.append(f"network request: {url}")
            route.abort()

    def open(self, path: Path):
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")
        return self.page


@pytest.fixture
def watched(browser):
    w = Watched(browser)
    yield w
    w.context.close()


@pytest.mark.parametrize("pid", sorted(PAIRS))
def test_report_loads_offline_and_cleanly(watched, reports, pid):
    path, n_edits = reports[pid]
    page = watched.open(path)
    assert page.locator("[data-edit]").count() == n_edits
    assert page.evaluate("document.body.classList.contains('js')"), "the report's script ran"
    assert watched.problems == []
    assert all(u.startswith("file:") for u in watched.requests) and len(watched.requests) == 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{pid}.png"), full_page=True)


def box(page, name: str):
    """The filter checkbox for a kind (or ``furniture``)."""
    return page.locator(f'.toolbar input[type=checkbox][data-filter="{name}"]')


def _visible(page, selector: str) -> int:
    return page.evaluate(
        "s => Array.from(document.querySelectorAll(s)).filter(e => e.getClientRects().length > 0).length", selector
    )


def test_filters_hide_and_show_what_they_say(watched, reports):
    page = watched.open(reports["dec88"][0])
    struck = "#redline .k-struck del"
    rows = "#edits tr[data-kind='struck']"
    n_struck, n_rows = _visible(page, struck), _visible(page, rows)
    assert n_struck > 0 and n_rows > 0
    box(page, "struck").uncheck()
    assert _visible(page, struck) == 0 and _visible(page, rows) == 0
    assert _visible(page, "#edits tr[data-kind='inserted']") > 0, "other kinds stay"
    box(page, "struck").check()
    assert _visible(page, struck) == n_struck and _visible(page, rows) == n_rows

    furniture = "#redline .furn"
    assert _visible(page, furniture) > 0
    box(page, "furniture").uncheck()
    assert _visible(page, furniture) == 0 and _visible(page, "#side .furn") == 0
    box(page, "furniture").check()
    assert _visible(page, furniture) > 0

    # a variant shows the draft's reading on keyboard focus, and not once variants are unticked
    variant = page.locator("#redline .k-variant[data-edit]").first
    tip = variant.locator(".tip")
    assert not tip.is_visible()
    variant.focus()
    assert tip.is_visible() and "draft reads" in tip.inner_text()
    box(page, "variant").uncheck()
    variant.focus()
    assert not tip.is_visible()
    assert page.evaluate("e => getComputedStyle(e).textDecorationLine", variant.element_handle()) == "none"


def test_variant_reading_on_hover(watched, reports):
    page = watched.open(reports["dec88"][0])
    variant = page.locator("#redline .k-variant[data-edit]").last
    assert not variant.locator(".tip").is_visible()
    variant.hover()
    assert variant.locator(".tip").is_visible()


def test_moved_passage_reaches_its_twin_and_back(watched, reports):
    page = watched.open(reports["dec88"][0])
    moved = page.locator("#redline .k-moved[data-edit][data-goto]")
    assert moved.count() > 0
    first = moved.first
    edit_id = first.get_attribute("data-edit")
    twin = page.locator(f"#twin-{edit_id}")
    first.locator(".mv").click()
    assert "hl" in twin.get_attribute("class").split()
    assert page.evaluate(
        "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }", twin.element_handle()
    )
    twin.click()
    assert "hl" in first.get_attribute("class").split()
    assert "hl" not in twin.get_attribute("class").split()
    assert watched.problems == []


def test_n_and_p_walk_through_the_shown_edits(watched, reports):
    page = watched.open(reports["dec88"][0])
    ids = page.eval_on_selector_all("#redline [data-edit]", "els => els.map(e => e.dataset.edit)")
    current = lambda: page.eval_on_selector("#redline .current", "e => e.dataset.edit")
    page.keyboard.press("n")
    assert current() == ids[0]
    assert page.evaluate("document.activeElement.dataset.edit") == ids[0]
    page.keyboard.press("n")
    assert current() == ids[1]
    page.keyboard.press("p")
    assert current() == ids[0]
    page.keyboard.press("p")
    assert current() == ids[-1], "p from the first edit wraps to the last"
    # unticked kinds are skipped
    box(page, "handwritten").uncheck()
    box(page, "variant").uncheck()
    kinds = page.eval_on_selector_all("#redline [data-edit]", "els => els.map(e => e.dataset.kind)")
    for _ in range(5):
        page.keyboard.press("n")
        kind = page.eval_on_selector("#redline .current", "e => e.dataset.kind")
        assert kind not in ("handwritten", "variant")
    assert "handwritten" in kinds
    shown = len(ids) - kinds.count("handwritten") - kinds.count("variant")
    assert re.match(rf"^\(5/{shown}\) Edit \d+, ", page.locator("#status").inner_text())


def test_copy_citation(watched, reports):
    watched.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = watched.open(reports["oct88"][0])
    button = page.locator("#edits button[data-cite]").first
    cite = button.get_attribute("data-cite")
    button.click()
    page.wait_for_function("b => b.hasAttribute('data-done')", arg=button.element_handle())
    assert button.get_attribute("data-done") == "copied"
    assert page.evaluate("navigator.clipboard.readText()") == cite
    assert "Copied" in button.inner_text()


def test_hostile_transcription_runs_nothing(watched, reports):
    path, n_edits = reports["hostile"]
    page = watched.open(path)
    page.mouse.move(300, 300)
    for el in page.locator("#redline [data-edit]").all()[:5]:
        el.hover()
    assert page.evaluate("window.__pwned") is None
    assert page.title() == "Redline: <script>window.__pwned=9</script> \u2192 <img src=x onerror=window.__pwned=8>"
    assert page.locator("[data-edit]").count() == n_edits
    text = page.locator("#redline").inner_text()
    assert "<SCRIPT>WINDOW.__PWNED" in text and "{{config}}" in text and 'onload="window.__pwned=4"></svg>' in text
    assert "<script>window.__pwned" in page.locator("#side").inner_text()
    assert page.locator("img, iframe, svg:not(.bar)").count() == 0
    assert watched.problems == []


# --- what the page shows, word by word (issue 15) ----------------------------------------------------

MADE_UP = (
    # a strike, a word left out without one, an insertion above the line, a moved sentence,
    # a struck sentence the despatch reinstates at another place, manuscript, and furniture
    ("draft.txt", "CONFIDENTIAL\n\nThe council met on Monday and we ~~could~~ <sup>can</sup> agree now.\n"
                  "Please note that the terms are fair. ~~The vote is final and binding on all members.~~\n\n"
                  "*With kind regards*\n"),
    ("final.txt", "CONFIDENTIAL\n\nTHE VOTE IS FINAL AND BINDING ON ALL MEMBERS. THE COUNCIL MET ON MONDAY AND WE CAN\n"
                  "AGREE. THE TERMS ARE FAIR.\n\nWITH KIND REGARDS\n"),
)

_WORDS_JS = """() => Array.from(document.querySelectorAll('[data-side][data-i]')).map(w => {
  let struck = false;
  for (let e = w; e && e !== document.body; e = e.parentElement) {
    if (getComputedStyle(e).textDecorationLine.includes('line-through')) { struck = true; break; }
  }
  const shown = w.getClientRects().length > 0;
  return [w.dataset.side, +w.dataset.i, struck, shown, w.closest('section') ? w.closest('section').id : ''];
})"""


@pytest.fixture(scope="module")
def made_up(tmp_path_factory):
    """A made-up pair with every state of a word, as (report path, JSON contract)."""
    d = tmp_path_factory.mktemp("made_up")
    for name, text in MADE_UP:
        (d / name).write_text(text, encoding="utf-8")
    c = compare(str(d / "draft.txt"), str(d / "final.txt"))
    path = d / "report.html"
    path.write_text(renderer("html")(c), encoding="utf-8")
    return path, json.loads(renderer("json")(c))


def _contract(reports, made_up, pid):
    if pid == "made-up":
        return made_up
    path, _ = reports[pid]
    p = PAIRS[pid]
    c = compare(_relative(p.draft.spec), _relative(p.final.spec), draft_label=p.draft.label, final_label=p.final.label)
    return path, json.loads(renderer("json")(c))


@pytest.mark.parametrize("media", ["screen", "print"])
@pytest.mark.parametrize("pid", [*sorted(PAIRS), "made-up"])
def test_line_through_exactly_on_words_struck_on_the_page(watched, reports, made_up, pid, media):
    """Every rendered word carries its side and token index; a line runs through it, on screen and
    in print, exactly when it is a draft word whose layer is ``struck`` (the page strikes it)."""
    path, contract = _contract(reports, made_up, pid)
    page = watched.open(path)
    page.emulate_media(media=media)
    words = page.evaluate(_WORDS_JS)
    assert words, "every word carries data-side and data-i"
    tokens = {"d": contract["tokens"]["draft"], "f": contract["tokens"]["final"]}
    wrong = [(side, i, tokens[side][i]["text"], where) for side, i, struck, shown, where in words
             if shown and struck != (side == "d" and tokens[side][i]["layer"] == "struck")]
    assert wrong == []
    # and the redline shows every draft word the despatch lacks, struck or not
    dmap = {t["i"] for t in contract["tokens"]["draft"] if t["match"] is not None}
    gone = {t["i"] for t in contract["tokens"]["draft"] if t["i"] not in dmap and not t["furniture"]}
    assert gone <= {i for side, i, _, _, where in words if side == "d" and where == "redline"}
    assert watched.problems == []


@pytest.mark.parametrize("pid", [*sorted(PAIRS), "made-up"])
def test_deletion_is_announced_only_for_struck_words(watched, reports, made_up, pid):
    """In the accessibility tree a deletion (``<del>``) holds struck words only."""
    path, contract = _contract(reports, made_up, pid)
    page = watched.open(path)
    sides = page.evaluate("() => Array.from(document.querySelectorAll('del [data-side]')).map(w => [w.dataset.side, +w.dataset.i])")
    draft = contract["tokens"]["draft"]
    assert all(side == "d" and draft[i]["layer"] == "struck" for side, i in sides)


@pytest.mark.parametrize("pid", [*sorted(PAIRS), "made-up"])
def test_edit_numbers_run_in_reading_order(watched, reports, made_up, pid):
    """The numbers a reader meets in the redline run 1, 2, 3 …; the list, n/p and the
    citations agree with them."""
    path, contract = _contract(reports, made_up, pid)
    page = watched.open(path)
    refs = page.eval_on_selector_all("#redline a.ref", "els => els.map(e => +e.textContent)")
    assert refs == list(range(1, len(contract["edits"]) + 1))
    order = page.eval_on_selector_all("#redline [data-edit]", "els => els.map(e => e.dataset.edit)")
    listed = page.eval_on_selector_all("#edits tbody tr", "els => els.map(e => e.id.slice(4))")
    assert listed == order
    if order:
        page.keyboard.press("n")
        assert page.eval_on_selector("#redline .current", "e => e.dataset.edit") == order[0]
        assert page.locator("#status").inner_text().startswith(f"(1/{len(order)}) Edit 1, ")


@pytest.mark.parametrize("pid", [*sorted(PAIRS), "made-up"])
def test_nothing_is_wider_than_a_phone(browser, reports, made_up, pid):
    """At 390 px no element runs past the viewport's right edge (the page never scrolls sideways)."""
    path, _ = _contract(reports, made_up, pid)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(path.as_uri())
    wide = page.evaluate("""() => Array.from(document.querySelectorAll('body *')).filter(e => {
        if (e.closest('.sr, .skip')) return false;
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.right > innerWidth + 1;
      }).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert wide == [] and width <= 390


@pytest.mark.parametrize(("pid", "width"), [("dec88", 1440), ("dec88", 390), ("made-up", 390)])
def test_axe_finds_no_accessibility_violations(browser, reports, made_up, pid, width):
    """axe-core (shipped inside axe-playwright-python, so it runs offline) finds no violation on
    the report, on a wide screen and on a phone (the largest sample, and the pair with every
    state of a word; axe takes seconds a page, so not every pair)."""
    axe = pytest.importorskip("axe_playwright_python.sync_playwright", reason="axe-playwright-python is not installed (pip install '.[test]')")
    path, _ = _contract(reports, made_up, pid)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(path.as_uri())
    found = axe.Axe().run(page).response["violations"]
    context.close()
    assert [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in found] == []
