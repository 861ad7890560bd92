"""A fuzzer over what transcriptions are made of: marks, real words, control characters, bidi marks, bytes.

Every input, however hostile, must end in a comparison or in one ``RedlineError`` of one line;
the JSON must be valid against the contract's schema, and every token must point at its own
text in the decoded input (``text == source.text[start:end]``), in order, never overlapping.

``make test`` runs a fixed, small number of cases (the ``default`` profile, seconds); ``make fuzz``
runs the ``long`` profile (``REDLINE_FUZZ=long``: 10 000 cases each for the library and for the
CLI, over 20 000 in all). Hypothesis picks new cases each run, so a long run can find what the
short one did not: a finding is fixed and its input kept as an explicit ``example``.
"""

from __future__ import annotations

import json
from importlib import resources
import os
import re
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from redline.api import Options, compare_witnesses, load
from redline.cli import app
from redline.errors import RedlineError
from redline.render.json import chunks

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "samples"

settings.register_profile("default", max_examples=200, deadline=None, derandomize=False,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("long", max_examples=10_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = "long" if os.environ.get("REDLINE_FUZZ") == "long" else "default"
CLI_SHARE = 1 if PROFILE == "long" else 2
"""The CLI cases cost more (files, Typer): in ``make test`` it runs half as many as the library."""


@lru_cache(maxsize=None)
def validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads((resources.files("redline") / "schemas" / "contract.schema.json").read_text(encoding="utf-8")))


def _sample_words() -> list[str]:
    """Words of the sample transcriptions, marks stripped: real vocabulary, OCR damage and all."""
    words: dict[str, None] = {}
    for path in sorted(SAMPLES.glob("*.txt")):
        for w in re.split(r"\s+", path.read_text(encoding="utf-8")):
            w = re.sub(r"~~|\*+|</?sup>|#+|\[|\]", "", w)
            if w:
                words.setdefault(w, None)
            if len(words) >= 400:
                return list(words)
    return list(words)


WORDS = _sample_words()
MARKS = ["~~", "*", "**", "<sup>", "</sup>", "#", "##", "[", "]", "\n\n", "\n", " ", "  ", "\t", "\r\n", "-\n"]
CONTROLS = [chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 127, 0x85, 0x9B)]
BIDI = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)]
OTHER = ["\ufeff", "\u00ad", "\u200b", "ſ", "é", "e\u0301", "ﬁ", "—", "„", "’", "…", "½", "Ⅻ", "𝔄", "\U0001F600", "\ud800"]
SHAPES = ["\n¹ THE HEAD\n", "\n12 THE HEAD\n", "\nTHE HEAD 13\n", "civi-\n", "\n²\n", "      ¹⁵\n", "     10\n", "\f",
          "\nRECEIVED 12 JAN 1962\n", "\nO 121530Z JAN 87\nBT\n", "\nPage 2 of 4\n", "\n- 2 -\n", "INV-20417",
          "1.5", "1,000", "für", "ÆSOP", "flow'd", "regiments²", "Rhine[1]", "\n2.\n", "\nSECRET\n", "P.S.", " & "]
"""Shapes the furniture, markup and variant rules read (running heads, page and line numbers, stamps,
envelopes, figures, accents, footnote marks), with figures that are digits to ``isdigit`` but not to ``int``."""

SPANS = [("~~", "~~"), ("*", "*"), ("**", "**"), ("<sup>", "</sup>"), ("[", "]"), ("## ", "\n"), ("~~", ""), ("", "</sup>")]
"""Marks around words, paired or not: nested below into spans within spans (``~~ * <sup> ** ~~``)."""

nested = st.recursive(
    st.sampled_from(WORDS),
    lambda inner: st.one_of(
        st.tuples(st.sampled_from(SPANS), inner).map(lambda s: s[0][0] + s[1] + s[0][1]),
        st.lists(inner, min_size=1, max_size=4).map(" ".join),
    ),
    max_leaves=16,
)

piece = st.one_of(
    st.sampled_from(WORDS), st.sampled_from(WORDS), st.sampled_from(WORDS), nested,
    st.sampled_from(MARKS), st.sampled_from(MARKS),
    st.sampled_from(CONTROLS), st.sampled_from(BIDI), st.sampled_from(OTHER), st.sampled_from(SHAPES), st.sampled_from(SHAPES),
    st.text(max_size=4),
)


@st.composite
def document(draw) -> bytes:
    """One input as bytes: pieces joined (as UTF-8, UTF-16 with its mark, or Latin-1), random bytes, or a
    mix of both; now and then a draft and its despatch share most of their words (see ``pair``)."""
    kind = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-16", "latin-1", "bytes", "mixed"]))
    if kind == "bytes":
        return draw(st.binary(max_size=300))
    text = "".join(draw(st.lists(piece, max_size=80)))
    if kind == "utf-16":
        return text.encode("utf-16", "surrogatepass")
    data = text.encode(kind, "surrogatepass") if kind == "utf-8" else text.encode("latin-1", "replace")
    if kind == "mixed":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=40)) + data[at:]
    return data


@st.composite
def pair(draw) -> tuple[bytes, bytes]:
    """A draft and a despatch: unrelated, or the second an edit of the first (what redline is for)."""
    a = draw(document())
    if draw(st.booleans()):
        return a, draw(document())
    cut = draw(st.integers(0, len(a)))
    return a, a[:cut] + draw(st.binary(max_size=20)) + a[cut + draw(st.integers(0, 30)) :]


OPTIONS = st.builds(Options, strict=st.booleans(), infer_hands=st.booleans(), furniture=st.booleans(),
                    markup=st.sampled_from(["auto", "auto", "marks", "none", "tei"]))


def check_tokens(w) -> None:
    """Every token is its own text of the decoded input, in order, none overlapping another."""
    text = w.source.text
    end = 0
    for n, t in enumerate(w.tokens):
        assert t.i == n
        assert t.text == text[t.start : t.end], (t, text[t.start : t.end])
        assert t.text, t
        assert t.start >= end, (t, end)
        end = t.end


def one_line(exc: RedlineError) -> None:
    message = str(exc)
    assert message and "\n" not in message and "\r" not in message, repr(message)


@settings(settings.get_profile(PROFILE))
@given(pair(), OPTIONS)
@example((b"~~ * <sup> ** ~~ " * 20, b"~~ * <sup> ** ~~ " * 19), Options())
@example(("\u202e".join(["word"] * 30).encode(), "\u2067".join(["word"] * 29).encode()), Options())
def test_library_never_fails_but_with_one_line(docs, options):
    draft_bytes, final_bytes = docs
    try:
        draft = load("draft.txt", data=draft_bytes, options=options)
        final = load("final.txt", data=final_bytes, options=options)
    except RedlineError as exc:
        one_line(exc)
        return
    check_tokens(draft)
    check_tokens(final)
    try:
        result = compare_witnesses(draft, final, options)
    except RedlineError as exc:
        one_line(exc)
        return
    check_tokens(result.draft)
    check_tokens(result.final)
    doc = json.loads("".join(chunks(result)))
    validator().validate(doc)


def runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # click < 8.2
    except TypeError:
        return CliRunner()


COMMANDS = st.sampled_from([
    ["compare", "--format", "json"], ["compare", "--format", "json"], ["compare", "--format", "csv"],
    ["compare", "--format", "tei"], ["compare", "--format", "text"], ["cite"], ["report"],
])


@settings(settings.get_profile(PROFILE), max_examples=max(1, settings.get_profile(PROFILE).max_examples // CLI_SHARE))
@given(pair(), COMMANDS, st.sampled_from([[], ["--strict"], ["--markup", "none"], ["--markup", "tei"], ["--no-infer-hands"]]))
def test_cli_never_fails_but_with_one_line(tmp_path_factory, docs, command, flags):
    where = tmp_path_factory.mktemp("fuzz")
    (where / "draft.txt").write_bytes(docs[0])
    (where / "final.txt").write_bytes(docs[1])
    result = runner().invoke(app, [*command, str(where / "draft.txt"), str(where / "final.txt"), *flags])
    assert "Traceback" not in result.stdout and "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if result.exit_code == 2:
        errors = [line for line in result.stderr.splitlines() if line.startswith("redline: error:")]
        assert len(errors) == 1 and result.stderr.endswith(errors[0] + "\n"), result.stderr
        assert result.stdout == ""
        return
    assert result.exit_code == 0, (result.exit_code, result.stderr)
    assert "redline: error" not in result.stderr
    if command[-1] == "json":
        validator().validate(json.loads(result.stdout))

