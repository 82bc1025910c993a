"""REST of blueprints/api_widget.py: GET /api/widget/config, with no token."""

import pytest

from kefu.chat import agents as agent_service
from kefu.settings import update_settings
from kefu.settings.schema import SettingsPatch
from kefu.state import current_state

ALWAYS = {
    "timezone": "UTC",
    "weekly": {d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
}
NEVER = {"timezone": "UTC", "weekly": {}}


def configure(**fields):
    update_settings(None, SettingsPatch.model_validate(fields))


def config(client, query=""):
    response = client.get("/api/widget/config" + query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_defaults_with_nobody_online(client):
    """No settings and no agent: the widget's defaults, within hours, nobody online."""
    assert config(client) == {
        "online": False,
        "within_hours": True,
        "welcome_message": "",
        "offline_message": "",
        "reply_time": None,
        "color": "#2563eb",
        "position": "right",
        "prechat": {"enabled": False, "fields": []},
        "skill_groups": [],
        "upload": {
            "max_bytes": 10 * 1024 * 1024,
            "types": ["png", "jpeg", "gif", "webp", "pdf", "txt", "csv", "docx", "xlsx", "zip"],
        },
        "max_message_chars": 5000,
    }


def test_online_needs_an_online_agent(client, make_agent, online):
    """An agent with a connected socket makes the widget online; away does not count."""
    agent = make_agent()
    online(agent)
    assert config(client)["online"] is True
    current_state().set_away(agent.id, True)
    assert config(client)["online"] is False


def test_online_needs_business_hours_too(client, make_agent, online):
    """Outside business hours the widget is offline even with agents online."""
    online(make_agent())
    configure(business_hours=NEVER)
    closed = config(client)
    assert (closed["online"], closed["within_hours"]) == (False, False)
    configure(business_hours=ALWAYS)
    opened = config(client)
    assert (opened["online"], opened["within_hours"]) == (True, True)


def test_group_online_follows_the_groups_agents(client, make_agent, online):
    """?skill_group= adds group_online: an online agent holding that skill."""
    make_agent(skills=["billing"])  # offline
    online(make_agent(skills=["sales"]))
    assert "group_online" not in config(client)
    assert config(client, "?skill_group=sales")["group_online"] is True
    billing = config(client, "?skill_group=billing")
    assert (billing["online"], billing["group_online"]) == (True, False)
    configure(business_hours=NEVER)
    assert config(client, "?skill_group=sales")["group_online"] is False


def test_group_online_with_the_skill_fallback(app, client, make_agent, online):
    """With the skill-group fallback on, any online agent would get the conversation."""
    make_agent(skills=["billing"])
    online(make_agent(skills=["sales"]))
    app.config["SKILL_FALLBACK_SECONDS"] = 30
    assert config(client, "?skill_group=billing")["group_online"] is True


def test_an_unknown_group_is_refused(client):
    """A group that does not exist is a mistake of the embedding page: 400."""
    response = client.get("/api/widget/config?skill_group=nope")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "unknown_skill_group"


def test_the_widget_uses_the_settings(client, make_agent):
    """Texts, looks, the pre-chat form and the offered groups come from the settings; a
    group deleted since it was offered is left out."""
    make_agent(skills=["sales", "vip"])
    field = {
        "name": "topic",
        "label": {"en": "Topic", "zh-CN": "主题"},
        "type": "select",
        "required": True,
        "options": ["Orders", "Returns"],
    }
    configure(
        widget={
            "color": "#ff6600",
            "position": "left",
            "welcome_message": "Hi!",
            "offline_message": "Leave us a note.",
            "reply_time": "within an hour",
            "prechat": {"enabled": True, "fields": [field]},
            "skill_groups": [{"name": "sales", "label": "Sales"}, {"name": "vip", "label": "VIP"}],
        }
    )
    agent_service.delete_skill_group("vip")
    body = config(client)
    assert (body["color"], body["position"]) == ("#ff6600", "left")
    assert (body["welcome_message"], body["offline_message"], body["reply_time"]) == (
        "Hi!",
        "Leave us a note.",
        "within an hour",
    )
    assert body["prechat"] == {"enabled": True, "fields": [field]}
    assert body["skill_groups"] == [{"name": "sales", "label": "Sales"}]


def test_upload_limits_come_from_the_configuration(app, client):
    """upload is KEFU_UPLOAD_MAX_BYTES and KEFU_UPLOAD_TYPES."""
    app.config.update(UPLOAD_MAX_BYTES=1234, UPLOAD_TYPES=["png", "pdf"])
    assert config(client)["upload"] == {"max_bytes": 1234, "types": ["png", "pdf"]}


@pytest.mark.parametrize("header", [None, "Bearer nonsense"])
def test_no_token_is_needed_and_the_answer_is_briefly_cacheable(client, header):
    """Anyone may ask (a bad token is not even read); browsers may keep it a few seconds."""
    headers = {"Authorization": header} if header else {}
    response = client.get("/api/widget/config", headers=headers)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=5"
