"""With ``Options(pause_gc=True)`` (the CLI's choice) a comparison pauses the cyclic garbage collector
and leaves it as it found it; a library call by default does not touch it at all."""

from __future__ import annotations

import gc
from functools import partial

from redline.api import Options, compare as library_compare

DRAFT = "samples/002_6107bf163eec2d22.txt:83-111"
FINAL = "samples/002_6107bf163eec2d22.txt:1-33"
compare = partial(library_compare, options=Options(pause_gc=True))


def test_a_library_call_leaves_the_collector_alone(monkeypatch):
    calls: list[str] = []
    for name in ("disable", "freeze", "unfreeze", "collect"):
        monkeypatch.setattr(gc, name, lambda *a, _n=name: calls.append(_n))
    library_compare(DRAFT, FINAL)
    assert calls == [] and gc.isenabled()


def test_the_pause_changes_no_result_and_no_resume_key():
    assert Options(pause_gc=True) == Options() and repr(Options(pause_gc=True)) == repr(Options())
    a, b = library_compare(DRAFT, FINAL), compare(DRAFT, FINAL)
    assert [(e.id, e.kind) for e in a.edits] == [(e.id, e.kind) for e in b.edits]


def test_the_collector_is_enabled_again_and_nothing_is_left_frozen():
    assert gc.isenabled()
    compare(DRAFT, FINAL)
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_caller_that_disabled_the_collector_keeps_it_disabled():
    gc.disable()
    try:
        compare(DRAFT, FINAL)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_objects_a_caller_froze_stay_frozen():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        compare(DRAFT, FINAL)
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_the_comparison_leaves_no_young_objects_to_scan_and_no_cyclic_garbage():
    compare(DRAFT, FINAL)  # warm: imports and caches
    gc.collect()  # whatever cyclic garbage the process holds already
    c = compare(DRAFT, FINAL)
    assert gc.get_count()[0] < 700  # what the comparison made is not waiting in the young generation
    del c
    assert gc.collect() == 0  # and a full collection finds no cycles it left behind


def test_a_loop_of_comparisons_and_reports_keeps_the_old_generation_flat():
    from redline.render import renderer

    html = renderer("html")

    def one() -> None:
        c = compare(DRAFT, FINAL)
        html(c)  # rendering makes cyclic garbage of its own, outside the pause

    for _ in range(5):
        one()
    old = len(gc.get_objects(2))
    for _ in range(30):
        one()
    assert len(gc.get_objects(2)) < old + 500  # nothing piles up where no collection looks often
