"""Settings changed through worker A are in force on worker B within 2 s, without a restart:
B's widget configuration shows the new texts, and a widget connected to B is told at once
(the `site` event crosses workers through Redis)."""

import pytest

from ..integration.clients import Peer, wait_until

pytestmark = pytest.mark.integration


def test_a_setting_changed_on_a_is_in_force_on_b_within_two_seconds(start_workers):
    a, b = start_workers(2)
    reply = b.api.expect("POST", "/api/visitor/auth", 200, json={})
    visitor = Peer(b.base_url, "/visitor", "visitor on B").connect({"token": reply["token"]})
    welcome = "Welcome, from worker A"
    try:
        assert b.api.expect("GET", "/api/widget/config", 200)["welcome_message"] != welcome
        a.api.expect(
            "PATCH",
            "/api/settings",
            200,
            token=a.admin.access_token,
            json={"widget": {"welcome_message": welcome, "color": "#0f766e"}},
        )
        wait_until(
            lambda: b.api.expect("GET", "/api/widget/config", 200)["welcome_message"] == welcome,
            timeout=2.0,  # the contract's bound; each worker's cache lives 1 s
            describe=lambda: "B's configuration to show A's change",
        )
        pushed = visitor.wait_for("site", lambda looks: looks["welcome_message"] == welcome)
        assert pushed["color"] == "#0f766e"
    finally:
        visitor.disconnect()
