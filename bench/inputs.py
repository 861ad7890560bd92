"""The benchmark inputs: sample pairs, the dec88 pair repeated, two long unrelated texts, and real revisions.

Each input is a ``Case``: two texts (the exact bytes redline reads) plus their word
counts. Every tool gets the same two texts; redline parses the markup, the peers
get the plain text with the markup stripped (see ``plain``).
"""

from __future__ import annotations

import random
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
"""The development corpus, beside the project (``../shared/corpus/``): the real-revision cases read it."""
_MARKUP = re.compile(r"~~|<sup>|</sup>|\*\*?|^#+ ", re.M)


@dataclass(frozen=True, slots=True)
class Case:
    """One benchmark input.

    name: row label (``dec88``, ``dec88x68``, ``unrelated``...).
    draft, final: the two texts, as redline reads them (markup and all).
    words: whitespace-separated words, draft + final.
    """

    name: str
    draft: str
    final: str

    @property
    def words(self) -> int:
        return len(self.draft.split()) + len(self.final.split())


def plain(text: str) -> str:
    """The text without transcription marks, for the peers that do not read them."""
    return _MARKUP.sub("", text)


def _lines(file: str, first: int, last: int) -> str:
    lines = (SAMPLES / file).read_text(encoding="utf-8").splitlines(keepends=True)
    text = "".join(lines[first - 1 : last])
    return text if text.endswith("\n") else text + "\n"


def pair(pid: str) -> Case:
    """A pair from ``samples/pairs.toml`` by its id."""
    manifest = tomllib.loads((SAMPLES / "pairs.toml").read_text(encoding="utf-8"))
    for p in manifest["pair"]:
        if p["id"] == pid:
            d, f = p["draft"], p["final"]
            return Case(pid, _lines(d["file"], *d["lines"]), _lines(f["file"], *f["lines"]))
    raise KeyError(pid)


def repeated(base: Case, k: int) -> Case:
    """Draft and despatch each concatenated ``k`` times."""
    return Case(f"{base.name}x{k}", base.draft * k, base.final * k)


def repeats_for(base: Case, words: int) -> int:
    """How many repeats of ``base`` make about ``words`` words (draft + final)."""
    return max(1, round(words / base.words))


def unrelated(words_each: int, seed: int = 1988) -> Case:
    """Two long texts with little in common: the worst case for a diff.

    Side A is built from the paragraphs of files 000, 003 and 004, side B from 001
    and 002, each shuffled by paragraph and repeated until it has ``words_each``
    words. Common English words still match, but no long run does.
    """
    rnd = random.Random(seed)

    def side(files: list[str]) -> str:
        paras = [p for f in files for p in (SAMPLES / f).read_text(encoding="utf-8").split("\n\n") if p.strip()]
        out: list[str] = []
        n = 0
        while n < words_each:
            rnd.shuffle(paras)
            for p in paras:
                out.append(p)
                n += len(p.split())
                if n >= words_each:
                    break
        return "\n\n".join(out) + "\n"

    a = side(["000_570edd33cf41b241.txt", "003_054629436d30e112.txt", "004_7b809fd8ed01e65c.txt"])
    b = side(["001_2bcad8b2cf3253a8.txt", "002_6107bf163eec2d22.txt"])
    return Case(f"unrelated{round(words_each / 1000)}k", a, b)


EDITIONS = ("1859", "1860", "1861", "1866", "1869", "1872")
"""The six editions of Darwin's chapter in the corpus, in order."""


class CorpusMissing(FileNotFoundError):
    """A real-revision case needs the development corpus, and it is not there."""


def _corpus(path: str) -> str:
    f = CORPUS / path
    if not f.is_file():
        raise CorpusMissing(f"bench: {f} not found: the real-revision cases (darwin…, julian) read the development "
                            "corpus from ../shared/corpus/ beside the project; leave them out with --cases")
    return f.read_text(encoding="utf-8")


def _darwin(year: str) -> str:
    return _corpus(f"darwin/darwin_origin_ch1_{year}.txt")


def darwin(first: str, last: str) -> Case:
    """One Darwin edition against a later one (``darwin1859-1872``): a real revision, 13 years of it."""
    return Case(f"darwin{first}-{last}", _darwin(first), _darwin(last))


def darwin_editions(words_each: int) -> Case:
    """Each Darwin edition against the next, one after another, until the draft has about ``words_each`` words.

    The draft is 1859, 1860, 1861, 1866, 1869, 1859, 1860 …; the despatch is the same list shifted by one
    edition (1860, 1861, 1866, 1869, 1872, 1860 …), so every chapter meets its own next edition: real
    revisions at the scale of a book, not one pair repeated.
    """
    pairs = list(zip(EDITIONS, EDITIONS[1:]))
    texts = {y: _darwin(y) for y in EDITIONS}
    draft: list[str] = []
    final: list[str] = []
    size = {y: len(t.split()) for y, t in texts.items()}
    n = k = 0
    while not draft or abs(n + size[pairs[k % len(pairs)][0]] - words_each) < abs(n - words_each):  # the nearest count
        a, b = pairs[k % len(pairs)]
        draft.append(texts[a])
        final.append(texts[b])
        n += size[a]
        k += 1
    return Case(f"darwin{round(words_each / 1000)}k", "\n".join(draft), "\n".join(final))


def julian() -> Case:
    """Mitford's *Julian*: the licensing manuscript of 1823 (with its marked strikes and insertions)
    against the printed text of 1823."""
    return Case("julian", _corpus("julian/ms_1823_licensing.txt"), _corpus("julian/print_1823.txt"))


def series(name: str) -> str:
    """The series a case belongs to, for the runner's caps: ``dec88x63`` → ``dec88``, ``darwin150k`` →
    ``darwin``, ``unrelated50k`` → ``unrelated``; a single pair is a series of its own. A tool's time on
    one series says little about another (difflib is far slower on unrelated texts than on a revision).

    >>> series("dec88x63"), series("dec88"), series("darwin150k"), series("darwin1859-1872")
    ('dec88', 'dec88', 'darwin', 'darwin1859-1872')
    """
    return re.sub(r"(x\d+|(?<=\D)\d+k)$", "", name)


def samples() -> Case:
    """The sample archive files, for the tools that take a folder (``redline survey``): the texts are
    there only for the word count."""
    return Case("samples", "".join(f.read_text(encoding="utf-8") for f in sorted(SAMPLES.glob("*.txt"))), "")


def case(name: str) -> Case:
    """Rebuild a case from its row label: ``dec88``, ``dec88x63``, ``unrelated50k``, ``darwin1859-1872``,
    ``darwin150k``, ``julian``.

    >>> case("dec88x2").words == 2 * case("dec88").words
    True
    """
    m = re.fullmatch(r"unrelated(\d+)k", name)
    if m:
        return unrelated(int(m[1]) * 1000)
    m = re.fullmatch(r"darwin(\d{4})-(\d{4})", name)
    if m:
        return darwin(m[1], m[2])
    m = re.fullmatch(r"darwin(\d+)k", name)
    if m:
        return darwin_editions(int(m[1]) * 1000)
    if name == "julian":
        return julian()
    if name == "samples":
        return samples()
    m = re.fullmatch(r"(\w+?)x(\d+)", name)
    if m:
        return repeated(pair(m[1]), int(m[2]))
    return pair(name)
