"""``docs/cli.md``, the command-line reference, made from the ``redline`` app itself.

Each command's usage line, its help text with its examples, and a table of its arguments and
options (names, what they take, help, default), read through click's public interface
(``typer.main.get_command``, ``Command.get_usage``, ``Parameter.get_help_record``), so the
reference says what ``redline COMMAND --help`` says. ``tests/test_cli_doc.py`` fails when the
file in ``docs/`` is not what this makes:

    python -m tools.cli_doc --write     # rewrite docs/cli.md
    python -m tools.cli_doc             # print it
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"

_HEAD = """\
# The `redline` command line

Every command and option, as `redline COMMAND --help` gives them. This file is generated from the
program (`python -m tools.cli_doc --write`); a test fails when it is out of date.

The examples that name the sample files find them with `redline demo --where`, which prints the folder
the samples were installed in, so they run from any folder after `pip install`:

```sh
S="$(redline demo --where)"
```

Exit status: 0 success; 1 with `--exit-code` when there are edits; 2 bad input or usage (one line,
`redline: error: …`); 3 an internal error (`--debug` shows the traceback); 130 interrupted; 141 standard
output's reader went away (`redline compare a b | head -1`), silently, as for a process SIGPIPE ends.
"""


def _cell(text: str) -> str:
    """A table cell: one line, with ``|`` escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def _help_text(text: str) -> str:
    """A command's help as Markdown: prose as paragraphs, each run of indented lines (the
    examples) as a code block, dedented."""
    lines = text.replace("\b", "").splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not lines[i].startswith("  "):
            out.append(lines[i].strip())
            i += 1
            continue
        j = i
        while j < len(lines) and (lines[j].startswith("  ") or not lines[j].strip()):
            j += 1
        block = lines[i:j]
        while block and not block[-1].strip():
            block.pop()
        indent = min(len(ln) - len(ln.lstrip()) for ln in block if ln.strip())
        out += ["", "```sh", *(ln[indent:] for ln in block), "```", ""]
        i = j
    text = "\n".join(out)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()


def _params(cmd: Any, ctx: Any) -> list[str]:
    rows = []
    for param in cmd.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        if param.param_type_name == "argument":
            name = param.metavar or param.name.upper()
            name = name if param.required else f"[{name}]"
            if param.nargs != 1:
                name += "..."
            rows.append((f"`{name}`", getattr(param, "help", None) or "", "required" if param.required else ""))
            continue
        record = param.get_help_record(ctx)
        if record is None:
            continue
        names, help_text = record
        default = ""
        if "[" in help_text and help_text.rstrip().endswith("]"):  # click's "[default: auto; x>=20]"
            help_text, _, extra = help_text.rstrip()[:-1].rpartition("[")
            default = extra.strip().removeprefix("default: ")
        rows.append((f"`{names}`", help_text.strip(), default))
    if not rows:
        return []
    out = ["| argument or option | what it does | default, range |", "| --- | --- | --- |"]
    out += [f"| {_cell(n)} | {_cell(h)} | {_cell(d)} |" for n, h, d in rows]
    return out


def render() -> str:
    """The whole reference, as Markdown."""
    import typer.main

    from redline.cli import app

    root = typer.main.get_command(app)
    ctx = root.make_context("redline", ["--help"], resilient_parsing=True)
    out = [_HEAD, "## `redline`", "", "```text", root.get_usage(ctx), "```", "", _help_text(root.help or ""), ""]
    out += _params(root, ctx) + [""]
    for name in root.list_commands(ctx):
        cmd = root.get_command(ctx, name)
        if cmd is None or cmd.hidden:
            continue
        sub = cmd.make_context(name, [], parent=ctx, resilient_parsing=True)
        out += [f"## `redline {name}`", "", "```text", cmd.get_usage(sub), "```", "", _help_text(cmd.help or ""), ""]
        out += _params(cmd, sub) + [""]
    return "\n".join(out).rstrip() + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--write" in argv:
        DOC.write_text(text, encoding="utf-8")
        print(f"wrote {DOC}")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
