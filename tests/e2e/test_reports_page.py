"""The reports page (/reports) against a real server: figures computed by hand from
conversations with known timestamps, the charts and their text alternatives, the CSV export,
filters kept in the URL, the refusal for agents, Chinese, and no CSP violation.

The conversations are written straight into the test server's SQLite file (the one way to
give them exact timestamps) in weeks no other test touches; the page is then read in the
Asia/Shanghai time zone, so a conversation's day and hour are its Shanghai ones.
"""

import csv
import io
import json
import os
import random
import re
import shutil
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from kefu.models import Conversation, Message, Visitor

pytestmark = pytest.mark.e2e

ZONE = "Asia/Shanghai"
UTC_OFFSET = timedelta(hours=8)  # Shanghai has no daylight saving time
# The hand-computed week: Monday 3 to Sunday 9 March 2025, Shanghai days.
WEEK = "?from=2025-03-03&to=2025-03-09"
DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"


@dataclass(frozen=True)
class Chat:
    """A conversation: created at `start` (Shanghai wall time); the visitor writes at once;
    after `wait` s it is assigned, after `reply` s the agent answers (None: never), after
    `note` s the agent writes a private note, after `close` s it is closed."""

    start: str
    agent: str | None
    group: str
    wait: int | None
    reply: int | None
    close: int
    rating: int | None = None
    note: int | None = None


# fmt: off
HAND_WEEK = [
    Chat("2025-03-03 09:00:00", "alice", "sales", wait=20, reply=50, close=600, rating=5, note=10),
    Chat("2025-03-03 09:30:00", "bob", "sales", wait=40, reply=100, close=1200, rating=3),
    Chat("2025-03-04 14:15:00", "alice", "billing", wait=10, reply=30, close=300, rating=4),
    Chat("2025-03-05 10:00:00", "bob", "billing", wait=60, reply=None, close=900, note=70),
    # Saturday 02:00 in Shanghai is still Friday in UTC.
    Chat("2025-03-08 02:00:00", "alice", "sales", wait=30, reply=80, close=1500),
    # Never picked up: closed from the queue.
    Chat("2025-03-09 20:00:00", None, "billing", wait=None, reply=None, close=120),
    # Monday 00:30 in Shanghai, after the week; Sunday 16:30 in UTC, inside it.
    Chat("2025-03-10 00:30:00", "bob", "sales", wait=5, reply=15, close=60, rating=1),
]
# fmt: on

# The week's figures in Shanghai, by hand (the last chat is outside):
#   first responses 50, 100, 30, 80 (no reply twice)   -> median (50+80)/2 = 65, p90 100
#   resolutions 600, 1200, 300, 900, 1500, 120         -> median (600+900)/2 = 750, p90 1500
#   queue waits 20, 40, 10, 60, 30                     -> median 30, p90 60
#   ratings 5, 3, 4 -> average 4, 3 ratings; missed (closed, no reply): 2 of 6
FIGURES = {
    "fig-conversations": "6",
    "fig-first-response": "1 min 5 s",
    "fig-first-response-p90": "90th percentile 1 min 40 s",
    "fig-resolution": "12 min 30 s",
    "fig-resolution-p90": "90th percentile 25 min",
    "fig-queue-wait": "30 s",
    "fig-queue-wait-p90": "90th percentile 1 min",
    "fig-missed": "2",
    "fig-missed-share": "33% of conversations",
    "fig-csat": "4.00",
    "fig-csat-count": "3 ratings",
}
# Per day: Monday two (first responses 50 and 100: median 75), Tuesday one (30), Wednesday
# one without a reply, Saturday one (80), Sunday one without a reply.
PER_DAY = [
    ("Mar 3, 2025", "2", "1 min 15 s"),
    ("Mar 4, 2025", "1", "30 s"),
    ("Mar 5, 2025", "1", "—"),
    ("Mar 6, 2025", "0", "—"),
    ("Mar 7, 2025", "0", "—"),
    ("Mar 8, 2025", "1", "1 min 20 s"),
    ("Mar 9, 2025", "1", "—"),
]
# Alice: first responses 50, 30, 80 -> 50; resolutions 600, 300, 1500 -> 600; ratings 5, 4.
# Bob: first response 100; resolutions 1200, 900 -> 1050; rating 3.
PER_AGENT = {
    "alice": ["3", "50 s", "10 min", "4.50"],
    "bob": ["2", "1 min 40 s", "17 min 30 s", "3.00"],
}
CHARTS = ["conversations", "first_response", "waiting", "csat", "heatmap"]


def _after(start, seconds):
    return None if seconds is None else start + timedelta(seconds=seconds)


def write_chats(db_path, chats, agents):
    """Store the chats as the server would have (visitor, conversation, messages); their ids."""
    engine = create_engine(f"sqlite:///{db_path}", connect_args={"timeout": 30})
    ids = []
    try:
        with Session(engine) as session:
            for chat in chats:
                created = datetime.fromisoformat(chat.start) - UTC_OFFSET
                agent = agents[chat.agent] if chat.agent else None
                visitor = Visitor(
                    id="v_" + uuid.uuid4().hex,
                    name="Visitor",
                    created_at=created,
                    last_seen_at=created,
                )
                session.add(visitor)
                conversation = Conversation(
                    visitor_id=visitor.id,
                    agent_id=agent["id"] if agent else None,
                    skill_group=chat.group,
                    status="closed",
                    created_at=created,
                    queued_at=created,
                    enqueued_at=None,
                    assigned_at=_after(created, chat.wait) if agent else None,
                    closed_at=_after(created, chat.close),
                    rating=chat.rating,
                    first_visitor_at=created,
                    first_response_at=_after(created, chat.reply),
                )
                session.add(conversation)
                session.flush()
                said = [(0, "visitor", visitor.id, False)]
                if chat.note is not None:
                    said.append((chat.note, "agent", str(agent["id"]), True))
                if chat.reply is not None:
                    said.append((chat.reply, "agent", str(agent["id"]), False))
                for seq, (offset, sender, sender_id, private) in enumerate(sorted(said), start=1):
                    session.add(
                        Message(
                            conversation_id=conversation.id,
                            seq=seq,
                            sender_type=sender,
                            sender_id=sender_id,
                            sender_name=agent["name"] if sender == "agent" else "Visitor",
                            content="note" if private else "hello",
                            created_at=_after(created, offset),
                            private=private,
                        )
                    )
                conversation.last_seq = len(said)
                ids.append(conversation.id)
            session.commit()
    finally:
        engine.dispose()
    return ids


def new_agent(kefu_server, admin_token, name, role="agent", skills=()):
    tag = uuid.uuid4().hex[:8]
    agent = kefu_server.api(
        "POST",
        "/api/agents",
        {
            "email": f"reports-{tag}@example.com",
            "password": f"pw-{tag}",
            "name": name,
            "skills": list(skills),
            "role": role,
        },
        token=admin_token,
    )
    agent["password"] = f"pw-{tag}"
    return agent


def session_of(kefu_server, agent):
    """What the dashboard keeps in sessionStorage after this agent signs in."""
    return kefu_server.api(
        "POST", "/api/agent/login", {"email": agent["email"], "password": agent["password"]}
    )


@pytest.fixture(scope="module")
def hand_week(kefu_server, admin_token):
    """The hand-computed week, its agents (unique names) and the conversation ids."""
    tag = uuid.uuid4().hex[:4].upper()
    agents = {
        "alice": new_agent(kefu_server, admin_token, f"Alice {tag}", skills=["sales"]),
        "bob": new_agent(kefu_server, admin_token, f"Bob {tag}", skills=["billing"]),
    }
    ids = write_chats(kefu_server.workdir / "kefu.db", HAND_WEEK, agents)
    return {"agents": agents, "ids": ids}


@pytest.fixture(scope="module")
def supervisor(kefu_server, admin_token):
    return new_agent(kefu_server, admin_token, "Sam Supervisor", role="supervisor")


@pytest.fixture
def open_reports(browser, kefu_server):
    """Open /reports signed in as someone (their tokens in sessionStorage, as the dashboard
    leaves them) in a Shanghai browser; records console errors and CSP violations."""
    contexts = []

    def open_page(path, agent=None, viewport=(1280, 800), mobile=False, still=False):
        context = browser.new_context(
            # still: no chart animation (the page honours reduced motion), for screenshots
            reduced_motion="reduce" if still else "no-preference",
            base_url=kefu_server.url,
            viewport={"width": viewport[0], "height": viewport[1]},
            timezone_id=ZONE,
            locale="en-US",
            is_mobile=mobile,
            has_touch=mobile,
            accept_downloads=True,
        )
        contexts.append(context)
        context.add_init_script(
            "window.__csp = [];"
            "document.addEventListener('securitypolicyviolation', (e) =>"
            " window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
        )
        if agent is not None:
            saved = json.dumps(session_of(kefu_server, agent))
            context.add_init_script(
                f"window.sessionStorage.setItem('kefu.agent.session', {json.dumps(saved)});"
            )
        page = context.new_page()
        page.errors = []
        page.on(
            "console",
            lambda message: page.errors.append(message.text) if message.type == "error" else None,
        )
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.goto(path)
        return page

    yield open_page
    for context in contexts:
        context.close()


def report_ready(page):
    expect(page.locator("#report")).to_have_attribute("data-state", "ready")


def assert_no_csp_violation(page, refused_request=False):
    """No CSP violation and no script error (a refused request logs one line, if expected)."""
    assert page.evaluate("window.__csp") == []
    errors = page.errors
    if refused_request:
        errors = [e for e in errors if not e.startswith("Failed to load resource")]
    assert errors == []


def canvas_painted(page, chart):
    """True once the chart's canvas has any painted pixel."""
    return page.wait_for_function(
        """(name) => {
            const canvas = document.querySelector(`[data-chart="${name}"] canvas`);
            if (!canvas || !canvas.width || !canvas.height) return false;
            const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
            for (let i = 3; i < pixels.length; i += 4) if (pixels[i]) return true;
            return false;
        }""",
        arg=chart,
    )


def test_the_figures_charts_and_tables_match_the_conversations(open_reports, hand_week, supervisor):
    """A supervisor sees the hand-computed figures of a Shanghai week, one drawn chart per
    measure with the numbers in its text alternative, the per-agent table and the heatmap."""
    page = open_reports("/reports" + WEEK, supervisor)
    report_ready(page)
    for element_id, text in FIGURES.items():
        expect(page.locator("#" + element_id)).to_have_text(text)
    expect(page.locator("#subtitle")).to_have_text(re.compile(r"Mar 3\s?–\s?9, 2025"))
    expect(page.locator("#tz-text")).to_have_text(f"Days and hours in {ZONE}")
    expect(page.get_by_test_id("nav-reports")).to_have_attribute("aria-current", "page")

    charts = page.get_by_test_id("report-chart")
    expect(charts).to_have_count(len(CHARTS))
    assert [charts.nth(i).get_attribute("data-chart") for i in range(len(CHARTS))] == CHARTS
    for chart in CHARTS:
        expect(page.locator(f'[data-chart="{chart}"]')).to_have_attribute("data-state", "drawn")
    for chart in CHARTS[:4]:
        canvas_painted(page, chart)

    rows = page.locator("#alt-conversations tbody tr")
    expect(rows).to_have_count(len(PER_DAY))
    assert [r.locator("th, td").all_text_contents() for r in rows.all()] == [
        [day, count] for day, count, _ in PER_DAY
    ]
    first = page.locator("#alt-first-response tbody tr")
    assert [r.locator("th, td").all_text_contents() for r in first.all()] == [
        [day, median] for day, _, median in PER_DAY
    ]
    assert [
        r.locator("th, td").all_text_contents() for r in page.locator("#alt-waiting tbody tr").all()
    ] == [
        ["Queue wait", "30 s", "1 min"],
        ["First response", "1 min 5 s", "1 min 40 s"],
    ]
    alice, bob = (hand_week["agents"][k]["name"] for k in ("alice", "bob"))
    assert [
        r.locator("th, td").all_text_contents() for r in page.locator("#alt-csat tbody tr").all()
    ] == [
        [alice, "4.50"],
        [bob, "3.00"],
    ]

    agents = page.locator("#agents-body tr")
    expect(agents).to_have_count(2)
    for key, cells in PER_AGENT.items():
        row = page.locator(f'#agents-body tr[data-agent-id="{hand_week["agents"][key]["id"]}"]')
        assert row.locator("th").text_content() == hand_week["agents"][key]["name"]
        assert row.locator("td").all_text_contents() == cells
    # By first response: slowest first (Bob, 1 min 40 s), a second click fastest first (Alice).
    page.locator('th[data-sort="first_response_median"] button').click()
    expect(page.locator('th[data-sort="first_response_median"]')).to_have_attribute(
        "aria-sort", "descending"
    )
    expect(agents.first.locator("th")).to_have_text(bob)
    page.locator('th[data-sort="first_response_median"] button').click()
    expect(page.locator('th[data-sort="first_response_median"]')).to_have_attribute(
        "aria-sort", "ascending"
    )
    expect(agents.first.locator("th")).to_have_text(alice)

    heat = page.locator("#heatmap td.rp-heat-cell")
    expect(heat).to_have_count(7 * 24)
    counted = page.evaluate(
        """() => [...document.querySelectorAll('#heatmap td[data-count]')]
            .filter((td) => td.dataset.count !== "0")
            .map((td) => [+td.dataset.weekday, +td.dataset.hour, +td.dataset.count])"""
    )
    # Monday 9:00 twice, Tuesday 14:00, Wednesday 10:00, Saturday 2:00, Sunday 20:00.
    assert counted == [[0, 9, 2], [1, 14, 1], [2, 10, 1], [5, 2, 1], [6, 20, 1]]
    expect(page.locator('#heatmap td[data-weekday="0"][data-hour="9"]')).to_have_text("2")
    assert_no_csp_violation(page)
    # The watch is live: an inline style attribute is refused, and seen.
    page.evaluate("document.body.setAttribute('style', 'outline: 1px solid red')")
    page.wait_for_function("window.__csp.length > 0")
    assert "style-src-attr" in page.evaluate("window.__csp")[0]


def test_the_export_downloads_one_row_per_conversation(
    open_reports, hand_week, supervisor, tmp_path
):
    """The CSV button downloads (with the bearer token) the week's conversations."""
    page = open_reports("/reports" + WEEK, supervisor)
    report_ready(page)
    with page.expect_download() as download_info:
        page.get_by_test_id("report-export").click()
    download = download_info.value
    assert download.suggested_filename == "kefu-conversations-2025-03-03-2025-03-09.csv"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [int(r["id"]) for r in rows] == hand_week["ids"][:6]
    assert [r["rating"] for r in rows] == ["5", "3", "4", "", "", ""]
    assert rows[0]["created_at"].startswith("2025-03-03T01:00:00")
    expect(page.get_by_test_id("report-export")).to_be_enabled()
    assert_no_csp_violation(page)


def test_filters_live_in_the_url(open_reports, hand_week, supervisor):
    """Choosing an agent reloads the report and the URL; a reload shows the same report; a
    preset moves the period; another time zone in the URL moves the days."""
    alice = hand_week["agents"]["alice"]
    page = open_reports("/reports" + WEEK, supervisor)
    report_ready(page)
    page.get_by_label("Agent", exact=True).select_option(str(alice["id"]))
    expect(page).to_have_url(re.compile(rf"agent_id={alice['id']}"))
    expect(page.locator("#fig-conversations")).to_have_text("3")
    expect(page.locator("#fig-csat")).to_have_text("4.50")
    page.reload()
    report_ready(page)
    expect(page.locator("#fig-conversations")).to_have_text("3")
    expect(page.get_by_label("Agent", exact=True)).to_have_value(str(alice["id"]))
    expect(page.locator("#filter-from")).to_have_value("2025-03-03")
    expect(page.locator('.rp-preset[data-days="custom"]')).to_have_attribute("aria-pressed", "true")
    page.go_back()  # the URL before the agent was chosen
    expect(page.locator("#fig-conversations")).to_have_text("6")

    # The same week in UTC: the Saturday 02:00 chat is a Friday one, the Monday 00:30 one is in.
    page.goto("/reports" + WEEK + "&tz=UTC")
    report_ready(page)
    expect(page.locator("#fig-conversations")).to_have_text("7")
    expect(page.locator("#tz-mine")).to_have_text(f"Use my time zone ({ZONE})")
    page.locator("#tz-mine").click()
    expect(page).to_have_url(re.compile(r"tz=Asia%2FShanghai"))
    expect(page.locator("#fig-conversations")).to_have_text("6")

    page.get_by_role("button", name="Last 7 days").click()
    expect(page.get_by_role("button", name="Last 7 days")).to_have_attribute("aria-pressed", "true")
    today = page.evaluate(
        "new Intl.DateTimeFormat('en-CA', {timeZone: 'Asia/Shanghai'}).format(new Date())"
    )
    expect(page).to_have_url(re.compile(rf"to={today}"))
    expect(page.locator("#report")).to_have_attribute("data-state", re.compile("ready|empty"))
    assert_no_csp_violation(page)


# Business hours for the toggle: weekdays 09:00–18:00 in Shanghai. In business time the
# week's first responses are 50, 100, 30 and 0 (Saturday 02:00) -> median 40, p90 100; its
# resolutions 600, 1200, 300, 900, 0 (Saturday), 0 (Sunday) -> median 450, p90 1200.
OFFICE_WEEK = {day: [["09:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}


@pytest.fixture
def office_hours(kefu_server, admin_token):
    """Weekday office hours for one test, the settings put back after it."""
    before = kefu_server.api("GET", "/api/settings", token=admin_token)["business_hours"]
    kefu_server.api("PATCH", "/api/settings", {"business_hours": None}, token=admin_token)
    kefu_server.api(
        "PATCH",
        "/api/settings",
        {"business_hours": {"timezone": ZONE, "weekly": OFFICE_WEEK}},
        token=admin_token,
    )
    yield
    kefu_server.api("PATCH", "/api/settings", {"business_hours": None}, token=admin_token)
    if before is not None:
        kefu_server.api("PATCH", "/api/settings", {"business_hours": before}, token=admin_token)


def test_the_business_hours_toggle(open_reports, hand_week, supervisor, office_hours):
    """The "Business hours only" toggle counts first response and resolution within the
    business hours, says so in the cards' definitions, lives in the URL and reaches the
    export."""
    page = open_reports("/reports" + WEEK, supervisor)
    report_ready(page)
    toggle = page.get_by_test_id("report-business-hours")
    expect(toggle).not_to_be_checked()
    toggle.check()
    expect(page).to_have_url(re.compile(r"business_hours=1"))
    expect(page.locator("#fig-first-response")).to_have_text("40 s")
    expect(page.locator("#fig-first-response-p90")).to_have_text("90th percentile 1 min 40 s")
    expect(page.locator("#fig-resolution")).to_have_text("7 min 30 s")
    expect(page.locator("#fig-resolution-p90")).to_have_text("90th percentile 20 min")
    expect(page.locator("#fig-queue-wait")).to_have_text(FIGURES["fig-queue-wait"])
    expect(page.locator("#def-first-response")).to_contain_text("within business hours")
    expect(page.locator("#report")).to_have_attribute("data-business-hours", "true")

    page.reload()
    report_ready(page)
    expect(toggle).to_be_checked()
    expect(page.locator("#fig-resolution")).to_have_text("7 min 30 s")
    with page.expect_download() as download:
        page.get_by_test_id("report-export").click()
    header = Path(download.value.path()).read_text(encoding="utf-8").splitlines()[0]
    assert header.endswith("first_response_business_seconds,resolution_business_seconds")

    toggle.uncheck()
    expect(page.locator("#fig-first-response")).to_have_text(FIGURES["fig-first-response"])
    expect(page.locator("#def-first-response")).not_to_contain_text("business hours")
    assert_no_csp_violation(page)


def test_admins_choose_among_every_agent_and_skill_group(open_reports, hand_week):
    """An admin's filters offer the whole directory (GET /api/agents, /api/skill-groups), not
    only the agents of the report; choosing a skill group filters the report."""
    admin = {"email": "admin@example.com", "password": "admin"}
    page = open_reports("/reports" + WEEK, admin)
    report_ready(page)
    options = page.locator("#filter-agent option")
    # The demo's agents had no conversation in the week: they come from the directory.
    for name in ("Ada Admin", "Bob", hand_week["agents"]["alice"]["name"]):
        expect(options.filter(has_text=re.compile(rf"^{name}$")).first).to_be_attached()
    groups = page.locator("#filter-group option")
    # Other tests of the session add groups of their own: these must be among them.
    expect(groups.first).to_have_text("All skill groups")
    for name in ("billing", "sales"):
        expect(groups.filter(has_text=re.compile(rf"^{name}$"))).to_have_count(1)
    page.get_by_label("Skill group").select_option("billing")
    expect(page).to_have_url(re.compile(r"skill_group=billing"))
    # Billing in the week: Tuesday's, Wednesday's (missed) and Sunday's (never picked up).
    expect(page.locator("#fig-conversations")).to_have_text("3")
    expect(page.locator("#fig-missed")).to_have_text("2")
    assert_no_csp_violation(page)


def test_empty_and_refused_periods_say_so(open_reports, supervisor, tmp_path):
    """A period without conversations shows the empty state; a reversed one shows the
    server's message."""
    page = open_reports("/reports?from=2024-01-01&to=2024-01-07", supervisor)
    expect(page.locator("#report")).to_have_attribute("data-state", "empty")
    expect(page.get_by_test_id("report-empty")).to_contain_text("No conversations in this period")
    expect(page.locator("#fig-conversations")).to_have_text("0")
    page.screenshot(path=tmp_path / "empty.png", full_page=True)

    page.goto("/reports?from=2025-03-09&to=2025-03-03")
    expect(page.locator("#report")).to_have_attribute("data-state", "error")
    expect(page.get_by_test_id("report-error")).to_have_text("'from' must not be after 'to'.")
    page.screenshot(path=tmp_path / "error.png", full_page=True)
    assert_no_csp_violation(page, refused_request=True)


def test_agents_are_refused_and_strangers_sent_to_sign_in(
    open_reports, kefu_server, admin_token, tmp_path
):
    """An agent gets a clear refusal with a way back; nobody signed in goes to /dashboard."""
    agent = new_agent(kefu_server, admin_token, "Ann Agent")
    page = open_reports("/reports" + WEEK, agent)
    expect(
        page.get_by_role("heading", name="Reports are for supervisors and admins")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Back to the inbox")).to_have_attribute(
        "href", "/dashboard"
    )
    expect(page.locator("#report")).to_be_hidden()
    expect(page.get_by_test_id("nav-reports")).to_have_count(0)
    page.screenshot(path=tmp_path / "refused.png")
    assert_no_csp_violation(page)

    stranger = open_reports("/reports" + WEEK)
    expect(stranger).to_have_url(re.compile(r"/dashboard$"))
    expect(stranger.get_by_label("Email")).to_be_visible()


def test_chinese(open_reports, hand_week, supervisor):
    """?lang=zh-CN: the page, the figures' durations and the dates are Chinese."""
    page = open_reports("/reports" + WEEK + "&lang=zh-CN", supervisor)
    report_ready(page)
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_role("heading", name="报表", exact=True)).to_be_visible()
    expect(page.locator("#fig-first-response")).to_have_text("1 分 5 秒")
    expect(page.locator("#fig-resolution-p90")).to_have_text("90 分位 25 分")
    expect(page.locator("#fig-csat-count")).to_have_text("3 条评价")
    expect(page.get_by_test_id("report-export")).to_have_text("导出 CSV")
    expect(page.locator("#alt-conversations tbody tr").first.locator("th")).to_have_text(
        "2025年3月3日"
    )
    expect(page.locator("#heatmap tbody th").first).to_have_text("周一")
    expect(page).to_have_url(re.compile(r"lang=zh-CN"))
    assert_no_csp_violation(page)


# ---------------------------------------------------------------------------------------
# Screenshots: a busy month (seeded, so every run draws the same report), in English,
# Chinese and on a phone. Set KEFU_REPORTS_SCREENSHOTS=1 to refresh docs/images/.

MONTH = "?from=2025-11-03&to=2025-11-30"
TEAM = {
    "li": ("Li Na", 4.6),
    "wang": ("Wang Wei", 4.3),
    "sarah": ("Sarah Miller", 4.4),
    "tom": ("Tom Becker", 3.8),
}


def busy_month():
    """About 350 conversations over four weeks, busy on weekday mornings and afternoons."""
    rng = random.Random(20251103)
    chats = []
    day = datetime(2025, 11, 3)
    hours = [9, 10, 10, 11, 11, 11, 12, 13, 14, 14, 15, 15, 16, 16, 17, 18, 19, 20, 21, 8]
    while day <= datetime(2025, 11, 30):
        weekend = day.weekday() >= 5
        for _ in range(rng.randint(3, 7) if weekend else rng.randint(11, 19)):
            start = day + timedelta(
                hours=rng.choice(hours), minutes=rng.randint(0, 59), seconds=rng.randint(0, 59)
            )
            agent = rng.choice(list(TEAM))
            wait = int(rng.expovariate(1 / 35)) + 3
            abandoned = rng.random() < 0.04
            reply = (
                None
                if abandoned or rng.random() < 0.03
                else wait + int(rng.expovariate(1 / 40)) + 5
            )
            close = (reply or wait) + int(rng.expovariate(1 / 540)) + 120
            mean = TEAM[agent][1]
            rating = None
            if reply and rng.random() < 0.55:
                rating = max(1, min(5, round(rng.gauss(mean, 0.8))))
            chats.append(
                Chat(
                    start.isoformat(sep=" "),
                    None if abandoned else agent,
                    rng.choice(["sales", "sales", "billing"]),
                    wait=None if abandoned else wait,
                    reply=reply,
                    close=close,
                    rating=rating,
                )
            )
        day += timedelta(days=1)
    return chats


@pytest.fixture(scope="module")
def month(kefu_server, admin_token):
    agents = {key: new_agent(kefu_server, admin_token, name) for key, (name, _) in TEAM.items()}
    write_chats(kefu_server.workdir / "kefu.db", busy_month(), agents)
    return agents


@pytest.mark.parametrize(
    ("name", "lang", "viewport"),
    [
        ("reports-en.png", "", (1280, 800)),
        ("reports-zh-CN.png", "&lang=zh-CN", (1280, 800)),
        ("reports-phone-en.png", "", (390, 844)),
    ],
)
def test_a_busy_month_renders_on_every_screen(
    open_reports, month, supervisor, tmp_path, name, lang, viewport
):
    """Every chart is drawn, nothing overflows the screen sideways, no CSP violation."""
    phone = viewport[0] < 500
    page = open_reports(
        "/reports" + MONTH + lang, supervisor, viewport=viewport, mobile=phone, still=True
    )
    report_ready(page)
    for chart in CHARTS[:4]:
        canvas_painted(page, chart)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]
    assert_no_csp_violation(page)
    shot = tmp_path / name
    page.screenshot(path=shot, full_page=True, animations="disabled")
    if os.environ.get("KEFU_REPORTS_SCREENSHOTS") == "1":
        shutil.copyfile(shot, DOCS_IMAGES / name)
