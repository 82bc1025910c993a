"""The outbox publishes the emits put in it, in order, many to a message, and stays bounded."""

import threading

from kefu.sockets.fanout import outbox as outbox_module
from kefu.sockets.fanout.outbox import BATCH_METHOD, MAX_BATCH, Outbox, unpack


def started_threads():
    threads = []

    def start(task):
        thread = threading.Thread(target=task, daemon=True)
        threads.append(thread)
        thread.start()
        return thread

    return start, threads


def emits(count, start=0):
    return [{"method": "emit", "event": "message", "data": [n]} for n in range(start, count)]


def test_a_flush_publishes_everything_waiting_in_order_in_bounded_batches():
    published = []
    outbox = Outbox(published.append, "host-a", lambda task: None, threading.Event)
    for message in emits(MAX_BATCH + 3):
        outbox.put(message)
    outbox.flush()
    assert [len(m["emits"]) for m in published] == [MAX_BATCH, 3]
    assert all(m["method"] == BATCH_METHOD and m["host_id"] == "host-a" for m in published)
    # host_id last: the publisher's own listener recognises the message by its ending.
    assert all(list(m)[-1] == "host_id" for m in published)
    assert [e for m in published for e in unpack(m)] == emits(MAX_BATCH + 3)
    outbox.flush()
    assert len(published) == 2  # nothing was left to publish


def test_the_flushing_task_starts_once_and_publishes_what_is_put():
    published, arrived = [], threading.Event()

    def publish(message):
        published.append(message)
        if sum(len(m["emits"]) for m in published) == 50:
            arrived.set()

    start, threads = started_threads()
    outbox = Outbox(publish, "host-a", start, threading.Event)
    for message in emits(50):
        outbox.put(message)
    assert arrived.wait(5)
    assert len(threads) == 1
    assert [e for m in published for e in unpack(m)] == emits(50)


def test_a_failed_publish_does_not_end_the_flushing_task():
    published, calls, failed, arrived = [], [], threading.Event(), threading.Event()

    def publish(message):
        calls.append(message)
        if len(calls) == 1:
            failed.set()
            raise ConnectionError("redis away")
        published.append(message)
        arrived.set()

    start, threads = started_threads()
    outbox = Outbox(publish, "host-a", start, threading.Event)
    outbox.put(emits(1)[0])
    assert failed.wait(5)
    outbox.put(emits(2, start=1)[0])
    assert arrived.wait(5)
    assert [e for m in published for e in unpack(m)] == emits(2, start=1)
    assert threads[0].is_alive()


def test_a_full_outbox_drops_the_oldest(monkeypatch):
    monkeypatch.setattr(outbox_module, "MAX_WAITING", 5)
    published = []
    outbox = Outbox(published.append, "host-a", lambda task: None, threading.Event)
    for message in emits(8):
        outbox.put(message)
    outbox.flush()
    assert [e for m in published for e in unpack(m)] == emits(8, start=3)
