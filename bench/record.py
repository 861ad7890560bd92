"""What a benchmark run leaves behind: ``bench/results/<date>.json``, the table in bench/README.md, and
every figure that got worse since the last recorded run.

No silent regressions: each run that is not a smoke run is compared, figure by figure (time, CPU
time, peak memory of every tool on every input both runs measured), with the newest file in
``bench/results/``; a figure worse by more than the machine's noise (``NOISE``) is printed with
both values. Timing is never asserted in a test (the machine is shared); this is where a slower
change shows.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
README = Path(__file__).resolve().parent / "README.md"
NOISE = 1.25
"""A figure more than 25 % worse is reported: on this shared machine one run of the same input varies
by 10–20 % in wall time from minute to minute."""
FIGURES = (("seconds", "time", "s"), ("cpu", "cpu", "s"), ("peak_mb", "peak", "MB"))
BEGIN, END = "<!-- results: written by python -m bench.run --record -->", "<!-- /results -->"


def last_recorded(folder: Path = RESULTS) -> tuple[Path, dict] | None:
    """The newest recorded run (by its file name, a date), or None."""
    files = sorted(folder.glob("*.json"))
    if not files:
        return None
    return files[-1], json.loads(files[-1].read_text(encoding="utf-8"))


def worse(results: list[dict], before: dict, noise: float = NOISE) -> list[str]:
    """Every figure of ``results`` worse than ``before``'s by more than ``noise``, one line each.

    >>> old = {"results": [{"tool": "redline", "case": "dec88", "status": "ok", "seconds": 0.10, "cpu": 0.1, "peak_mb": 5}]}
    >>> worse([{"tool": "redline", "case": "dec88", "status": "ok", "seconds": 0.20, "cpu": 0.11, "peak_mb": 5}], old)
    ['redline on dec88: time 0.100 s -> 0.200 s (2.00x)']
    """
    then = {(r["tool"], r["case"]): r for r in before.get("results", []) if r.get("status") == "ok"}
    out = []
    for r in results:
        old = then.get((r["tool"], r["case"]))
        if old is None or r.get("status") != "ok":
            if old is not None:
                out.append(f"{r['tool']} on {r['case']}: ran before ({old['seconds']:.3f} s), now {r.get('status')}")
            continue
        for key, label, unit in FIGURES:
            a, b = old.get(key), r.get(key)
            floor = 0.02 if unit == "s" else 2.0  # below 20 ms or 2 MB, a ratio is noise
            if a is not None and b is not None and max(a, b) > floor and b > max(a, floor) * noise:
                fmt = (lambda v: f"{v:.3f} s") if unit == "s" else (lambda v: f"{v:.0f} MB")
                out.append(f"{r['tool']} on {r['case']}: {label} {fmt(a)} -> {fmt(b)} ({b / max(a, floor):.2f}x)")
    return out


def save(doc: dict, folder: Path = RESULTS, today: datetime.date | None = None) -> Path:
    """Write ``doc`` to ``folder/<date>.json`` (a second run on one day replaces the first)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{(today or datetime.date.today()).isoformat()}.json"
    path.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    return path


def _cell(r: dict | None) -> str:
    if r is None:
        return ""
    if r["status"] != "ok":
        return {"cap": "> cap", "skipped": "> cap"}.get(r["status"], r["status"])
    cpu = f" ({r['cpu']:.2f})" if r.get("cpu") is not None else ""
    return f"{r['seconds']:.3f}{cpu}"


def markdown(doc: dict) -> str:
    """The run as a table: one row per input, one column per tool, wall seconds (CPU seconds)."""
    results = doc["results"]
    tools = [t for t in doc["plan"]["tools"] if any(r["tool"] == t for r in results)]
    cases = [c for c in doc["plan"]["cases"] if any(r["case"] == c for r in results)]
    at = {(r["tool"], r["case"]): r for r in results}
    m = doc["machine"]
    lines = [
        f"Recorded {doc.get('date', '')} on {m.get('cpus')} cores, Python {m.get('python')}, {m.get('platform')}; "
        f"load average {m.get('load', '?')} at the start. Seconds, wall (CPU), best of up to 5 runs; "
        "`cli-…` and `…-proc`, `git-words`, `dwdiff`, `wdiff` are whole processes (interpreter, imports, "
        "reading and writing files), the others the comparison alone in a warm process.",
        "",
        "| input | words | " + " | ".join(f"`{t}`" for t in tools) + " |",
        "| --- | ---: | " + " | ".join("---:" for _ in tools) + " |",
    ]
    for c in cases:
        words = next(r["words"] for r in results if r["case"] == c)
        lines.append(f"| `{c}` | {words:,} | " + " | ".join(_cell(at.get((t, c))) for t in tools) + " |")
    peaks = [(c, at[("cli-json", c)]) for c in cases if ("cli-json", c) in at and at[("cli-json", c)]["status"] == "ok"]
    if peaks:
        lines += ["", "Peak memory of `redline compare --format json`, whole process: " + "; ".join(
            f"`{c}` {r['peak_mb']:.0f} MB ({r['peak_mb'] * 2**20 / r['words']:.0f} B a word)" for c, r in peaks) + "."]
    return "\n".join(lines)


def update_readme(doc: dict, readme: Path = README) -> None:
    """Put ``markdown(doc)`` between the README's results markers (added at its end the first time)."""
    text = readme.read_text(encoding="utf-8")
    block = f"{BEGIN}\n{markdown(doc)}\n{END}"
    if BEGIN in text and END in text:
        text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n## The last recorded run\n\n" + block + "\n"
    readme.write_text(text, encoding="utf-8")
