"""A visitor and an agent talking through containers: the agent made by `kefu create-agent`
inside a container, the sockets through whatever URL the caller gives each side."""

import secrets

import requests

from ..integration.clients import Peer


def create_agent(podman, container, skill):
    """`kefu create-agent` run inside `container`; return (email, password)."""
    email, password = f"agent-{secrets.token_hex(4)}@check.example", secrets.token_hex(8)
    podman.run(
        "exec", container, "kefu", "create-agent",
        "--email", email, "--password", password, "--name", "Check Agent", "--skills", skill,
    )  # fmt: skip
    return email, password


def agent_peer(url, email, password):
    """Log the agent in over HTTP and connect its /agent socket."""
    reply = requests.post(
        url + "/api/agent/login", json={"email": email, "password": password}, timeout=10
    )
    assert reply.status_code == 200, reply.text
    return Peer(url, "/agent", "agent").connect({"token": reply.json()["access_token"]})


def visitor_token(url, skill):
    reply = requests.post(url + "/api/visitor/auth", json={"skill_group": skill}, timeout=10)
    assert reply.status_code == 200, reply.text
    return reply.json()["token"]


def visitor_peer(url, token):
    return Peer(url, "/visitor", "visitor").connect({"token": token})


def exchange(visitor, agent, text):
    """The visitor says `text`, the agent hears it and answers, the visitor hears the answer;
    return the conversation id."""
    said = visitor.say(text)
    agent.wait_for_message(said["id"])
    answer = agent.say(f"re: {text}", conversation_id=said["conversation_id"])
    visitor.wait_for_message(answer["id"])
    return said["conversation_id"]
