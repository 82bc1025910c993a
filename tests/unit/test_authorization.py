"""Who may call what: every REST operation of the OpenAPI document and every socket event
against every kind of credential, from none to a revoked token. A route or an event added
later without a row here fails `test_every_operation_has_a_row` (or its socket twin).

An outcome is "ok" (neither 401 nor 403: the request got past authorization, whatever it
then answered), 401 or 403. Denied credentials go first, so what the allowed ones change
(a close, a delete) cannot hide a refusal."""

import base64
import json
from datetime import timedelta

import pytest
from flask_jwt_extended import create_access_token
from sqlalchemy import update

from kefu.chat import apikeys, attachments, canned, webhooks
from kefu.chat.credentials import user_hash
from kefu.extensions import db, socketio
from kefu.models import Agent, OutboxEvent, WebhookDelivery
from kefu.openapi import build_document
from kefu.timeutil import utcnow
from kefu.tokens import issue_agent_access_token, issue_agent_refresh_token, issue_visitor_token
from tests.factories import as_agent, as_visitor, visitor_says
from tests.images import png_bytes

BAD = ("none", "expired", "tampered", "alg_none", "wrong_kind", "revoked")
PRINCIPALS = (
    *BAD,
    "visitor",
    "other_visitor",
    "agent_other",
    "agent",
    "supervisor",  # sees and acts on every conversation; no administration
    "api_key",
    "admin",
)
OK = "ok"
HOLDERS_OF_TOKENS = (
    "visitor",
    "other_visitor",
    "agent_other",
    "agent",
    "supervisor",
    "api_key",
    "admin",
)


def expect(allowed=(), forbidden=(), unauthorized_default=401):
    """{principal: outcome}: the allowed ones "ok", the forbidden ones 403, the rest 401."""
    table = dict.fromkeys(PRINCIPALS, unauthorized_default)
    table.update(dict.fromkeys(forbidden, 403))
    table.update(dict.fromkeys(allowed, OK))
    return table


ANYONE = dict.fromkeys(PRINCIPALS, OK)
VISITOR = expect(allowed=("visitor", "other_visitor"))
ADMIN = expect(allowed=("admin",), forbidden=("agent", "agent_other", "supervisor"))
ADMIN_OR_KEY = expect(
    allowed=("admin", "api_key"), forbidden=("agent", "agent_other", "supervisor")
)
AGENT = expect(allowed=("agent", "agent_other", "supervisor", "admin"))
STAFF = expect(allowed=("agent", "agent_other", "supervisor", "admin", "api_key"))
HOLDER = expect(allowed=("agent", "supervisor", "admin", "api_key"), forbidden=("agent_other",))
READERS = expect(allowed=("supervisor", "admin"), forbidden=("agent", "agent_other"))
REFRESH = expect(allowed=("wrong_kind",))  # a refresh token is the right kind here only
HISTORY = expect(
    allowed=("visitor", "agent", "agent_other", "supervisor", "admin", "api_key"),
    forbidden=("other_visitor",),
)

# (method, OpenAPI path) -> expected outcome per principal
REST = {
    ("post", "/api/visitor/auth"): ANYONE,
    ("post", "/api/agent/login"): ANYONE,
    ("post", "/api/agent/refresh"): REFRESH,
    ("get", "/api/me"): AGENT,
    ("get", "/api/messages/history"): HISTORY,
    ("post", "/api/attachments"): expect(allowed=(*HOLDERS_OF_TOKENS,)),
    ("get", "/api/attachments/{attachment_id}"): HISTORY,
    ("patch", "/api/visitor/me"): VISITOR,
    ("get", "/api/reports/summary"): READERS,
    ("get", "/api/reports/export.csv"): READERS,
    ("post", "/api/visitor/offline-message"): VISITOR,
    ("get", "/api/visitor/transcript"): VISITOR,
    ("post", "/api/visitor/transcript/email"): VISITOR,
    ("get", "/api/conversations"): STAFF,
    ("get", "/api/conversations/{conversation_id}"): STAFF,
    ("get", "/api/conversations/{conversation_id}/messages"): STAFF,
    ("post", "/api/conversations/{conversation_id}/messages"): HOLDER,
    ("post", "/api/conversations/{conversation_id}/transfer"): HOLDER,
    ("post", "/api/conversations/{conversation_id}/close"): HOLDER,
    ("post", "/api/conversations/{conversation_id}/pick"): AGENT,
    ("get", "/api/agents"): ADMIN,
    ("get", "/api/agents/directory"): AGENT,
    ("post", "/api/agents"): ADMIN,
    ("patch", "/api/agents/{agent_id}"): ADMIN,
    ("delete", "/api/agents/{agent_id}"): ADMIN,
    ("get", "/api/skill-groups"): READERS,
    ("post", "/api/skill-groups"): ADMIN,
    ("delete", "/api/skill-groups/{name}"): ADMIN,
    ("get", "/api/api-keys"): ADMIN,
    ("post", "/api/api-keys"): ADMIN,
    ("delete", "/api/api-keys/{key_id}"): ADMIN,
    ("patch", "/api/visitors/{visitor_id}"): ADMIN_OR_KEY,
    ("patch", "/api/users/{user_id}"): ADMIN_OR_KEY,
    ("get", "/api/admin/runtime"): ADMIN,
    ("get", "/api/settings"): ADMIN,
    ("patch", "/api/settings"): ADMIN,
    ("get", "/api/settings/identity-secret"): ADMIN,
    ("post", "/api/settings/identity-secret"): ADMIN,
    ("get", "/api/audit-log"): ADMIN,
    ("get", "/api/widget/config"): ANYONE,
    ("get", "/api/canned-responses"): AGENT,
    ("post", "/api/canned-responses"): AGENT,
    # A team response: every agent sees it, only admins change it.
    ("patch", "/api/canned-responses/{canned_id}"): ADMIN,
    ("delete", "/api/canned-responses/{canned_id}"): ADMIN,
    ("get", "/api/webhooks"): ADMIN,
    ("post", "/api/webhooks"): ADMIN,
    ("get", "/api/webhooks/{webhook_id}"): ADMIN,
    ("patch", "/api/webhooks/{webhook_id}"): ADMIN,
    ("delete", "/api/webhooks/{webhook_id}"): ADMIN,
    ("get", "/api/webhooks/{webhook_id}/deliveries"): ADMIN,
    ("post", "/api/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver"): ADMIN,
    ("post", "/api/webhooks/{webhook_id}/test"): ADMIN,
    ("get", "/api/openapi.json"): ANYONE,
    ("get", "/healthz"): ANYONE,
    ("get", "/readyz"): ANYONE,
    ("get", "/metrics"): ANYONE,  # development and tests; production: KEFU_METRICS_TOKEN
}

BODIES = {
    ("post", "/api/visitor/auth"): {},
    ("post", "/api/agent/login"): {"email": "{login_email}", "password": "pw"},
    ("post", "/api/conversations/{conversation_id}/messages"): {"client_id": "m", "content": "hi"},
    ("post", "/api/conversations/{conversation_id}/transfer"): {"skill_group": "g1"},
    ("post", "/api/agents"): {"email": "new@example.com", "password": "pw", "name": "New"},
    ("patch", "/api/agents/{agent_id}"): {"name": "Renamed"},
    ("post", "/api/skill-groups"): {"name": "g2"},
    ("post", "/api/api-keys"): {"name": "another"},
    ("patch", "/api/visitors/{visitor_id}"): {"priority": 1},
    ("patch", "/api/users/{user_id}"): {"priority": 1},
    ("patch", "/api/settings"): {"widget": {"color": "#123456"}},
    ("post", "/api/canned-responses"): {"shortcut": "hi", "content": "Hello"},
    ("patch", "/api/canned-responses/{canned_id}"): {"content": "Hi"},
    ("post", "/api/webhooks"): {"url": "http://127.0.0.1:9/hook", "events": ["message.created"]},
    ("patch", "/api/webhooks/{webhook_id}"): {"events": ["note.created"]},
}


def _unsigned(token):
    """The token's claims re-sent with `alg: none` and no signature."""
    header = base64.urlsafe_b64encode(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    return header.decode().rstrip("=") + "." + token.split(".")[1] + "."


@pytest.fixture
def world(app, make_agent, make_visitor, online, sink):
    """Everyone of the table, and the things the routes name."""
    agent, other, admin = make_agent(skills=["g1"]), make_agent(), make_agent(role="admin")
    target, revoked = make_agent(), make_agent()
    online(agent)
    visitor = make_visitor(
        skill_group="g1", user_id="user-1", user_hash=user_hash("idsec", "user-1")
    )
    message, _ = visitor_says(as_visitor(visitor), "c1", "hello")
    upload = attachments.upload(as_visitor(visitor), "photo.png", png_bytes())
    visitor_says(as_visitor(visitor), "c2", "", msg_type="file", attachment_id=upload.id)
    revoked_token = issue_agent_access_token(revoked)
    db.session.execute(update(Agent).where(Agent.id == revoked.id).values(token_version=1))
    db.session.commit()
    _, key = apikeys.create_api_key("integration")
    doomed_key, _ = apikeys.create_api_key("doomed")
    team_reply = canned.create_canned(as_agent(admin), "thanks", "Thank you!", "team")
    hook, delivery = _webhook_with_a_delivery(app)
    agent_token = issue_agent_access_token(agent)
    tokens = {
        "none": None,
        "expired": create_access_token(
            identity=str(agent.id),
            additional_claims={"kind": "agent", "ver": 0},
            expires_delta=timedelta(seconds=-10),
        ),
        "tampered": agent_token[:-2] + ("AA" if not agent_token.endswith("AA") else "BB"),
        "alg_none": _unsigned(agent_token),
        "wrong_kind": issue_agent_refresh_token(agent),
        "revoked": revoked_token,
        "visitor": issue_visitor_token(visitor.id)[0],
        "other_visitor": issue_visitor_token(make_visitor().id)[0],
        "agent_other": issue_agent_access_token(other),
        "api_key": key,
        "agent": agent_token,
        "admin": issue_agent_access_token(admin),
        "supervisor": issue_agent_access_token(make_agent(role="supervisor")),
    }
    names = {
        "conversation_id": message.conversation_id,
        "agent_id": target.id,
        "name": "g1",
        "key_id": doomed_key.id,
        "visitor_id": visitor.id,
        "user_id": "user-1",
        "login_email": other.email,
        "canned_id": team_reply.id,
        "attachment_id": upload.id,
        "webhook_id": hook,
        "delivery_id": delivery,
    }
    return tokens, names


def _webhook_with_a_delivery(app):
    """A webhook to a loopback receiver (allowed for the test) with one logged delivery."""
    app.config["WEBHOOK_ALLOW_PRIVATE"] = True
    hook, _ = webhooks.create_webhook(None, "http://127.0.0.1:9/hook", ["message.created"])
    event = OutboxEvent(uid="evt_1", type="message.created", body="{}", created_at=utcnow())
    db.session.add(event)
    db.session.flush()
    delivery = WebhookDelivery(
        webhook_id=hook.id,
        outbox_id=event.id,
        event_id="evt_1",
        event_type="message.created",
        status="failed",
        attempts=1,
        first_attempt_at=utcnow(),
    )
    db.session.add(delivery)
    db.session.commit()
    return hook.id, delivery.id


def call(client, method, path, token, names):
    url = path.format(**names)
    if path == "/api/messages/history":
        url += f"?visitor_id={names['visitor_id']}"
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    body = BODIES.get((method, path))
    if body is not None:
        body = {
            key: value.format(**names) if isinstance(value, str) else value
            for key, value in body.items()
        }
    return client.open(url, method=method.upper(), headers=headers, json=body)


def outcome(status):
    return status if status in (401, 403) else OK


def test_every_operation_has_a_row(app):
    """Every operation the OpenAPI document lists is in REST, and nothing else is."""
    document = build_document()
    operations = {(method, path) for path, item in document["paths"].items() for method in item}
    assert operations == set(REST)


@pytest.mark.parametrize("operation", list(REST), ids=lambda op: f"{op[0]} {op[1]}")
def test_rest_authorization(client, world, operation):
    tokens, names = world
    method, path = operation
    seen = {
        who: outcome(call(client, method, path, tokens[who], names).status_code)
        for who in PRINCIPALS
    }
    assert seen == REST[operation]


# --- sockets ------------------------------------------------------------------------------

V, A = "/visitor", "/agent"
CONNECT = {
    V: expect(allowed=("visitor", "other_visitor")),
    A: expect(allowed=("agent", "agent_other", "supervisor", "admin")),
}
# Events of connected sockets: (namespace, event) -> {principal: outcome}; only principals
# that may connect to the namespace appear. A refusal is an ack with ok false and code
# forbidden (403) or a token error (401).
SOCKET_EVENTS = {
    (V, "message"): {"visitor": OK, "other_visitor": OK},
    (V, "typing"): {"visitor": OK, "other_visitor": OK},
    (V, "read"): {"visitor": OK, "other_visitor": OK},  # their own conversation, if any
    (V, "sync"): {"visitor": OK, "other_visitor": OK},
    (V, "rate"): {"visitor": OK, "other_visitor": 403},
    (A, "message"): {"agent": OK, "supervisor": OK, "admin": OK, "agent_other": 403},
    (A, "typing"): {"agent": OK, "supervisor": OK, "admin": OK, "agent_other": 403},
    (A, "read"): {"agent": OK, "supervisor": OK, "admin": OK, "agent_other": 403},
    (A, "sync"): {"agent": OK, "supervisor": OK, "admin": OK, "agent_other": OK},
    (A, "status"): {"agent": OK, "supervisor": OK, "admin": OK, "agent_other": OK},
    (A, "pick"): {"agent": OK, "supervisor": OK, "admin": OK, "agent_other": OK},
    (A, "transfer"): {"agent_other": 403, "agent": OK, "supervisor": OK, "admin": OK},
    (A, "close"): {"agent_other": 403, "agent": OK, "supervisor": OK, "admin": OK},
    # Following a colleague's open chat: overseers, or every agent when an admin allows it
    # (test_all_open_visibility.py has the setting on).
    (A, "watch"): {"agent": OK, "supervisor": OK, "admin": OK, "agent_other": 403},
}
SOCKET_PAYLOADS = {
    "message": lambda c: {"conversation_id": c, "client_id": "s1", "content": "hi"},
    "typing": lambda c: {"conversation_id": c, "typing": True},
    "read": lambda c: {"conversation_id": c, "seq": 1},
    "sync": lambda c: {"conversation_id": c, "after_seq": 0},
    "rate": lambda c: {"conversation_id": c, "score": 5},
    "status": lambda c: {"status": "online"},
    "pick": lambda c: {"conversation_id": c},
    "transfer": lambda c: {"conversation_id": c, "skill_group": "g1"},
    "close": lambda c: {"conversation_id": c},
    "watch": lambda c: {"conversation_id": c},
}
ERROR_OUTCOMES = {"forbidden": 403, "token_revoked": 401, "token_invalid": 401}


def test_every_socket_event_has_a_row():
    """Every event handler of both namespaces is in SOCKET_EVENTS."""
    from kefu.sockets.agent import AgentNamespace
    from kefu.sockets.visitor import VisitorNamespace

    handled = {
        (namespace, name[3:])
        for namespace, kind in ((V, VisitorNamespace), (A, AgentNamespace))
        for name in dir(kind)
        if name.startswith("on_") and name not in ("on_connect", "on_disconnect")
    }
    assert handled == set(SOCKET_EVENTS)


@pytest.mark.parametrize("namespace", [V, A])
def test_socket_connect_authorization(app, world, namespace):
    tokens, _ = world
    seen = {}
    for who in PRINCIPALS:
        client = socketio.test_client(app, namespace=namespace, auth={"token": tokens[who]})
        seen[who] = OK if client.is_connected(namespace) else 401
        if client.is_connected(namespace):
            client.disconnect(namespace)
    assert seen == CONNECT[namespace]


@pytest.mark.parametrize("event", list(SOCKET_EVENTS), ids=lambda e: f"{e[0]} {e[1]}")
def test_socket_event_authorization(app, world, event):
    tokens, names = world
    namespace, name = event
    seen = {}
    for who in SOCKET_EVENTS[event]:
        client = socketio.test_client(app, namespace=namespace, auth={"token": tokens[who]})
        payload = SOCKET_PAYLOADS[name](names["conversation_id"])
        ack = client.emit(name, payload, namespace=namespace, callback=True)
        client.disconnect(namespace)
        code = (ack or {}).get("error", {}).get("code") if isinstance(ack, dict) else None
        seen[who] = ERROR_OUTCOMES.get(code, OK)
    assert seen == SOCKET_EVENTS[event]
