"""Whole processes, timed as a user runs them: ``redline compare … -o FILE``, and the peers' own commands.

A user waits for the whole process: the interpreter starting, the imports, reading the files,
the comparison, writing the output, and the memory it all takes. The in-process rows
(``bench.peers``) time the comparison alone; these time the command. Every tool gets the same
two files: redline the texts as transcribed (it reads the markup), the peers the texts without
the markup and case-folded (``plain(text).lower()``), as the in-process difflib row has them;
``dwdiff -i`` folds case itself and is given them too.

Each tool here is a function of a case and a scratch folder that writes its input files and
returns the command to run, and where its output goes (always a file, as ``> out`` would).
``measure`` runs it (once to warm the disk cache and Python's bytecode, then the best of up to
five runs within ``REPEAT_WITHIN`` seconds) and reads each run's own resource use from
``os.wait4``: wall time, CPU time (user + system: on a shared machine the steadier of the two)
and peak resident memory (the whole process's, interpreter and inputs included; Linux counts a
child's memory from its fork, so no figure here is below the benchmark worker's own ~16 MB).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from .inputs import SAMPLES, Case, plain

ROOT = Path(__file__).resolve().parent.parent
REPEAT_WITHIN = 10.0
WARM_UP_BELOW = 100_000
"""Inputs of fewer words get an untimed run first; a larger one's time is its comparison's, not start-up's."""
PYTHON_PEERS = ("difflib", "dmp-words", "dmp-char", "collatex", "redlines")
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""The commands' environment: the bench's own, except that Python writes its bytecode cache, as it does
for a user. With ``PYTHONDONTWRITEBYTECODE`` set (some sandboxes set it) every run would compile
redline's modules again, about 40 ms of a sample pair's 200, which no installed copy pays."""


def _files(c: Case, folder: Path, folded: bool) -> tuple[str, str]:
    a, b = folder / "draft.txt", folder / "final.txt"
    draft, final = (plain(c.draft).lower(), plain(c.final).lower()) if folded else (c.draft, c.final)
    a.write_text(draft, encoding="utf-8")
    b.write_text(final, encoding="utf-8")
    return str(a), str(b)


def _redline(*args: str) -> list[str]:
    return [sys.executable, "-m", "redline", *args]


def cli_compare(fmt: str) -> Callable[[Case, Path], tuple[list[str], Path]]:
    def command(c: Case, folder: Path) -> tuple[list[str], Path]:
        a, b = _files(c, folder, folded=False)
        out = folder / f"out.{fmt}"
        return _redline("compare", a, b, "--format", fmt, "-o", str(out)), out
    command.__doc__ = f"``redline compare DRAFT FINAL --format {fmt} -o out.{fmt}``"
    return command


def cli_report(c: Case, folder: Path) -> tuple[list[str], Path]:
    """``redline report DRAFT FINAL -o out.html``"""
    a, b = _files(c, folder, folded=False)
    out = folder / "out.html"
    return _redline("report", a, b, "-o", str(out)), out


def cli_survey(c: Case, folder: Path) -> tuple[list[str], Path]:
    """``redline survey samples/ -o OUT --jobs 2``: the sample archive files, whatever the case (its row is
    ``samples``); a fresh output folder each run."""
    out = folder / f"survey-{time.monotonic_ns()}"
    return (_redline("survey", str(SAMPLES), "-o", str(out), "--manifest", str(SAMPLES / "pairs.toml"), "--jobs", "2"),
            folder / f"{out.name}.log")


def git_words(c: Case, folder: Path) -> tuple[list[str], Path]:
    """``git diff --no-index --word-diff=porcelain`` on the case-folded plain texts."""
    a, b = _files(c, folder, folded=True)
    return ["git", "diff", "--no-index", "--no-color", "--word-diff=porcelain", a, b], folder / "out.diff"


def dwdiff(c: Case, folder: Path) -> tuple[list[str], Path]:
    """``dwdiff -i`` (case-insensitive) on the case-folded plain texts."""
    a, b = _files(c, folder, folded=True)
    return ["dwdiff", "-i", a, b], folder / "out.diff"


def wdiff(c: Case, folder: Path) -> tuple[list[str], Path]:
    """``wdiff`` on the case-folded plain texts."""
    a, b = _files(c, folder, folded=True)
    return ["wdiff", a, b], folder / "out.diff"


def python_peer(tool: str) -> Callable[[Case, Path], tuple[list[str], Path]]:
    def command(c: Case, folder: Path) -> tuple[list[str], Path]:
        a, b = _files(c, folder, folded=False)  # the peer's function strips the markup and folds case itself
        return [sys.executable, "-m", "bench.peers", tool, a, b], folder / "out.txt"
    command.__doc__ = f"``python -m bench.peers {tool} DRAFT FINAL``: the in-process row's function, as a process"
    return command


PROCESSES: dict[str, Callable[[Case, Path], tuple[list[str], Path]]] = {
    "cli-json": cli_compare("json"),
    "cli-text": cli_compare("text"),
    "cli-report": cli_report,
    "cli-survey": cli_survey,
    "git-words": git_words,
    "dwdiff": dwdiff,
    "wdiff": wdiff,
    **{f"{tool}-proc": python_peer(tool) for tool in PYTHON_PEERS},
}
"""The whole-process tools; ``cli-…`` are redline's own commands."""

NEEDS = {"git-words": "git", "dwdiff": "dwdiff", "wdiff": "wdiff"}
"""The program a tool runs, when it is not Python: missing, its rows say so."""


class Missing(Exception):
    """The tool's program is not installed."""


def run_once(cmd: list[str], out: Path) -> tuple[float, float, float, int]:
    """Run ``cmd`` with its standard output to ``out``: wall seconds, CPU seconds, peak MB and exit status."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as sink:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=sink, stderr=subprocess.DEVNULL, env=ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode


def measure(tool: str, c: Case) -> dict:
    """Time ``tool`` on case ``c`` as a whole process: the best of up to 5 runs after a warm-up run."""
    program = NEEDS.get(tool)
    if program and shutil.which(program) is None:
        raise Missing(f"{program} is not installed (Debian package {program}; `make bench` installs it)")
    with tempfile.TemporaryDirectory(prefix="redline-bench-") as tmp:
        cmd, out = PROCESSES[tool](c, Path(tmp))
        walls: list[float] = []
        cpus: list[float] = []
        peaks: list[float] = []
        ok = {0, 1} if tool in ("git-words", "dwdiff", "wdiff") else {0}  # diff tools exit 1 on differences
        if c.words < WARM_UP_BELOW:  # warm-up: the bytecode compiled (a long run is measured once, as it comes)
            status = run_once(cmd, out)[3]
            if status == 3 and tool.endswith("-proc"):
                raise Missing(f"{tool.removesuffix('-proc')}: not installed (pip install -e '.[bench]')")
            if status not in ok:
                raise RuntimeError(f"{' '.join(cmd[:4])} … exited {status}")
        while len(walls) < 5 and sum(walls) < REPEAT_WITHIN:
            if tool == "cli-survey":
                cmd, out = PROCESSES[tool](c, Path(tmp))
            wall, cpu, peak, status = run_once(cmd, out)
            if status == 3 and tool.endswith("-proc"):
                raise Missing(f"{tool.removesuffix('-proc')}: not installed (pip install -e '.[bench]')")
            if status not in ok:
                raise RuntimeError(f"{' '.join(cmd[:4])} … exited {status}")
            walls.append(wall)
            cpus.append(cpu)
            peaks.append(peak)
        size = out.stat().st_size if out.is_file() else 0
    best = walls.index(min(walls))
    return {"seconds": walls[best], "cpu": min(cpus), "runs": len(walls), "peak_mb": min(peaks),
            "result": f"output {size:,} bytes; peak {min(peaks):.0f} MB ({min(peaks) * 2**20 / max(c.words, 1):.0f} B a word)"}
