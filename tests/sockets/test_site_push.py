"""An admin's change of the widget's looks reaches every connected widget at once (the
`site` event); other settings do not disturb visitors, and agents get nothing."""

from kefu.settings.schema import SettingsPatch
from kefu.settings.update import update_settings
from tests.factories import as_agent

from .conftest import received

V, A = "/visitor", "/agent"


def test_a_widget_change_is_pushed_to_every_visitor_and_only_them(
    make_agent, make_visitor, agent_token, visitor_token, socket_client
):
    admin = make_agent(role="admin")
    agent_sc = socket_client(A, agent_token(admin))
    first = socket_client(V, visitor_token(make_visitor()))
    second = socket_client(V, visitor_token(make_visitor()))
    for sc, namespace in ((agent_sc, A), (first, V), (second, V)):
        sc.get_received(namespace)

    update_settings(as_agent(admin), SettingsPatch(auto_close_minutes=30))
    assert received(first, V, "site") == []

    patch = {"color": "#0f766e", "position": "left", "welcome_message": "Hej!"}
    update_settings(as_agent(admin), SettingsPatch(widget=patch))
    for sc in (first, second):
        [looks] = received(sc, V, "site")
        assert {k: looks[k] for k in patch} == patch
        assert looks["prechat"] == {"enabled": False, "fields": []}
    assert received(agent_sc, A, "site") == []

    update_settings(as_agent(admin), SettingsPatch(widget=patch))  # no change: no event
    assert received(first, V, "site") == []
