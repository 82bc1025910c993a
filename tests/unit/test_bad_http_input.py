"""Bad HTTP input a fuzzer found answered 500: each is now a 4xx in the contract's envelope
and changes nothing."""

import pytest
from sqlalchemy import func, select

from kefu.extensions import db
from kefu.models import Conversation, Message, Visitor

from .rest import bearer, login

TOO_BIG = 2**63  # one past a signed 64-bit column
DEEP = "[" * 10_000 + "]" * 10_000


def rows():
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Conversation, Message, Visitor)
    )


@pytest.fixture
def admin_headers(client, make_agent):
    admin = make_agent(role="admin")
    return bearer(login(client, admin).get_json()["access_token"])


@pytest.mark.parametrize(
    "method, path, body, status, code",
    [
        ("GET", f"/api/conversations/{TOO_BIG}", None, 404, "not_found"),
        ("GET", f"/api/conversations/{10**30}/messages", None, 404, "not_found"),
        ("GET", f"/api/conversations?page={TOO_BIG}", None, 400, "invalid_paging"),
        ("GET", f"/api/conversations/1/messages?after_seq={TOO_BIG}", None, 400, "invalid_paging"),
        ("POST", "/api/conversations/1/transfer", {"agent_id": 10**30}, 400, "invalid_field"),
        ("PATCH", f"/api/agents/{TOO_BIG}", {"name": "x"}, 404, "not_found"),
        ("POST", "/api/skill-groups", DEEP, 400, "invalid_json"),
    ],
)
def test_staff_requests(client, admin_headers, method, path, body, status, code):
    before = rows()
    options = {"data": body, "content_type": "application/json"} if isinstance(body, str) else {}
    if isinstance(body, dict):
        options = {"json": body}
    response = client.open(path, method=method, headers=admin_headers, **options)
    assert response.status_code == status, response.get_data(as_text=True)
    if code is not None:
        assert response.get_json()["error"]["code"] == code
    assert rows() == before


@pytest.mark.parametrize(
    "body, status, code",
    [
        ({"user_id": "u1", "user_hash": "é" * 64}, 401, "invalid_user_hash"),
        ({"name": "Ann\x00"}, 400, "invalid_field"),
        ({"page_url": "https://shop.example/\ud800"}, 400, "invalid_field"),
        (DEEP, 400, "invalid_json"),
    ],
)
def test_visitor_auth(client, body, status, code):
    before = rows()
    if isinstance(body, str):
        response = client.post("/api/visitor/auth", data=body, content_type="application/json")
    else:
        response = client.post("/api/visitor/auth", json=body)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.get_json()["error"]["code"] == code
    assert rows() == before
