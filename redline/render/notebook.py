"""A compact inline redline as an HTML fragment, for Jupyter (``Comparison._repr_html_``).

The full report (``render.html``) is a whole page with its own script and styles; a notebook
cell wants a fragment it can show inline. This walks the same reading order as the terminal and
text renderers (``inline.pieces``) and marks each run with ``<del>``, ``<ins>`` or a styled
``<span>``, with inline styles only (a notebook strips ``<style>`` blocks in some viewers), every
text escaped. A long comparison is cut after ``limit`` words, and says so.
"""

from __future__ import annotations

from html import escape

from ..model import KINDS, Comparison
from .inline import STYLES, pieces

_TAGS = {
    "plain": ("", ""),
    "struck": ('<del style="color:#b00">', "</del>"),
    "dropped": ('<del style="color:#b00;text-decoration-style:dashed">', "</del>"),
    "inserted": ('<ins style="color:#070">', "</ins>"),
    "hand": ('<ins style="color:#05a;font-style:italic">', "</ins>"),
    "hand-inferred": ('<ins style="color:#05a;font-style:italic;text-decoration-style:dotted">', "</ins>"),
    "restored": ('<span style="color:#a60">', "</span>"),
    "moved": ('<span style="color:#70a">', "</span>"),
    "variant": ('<span style="border-bottom:1px dotted #888">', "</span>"),
    "furniture": ('<span style="opacity:.5">', "</span>"),
}


def render(c: Comparison, limit: int = 2000, **_: object) -> str:
    """The comparison as a ``<div>``: counts, then the inline redline (at most ``limit`` words).

    >>> from redline import compare_texts
    >>> html = compare_texts("we <b>can</b> delay", "we must delay")._repr_html_()
    >>> "&lt;b&gt;" in html and "<b>" not in html, "<ins" in html and "<del" in html
    (True, True)
    """
    counts = ", ".join(f"{c.stats.get(k, 0)} {k}" for k in KINDS if c.stats.get(k, 0))
    head = (f"<div style=\"font-size:smaller;color:#555\">{escape(c.draft.source.name)} &rarr; "
            f"{escape(c.final.source.name)}: {len(c.edits)} edit{'' if len(c.edits) == 1 else 's'}{' (' + escape(counts) + ')' if counts else ''}</div>")
    out: list[str] = ['<div class="redline" style="line-height:1.6">', head, "<p>"]
    words = 0
    for p in pieces(c):
        if p.para and words:
            out.append("</p><p>")
        left, right = _TAGS.get(p.style, ("", ""))
        title = STYLES.get(p.style, "")
        if p.style == "variant" and p.alt:
            title = f"draft: {p.alt}"
        text = escape(p.text)
        out.append(f'{left[:-1]} title="{escape(title)}">{text}{right} ' if left else f"{text} ")
        words += p.text.count(" ") + 1
        if words >= limit:
            out.append("</p><p><em>… cut here; <code>to_html()</code> gives the whole report</em>")
            break
    out.append("</p></div>")
    return "".join(out)
