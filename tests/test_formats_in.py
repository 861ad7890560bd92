"""Inputs that are not plain text: PDF and RTF refused with the way out, HTML and Word read with their revisions."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from redline import InputError, Options, compare, compare_texts, load
from redline.read import read_source, sniff
from tests.docx_fixture import make

CORPUS = Path(__file__).parent / "data" / "corpus"


# --- refused, with the command that gets a text out ----------------------------------------------------

@pytest.mark.parametrize("data, says", [
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nstream\n\x00\x01\x02endstream", "pdftotext -layout"),
    (b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} we can no longer delay\\par }", "soffice --headless --convert-to txt"),
])
def test_pdf_and_rtf_are_one_line_errors_that_say_how_to_get_a_text(tmp_path, data, says):
    f = tmp_path / "draft 1.bin"
    f.write_bytes(data)
    with pytest.raises(InputError) as exc:
        load(str(f))
    message = str(exc.value)
    assert says in message and "\n" not in message and message.startswith(str(f))
    with pytest.raises(InputError, match=says):
        load("-", data=data)


def test_another_zip_is_refused_not_read_as_binary_noise(tmp_path):
    f = tmp_path / "draft.odt"
    with zipfile.ZipFile(f, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(InputError, match="zip archive.*convert-to docx"):
        load(str(f))


def test_a_text_that_only_mentions_the_formats_is_text():
    # Negative: a transcription that quotes a PDF header, an RTF group or an HTML tag mid-text is text.
    for text in ("see the file %PDF-1.4 attached", "the {\\rtf1} group", "we <sup>shall</sup> have to <html> go"):
        assert sniff(text.encode()) == "text"
    welcome = (CORPUS / "juxta-welcome" / "juxta_welcome_v1.txt").read_bytes()
    assert sniff(welcome) == "text"
    assert read_source("w.txt", data=welcome)[0].format == "text"


# --- HTML ----------------------------------------------------------------------------------------------

HTML = ("<!DOCTYPE html>\n<html><head><title>Draft of 19 Oct</title><style>p{color:red}</style></head>\n"
        "<body><p>We <del>can no longer delay</del> <ins>shall have to reach</ins> a decision</p>\n"
        "<p>on the <s>whole</s> <u>entire</u> matter &amp; <b>soon</b>.<script>var x = '<del>no</del>';</script></p>\n"
        "</body></html>\n")


def test_html_is_read_with_its_revisions_as_layers_and_offsets_into_the_file():
    w = load("draft.html", data=HTML.encode())
    words = [(t.text, t.layer) for t in w.tokens]
    assert ("Draft", "typed") not in words and not any("color" in t or "var" in t for t, _ in words)
    assert [t for t, layer in words if layer == "struck"] == ["can", "no", "longer", "delay", "whole"]
    assert [t for t, layer in words if layer == "inserted"] == ["shall", "have", "to", "reach", "entire"]
    for t in w.tokens:
        assert HTML[t.start:t.end] == t.text
        assert HTML.splitlines()[t.line - 1][t.col - 1:].startswith(t.text)
    assert len({t.para for t in w.tokens}) == 2
    assert w.notices[0].message.startswith("markup: HTML")


def test_an_html_draft_compares_like_the_same_draft_in_transcription_marks():
    final = "We shall have to reach a decision on the entire matter and soon.\n"
    marked = "We ~~can no longer delay~~ <sup>shall have to reach</sup> a decision\n\non the ~~whole~~ <sup>entire</sup> matter & **soon**.\n"
    from_html, from_marks = compare_texts(HTML, final), compare_texts(marked, final)
    assert sorted((e.kind, e.draft and e.draft.text) for e in from_html.edits) == \
        sorted((e.kind, e.draft and e.draft.text.replace("<sup>", "").replace("</sup>", "").replace("~~", "")) for e in from_marks.edits)


def test_html_without_revisions_is_plain_text_and_markup_none_is_not_read_as_html():
    page = b"<html><body><p>the <del>cat</del> sat</p></body></html>"
    assert [t.text for t in load("p.html", data=b"<html><body><p>the cat sat</p></body></html>").tokens] == ["the", "cat", "sat"]
    w = load("p.html", options=Options(markup="none"), data=page)
    assert not any(n.message.startswith("markup: HTML") for n in w.notices) and {t.layer for t in w.tokens} == {"typed"}


# --- Word ----------------------------------------------------------------------------------------------

DOCX = make([
    [("t", "We "), ("del", "can no longer delay", "J. Smith"), ("ins", "shall have to reach", "J. Smith"), ("t", " a decision")],
    [("t", "on the "), ("c", "check this with the desk", "P. Jones"), ("t", "whole "), ("ins", "and urgent ", "P. Jones"), ("t", "matter.")],
])


def test_a_docx_is_read_with_tracked_changes_as_layers_and_authors_as_hands(tmp_path):
    f = tmp_path / "draft.docx"
    f.write_bytes(DOCX)
    w = load(str(f))
    text = w.source.text
    assert text == "We can no longer delayshall have to reach a decision\non the whole and urgent matter.\n"
    layers = {t.text: t.layer for t in w.tokens}
    assert layers["can"] == layers["delay"] == "struck" and layers["shall"] == layers["urgent"] == "inserted"
    assert layers["We"] == layers["whole"] == "typed"
    assert all(text[t.start:t.end] == t.text for t in w.tokens)
    assert dict(w.hands) == {"line 1": "tracked changes by J. Smith", "line 2": "tracked changes by P. Jones"}
    notes = [str(n) for n in w.notices]
    assert "1 tracked deletion read as struck, 2 insertions as inserted, by J. Smith, P. Jones" in notes[0]
    assert f"{f}:2:8: note: comment by P. Jones: check this with the desk" in notes


def test_a_docx_draft_compared_with_its_despatch_reports_the_tracked_changes_as_page_edits(tmp_path):
    f = tmp_path / "draft.docx"
    f.write_bytes(DOCX)
    final = tmp_path / "final.txt"
    final.write_text("We shall have to reach a decision on the whole and urgent matter.\n")
    c = compare(str(f), str(final))
    assert {e.kind for e in c.edits} == {"substituted", "inserted"}
    assert all(e.stage == "draft" and e.carried for e in c.edits)
    assert not any(t.inferred for t in c.draft.tokens)  # a Word document declares whose each word is


def test_a_docx_without_revisions_is_plain_text():
    w = load("plain.docx", data=make([[("t", "the cat sat")], [("t", "on the mat")]]))
    assert [t.layer for t in w.tokens] == ["typed"] * 6
    assert "without tracked changes" in w.notices[0].message and not w.hands


@pytest.mark.parametrize("damage", ["bad-xml", "entity", "no-document"])
def test_a_damaged_or_hostile_docx_is_one_line_error_or_reads_no_entity(damage):
    if damage == "no-document":
        import io
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("word/other.xml", "<x/>")
        with pytest.raises(InputError, match="zip archive"):
            load("x.docx", data=buf.getvalue())
        return
    data = make([[("t", "text")]])
    import io
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in src.namelist():
            body = src.read(name)
            if name == "word/document.xml":
                body = (b"<w:document><unclosed>" if damage == "bad-xml" else
                        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                        b"<w:body><w:p><w:r><w:t>a &x; b</w:t></w:r></w:p></w:body></w:document>")
            z.writestr(name, body)
    if damage == "bad-xml":
        with pytest.raises(InputError, match="not well-formed XML"):
            load("x.docx", data=out.getvalue())
    else:
        w = load("x.docx", data=out.getvalue())
        assert "root" not in w.source.text and [t.text for t in w.tokens] == ["a", "b"]


def test_the_command_line_refuses_a_pdf_in_one_line_and_reads_a_docx(tmp_path):
    import subprocess
    import sys

    pdf, docx, final = tmp_path / "d.pdf", tmp_path / "d.docx", tmp_path / "f.txt"
    pdf.write_bytes(b"%PDF-1.7\n\x00\x01binary")
    docx.write_bytes(DOCX)
    final.write_text("We shall have to reach a decision on the whole and urgent matter.\n")
    run = lambda *a: subprocess.run([sys.executable, "-m", "redline", "compare", *a], capture_output=True, text=True)
    bad = run(str(pdf), str(final))
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "pdftotext -layout" in bad.stderr
    good = run(str(docx), str(final), "-f", "text")
    assert good.returncode == 0 and "[-can no longer delay-]" in good.stdout
