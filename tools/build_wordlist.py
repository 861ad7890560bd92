"""Write ``redline/data/wordfreq_en.txt.gz``, the English word list redline ships, from wordfreq.

Run by a maintainer, once, when the list should change (it has not since wordfreq 3.1, whose data
is frozen: upstream is no longer updated): ``pip install '.[maintainer]'`` then
``python tools/build_wordlist.py``. redline itself never imports wordfreq; ``redline.lexicon``
reads the file this writes.

The file holds wordfreq's whole "large" English list (``large_en.msgpack.gz``, what
``wordfreq.zipf_frequency(word, "en")`` reads), nothing cut: every threshold redline applies
(``lexicon.COMMON``, ``variants.WORD_LIKE``, the gap ``variants.OCR_GAP`` between two common
words, and "never seen" for ``lexicon.non_word``, which needs the rarest words too) gives the same
answer as with wordfreq. Re-encoded as text, it is smaller than wordfreq's own file (1.33 MB
against 1.49 MB) and needs no msgpack to read.

The output is reproducible: the same wordfreq gives the same bytes (gzip with no time stamp).
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "redline" / "data" / "wordfreq_en.txt.gz"

HEADER = """\
# English word frequencies for redline.lexicon: wordfreq {version}'s "large" English list
# (data/large_en.msgpack.gz), every entry, re-encoded as text by tools/build_wordlist.py.
# Source: wordfreq by Robyn Speer, https://github.com/rspeer/wordfreq (Zenodo doi:10.5281/zenodo.7199437),
# built with Exquisite Corpus from Wikipedia, subtitles (OPUS OpenSubtitles 2018, SUBTLEX-US and -UK by
# Marc Brysbaert et al., freely available data), news (NewsCrawl 2014, GlobalVoices), books (Google Books
# Ngrams 2012, http://books.google.com/ngrams), web text (OSCAR), Twitter and Reddit (as wordfreq's README lists them).
# Licence of this data: Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0),
# https://creativecommons.org/licenses/by-sa/4.0/ (wordfreq's code is Apache-2.0; redline's code is MIT).
# Format: after these lines, one line per frequency band, "centibels<TAB>words separated by spaces",
# words in code point order, case-folded as wordfreq stores them. A word's frequency is
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
    lines = [HEADER.format(version=version("wordfreq"))]
    seen: set[str] = set()
    for cb, words in enumerate(data[1:]):
        if not words:
            continue
        for w in words:
            if not w or any(ch.isspace() for ch in w) or w in seen:
                raise SystemExit(f"build_wordlist: cannot store {w!r} (band {cb})")
            seen.add(w)
        lines.append(f"{cb}\t{' '.join(sorted(words))}\n")
    return gzip.compress("".join(lines).encode("utf-8"), compresslevel=9, mtime=0)


def main() -> None:
    blob = build()
    OUT.write_bytes(blob)
    print(f"{OUT}: {len(blob):,} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
