"""Batch surveys: every engine (in-process, a process pool, a Dask cluster) writes the same bytes; runs resume.

Each test surveys a copy of the samples (so inputs can be edited) with the
sample manifest. The in-process run (``jobs=1``) is the reference: the process
pool and the Dask cluster must write exactly its files, byte for byte.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from redline import batch
from redline.cli import app
from redline.survey import survey

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PAIRS = ("dec88", "oct88", "oct88-copies")


def tree(out: Path) -> dict[str, bytes]:
    """Every file under ``out`` (relative name → bytes)."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def stamps(out: Path) -> dict[str, tuple[int, int]]:
    """Inode and modification time of every file: a file rewritten by ``os.replace`` gets a new inode."""
    return {str(p.relative_to(out)): (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}


def copy_samples(dest: Path, copies: int = 1) -> Path:
    """The sample files and manifest under ``dest`` (``copies`` > 1: that many renamed copies, one manifest)."""
    dest.mkdir(parents=True)
    if copies == 1:
        for f in [*SAMPLES.glob("*.txt"), SAMPLES / "pairs.toml"]:
            shutil.copy(f, dest / f.name)
        return dest
    manifest = (SAMPLES / "pairs.toml").read_text(encoding="utf-8")
    parts = []
    for n in range(copies):
        for f in SAMPLES.glob("0*.txt"):
            shutil.copy(f, dest / f"c{n:02d}_{f.name}")
        parts.append(manifest.replace('file = "', f'file = "c{n:02d}_').replace('id = "', f'id = "c{n:02d}-'))
    (dest / "pairs.toml").write_text("\n".join(parts), encoding="utf-8")
    return dest


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The samples surveyed in this process: (inputs, output, the bytes written)."""
    src = copy_samples(tmp_path_factory.mktemp("batch") / "src")
    out = src.parent / "jobs1"
    result = survey([str(src)], out, src / "pairs.toml", jobs=1)
    assert [r.proposal.id for r in result.rows] == list(PAIRS)
    return src, out, tree(out)


def test_each_pair_gets_a_report_its_json_and_a_done_marker(reference):
    src, out, files = reference
    names = {*(f"{p}.{ext}" for p in PAIRS for ext in ("html", "json")), "index.html", "survey.json",
             "collation-1.html", "collation-1.json",  # the draft and its two copies, collated
             *(f"{batch.STATE_DIR}/{p}.json" for p in PAIRS), f"{batch.STATE_DIR}/{batch.LEDGER}"}
    assert set(files) == names
    assert json.loads(files["dec88.json"])["format"] == "redline/1"
    marker = json.loads(files[f"{batch.STATE_DIR}/dec88.json"])
    data = json.loads(files["survey.json"])
    dec = next(p for p in data["pairs"] if p["id"] == "dec88")
    assert marker["stats"] == dec["stats"] and dec["stats"]["edits"] > 0
    assert set(marker["files"]) == {"dec88.html", "dec88.json"}
    assert not any(name.endswith(batch.TMP_SUFFIX) for name in files)


def test_a_process_pool_writes_the_same_bytes_as_one_process(reference):
    src, _, files = reference
    out = src.parent / "jobs2"
    seen = []
    survey([str(src)], out, src / "pairs.toml", jobs=2, progress=lambda done, total, o: seen.append((done, total, o)))
    assert tree(out) == files
    assert seen[0] == (0, 3, None) and sorted(o.slug for _, _, o in seen[1:]) == sorted(PAIRS)
    assert [d for d, _, _ in seen] == [0, 1, 2, 3]


@pytest.mark.skipif(not batch.dask_available(), reason="dask.distributed is not installed (pip install 'redline[dask]')")
def test_a_local_dask_cluster_writes_the_same_bytes_as_one_process(reference):
    src, _, files = reference
    out = src.parent / "dask"
    result = survey([str(src)], out, src / "pairs.toml", jobs=2, scheduler="local")
    assert [r.proposal.id for r in result.rows] == list(PAIRS)
    assert tree(out) == files


def test_tasks_and_outcomes_are_plain_picklable_data(reference, tmp_path):
    src, _, _ = reference
    from redline.survey import explore, tasks

    task = tasks(explore([str(src)], src / "pairs.toml"), tmp_path)[0]
    assert pickle.loads(pickle.dumps(task)) == task
    outcome = batch.compare_pair(task)
    assert pickle.loads(pickle.dumps(outcome)) == outcome
    assert outcome.files == ("dec88.html", "dec88.json", f"{batch.STATE_DIR}/dec88.json")
    assert outcome.key == task.key  # the worker read what the caller read


def test_resume_redoes_only_what_is_missing(reference, tmp_path):
    src, ref, files = reference
    out = tmp_path / "out"
    shutil.copytree(ref, out)
    (out / "oct88.html").unlink()  # an interrupted run: one report gone (its marker left behind) ...
    (out / f"{batch.STATE_DIR}/dec88.json").unlink()  # ... one marker never written ...
    stale = out / f".oct88-copies.html.x1y2z3{batch.TMP_SUFFIX}"  # ... and a temporary file left over
    stale.write_text("half a report", encoding="utf-8")
    before = stamps(out)
    result = survey([str(src)], out, src / "pairs.toml", resume=True)
    assert tree(out) == files  # the stale temporary file is gone, the rest as a full run writes it
    after = stamps(out)
    for name in ("oct88-copies.html", "oct88-copies.json", f"{batch.STATE_DIR}/oct88-copies.json"):
        assert after[name] == before[name], f"{name} was rewritten though its pair was complete"
    for name in ("dec88.html", "oct88.json"):
        assert after[name] != before[name], f"{name} was kept though its pair was incomplete"
    assert [r.proposal.id for r in result.rows] == list(PAIRS)


def test_resume_redoes_a_report_that_was_changed_since(reference, tmp_path):
    src, ref, files = reference
    out = tmp_path / "out"
    shutil.copytree(ref, out)
    (out / "dec88.html").write_bytes(files["dec88.html"][:1000])  # truncated by something else
    seen = []
    survey([str(src)], out, src / "pairs.toml", resume=True, progress=lambda d, t, o: seen.append(o))
    assert {o.slug: o.resumed for o in seen if o} == {"dec88": False}
    assert tree(out) == files


def test_a_changed_input_is_redone_on_resume(reference, tmp_path):
    src0, ref, files = reference
    src = tmp_path / "src"
    shutil.copytree(src0, src)
    out = tmp_path / "out"
    survey([str(src)], out, src / "pairs.toml")  # paths are part of the key: a first run from these paths
    f = src / "001_2bcad8b2cf3253a8.txt"
    lines = f.read_text(encoding="utf-8").split("\n")
    lines[99] += " Moreover"  # a word added on line 100, inside the draft of dec88
    f.write_text("\n".join(lines), encoding="utf-8")
    seen = []
    result = survey([str(src)], out, src / "pairs.toml", resume=True, progress=lambda d, t, o: seen.append(o))
    redone = {o.slug: o.resumed for o in seen if o}
    assert redone == {"dec88": False}, "only the pair read from the edited file is compared again"
    assert (out / "dec88.html").read_bytes() != files["dec88.html"]
    assert "Moreover" in (out / "dec88.html").read_text(encoding="utf-8")
    assert [r.proposal.id for r in result.rows] == list(PAIRS)


def test_a_changed_label_is_redone_on_resume(reference, tmp_path):
    src0, ref, files = reference
    src = tmp_path / "src"
    shutil.copytree(src0, src)
    out = tmp_path / "out"
    survey([str(src)], out, src / "pairs.toml")
    manifest = src / "pairs.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("FCO draft of 21", "Draft of 21"), encoding="utf-8")
    seen = []
    survey([str(src)], out, manifest, resume=True, progress=lambda d, t, o: seen.append(o))
    assert {o.slug: o.resumed for o in seen if o} == {"dec88": False}
    assert "Draft of 21 December" in (out / "dec88.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_interrupted_survey_keeps_what_finished_and_resume_finishes_it(reference, tmp_path, jobs):
    src, _, files = reference
    out = tmp_path / "out"

    def ctrl_c(done, total, outcome):
        if outcome is not None:
            raise KeyboardInterrupt

    with pytest.raises(batch.Interrupted) as stop:
        survey([str(src)], out, src / "pairs.toml", jobs=jobs, progress=ctrl_c)
    finished = [o.slug for o in stop.value.done]
    assert stop.value.total == 3 and 1 <= len(finished) <= (1 if jobs == 1 else 3)  # a pool ends the pairs it began
    data = json.loads((out / "survey.json").read_text(encoding="utf-8"))
    assert [p["id"] for p in data["pairs"]] == [p for p in PAIRS if p in finished]
    assert data["notes"][0].startswith(f"interrupted: {len(finished)} of 3 pairs finished")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all((f'href="{p}.html"' in index) == (p in finished) for p in PAIRS)
    for p in finished:
        assert (out / f"{p}.html").read_bytes() == files[f"{p}.html"]
    assert not list(out.glob(f".*{batch.TMP_SUFFIX}"))
    seen = []
    survey([str(src)], out, src / "pairs.toml", resume=True, progress=lambda d, t, o: seen.append(o))
    assert sorted(o.slug for o in seen if o and not o.resumed) == sorted(set(PAIRS) - set(finished))
    assert tree(out) == files


def test_no_progress_bar_when_standard_error_is_not_a_terminal(reference, tmp_path):
    src, _, _ = reference
    result = CliRunner().invoke(app, ["survey", str(src), "-o", str(tmp_path / "out"), "-m", str(src / "pairs.toml"),
                                      "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.startswith("3 pairs, ")


def test_the_progress_bar_is_drawn_on_a_terminal(reference, tmp_path, monkeypatch):
    from rich.console import Console

    import redline.cli.survey as command

    screen = io.StringIO()
    make = command.progress_bar
    monkeypatch.setattr(command, "progress_bar", lambda: make(Console(file=screen, force_terminal=True, width=100)))
    result = CliRunner().invoke(app, ["survey", str(src_of(reference)), "-o", str(tmp_path / "out"),
                                      "-m", str(src_of(reference) / "pairs.toml"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "comparing" in screen.getvalue() and "3/3" in screen.getvalue()


def src_of(reference) -> Path:
    return reference[0]


def test_scheduler_without_dask_is_a_usage_error(reference, tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "dask_available", lambda: False)
    src = src_of(reference)
    result = CliRunner().invoke(app, ["survey", str(src), "-o", str(tmp_path / "out"), "--scheduler", "local"])
    assert result.exit_code == 2
    assert result.stderr == "redline: error: --scheduler needs dask: pip install 'redline[dask]'\n"
    assert not (tmp_path / "out").exists()


def test_ctrl_c_stops_a_pool_cleanly_with_status_130(tmp_path):
    """A real SIGINT to the command's process group (what Ctrl-C on a terminal sends) while a pool is comparing."""
    src = copy_samples(tmp_path / "src", copies=4)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "redline", "survey", str(src), "-o", str(out), "-m",
                             str(src / "pairs.toml"), "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline and proc.poll() is None and not list(out.glob(f"{batch.STATE_DIR}/*.json")):
        time.sleep(0.05)
    assert proc.poll() is None, "the survey ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=40)
    assert proc.returncode == 130, stderr
    assert stderr.count("\n") == 1 and stderr.startswith("redline: interrupted: "), stderr
    assert "Traceback" not in stderr and stdout == ""
    data = json.loads((out / "survey.json").read_text(encoding="utf-8"))
    done = [p["id"] for p in data["pairs"]]
    work = _tasks(src, out)
    assert f"interrupted: {len(done)} of {len(work)} pairs finished" in stderr and 1 <= len(done) < len(work)
    by_slug = {t.slug: t for t in work}
    assert all(batch.finished(by_slug[pid]) is not None for pid in done)  # every pair listed is whole
    assert not list(out.glob(f".*{batch.TMP_SUFFIX}"))


def _tasks(src: Path, out: Path) -> list[batch.Task]:
    from redline.survey import explore, tasks

    return tasks(explore([str(src)], src / "pairs.toml"), out)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_pair_that_cannot_be_read_is_a_clear_error_from_any_engine(reference, tmp_path, jobs):
    from redline.errors import InputError

    src = src_of(reference)
    good = _tasks(src, tmp_path)
    bad = batch.Task("gone", str(tmp_path / "missing.txt:1-3"), good[0].final, None, None, "0" * 64, str(tmp_path),
                     str(tmp_path))
    (tmp_path / batch.STATE_DIR).mkdir()
    with pytest.raises(InputError, match="missing.txt: no such file"):
        batch.run([*good, bad], jobs=jobs)
    assert not (tmp_path / "gone.html").exists() and not list(tmp_path.glob(f".*{batch.TMP_SUFFIX}"))
