"""GET /api/audit-log (admin) and the entries written by agent and API key changes: in the
change's own transaction, newest first, never a password or a key."""

import json

import pytest
from sqlalchemy import select

from kefu.chat import audit
from kefu.extensions import db
from kefu.models import AuditEntry

from .rest import bearer, count, login


@pytest.fixture
def admin(client, make_agent):
    agent = make_agent(role="admin", name="Ada", password="admin-pw")
    return agent, bearer(login(client, agent, "admin-pw").get_json()["access_token"])


def log(client, headers, query=""):
    response = client.get("/api/audit-log" + query, headers=headers)
    assert response.status_code == 200
    return response.get_json()


def test_agent_changes_are_logged_without_passwords(client, admin):
    """Creating, renaming, promoting, re-passwording and deactivating an agent each leave an
    entry by the admin; no password appears anywhere in the log."""
    ada, headers = admin
    created = client.post(
        "/api/agents",
        headers=headers,
        json={"email": "carl@example.com", "password": "s3cret-pw", "name": "Carl"},
    ).get_json()
    url = f"/api/agents/{created['id']}"
    client.patch(url, headers=headers, json={"name": "Carl C", "max_concurrent": 3})
    client.patch(url, headers=headers, json={"role": "supervisor", "password": "n3w-pw"})
    client.delete(url, headers=headers)
    body = log(client, headers)
    mine = [e for e in body["data"] if e["target"] == f"agent:{created['id']}"]
    assert [e["action"] for e in mine] == [
        "agent.deactivated",
        "agent.password_changed",
        "agent.role_changed",
        "agent.updated",
        "agent.created",
    ]
    assert all(e["actor"] == {"type": "agent", "id": str(ada.id), "name": "Ada"} for e in mine)
    by_action = {e["action"]: e["details"] for e in mine}
    assert by_action["agent.role_changed"] == {"from": "agent", "to": "supervisor"}
    assert by_action["agent.updated"] == {
        "changes": {
            "name": {"from": "Carl", "to": "Carl C"},
            "max_concurrent": {"from": 5, "to": 3},
        }
    }
    assert by_action["agent.created"]["email"] == "carl@example.com"
    assert by_action["agent.password_changed"] is None
    text = json.dumps(body)
    assert "s3cret-pw" not in text and "n3w-pw" not in text and "password_hash" not in text


def test_api_key_changes_are_logged_without_the_key(client, admin):
    """Creating and revoking a key are logged by name; the key itself never is, and
    revoking a revoked key logs nothing more."""
    _, headers = admin
    created = client.post("/api/api-keys", headers=headers, json={"name": "CRM"}).get_json()
    client.delete(f"/api/api-keys/{created['id']}", headers=headers)
    client.delete(f"/api/api-keys/{created['id']}", headers=headers)
    entries = [e for e in log(client, headers)["data"] if e["target"] == f"api_key:{created['id']}"]
    assert [(e["action"], e["details"]) for e in entries] == [
        ("api_key.revoked", {"name": "CRM"}),
        ("api_key.created", {"name": "CRM"}),
    ]
    assert created["key"] not in json.dumps(entries)


def test_a_refused_change_leaves_no_entry(client, admin):
    """An entry is written in the change's transaction: no change, no entry."""
    _, headers = admin
    before = count(AuditEntry)
    bad_role = client.post(
        "/api/agents",
        headers=headers,
        json={"email": "x@example.com", "password": "pw", "name": "X", "role": "root"},
    )
    assert bad_role.status_code == 400
    missing = client.patch("/api/agents/999999", headers=headers, json={"name": "Nobody"})
    assert missing.status_code == 404
    assert count(AuditEntry) == before


def test_the_log_is_paged_newest_first(client, admin):
    """page/per_page as every list; total counts every entry."""
    _, headers = admin
    for n in range(5):
        client.post("/api/api-keys", headers=headers, json={"name": f"key {n}"})
    total = count(AuditEntry)
    first = log(client, headers, "?per_page=2")
    second = log(client, headers, "?page=2&per_page=2")
    assert (first["total"], first["page"], first["per_page"]) == (total, 1, 2)
    assert [e["details"]["name"] for e in first["data"]] == ["key 4", "key 3"]
    assert [e["details"]["name"] for e in second["data"]] == ["key 2", "key 1"]
    assert first["data"][0]["id"] > first["data"][1]["id"] > second["data"][0]["id"]
    assert set(first["data"][0]) == {"id", "at", "actor", "action", "target", "details"}
    assert first["data"][0]["at"].endswith("Z")
    bad = client.get("/api/audit-log?per_page=101", headers=headers)
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "invalid_paging"


def test_the_command_line_is_the_system(app):
    """Changes made without a principal (kefu create-agent, kefu demo) are the system's."""
    from kefu.chat.agents import create_agent

    agent = create_agent("cli@example.com", "pw", "Cli")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.target == f"agent:{agent.id}"))
    assert audit.audit_entry_dict(entry)["actor"] == {"type": "system", "id": None, "name": None}


def test_record_drops_secret_keys_at_any_depth(app):
    """Whatever a caller passes, keys named like secrets never reach the log."""
    entry = audit.record(
        None,
        "test.done",
        "x",
        {"password": "p", "nested": {"key": "k", "kept": 1}, "list": [{"token": "t"}]},
    )
    assert entry.details == {"nested": {"kept": 1}, "list": [{}]}
    db.session.rollback()
