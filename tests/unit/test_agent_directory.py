"""GET /api/agents/directory: the colleague directory every agent reads for transfers."""

from kefu.chat import agents as agent_service

from .rest import bearer, login


def test_any_agent_reads_status_load_and_skills_but_nothing_private(client, make_agent, online):
    """A plain agent gets every active colleague with live status, load and skills, and the
    skill groups; no email or role, and a deactivated agent is not listed."""
    from kefu.state import current_state

    me = make_agent(skills=["sales"])
    busy = make_agent(skills=["billing"], max_concurrent=3)
    away = make_agent()
    gone = make_agent()
    online(busy, away)
    current_state().set_away(away.id, True)
    agent_service.deactivate_agent(gone.id)

    token = login(client, me).get_json()["access_token"]
    body = client.get("/api/agents/directory", headers=bearer(token)).get_json()

    listed = {a["id"]: a for a in body["data"]}
    assert gone.id not in listed
    assert listed[busy.id] == {
        "id": busy.id,
        "name": busy.name,
        "status": "online",
        "load": 0,
        "max_concurrent": 3,
        "skills": ["billing"],
    }
    assert listed[away.id]["status"] == "away"
    assert listed[me.id]["status"] == "offline"
    assert all(set(a) == set(listed[busy.id]) for a in body["data"])
    assert {"billing", "sales"} <= set(body["skill_groups"])


def test_the_directory_needs_an_agent_token(client, make_visitor, visitor_token):
    """A visitor's token is refused."""
    token = visitor_token(make_visitor())
    response = client.get("/api/agents/directory", headers=bearer(token))
    assert response.status_code in (401, 403)
