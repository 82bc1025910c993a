"""The settling loop (kefu/runtime/heap.py): a settle every interval, and sooner after a burst of
new objects, so no collection has to walk a whole second of a burst."""

import gc

import pytest

from kefu.runtime import heap as gcwatch


class Stop(Exception):
    pass


@pytest.fixture(autouse=True)
def _gc_callback_removed_afterwards():
    """watch_gc installs a callback for the life of the process; pytest's must not keep it
    (it would log pauses after the test run closed its streams)."""
    installed, interval = gcwatch._on_gc in gc.callbacks, gcwatch._interval[0]
    yield
    gcwatch._interval[0] = interval
    if not installed and gcwatch._on_gc in gc.callbacks:
        gc.callbacks.remove(gcwatch._on_gc)


def settle_times(monkeypatch, burst_at, until=2.5, interval=1.0):
    """Run keep_heap_settled on a fake clock; at `burst_at` seconds (None: never) the
    process makes 40,000 objects at once. Returns the fake times of the settles."""
    gcwatch.watch_gc()
    now, settles, kept = [0.0], [], []

    def settle():
        settles.append(round(now[0], 2))
        gcwatch._runs_since_settle[0] = 0  # what settle_heap does, without freezing pytest

    def sleep(seconds):
        now[0] = round(now[0] + seconds, 6)
        if now[0] == burst_at:
            kept.extend([] for _ in range(40_000))
        if now[0] > until:
            raise Stop

    monkeypatch.setattr(gcwatch, "settle_heap", settle)
    gcwatch._runs_since_settle[0] = 0
    with pytest.raises(Stop):
        gcwatch.keep_heap_settled(interval, sleep, clock=lambda: now[0])
    return settles


def test_a_quiet_process_settles_every_interval(monkeypatch):
    assert gc.isenabled()
    assert settle_times(monkeypatch, burst_at=None) == [1.0, 2.0]


def test_a_burst_of_objects_brings_the_settle_forward(monkeypatch):
    # The burst happens during the sleep that ends at 0.3 s; the check right after settles.
    assert settle_times(monkeypatch, burst_at=0.3) == [0.3, 1.3, 2.3]


def test_the_collector_runs_are_counted():
    gcwatch.watch_gc()
    before = gcwatch.young_objects()
    kept = [[] for _ in range(7_000)]
    assert gcwatch.young_objects() - before >= 6_300  # ~one run per 700 new objects
    assert len(kept) == 7_000
