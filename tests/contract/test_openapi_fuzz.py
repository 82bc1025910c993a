"""schemathesis against the OpenAPI document (issue 19): generated requests, valid and
not, to every operation, each sent as an admin, an agent and a visitor; no answer may be a
5xx, each must have the content type the document says, and each answer the document gives
a schema (every error: `{"error": {"code", "message"}}`) must match it.

In process (the app through WSGI) on a fresh SQLite database, with bounded, derandomized
examples so the run is the same every time and stays within a minute."""

import shutil
import tempfile

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)

from kefu import create_app
from kefu.chat import agents as agent_service
from kefu.chat.visitors import authenticate_visitor
from kefu.extensions import db
from kefu.schemas import VisitorAuthIn
from kefu.tokens import issue_agent_access_token, issue_visitor_token
from tests.factories import as_visitor, visitor_says

# Calls that would end the session the run uses (a password change revokes the caller's
# tokens; a deleted agent has none).
SPARED = {("PATCH", "/api/agents/{agent_id}"), ("DELETE", "/api/agents/{agent_id}")}
LIMITS_OFF = dict.fromkeys(
    (
        "RATE_LIMIT_MESSAGES",
        "RATE_LIMIT_LOGIN",
        "RATE_LIMIT_LOGIN_IP",
        "RATE_LIMIT_VISITOR_AUTH",
        "RATE_LIMIT_TRANSCRIPT_EMAIL",
    )
)

# The schema is read when the module is collected, so the app exists from then on.
WORKDIR = tempfile.mkdtemp(prefix="kefu-fuzz-")
APP = create_app(
    "testing",
    {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{WORKDIR}/kefu.db",
        "STORAGE_URL": f"file://{WORKDIR}/files",
        "IDENTITY_SECRET": "idsec",
        **LIMITS_OFF,
    },
)
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", APP)
TOKENS = {}


@pytest.fixture(scope="module", autouse=True)
def world():
    with APP.app_context():
        db.create_all()
        admin = agent_service.create_agent("admin@fuzz.example", "pw", "Admin", [], 5, "admin")
        agent = agent_service.create_agent("agent@fuzz.example", "pw", "Agent", ["g1"], 5, "agent")
        visitor, _ = authenticate_visitor(VisitorAuthIn(name="Fuzz", skill_group="g1"))
        visitor_says(as_visitor(visitor), "c1", "hello")
        TOKENS.update(
            admin=issue_agent_access_token(admin),
            agent=issue_agent_access_token(agent),
            visitor=issue_visitor_token(visitor.id)[0],
        )
        db.session.remove()
    yield
    with APP.app_context():
        db.engine.dispose()
    shutil.rmtree(WORKDIR, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_server_errors(case):
    if (case.method.upper(), case.path) in SPARED:
        pytest.skip("would end the run's own session")
    for token in TOKENS.values():  # the same request as each kind of caller
        case.call_and_validate(
            headers={"Authorization": f"Bearer {token}"},
            checks=[not_a_server_error, content_type_conformance, response_schema_conformance],
        )
