"""Connections: the token decides the namespace; everything else is refused."""

import pytest

from kefu.state import ONLINE, current_state


def test_visitor_connects_with_its_token(make_visitor, visitor_token, socket_client):
    sc = socket_client("/visitor", visitor_token(make_visitor()))
    assert sc.is_connected("/visitor")


def test_agent_connect_sets_online(make_agent, agent_token, socket_client):
    agent = make_agent()
    sc = socket_client("/agent", agent_token(agent))
    assert sc.is_connected("/agent")
    assert current_state().agent_status(agent.id) == ONLINE


@pytest.mark.parametrize(
    "namespace, auth_kind",
    [
        ("/visitor", "none"),
        ("/visitor", "garbage"),
        ("/visitor", "agent"),
        ("/agent", "none"),
        ("/agent", "empty"),
        ("/agent", "visitor"),
        ("/agent", "refresh"),
        ("/agent", "not-a-dict"),
    ],
)
def test_refused_connects(
    app,
    make_agent,
    make_visitor,
    agent_token,
    visitor_token,
    refresh_token,
    socket_client,
    namespace,
    auth_kind,
):
    """A missing, malformed or wrong-kind token refuses the connection."""
    agent, visitor = make_agent(), make_visitor()
    auth = {
        "none": {},
        "empty": {"token": ""},
        "garbage": {"token": "not.a.jwt"},
        "agent": {"token": agent_token(agent)},
        "visitor": {"token": visitor_token(visitor)},
        "refresh": {"token": refresh_token(agent)},
        "not-a-dict": "token",
    }[auth_kind]
    sc = socket_client(namespace, auth=auth)
    assert not sc.is_connected(namespace)
    assert current_state().online_agent_ids() == set()


def test_token_of_a_deactivated_agent_is_refused(app, make_agent, agent_token, socket_client):
    from kefu.chat.agents import deactivate_agent

    agent = make_agent()
    token = agent_token(agent)
    deactivate_agent(agent.id)
    assert not socket_client("/agent", token).is_connected("/agent")


def test_last_socket_closing_makes_the_agent_offline(make_agent, agent_token, socket_client):
    agent = make_agent()
    first = socket_client("/agent", agent_token(agent))
    second = socket_client("/agent", agent_token(agent))
    first.disconnect("/agent")
    assert current_state().agent_status(agent.id) == ONLINE
    second.disconnect("/agent")
    assert current_state().agent_status(agent.id) == "offline"


def test_agent_may_reconnect_as_away(
    make_agent, make_visitor, agent_token, visitor_token, socket_client
):
    """A dashboard reconnecting during a break says so in auth: no chat is routed to it."""
    from kefu.state import AWAY

    agent = make_agent()
    sc = socket_client("/agent", auth={"token": agent_token(agent), "status": "away"})
    assert sc.is_connected("/agent") and current_state().agent_status(agent.id) == AWAY
    visitor_sc = socket_client("/visitor", visitor_token(make_visitor()))
    ack = visitor_sc.emit(
        "message", {"client_id": "c", "content": "hi"}, namespace="/visitor", callback=True
    )
    from kefu.extensions import db
    from kefu.models import Conversation

    assert db.session.get(Conversation, ack["message"]["conversation_id"]).status == "queued"
