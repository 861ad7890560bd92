"""Write ``redline/data/wordfreq_en.tsv``, the English word list redline ships, from wordfreq.

Run by a maintainer, once, when the list should change (it has not since wordfreq 3.1, whose data
is frozen: upstream is no longer updated): ``pip install '.[maintainer]'`` then
``python tools/build_wordlist.py``. redline itself never imports wordfreq; ``redline.lexicon``
reads the file this writes.

The file holds wordfreq's whole "large" English list (``large_en.msgpack.gz``, what
``wordfreq.zipf_frequency(word, "en")`` reads), nothing cut: every threshold redline applies
(``lexicon.COMMON``, ``variants.WORD_LIKE``, the gap ``variants.OCR_GAP`` between two common
words, and "never seen" for ``lexicon.non_word``, which needs the rarest words too) gives the same
answer as with wordfreq. Re-encoded as text, one word a line in byte order, it needs no msgpack
to read and is not compressed (3.9 MB; 1.45 MB in the wheel, which is a zip): ``redline.lexicon``
finds a word by bisecting the file's bytes, so a comparison that asks a few words reads it in under
a millisecond, where decompressing and splitting it first took 50 ms of a sample pair's 0.2 s.

The output is reproducible: the same wordfreq gives the same bytes.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "redline" / "data" / "wordfreq_en.tsv"

HEADER = """\
# English word frequencies for redline.lexicon: wordfreq {version}'s "large" English list
# (data/large_en.msgpack.gz), every entry, re-encoded as text by tools/build_wordlist.py.
# Source: wordfreq by Robyn Speer, https://github.com/rspeer/wordfreq (Zenodo doi:10.5281/zenodo.7199437),
# built with Exquisite Corpus from Wikipedia, subtitles (OPUS OpenSubtitles 2018, SUBTLEX-US and -UK by
# Marc Brysbaert et al., freely available data), news (NewsCrawl 2014, GlobalVoices), books (Google Books
# Ngrams 2012, http://books.google.com/ngrams), web text (OSCAR), Twitter and Reddit (as wordfreq's README lists them).
# Licence of this data: Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0),
# https://creativecommons.org/licenses/by-sa/4.0/ (wordfreq's code is Apache-2.0; redline's code is MIT).
# Format: after these lines, one line a word, "word<TAB>centibels", the words case-folded as wordfreq
# stores them and in the byte order of their UTF-8 (code point order). A word's frequency is
# 10 ** (-centibels / 100): the Zipf frequency is about 9 - centibels / 100 (see redline/lexicon.py).
"""


def build() -> bytes:
    import msgpack
    import wordfreq
    from importlib.metadata import version

    packed = (Path(wordfreq.__file__).parent / "data" / "large_en.msgpack.gz").read_bytes()
    data = msgpack.unpackb(gzip.decompress(packed), raw=False)
    if data[0] != {"format": "cB", "version": 1}:
        raise SystemExit(f"build_wordlist: unknown wordfreq list format {data[0]!r}")
    found: dict[bytes, int] = {}
    for cb, words in enumerate(data[1:]):
        for w in words:
            b = w.encode("utf-8")
            if not w or any(ch.isspace() for ch in w) or b in found:
                raise SystemExit(f"build_wordlist: cannot store {w!r} (band {cb})")
            found[b] = cb
    body = b"".join(b"%b\t%d\n" % (w, found[w]) for w in sorted(found))
    return HEADER.format(version=version("wordfreq")).encode("utf-8") + body


def main() -> None:
    blob = build()
    OUT.write_bytes(blob)
    print(f"{OUT}: {len(blob):,} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
