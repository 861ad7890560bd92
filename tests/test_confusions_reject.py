"""``variants._unbridgeable`` is an exact shortcut: ``confusions`` gives what the full edit distance gives."""

import random

import pytest

from redline import variants

WORDS = ["tlieu", "then", "wa3", "was", "1", "i", "a", "au", "all", "see", "fee", "rn", "m", "modem", "modern",
         "vvhen", "when", "iii", "ni", "he", "be", "bis", "his", "having", "living", "successive", "sucecssive",
         "nevertheless", "neverthelsss", "of", "to", "the", "and", "any", "not", "cl", "d", "il", "tl", "ri", "n",
         "u", "c", "e", "0", "o", "5", "s", "l", "in", "ll", "li", "h", "b", "w", "species", "speceies", "it's"]


def test_the_shortcut_changes_no_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(14)
    pairs = [(a, b) for a in WORDS for b in WORDS]
    letters = "abcdefhilmnorstuvw015'"
    pairs += [("".join(rng.choices(letters, k=rng.randint(1, 7))), "".join(rng.choices(letters, k=rng.randint(1, 7))))
              for _ in range(3000)]
    fast = [variants.confusions.__wrapped__(a, b, k) for a, b in pairs for k in (0, 1, 2)]
    monkeypatch.setattr(variants, "_unbridgeable", lambda a, b, allowed: False)
    full = [variants.confusions.__wrapped__(a, b, k) for a, b in pairs for k in (0, 1, 2)]
    assert fast == full
    assert sum(x is not None for x in full) > 100  # the pairs hold answers, not only rejections
