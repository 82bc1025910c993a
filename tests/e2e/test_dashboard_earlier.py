"""A returning visitor (issue 21): the visitor panel lists their earlier conversations with
date, agent, rating and first line; one opens read-only in the chat pane and a bar leads
back to the current chat. The panel's fields read as words (routing, priority, browser).

With KEFU_SCREENSHOTS=1 the second test also writes docs/images/dashboard-visitor-panel-
{en,zh-CN}.png."""

import uuid
from datetime import timedelta

import pytest
from conftest import SCREENSHOT_DIR, Dashboard, screenshots_only
from playwright.sync_api import expect
from sqlalchemy import create_engine, insert, update
from sqlalchemy.orm import Session

from kefu.models import Conversation, Message, Visitor
from kefu.timeutil import utcnow

pytestmark = pytest.mark.e2e

OUT = SCREENSHOT_DIR
CHROME_ON_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)
EARLIER = [
    # days ago, rating, what the visitor said first, the agent's answer
    (40, 5, "Where is my parcel? It was due on Monday.", "It ships today, sorry for the wait."),
    (12, 3, "Can I change the delivery address?", "Done: it goes to your office now."),
]


def returning_visitor(kefu_server, admin_token, agent, colleague, unique):
    """A visitor with the EARLIER conversations (held by `colleague`), now waiting again
    and picked by `agent`; returns (visitor id, the current conversation id, earlier ids)."""
    auth = kefu_server.api("POST", "/api/visitor/auth", {})
    visitor_id = auth["visitor_id"]
    kefu_server.api(
        "PATCH",
        f"/api/visitors/{visitor_id}",
        {"name": "Maria Garcia", "email": f"maria-{unique}@example.com", "priority": 3},
        token=admin_token,
    )
    engine = create_engine(f"sqlite:///{kefu_server.workdir / 'kefu.db'}")
    earlier = []
    try:
        with Session(engine) as session:
            session.execute(
                update(Visitor)
                .where(Visitor.id == visitor_id)
                .values(
                    user_agent=CHROME_ON_WINDOWS,
                    page_url="https://shop.example/orders/1042",
                    locale="es-ES",
                    attributes={"timezone": "Europe/Madrid", "plan": "Gold"},
                )
            )
            for days, rating, asked, answered in EARLIER:
                created = utcnow() - timedelta(days=days)
                conv = Conversation(
                    visitor_id=visitor_id,
                    agent_id=colleague["id"],
                    status="closed",
                    created_at=created,
                    queued_at=created,
                    enqueued_at=None,
                    assigned_at=created + timedelta(seconds=20),
                    closed_at=created + timedelta(minutes=9),
                    rating=rating,
                    route_reason="least loaded (1/5)",
                    last_seq=2,
                )
                session.add(conv)
                session.flush()
                said = [("visitor", visitor_id, "Maria Garcia", asked)]
                said.append(("agent", str(colleague["id"]), colleague["name"], answered))
                session.execute(
                    insert(Message.__table__),
                    [
                        {
                            "conversation_id": conv.id,
                            "seq": seq,
                            "sender_type": kind,
                            "sender_id": sender,
                            "sender_name": name,
                            "type": "text",
                            "content": text,
                            "created_at": created + timedelta(minutes=seq),
                            "private": False,
                        }
                        for seq, (kind, sender, name, text) in enumerate(said, start=1)
                    ],
                )
                earlier.append(conv.id)
            session.commit()
    finally:
        engine.dispose()
    current = kefu_server.api(
        "POST",
        "/api/visitor/offline-message",
        {
            "name": "Maria Garcia",
            "email": f"maria-{unique}@example.com",
            "content": f"Hi again, order #1042 {unique} is damaged.",
        },
        token=auth["token"],
    )["conversation"]["id"]
    login = kefu_server.api(
        "POST", "/api/agent/login", {"email": agent["email"], "password": agent["password"]}
    )
    kefu_server.api("POST", f"/api/conversations/{current}/pick", {}, token=login["access_token"])
    return visitor_id, current, earlier[::-1]  # newest first, as listed


def detail(page, label):
    """The <dd> after the <dt> that says `label`."""
    return page.locator(f"#details-list dt:text-is('{label}') + dd")


def test_earlier_conversations_open_read_only_and_lead_back(
    kefu_server, admin_token, new_page, make_agent, unique
):
    agent = make_agent(name="Ann Lee")
    colleague = make_agent(name="Ben Wang")
    _, current, earlier = returning_visitor(kefu_server, admin_token, agent, colleague, unique)
    desk = Dashboard(new_page()).login(agent)
    page = desk.page
    desk.open_conversation(f"order #1042 {unique}")

    items = page.get_by_test_id("visitor-history").get_by_test_id("earlier-item")
    expect(items).to_have_count(2)
    expect(items.first).to_have_attribute("data-conversation-id", str(earlier[0]))
    expect(items.first).to_contain_text("Ben Wang")
    expect(items.first).to_contain_text("★ 3/5")
    expect(items.first).to_contain_text("Can I change the delivery address?")
    expect(items.nth(1)).to_contain_text("Where is my parcel?")

    # The fields in words.
    expect(detail(page, "Routing")).to_have_text("Picked by hand by Ann Lee")
    expect(detail(page, "Priority")).to_have_text("High (+3): served before others in the queue")
    expect(detail(page, "Browser")).to_have_text("Chrome 120 on Windows 10 or 11 · computer")
    expect(detail(page, "Local time")).to_contain_text("(Europe/Madrid)")

    items.nth(1).click()
    expect(desk.messages).to_contain_text("It ships today, sorry for the wait.")
    expect(desk.messages).not_to_contain_text(f"order #1042 {unique}")
    expect(page.get_by_test_id("earlier-bar")).to_be_visible()
    expect(page.get_by_test_id("earlier-bar")).to_contain_text("Earlier conversation")
    expect(page.locator("#chat-status")).to_have_text("Closed")
    expect(page.get_by_test_id("composer")).to_be_hidden()
    # From there, the panel offers the current chat too (open now) and the other one.
    expect(items).to_have_count(2)
    expect(
        page.locator(f"[data-testid='earlier-item'][data-conversation-id='{current}']")
    ).to_contain_text("Open now")

    page.get_by_test_id("earlier-back").click()
    expect(page.get_by_test_id("earlier-bar")).to_be_hidden()
    expect(desk.messages).to_contain_text(f"order #1042 {unique}")
    expect(page.get_by_test_id("composer")).to_be_visible()
    desk.reply(f"Sorry about that {unique}")


@screenshots_only
@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_visitor_panel_screenshots(kefu_server, admin_token, new_page, make_agent, lang):
    unique = uuid.uuid4().hex[:6]
    agent = make_agent(name="Ann Lee")
    colleague = make_agent(name="Ben Wang")
    returning_visitor(kefu_server, admin_token, agent, colleague, unique)
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 1240})  # the whole panel
    page.goto(f"/dashboard?lang={lang}")
    page.locator("#login-email").fill(agent["email"])
    page.locator("#login-password").fill(agent["password"])
    page.locator("#login-submit").click()
    expect(page.locator("#conn")).to_have_attribute("data-state", "ok")
    page.locator("#mine-list [data-testid='conv-item'] .conv-open").first.click()
    items = page.get_by_test_id("earlier-item")
    expect(items).to_have_count(2)
    expect(items.first.locator(".earlier-line")).not_to_be_empty()
    expect(items.nth(1).locator(".earlier-line")).not_to_be_empty()
    # The newer earlier conversation on screen: its bar, and the panel listing the others.
    items.first.click()
    expect(page.get_by_test_id("earlier-bar")).to_be_visible()
    expect(page.locator("#messages")).to_contain_text("Done: it goes to your office now.")
    expect(items.first.locator(".earlier-line")).not_to_be_empty()
    OUT.mkdir(parents=True, exist_ok=True)
    page.mouse.move(0, 0)
    page.screenshot(path=str(OUT / f"dashboard-visitor-panel-{lang}.png"))
