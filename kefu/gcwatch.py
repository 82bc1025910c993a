"""Garbage-collection pauses as Prometheus metrics: a full collection over many long-lived
connection objects stops every greenlet, so its length is the floor of tail latency."""

import gc
import time

from prometheus_client import Gauge, Histogram

GC_PAUSE = Histogram(
    "kefu_gc_pause_seconds",
    "Garbage-collection pauses, by generation",
    ["generation"],
    buckets=(0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0),
)
GC_PAUSE_MAX = Gauge("kefu_gc_pause_max_seconds", "Longest garbage-collection pause so far")

_started = {}
_longest = [0.0]


def _on_gc(phase, info):
    if phase == "start":
        _started["at"] = time.perf_counter()
        return
    began = _started.pop("at", None)
    if began is None:
        return
    pause = time.perf_counter() - began
    GC_PAUSE.labels(str(info["generation"])).observe(pause)
    if pause > _longest[0]:
        _longest[0] = pause
        GC_PAUSE_MAX.set(pause)


def watch_gc():
    """Start measuring collections in this process (once)."""
    if _on_gc not in gc.callbacks:
        gc.callbacks.append(_on_gc)


def settle_heap():
    """Move everything allocated so far (modules, the app, compiled statements) out of the
    collector's sight: it lives as long as the process, and full collections no longer
    rescan it. Only objects made before the call are frozen, so nothing a connection or a
    request allocates later can leak through this."""
    gc.collect()
    gc.freeze()
