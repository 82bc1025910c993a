"""gevent cooperation: a database call that waits does not stall the rest of the process."""

import time
from contextlib import closing

import pytest
import requests

from .clients import new_client_id, wait_until

pytestmark = pytest.mark.integration

HOLD_SECONDS = 3.0  # how long the test holds the row lock
PROMPT_SECONDS = 1.5  # what "promptly" means for work that does not need that row

SQLITE_REASON = (
    "SQLite runs in embedded mode (one process) and the sqlite3 driver cannot yield to "
    "gevent while it waits, so a blocked SQLite call would block by design"
)


def test_a_slow_database_call_does_not_block_other_connections(
    server, make_agent, make_visitor, connect
):
    """While a message waits on a row lock inside the server, /healthz and a complete round
    trip in another conversation finish promptly; the waiting message is acknowledged, with
    the next seq, once the lock is released."""
    if server.database.kind == "sqlite":
        pytest.skip(SQLITE_REASON)
    database = server.database
    blocked_agent, free_agent = make_agent(), make_agent()
    blocked_desk, free_desk = connect(blocked_agent), connect(free_agent)
    blocked_tab = connect(make_visitor(skill_group=blocked_agent.skill))
    free_tab = connect(make_visitor(skill_group=free_agent.skill))

    opening = blocked_tab.say("about to wait")
    blocked_desk.wait_for_message(opening["id"])
    locked_conversation = opening["conversation_id"]
    free_first = free_tab.say("another conversation")
    free_desk.wait_for_message(free_first["id"])
    free_conversation = free_first["conversation_id"]

    with closing(database.connect()) as holder, closing(database.monitor()) as monitor:
        cursor = holder.cursor()
        cursor.execute(
            "SELECT id FROM conversations WHERE id = %s FOR UPDATE", (locked_conversation,)
        )
        assert list(cursor.fetchall()) == [(locked_conversation,)]
        locked_at = time.monotonic()

        pending = blocked_tab.call_async(
            "message", {"client_id": new_client_id(), "content": "I wait for the lock"}
        )
        wait_until(
            lambda: database.waiting_for_lock_count(monitor) >= 1,
            timeout=10,
            describe=lambda: "the server never waited on the locked conversation row",
        )

        started = time.monotonic()
        try:
            health = server.api.get("/healthz", timeout=HOLD_SECONDS + 2)
        except requests.RequestException as exc:
            raise AssertionError(f"/healthz hung while the row was locked: {exc}") from None
        health_seconds = time.monotonic() - started
        assert health.status_code == 200

        started = time.monotonic()
        question = free_tab.say("is anyone blocked?")
        free_desk.wait_for_message(question["id"], timeout=5)
        answer = free_desk.say("not me", conversation_id=free_conversation)
        free_tab.wait_for_message(answer["id"], timeout=5)
        round_trip_seconds = time.monotonic() - started
        assert (question["seq"], answer["seq"]) == (2, 3)

        assert not pending.done(), f"acked while the row was locked: {pending.result()}"
        time.sleep(max(0.0, HOLD_SECONDS - (time.monotonic() - locked_at)))
        assert not pending.done(), f"acked while the row was locked: {pending.result()}"
        assert database.waiting_for_lock_count(monitor) >= 1
        releasing_at = time.monotonic()
        holder.rollback()

    ack = pending.result(timeout=10)
    assert ack["ok"] is True, ack
    assert ack["message"]["seq"] == 2
    assert ack["message"]["conversation_id"] == locked_conversation
    assert pending.acked_at >= releasing_at
    blocked_desk.wait_for_message(ack["message"]["id"])
    assert health_seconds < PROMPT_SECONDS, f"/healthz took {health_seconds:.2f}s"
    assert round_trip_seconds < PROMPT_SECONDS, f"round trip took {round_trip_seconds:.2f}s"
