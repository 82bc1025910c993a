"""The OpenAPI document covers every JSON route the app registers."""

from kefu.openapi import documented_rules, openapi_path


def test_every_route_is_documented(app, client):
    document = client.get("/api/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    rules = documented_rules(app)
    assert len(rules) >= 20
    for rule in rules:
        path = openapi_path(rule)
        assert path in document["paths"], f"{rule.rule} is missing"
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            operation = document["paths"][path][method.lower()]
            assert operation["summary"], f"{method} {rule.rule} has no summary"


def test_contract_endpoints_are_present(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    for path in (
        "/api/visitor/auth",
        "/api/messages/history",
        "/api/agent/login",
        "/api/agent/refresh",
        "/api/me",
        "/api/conversations",
        "/api/conversations/{conversation_id}",
        "/api/conversations/{conversation_id}/messages",
        "/api/conversations/{conversation_id}/transfer",
        "/api/conversations/{conversation_id}/close",
        "/api/agents",
        "/api/agents/{agent_id}",
        "/api/skill-groups",
        "/api/skill-groups/{name}",
        "/healthz",
        "/readyz",
        "/api/openapi.json",
    ):
        assert path in paths, path
    body = paths["/api/conversations/{conversation_id}/messages"]["post"]["requestBody"]
    assert "client_id" in body["content"]["application/json"]["schema"]["properties"]
