"""The benchmark runs end to end in smoke mode (seconds). Timings are never asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_smoke_prints_a_row_per_tool(tmp_path):
    out = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, "-m", "bench.run", "--smoke", "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    header = lines[0].split()
    assert header[:4] == ["input", "words", "tool", "time"]
    rows = [line.split() for line in lines[2:] if line.strip() and not line.startswith(("PASS", "MISS", "("))]
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["format"] == "redline-bench/1"
    cases, tools = doc["plan"]["cases"], doc["plan"]["tools"]
    assert tools == ["redline", "difflib"]
    assert len(doc["results"]) == len(cases) * len(tools)
    for name in cases:
        for tool in tools:
            assert any(r[0] == name and r[2] == tool for r in rows), f"no row for {tool} on {name}"
    for r in doc["results"]:
        assert r["status"] in ("ok", "cap"), r  # ran (a very slow machine may hit the cap: not a failure)
    assert any(r["tool"] == "redline" and r["status"] == "ok" and "edits" in r["result"] for r in doc["results"])
