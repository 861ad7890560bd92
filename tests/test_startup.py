"""A command imports what it uses: ``redline compare`` never loads the survey, the pairing, pydantic or lxml.

Start-up is most of what a user waits for on a small comparison (issue 18): every module a
command imports and does not use is paid on every run. These tests run the command in a fresh
interpreter and look at ``sys.modules`` when it ends.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DRAFT = "samples/001_2bcad8b2cf3253a8.txt:80-128"
FINAL = "samples/001_2bcad8b2cf3253a8.txt:348-417"

DRIVER = """
import json, sys
args = json.loads(sys.argv[1])
sys.argv = ["redline", *args]
code = 0
try:
    if args:
        from redline.cli import main
        main()
    else:
        import redline
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def modules_after(*args: str) -> set[str]:
    """The modules loaded when ``redline ARGS`` has run (no ARGS: after ``import redline``)."""
    done = subprocess.run([sys.executable, "-c", DRIVER, json.dumps(list(args))], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["code"] in (0, None), done.stderr
    return set(report["modules"])


def top(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


NEVER_FOR_COMPARE = {"redline.survey", "redline.batch", "redline.pair", "redline.index", "redline.render.html",
                     "redline.collate", "redline.segment", "redline.segment_rules", "multiprocessing",
                     "concurrent.futures.process",
                     "hashlib", "_hashlib"}  # OpenSSL: an edit's id takes CPython's own _sha1 (redline.classify)
NEVER_FOR_COMPARE_PACKAGES = {"dask", "distributed", "lxml", "pydantic", "jinja2", "rich", "wordfreq"}


def test_compare_as_json_imports_neither_the_survey_nor_pydantic_nor_lxml(tmp_path):
    out = tmp_path / "x.json"
    modules = modules_after("compare", DRAFT, FINAL, "--format", "json", "-o", str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["edits"]  # it did compare
    assert not modules & NEVER_FOR_COMPARE, sorted(modules & NEVER_FOR_COMPARE)
    assert not top(modules) & NEVER_FOR_COMPARE_PACKAGES, sorted(top(modules) & NEVER_FOR_COMPARE_PACKAGES)


def test_plain_texts_load_no_reader_of_another_format_nor_zipfile(tmp_path):
    # TEI and HTML readers load only for a file that starts with '<'; package data is read as a plain file
    modules = modules_after("compare", DRAFT, FINAL, "--format", "json", "-o", str(tmp_path / "x.json"))
    assert not modules & {"redline.teiread", "redline.htmlread", "zipfile"}, sorted(modules & {"redline.teiread", "redline.htmlread", "zipfile"})


def test_help_imports_no_part_of_the_pipeline():
    modules = modules_after("--help")
    assert not {m for m in modules if m.startswith("redline.") and not m.startswith("redline.cli")} - {
        "redline.errors", "redline.render", "redline.gcpause"}  # gcpause imports only gc and contextlib
    assert not top(modules) & NEVER_FOR_COMPARE_PACKAGES


def test_import_redline_alone_stays_light_and_still_gives_every_name():
    modules = modules_after()
    assert "redline.api" not in modules and not top(modules) & {"typer", "lxml", "wordfreq", "pydantic"}
    import redline

    for name in redline.__all__:
        assert getattr(redline, name) is not None


@pytest.mark.parametrize("fmt", ["text", "csv"])
def test_compare_as_text_or_csv_imports_no_survey(tmp_path, fmt):
    modules = modules_after("compare", DRAFT, FINAL, "--format", fmt, "-o", str(tmp_path / f"x.{fmt}"))
    assert not modules & NEVER_FOR_COMPARE
    assert not top(modules) & NEVER_FOR_COMPARE_PACKAGES


def test_the_cli_copies_of_library_names_agree_with_the_library():
    """The help lists these without importing the library; they must be the library's."""
    from redline import api, cite
    from redline.cli import cite as cite_cli, common

    assert common.MAX_WORDS == api.MAX_WORDS == api.Options().max_words
    assert cite_cli.STYLES == tuple(cite.STYLES)
    assert cite_cli.FORMATS == tuple(cite.FORMATS)


def test_compare_builds_no_other_command(tmp_path):
    """``main`` imports and builds only the command it runs; ``--help`` still lists them all."""
    modules = modules_after("compare", DRAFT, FINAL, "--format", "json", "-o", str(tmp_path / "x.json"))
    others = {f"redline.cli.{m}" for m in ("demo", "report", "cite", "segment", "survey", "collate", "schema")}
    assert not modules & others, sorted(modules & others)
    assert others <= modules_after("--help")


def test_compare_ending_at_once_keeps_its_status_and_its_output():
    """``redline compare`` ends without freeing its objects (``redline.cli._end_now``): the status,
    the whole of standard output through a pipe and the last line of standard error are still there."""
    done = subprocess.run([sys.executable, "-m", "redline", "compare", DRAFT, FINAL, "--format", "json", "--exit-code"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["edits"]
    assert done.stderr.strip().splitlines()[-1].startswith("redline: ") and "edits" in done.stderr
    missing = subprocess.run([sys.executable, "-m", "redline", "compare", "no-such-file.txt", FINAL], cwd=ROOT,
                             capture_output=True, text=True, timeout=120)
    assert missing.returncode == 2 and missing.stderr.startswith("redline: error: ")


def test_typer_reads_no_command_annotation_as_a_string():
    """Typer evaluates a string annotation (``from __future__ import annotations``) twice a parameter
    each time the app runs; the command modules keep theirs as objects (see ``redline.cli``)."""
    import inspect

    from redline.cli import app

    callbacks = [app.registered_callback.callback, *(c.callback for c in app.registered_commands)]
    for callback in callbacks:
        strings = {name: a for name, a in inspect.get_annotations(callback).items() if isinstance(a, str)}
        assert not strings, (callback.__module__, callback.__name__, strings)


@pytest.mark.parametrize("args, status", [(["--help"], 0), (["--version"], 0), (["compair"], 2), ([], 2)])
def test_no_command_ending_at_once_keeps_its_status_and_its_output(args, status):
    """A run of no command ends at once too (``redline.cli._end_now``): the help, the version or the
    error is written whole, with the usual status."""
    done = subprocess.run([sys.executable, "-m", "redline", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == status, done.stderr
    if args == ["--help"]:
        assert done.stdout.startswith("Usage: ") and "  compare " in done.stdout
        assert done.stdout.rstrip().splitlines()[-1].lstrip().startswith("schema ")  # to the last line
    elif args == ["--version"]:
        assert done.stdout.startswith("redline ")
    elif args:
        assert done.stderr.startswith("redline: error: unknown command 'compair'"), done.stderr
    else:  # bare ``redline``: the help, on standard error, as click gives it
        assert done.stderr.startswith("Usage: ") and "  schema " in done.stderr


def test_typer_is_imported_by_main_with_the_collector_paused():
    """``import redline.cli`` leaves Typer to ``main``, which imports it under ``importing`` (the cyclic
    collector paused, then everything aged); the collector's state is given back, on or off."""
    import gc

    done = subprocess.run([sys.executable, "-c", "import sys, redline.cli; print('typer' in sys.modules)"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "False", done.stderr
    from redline.cli import importing

    was = gc.isenabled()
    try:
        for on in (True, False):
            (gc.enable if on else gc.disable)()
            with importing():
                assert not gc.isenabled()
            assert gc.isenabled() is on
    finally:
        (gc.enable if was else gc.disable)()
