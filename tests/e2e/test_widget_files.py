"""Files and the composer in the widget: uploads checked in the browser before any byte
leaves, progress, retry, previews and the image viewer, the length counter, emoji."""

import base64
import json
import re
import secrets
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.images import minimal_pdf, png_bytes

pytestmark = pytest.mark.e2e

MB = 1024 * 1024
VISITOR_MESSAGE = '[data-testid="kefu-message"][data-sender="visitor"]'


def _attach(visitor, name, mime, data):
    visitor.frame.get_by_test_id("kefu-attach").set_input_files(
        {"name": name, "mimeType": mime, "buffer": data}
    )


def _upload_requests(page):
    """Every request to /api/attachments the page (or its iframe) makes, as it is made."""
    seen = []
    page.on("request", lambda r: seen.append(r) if "/api/attachments" in r.url else None)
    return seen


def _notice(visitor):
    return visitor.frame.get_by_role("alert").filter(has_text=re.compile(r"\S"))


def _post_file_as(kefu_server, token, conversation_id, name, mime, data):
    """Upload a file over REST with `token`, then send it to the conversation."""
    boundary = secrets.token_hex(12)
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            f"Content-Type: {mime}\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        kefu_server.url + "/api/attachments",
        data=body,
        method="POST",
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        attachment = json.loads(response.read())
    kefu_server.api(
        "POST",
        f"/api/conversations/{conversation_id}/messages",
        {
            "client_id": secrets.token_hex(8),
            "content": "",
            "type": "file",
            "attachment_id": attachment["id"],
        },
        token=token,
    )
    return attachment


def test_an_image_goes_up_shows_on_both_sides_and_opens_in_a_viewer(
    kefu_server, widget, admin_token
):
    """The visitor's image is previewed in its reserved box, stored as a file message the
    agent side reads over REST, and opens large in a dialog that Escape closes (the chat
    stays open, focus returns to the image). A file from the agent arrives as a chip."""
    visitor = widget().visit("/").open()
    _attach(visitor, "red-square.png", "image/png", png_bytes((64, 48)))

    mine = visitor.frame.locator(f'{VISITOR_MESSAGE}[data-state="sent"]')
    expect(mine).to_have_count(1)
    image = mine.locator("img")
    expect(image).to_have_attribute("alt", "red-square.png")
    expect(image).to_have_attribute("width", "64")
    expect(image).to_have_attribute("height", "48")
    image.evaluate("img => img.decode()")  # the signed URL serves the bytes to the visitor
    assert image.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [64, 48]

    conversation_id = int(mine.get_attribute("data-conversation"))
    stored = kefu_server.api(
        "GET", f"/api/conversations/{conversation_id}/messages", token=admin_token
    )["data"]
    files = [m for m in stored if m["type"] == "file"]
    assert len(files) == 1
    attachment = files[0]["attachment"]
    assert files[0]["sender"]["type"] == "visitor"
    assert (attachment["name"], attachment["content_type"]) == ("red-square.png", "image/png")
    assert (attachment["width"], attachment["height"]) == (64, 48)
    with urllib.request.urlopen(kefu_server.url + attachment["url"], timeout=10) as response:
        assert response.read().startswith(b"\x89PNG")

    # The viewer: keyboard in, Escape out, focus back where it was.
    opener = visitor.frame.get_by_role("button", name="Open image red-square.png")
    opener.focus()
    opener.press("Enter")
    viewer = visitor.frame.get_by_role("dialog", name="Image")
    expect(viewer).to_be_visible()
    expect(viewer.get_by_role("button", name="Close")).to_be_focused()
    expect(viewer.get_by_role("link", name="Download")).to_have_attribute(
        "href", re.compile(rf"^/api/attachments/{attachment['id']}\?")
    )
    visitor.page.keyboard.press("Escape")
    expect(viewer).to_be_hidden()
    expect(opener).to_be_focused()
    expect(visitor.launcher).to_have_attribute("aria-expanded", "true")

    # A file from the staff side: a download chip with its name and size.
    _post_file_as(
        kefu_server, admin_token, conversation_id, "invoice.pdf", "application/pdf", minimal_pdf()
    )
    chip = visitor.frame.locator('[data-testid="kefu-message"][data-sender="agent"] a.kf-file')
    expect(chip).to_contain_text("invoice.pdf")
    expect(chip).to_contain_text(f"{len(minimal_pdf())} B")
    expect(chip).to_have_attribute("download", "invoice.pdf")


def test_a_forbidden_file_type_is_refused_in_the_browser(widget):
    """An .exe never leaves the browser: the visitor reads which types are allowed."""
    visitor = widget().visit("/").open()
    uploads = _upload_requests(visitor.page)
    _attach(visitor, "setup.exe", "application/x-msdownload", b"MZ" + b"\0" * 1000)

    expect(_notice(visitor)).to_have_text(
        "“setup.exe” cannot be sent. Allowed file types: "
        "PNG, JPEG, GIF, WEBP, PDF, TXT, CSV, DOCX, XLSX, ZIP."
    )
    expect(visitor.frame.get_by_test_id("kefu-message")).to_have_count(0)
    assert uploads == []
    visitor.frame.get_by_role("button", name="Dismiss").click()
    expect(_notice(visitor)).to_have_count(0)
    expect(visitor.input).to_be_focused()


def test_a_20_mb_file_is_refused_before_any_upload(widget):
    """The size limit from the widget config is checked before a request is made."""
    visitor = widget().visit("/").open()
    uploads = _upload_requests(visitor.page)
    _attach(visitor, "scan.pdf", "application/pdf", b"%PDF-1.4\n" + b"0" * (20 * MB))

    expect(_notice(visitor)).to_have_text("“scan.pdf” is 20 MB: files may be at most 10 MB.")
    expect(visitor.frame.get_by_test_id("kefu-message")).to_have_count(0)
    assert uploads == []


def test_a_file_the_server_refuses_shows_its_reason_and_can_be_deleted(widget):
    """Bytes that are not what the name says pass the browser's check; the server's 415
    reason shows on the message, with Delete (retrying the same bytes cannot help)."""
    visitor = widget().visit("/").open()
    _attach(visitor, "notes.png", "image/png", b"these are not image bytes\n" * 20)

    failed = visitor.frame.locator(f'{VISITOR_MESSAGE}[data-state="failed"]')
    expect(failed.get_by_role("alert")).to_contain_text(
        "Not sent: That kind of file cannot be sent"
    )
    expect(failed).to_contain_text("notes.png")
    expect(failed.get_by_role("button", name="Retry")).to_have_count(0)
    failed.get_by_role("button", name="Delete").click()
    expect(visitor.frame.get_by_test_id("kefu-message")).to_have_count(0)


def test_upload_progress_shows_and_a_failed_upload_can_be_retried(widget):
    """While the bytes go up the bubble shows a progress bar; a dropped connection leaves a
    visible Retry, which uploads again and sends the message once."""
    visitor = widget().visit("/").open()
    page = visitor.page
    held = []
    page.route("**/api/attachments", lambda route: held.append(route))
    _attach(visitor, "receipt.pdf", "application/pdf", minimal_pdf())

    pending = visitor.frame.locator(f'{VISITOR_MESSAGE}[data-state="sending"]')
    expect(pending.get_by_role("progressbar")).to_be_visible()
    expect(pending).to_contain_text("Uploading…")
    expect(pending).to_contain_text("receipt.pdf")
    _wait_for(page, lambda: len(held) == 1)
    held.pop().abort("connectionreset")

    failed = visitor.frame.locator(f'{VISITOR_MESSAGE}[data-state="failed"]')
    expect(failed.get_by_role("alert")).to_contain_text(
        "The upload failed. Check your connection and try again."
    )
    page.unroute("**/api/attachments")
    failed.get_by_role("button", name="Retry").click()

    sent = visitor.frame.locator(f'{VISITOR_MESSAGE}[data-state="sent"]')
    expect(sent).to_have_count(1)
    expect(sent.locator("a.kf-file")).to_contain_text("receipt.pdf")
    expect(visitor.frame.locator(f'{VISITOR_MESSAGE}[data-state="failed"]')).to_have_count(0)


def test_images_can_be_pasted_into_the_composer_and_dropped_onto_the_chat(widget):
    """A pasted screenshot and a dropped photo are each sent as a file message."""
    visitor = widget().visit("/").open()
    make_file = """(_, [name, base64]) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const data = new DataTransfer();
        data.items.add(new File([bytes], name, { type: "image/png" }));
        return data;
    }"""
    encoded = base64.b64encode(png_bytes((20, 10))).decode()
    pasted = visitor.input.evaluate_handle(make_file, ["image.png", encoded])
    visitor.input.evaluate(
        """(input, data) => input.dispatchEvent(
            new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }))""",
        pasted,
    )
    sent = visitor.frame.locator(f'{VISITOR_MESSAGE}[data-state="sent"] img')
    expect(sent).to_have_count(1)
    expect(sent.first).to_have_attribute("alt", "image.png")
    expect(visitor.input).to_have_value("")

    dropped = visitor.input.evaluate_handle(make_file, ["dropped.png", encoded])
    thread = visitor.frame.locator("#scroller")
    thread.dispatch_event("dragenter", {"dataTransfer": dropped})
    expect(visitor.frame.get_by_text("Drop files here to send them")).to_be_visible()
    thread.dispatch_event("drop", {"dataTransfer": dropped})
    expect(visitor.frame.get_by_text("Drop files here to send them")).to_be_hidden()
    expect(sent).to_have_count(2)
    expect(sent.nth(1)).to_have_attribute("alt", "dropped.png")


def _wait_for(page, predicate, timeout_ms=10_000):
    """Wait for `predicate` while Playwright keeps handling events (routes run meanwhile)."""
    waited = 0
    while not predicate():
        assert waited < timeout_ms, "timed out"
        page.wait_for_timeout(50)
        waited += 50


def _sent_payloads(page):
    """What the page sends to the server: websocket frames and request bodies."""
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(str(payload))))
    page.on("request", lambda r: sent.append(r.post_data or ""))
    return sent


def test_a_message_at_the_limit_is_sent_and_one_over_it_never_leaves(widget):
    """The counter shows near the 5,000-character limit (counted as the server counts, an
    emoji is one); at the limit the message goes, one character over it is refused in the
    composer with the reason and nothing is sent; shortened, it goes."""
    visitor = widget().visit("/").open()
    sent = _sent_payloads(visitor.page)
    counter = visitor.frame.locator("#counter")
    send = visitor.frame.get_by_test_id("kefu-send")

    visitor.input.fill("x" * 4499)
    expect(counter).to_be_hidden()
    visitor.input.fill("x" * 4500)
    expect(counter).to_have_text("500 characters left")

    at_limit = "a" * 4990 + "😀" * 10  # 5,000 characters, 5,010 UTF-16 units
    visitor.input.fill(at_limit)
    expect(counter).to_have_text("0 characters left")
    visitor.input.press("Enter")
    stored = visitor.frame.locator(f'{VISITOR_MESSAGE}[data-state="sent"] .kf-bubble')
    expect(stored).to_have_count(1)
    expect(stored.first).to_have_text(at_limit)
    expect(counter).to_be_hidden()

    over = "b" * 5001
    visitor.input.fill(over)
    expect(counter).to_have_text("1 character too many")
    expect(visitor.input).to_have_attribute("aria-invalid", "true")
    expect(send).to_have_attribute("aria-disabled", "true")
    visitor.input.press("Enter")
    expect(_notice(visitor)).to_have_text(
        "Your message is 1 character too long: a message may hold at most 5,000."
    )
    send.click(force=True)  # aria-disabled: Playwright would wait for it to be enabled
    expect(visitor.input).to_have_value(over)
    expect(visitor.frame.get_by_test_id("kefu-message")).to_have_count(1)
    assert not [p for p in sent if "b" * 100 in p]

    visitor.input.press("End")
    visitor.input.press("Backspace")
    expect(counter).to_have_text("0 characters left")
    expect(visitor.input).to_have_attribute("aria-invalid", "false")
    visitor.input.press("Enter")
    expect(stored).to_have_count(2)
    expect(stored.nth(1)).to_have_text("b" * 5000)
    expect(_notice(visitor)).to_have_count(0)


def test_emoji_picker_works_from_the_keyboard_and_shift_enter_adds_a_line(widget):
    """Arrow keys move through the emoji, Enter inserts one at the caret and returns to the
    composer; Escape closes the picker (not the chat). Shift+Enter is a new line, Enter sends."""
    visitor = widget().visit("/").open()
    toggle = visitor.frame.get_by_role("button", name="Insert emoji")
    picker = visitor.frame.get_by_role("dialog", name="Emoji")

    visitor.input.fill("Thanks ")
    toggle.focus()
    toggle.press("Enter")
    expect(picker).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(picker.get_by_role("button", name="grinning face")).to_be_focused()
    visitor.page.keyboard.press("ArrowRight")
    expect(picker.get_by_role("button", name="tears of joy")).to_be_focused()
    visitor.page.keyboard.press("ArrowDown")
    expect(picker.get_by_role("button", name="sobbing")).to_be_focused()
    visitor.page.keyboard.press("Enter")
    expect(picker).to_be_hidden()
    expect(visitor.input).to_have_value("Thanks 😭")
    expect(visitor.input).to_be_focused()

    toggle.click()
    expect(picker).to_be_visible()
    visitor.page.keyboard.press("Escape")
    expect(picker).to_be_hidden()
    expect(toggle).to_be_focused()
    expect(visitor.launcher).to_have_attribute("aria-expanded", "true")

    visitor.input.press("End")
    visitor.input.press("Shift+Enter")
    visitor.input.press_sequentially("Bye")
    expect(visitor.input).to_have_value("Thanks 😭\nBye")
    visitor.input.press("Enter")
    expect(visitor.frame.locator(f'{VISITOR_MESSAGE}[data-state="sent"] .kf-bubble')).to_have_text(
        "Thanks 😭\nBye"
    )


def test_refusals_and_the_counter_speak_chinese(browser, kefu_server):
    """A zh-CN visitor reads the file refusal and the counter in Chinese."""
    context = browser.new_context(
        base_url=kefu_server.url, locale="zh-CN", viewport={"width": 1280, "height": 800}
    )
    try:
        page = context.new_page()
        uploads = _upload_requests(page)
        page.goto("/")
        page.locator("#kefu-widget").get_by_role("button").click()
        frame = page.frame_locator("iframe")
        composer = frame.get_by_test_id("kefu-composer")
        expect(composer).to_be_visible()
        expect(composer).to_have_attribute("placeholder", "输入消息…")

        frame.get_by_test_id("kefu-attach").set_input_files(
            {
                "name": "扫描件.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF" + b"0" * (20 * MB),
            }
        )
        expect(frame.get_by_role("alert").filter(has_text="扫描件")).to_have_text(
            "“扫描件.pdf”大小为 20 MB，文件不能超过 10 MB。"
        )
        assert uploads == []

        composer.fill("字" * 5001)
        expect(frame.locator("#counter")).to_have_text("已超出 1 字")
        composer.press("Enter")
        expect(frame.get_by_role("alert").filter(has_text="消息超出")).to_have_text(
            "消息超出 1 字，每条消息最多 5,000 字。"
        )
    finally:
        context.close()
