"""``render.json``'s partners, made from the links' columns, are ``_partners``'s: first and every one."""

from __future__ import annotations

from operator import attrgetter

from redline.api import compare_texts
from redline.render.json import _first_partners, _partners


def test_first_partners_agree_with_partners_on_both_sides():
    # ``No-10`` / ``NO.`` ``10``: a draft word with two partners; ``to day`` / ``today``: a final one
    c = compare_texts("Sent from No-10 to day, twice to day and No-10 again.", "Sent from NO. 10 today, twice today and NO. 10 again.")
    drafts, finals = [list(map(attrgetter(side), c.alignment.links)) for side in ("draft", "final")]
    for side, (mine, other) in enumerate([(drafts, finals), (finals, drafts)]):
        first, several = _first_partners(mine, other)
        partners = _partners(c, side)
        assert first == {i: p[0] for i, p in partners.items()}
        assert several == {i: p for i, p in partners.items() if len(p) > 1}
    assert any(len(p) > 1 for p in _partners(c, 0).values())
