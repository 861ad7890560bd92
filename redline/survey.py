"""Survey: archive files in, reports out — segment every file, pair the documents, compare every pair.

``survey(inputs, out_dir)`` writes one HTML redline report per pair
(``out_dir/<pair-id>.html``) and its comparison (``out_dir/<pair-id>.json``,
format ``redline/1``) as each pair finishes, a done-marker per pair in
``out_dir/.redline-done/`` (see ``batch``), and at the end ``out_dir/index.html``
(one row per pair, with edit counts and a link to its report, and the documents
left unpaired and why) and ``out_dir/survey.json``. It writes nothing else, and
overwrites nothing it did not write: the output directory must be new, empty, or
one an earlier survey wrote (it holds ``.redline-done/``, whose ledger names the
files surveys wrote there, ``batch.claimed``); a file of the same name as one the
survey would write is replaced only when the ledger names it, and never when it is
an input. Everything is read and checked before anything is written. The comparing
is ``batch``'s: in this process, on several, or on a Dask cluster, and resumable.
When the pairs link three or more documents (a draft and two despatched copies),
those versions are collated too (``survey_versions``): ``out_dir/collation-N.html``
and ``.json``, listed in ``survey.json`` under ``collations`` and on the index page.
The listings the ``segment`` and ``pairs`` commands print are built here too.

Inputs are files, directories (their ``*.txt`` and ``*.md`` files) or
``PATH:FIRST-LAST``: only those lines of the file are segmented, numbered as in
the whole file. A file named twice (two spellings, a link, a directory and a file
in it) is read once; its ranges are read together, and naming it whole wins.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Sequence

from . import batch, survey_versions
from .api import Options
from .errors import InputError, UsageError
from .manifest import load_manifest, templates_dir
from .model import KINDS
from .index import signatures
from .pair import Discovery, Proposal, discover, document_keys, proposal_dict, with_manifest
from .read import parse_spec, read_bytes, read_source
from .segment import Document, as_dict, segment
from .titles import distinct

FORMAT = "redline-survey/1"
SUFFIXES = (".txt", ".md")
RESERVED = frozenset({"index", "survey"})


@dataclass(frozen=True, slots=True)
class Archive:
    """What segmentation and pairing found in a set of files."""

    files: tuple[str, ...]
    texts: dict
    documents: tuple[Document, ...]
    discovery: Discovery
    skipped: tuple[tuple[str, str], ...] = ()
    """Files found in a directory that could not be read, with the reason."""


@dataclass(frozen=True, slots=True)
class Row:
    """One pair of the survey: the proposal, its edit counts and the report written for it."""

    proposal: Proposal
    stats: dict
    report: str
    title: str | None = None
    """The pair's title, distinct among the survey's pairs (``pair_titles``)."""


@dataclass(frozen=True, slots=True)
class Survey:
    """The result of ``survey``: what was found and the files written."""

    archive: Archive
    rows: tuple[Row, ...]
    written: tuple[str, ...]
    notes: tuple[str, ...] = ()
    collations: tuple[survey_versions.Collated, ...] = ()
    """The groups of three or more versions of one text that the pairs link, each collated."""


@dataclass(frozen=True, slots=True)
class Input:
    """One file to read: its path as first given, how it was asked for (``specs``: the whole file, or
    ``PATH:FIRST-LAST`` ranges of it), and whether the user named it rather than a directory holding it."""

    path: str
    specs: tuple[str, ...]
    whole: bool = True
    named: bool = False


def _identity(path: str) -> object:
    """What makes two spellings of a path one file: its device and inode (a symbolic or hard link is the
    file it links to), or for a path that cannot be read its resolved form."""
    if path == "-":
        return path
    try:
        st = os.stat(path)
        return (st.st_dev, st.st_ino)
    except (OSError, ValueError):
        pass
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):  # a link loop (``RuntimeError`` before Python 3.13): reading it will say so
        return os.path.abspath(path)


def _is_dir(path: str) -> bool:
    """Whether ``path`` is a directory; False for a name the system refuses (the reading says why)."""
    try:
        return os.path.isdir(path)
    except (OSError, ValueError):
        return False


def plan(inputs: Sequence[str]) -> tuple[Input, ...]:
    """The files to read, in the order first named: each directory replaced by its text files
    (``*.txt``, ``*.md`` but no README), each file once however it is spelt or reached."""
    merged: dict[object, Input] = {}
    for spec in inputs:
        p = Path(spec)
        if _is_dir(spec):
            found = sorted(str(f) for f in p.iterdir() if f.suffix in SUFFIXES and f.is_file() and f.stem.upper() != "README")
            if not found:
                raise InputError(f"{spec}: is a directory with no text files (*.txt, *.md) in it")
            entries = [Input(f, (f,)) for f in found]
        else:
            s = parse_spec(spec)
            entries = [Input(s.path, (spec,), s.first is None, named=True)]
        for e in entries:
            key = _identity(e.path)
            old = merged.get(key)
            if old is None:
                merged[key] = e
            elif old.whole or e.whole:  # the whole file wins over any range of it
                merged[key] = Input(old.path, old.specs if old.whole else e.specs, True, old.named or e.named)
            else:
                merged[key] = Input(old.path, (*old.specs, *e.specs), False, old.named or e.named)
    return tuple(merged.values())


def collect(inputs: Sequence[str]) -> tuple[str, ...]:
    """The files to read (see ``plan``): each directory replaced by its text files, each file once."""
    return tuple(i.path for i in plan(inputs))


PARALLEL_FROM = 64
"""Fewest files worth scanning on a process pool: below that, starting the workers costs more than it saves."""


@dataclass(frozen=True, slots=True)
class Scan:
    """One file read and segmented: its text and documents, and the words of each document
    (``pair.document_keys``) when asked for; or the reason it could not be read."""

    path: str
    text: str = ""
    documents: tuple[Document, ...] = ()
    keys: dict | None = None
    error: InputError | None = None
    signatures: dict | None = None
    """Each document's MinHash signature (``index.signatures`` of its keys), with the keys: worked out
    on the process that read the file, so ``discover`` at scale need not work them out again."""


_NOT_A_BREAK = re.compile(r"[^\n\r]+")
"""Everything on a line but its line break (as ``read.lines``, which the segmenter uses, breaks lines)."""


def _only(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with everything outside ``spans`` (character offsets) blanked, line breaks kept: the
    lines chosen are segmented alone, and keep their line numbers."""
    out, pos = [], 0
    for start, end in sorted(spans):
        if end <= pos:
            continue
        start = max(start, pos)
        out += [_NOT_A_BREAK.sub("", text[pos:start]), text[start:end]]
        pos = end
    out.append(_NOT_A_BREAK.sub("", text[pos:]))
    return "".join(out)


def scan(item: Input | str, with_keys: bool = False) -> Scan:
    """Read and segment one file, or the line ranges of it asked for (a pure function of the file,
    so it runs on any process). The text kept is always the whole file's."""
    if isinstance(item, str):
        item = Input(item, (item,))
    try:
        data = read_bytes(item.path)
        sources = [read_source(spec, data=data)[0] for spec in item.specs]  # the checks ``compare`` makes
    except InputError as exc:
        return Scan(item.path, error=exc)
    text = sources[0].text
    chosen = text if item.whole else _only(text, [(s.start, s.end) for s in sources])
    documents = segment(chosen, item.path)
    if not with_keys:
        return Scan(item.path, text, documents)
    keys = document_keys(documents, text)
    return Scan(item.path, text, documents, keys, signatures=dict(zip(keys, signatures(list(keys.values())))))


def _scan_all(items: Sequence[Input], jobs: int, with_keys: bool) -> list[Scan]:
    """Scan the files in order; on ``jobs`` processes when there are enough files to repay them."""
    work = partial(scan, with_keys=with_keys)  # a partial of a module function pickles to the workers
    if jobs <= 1 or len(items) < PARALLEL_FROM or any(i.path == "-" for i in items):
        return [work(i) for i in items]
    with batch.executor(jobs) as pool:  # its worker start, not a fork: the progress bar's thread is running
        return list(pool.map(work, items, chunksize=max(1, len(items) // (jobs * 16))))


def segment_files(inputs: Sequence[str], stdin: bool = True, skipped: list[tuple[str, str]] | None = None,
                  jobs: int = 1, keys: dict | None = None, signatures: dict | None = None,
                  ) -> tuple[tuple[str, ...], dict[str, str], tuple[Document, ...]]:
    """Read and segment the files (directories are searched for text files; ``-`` is standard input
    unless ``stdin`` is False; ``PATH:FIRST-LAST`` segments those lines only, see ``plan``): the files,
    their (whole) texts, the documents. A file found in a directory
    that cannot be read (empty, binary) is left out and listed in ``skipped`` with the reason.
    With ``jobs`` above 1, many files are scanned on that many processes. A ``keys`` dict is
    filled with each document's words for ``discover``, worked out on the same processes, and a
    ``signatures`` dict (with ``keys``) with their MinHash signatures (``index.signatures``)."""
    skipped = [] if skipped is None else skipped
    items = plan(inputs)
    if not stdin and any(i.path == "-" for i in items):
        raise UsageError("standard input cannot be surveyed (each pair is read again to compare it): name the files")
    texts: dict[str, str] = {}
    documents: list[Document] = []
    kept: list[str] = []
    for item, found in zip(items, _scan_all(items, jobs, keys is not None)):
        if found.error is not None:
            if item.named:
                raise found.error  # a file the user named: its problem is the answer
            skipped.append((found.path, str(found.error)))  # one bad file in a folder does not stop the run
            continue
        kept.append(found.path)
        texts[found.path] = found.text
        documents.extend(found.documents)
        if keys is not None and found.keys:
            keys.update(found.keys)
            if signatures is not None:
                signatures.update(found.signatures or {})
    return tuple(kept), texts, tuple(documents)


def explore(inputs: Sequence[str], manifest: str | Path | None = None, stdin: bool = True, jobs: int = 1) -> Archive:
    """Read, segment and pair the files (directories are searched for text files); a manifest's pairs win.

    ``jobs`` processes read, segment and parse the files (the bulk of the work on a large archive)."""
    skipped: list[tuple[str, str]] = []
    keys: dict = {}
    sigs: dict = {}
    files, texts, documents = segment_files(inputs, stdin, skipped, jobs, keys, sigs)
    found = discover(documents, texts, keys=keys, jobs=jobs, signatures=sigs)
    if manifest is not None:
        found = with_manifest(found, load_manifest(manifest), documents, str(manifest))
    return Archive(files, texts, documents, found, tuple(skipped))


def skip_note(path: str, why: str) -> str:
    """Why a file was skipped, naming it once (read errors already start with the path)."""
    return why if why.startswith(f"{path}:") else f"{path}: {why}"


def _slug(pid: str, taken: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_.-]+", "-", pid).strip("-.") or "pair"
    if base.lower() in RESERVED:
        base += "-pair"
    slug, n = base, 2
    while slug.lower() in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug.lower())
    return slug


def _check_directory(out_dir: Path) -> set[str]:
    """Refuse an output directory a survey may not write into: one that is a file, or that holds files
    and was not written by a survey (it has no ``.redline-done/``). The names of the files in it that
    surveys wrote (``batch.claimed``), which alone may be replaced."""
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir}: exists and is not a directory; give a directory for the survey (-o DIR)")
    if not out_dir.exists():
        return set()
    state = out_dir / batch.STATE_DIR
    if state.is_symlink() or (state.exists() and not state.is_dir()):
        raise UsageError(f"{state}: exists and is not a directory; refusing to replace it (choose another -o)")
    if state.is_dir():
        return batch.claimed(out_dir)
    try:
        empty = next(out_dir.iterdir(), None) is None
    except OSError as exc:
        raise UsageError(f"{out_dir}: cannot be read ({exc.strerror or exc})") from None
    if not empty:
        raise UsageError(f"{out_dir}: is not empty and no redline survey wrote it (there is no {batch.STATE_DIR} in it); "
                         "refusing to write into it: choose a new or empty directory (-o DIR)")
    return set()


def _check_output(out_dir: Path, names: Sequence[str], files: Sequence[str], ours: set[str]) -> None:
    """Refuse to write a file that is an input, is not a file, or exists and was not written by a survey."""
    inputs = {_identity(f) for f in files}
    for name in names:
        target = out_dir / name
        if not os.path.lexists(target):
            continue
        if _identity(str(target)) in inputs:
            raise UsageError(f"{target}: is one of the inputs; refusing to overwrite it (choose another -o)")
        if not target.is_file():
            raise UsageError(f"{target}: exists and is not a file; refusing to replace it")
        if name not in ours:
            raise UsageError(f"{target}: exists and redline did not write it; refusing to replace it "
                             "(move it away, or choose a new directory with -o)")


_html_report = batch.html_report  # the report of one pair (kept here for callers of the old name)


def tasks(archive: Archive, out_dir: str | Path, options: Options = Options()) -> list[batch.Task]:
    """One ``batch.Task`` per proposed pair, keyed by the texts read in ``archive``, slugs unique per directory."""
    taken: set[str] = set()
    out, base = str(Path(out_dir).resolve()), str(Path.cwd())
    result = []
    for p, title in zip(archive.discovery.proposals, pair_titles(archive.discovery.proposals)):
        labels = p.draft_label or _label(p.draft), p.final_label or _label(p.final)
        sides = [(d.path, d.first, d.last, label, _text(archive, d.path)) for d, label in zip((p.draft, p.final), labels)]
        result.append(batch.Task(_slug(p.id, taken), p.draft.spec, p.final.spec, *labels,
                                 batch.pair_key(*sides, options, title), out, base, options, title))
    return result


def pair_titles(proposals: Sequence[Proposal]) -> list[str]:
    """A title per pair, no two alike: the pair's own (a manifest's, or the despatched document's heading or
    subject as segmentation found it; else what it is and where), and where two read alike (two telegrams
    with one opening), the despatched document's date, its serial, the draft's date, the despatched
    document's place (``file:first–last``) and the pair's id, in that order, as far as needed
    (``titles.distinct``). A title given in a manifest is never changed, only added to."""
    bases = [p.title or _label(p.final) for p in proposals]
    extras = [[p.final.date, p.final.serials[0] if p.final.serials else None, p.draft.date,
               f"{Path(p.final.path).name}:{p.final.first}\u2013{p.final.last}", p.id] for p in proposals]
    return distinct(bases, extras)


def _text(archive: Archive, path: str) -> str:
    if path in archive.texts:
        return archive.texts[path]
    return read_source(path)[0].text


def survey(inputs: Sequence[str], out_dir: str | Path, manifest: str | Path | None = None,
           options: Options = Options(), *, jobs: int = 1, scheduler: str | None = None, resume: bool = False,
           progress: batch.Progress | None = None) -> Survey:
    """Segment, pair and compare everything in ``inputs``; write the reports, then the index and ``survey.json``.

    Each pair's report (``<slug>.html``) and comparison (``<slug>.json``) are
    written as the pair finishes, by ``batch.run``: on ``jobs`` processes, or on a
    Dask ``scheduler`` (an address or ``"local"``); ``resume`` keeps the pairs an
    earlier run finished with the same inputs. On Ctrl-C the index lists the
    pairs that finished and ``batch.Interrupted`` is raised. ``out_dir`` must be new,
    empty or a survey's (``UsageError`` otherwise); the inputs and the manifest are
    read and checked before it is created, and the names the survey will write are
    added to its ledger (``batch.claim``) before the first pair is compared.
    """
    from .render.stamp import made_on

    made_on()  # a malformed SOURCE_DATE_EPOCH is refused here, not by each pair's worker
    out = Path(out_dir)
    _check_directory(out)  # before the reading, which may take long: a directory not ours is refused at once
    batch.check_engine(jobs, scheduler)
    archive = explore(inputs, manifest, stdin=False, jobs=1 if scheduler else jobs)
    work = tasks(archive, out, options)
    versions = survey_versions.groups(archive.discovery.proposals, _label, {t.slug.lower() for t in work} | RESERVED)
    names = ["index.html", "survey.json", *(f"{t.slug}.{ext}" for t in work for ext in ("html", "json")),
             *survey_versions.file_names(versions)]
    read = {*archive.files, *(d.path for p in archive.discovery.proposals for d in (p.draft, p.final))}
    _check_output(out, names, sorted(read), _check_directory(out))
    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / batch.STATE_DIR).mkdir(exist_ok=True)  # even with no pairs: it marks the directory as a survey's
    except OSError as exc:
        raise UsageError(f"{out}: cannot be written ({exc.strerror or exc})") from None
    with batch.only_writer(out):  # a second survey of this directory, started meanwhile, is refused here
        _check_output(out, names, sorted(read), _check_directory(out))  # again: another survey may have just ended
        try:
            batch.claim(out, names)  # before any pair is written, so an interrupted run leaves nothing unclaimed
        except OSError as exc:
            raise UsageError(f"{out}: cannot be written ({exc.strerror or exc})") from None
        try:
            outcomes, stopped = _run(work, jobs, scheduler, resume, progress), None
        except batch.Interrupted as exc:
            outcomes, stopped = list(exc.done), exc
        collated: tuple[list, list] = ([], [])
        if stopped is None:
            try:
                collated = survey_versions.collate_all(versions, out, batch.write_atomic, options)
            except OSError as exc:
                raise UsageError(f"{out}: cannot be written ({exc.strerror or exc})") from None
        result = _assemble(archive, work, outcomes, interrupted=stopped is not None, collated=collated)
        _write(out, {"survey.json": to_json(result), "index.html": index_html(result)})
    if stopped is not None:
        raise batch.Interrupted(outcomes, len(work)) from None
    return result


def _run(work, jobs, scheduler, resume, progress) -> list[batch.Outcome]:
    try:
        return batch.run(work, jobs, scheduler, resume, progress)
    except OSError as exc:
        where = getattr(exc, "filename", None) or "the output directory"
        raise UsageError(f"{where}: cannot be written ({exc.strerror or exc})") from None


def _assemble(archive: Archive, work: Sequence[batch.Task], outcomes: Sequence[batch.Outcome],
              interrupted: bool = False, collated: tuple[list, list] = ([], [])) -> Survey:
    by_slug = {o.slug: o for o in outcomes}
    rows: list[Row] = []
    notes: list[str] = []
    written: list[str] = []
    for t, p in zip(work, archive.discovery.proposals):
        o = by_slug.get(t.slug)
        if o is None:
            continue
        rows.append(Row(p, dict(o.stats), f"{t.slug}.html", t.title))
        written.extend(o.files)
        if o.note and o.note not in notes:
            notes.append(o.note)
    if interrupted:
        notes.insert(0, f"interrupted: {len(rows)} of {len(work)} pairs finished; "
                        "run the survey again with --resume to compare the rest")
    notes.extend(f"skipped {skip_note(f, why)}" for f, why in archive.skipped)
    done, collate_notes = collated
    notes.extend(collate_notes)
    written.extend(f for c in done for f in c.files)
    ledger = f"{batch.STATE_DIR}/{batch.LEDGER}"
    return Survey(archive, tuple(rows), ("index.html", "survey.json", ledger, *written), tuple(notes), tuple(done))


def _write(out: Path, pages: dict[str, str]) -> None:
    try:
        for name, text in pages.items():
            batch.write_atomic(out / name, text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"{out}: cannot be written ({exc.strerror or exc})") from None


def _label(d: Document) -> str:
    """A label for a discovered side: its kind, date and where it is."""
    return f"{d.kind}{' of ' + d.date if d.date else ''} ({Path(d.path).name}:{d.first}-{d.last})"


def to_json(s: Survey) -> str:
    """The survey as JSON (format ``redline-survey/1``): files, documents, pairs with edit counts, unpaired."""
    data = {
        "format": FORMAT,
        "files": list(s.archive.files),
        "documents": [as_dict(d) for d in s.archive.documents],
        "pairs": [{**proposal_dict(r.proposal), "title": r.title or r.proposal.title, "stats": r.stats, "report": r.report}
                  for r in s.rows],
        "unpaired": [{"document": as_dict(u.document), "reason": u.reason} for u in s.archive.discovery.unpaired],
        "collations": [{"name": c.group.name, "documents": [d.spec for d in c.group.documents], "labels": list(c.group.labels),
                        "files": list(c.files), "varying": c.varying, "copies": [list(g) for g in c.copies]}
                       for c in s.collations],
        "notes": list(s.notes),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def index_html(s: Survey) -> str:
    """The index page, from ``templates/survey.html`` (autoescaped)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(str(templates_dir())), autoescape=select_autoescape(default=True))
    return env.get_template("survey.html").render(
        files=s.archive.files, rows=s.rows, unpaired=s.archive.discovery.unpaired, documents=s.archive.documents,
        kinds=KINDS, notes=s.notes, name=lambda p: Path(p).name, collations=s.collations,
    )


# ---- listings for the segment and pairs commands ----------------------------------------------------


def documents_json(documents: Sequence[Document]) -> str:
    """``{"format": "redline-segments/1", "documents": [...]}``."""
    return json.dumps({"format": "redline-segments/1", "documents": [as_dict(d) for d in documents]},
                      indent=2, ensure_ascii=False) + "\n"


def pairs_json(found: Discovery) -> str:
    """``{"format": "redline-pairs/1", "pairs": [...], "unpaired": [...]}``."""
    return json.dumps({
        "format": "redline-pairs/1",
        "pairs": [proposal_dict(p) for p in found.proposals],
        "unpaired": [{"document": as_dict(u.document), "reason": u.reason} for u in found.unpaired],
    }, indent=2, ensure_ascii=False) + "\n"


def documents_text(documents: Sequence[Document]) -> str:
    """One line per document (``PATH:FIRST-LAST  kind  date  title``), its evidence indented below."""
    out = []
    for d in documents:
        out.append(f"{d.spec}\t{d.kind}\t{d.date or '-'}\t{d.title or ''}")
        out.extend(f"\t{e}" for e in d.evidence)
    return "\n".join(out) + "\n"


def pairs_text(found: Discovery) -> str:
    """One line per proposal (score, draft → final), its evidence indented; then the unpaired documents."""
    out = []
    for p in found.proposals:
        arrow = "<copy>" if p.copies else "->"
        out.append(f"{p.score:.2f}\t{p.id}\t{p.draft.spec} {arrow} {p.final.spec}\t({p.source})")
        out.extend(f"\t{e}" for e in p.evidence)
    for u in found.unpaired:
        out.append(f"unpaired\t{u.document.spec}\t{u.document.kind}\t{u.reason}")
    return "\n".join(out) + "\n"


def _at(d: Document) -> str:
    return f"{Path(d.path).name}:{d.first}-{d.last}"


def documents_table(documents: Sequence[Document]):
    """A rich table of the documents (for a terminal)."""
    from rich.table import Table

    t = Table(title="Documents")
    t.add_column("where", style="bold", overflow="fold", max_width=24)
    for col in ("kind", "date"):
        t.add_column(col, no_wrap=True)
    t.add_column("title", min_width=24, ratio=3)
    t.add_column("signatory", ratio=1)
    for d in documents:
        t.add_row(*_cells(_at(d), d.kind, d.date or "", d.title or "", d.signatory or ""))
    return t


def _cells(*values: str):
    """Table cells as plain rich Text: a document's own words (``[typed brackets]``) are never
    read as rich markup, and control characters are made visible."""
    from rich.text import Text

    from .safe import visible

    return [Text(visible(v)) for v in values]


def pairs_table(found: Discovery):
    """A rich table of the proposed pairs and one of the unpaired documents (for a terminal)."""
    from rich.console import Group
    from rich.table import Table

    t = Table(title="Proposed pairs")
    t.add_column("score", no_wrap=True)
    t.add_column("draft → despatch (≡ copies)", style="bold", overflow="fold", max_width=30)
    t.add_column("evidence", min_width=30, ratio=1)
    for p in found.proposals:
        arrow = "≡" if p.copies else "→"
        where = f"{_at(p.draft)}\n{arrow} {_at(p.final)}\n{p.id} ({p.source})"
        t.add_row(*_cells(f"{p.score:.2f}", where, "\n".join(p.evidence)))
    u = Table(title="Unpaired documents")
    u.add_column("where", style="bold", overflow="fold", max_width=30)
    u.add_column("kind", no_wrap=True)
    u.add_column("why", ratio=1)
    for x in found.unpaired:
        u.add_row(*_cells(_at(x.document), x.document.kind, x.reason))
    return Group(t, u)
