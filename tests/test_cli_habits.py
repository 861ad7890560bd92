"""What a user of any command-line tool expects: --version, -h, shell completion, no HTML dumped on a
terminal, and the CSV formula guard that can be turned off."""

from __future__ import annotations

import subprocess
import sys

from redline import __version__


def run(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "redline", *args], capture_output=True, text=True, timeout=120, **kw)


def test_version_and_short_help():
    v = run("--version")
    assert v.returncode == 0 and v.stdout.strip() == f"redline {__version__}"
    assert run("-V").stdout == v.stdout
    h = run("-h")
    assert h.returncode == 0 and "Commands:" in h.stdout and "--install-completion" in h.stdout
    sub = run("compare", "-h")
    assert sub.returncode == 0 and sub.stdout.startswith("Usage:") and "DRAFT FINAL" in sub.stdout


def test_report_refuses_to_dump_html_on_a_terminal(tmp_path):
    """Run under a pseudo-terminal (``script``), as a person at a shell would; piped, it still writes."""
    import shutil

    d, f = tmp_path / "d.txt", tmp_path / "f.txt"
    d.write_text("We agree.\n", encoding="utf-8")
    f.write_text("WE ACCEPT.\n", encoding="utf-8")
    piped = run("report", str(d), str(f))
    assert piped.returncode == 0 and piped.stdout.lstrip().lower().startswith("<!doctype html")
    if shutil.which("script") is None:
        return
    cmd = f"{sys.executable} -m redline report {d} {f}"
    tty = subprocess.run(["script", "-qec", cmd, "/dev/null"], capture_output=True, text=True, timeout=120)
    assert tty.returncode == 2
    assert "redline: error: an HTML report is a file to open in a browser" in tty.stdout
    assert "<html" not in tty.stdout.lower()


def test_the_csv_formula_guard_is_on_by_default_and_can_be_turned_off(tmp_path):
    d, f = tmp_path / "d.txt", tmp_path / "f.txt"
    d.write_text("It fell to -3 degrees.\n", encoding="utf-8")
    f.write_text("It fell to -4 degrees.\n", encoding="utf-8")
    guarded = run("compare", str(d), str(f), "-f", "csv").stdout
    plain = run("compare", str(d), str(f), "-f", "csv", "--no-csv-guard").stdout
    assert ",'-3," in guarded and ",-3," in plain and ",'-3," not in plain


def test_demo_where_prints_the_folder_of_the_samples():
    out = run("demo", "--where")
    from pathlib import Path

    folder = Path(out.stdout.strip())
    assert out.returncode == 0 and (folder / "pairs.toml").is_file() and (folder / "001_2bcad8b2cf3253a8.txt").is_file()


def test_schema_prints_each_shipped_schema_and_every_json_names_its_writer(tmp_path):
    import json

    import jsonschema

    one = json.loads(run("schema").stdout)
    assert one["title"] == "redline/1" and "redline" in one["required"]
    assert json.loads(run("schema", "redline-collation/1").stdout)["properties"]["format"]["const"] == "redline-collation/1"
    bad = run("schema", "redline/9")
    assert bad.returncode == 2 and bad.stderr.startswith("redline: error: no schema named")
    d, f = tmp_path / "d.txt", tmp_path / "f.txt"
    d.write_text("We agree.\n", encoding="utf-8")
    f.write_text("WE ACCEPT.\n", encoding="utf-8")
    out = json.loads(run("compare", str(d), str(f), "-f", "json").stdout)
    assert out["redline"] == __version__
    jsonschema.validate(out, one)
