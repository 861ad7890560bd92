"""docs/cli.md, the command-line reference: made from the program, up to date, and its examples run
for someone who installed redline with pip (no ``samples/`` in their folder)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from tools import cli_doc

ROOT = Path(__file__).resolve().parent.parent
_INPUT = re.compile(r"\.(txt|xml|toml|html|json)\b|/$|:\d+-\d+$")


def test_docs_cli_md_is_what_the_program_says():
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == cli_doc.render(), (
        "docs/cli.md is out of date: run python -m tools.cli_doc --write")


def test_every_command_and_option_is_in_the_reference():
    import typer.main

    from redline.cli import app

    text = cli_doc.render()
    root = typer.main.get_command(app)
    ctx = root.make_context("redline", ["--help"], resilient_parsing=True)
    for name in root.list_commands(ctx):
        cmd = root.get_command(ctx, name)
        section = text.split(f"## `redline {name}`\n", 1)[1].split("\n## ", 1)[0]
        for param in cmd.params:
            for opt in getattr(param, "opts", ()):
                if opt.startswith("--") and not getattr(param, "hidden", False):
                    assert opt in section, f"redline {name}: {opt} missing from docs/cli.md"


def _examples(text: str) -> list[str]:
    """Each example (code block of a command's help) as one logical line after another."""
    blocks = re.findall(r"```sh\n(.*?)```", text.split("## `redline`", 1)[1], flags=re.S)
    return [ln for b in blocks for ln in b.replace("\\\n", " ").splitlines() if ln.strip()]


def _runnable(line: str) -> bool:
    """An example whose every input is a sample file (``$S/…``), not a stand-in such as draft.txt."""
    words = shlex.split(line, comments=True)
    for prev, word in zip([""] + words, words):
        if prev in ("-o", "--output", ">") or not _INPUT.search(word):
            continue
        if not word.startswith("$S"):
            return False
    return words[:1] == ["redline"]


def test_no_example_needs_a_checkout():
    examples = _examples(cli_doc.render())
    assert examples and not [e for e in examples if "samples/" in e]


def test_the_help_examples_on_the_sample_files_run_from_an_empty_folder(tmp_path):
    """As after ``pip install``: ``S="$(redline demo --where)"`` finds the samples; the folder the
    commands run in holds nothing of redline's, and every output goes there."""
    examples = _examples(cli_doc.render())
    runnable = [e for e in examples if _runnable(e) and e.split()[:2] != ["redline", "demo"]]
    assert len(runnable) >= 8, runnable  # compare, report, cite, collate, segment (2), pairs, survey, schema
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    script = "\n".join([
        "set -eu",
        f'redline() {{ {shlex.quote(sys.executable)} -m redline "$@"; }}',
        'S="$(redline demo --where)"',
        *(f"{e} > /dev/null" if ">" not in shlex.split(e, comments=True) else e for e in runnable),
    ])
    done = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "dec88.html").stat().st_size > 0 and (tmp_path / "out" / "survey" / "index.html").exists()
