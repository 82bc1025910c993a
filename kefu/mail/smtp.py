"""Sending one email through the server of KEFU_SMTP_URL: smtp://[user:pass@]host:port
(STARTTLS when the server offers it) or smtps://… (TLS from the start)."""

import smtplib
import ssl
from email.message import EmailMessage
from urllib.parse import unquote, urlparse

TIMEOUT_SECONDS = 15


def send(url, sender, recipients, subject, body):
    parsed = urlparse(url)
    if parsed.scheme not in ("smtp", "smtps") or not parsed.hostname:
        raise ValueError("KEFU_SMTP_URL must be smtp://host:port or smtps://host:port")
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Subject"] = subject
    message.set_content(body)
    secure = parsed.scheme == "smtps"
    kind = smtplib.SMTP_SSL if secure else smtplib.SMTP
    port = parsed.port or (465 if secure else 25)
    with kind(parsed.hostname, port, timeout=TIMEOUT_SECONDS) as server:
        if not secure:
            server.ehlo()
            if server.has_extn("starttls"):
                server.starttls(context=ssl.create_default_context())
                server.ehlo()
        if parsed.username:
            server.login(unquote(parsed.username), unquote(parsed.password or ""))
        server.send_message(message)
