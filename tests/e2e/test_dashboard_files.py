"""Files in the dashboard: an image the agent attaches shows as an image for the agent and
arrives as a file message in the widget; progress, retry, the server's refusal, paste and
drop, the image viewer."""

import base64
import re

import pytest
from playwright.sync_api import expect

from tests.images import minimal_pdf, png_bytes

pytestmark = pytest.mark.e2e

AGENT_MESSAGE = '[data-testid="message"][data-sender="agent"]'


def _attach(desk, name, mime, data):
    desk.page.get_by_test_id("attach").set_input_files(
        {"name": name, "mimeType": mime, "buffer": data}
    )


def _start(widget, dashboard, make_agent, nobody_else_online, unique):
    agent = make_agent()
    nobody_else_online()
    desk = dashboard(agent)
    visitor = widget().visit("/").open()
    visitor.send(f"Can you see my screen? {unique}")
    desk.open_conversation(unique)
    return desk, visitor


def test_an_image_from_the_agent_shows_on_both_sides_and_opens_in_a_viewer(
    kefu_server, widget, dashboard, make_agent, nobody_else_online, admin_token, unique
):
    """The agent's image keeps its reserved box, is stored as a file message, reaches the
    visitor as one, and opens large in a dialog that Escape closes."""
    desk, visitor = _start(widget, dashboard, make_agent, nobody_else_online, unique)
    _attach(desk, "screenshot.png", "image/png", png_bytes((64, 48)))

    mine = desk.page.locator(f"{AGENT_MESSAGE}:not(.kf-msg--pending)")
    expect(mine).to_have_count(1)
    image = mine.locator("img")
    expect(image).to_have_attribute("alt", "screenshot.png")
    expect(image).to_have_attribute("width", "64")
    expect(image).to_have_attribute("height", "48")
    image.evaluate("img => img.decode()")
    expect(mine).to_have_attribute("data-private", "false")

    theirs = visitor.frame.locator('[data-testid="kefu-message"][data-sender="agent"] img')
    expect(theirs).to_have_attribute("alt", "screenshot.png")
    conversation_id = mine.get_attribute("data-conversation")
    stored = kefu_server.api(
        "GET", f"/api/conversations/{conversation_id}/messages", token=admin_token
    )["data"]
    files = [m for m in stored if m["type"] == "file"]
    assert len(files) == 1 and files[0]["sender"]["type"] == "agent"
    assert files[0]["attachment"]["name"] == "screenshot.png"

    opener = desk.page.get_by_role("button", name="Open image screenshot.png")
    opener.click()
    viewer = desk.page.get_by_role("dialog", name="Image")
    expect(viewer).to_be_visible()
    expect(viewer.get_by_role("button", name="Close")).to_be_focused()
    desk.page.keyboard.press("Escape")
    expect(viewer).to_be_hidden()
    expect(opener).to_be_focused()

    # Any other file: a download chip.
    _attach(desk, "invoice.pdf", "application/pdf", minimal_pdf())
    chip = desk.page.locator(f"{AGENT_MESSAGE}:not(.kf-msg--pending) a.kf-file")
    expect(chip).to_contain_text("invoice.pdf")
    expect(chip).to_have_attribute("download", "invoice.pdf")
    expect(visitor.frame.locator("a.kf-file", has_text="invoice.pdf")).to_be_visible()


def test_progress_a_failed_upload_with_retry_and_the_server_refusal(
    widget, dashboard, make_agent, nobody_else_online, unique
):
    """A progress bar while uploading; a dropped connection leaves a Retry that works; bytes
    the server refuses show the server's message and can be deleted."""
    desk, visitor = _start(widget, dashboard, make_agent, nobody_else_online, unique)
    page = desk.page
    held = []
    page.route("**/api/attachments", lambda route: held.append(route))
    _attach(desk, "receipt.pdf", "application/pdf", minimal_pdf())
    pending = page.locator(f'{AGENT_MESSAGE}[data-state="sending"]')
    expect(pending.get_by_role("progressbar")).to_be_visible()
    expect(pending).to_contain_text("Uploading…")
    deadline = 100
    while not held and deadline:
        page.wait_for_timeout(100)
        deadline -= 1
    held.pop().abort("connectionreset")

    failed = page.locator(f'{AGENT_MESSAGE}[data-state="failed"]')
    expect(failed.get_by_role("alert")).to_contain_text("The upload failed.")
    page.unroute("**/api/attachments")
    failed.get_by_role("button", name="Retry").click()
    sent = page.locator(f"{AGENT_MESSAGE}:not(.kf-msg--pending) a.kf-file")
    expect(sent).to_contain_text("receipt.pdf")
    expect(failed).to_have_count(0)
    expect(visitor.frame.locator("a.kf-file", has_text="receipt.pdf")).to_be_visible()

    _attach(desk, "fake.png", "image/png", b"these are not image bytes\n" * 20)
    expect(failed.get_by_role("alert")).to_contain_text(re.compile(r"Not sent: \S"))
    expect(failed.get_by_role("button", name="Retry")).to_have_count(0)
    failed.get_by_role("button", name="Delete").click()
    expect(failed).to_have_count(0)

    # A kind the server does not take is refused before any byte leaves.
    uploads = []
    page.on("request", lambda r: uploads.append(r) if "/api/attachments" in r.url else None)
    _attach(desk, "setup.exe", "application/octet-stream", b"MZ" + b"\0" * 64)
    expect(page.locator(".toast--error")).to_contain_text("“setup.exe” cannot be sent")
    expect(page.locator('[data-testid="message"].kf-msg--pending')).to_have_count(0)
    assert uploads == []


def test_images_can_be_pasted_and_dropped_and_sent_as_notes(
    widget, dashboard, make_agent, nobody_else_online, unique
):
    """A pasted and a dropped image are sent; in note mode a file is a note the visitor
    never receives."""
    desk, visitor = _start(widget, dashboard, make_agent, nobody_else_online, unique)
    composer = desk.page.get_by_test_id("composer")
    make_file = """(_, [name, base64]) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const data = new DataTransfer();
        data.items.add(new File([bytes], name, { type: "image/png" }));
        return data;
    }"""
    encoded = base64.b64encode(png_bytes((20, 10))).decode()
    pasted = composer.evaluate_handle(make_file, ["pasted.png", encoded])
    composer.evaluate(
        """(input, data) => input.dispatchEvent(
            new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }))""",
        pasted,
    )
    sent = desk.page.locator(f"{AGENT_MESSAGE}:not(.kf-msg--pending) img")
    expect(sent).to_have_count(1)
    expect(sent.first).to_have_attribute("alt", "pasted.png")

    desk.page.get_by_test_id("note-toggle").click()
    dropped = composer.evaluate_handle(make_file, ["dropped.png", encoded])
    pane = desk.page.locator("#chat-pane")
    pane.dispatch_event("dragenter", {"dataTransfer": dropped})
    expect(desk.page.locator("#drop-hint")).to_be_visible()
    pane.dispatch_event("drop", {"dataTransfer": dropped})
    expect(desk.page.locator("#drop-hint")).to_be_hidden()
    note = desk.page.locator(f'{AGENT_MESSAGE}[data-private="true"]:not(.kf-msg--pending) img')
    expect(note).to_have_attribute("alt", "dropped.png")

    expect(visitor.frame.locator("img[alt='pasted.png']")).to_be_visible()
    expect(visitor.frame.locator("img[alt='dropped.png']")).to_have_count(0)
