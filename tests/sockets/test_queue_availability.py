"""A visitor waiting in line hears at once whether anyone could answer (issue 20): when the
only agent steps away or its last socket closes, and when it is back. The widget then
offers the offline form instead of a wait estimate."""

from .conftest import acked, received

V, A = "/visitor", "/agent"


def answerable(visitor_sc):
    """`agents_available` of the newest `conversation` event the visitor received."""
    events = received(visitor_sc, V, "conversation")
    assert events, "the waiting visitor was told nothing"
    return events[-1]["agents_available"]


def test_a_waiting_visitor_hears_who_could_answer(
    make_agent, make_visitor, agent_token, visitor_token, socket_client
):
    agent = make_agent(max_concurrent=0)  # full: the visitor waits, yet the agent could answer
    agent_sc = socket_client(A, agent_token(agent))
    visitor_sc = socket_client(V, visitor_token(make_visitor()))
    ack = acked(visitor_sc, "message", {"client_id": "c1", "content": "anyone?"}, V)
    assert ack["ok"]
    assert answerable(visitor_sc) is True

    assert acked(agent_sc, "status", {"status": "away"}, A)["ok"]
    assert answerable(visitor_sc) is False

    assert acked(agent_sc, "status", {"status": "online"}, A)["ok"]
    assert answerable(visitor_sc) is True

    agent_sc.disconnect(A)
    assert answerable(visitor_sc) is False
