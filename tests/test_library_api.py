"""The library as a script or a notebook uses it: strings in, a Comparison out, its formats one call away."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import redline
from redline import Comparison, Kind, Options, Stage, compare_texts
from redline.render import renderer

DRAFT = "we ~~can no longer delay~~ <sup>shall have to reach</sup> a decision on the matter.\n"
FINAL = "we shall have to reach a decision on this matter very soon.\n"


def test_two_strings_compare_with_offsets_into_the_strings():
    c = compare_texts(DRAFT, FINAL)
    assert isinstance(c, Comparison) and c.edits
    for e in c.edits:
        if e.draft:
            assert DRAFT[e.draft.start:e.draft.end].split()[0] in e.draft.text
        if e.final:
            assert FINAL[e.final.start:e.final.end] == e.final.text


def test_labels_and_option_overrides_are_applied():
    c = compare_texts(DRAFT, FINAL, draft_label="minute", final_label="telegram", markup="none")
    assert (c.draft.source.name, c.final.source.name) == ("minute", "telegram")
    assert any("~~" in t.text for t in c.draft.tokens)  # markup none: the marks are text
    same = compare_texts(DRAFT, FINAL, options=Options(markup="none"))
    assert [e.id for e in same.edits] == [e.id for e in c.edits]


@pytest.mark.parametrize("bad, said", [(b"bytes", "not bytes; decode it first"), (None, "not NoneType"),
                                       (Path("d.txt"), "not PosixPath" if sys.platform != "win32" else "not WindowsPath")])
def test_a_non_string_is_a_type_error_that_says_what_to_pass(bad, said):
    with pytest.raises(TypeError, match=said):
        compare_texts(bad, FINAL)
    with pytest.raises(TypeError, match="the final must be a str"):
        compare_texts(DRAFT, bad)


def test_an_unknown_option_is_a_type_error_naming_the_choices():
    with pytest.raises(TypeError, match="unknown option 'markpu'.*markup"):
        compare_texts(DRAFT, FINAL, markpu="none")


def test_an_empty_string_is_an_input_error_not_a_traceback():
    with pytest.raises(redline.InputError, match="empty"):
        compare_texts("", FINAL)


def test_kinds_and_stages_are_enums_equal_to_their_strings():
    c = compare_texts(DRAFT, FINAL)
    for e in c.edits:
        assert isinstance(e.kind, Kind) and isinstance(e.stage, Stage)
        assert e.kind == e.kind.value and e.stage in ("draft", "despatch")
    data = json.loads(c.to_json())
    assert {e["kind"] for e in data["edits"]} == {e.kind.value for e in c.edits}
    assert json.dumps([Kind.STRUCK, Stage.DESPATCH]) == '["struck", "despatch"]'


def test_the_format_methods_are_the_renderers():
    c = compare_texts(DRAFT, FINAL)
    assert c.to_json() == renderer("json")(c)
    assert c.to_csv() == renderer("csv")(c)
    assert c.to_tei() == renderer("tei")(c)
    assert c.to_text(width=60) == renderer("text")(c, width=60)
    assert c.to_html().lstrip().lower().startswith("<!doctype html")


def test_the_repr_is_one_short_line_even_for_a_long_text():
    long_draft = " ".join(f"word{n % 500}" for n in range(20000))
    c = compare_texts(long_draft, long_draft.replace("word7 ", "", 3))
    for value in (c, c.draft, c.draft.source, c.alignment):
        text = repr(value)
        assert "\n" not in text and len(text) < 200, text[:300]
    assert repr(c).startswith("<Comparison draft='<draft>' final='<final>' edits=")


def test_the_notebook_view_is_an_escaped_inline_fragment():
    c = compare_texts("the <script>x</script> & cat sat", "the dog & sat", markup="none")
    html = c._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.startswith("<div") and "<html" not in html
    assert "<del" in html and "<ins" in html and "dog" in html


def test_the_package_is_typed_and_the_library_needs_no_cli_framework():
    assert (Path(redline.__file__).parent / "py.typed").is_file()
    code = ("import sys, redline; c = redline.compare_texts('a b c', 'a c d'); c.to_text(); c._repr_html_(); "
            "print(sorted(m for m in ('typer', 'rich', 'jinja2', 'redline.render.html') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"  # the html renderer (and jinja2) is imported only when to_html asks for it
