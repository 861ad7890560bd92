"""``render.json``'s partners, read off the alignment's maps of first links, are ``_partners``'s: first and every one."""

from __future__ import annotations

from redline.api import compare_texts
from redline.render.json import _partners, _several_partners


def test_first_partners_agree_with_partners_on_both_sides():
    # ``No-10`` / ``NO.`` ``10``: a draft word with two partners; ``to day`` / ``today``: a final one
    c = compare_texts("Sent from No-10 to day, twice to day and No-10 again.", "Sent from NO. 10 today, twice today and NO. 10 again.")
    maps = c.alignment.draft_map(), c.alignment.final_map()
    for side in (0, 1):
        partners = _partners(c, side)
        first = {i: link.draft if side else link.final for i, link in maps[side].items()}
        assert first == {i: p[0] for i, p in partners.items()}
        assert _several_partners(c, side) == {i: p for i, p in partners.items() if len(p) > 1}
        assert any(len(p) > 1 for p in partners.values())
