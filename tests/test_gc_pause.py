"""A comparison pauses the cyclic garbage collector and leaves it as it found it."""

from __future__ import annotations

import gc

from redline.api import compare

DRAFT = "samples/002_6107bf163eec2d22.txt:83-111"
FINAL = "samples/002_6107bf163eec2d22.txt:1-33"


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
