"""The report's markup for its many small pieces, drawn in Python: a run of words, and the inline view.

Everything else in the report is drawn by the templates. These two are drawn here because a template
pays for each ``{{ … }}`` an attribute look-up and an ``escape`` call that makes a ``Markup`` object,
and these pieces come once a word or once an event: at 57 k words a macro drawing each word cost
~35 µs a word (the report took 4 s), and the loop over the inline view's 21 k events 0.4 s more.

The safety rule is the templates': every text that can come from the input is escaped, by the same
``markupsafe.escape`` (``escaped``); what goes in unescaped is ours alone: tag names, the classes and
attribute names written here, the sides ``d``/``f`` and integers. The output is byte for byte what
the templates drew (``tests/test_html_draw.py``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterator

from markupsafe import Markup, escape

from ..model import Token


@lru_cache(maxsize=1 << 16)
def escaped(text: str) -> str:
    """``text`` escaped for HTML, as ``{{ text }}`` in a template writes it. Kept for each distinct text:
    a long text repeats its words (a 57 k-word report's 135 k words: 0.8 -> 0.1 s)."""
    return str(escape(text))


class Run:
    """Consecutive words with the same look, drawn as one element: ``<del class="struck">…</del>``, each
    word a ``<span data-side data-i>`` (its side and index, for the script) or, for a marker that is no
    token (a list item's number, a pilcrow), its bare text. ``__html__`` draws it: jinja's autoescape
    takes it as markup (``{{ run }}``, ``runs|join(" ")``)."""

    __slots__ = ("tag", "cls", "title", "words")
    t = "run"  # the inline view's event type, as its dicts have it

    def __init__(self, tag: str, cls: str, title: str | None = None):
        self.tag, self.cls, self.title = tag, cls, title
        self.words: list[str] = []  # each word's markup, escaped when taken in

    def add_word(self, t: Token, side: str) -> None:
        self.words.append(f'<span data-side="{side}" data-i="{t.i}">{escaped(t.display)}</span>')

    def add_text(self, text: str) -> "Run":
        self.words.append(escaped(text))
        return self

    def __html__(self) -> str:
        title = f' title="{escaped(self.title)}"' if self.title else ""
        return f'<{self.tag} class="{escaped(self.cls)}"{title}>{" ".join(self.words)}</{self.tag}>'


def _attrs(attrs: dict[str, Any]) -> str:
    """An element's attributes as jinja's ``xmlattr`` writes them: a space before each, values escaped,
    ``None`` left out (the names are ours)."""
    return "".join(f' {name}="{escape(value)}"' for name, value in attrs.items() if value is not None)


BLOCK = 1000
"""How many events ``inline`` draws into one piece."""


def _type(ev: Any) -> str:
    """An inline event's type: a ``Run``'s, or an event dict's ``t``."""
    return ev.t if isinstance(ev, Run) else ev["t"]


def inline(events: list[Any]) -> Iterator[Markup]:
    """The inline view's events (``html_layout.inline``) as markup: a paragraph, a break, a line number,
    a run of words, an edit's opening (its number and, for a move, the link to its other place) and its
    closing (what it is, for a screen reader, and a variant's tooltip). In pieces of ``BLOCK`` events,
    each drawn when it is wanted: the view of a long text is never held whole."""
    out: list[str] = []
    last = len(events) - 1
    for k, ev in enumerate(events):
        if k and not k % BLOCK:
            yield Markup("".join(out))
            out = []
        t = _type(ev)
        if t == "run":
            out.append(ev.__html__())
            if k < last and _type(events[k + 1]) != "close":
                out.append(" ")
        elif t == "p":
            out.append("</p>\n<p>" if k else "<p>")
        elif t == "pb":
            out.append('<span class="pb"></span>')
        elif t == "ln":
            label = escaped(ev["label"])
            out.append(f'<span class="ln ln-{escaped(ev["side"])}" aria-hidden="true" data-line="{label}">{label}</span>')
        elif t == "open":
            out.append(f"<span{_attrs(ev['attrs'])}>")
            if ev["primary"]:
                out.append(f'<a class="ref" id="{escape(ev["id"])}" href="#row-{escape(ev["id"])}" '
                           f'aria-label="edit {ev["n"]} in the list">{ev["n"]}</a>')
            if ev["lead"]:
                out.append(f'<a class="mv" href="{escape(ev["lead"][0])}">{escape(ev["lead"][1])}</a>')
        elif t == "close":
            out.append(f'<span class="sr"> ({escape(ev["sr"])})</span>')
            if ev["tip"]:
                out.append(f'<span class="tip" role="tooltip" id="tip-{escape(ev["id"])}">{escape(ev["tip"])}</span>')
            out.append("</span> ")
    yield Markup("".join(out))
