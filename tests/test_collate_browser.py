"""The collation page in a real browser (Debian's Chromium through Playwright): it loads offline and
cleanly, renders every row and the heat map, lists a row's readings on a click, draws a pairwise redline
of any two witnesses, and runs nothing a hostile label or text carries.
"""

from __future__ import annotations


import pytest

from redline.api import load
from redline.collate import collate, collate_witnesses
from redline.manifest import samples_dir
from redline.render.collation_html import render

from .test_browser import Watched, browser  # noqa: F401  (the shared module-scoped browser fixture)

pytestmark = pytest.mark.browser
OCT88 = [f"{samples_dir() / '002_6107bf163eec2d22.txt'}:{r}" for r in ("83-111", "1-33", "55-77")]


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("collation")
    c = collate(OCT88, ["draft", "copy 1", "copy 2"])
    path = out / "oct88.html"
    path.write_text(render(c), encoding="utf-8")
    hostile = collate_witnesses([
        load("a.txt", "<script>window.__pwned=1</script>", data=b"We agree <img src=x onerror=window.__pwned=2> today.\n"),
        load("b.txt", "<b onclick=window.__pwned=3>copy</b>", data=b"We agree </script><script>window.__pwned=4</script> now.\n"),
    ])
    bad = out / "hostile.html"
    bad.write_text(render(hostile), encoding="utf-8")
    return {"oct88": (path, c), "hostile": (bad, hostile)}


@pytest.fixture
def watched(browser):  # noqa: F811
    w = Watched(browser)
    yield w
    w.context.close()


def test_synopsis_loads_offline_with_every_row_and_the_heat_map(watched, pages):
    path, c = pages["oct88"]
    page = watched.open(path)
    assert page.evaluate("document.body.classList.contains('js')"), "the page's script ran"
    assert page.locator("#synopsis tbody tr").count() == len(c.rows)
    assert page.locator("#synopsis tbody tr.v").count() == c.varying
    assert page.locator("svg.histogram rect.bar").count() > 0
    assert page.locator("#synopsis tbody tr[class*='h']").count() == c.varying, "every varying row is tinted"
    assert page.locator("#matrix tbody tr").count() == len(c.witnesses)
    assert watched.problems == []
    assert all(u.startswith("file:") for u in watched.requests) and len(watched.requests) == 1


def test_a_click_on_a_row_lists_every_reading(watched, pages):
    path, c = pages["oct88"]
    page = watched.open(path)
    row = next(r for r in c.rows if r.varies)
    assert page.locator("#readings").is_hidden()
    page.locator(f"#r{row.n}").click()
    assert page.locator("#readings").is_visible()
    items = page.locator("#readings-list li").all_inner_texts()
    assert len(items) == len(row.readings)
    named = " ".join(items)
    assert all(i in named for i in c.ids), "every witness is named in one reading"
    page.locator("#readings-close").click()
    assert page.locator("#readings").is_hidden()
    assert watched.problems == []


def test_only_varying_rows_hides_the_rest(watched, pages):
    path, c = pages["oct88"]
    page = watched.open(path)
    page.locator("#only-varying").check()
    shown = page.evaluate("Array.from(document.querySelectorAll('#synopsis tbody tr')).filter(e => e.getClientRects().length > 0).length")
    assert shown == c.varying


def test_a_pairwise_redline_of_any_two_witnesses(watched, pages):
    path, c = pages["oct88"]
    page = watched.open(path)
    page.select_option("#pair-a", "0")
    page.select_option("#pair-b", "1")
    page.locator("#pair-go").click()
    out = page.locator("#pair-out")
    assert out.get_attribute("data-pair") == "W1-W2"
    assert out.locator("del").count() > 0 and out.locator("ins").count() > 0
    marks = out.evaluate("o => Array.from(o.querySelectorAll('del, ins')).map(e => e.tagName + ':' + e.textContent)")
    assert marks[:2] == ["DEL:proposals", "INS:proposal"], "the draft's reading, then the copy's instead"
    page.select_option("#pair-a", "1")
    page.select_option("#pair-b", "2")
    page.locator("#pair-go").click()
    assert out.locator("del").count() == 0 and out.locator("ins").count() == 0, "two copies: nothing to mark"
    assert "Moscow" in out.inner_text()
    assert watched.problems == []


def test_hostile_labels_and_texts_run_nothing(watched, pages):
    path, c = pages["hostile"]
    page = watched.open(path)
    page.locator("#synopsis tbody tr.v").first.click()
    page.locator("#pair-go").click()
    assert page.evaluate("window.__pwned === undefined")
    assert "<script>window.__pwned=1</script>" in page.locator(".wits").inner_text()
    assert watched.problems == []
