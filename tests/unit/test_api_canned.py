"""REST of blueprints/api_canned.py: canned responses, personal and team."""

import pytest
from sqlalchemy import select

from kefu.extensions import db
from kefu.models import AuditEntry, CannedResponse

from .rest import bearer, count, login


@pytest.fixture
def people(client, make_agent):
    """Headers of two agents and an admin, and the agents themselves."""
    alice, bob, admin = make_agent(name="Alice"), make_agent(name="Bob"), make_agent(role="admin")
    headers = {
        who: bearer(login(client, agent).get_json()["access_token"])
        for who, agent in (("alice", alice), ("bob", bob), ("admin", admin))
    }
    return headers, {"alice": alice, "bob": bob, "admin": admin}


def create(client, headers, shortcut, content="Hello {{visitor.name}}!", scope=None):
    body = {"shortcut": shortcut, "content": content}
    if scope:
        body["scope"] = scope
    return client.post("/api/canned-responses", headers=headers, json=body)


def listed(client, headers):
    response = client.get("/api/canned-responses", headers=headers)
    assert response.status_code == 200
    return [(c["shortcut"], c["scope"]) for c in response.get_json()["data"]]


def test_agents_see_their_own_and_the_teams(client, people):
    """Each agent lists its personal responses and the team's, never another's."""
    headers, agents = people
    mine = create(client, headers["alice"], "hi")
    assert mine.status_code == 201
    body = mine.get_json()
    assert body["scope"] == "personal" and body["agent_id"] == agents["alice"].id
    assert body["content"] == "Hello {{visitor.name}}!"  # placeholders are stored as they are
    assert body["created_at"].endswith("Z") and body["updated_at"] == body["created_at"]
    create(client, headers["bob"], "bye")
    team = create(client, headers["admin"], "refund", "Refunds take {{agent.name}} 3 days.", "team")
    assert team.status_code == 201 and team.get_json()["agent_id"] is None
    assert listed(client, headers["alice"]) == [("hi", "personal"), ("refund", "team")]
    assert listed(client, headers["bob"]) == [("bye", "personal"), ("refund", "team")]
    assert listed(client, headers["admin"]) == [("refund", "team")]


def test_only_admins_write_team_responses(client, make_agent, people):
    """An agent or a supervisor asking for a team response gets 403, and nothing is stored."""
    headers, _ = people
    supervisor = bearer(login(client, make_agent(role="supervisor")).get_json()["access_token"])
    for who in (headers["alice"], supervisor):
        refused = create(client, who, "team-hi", scope="team")
        assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "forbidden"
    assert count(CannedResponse) == 0


def test_shortcuts_are_unique_per_owner_scope(client, people):
    """A shortcut is taken once per agent and once for the team, whatever its case; the
    same shortcut may exist in another owner's scope."""
    headers, _ = people
    assert create(client, headers["alice"], "Hi").status_code == 201
    duplicate = create(client, headers["alice"], "hi")
    assert duplicate.status_code == 409
    assert duplicate.get_json()["error"]["code"] == "duplicate_shortcut"
    assert create(client, headers["bob"], "hi").status_code == 201
    assert create(client, headers["admin"], "hi", scope="team").status_code == 201
    assert create(client, headers["admin"], "HI", scope="team").status_code == 409
    second = create(client, headers["alice"], "hello").get_json()
    renamed = client.patch(
        f"/api/canned-responses/{second['id']}", headers=headers["alice"], json={"shortcut": "HI"}
    )
    assert renamed.status_code == 409
    assert count(CannedResponse) == 4


BAD_BODIES = [
    ({"content": "x"}, "missing_field"),
    ({"shortcut": "hi"}, "missing_field"),
    ({"shortcut": "", "content": "x"}, "invalid_field"),
    ({"shortcut": "two words", "content": "x"}, "invalid_field"),
    ({"shortcut": "tab\there", "content": "x"}, "invalid_field"),
    ({"shortcut": "x" * 65, "content": "x"}, "invalid_field"),
    ({"shortcut": 5, "content": "x"}, "invalid_field"),
    ({"shortcut": "hi", "content": ""}, "invalid_field"),
    ({"shortcut": "hi", "content": "   "}, "invalid_field"),
    ({"shortcut": "hi", "content": "x" * 5001}, "invalid_field"),  # KEFU_MAX_MESSAGE_CHARS
    ({"shortcut": "hi", "content": "a\x00b"}, "invalid_field"),
    ({"shortcut": "hi", "content": "x", "scope": "global"}, "invalid_field"),
]


@pytest.mark.parametrize("body, code", BAD_BODIES, ids=[str(b)[:50] for b, _ in BAD_BODIES])
def test_bad_bodies_are_refused(client, people, body, code):
    """Each bad body answers 400 with its code and stores nothing."""
    headers, _ = people
    response = client.post("/api/canned-responses", headers=headers["alice"], json=body)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == code
    assert count(CannedResponse) == 0


def test_owner_and_admin_change_a_personal_response(client, people):
    """The owner and any admin may edit and delete; the edit moves updated_at."""
    headers, _ = people
    created = create(client, headers["alice"], "hi").get_json()
    url = f"/api/canned-responses/{created['id']}"
    edited = client.patch(url, headers=headers["alice"], json={"content": "Hi {{visitor.email}}"})
    assert edited.status_code == 200
    assert edited.get_json()["content"] == "Hi {{visitor.email}}"
    assert edited.get_json()["updated_at"] >= created["updated_at"]
    by_admin = client.patch(url, headers=headers["admin"], json={"shortcut": "hey"})
    assert by_admin.status_code == 200 and by_admin.get_json()["shortcut"] == "hey"
    assert by_admin.get_json()["agent_id"] == created["agent_id"]  # still Alice's
    assert client.delete(url, headers=headers["admin"]).status_code == 204
    assert count(CannedResponse) == 0


def test_someone_elses_personal_response_does_not_exist_for_an_agent(client, people):
    """Bob gets 404 for Alice's response, the same as for an id that was never used."""
    headers, _ = people
    created = create(client, headers["alice"], "hi").get_json()
    url = f"/api/canned-responses/{created['id']}"
    for response in (
        client.patch(url, headers=headers["bob"], json={"content": "mine now"}),
        client.delete(url, headers=headers["bob"]),
        client.delete("/api/canned-responses/999999", headers=headers["bob"]),
    ):
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "canned_response_not_found"
    stored = db.session.get(CannedResponse, created["id"], populate_existing=True)
    assert stored.content == created["content"]


def test_agents_cannot_change_team_responses(client, people):
    """A team response is visible to agents (so 403, not 404) but only admins change it."""
    headers, _ = people
    team = create(client, headers["admin"], "refund", scope="team").get_json()
    url = f"/api/canned-responses/{team['id']}"
    assert client.patch(url, headers=headers["alice"], json={"content": "x"}).status_code == 403
    assert client.delete(url, headers=headers["alice"]).status_code == 403
    assert client.patch(url, headers=headers["admin"], json={"content": "New"}).status_code == 200
    assert db.session.get(CannedResponse, team["id"], populate_existing=True).content == "New"


def test_every_change_is_audited(client, people):
    """Create, update and delete each leave an entry naming the agent; an edit that
    changes nothing leaves none."""
    headers, agents = people
    created = create(client, headers["alice"], "hi", "Hello").get_json()
    url = f"/api/canned-responses/{created['id']}"
    client.patch(url, headers=headers["alice"], json={"content": "Hello"})  # no change
    client.patch(url, headers=headers["alice"], json={"content": "Hello there"})
    client.delete(url, headers=headers["alice"])
    entries = list(
        db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action.like("canned_response.%"))
            .order_by(AuditEntry.id)
        )
    )
    assert [e.action for e in entries] == [
        "canned_response.created",
        "canned_response.updated",
        "canned_response.deleted",
    ]
    assert {(e.actor_id, e.target) for e in entries} == {
        (str(agents["alice"].id), f"canned_response:{created['id']}")
    }
    assert entries[1].details == {
        "scope": "personal",
        "changes": {"content": {"from": "Hello", "to": "Hello there"}},
    }


def test_api_keys_have_no_canned_responses(client, people):
    """Canned responses belong to agents: an API key is the wrong kind of credential."""
    from kefu.chat.apikeys import create_api_key

    _, key = create_api_key("crm")
    response = client.get("/api/canned-responses", headers=bearer(key))
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "token_wrong_kind"
