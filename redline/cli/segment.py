"""The ``segment`` and ``pairs`` commands: the documents in archive files, and the draft/despatch pairs among them."""

import os
from pathlib import Path
from typing import List, Optional

import typer

from ..errors import UsageError
from .common import app, errors, note, write_output
from .parsing import shown

FORMATS = ("text", "json")


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return fmt


def _document(d):
    """A document with its file name, title and evidence made safe to print (``safe.shown``): a name's
    ESC sequence, bidi override, tab or line break is shown as a symbol, not obeyed (the text output;
    the JSON escapes them itself, the terminal's table makes them visible)."""
    from dataclasses import replace

    return replace(d, path=shown(d.path), title=d.title and shown(d.title), evidence=tuple(shown(e) for e in d.evidence))


def _discovery(found):
    """``found`` with every document, reason and piece of evidence made safe to print, as ``_document``."""
    from dataclasses import replace

    return replace(
        found,
        proposals=tuple(replace(p, draft=_document(p.draft), final=_document(p.final), id=shown(p.id),
                                evidence=tuple(shown(e) for e in p.evidence)) for p in found.proposals),
        unpaired=tuple(replace(u, document=_document(u.document), reason=shown(u.reason)) for u in found.unpaired),
    )


def _show(table, text: str, fmt: str) -> None:
    """A rich table on a terminal, plain text otherwise (and always for --format json)."""
    import sys

    if fmt == "text" and sys.stdout.isatty():
        from rich.console import Console

        Console().print(table)
    else:
        write_output(text, None)


@app.command()
def segment(
    files: List[str] = typer.Argument(..., metavar="FILE",
                                      help="Archive files, directories of them, or PATH:FIRST-LAST for some lines of a file."),
    fmt: str = typer.Option("text", "--format", "-f", help="Output: text or json."),
) -> None:
    """List the documents in archive files: kind, line range, date, title and the evidence for each.

    A file named as PATH:FIRST-LAST is segmented in those lines only (numbered as in the whole file);
    a file named twice, under any spelling, is read once.

    \b
    Example:
      S="$(redline demo --where)"   # the sample files installed with redline
      redline segment "$S/001_2bcad8b2cf3253a8.txt" --format json
      redline segment "$S/001_2bcad8b2cf3253a8.txt:80-128"
    """
    from .. import survey as lib  # imported by the command that runs, not by every command

    with errors():
        skipped: list[tuple[str, str]] = []
        _, _, documents = lib.segment_files(files, skipped=skipped)
        fmt = _format(fmt)
        text = lib.documents_json(documents) if fmt == "json" else lib.documents_text([_document(d) for d in documents])
        _show(lib.documents_table(documents), text, fmt)
        for path, why in skipped:
            note(f"skipped {lib.skip_note(path, why)}")


@app.command()
def pairs(
    files: List[str] = typer.Argument(..., metavar="FILE",
                                      help="Archive files, directories of them, or PATH:FIRST-LAST for some lines of a file."),
    fmt: str = typer.Option("text", "--format", "-f", help="Output: text or json."),
    manifest: Optional[Path] = typer.Option(None, "--manifest", "-m", help="A pairs.toml whose pairs win over discovery."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, show_default=False,
                                       help="Processes reading the files (default: the number of CPUs; 1: in this process)."),
) -> None:
    """Propose draft/despatch pairs (and copies) among the documents of archive files, with scores and evidence.

    \b
    Example:
      S="$(redline demo --where)"   # the sample files installed with redline
      redline pairs "$S"/*.txt --manifest "$S/pairs.toml"
      redline pairs archive/ --jobs 4 --format json > pairs.json
    """
    from .. import survey as lib

    with errors():
        archive = lib.explore(files, manifest, jobs=jobs or os.cpu_count() or 1)
        found = archive.discovery
        fmt = _format(fmt)
        _show(lib.pairs_table(found), lib.pairs_json(found) if fmt == "json" else lib.pairs_text(_discovery(found)), fmt)
        for path, why in archive.skipped:
            note(f"skipped {lib.skip_note(path, why)}")
