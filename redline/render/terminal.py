"""The terminal redline: rich renderables with named styles, a legend and a summary table.

Styles are semantic names (``redline.struck``) resolved by ``THEME``, never raw
colours in the code; meaning never rests on colour alone (strike, underline,
italics and brackets carry it too), so ``NO_COLOR`` output stays readable.
"""

from __future__ import annotations

import io

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from ..model import KINDS, Comparison
from .inline import STYLES, pieces
from .text import LEGEND, MARKS, assumed_phrase, share_phrase
from .text import body as text_body

THEME = Theme(
    {
        "redline.plain": "",
        "redline.struck": "red strike",
        "redline.dropped": "red",
        "redline.inserted": "green underline",
        "redline.hand": "magenta italic",
        "redline.hand-inferred": "magenta italic underline",
        "redline.restored": "yellow bold strike",
        "redline.moved": "cyan underline",
        "redline.variant": "blue",
        "redline.furniture": "dim",
        "redline.heading": "bold",
        "redline.paragraph": "bold",
    }
)


def inline(c: Comparison, furniture: bool = True) -> Text:
    """The despatched text with the draft's changes in place."""
    out = Text()
    for p in pieces(c, furniture):
        if p.para:
            out.append("\n\n")
        elif p.item is not None and out:
            out.append("\n")
        elif out:
            out.append(" ")
        if p.item:  # a list item's marker, as the text has it
            out.append(f"{p.item} ")
        if p.style == "variant":
            out.append(p.text, style="redline.variant")
            out.append(f" ⟨{p.alt}⟩", style="redline.furniture")
        else:
            out.append(p.text, style=f"redline.{p.style}")
    return out


def side_by_side(c: Comparison, furniture: bool = True, marks: bool = False) -> Table:
    """Draft and despatch in two columns, one row per stretch of text between paragraph breaks."""
    table = Table(show_header=True, header_style="redline.heading", expand=True, show_lines=True)
    table.add_column(f"draft: {c.draft.source.name}", ratio=1, overflow="fold")  # fold a long word, never cut it
    table.add_column(f"despatched: {c.final.source.name}", ratio=1, overflow="fold")
    left, right = Text(), Text()
    dmap, fmap = c.alignment.draft_map(), c.alignment.final_map()

    def add(text: Text, word: str, style: str) -> None:
        if text:
            text.append(" ")
        if marks:  # no colour: the plain-text marks carry the meaning
            left, right = MARKS.get(style, ("{v:", "}") if style == "variant" else ("", ""))
            word = f"{left}{word}{right}"
        text.append(word, style=f"redline.{style}")

    last: tuple[int | None, int | None] = (None, None)
    for op in c.alignment.ops:
        if op.op == "furniture" and not furniture:
            continue
        d = [c.draft.tokens[i] for i in op.draft]
        f = [c.final.tokens[i] for i in op.final]
        here = (d[0].para if d else last[0], f[0].para if f else last[1])
        if (left or right) and here != last and None not in last:
            table.add_row(left, right)
            left, right = Text(), Text()
        last = here
        for t in d:
            link = dmap.get(t.i)
            style = ("furniture" if op.op == "furniture" else "moved" if link and link.relation == "moved"
                     else "variant" if op.op == "variant" else ("struck" if t.layer == "struck" else "dropped") if op.op == "delete"
                     else "hand-inferred" if t.layer == "hand" and t.inferred else "hand" if t.layer == "hand"
                     else "inserted" if t.layer == "inserted" else "restored" if t.layer == "struck" else "plain")
            add(left, t.display, style)
        for t in f:
            link = fmap.get(t.i)
            style = ("furniture" if op.op == "furniture" else "moved" if link and link.relation == "moved"
                     else "variant" if op.op == "variant" else "inserted" if op.op == "insert" else "plain")
            add(right, t.display, style)
    if left or right:
        table.add_row(left, right)
    return table


def legend() -> Text:
    """What each style means, shown in that style."""
    out = Text("legend: ", style="redline.heading")
    for name, meaning in STYLES.items():
        if name == "plain":
            continue
        out.append("left out" if name == "dropped" else name, style=f"redline.{name}")
        out.append(f" {meaning};  ")
    out.append("\u00b6", style="redline.inserted")
    out.append(" a paragraph break the despatch adds, ")
    out.append("\u00b6", style="redline.dropped")
    out.append(" one it runs on")
    return out


def summary(c: Comparison) -> Table:
    """Counts of edits by kind and stage."""
    table = Table(title="edits by kind", title_justify="left", header_style="redline.heading")
    table.add_column("kind", overflow="fold")
    for stage in ("draft", "despatch"):
        table.add_column(f"{stage} stage", justify="right", overflow="fold")
    table.add_column("total", justify="right", overflow="fold")
    for kind in KINDS:
        n = {s: sum(1 for e in c.edits if e.kind == kind and e.stage == s) for s in ("draft", "despatch")}
        table.add_row(Text(kind, style=f"redline.{'hand' if kind == 'handwritten' else kind if kind != 'substituted' else 'struck'}"),
                      str(n["draft"]), str(n["despatch"]), str(n["draft"] + n["despatch"]))
    table.add_row("all", *(str(sum(1 for e in c.edits if e.stage == s)) for s in ("draft", "despatch")), str(len(c.edits)))
    table.caption = (f"{share_phrase(c.stats.get('verbatim_share'))}; "
                     + (f"{assumed_phrase(c.stats.get('variant', 0)).strip()[1:-1]}; " if c.stats.get("variant") else "")
                     + f"{c.stats.get('insertions_adopted', 0)} additions on the draft adopted; "
                     f"{c.stats.get('strikes_restored', 0)} struck passages restored")
    return table


def renderable(c: Comparison, side: bool = False, furniture: bool = True, marks: bool = False, width: int = 100) -> RenderableType:
    """Everything the terminal shows for one comparison; with ``marks`` (no colour), the words
    carry the plain-text marks (``[-struck-]``, ``{+inserted+}``…) so nothing rests on colour."""
    title = Text(f"{c.draft.source.name}  →  {c.final.source.name}", style="redline.heading")
    if side:
        body: RenderableType = side_by_side(c, furniture, marks)
    else:
        body = Text(text_body(c, width, furniture)) if marks else inline(c, furniture)
    key = Text(f"legend: {LEGEND}") if marks else legend()
    return Group(title, Text(), body, Text(), key, summary(c))


def render(c: Comparison, width: int = 100, color: bool = True, side: bool = False, furniture: bool = True, **_: object) -> str:
    """The terminal output as a string (ANSI codes when ``color``)."""
    buf = io.StringIO()
    console = Console(file=buf, width=width, theme=THEME, force_terminal=color, no_color=not color,
                      color_system="standard" if color else None, legacy_windows=False, highlight=False)
    console.print(renderable(c, side, furniture, marks=not color, width=width))
    return buf.getvalue()
