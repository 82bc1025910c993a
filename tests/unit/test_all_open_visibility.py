"""Who lists every agent's open conversations (All open): supervisors, admins and API keys
always; a plain agent its own only, unless an admin sets `workspace.agents_see_all_open`.
Seeing is reading: reassigning or writing to a colleague's conversation stays with
supervisors and admins whatever the setting (rows of test_authorization.py)."""

import pytest

from kefu.chat import apikeys
from kefu.chat.principals import Principal
from kefu.chat.visibility import require_can_follow, sees_all_open
from kefu.errors import Forbidden
from kefu.extensions import db
from kefu.models import AuditEntry
from kefu.settings import current_settings
from kefu.settings.schema import Settings, SettingsPatch
from tests.factories import as_visitor, visitor_says

from .rest import bearer, login


@pytest.fixture
def team(client, make_agent, make_visitor, online):
    """Ann holds an open chat, Bea holds none; a second visitor waits in the queue (nobody
    with its skill is online)."""
    ann, bea = make_agent(name="Ann", skills=["g1"]), make_agent(name="Bea", skills=["g2"])
    online(ann)
    held, _ = visitor_says(as_visitor(make_visitor(skill_group="g1")), "c1", "hi")
    waiting, _ = visitor_says(as_visitor(make_visitor(skill_group="g2")), "c2", "hello?")
    tokens = {
        "ann": login(client, ann).get_json()["access_token"],
        "bea": login(client, bea).get_json()["access_token"],
        "supervisor": login(client, make_agent(role="supervisor")).get_json()["access_token"],
        "admin": login(client, make_agent(role="admin")).get_json()["access_token"],
        "api_key": apikeys.create_api_key("crm")[1],
    }
    return tokens, held.conversation_id, waiting.conversation_id, bea


def listed(client, token, query="status=open"):
    answer = client.get(f"/api/conversations?{query}", headers=bearer(token))
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert body["total"] == len(body["data"])
    return [c["id"] for c in body["data"]]


def allow(client, tokens, allowed):
    answer = client.patch(
        "/api/settings",
        headers=bearer(tokens["admin"]),
        json={"workspace": {"agents_see_all_open": allowed}},
    )
    assert answer.status_code == 200
    assert answer.get_json()["workspace"] == {"agents_see_all_open": allowed}


def test_by_default_a_plain_agent_lists_only_its_own_open_conversations(client, team):
    tokens, held, waiting, _ = team
    assert listed(client, tokens["ann"]) == [held]
    assert listed(client, tokens["bea"]) == []
    for who in ("supervisor", "admin", "api_key"):
        assert listed(client, tokens[who]) == [held], who
    # The queue stays every agent's, and a search finds no colleague's open chat either.
    assert listed(client, tokens["bea"], "status=queued") == [waiting]
    assert listed(client, tokens["bea"], "") == [waiting]
    assert listed(client, tokens["bea"], "q=hi") == []


def test_the_setting_lets_agents_list_all_open_but_not_act_on_them(client, team):
    tokens, held, _, bea = team
    allow(client, tokens, True)
    assert listed(client, tokens["bea"]) == [held]
    assert listed(client, tokens["bea"], "q=hi") == [held]
    url = f"/api/conversations/{held}"
    assert client.get(url, headers=bearer(tokens["bea"])).status_code == 200
    assert client.get(url + "/messages", headers=bearer(tokens["bea"])).status_code == 200
    reassign = client.post(
        url + "/transfer", headers=bearer(tokens["bea"]), json={"agent_id": bea.id}
    )
    assert reassign.status_code == 403 and reassign.get_json()["error"]["code"] == "forbidden"
    wrote = client.post(
        url + "/messages", headers=bearer(tokens["bea"]), json={"client_id": "b", "content": "x"}
    )
    assert wrote.status_code == 403
    closed = client.post(url + "/close", headers=bearer(tokens["bea"]))
    assert closed.status_code == 403

    allow(client, tokens, False)
    assert listed(client, tokens["bea"]) == []


def test_supervisors_reassign_whatever_the_setting(client, team, make_agent, online):
    tokens, held, _, _ = team
    target = make_agent(skills=["g1"])
    online(target)
    moved = client.post(
        f"/api/conversations/{held}/transfer",
        headers=bearer(tokens["supervisor"]),
        json={"agent_id": target.id},
    )
    assert moved.status_code == 200 and moved.get_json()["agent"]["id"] == target.id


def test_the_rule_itself(app):
    """sees_all_open and require_can_follow, on plain objects."""

    class Open:
        id = 1
        status = "open"
        agent_id = 7

    class Queued:
        id = 2
        status = "queued"
        agent_id = None

    plain, holder = Principal("agent", 1, role="agent"), Principal("agent", 7, role="agent")
    supervisor = Principal("agent", 2, role="supervisor")
    assert not sees_all_open(plain) and sees_all_open(supervisor)
    assert sees_all_open(Principal("api_key", 1))
    require_can_follow(holder, Open)
    require_can_follow(supervisor, Open)
    require_can_follow(plain, Queued)
    with pytest.raises(Forbidden):
        require_can_follow(plain, Open)


def test_the_setting_defaults_off_is_audited_and_used_at_once(client, team):
    """Off by default; a change writes one settings.updated entry and this worker uses it
    at once (the others within the settings cache's second)."""
    tokens, _, _, _ = team
    assert Settings().workspace.agents_see_all_open is False
    got = client.get("/api/settings", headers=bearer(tokens["admin"])).get_json()
    assert got["workspace"] == {"agents_see_all_open": False}
    allow(client, tokens, True)
    assert current_settings().workspace.agents_see_all_open is True
    entries = db.session.query(AuditEntry).filter_by(action="settings.updated").all()
    assert [e.details for e in entries] == [
        {
            "changes": {
                "workspace": {
                    "from": {"agents_see_all_open": False},
                    "to": {"agents_see_all_open": True},
                }
            }
        }
    ]
    # null resets the section to its default (off).
    reset = client.patch("/api/settings", headers=bearer(tokens["admin"]), json={"workspace": None})
    assert reset.get_json()["workspace"] == {"agents_see_all_open": False}
    assert SettingsPatch.model_validate({"workspace": {}}).workspace.agents_see_all_open is None


def test_only_admins_change_it(client, team):
    tokens, _, _, _ = team
    body = {"workspace": {"agents_see_all_open": True}}
    for who in ("bea", "supervisor"):
        answer = client.patch("/api/settings", headers=bearer(tokens[who]), json=body)
        assert answer.status_code == 403, who
    assert current_settings().workspace.agents_see_all_open is False
