"""Helpers for namespace tests: a visitor and an agent connected through the test client."""

import pytest

from kefu.tokens import issue_agent_refresh_token


def acked(sc, event, payload, namespace):
    return sc.emit(event, payload, namespace=namespace, callback=True)


def _payload(packet):
    # The test client keeps the payload of events named "message" unwrapped.
    if packet["name"] in ("message", "json"):
        return packet["args"]
    return packet["args"][0] if packet["args"] else None


def received(sc, namespace, name=None):
    """Payloads the client received since the last call (optionally one event's only)."""
    return [
        _payload(packet)
        for packet in sc.get_received(namespace)
        if name is None or packet["name"] == name
    ]


@pytest.fixture
def pair(make_agent, make_visitor, agent_token, visitor_token, socket_client):
    """An online agent and a connected visitor whose conversation is assigned to it."""

    def build(**visitor_fields):
        agent = make_agent()
        agent_sc = socket_client("/agent", agent_token(agent))
        visitor = make_visitor(**visitor_fields)
        visitor_sc = socket_client("/visitor", visitor_token(visitor))
        return agent, agent_sc, visitor, visitor_sc

    return build


@pytest.fixture
def refresh_token(app):
    return lambda agent: issue_agent_refresh_token(agent)
