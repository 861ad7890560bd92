"""Batch comparison: many pairs on every core (or a Dask cluster), each pair's outputs written atomically, resumable.

A ``Task`` names one pair as plain data (specs, labels, the output directory);
``compare_pair`` — a top-level function, so a process pool or a Dask worker can
run it — compares the pair and writes ``<slug>.html`` (the redline report),
``<slug>.json`` (the comparison, format ``redline/1``) and, last, a done-marker
``.redline-done/<slug>.json`` holding the pair's key, its edit counts and the
SHA-256 of both files. Before any pair is compared the caller records in
``.redline-done/files.txt`` (``claim``) every file name it is about to write, so
a later run — after an interruption too — knows which files in the directory are
redline's to replace and which are not (``claimed``). Every file is written to a
temporary file in the same directory and moved into place with ``os.replace``, so
an interrupted run leaves finished pairs whole and unfinished ones absent (a stray
``*.redline-tmp`` file at most, removed by the next run).

The key is a SHA-256 over both inputs' whole texts, their paths and line ranges,
the labels, the options and the redline version: ``resume`` skips a pair only
when its marker carries the same key and both files still have the recorded
digests, so an edited input, a changed range or a touched report is redone.

``run`` takes the tasks and an engine: ``jobs=1`` compares in this process,
``jobs=N`` uses a ``ProcessPoolExecutor`` of N processes, ``scheduler`` a Dask
cluster (an address, or ``"local"`` for a ``LocalCluster`` on this machine).
Ctrl-C stops the run: pairs not started are cancelled, those finished are
kept, and ``Interrupted`` (a ``KeyboardInterrupt``) carries them to the caller.
Worker processes ignore Ctrl-C themselves, so the caller alone decides and no
worker prints a traceback; and they die with the process that started them
(``_die_with``), so a survey killed outright leaves no worker running on. On a remote Dask cluster every worker must have this
version of redline installed and see the inputs and the output directory at the
paths this machine uses (a shared file system): workers read and write there.
"""

from __future__ import annotations

import hashlib
import json
import logging
import errno
import os
import select
import signal
import tempfile
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Sequence

from .api import Options, compare_witnesses, load
from .errors import UsageError
from .model import KINDS

STATE_DIR = ".redline-done"
"""Directory inside the output directory that holds one done-marker per finished pair."""
LEDGER = "files.txt"
"""File in ``STATE_DIR`` naming, one a line, every file surveys have written or set out to write in the
output directory (not a ``.json``, so no pair's done-marker can take its name)."""
MARKER_FORMAT = "redline-survey-done/1"
TMP_SUFFIX = ".redline-tmp"
"""Suffix of the temporary files written before ``os.replace`` (``.<name>.<random>.redline-tmp``)."""
KEY_VERSION = 1
"""Bumped when what goes into a report changes in a way the key would not see."""
DASK_MISSING = "--scheduler needs dask: pip install 'redline[dask]'"

_UMASK = os.umask(0)
os.umask(_UMASK)  # read once: mkstemp creates files 0600, and reports should get the usual permissions


@dataclass(frozen=True, slots=True)
class Task:
    """One pair to compare: plain, picklable data."""

    slug: str
    """The file-name stem of the pair's outputs (``dec88`` → ``dec88.html``, ``dec88.json``)."""
    draft: str
    """The draft as ``PATH:FIRST-LAST`` (a path relative to ``base`` or absolute)."""
    final: str
    """The despatched text, likewise."""
    draft_label: str | None
    final_label: str | None
    key: str
    """``pair_key`` of the inputs as the caller read them; a marker with another key is stale."""
    out_dir: str
    """The output directory, absolute."""
    base: str
    """The directory relative paths are read from (the caller's working directory), absolute."""
    options: Options = Options()
    title: str | None = None
    """The report's title (a survey's, kept distinct among its pairs), or None: the report titles itself."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one task: plain, picklable data."""

    slug: str
    key: str
    """The key of the inputs as the worker read them."""
    stats: dict
    """Edit counts by kind and in all (``edits``)."""
    files: tuple[str, ...]
    """The files written, relative to the output directory (report first, marker last)."""
    note: str | None = None
    """A remark for the index (the HTML renderer missing), or None."""
    resumed: bool = False
    """True when the outputs of an earlier run were kept, not recomputed."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during a batch: ``done`` holds the outcomes of the pairs that finished."""

    def __init__(self, done: Sequence[Outcome] = (), total: int = 0) -> None:
        super().__init__(f"interrupted: {len(done)} of {total} pairs finished")
        self.done = tuple(done)
        self.total = total


# ---- keys, markers and atomic writes -----------------------------------------------------------------


def pair_key(draft: tuple, final: tuple, options: Options = Options(), title: str | None = None) -> str:
    """A SHA-256 naming one pair's inputs: each side is ``(path, first, last, label, whole_text)``, and the
    report's ``title`` when one is given (a survey's title changes when another pair comes to share it).

    >>> side = ("a.txt", 1, 3, None, "one\\ntwo\\nthree\\n")
    >>> pair_key(side, side) == pair_key(side, side)
    True
    >>> pair_key(side, side) == pair_key(side, (*side[:4], "one\\ntwo\\nthree!\\n"))
    False
    """
    from . import __version__

    h = hashlib.sha256()
    head = [KEY_VERSION, __version__, repr(options), [list(draft[:4]), list(final[:4])]]
    if title is not None:
        head.append(title)
    h.update(json.dumps(head, ensure_ascii=False).encode("utf-8"))
    for side in (draft, final):
        h.update(b"\0" + hashlib.sha256(side[4].encode("utf-8", "surrogatepass")).digest())
    return h.hexdigest()


def write_atomic(path: Path, data: bytes) -> str:
    """Write ``data`` to ``path`` through a temporary file in the same directory; return its SHA-256."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    return hashlib.sha256(data).hexdigest()


@contextmanager
def only_writer(out_dir: str | Path) -> Iterator[None]:
    """Hold an exclusive lock on ``out_dir/.redline-done`` while a survey writes into ``out_dir``: a second
    survey of the same directory at the same time is refused (``UsageError``) rather than let the two
    replace each other's reports and ledger. The lock (``flock`` on the directory itself, so no file
    is added) goes with the process: a survey killed outright leaves no stale lock. Where ``flock`` is
    missing (Windows) or refused (some network file systems) surveys run unlocked, as before."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    fd = os.open(Path(out_dir) / STATE_DIR, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(f"{out_dir}: another survey is writing into it now; wait until it ends, "
                             "or choose another directory (-o DIR)") from None
        except OSError:
            pass  # no locks on this file system
        yield
    finally:
        os.close(fd)


def marker_path(out_dir: str | Path, slug: str) -> Path:
    """Where the done-marker of pair ``slug`` lives."""
    return Path(out_dir) / STATE_DIR / f"{slug}.json"


def finished(task: Task) -> Outcome | None:
    """The outcome of an earlier run of ``task`` if its outputs are complete and current, else None."""
    out = Path(task.out_dir)
    try:
        data = json.loads(marker_path(out, task.slug).read_text(encoding="utf-8"))
        if data.get("format") != MARKER_FORMAT or data.get("key") != task.key or data.get("slug") != task.slug:
            return None
        for name, digest in data["files"].items():
            if hashlib.sha256((out / name).read_bytes()).hexdigest() != digest:
                return None
        return Outcome(task.slug, task.key, dict(data["stats"]), (*data["files"], f"{STATE_DIR}/{task.slug}.json"),
                       data.get("note"), resumed=True)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def claimed(out_dir: str | Path) -> set[str]:
    """The names of the files in ``out_dir`` that surveys wrote or set out to write: its ledger's (``LEDGER``).

    A directory an older redline wrote has done-markers but no ledger: there, ``index.html``,
    ``survey.json`` and the files its markers name. An unreadable ledger claims nothing."""
    state = Path(out_dir) / STATE_DIR
    try:
        return {name for name in (state / LEDGER).read_text(encoding="utf-8").splitlines() if name}
    except FileNotFoundError:
        pass
    except (OSError, UnicodeDecodeError):
        return set()
    names = {"index.html", "survey.json"}
    with suppress(OSError):
        for marker in state.glob("*.json"):
            with suppress(OSError, ValueError, KeyError, TypeError, AttributeError):
                data = json.loads(marker.read_text(encoding="utf-8"))
                if data.get("format") == MARKER_FORMAT:
                    names.update(str(name) for name in data["files"])
    return names


def claim(out_dir: str | Path, names: Sequence[str]) -> None:
    """Add ``names`` to the ledger of ``out_dir`` before they are written (rewritten only when it gains a name;
    a directory an older redline wrote gets one, keeping what it claimed)."""
    ledger = Path(out_dir) / STATE_DIR / LEDGER
    have = claimed(out_dir)
    if not ledger.exists() or not set(names) <= have:
        write_atomic(ledger, "".join(f"{name}\n" for name in sorted(have | set(names))).encode("utf-8"))


def clean_temporaries(out_dir: str | Path) -> int:
    """Remove temporary files an interrupted run left behind (ours only: ``.*.redline-tmp``); how many."""
    n = 0
    for d in (Path(out_dir), Path(out_dir) / STATE_DIR):
        if not d.is_dir():
            continue
        for p in d.iterdir():
            if p.name.startswith(".") and p.name.endswith(TMP_SUFFIX) and p.is_file():
                with suppress(OSError):
                    p.unlink()
                    n += 1
    return n


# ---- one pair -------------------------------------------------------------------------------------


INDEX = "index.html"
"""The survey's index page, beside the pairs' reports: each report links back to it."""


def html_report(comparison, **options: object) -> tuple[str, str | None]:
    """The pair's HTML redline, or a plain listing of the edits when the HTML renderer is not installed.
    ``options`` go to the renderer (``html.render``: the date, the links to the index and the data)."""
    from . import render

    try:
        return render.renderer("html")(comparison, **options), None
    except (ImportError, ModuleNotFoundError):
        from jinja2 import Environment

        page = Environment(autoescape=True).from_string(_FALLBACK)
        note = "the HTML redline renderer is not installed: pair reports are plain lists of edits"
        return page.render(c=comparison, note=note), note


_FALLBACK = """<!doctype html><html lang="en"><meta charset="utf-8"><title>{{ c.draft.source.name }} → {{ c.final.source.name }}</title>
<h1>{{ c.draft.source.name }} → {{ c.final.source.name }}</h1><p>{{ note }}.</p><ol>
{% for e in c.edits %}<li>{{ e.kind }} ({{ e.stage }}): {% if e.draft %}<del>{{ e.draft.text }}</del>{% endif %}
{% if e.final %}<ins>{{ e.final.text }}</ins>{% endif %}</li>{% endfor %}</ol></html>
"""


def _load(spec: str, label: str | None, options: Options, base: str):
    """Load a side, reading a relative path from ``base`` (a worker's working directory may differ)
    while the path stays as given in the output."""
    from .read import byte_limit, parse_spec, read_bytes

    path = parse_spec(spec).path
    full = path if os.path.isabs(path) else os.path.join(base, path)
    return load(spec, label, options, data=read_bytes(full, byte_limit(options.max_words)))


def compare_pair(task: Task) -> Outcome:
    """Compare one pair and write its report, its JSON and (last) its done-marker; the counts and file names."""
    from urllib.parse import quote

    from .render.json import render as render_json  # always installed; html may not be
    from .render.stamp import made_on

    draft = _load(task.draft, task.draft_label, task.options, task.base)
    final = _load(task.final, task.final_label, task.options, task.base)
    c = compare_witnesses(draft, final, task.options)
    s = c.draft.source, c.final.source
    key = pair_key(*((x.path, x.first, x.last, x.label, x.text) for x in s), task.options, task.title)
    out = Path(task.out_dir)
    report, data = f"{task.slug}.html", f"{task.slug}.json"
    html, note = html_report(c, title=task.title, made=made_on(), index=INDEX, data_files={"json": quote(data)})
    digests = {report: write_atomic(out / report, html.encode("utf-8")),
               data: write_atomic(out / data, render_json(c).encode("utf-8"))}
    stats = {**{k: c.stats.get(k, 0) for k in KINDS}, "edits": c.stats.get("edits", len(c.edits))}
    marker = {"format": MARKER_FORMAT, "slug": task.slug, "key": key, "stats": stats, "files": digests, "note": note}
    mpath = marker_path(out, task.slug)
    mpath.parent.mkdir(exist_ok=True)
    write_atomic(mpath, (json.dumps(marker, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
    return Outcome(task.slug, key, stats, (report, data, f"{STATE_DIR}/{task.slug}.json"), note)


# ---- engines --------------------------------------------------------------------------------------

Progress = Callable[[int, int, "Outcome | None"], None]
"""``progress(done, total, outcome)``: called once before the first pair (outcome None), then per pair."""


def _quiet_worker(parent: int | None = None) -> None:
    """Pool workers ignore Ctrl-C: the parent decides what stops, and no worker prints a traceback.
    They die with ``parent``, the process that made the pool (``_die_with``)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent is not None:
        _die_with(parent)


PR_SET_PDEATHSIG = 1
"""Linux ``prctl`` option: the signal a process gets when its parent dies."""


def _die_with(parent: int) -> None:
    """End this worker (SIGTERM) when ``parent`` ends, however it ends: killed outright, it cannot stop
    its pool, and a worker left running would go on comparing and writing into a survey nobody runs.

    Two ways, as neither suffices alone. On Linux, ``prctl(PR_SET_PDEATHSIG)`` signals the worker when
    the process that forked it dies; but a worker started by the forkserver is the forkserver's child,
    and the forkserver lives as long as any worker does. So a daemon thread also watches ``parent``
    itself: through a pidfd, readable once it has exited (Linux 5.3), else by asking every half second
    whether it is still there. A pair cut off is whole or absent (files are moved into place, its
    done-marker last), so ``--resume`` redoes it."""
    with suppress(OSError, AttributeError, TypeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    threading.Thread(target=_watch, args=(parent,), name="redline-parent-watch", daemon=True).start()


def _watch(parent: int) -> None:
    try:
        fd = os.pidfd_open(parent)
    except AttributeError:  # not Linux, or an old Python
        fd = None
    except OSError as exc:
        fd = None
        if exc.errno == errno.ESRCH:  # gone already
            os.kill(os.getpid(), signal.SIGTERM)
            return
    if fd is not None:
        select.select([fd], [], [])
    else:
        while _alive(parent):
            time.sleep(0.5)
    os.kill(os.getpid(), signal.SIGTERM)


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie, dead but not yet waited for, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


@contextmanager
def _ignoring_ctrl_c() -> Iterator[None]:
    """Ignore SIGINT while child processes are started, so that they inherit "ignore" (main thread only)."""
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _in_process(tasks: Sequence[Task], record: Callable[..., None]) -> None:
    for t in tasks:
        record(compare_pair(t))


def executor(jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` worker processes that ignore Ctrl-C and die with this one, started by forkserver (or spawn):
    never fork a parent whose threads (a progress bar's) may hold locks."""
    import multiprocessing

    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method),
                               initializer=_quiet_worker, initargs=(os.getpid(),))


def _pool(tasks: Sequence[Task], jobs: int, record: Callable[..., None]) -> None:
    pool = executor(jobs)
    futures: list[Future] = []
    try:
        futures = [pool.submit(compare_pair, t) for t in tasks]
        for f in as_completed(futures):
            record(f.result())
    except KeyboardInterrupt:
        for f in futures:
            f.cancel()
        with suppress(KeyboardInterrupt):  # a second Ctrl-C stops waiting for the pairs under way
            pool.shutdown(wait=True, cancel_futures=True)
        for f in futures:  # pairs that finished while the pool wound down are kept too
            if f.done() and not f.cancelled() and f.exception() is None:
                record(f.result(), quiet=True)
        raise
    except BaseException:
        # A pair that failed (a file gone): the pairs not started are cancelled, and those under way are
        # let finish before the error is raised, so none is left half-written in the output folder as the
        # process ends (a worker stopped mid-write left its temporary file: seen under load).
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _dask(tasks: Sequence[Task], scheduler: str, jobs: int, record: Callable[..., None]) -> None:
    try:
        from distributed import Client, LocalCluster, as_completed as dask_completed
    except ImportError:
        raise UsageError(DASK_MISSING) from None
    cluster = None
    if scheduler == "local":
        with _ignoring_ctrl_c():  # the worker processes inherit it: Ctrl-C is the client's to handle
            cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None,
                                   silence_logs=logging.ERROR)
        client = Client(cluster)
    else:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise UsageError(f"{scheduler}: cannot connect to the Dask scheduler ({exc}); "
                             "give its address (tcp://HOST:8786) or 'local'") from None
    futures: list = []
    try:
        futures = [client.submit(compare_pair, t, key=f"redline-{t.slug}-{t.key[:12]}", pure=False) for t in tasks]
        for f in dask_completed(futures):
            record(f.result())
    except KeyboardInterrupt:
        with suppress(Exception, KeyboardInterrupt):
            client.cancel([f for f in futures if not f.done()])
            for f in futures:
                if f.status == "finished":
                    record(f.result(), quiet=True)
        raise
    finally:
        with suppress(Exception, KeyboardInterrupt):
            client.close()
        if cluster is not None:
            with suppress(Exception, KeyboardInterrupt):
                cluster.close()


def dask_available() -> bool:
    """Whether ``dask.distributed`` can be imported."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def check_engine(jobs: int = 1, scheduler: str | None = None) -> None:
    """Refuse an engine that cannot run, before any work is done."""
    if jobs < 1:
        raise UsageError(f"--jobs {jobs}: give at least 1 (the number of processes comparing pairs)")
    if scheduler is not None and not dask_available():
        raise UsageError(DASK_MISSING)


def run(tasks: Sequence[Task], jobs: int = 1, scheduler: str | None = None, resume: bool = False,
        progress: Progress | None = None) -> list[Outcome]:
    """Compare every task (skipping, under ``resume``, those already done); outcomes in task order.

    On Ctrl-C (or a ``KeyboardInterrupt`` raised by ``progress``) the pairs not
    started are cancelled and ``Interrupted`` is raised with the finished ones.
    """
    check_engine(jobs, scheduler)
    if tasks:
        clean_temporaries(tasks[0].out_dir)
    done: dict[str, Outcome] = {}
    if resume:
        for t in tasks:
            o = finished(t)
            if o is not None:
                done[t.slug] = o
    todo = [t for t in tasks if t.slug not in done]
    total = len(tasks)

    def record(o: Outcome, quiet: bool = False) -> None:
        done[o.slug] = o
        if progress and not quiet:
            progress(len(done), total, o)

    if progress:
        progress(len(done), total, None)
    try:
        if scheduler is not None and todo:
            _dask(todo, scheduler, jobs, record)
        elif min(jobs, len(todo)) > 1:
            _pool(todo, min(jobs, len(todo)), record)
        else:
            _in_process(todo, record)
    except KeyboardInterrupt:
        for t in todo:  # pairs a worker finished while the engine wound down are whole: list them too
            if t.slug not in done and (o := finished(t)) is not None:
                done[t.slug] = o
        raise Interrupted([done[t.slug] for t in tasks if t.slug in done], total) from None
    return [done[t.slug] for t in tasks]
