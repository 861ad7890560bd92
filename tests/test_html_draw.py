"""The report's runs of words and its inline view are drawn in Python (``render/html_draw``), not by the
templates, for speed (issue 18). They must draw what the template loop drew, byte for byte, and escape
every text that can come from the input exactly as the templates do."""

from __future__ import annotations

from pathlib import Path

import jinja2
import lxml.html
import pytest

from redline import compare, compare_texts
from redline.model import Token
from redline.render import html, html_draw
from redline.render.html_layout import inline, regions, stream
from redline.order import numbered

HOSTILE = Path(__file__).parent / "data" / "hostile"
PAIRS = {
    "dec88": ("samples/001_2bcad8b2cf3253a8.txt:80-128", "samples/001_2bcad8b2cf3253a8.txt:348-417"),
    "oct88": ("samples/002_6107bf163eec2d22.txt:1-33", "samples/002_6107bf163eec2d22.txt:55-77"),
    "hostile": (str(HOSTILE / "draft.txt"), str(HOSTILE / "final.txt")),
}

# The loop the report's template had before the view was drawn in Python: the reference.
TEMPLATE_LOOP = """{% for ev in inline %}
{% if ev.t == "p" %}{% if not loop.first %}</p>
{% endif %}<p>{% elif ev.t == "pb" %}<span class="pb"></span>{% elif ev.t == "ln" %}<span class="ln ln-{{ ev.side }}" aria-hidden="true" data-line="{{ ev.label }}">{{ ev.label }}</span>{% elif ev.t == "run" %}{{ ev }}{% if loop.nextitem is defined and loop.nextitem.t != "close" %} {% endif %}{% elif ev.t == "open" %}<span{{ ev.attrs|xmlattr }}>{% if ev.primary %}<a class="ref" id="{{ ev.id }}" href="#row-{{ ev.id }}" aria-label="edit {{ ev.n }} in the list">{{ ev.n }}</a>{% endif %}{% if ev.lead %}<a class="mv" href="{{ ev.lead[0] }}">{{ ev.lead[1] }}</a>{% endif %}{% elif ev.t == "close" %}<span class="sr"> ({{ ev.sr }})</span>{% if ev.tip %}<span class="tip" role="tooltip" id="tip-{{ ev.id }}">{{ ev.tip }}</span>{% endif %}</span> {% endif %}
{% endfor %}
"""


@pytest.fixture(autouse=True)
def _cwd(monkeypatch):
    monkeypatch.chdir(Path(__file__).parent.parent)


def _events(c):
    items = stream(c)
    regs = regions(c, items)
    return inline(c, items, regs, numbered(c, items))


@pytest.mark.parametrize("pid", sorted(PAIRS))
def test_the_inline_view_is_what_the_template_drew(pid):
    c = compare(*PAIRS[pid])
    events = _events(c)
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    drawn_by_template = env.from_string(TEMPLATE_LOOP).render(inline=events)
    assert "".join(html_draw.inline(events)) == drawn_by_template
    assert {getattr(ev, "t", None) or ev["t"] for ev in events} >= {"p", "ln", "run", "open", "close"}


def _token(text: str, i: int = 7) -> Token:
    return Token(i=i, text=text, key=text.lower(), start=0, end=len(text), line=1, col=1)


def test_a_run_escapes_its_words_and_title():
    word = '<b onmouseover="x">&amp;\'s'
    title = 'draft reads \u201c</span><script>alert(1)</script>\u201d & "so"'
    run = html_draw.Run("span", "same variant", title)
    run.add_word(_token(word), "f")
    run.add_text("<i>marker</i>")
    el = lxml.html.fragment_fromstring(run.__html__())
    assert el.tag == "span" and el.get("class") == "same variant" and el.get("title") == title
    assert [(w.get("data-side"), w.get("data-i"), w.text) for w in el] == [("f", "7", word)]
    assert el.text_content() == word + " <i>marker</i>"
    assert "<b" not in run.__html__() and "<script" not in run.__html__() and "<i>" not in run.__html__()


def test_an_edit_s_attributes_tip_and_lead_are_escaped():
    evil = '"><script>alert(1)</script>'
    events = [
        {"t": "p"},
        {"t": "ln", "side": "f", "label": evil},
        {"t": "open", "attrs": {"class": "edit k-variant", "title": evil, "data-goto": None}, "primary": True,
         "id": "e1", "n": 1, "lead": ("#twin-e1", evil)},
        html_draw.Run("span", "same").add_text(evil),
        {"t": "close", "id": "e1", "n": 1, "primary": True, "sr": evil, "tip": evil},
    ]
    drawn = "".join(html_draw.inline(events))
    assert "<script" not in drawn
    d = lxml.html.fragment_fromstring(drawn, create_parent="div")
    edit = d.xpath("//span[@class='edit k-variant']")[0]
    assert edit.get("title") == evil and "data-goto" not in edit.attrib
    assert d.xpath("//a[@class='mv']")[0].text == evil
    assert d.xpath("//span[@class='tip']")[0].text == evil
    assert d.xpath("//span[@class='ln ln-f']")[0].get("data-line") == evil


def test_the_report_comes_in_pieces_that_join_to_the_whole(monkeypatch):
    lines = Path("samples/001_2bcad8b2cf3253a8.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    draft, final = "".join(lines[79:128]), "".join(lines[347:417])
    c = compare_texts("\n".join([draft] * 8), "\n".join([final] * 8))  # a file of eight copies
    whole = html.render(c)
    # Pieces of 5 template outputs, each inline piece 200 events: with 200 template outputs a piece, where the
    # pieces fall decided whether the largest was a fifth or a quarter of the whole (a change of variants moved it).
    monkeypatch.setattr(html, "BLOCK", 5)
    monkeypatch.setattr(html_draw, "BLOCK", 200)
    pieces = list(html.chunks(c))
    assert "".join(pieces) == whole
    assert len(pieces) > 20 and max(map(len, pieces)) < len(whole) / 4  # written as it is made, never held whole
