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


def test_a_pause_spent_waiting_for_a_core_is_told_from_the_collectors_own(monkeypatch):
    """A collection that took 30 ms by the clock but almost no CPU time (the process was
    preempted) counts over 20 ms by the clock and under it by CPU time."""
    from prometheus_client import REGISTRY

    def over_20ms(name):
        total = REGISTRY.get_sample_value(f"{name}_count", {"generation": "0"}) or 0
        within = REGISTRY.get_sample_value(f"{name}_bucket", {"generation": "0", "le": "0.02"})
        return total - (within or 0)

    before = over_20ms("kefu_gc_pause_seconds"), over_20ms("kefu_gc_pause_cpu_seconds")
    clock = iter([100.0, 100.03])
    monkeypatch.setattr(gcwatch.time, "perf_counter", lambda: next(clock))
    monkeypatch.setattr(gcwatch.time, "thread_time", lambda: 5.0)
    gc.disable()  # no real collection may read the fake clocks
    try:
        gcwatch._on_gc("start", {"generation": 0})
        gcwatch._on_gc("stop", {"generation": 0, "collected": 0})
    finally:
        gc.enable()
    after = over_20ms("kefu_gc_pause_seconds"), over_20ms("kefu_gc_pause_cpu_seconds")
    assert (after[0] - before[0], after[1] - before[1]) == (1, 0)
