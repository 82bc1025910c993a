"""The cycle collector in a process that holds many long-lived connections.

A full collection walks every tracked object, and each idle socket is about a hundred of
them, so with many sockets a full collection stops every greenlet long enough to set the
tail latency of every message (docs/performance.md has the figures). A serving process keeps its
long-lived heap frozen (`gc.freeze()`: out of the collector's sight) and the collector
only ever walks what is young:

- every GC_FREEZE_SECONDS (1 s) it collects the objects made since the last freeze and
  freezes the survivors; and sooner when many were made (a burst of connections leaves
  tens of thousands of survivors, and a collection's cost grows with them): the settle
  runs as soon as about YOUNG_LIMIT objects were made, counted by the collector's own runs
  (one every 700 allocations), so no settle walks a whole second of a burst;
- a frozen object is still freed by reference counting when it dies; only a reference
  cycle that dies after being frozen would be kept for good. A closed connection leaves
  no cycle (kefu/patches/geventwebsocket.py, kefu/patches/engineio.py and
  kefu/eventcontext.py remove the ones the stack made); `GET /api/admin/runtime` reports
  the frozen count, and the soak benchmark (`python -m bench --only soak`) shows it flat
  under connection churn and messages.

Pauses are measured as Prometheus metrics.
"""

import gc
import logging
import time

from prometheus_client import Gauge, Histogram

PAUSE_BUCKETS = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0)
GC_PAUSE = Histogram(
    "kefu_gc_pause_seconds",
    "Garbage-collection pauses, by generation",
    ["generation"],
    buckets=PAUSE_BUCKETS,
)
# The same pauses in the process's CPU time: a pause far longer than its CPU time was the
# process waiting for a core (another process ran), not the collector walking objects.
GC_PAUSE_CPU = Histogram(
    "kefu_gc_pause_cpu_seconds",
    "CPU time of garbage-collection pauses, by generation",
    ["generation"],
    buckets=PAUSE_BUCKETS,
)
GC_PAUSE_MAX = Gauge("kefu_gc_pause_max_seconds", "Longest garbage-collection pause so far")

log = logging.getLogger(__name__)
SLOW_SECONDS = 0.05  # a pause this long is logged with what it walked
YOUNG_LIMIT = 28_000  # objects made since the last freeze that bring the next one forward
CHECK_SECONDS = 0.1  # how often the settling loop looks at that count
_ALLOCATIONS_PER_COLLECTION = 700  # gc's first threshold: a run every 700 allocations

_started = {}
_longest = [0.0]
_interval = [None]  # seconds between freezes, None when the heap is not kept frozen
_runs_since_settle = [0]  # automatic collections since the last settle


def _on_gc(phase, info):
    if phase == "start":
        _started["at"] = time.perf_counter()
        _started["cpu"] = time.thread_time()
        return
    began = _started.pop("at", None)
    if began is None:
        return
    _runs_since_settle[0] += 1
    pause = time.perf_counter() - began
    on_cpu = time.thread_time() - _started.pop("cpu")
    generation = str(info["generation"])
    GC_PAUSE.labels(generation).observe(pause)
    GC_PAUSE_CPU.labels(generation).observe(on_cpu)
    if pause >= SLOW_SECONDS:
        log.warning(
            "slow garbage collection: generation %s, %.0f ms (%.0f ms on the CPU), %s collected",
            info["generation"],
            pause * 1000,
            on_cpu * 1000,
            info["collected"],
        )
    if pause > _longest[0]:
        _longest[0] = pause
        GC_PAUSE_MAX.set(pause)


def watch_gc():
    """Start measuring collections in this process (once)."""
    if _on_gc not in gc.callbacks:
        gc.callbacks.append(_on_gc)


def settle_heap():
    """Collect what is not frozen yet (nothing that is garbage now gets frozen), then
    freeze the survivors. Atomic for greenlets: no switch happens in between."""
    gc.collect()
    gc.freeze()
    _runs_since_settle[0] = 0


def runtime_report():
    """The collector's state. Counting the frozen objects walks their whole list, which is
    why it is asked for here and is not a metric scraped every 15 s."""
    return {
        "frozen_objects": gc.get_freeze_count(),
        "young_counts": list(gc.get_count()),
        "pause_max_seconds": round(_longest[0], 6),
        "freezes_every_seconds": _interval[0],
    }


def young_objects():
    """About how many objects were made since the last settle (an upper bound on what the
    next collection walks)."""
    return _runs_since_settle[0] * _ALLOCATIONS_PER_COLLECTION


def keep_heap_settled(interval, sleep, clock=time.monotonic):
    """Settle the heap every `interval` seconds, or as soon as YOUNG_LIMIT objects were
    made, for the life of the process."""
    _interval[0] = interval
    due = clock() + interval
    while True:
        sleep(max(0.0, min(CHECK_SECONDS, due - clock())))
        if clock() >= due or young_objects() >= YOUNG_LIMIT:
            settle_heap()
            due = clock() + interval
