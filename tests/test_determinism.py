"""The same inputs give the same bytes: across runs, hash seeds, and a survey's number of processes.

A historian cites an edit by its id and re-runs a comparison months later; an archive diffs two
surveys of the same files. Both need byte-identical output. Python randomises ``str`` hashing per
process (``PYTHONHASHSEED``), so any output that follows a set's or a dict-of-sets' order would
differ from run to run: each case runs in fresh interpreters with different seeds.

No output holds a time or a path of the machine's own. The HTML report a command writes names the
redline version and the date it was made; the runs here fix that date with ``SOURCE_DATE_EPOCH`` (the
reproducible-builds convention, which redline honours), so nothing is excluded from the comparison.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = "samples/001_2bcad8b2cf3253a8.txt"

RENDER_ALL = r"""
import sys
from redline.api import compare
from redline.render import renderer
pairs = [(sys.argv[1], sys.argv[2]), (sys.argv[3], sys.argv[4])]
for draft, final in pairs:
    c = compare(draft, final)
    for fmt in ("json", "html", "tei", "csv", "text"):
        sys.stdout.write(f"\n=== {draft} {final} {fmt}\n")
        sys.stdout.write(renderer(fmt)(c, width=100, color=False, side=False, furniture=True, bom=False))
"""


def run(args: list[str], seed: int, cwd: Path = ROOT) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": str(seed), "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": "1700000000"}
    done = subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return done.stdout


def test_every_format_is_byte_identical_under_any_hash_seed(tmp_path):
    # A sample pair, and a made-up pair of repeated words, marks and a moved sentence: ties everywhere,
    # where an order taken from a set or a hash would show.
    words = "the of the moved sentence here ~~struck~~ <sup>above</sup> the of and the".split()
    draft = " ".join(words * 12) + "\n\nA sentence that moves to the end.\n"
    final = "A sentence that moves to the end.\n\n" + " ".join(reversed(words * 12)).replace("~~", "") + "\n"
    (tmp_path / "draft.txt").write_text(draft, encoding="utf-8")
    (tmp_path / "final.txt").write_text(final, encoding="utf-8")
    args = ["-c", RENDER_ALL, f"{SAMPLE}:80-128", f"{SAMPLE}:348-417", str(tmp_path / "draft.txt"), str(tmp_path / "final.txt")]
    outputs = [run(args, seed) for seed in (0, 1, 2)]
    assert outputs[0].count(b"\n=== ") == 10 and len(outputs[0]) > 10_000
    assert outputs[0] == outputs[1] == outputs[2]


def test_a_survey_is_the_same_with_one_process_or_two(tmp_path):
    inputs = [str(ROOT / SAMPLE), str(ROOT / "samples/002_6107bf163eec2d22.txt")]
    one, two = tmp_path / "one", tmp_path / "two"
    run(["-m", "redline", "survey", *inputs, "-o", str(one), "--jobs", "1"], seed=0)
    run(["-m", "redline", "survey", *inputs, "-o", str(two), "--jobs", "2"], seed=1)
    files_one = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    files_two = sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert files_one == files_two and len(files_one) >= 5
    for name in files_one:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
