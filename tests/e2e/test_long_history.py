"""Long histories stay smooth (issue 21): one visitor with 500 conversations, two of them of
5,000 messages each (the open one the agent holds, and the closed one before it), stored
straight into the server's database. In Chromium, with the Performance API:

- opening each long conversation shows its newest message within OPEN_BUDGET_MS;
- scrolling up through all 5,000 messages of each (and down again through the open one),
  then down the History list of 500 conversations, no long task (PerformanceObserver
  'longtask') lasts over LONG_TASK_BUDGET_MS, no frame (requestAnimationFrame to
  requestAnimationFrame) over FRAME_BUDGET_MS, and 95 % of the frames take at most
  FRAME_P95_BUDGET_MS; at most MAX_DRAWN rows are in the DOM.

The budgets leave room for a busy 2-core CI box running other tests beside this one (at a
load average of 11 to 13 the worst long task seen was 333 ms, the worst frame 383 ms; drawing
all 5,000 rows at once took seconds). The figures measured are printed (pytest -s) and kept in
docs/dashboard.md ("Long histories").
"""

import json
import uuid
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, insert, update
from sqlalchemy.orm import Session

from kefu.models import Agent, Conversation, Message, Visitor
from kefu.timeutil import utcnow

pytestmark = pytest.mark.e2e

LONG = 5000
CONVERSATIONS = 500
OPEN_BUDGET_MS = 1500
LONG_TASK_BUDGET_MS = 500
FRAME_BUDGET_MS = 600
FRAME_P95_BUDGET_MS = 150
SCROLL_STEP_PX = 1500
MAX_DRAWN = 800  # thread-paging.js: 3 × the window of 200, undrawn in batches of 200
CHROME_ON_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)

# Long tasks and frames, recorded from the first script of the page on.
OBSERVE = """
window.__perf = { longTasks: [] };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__perf.longTasks.push([e.startTime, e.duration]);
}).observe({ type: "longtask", buffered: true });
"""

# Click `selector`, then wait (frame by frame) until `done` is drawn; the time it took.
OPEN = """
async ([selector, done]) => {
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const start = performance.now();
  document.querySelector(selector).click();
  while (!document.querySelector(done)) await frame();
  await frame();
  const scroller = document.getElementById("messages");
  return {
    ms: performance.now() - start,
    drawn: scroller.querySelectorAll("[data-testid='message']").length,
    atBottom: scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80,
  };
}
"""

# Scroll `selector` a step a frame, up to the top (step < 0) or down to the bottom, until
# `target` (if given) is drawn there; frame times and how long the tasks of that span took.
SCROLL = """
async ([selector, step, target, limitMs]) => {
  const scroller = document.querySelector(selector);
  const atEnd = () => step < 0
    ? scroller.scrollTop === 0
    : scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 2;
  const done = () => atEnd() && (!target || !!document.querySelector(target));
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const begin = performance.now();
  const frames = [];
  let last = await frame();
  while (!done() && performance.now() - begin < limitMs) {
    scroller.scrollTop += step;
    const now = await frame();
    frames.push(now - last);
    last = now;
  }
  const end = performance.now();
  const tasks = window.__perf.longTasks.filter(([at]) => at >= begin && at <= end).map(([, d]) => d);
  frames.sort((a, b) => a - b);
  return {
    done: done(),
    ms: end - begin,
    frames: frames.length,
    frameMax: frames[frames.length - 1] || 0,
    frameP95: frames[Math.floor(frames.length * 0.95)] || 0,
    longTasks: tasks.length,
    longTaskMax: Math.max(0, ...tasks),
    drawn: scroller.querySelectorAll("[data-testid='message'], [data-testid='conv-item']").length,
  };
}
"""


def _messages(conversation_id, visitor_id, agent, count, start):
    """`count` messages alternating visitor and agent, some long, a private note now and then."""
    rows = []
    for seq in range(1, count + 1):
        from_visitor = seq % 2 == 1
        text = f"Message {seq}: " + ("where is my parcel? " if from_visitor else "let me check. ")
        if seq % 7 == 0:
            text += "A longer one that wraps over a few lines in the pane. " * 4
        rows.append(
            {
                "conversation_id": conversation_id,
                "seq": seq,
                "client_id": None,
                "sender_type": "visitor" if from_visitor else "agent",
                "sender_id": visitor_id if from_visitor else str(agent["id"]),
                "sender_name": "Lin Long" if from_visitor else agent["name"],
                "type": "text",
                "content": text,
                "created_at": start + timedelta(seconds=20 * seq),
                "private": not from_visitor and seq % 97 == 0,
                "notice": None,
                "attachment_id": None,
            }
        )
    return rows


def seed(db_path, agent):
    """The visitor, 498 short closed conversations, a closed one and the open one of
    LONG messages each; returns (visitor id, the long closed one's id, the open one's id)."""
    engine = create_engine(f"sqlite:///{db_path}", connect_args={"timeout": 30})
    now = utcnow()
    visitor_id = "v_" + uuid.uuid4().hex
    try:
        with Session(engine) as session:
            session.add(
                Visitor(
                    id=visitor_id,
                    name="Lin Long",
                    email="lin.long@example.com",
                    user_agent=CHROME_ON_WINDOWS,
                    created_at=now - timedelta(days=CONVERSATIONS + 10),
                    last_seen_at=now,
                )
            )

            def conversation(day, status, last_seq):
                created = now - timedelta(days=day)
                row = Conversation(
                    visitor_id=visitor_id,
                    agent_id=agent["id"],
                    status=status,
                    created_at=created,
                    queued_at=created,
                    enqueued_at=None,
                    assigned_at=created + timedelta(seconds=30),
                    closed_at=None if status == "open" else created + timedelta(hours=1),
                    rating=None if status == "open" else day % 5 + 1,
                    route_reason="least loaded (0/5)",
                    last_seq=last_seq,
                    first_visitor_at=created,
                )
                session.add(row)
                return row

            short = [conversation(CONVERSATIONS - i, "closed", 2) for i in range(CONVERSATIONS - 2)]
            long_closed = conversation(2, "closed", LONG)
            long_open = conversation(1, "open", LONG)
            session.flush()
            rows = []
            for row in short:
                rows += _messages(row.id, visitor_id, agent, 2, row.created_at)
            rows += _messages(long_closed.id, visitor_id, agent, LONG, long_closed.created_at)
            rows += _messages(long_open.id, visitor_id, agent, LONG, long_open.created_at)
            session.execute(insert(Message.__table__), rows)
            session.execute(update(Agent).where(Agent.id == agent["id"]).values(load=1))
            session.commit()
            return visitor_id, long_closed.id, long_open.id
    finally:
        engine.dispose()


def within_budget(name, figures, budget_ms=None):
    """Print the figures, then check them against the budgets."""
    print(
        f"\n{name}: {json.dumps({k: round(v, 1) if isinstance(v, float) else v for k, v in figures.items()})}"
    )
    if budget_ms is not None:
        assert figures["ms"] < budget_ms, f"{name} took {figures['ms']:.0f} ms"
    if "frameMax" in figures:
        assert figures["done"], f"{name} did not reach its end"
        assert figures["longTaskMax"] <= LONG_TASK_BUDGET_MS, name
        assert figures["frameMax"] <= FRAME_BUDGET_MS, name
        assert figures["frameP95"] <= FRAME_P95_BUDGET_MS, name


def test_long_histories_open_and_scroll_within_budget(kefu_server, new_page, make_agent):
    agent = make_agent(name="Patient Pat")
    _, long_closed, long_open = seed(kefu_server.workdir / "kefu.db", agent)
    page = new_page()
    page.add_init_script(OBSERVE)
    page.goto("/dashboard")
    page.get_by_label("Email").fill(agent["email"])
    page.get_by_label("Password").fill(agent["password"])
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#conn")).to_have_attribute("data-state", "ok")
    mine = page.locator(f"#mine-list [data-conversation-id='{long_open}']")
    expect(mine).to_be_visible()

    # The open conversation: its 5,000 messages come in one sync; the pane draws the newest.
    opened = page.evaluate(
        OPEN,
        [
            f"#mine-list [data-conversation-id='{long_open}'] .conv-open",
            f"#messages [data-conversation='{long_open}'][data-seq='{LONG}']",
        ],
    )
    within_budget("open (my conversation)", opened, OPEN_BUDGET_MS)
    assert opened["atBottom"] and opened["drawn"] <= 300

    first = f"#messages [data-conversation='{long_open}'][data-seq='1']"
    scrolled = page.evaluate(SCROLL, ["#messages", -SCROLL_STEP_PX, first, 60000])
    within_budget("scroll up 5,000 (my conversation)", scrolled)
    assert scrolled["drawn"] <= MAX_DRAWN  # the newest were undrawn on the way up
    newest = f"#messages [data-conversation='{long_open}'][data-seq='{LONG}']"
    scrolled = page.evaluate(SCROLL, ["#messages", SCROLL_STEP_PX, newest, 60000])
    within_budget("scroll down 5,000 (my conversation)", scrolled)
    assert scrolled["drawn"] <= MAX_DRAWN

    # The visitor panel lists the earlier conversations (newest first), a page at a time.
    panel = page.get_by_test_id("visitor-history")
    items = panel.get_by_test_id("earlier-item")
    # The first page of ten holds the open one itself, which is not listed.
    expect(items).to_have_count(9)
    expect(items.first).to_have_attribute("data-conversation-id", str(long_closed))
    expect(panel.locator("#earlier-more")).to_contain_text(str(CONVERSATIONS - 10))

    # The closed one before it, read from the panel: newest page first, older ones on the way up.
    opened = page.evaluate(
        OPEN,
        [
            f"[data-testid='earlier-item'][data-conversation-id='{long_closed}']",
            f"#messages [data-conversation='{long_closed}'][data-seq='{LONG}']",
        ],
    )
    within_budget("open (an earlier conversation)", opened, OPEN_BUDGET_MS)
    expect(page.get_by_test_id("earlier-bar")).to_be_visible()
    first = f"#messages [data-conversation='{long_closed}'][data-seq='1']"
    scrolled = page.evaluate(SCROLL, ["#messages", -SCROLL_STEP_PX, first, 60000])
    within_budget("scroll up 5,000 (an earlier conversation)", scrolled)
    assert scrolled["drawn"] <= MAX_DRAWN
    page.get_by_test_id("earlier-back").click()
    expect(page.get_by_test_id("composer")).to_be_visible()

    # History: 500 closed conversations (and those of other tests), twenty a page.
    page.get_by_test_id("tab-closed").click()
    rows = page.locator("#history-list [data-testid='conv-item']")
    more = page.locator("#history-more")
    while rows.count() < CONVERSATIONS - 1:
        shown = rows.count()
        more.click()
        expect(rows).not_to_have_count(shown)
    page.evaluate("document.querySelector('nav.sidebar').scrollTop = 0")  # the clicks went down
    listed = page.evaluate(SCROLL, ["nav.sidebar", 400, None, 30000])
    within_budget("scroll the History list", listed)
    assert listed["drawn"] >= CONVERSATIONS - 1
