"""``python -m bench.run``: time redline against its peers on the same inputs, in one run.

Every measurement (one tool, one input) runs in a fresh subprocess with a time
cap, so a slow peer costs at most the cap and its peak memory is its own. A tool
that hits the cap at some size is not run on larger inputs ("> cap" there too).

    python -m bench.run                 the full benchmark (a few minutes on 2 cores)
    python -m bench.run --smoke         seconds: tiny inputs, redline and difflib only
    python -m bench.run --json out.json also write the results as JSON
    python -m bench.run --only redline,difflib --cases dec88,dec88x63
    python -m bench.run --only redline,difflib --cases darwin1859-1872,julian,darwin150k   real revisions
    python -m bench.run --record        also write bench/results/<date>.json and the table in bench/README.md

Tools are in-process (``bench.peers``: the comparison alone) or whole processes
(``bench.process``: ``cli-json`` is ``redline compare … --format json -o FILE``, ``git-words``
is ``git diff --no-index --word-diff=porcelain``, ``difflib-proc`` the difflib row as a
process, …). Every run that is not a smoke run compares each figure with the last run recorded
in ``bench/results/`` and prints every one that got worse by more than ``NOISE``.

The table's ratio column is peer time / redline time on that input (a whole-process
peer against ``cli-json``, an in-process one against ``redline``): above 1 means
redline is faster. In-process peak memory is the rise of the process's maximum
resident set during the measurement (``ru_maxrss``), so the interpreter and the
inputs are not counted; a whole process's is all of it.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import process, record
from .inputs import CorpusMissing, case, series
from .peers import PEERS, TOOLS

ROOT = Path(__file__).resolve().parent.parent
# The dec88 pair has 905 words; these repeats give ~3.6 k, 14 k, 57 k, 125 k and 250 k words. The real
# revisions (read from ../shared/corpus/): Darwin 1859 → 1872 (23.5 k words), Julian MS → print 1823
# (27 k), and each Darwin edition against the next, one after another, ~150 k words a side (301 k).
FULL_CASES = ["dec88", "oct88", "dec88x4", "dec88x16", "dec88x63", "dec88x138", "dec88x276", "dec88x1105", "unrelated5k",
              "unrelated50k", "darwin1859-1872", "julian", "darwin150k", "samples"]
SMOKE_CASES = ["dec88", "oct88", "dec88x3", "unrelated1k"]
OURS = ("redline",)
CLI = ("cli-json", "cli-text", "cli-report", "cli-survey")
"""redline's commands, timed as whole processes (``bench.process``): capped as redline is."""
ALL_TOOLS = {**TOOLS, **process.PROCESSES}
FULL_TOOLS = ["redline", *CLI, *PEERS, *(t for t in process.PROCESSES if t not in CLI)]

TARGETS = {"words_57k": 0.5, "words_250k": 2.0, "vs_difflib_57k": 20.0, "real_150k": 1.0, "real_vs_difflib_150k": 20.0}
REAL_150K = "darwin150k"
"""The real-revision case the targets name: ~150 k words a side of real editions."""
REPEAT_WITHIN = 10.0
"""Seconds of runs a measurement repeats within (at most 5 runs, at least 1)."""


@dataclass(frozen=True)
class Plan:
    """What one run measures.

    cases: input names (see ``bench.inputs.case``), smallest first within a series.
    tools: tool names (see ``bench.peers.TOOLS``), redline first.
    cap: seconds a peer may take on one input before it is stopped (30; the full run uses 20).
    redline_cap: the same for redline (180): its real time is the point of the run.
    caps: per-tool caps over ``cap`` ({"difflib": 60}: the 20× target needs its real time at 57 k words).
    """

    cases: list[str]
    tools: list[str]
    cap: float = 30.0
    redline_cap: float = 180.0
    caps: dict = field(default_factory=lambda: {"difflib": 60.0})


@dataclass
class Result:
    """One measurement. status: ok, cap (stopped at the cap), skipped (capped on a smaller input), missing, error."""

    tool: str
    case: str
    words: int
    status: str
    seconds: float | None = None
    peak_mb: float | None = None
    runs: int = 0
    result: str = ""
    note: str = ""
    ratio: float | None = field(default=None)
    cpu: float | None = None


# --- the worker: one measurement, in this process --------------------------------------------


def _rss_bytes() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # not Linux: fall back to the high-water mark so far
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def measure_here(tool: str, name: str) -> dict:
    """Time ``tool`` on input ``name`` here: the best of up to 5 runs, as many as fit in 10 s.

    One run a measurement would be at the mercy of this machine's noise (on a shared
    virtual machine the same run varies by 10-20 % in wall time); the least of a few is
    the usual benchmark statistic, and every tool is measured alike. A run over 10 s is
    measured once.
    """
    c = case(name)
    if tool in process.PROCESSES:
        return process.measure(tool, c)
    fn = TOOLS[tool]
    fn(c.draft[:2000], c.final[:2000])  # warm up: imports and caches are not part of the measurement
    rss0 = _rss_bytes()
    times: list[float] = []
    cpus: list[float] = []
    best: object = None  # the fastest run's result: its stage times are the ones that go with the time
    while len(times) < 5 and sum(times) < REPEAT_WITHIN:
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn(c.draft, c.final)
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
        if times[-1] == min(times):
            best = out
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {
        "seconds": min(times),
        "cpu": min(cpus),
        "runs": len(times),
        "peak_mb": max(0, peak - rss0) / 2**20,
        "result": str(best),
    }


# --- the driver ------------------------------------------------------------------------------


def measure(tool: str, name: str, words: int, cap: float) -> Result:
    """Run one measurement in a subprocess, stopping it at ``cap`` seconds."""
    cmd = [sys.executable, "-m", "bench.run", "--one", tool, name]
    # A session of its own: at the cap the worker and the command it runs (a whole-process tool) are stopped together.
    worker = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = worker.communicate(timeout=cap)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.communicate()
        return Result(tool, name, words, "cap", note=f"stopped at the {cap:g} s cap")
    proc = subprocess.CompletedProcess(cmd, worker.returncode, stdout, stderr)
    if proc.returncode == 3:
        return Result(tool, name, words, "missing", note=proc.stderr.strip().splitlines()[-1])
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return Result(tool, name, words, "error", note=last[:120])
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    return Result(tool, name, words, "ok", data["seconds"], data["peak_mb"], data["runs"], data["result"], cpu=data.get("cpu"))


def run(plan: Plan, log=sys.stderr) -> list[Result]:
    """Every tool on every case, smallest inputs first within a series.

    A tool is not run where it cannot finish: once it hit the cap at some size, or
    when its last time scaled linearly to this size (a lower bound for every tool
    here) is already over the cap, both within the input's series (``inputs.series``).
    Those rows read "> cap" with the reason.
    """
    results: list[Result] = []
    capped_at: dict[tuple[str, str], int] = {}  # (tool, series) -> words
    last: dict[tuple[str, str], tuple[int, float]] = {}
    for name in plan.cases:
        words = case(name).words
        here: dict[str, Result] = {}
        for tool in plan.tools:
            if (tool == "cli-survey") != (name == "samples"):  # the survey reads the sample folder, and only it does
                continue
            cap = plan.redline_cap if tool in OURS + CLI else plan.caps.get(tool, plan.cap)
            key = (tool, series(name))  # a time on one series says little about another
            seen = last.get(key)
            if key in capped_at and words >= capped_at[key]:
                r = Result(tool, name, words, "skipped", note=f"capped at {capped_at[key]:,} words")
            elif seen and words > seen[0] and seen[1] * words / seen[0] > cap:
                r = Result(tool, name, words, "skipped", note=f"{seen[1]:.1f} s at {seen[0]:,} words: over the cap here")
            else:
                r = measure(tool, name, words, cap)
                if r.status == "cap":
                    capped_at[key] = min(words, capped_at.get(key, words))
                elif r.status == "ok" and (not seen or words >= seen[0]):
                    last[key] = (words, r.seconds)
            here[tool] = r
            results.append(r)
            print(f"  {name:<14} {tool:<16} {_fmt_time(r, plan):>10}", file=log, flush=True)
        for r in here.values():
            base = here.get("cli-json" if r.tool in process.PROCESSES else "redline")
            if base and base.status == "ok" and base.seconds:
                if r.status == "ok":
                    r.ratio = r.seconds / base.seconds
                elif r.status in ("cap", "skipped"):
                    r.ratio = plan.caps.get(r.tool, plan.cap) / base.seconds  # a lower bound
    return results


# --- output ----------------------------------------------------------------------------------


def _fmt_time(r: Result, plan: Plan) -> str:
    if r.status == "ok":
        return f"{r.seconds:.3f} s" if r.seconds < 100 else f"{r.seconds:.0f} s"
    cap = plan.redline_cap if r.tool in OURS + CLI else plan.caps.get(r.tool, plan.cap)
    return f"> {cap:g} s" if r.status in ("cap", "skipped") else r.status


def _fmt_ratio(r: Result) -> str:
    if r.ratio is None:
        return ""
    text = f"{r.ratio:.1f}×" if r.ratio < 100 else f"{r.ratio:,.0f}×"
    if r.status != "ok":
        return "> " + text if r.ratio >= 1 else "?"  # a bound below 1 says nothing
    return text


def table(results: list[Result], plan: Plan) -> str:
    """The results as a fixed-width text table: one row per tool per input."""
    head = ("input", "words", "tool", "time", "cpu", "peer/redline", "peak MB", "note")
    rows = [head]
    for r in results:
        mem = f"{r.peak_mb:.1f}" if r.peak_mb is not None else ""
        cpu = f"{r.cpu:.3f} s" if r.cpu is not None and r.status == "ok" else ""
        note = r.note or (r.result if r.tool in OURS + CLI else "")
        rows.append((r.case, f"{r.words:,}", r.tool, _fmt_time(r, plan), cpu, _fmt_ratio(r), mem, note))
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    right = {1, 3, 4, 5, 6}
    lines = []
    for n, row in enumerate(rows):
        cells = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def growth(results: list[Result], tool: str = "redline", series: str = "dec88x") -> list[tuple[str, str, float]]:
    """A tool's growth exponent between successive sizes of a series (1.0 = linear, 2.0 = quadratic)."""
    pts = sorted((r.words, r.case, r.seconds) for r in results if r.tool == tool and r.status == "ok" and r.case.startswith(series))
    return [(a[1], b[1], math.log(b[2] / a[2]) / math.log(b[0] / a[0])) for a, b in zip(pts, pts[1:]) if a[2] > 0 and b[0] > a[0]]


def verdicts(results: list[Result]) -> list[str]:
    """The issue's targets, each with the measured number and a pass/miss word for redline."""
    out = []
    dif = {r.case: r for r in results if r.tool == "difflib"}
    for tool in OURS:
        red = {r.case: r for r in results if r.tool == tool}
        if not red:
            continue
        for name, target, label in (("dec88x63", TARGETS["words_57k"], "57 k words"), ("dec88x276", TARGETS["words_250k"], "250 k words")):
            r = red.get(name)
            if r is not None:
                got = f"{r.seconds:.2f} s" if r.status == "ok" else {"cap": "over the cap", "skipped": "over the cap"}.get(r.status, f"{r.status}: {r.note}")
                ok = r.status == "ok" and r.seconds < target
                out.append(f"{'PASS' if ok else 'MISS'}  {tool} on {label} under {target:g} s: {got}")
        r, d = red.get("dec88x63"), dif.get("dec88x63")
        if r is not None and d is not None and r.status == "ok" and d.status in ("ok", "cap", "skipped"):
            if d.status == "ok":
                ratio, text = d.seconds / r.seconds, f"{d.seconds / r.seconds:.1f}×"
            else:  # difflib was stopped: the cap gives a lower bound
                cap = d.ratio * [x for x in results if x.tool == "redline" and x.case == "dec88x63"][0].seconds
                ratio = cap / r.seconds
                text = f"more than {ratio:.1f}× (difflib stopped at the {cap:g} s cap)"
            ok = ratio >= TARGETS["vs_difflib_57k"]
            word = 'PASS' if ok else ('MISS' if d.status == 'ok' else 'OPEN')  # a bound under the target proves nothing
            out.append(f"{word}  {tool} ≥ {TARGETS['vs_difflib_57k']:g}× faster than difflib at 57 k words: {text}")
        out.extend(_real_verdicts(tool, red.get(REAL_150K), dif.get(REAL_150K)))
        g = growth(results, tool)
        if g:
            steps = ", ".join(f"{b}: {e:.2f}" for a, b, e in g)
            worst = max(e for *_x, e in g)
            out.append(f"{'PASS' if worst < 1.3 else 'MISS'}  {tool} close-to-linear growth (exponent per step, 1 = linear): {steps}")
    return out


def _real_verdicts(tool: str, r: Result | None, d: Result | None) -> list[str]:
    """The real-revision targets on ``REAL_150K``: one exact diff (no ``banded`` fallback), under 1 s, and
    20 times faster than difflib (a difflib stopped at its cap gives a lower bound)."""
    if r is None:
        return []
    label = "real editions, ~150 k words a side"
    if r.status != "ok":
        return [f"MISS  {tool} on {label}: {r.status} {r.note}".rstrip()]
    method = r.result.split("method ", 1)[-1].split(";", 1)[0]
    out = [
        f"{'PASS' if 'banded' not in method else 'MISS'}  {tool} on {label} without the banded fallback: method {method}",
        f"{'PASS' if r.seconds <= TARGETS['real_150k'] else 'MISS'}  {tool} on {label} within {TARGETS['real_150k']:g} s: {r.seconds:.2f} s",
    ]
    if d is not None and d.status in ("ok", "cap", "skipped") and d.ratio is not None:
        ok = d.ratio >= TARGETS["real_vs_difflib_150k"]
        text = f"{d.ratio:.1f}×" if d.status == "ok" else f"more than {d.ratio:.1f}× (difflib stopped at its cap)"
        word = "PASS" if ok else ("MISS" if d.status == "ok" else "OPEN")
        out.append(f"{word}  {tool} ≥ {TARGETS['real_vs_difflib_150k']:g}× faster than difflib on {label}: {text}")
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    p.add_argument("--smoke", action="store_true", help="seconds-long run: tiny inputs, redline and difflib")
    p.add_argument("--json", metavar="PATH", help="also write the results to PATH as JSON")
    p.add_argument("--cap", type=float, help="seconds a peer may take on one input (30; smoke 20)")
    p.add_argument("--redline-cap", type=float, help="the same for redline (180)")
    p.add_argument("--only", help="comma-separated tools")
    p.add_argument("--cases", help="comma-separated inputs, e.g. dec88,dec88x63,unrelated50k,darwin1859-1872,julian,darwin150k")
    p.add_argument("--record", action="store_true", help="write bench/results/<date>.json and the table in bench/README.md")
    p.add_argument("--one", nargs=2, metavar=("TOOL", "INPUT"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.one:
        tool, name = args.one
        try:
            data = measure_here(tool, name)
        except ImportError as exc:
            print(f"not installed: {exc.name} (pip install -e '.[bench]')", file=sys.stderr)
            return 3
        except process.Missing as exc:
            print(f"not installed: {exc}", file=sys.stderr)
            return 3
        print(json.dumps(data))
        return 0
    if args.smoke:
        plan = Plan(SMOKE_CASES, ["redline", "difflib"], cap=20.0, redline_cap=60.0, caps={})
    else:
        plan = Plan(FULL_CASES, FULL_TOOLS, cap=20.0)
    plan = Plan(
        args.cases.split(",") if args.cases else plan.cases,
        args.only.split(",") if args.only else plan.tools,
        args.cap or plan.cap,
        args.redline_cap or plan.redline_cap,
        plan.caps if not args.cap else {},
    )
    unknown = [t for t in plan.tools if t not in ALL_TOOLS]
    if unknown:
        p.error(f"unknown tool {unknown[0]!r}; choose from {', '.join(ALL_TOOLS)}")
    try:
        for name in plan.cases:
            case(name)  # every input can be made: a missing corpus is one clear line, before anything runs
    except CorpusMissing as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"redline bench: {len(plan.cases)} inputs × {len(plan.tools)} tools, cap {plan.cap:g} s per peer measurement", file=sys.stderr)
    t0 = time.perf_counter()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    results = run(plan)
    print(table(results, plan))
    lines = verdicts(results)
    if lines:
        print()
        print("\n".join(lines))
    print(f"\n({time.perf_counter() - t0:.0f} s, Python {platform.python_version()}, {os.cpu_count()} cores)")
    doc = {
        "format": "redline-bench/1",
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "plan": {"cases": plan.cases, "tools": plan.tools, "cap": plan.cap, "redline_cap": plan.redline_cap},
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
                    "load": None if load is None else round(load, 2)},
        "results": [r.__dict__ for r in results],
        "growth": {t: [{"from": a, "to": b, "exponent": e} for a, b, e in growth(results, t)] for t in OURS},
        "targets": lines,
    }
    if not args.smoke:  # no silent regressions: every figure against the last recorded run
        last = record.last_recorded()
        if last is not None:
            slower = record.worse(doc["results"], last[1])
            print(f"\nAgainst the last recorded run ({last[0].name}, {last[1].get('date', '')}): "
                  + (f"{len(slower)} figure{'s' if len(slower) > 1 else ''} worse by more than {record.NOISE - 1:.0%}:" if slower else
                     f"no figure worse by more than {record.NOISE - 1:.0%}."))
            for line in slower:
                print(f"  WORSE  {line}")
    if args.record:  # first: a run of half an hour is not lost to a bad --json path
        path = record.save(doc)
        record.update_readme(doc)
        print(f"recorded: {path.relative_to(ROOT)} and the table in bench/README.md")
    if args.json:
        out = Path(args.json)
        out.parent.mkdir(parents=True, exist_ok=True)  # ``out/`` of a fresh clone does not exist yet
        out.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
