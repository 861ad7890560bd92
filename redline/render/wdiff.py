"""``wdiff``/``dwdiff`` output: ``[-deleted-]`` and ``{+inserted+}`` around words, nothing else.

For tools and readers that know GNU wdiff's default marks (``wdiff -n`` style runs, a deletion
before the insertion that replaces it). The words are ``tracked.steps``: every draft word once,
every despatched word once, page furniture left out, so removing the ``{+…+}`` runs and the marks
gives the draft's words and removing the ``[-…-]`` runs gives the despatch's. Paragraphs are
separated by a blank line; no legend, no counts (the ``text`` format has those).
"""

from __future__ import annotations

from ..model import Comparison
from .tracked import steps

MARKS = {"common": ("", ""), "del": ("[-", "-]"), "ins": ("{+", "+}")}


def render(c: Comparison, **_: object) -> str:
    """The word diff as one string, ending with a line break.

    >>> from redline import compare_texts
    >>> print(render(compare_texts("we can no longer delay a decision", "we must reach a decision")), end="")
    we [-can no longer delay-] {+must reach+} a decision
    """
    paras: list[list[str]] = [[]]
    run: list[str] = []
    kind: str | None = None

    def close() -> None:
        if run and kind is not None:
            left, right = MARKS[kind]
            paras[-1].append(left + " ".join(run) + right)
            run.clear()

    for s in steps(c):
        if s.para or s.kind != kind:
            close()
            kind = s.kind
        if s.para and paras[-1]:
            paras.append([])
        run.append(s.text)
    close()
    return "\n\n".join(" ".join(p) for p in paras if p) + "\n"
