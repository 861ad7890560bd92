"""``evidence.of`` takes a short cut for a witness with neither furniture nor a layer but ``typed``:
it gives what gathering the evidence from every token gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from redline import evidence
from redline.model import new_token

TOKENS = st.lists(st.tuples(st.sampled_from(["typed", "typed", "hand", "struck", "inserted"]), st.booleans(),
                            st.sampled_from([None, None, "classification", "envelope", "page-number", "serial"]),
                            st.sampled_from(["SECRET", "word", "Secret"])), max_size=12)


@given(TOKENS)
def test_of_gives_the_evidence_gathered_from_every_token(rows):
    tokens = [new_token(k, text, text.lower(), k, k + 1, k // 3 + 1, 1, layer, inferred, why, 0, None)
              for k, (layer, inferred, why, text) in enumerate(rows)]
    reasons = {k: t.furniture for k, t in enumerate(tokens) if t.furniture}
    assert evidence.of(tokens) == evidence.gather(tokens, reasons, [t.display for t in tokens])


@given(st.integers(0, evidence.PROBE + 3), TOKENS)
def test_of_gives_the_evidence_gathered_whether_or_not_its_first_tokens_look_plain(plain, rows):
    """``of`` guesses by its first ``PROBE`` tokens which way to read a witness: a plain start (a book's,
    or a typescript's that shows its marks later) and a marked one give the evidence of every token."""
    rows = [("typed", False, None, "word")] * plain + rows
    tokens = [new_token(k, text, text.lower(), k, k + 1, k // 3 + 1, 1, layer, inferred, why, 0, None)
              for k, (layer, inferred, why, text) in enumerate(rows)]
    reasons = {k: t.furniture for k, t in enumerate(tokens) if t.furniture}
    assert evidence.of(tokens) == evidence.gather(tokens, reasons, [t.display for t in tokens])
