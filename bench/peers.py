"""The tools under test: one function per tool, each taking two texts and returning a result size.

redline gets the texts as transcribed (it reads the markup); the peers get them
with the markup stripped. Each function does a whole comparison from text to
result, so tokenising is timed too. Imports happen inside the functions, so a
missing peer costs only its own rows.
"""

from __future__ import annotations

import sys
from typing import Callable

from .inputs import plain


def run_redline(draft: str, final: str) -> str:
    """redline's full pipeline, as ``redline compare`` runs it: ``redline.compare`` on two files.

    The texts are written to two files first (a few milliseconds, timed too), so the
    call is the one the command line makes: one ``compare`` that reads, parses and
    compares with the cyclic garbage collector paused throughout. (Calling ``load``
    twice and then ``compare_witnesses``, three separate pauses, makes the collector
    scan every token of a side between them, which no user of the command pays.)
    Returns the edit count, the alignment method and the time of each stage (the
    stage functions are wrapped where ``redline.api`` looks them up).
    """
    import tempfile
    import time
    from pathlib import Path

    import redline.api as api

    spent: dict[str, float] = {}

    def timed(name, fn):
        def wrapper(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - t0

        return wrapper

    saved = {n: getattr(api, n) for n in ("load", "prepare", "align", "classify") if hasattr(api, n)}
    for n, fn in saved.items():
        setattr(api, n, timed(n, fn))
    with tempfile.TemporaryDirectory() as tmp:
        d, f = Path(tmp, "draft.txt"), Path(tmp, "final.txt")
        d.write_text(draft, encoding="utf-8")
        f.write_text(final, encoding="utf-8")
        try:
            c = api.compare(str(d), str(f), api.Options(pause_gc=True))  # as the CLI sets it
        finally:
            for n, fn in saved.items():
                setattr(api, n, fn)
    stages = " ".join(f"{n} {spent[n]:.2f}" for n in saved if n in spent)
    return f"{len(c.edits)} edits, method {c.stats.get('method', '?')}; s: {stages}"


def run_difflib(draft: str, final: str) -> int:
    """A case-folded word diff: SequenceMatcher on lowercased word lists, autojunk=False."""
    import difflib

    a, b = plain(draft).lower().split(), plain(final).lower().split()
    return len(difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes())


def run_dmp_char(draft: str, final: str) -> int:
    """diff-match-patch (the pure-Python library) on characters, no time limit, semantic cleanup."""
    from diff_match_patch import diff_match_patch

    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    diffs = dmp.diff_main(plain(draft), plain(final), False)
    dmp.diff_cleanupSemantic(diffs)
    return len(diffs)


def run_dmp_words(draft: str, final: str) -> int:
    """diff-match-patch (the pure-Python library) on case-folded words: each word coded as one
    character (its ``linesToChars`` trick, on words), no time limit, semantic cleanup."""
    from diff_match_patch import diff_match_patch

    codes: dict[str, str] = {}

    def coded(text: str) -> str:
        return "".join(codes.setdefault(w, chr(0x100 + len(codes))) for w in plain(text).lower().split())

    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    diffs = dmp.diff_main(coded(draft), coded(final), False)
    dmp.diff_cleanupSemantic(diffs)
    return len(diffs)


def run_collatex(draft: str, final: str) -> int:
    """CollateX (Python), two plain witnesses, JSON output."""
    from collatex import Collation, collate

    col = Collation()
    col.add_plain_witness("draft", plain(draft))
    col.add_plain_witness("final", plain(final))
    return len(collate(col, output="json"))


def run_redlines(draft: str, final: str) -> int:
    """The ``redlines`` package with its defaults: its opcodes and its JSON output."""
    from redlines import Redlines

    r = Redlines(plain(draft), plain(final))
    return len(r.opcodes) + len(r.output_json())


TOOLS: dict[str, Callable[[str, str], object]] = {
    "redline": run_redline,
    "difflib": run_difflib,
    "dmp-words": run_dmp_words,
    "dmp-char": run_dmp_char,
    "collatex": run_collatex,
    "redlines": run_redlines,
}
PEERS = [t for t in TOOLS if t != "redline"]


def main(argv: list[str]) -> int:
    """``python -m bench.peers TOOL DRAFT FINAL``: one tool on two files, as a process of its own
    (``bench.process`` times it whole: the interpreter, the imports, reading the files)."""
    tool, draft, final = argv
    with open(draft, encoding="utf-8") as a, open(final, encoding="utf-8") as b:
        try:
            print(TOOLS[tool](a.read(), b.read()))
        except ImportError as exc:  # a peer not installed: exit 3, as ``bench.run --one`` does
            print(f"not installed: {exc.name} (pip install -e '.[bench]')", file=sys.stderr)
            return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
