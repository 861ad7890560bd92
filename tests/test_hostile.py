"""Hostile and broken input, through the real command: never a hang, never a traceback, never a memory blow-up.

Each command that takes paths (compare, report, cite, segment, pairs, survey; demo through ``-o``) is
run as a child process on inputs an archive folder, a typo or an attacker can produce: devices that
never end (``/dev/zero``, ``/dev/urandom``, a link to one, standard input fed from one), a named pipe
no one writes to, a name longer than the system allows, a link loop, a directory, manifests of the
wrong shape, and output targets that are no files. Each must end (a 20 s timeout) with exit status 2
and exactly one line, ``redline: error: …``, naming what is wrong; each child may map at most 2 GiB
(``RLIMIT_AS``), so a read that does not stop would fail as ``out of memory``, which is asserted
against. The runs go in parallel to keep the file fast. A file with form feeds is valid text and must
simply work. Last, a survey killed outright leaves no worker process behind.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from redline import batch

from .test_batch import copy_samples

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "001_2bcad8b2cf3253a8.txt"
LONG = "x" * 300 + ".txt"
GiB = 2**30

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="devices, pipes and /proc as on Linux")


def _limit_memory() -> None:  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (2 * GiB, 2 * GiB))


def redline(cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """``python -m redline ARGS`` in ``cwd``, this checkout first on the path, with 2 GiB of address space."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("REDLINE_DEBUG", None)
    with open(stdin if stdin else os.devnull, "rb") as feed:
        return subprocess.run([sys.executable, "-m", "redline", *args], cwd=cwd, stdin=feed, capture_output=True,
                              text=True, errors="replace", timeout=20, env=env, preexec_fn=_limit_memory, check=False)


@dataclass(frozen=True)
class Case:
    """One command on one bad input: its arguments, standard input, and words the error must hold."""

    name: str
    args: tuple[str, ...]
    says: str
    stdin: str | None = None


# name → (the argument, standard input, words the one-line error must hold)
BAD_INPUTS = {
    "dev-zero": ("/dev/zero", None, "/dev/zero: not a regular file (a character device)"),
    "dev-urandom": ("/dev/urandom", None, "/dev/urandom: not a regular file (a character device)"),
    "link-to-dev-zero": ("zero-link", None, "zero-link: not a regular file (a character device)"),
    "stdin-from-dev-zero": ("-", "/dev/zero", "binary"),
    "fifo-without-writer": ("fifo", None, "fifo: not a regular file (a named pipe)"),
    "name-too-long": (LONG, None, "file name too long"),
    "link-loop": ("loop-a", None, "loop-a: too many levels of symbolic links"),
    "directory": ("empty-dir", None, "empty-dir: is a directory"),
}
MANIFESTS = {
    "manifest-is-a-directory": ("empty-dir", "empty-dir: is a directory"),
    "manifest-is-dev-zero": ("/dev/zero", "/dev/zero: not a regular file"),
    "manifest-is-a-fifo": ("fifo", "fifo: not a regular file (a named pipe)"),
    "manifest-int-for-list": ("int-pairs.toml", "'pair' must be an array of tables"),
    "manifest-int-label": ("int-label.toml", "'label' must be a string, not an integer"),
    "manifest-int-lines": ("int-lines.toml", "'lines' must be [FIRST, LAST]"),
    "manifest-names-dev-zero": ("names-zero.toml", "/dev/zero: not a regular file"),
}
OUTPUTS = {
    "output-fifo": ("fifo", "fifo: a named pipe that no process reads"),
    "output-dev-full": ("/dev/full", "/dev/full: cannot be written"),
    "output-name-too-long": (LONG, "file name too long"),
}


def cases() -> list[Case]:
    out = []
    for name, (arg, stdin, says) in BAD_INPUTS.items():
        for cmd in ("compare", "report", "cite"):
            out.append(Case(f"{cmd}-{name}", (cmd, arg, str(SAMPLE)), says, stdin))
        for cmd in ("segment", "pairs"):
            out.append(Case(f"{cmd}-{name}", (cmd, arg), says if name != "directory" else "no text files", stdin))
        says_survey = {"directory": "no text files", "stdin-from-dev-zero": "standard input cannot be surveyed"}
        out.append(Case(f"survey-{name}", ("survey", arg, "-o", f"out-{name}"), says_survey.get(name, says), stdin))
    for name, (manifest, says) in MANIFESTS.items():
        out.append(Case(f"pairs-{name}", ("pairs", str(SAMPLE), "-m", manifest), says))
        out.append(Case(f"survey-{name}", ("survey", str(SAMPLE), "-o", f"out-{name}", "-m", manifest), says))
    for name, (target, says) in OUTPUTS.items():
        out.append(Case(f"compare-{name}", ("compare", f"{SAMPLE}:80-128", f"{SAMPLE}:348-417", "-o", target), says))
        out.append(Case(f"report-{name}", ("report", f"{SAMPLE}:80-128", f"{SAMPLE}:348-417", "-o", target), says))
    out.append(Case("survey-output-fifo", ("survey", str(SAMPLE), "-o", "fifo"), "fifo: exists and is not a directory"))
    out.append(Case("survey-output-name-too-long", ("survey", str(SAMPLE), "-o", LONG), "file name too long"))
    out.append(Case("demo-output-fifo", ("demo", "-o", "fifo"), "fifo: exists and is not a directory"))
    return out


CASES = cases()


def _make_inputs(here: Path) -> None:
    (here / "zero-link").symlink_to("/dev/zero")
    os.mkfifo(here / "fifo")
    (here / "loop-a").symlink_to("loop-b")
    (here / "loop-b").symlink_to("loop-a")
    (here / "empty-dir").mkdir()
    side = f'file = "{SAMPLE}", lines = [80, 128]'
    (here / "int-pairs.toml").write_text("pair = 5\n", encoding="utf-8")
    (here / "int-label.toml").write_text(f'[[pair]]\nid = "a"\ndraft = {{ {side}, label = 5 }}\nfinal = {{ {side} }}\n',
                                         encoding="utf-8")
    (here / "int-lines.toml").write_text(f'[[pair]]\nid = "a"\ndraft = {{ file = "{SAMPLE}", lines = 5 }}\n'
                                         f'final = {{ {side} }}\n', encoding="utf-8")
    (here / "names-zero.toml").write_text(f'[[pair]]\nid = "a"\ndraft = {{ file = "/dev/zero" }}\nfinal = {{ {side} }}\n',
                                          encoding="utf-8")


DRIVER = r"""
import contextlib, io, json, os, sys, traceback
from redline.cli import app
cases, results = json.load(open(sys.argv[1])), {}
for case in cases:
    out, err = io.StringIO(), io.StringIO()
    sys.stdin = io.TextIOWrapper(open(case["stdin"] or os.devnull, "rb"))
    code = "returned"
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            app(case["args"], prog_name="redline")
        except SystemExit as exc:
            code = exc.code
        except BaseException:
            code = "raised"
            err.write(traceback.format_exc())
    sys.stdin.close()
    results[case["name"]] = [code, out.getvalue(), err.getvalue()]
json.dump(results, open(sys.argv[2], "w"))
"""
"""Runs every case in one child process (starting Python and the CLI 80 times would take a minute): the
same command-line entry point, the same address-space limit, one timeout for all."""

END_TO_END = ("compare-dev-zero", "compare-stdin-from-dev-zero", "segment-fifo-without-writer", "pairs-name-too-long",
              "segment-link-loop", "survey-manifest-is-a-fifo", "compare-output-fifo")
"""Cases also run as ``python -m redline`` of their own, through the console entry point."""


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict[str, tuple[Case, int | str, str, str]]:
    """Every case run once, in one folder holding the bad inputs: name → (case, exit status, stdout, stderr)."""
    import json

    here = tmp_path_factory.mktemp("hostile")
    _make_inputs(here)
    (here / "cases.json").write_text(json.dumps([{"name": c.name, "args": list(c.args), "stdin": c.stdin}
                                                 for c in CASES]), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("REDLINE_DEBUG", None)
    batch_run = subprocess.run([sys.executable, "-c", DRIVER, "cases.json", "results.json"], cwd=here,
                               stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120, env=env,
                               preexec_fn=_limit_memory, check=False)
    assert batch_run.returncode == 0, batch_run.stderr[-3000:]
    got = json.loads((here / "results.json").read_text(encoding="utf-8"))
    by_name = {c.name: c for c in CASES}
    with ThreadPoolExecutor(max_workers=2) as pool:
        alone = dict(zip(END_TO_END, pool.map(lambda n: redline(here, *by_name[n].args, stdin=by_name[n].stdin),
                                              END_TO_END)))
    out = {c.name: (c, *got[c.name]) for c in CASES}
    out.update({f"{n} (python -m redline)": (by_name[n], p.returncode, p.stdout, p.stderr) for n, p in alone.items()})
    return out


def check(case: Case, status, stdout: str, stderr: str) -> None:
    assert "Traceback" not in stderr + stdout, stderr
    assert "out of memory" not in stderr, "the input was read without a bound"
    assert status == 2, stderr
    assert stderr.count("\n") == 1 and stderr.startswith("redline: error: "), stderr
    assert case.says in stderr, stderr


@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_a_bad_input_is_one_line_and_exit_2(results, name):
    check(*results[name])


@pytest.mark.parametrize("name", END_TO_END)
def test_a_bad_input_is_one_line_and_exit_2_from_the_command(results, name):
    check(*results[f"{name} (python -m redline)"])


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_an_unreadable_file_is_one_line_and_exit_2(tmp_path):
    locked = tmp_path / "locked.txt"
    locked.write_text("Some words here.\n", encoding="utf-8")
    locked.chmod(0)
    for args in (("compare", "locked.txt", str(SAMPLE)), ("segment", "locked.txt"), ("pairs", "locked.txt")):
        proc = redline(tmp_path, *args)
        assert proc.returncode == 2 and proc.stderr == "redline: error: locked.txt: permission denied\n", proc.stderr


def test_form_feeds_are_text_and_every_command_reads_them(tmp_path):
    """OCR output often marks a page break with a form feed: it breaks no line (``read.lines``), so the
    documents found are numbered as ``compare`` reads them and their ranges lie inside the file."""
    text = SAMPLE.read_text(encoding="utf-8").replace(".\n", ".\f\n").replace("\n\n", "\n\f\n")
    (tmp_path / "paged.txt").write_text(text, encoding="utf-8")
    lines = text.count("\n") + (not text.endswith("\n"))
    for args in (("segment", "paged.txt", "--format", "json"), ("pairs", "paged.txt", "--format", "json"),
                 ("survey", "paged.txt", "-o", "out")):
        proc = redline(tmp_path, *args)
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    import json

    docs = json.loads(redline(tmp_path, "segment", "paged.txt", "--format", "json").stdout)["documents"]
    assert docs and all(1 <= d["lines"][0] <= d["lines"][1] <= lines for d in docs)


def test_a_long_input_is_refused_as_it_is_read_not_after():
    from redline.errors import InputError
    from redline.read import read_limited

    class Endless:
        served = 0

        def read(self, n: int) -> bytes:
            self.served += n
            return b"word " * (n // 5)

    stream = Endless()
    with pytest.raises(InputError, match="larger than 4 MiB"):
        read_limited(stream, "-", 4 * 2**20)
    assert stream.served <= 5 * 2**20


def test_an_internal_error_is_one_line_exit_3_and_debug_shows_it(tmp_path, monkeypatch):
    """A fault of redline's own, not of the input: exit 3 and a line asking for a report; ``--debug``
    (or ``REDLINE_DEBUG=1``) lets the traceback through."""
    from typer.testing import CliRunner

    from redline.cli import app, compare as compare_cli

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(compare_cli, "run_compare", broken)
    runner = CliRunner()
    result = runner.invoke(app, ["compare", str(SAMPLE), str(SAMPLE)])
    assert result.exit_code == 3
    assert result.output == ("redline: internal error: ZeroDivisionError: division by zero; please report it "
                             "(run again as redline --debug COMMAND … for the traceback)\n")
    debug = runner.invoke(app, ["--debug", "compare", str(SAMPLE), str(SAMPLE)])
    assert isinstance(debug.exception, ZeroDivisionError)


def _group(pgid: int) -> list[int]:
    """Live (not zombie) processes in process group ``pgid``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(entry))
    return found


def test_survey_workers_die_with_a_survey_killed_outright(tmp_path):
    """SIGKILL gives the survey no chance to stop its pool: its workers (children of the forkserver, not of
    the survey) must notice and end, and with them the forkserver and the resource tracker."""
    src = copy_samples(tmp_path / "src", copies=4)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "redline", "survey", str(src), "-o", str(out), "-m",
                             str(src / "pairs.toml"), "--jobs", "2"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True, env=env)
    try:
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline and proc.poll() is None and not list(out.glob(f"{batch.STATE_DIR}/*.json")):
            time.sleep(0.05)
        assert proc.poll() is None, "the survey ended before it could be killed"
        workers = [pid for pid in _group(proc.pid) if pid != proc.pid]
        assert len(workers) >= 2, "no worker processes to outlive the survey"
        proc.kill()
        proc.wait(timeout=10)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and _group(proc.pid):
            time.sleep(0.1)
        assert _group(proc.pid) == [], "processes of the killed survey still run"
    finally:
        for pid in _group(proc.pid):  # leave nothing behind, even when the test fails
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def test_sigterm_stops_a_survey_as_ctrl_c_does_and_leaves_it_resumable(tmp_path):
    """``kill PID`` (or a job scheduler ending the job) on the survey alone: the pairs under way finish,
    the index lists what is done, the exit status is 143, and no process of the survey is left."""
    import json

    src = copy_samples(tmp_path / "src", copies=3)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "redline", "survey", str(src), "-o", str(out), "-m",
                             str(src / "pairs.toml"), "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True, env=env)
    try:
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline and proc.poll() is None and not list(out.glob(f"{batch.STATE_DIR}/*.json")):
            time.sleep(0.05)
        assert proc.poll() is None, "the survey ended before it could be stopped"
        proc.send_signal(signal.SIGTERM)
        stdout, stderr = proc.communicate(timeout=40)
        assert proc.returncode == 128 + signal.SIGTERM, stderr
        assert stderr.count("\n") == 1 and stderr.startswith("redline: terminated: "), stderr
        assert "--resume" in stderr and "Traceback" not in stderr and stdout == ""
        done = [p["id"] for p in json.loads((out / "survey.json").read_text(encoding="utf-8"))["pairs"]]
        assert done and all((out / batch.STATE_DIR / f"{pid}.json").is_file() for pid in done)
        assert not list(out.glob(f".*{batch.TMP_SUFFIX}"))
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and _group(proc.pid):
            time.sleep(0.1)
        assert _group(proc.pid) == []
    finally:
        for pid in _group(proc.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def test_output_to_dev_null_and_to_a_named_pipe_with_a_reader_is_written(tmp_path):
    """``-o /dev/null`` is a habit (a run for its exit status or its warnings), and a named pipe
    that a process reads is an ordinary stream: both are written to, not refused."""
    import threading

    d, f = tmp_path / "d.txt", tmp_path / "f.txt"
    d.write_text("We can no longer delay.\n", encoding="utf-8")
    f.write_text("WE SHALL HAVE TO DECIDE.\n", encoding="utf-8")
    run = [sys.executable, "-m", "redline", "compare", str(d), str(f), "--format", "json", "-o"]
    null = subprocess.run([*run, "/dev/null"], capture_output=True, text=True, timeout=60)
    assert null.returncode == 0 and null.stderr == ""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")), daemon=True)
    reader.start()
    try:
        time.sleep(0.2)  # the reader opens the pipe first
        piped = subprocess.run([*run, str(fifo)], capture_output=True, text=True, timeout=60)
    finally:
        reader.join(timeout=30)
    assert piped.returncode == 0, piped.stderr
    assert got and got[0].startswith("{") and '"format": "redline/1"' in got[0]
