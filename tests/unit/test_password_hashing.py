"""Password hashing leaves the gevent loop in a serving process (kefu/chat/credentials.py)."""

import threading

from kefu.chat import credentials


def test_hashing_runs_in_the_thread_pool_when_serving_on_gevent(monkeypatch):
    threads = []

    def record(value):
        threads.append(threading.get_ident())
        return value

    monkeypatch.setattr(credentials.monkey, "is_module_patched", lambda name: True)
    assert credentials.off_the_loop(record, 7) == 7
    monkeypatch.setattr(credentials.monkey, "is_module_patched", lambda name: False)
    assert credentials.off_the_loop(record, 8) == 8
    here = threading.get_ident()
    assert threads[0] != here and threads[1] == here


def test_a_password_still_verifies_through_the_pool(monkeypatch):
    monkeypatch.setattr(credentials.monkey, "is_module_patched", lambda name: True)
    stored = credentials._fast_hasher.hash("correct horse")
    assert credentials.verify_password(stored, "correct horse") is True
    assert credentials.verify_password(stored, "wrong") is False
    assert credentials.verify_password(None, "anything") is False
