"""The people in the widget's screenshots (test_widget_screenshots.py): an agent answering
over Socket.IO, other visitors, the visitor's browser that takes the pictures, and the
pictures they send (drawn, so the same bytes every run)."""

import io
import json
import secrets
import urllib.request

import socketio
from conftest import SCREENSHOT_DIR, wait_until
from PIL import Image, ImageDraw
from playwright.sync_api import expect
from widget_shot_words import WIDGET

OUT = SCREENSHOT_DIR


class AgentDesk:
    """An agent connected to /agent (so online) over Socket.IO, without a dashboard."""

    def __init__(self, server, agent):
        self.server = server
        self.agent = agent
        self.token = server.api(
            "POST", "/api/agent/login", {"email": agent["email"], "password": agent["password"]}
        )["access_token"]
        self.client = socketio.Client(reconnection=False, handle_sigint=False)
        self.client.connect(
            server.url,
            namespaces=["/agent"],
            auth={"token": self.token},
            transports=["websocket"],
            wait_timeout=10,
        )

    def call(self, event, data):
        ack = self.client.call(event, data, namespace="/agent", timeout=10)
        assert ack and ack.get("ok"), f"{event}: {ack}"
        return ack

    def say(self, conversation_id, text):
        return self.call(
            "message",
            {
                "conversation_id": conversation_id,
                "client_id": secrets.token_hex(8),
                "content": text,
                "type": "text",
            },
        )["message"]

    def send_image(self, conversation_id, name, data):
        attachment = upload(self.server, self.token, name, "image/png", data)
        return self.call(
            "message",
            {
                "conversation_id": conversation_id,
                "client_id": secrets.token_hex(8),
                "content": "",
                "type": "file",
                "attachment_id": attachment["id"],
            },
        )["message"]

    def read(self, conversation_id, seq):
        self.call("read", {"conversation_id": conversation_id, "seq": seq})

    def away(self):
        self.call("status", {"status": "away"})

    def close(self, conversation_id):
        self.call("close", {"conversation_id": conversation_id})

    def leave(self):
        if self.client.connected:
            self.client.disconnect()


def upload(server, token, name, mime, data):
    """POST /api/attachments as `token`: the attachment object."""
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
        server.url + "/api/attachments",
        data=body,
        method="POST",
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def someone_writes(server, text):
    """Another visitor (no browser) writes: their conversation's id."""
    auth = server.api("POST", "/api/visitor/auth", {})
    client = socketio.Client(reconnection=False, handle_sigint=False)
    client.connect(
        server.url,
        namespaces=["/visitor"],
        auth={"token": auth["token"]},
        transports=["websocket"],
        wait_timeout=10,
    )
    try:
        ack = client.call(
            "message",
            {"client_id": secrets.token_hex(8), "content": text, "type": "text"},
            namespace="/visitor",
            timeout=10,
        )
    finally:
        client.disconnect()
    assert ack and ack.get("ok"), ack
    return ack["message"]["conversation_id"]


def close_conversations(server, token, *ids):
    for conversation_id in ids:
        server.api("POST", f"/api/conversations/{conversation_id}/close", {}, token=token)


# ---------- pictures people send ----------


def tin_photo():
    """A photo of a tea tin with a dented lid (drawn, so the same bytes every run)."""
    image = Image.new("RGB", (800, 560))
    draw = ImageDraw.Draw(image)
    for y in range(560):
        shade = 236 - y // 12
        draw.line([(0, y), (800, y)], fill=(shade, shade - 14, shade - 34))
    draw.ellipse((170, 470, 630, 560), fill=(170, 150, 120))
    draw.rounded_rectangle((230, 170, 570, 520), radius=26, fill=(47, 111, 79))
    draw.rounded_rectangle((215, 120, 585, 200), radius=20, fill=(36, 86, 61))
    draw.polygon([(420, 120), (470, 150), (520, 120)], fill=(24, 58, 41))
    draw.rectangle((270, 280, 530, 420), fill=(246, 238, 222))
    draw.rectangle((300, 318, 500, 330), fill=(47, 111, 79))
    draw.rectangle((320, 350, 480, 358), fill=(140, 150, 140))
    draw.rectangle((320, 372, 460, 380), fill=(140, 150, 140))
    return png(image)


def return_label():
    """A shipping label with a barcode."""
    image = Image.new("RGB", (600, 300), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 599, 299), outline=(200, 205, 200), width=4)
    draw.rectangle((0, 0, 600, 60), fill=(47, 111, 79))
    draw.text((28, 14), "LANTERN & LEAF  RETURN", fill=(255, 255, 255), font_size=28)
    for i, width in enumerate([4, 2, 6, 2, 3, 5, 2, 4, 6, 3, 2, 5, 4, 2, 6, 3, 2, 4, 5, 2] * 3):
        x = 40 + i * 8.6
        draw.rectangle((x, 82, x + width, 180), fill=(20, 20, 20))
    draw.text((40, 196), "LL-2026-1042", fill=(20, 20, 20), font_size=34)
    draw.text((40, 246), "Lantern & Leaf, Unit 4, Leeds", fill=(80, 80, 80), font_size=22)
    return png(image)


def png(image):
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


# ---------- the visitor's browser ----------


class Visitor:
    """One visitor's browser on the demo shop (or another page), in `locale`."""

    def __init__(self, page, locale):
        self.page = page
        self.locale = locale
        self.words = WIDGET[locale]
        self.launcher = page.get_by_test_id("kefu-launcher")
        self.frame = page.frame_locator('iframe[data-testid="kefu-frame"]')
        self.input = self.frame.get_by_test_id("kefu-composer")
        self.status = self.frame.locator("#status")

    def visit(self, url="/"):
        self.page.goto(url)
        expect(self.launcher).to_be_visible()
        return self

    def open(self):
        self.launcher.click()
        expect(self.launcher).to_have_attribute("aria-expanded", "true")
        expect(self.page.locator("#kefu-widget .panel.open")).to_have_count(1)
        expect(self.input).to_be_visible()  # the team's settings are read: it listens
        return self

    def send(self, text):
        self.input.fill(text)
        self.input.press("Enter")
        expect(self.mine(text)).to_have_count(1)

    def mine(self, text):
        """The visitor's stored message with `text`."""
        return self.frame.locator(
            '[data-testid="kefu-message"][data-sender="visitor"][data-conversation]',
            has_text=text,
        )

    def theirs(self, text):
        return self.frame.locator(
            '[data-testid="kefu-message"][data-sender="agent"]', has_text=text
        )

    def conversation_id(self):
        mine = self.frame.locator(
            '[data-testid="kefu-message"][data-sender="visitor"][data-conversation]'
        )
        expect(mine.first).to_be_attached()
        return int(mine.first.get_attribute("data-conversation"))

    def attach(self, name, mime, data):
        self.frame.get_by_test_id("kefu-attach").set_input_files(
            {"name": name, "mimeType": mime, "buffer": data}
        )

    def panel_clip(self):
        """The open chat with a margin of the page around it, down to the launcher."""
        box = self.page.evaluate(
            """() => {
                const panel = document.querySelector("#kefu-widget").shadowRoot
                    .querySelector(".panel");
                const r = panel.getBoundingClientRect();
                return {x: r.left, y: r.top};
            }"""
        )
        size = self.page.viewport_size
        x, y = max(0, box["x"] - 24), max(0, box["y"] - 24)
        return {"x": x, "y": y, "width": size["width"] - x, "height": size["height"] - y}

    def shoot(self, state, clip=None, name=None):
        """docs/images/widget-<state>-<locale>.png (or `name`)."""
        self.page.mouse.move(1, 1)  # nothing hovered
        OUT.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(
            path=str(OUT / (name or f"widget-{state}-{self.locale}.png")),
            clip=clip,
            animations="disabled",
            caret="hide",
        )

    def shoot_panel(self, state):
        self.shoot(state, clip=self.panel_clip())


def assigned(kefu_server, admin_token, conversation_id, agent):
    def check():
        found = kefu_server.api("GET", f"/api/conversations/{conversation_id}", token=admin_token)
        return found["status"] == "open" and (found["agent"] or {}).get("id") == agent["id"]

    wait_until(check, message=f"conversation {conversation_id} assigned to {agent['name']}")


def wait_in_page(page, predicate, timeout_ms=10_000):
    """Wait for `predicate` while Playwright goes on handling events (routes run meanwhile)."""
    waited = 0
    while not predicate():
        assert waited < timeout_ms, "timed out"
        page.wait_for_timeout(50)
        waited += 50
