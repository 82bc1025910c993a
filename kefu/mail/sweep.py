"""The mail sweep: every KEFU_MAIL_SWEEP_SECONDS each worker sends what is due.

- A message left offline (a pending conversation) → one email to KEFU_NOTIFY_EMAILS.
- An agent reply the visitor has not read for KEFU_REPLY_EMAIL_DELAY_SECONDS → one email to
  the visitor, if they gave an address, with every reply since the last email.

Each email is claimed first with an atomic UPDATE (so two workers never send the same one)
and released again when the SMTP server refuses it, so the next sweep retries it. Kept in
the database, not in a timer: a restart loses no notice.
"""

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, or_, select, update

from ..extensions import db
from ..models import STATUS_CLOSED, STATUS_PENDING, Conversation, Message, Visitor
from ..timeutil import utcnow
from . import letters, smtp

log = logging.getLogger(__name__)
BATCH = 50
# Closed conversations stay candidates this long (a last reply before the close).
RECENT = timedelta(days=1)


def send_due(now=None):
    """Send every email that is due; how many were sent."""
    if not current_app.config.get("SMTP_URL"):
        return 0
    now = now or utcnow()
    return notify_team(now) + email_unread_replies(now)


def _send(recipients, subject, body):
    config = current_app.config
    smtp.send(config["SMTP_URL"], config["MAIL_FROM"], recipients, subject, body)


def _link(path=""):
    base = (current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    return f"{base}{path}" if base else path


def notify_team(now):
    team = current_app.config.get("NOTIFY_EMAILS") or []
    if not team or team == "*":
        return 0
    pending = db.session.execute(
        select(Conversation.id, Visitor.name, Visitor.email)
        .join(Visitor, Visitor.id == Conversation.visitor_id)
        .where(Conversation.status == STATUS_PENDING, Conversation.team_notified_at.is_(None))
        .order_by(Conversation.id)
        .limit(BATCH)
    ).all()
    sent = 0
    for conversation_id, name, email in pending:
        if not _claim(
            Conversation.team_notified_at.is_(None), conversation_id, team_notified_at=now
        ):
            continue
        first = db.session.scalar(
            select(Message.content)
            .where(Message.conversation_id == conversation_id)
            .order_by(Message.seq)
            .limit(1)
        )
        subject, body = letters.offline_notice(
            conversation_id, name or "A visitor", email or "-", first or "", _link("/dashboard")
        )
        try:
            _send(team, subject, body)
            sent += 1
        except Exception:
            log.exception("emailing the team about conversation %s failed", conversation_id)
            _claim(Conversation.team_notified_at == now, conversation_id, team_notified_at=None)
    return sent


def email_unread_replies(now):
    due_before = now - timedelta(seconds=current_app.config["REPLY_EMAIL_DELAY_SECONDS"])
    candidates = db.session.execute(
        select(
            Conversation.id,
            Conversation.visitor_read_seq,
            Conversation.visitor_emailed_seq,
            Visitor.email,
            Visitor.name,
            Visitor.locale,
            Visitor.page_url,
        )
        .join(Visitor, Visitor.id == Conversation.visitor_id)
        .where(
            Visitor.email.is_not(None),
            Conversation.last_seq > Conversation.visitor_read_seq,
            Conversation.last_seq > Conversation.visitor_emailed_seq,
            or_(Conversation.status != STATUS_CLOSED, Conversation.closed_at > now - RECENT),
        )
        .order_by(Conversation.id)
        .limit(BATCH)
    ).all()
    sent = 0
    for conversation_id, read_seq, emailed_seq, email, name, locale, page_url in candidates:
        replies = db.session.execute(
            select(Message.seq, Message.sender_name, Message.content, Message.created_at)
            .where(
                Message.conversation_id == conversation_id,
                Message.seq > max(read_seq, emailed_seq),
                Message.sender_type == "agent",
                Message.private.is_(False),
            )
            .order_by(Message.seq)
        ).all()
        # Wait until the newest reply is due: a burst of lines makes one email.
        if not replies or replies[-1].created_at > due_before:
            continue
        newest = replies[-1].seq
        if not _claim(
            Conversation.visitor_emailed_seq < newest, conversation_id, visitor_emailed_seq=newest
        ):
            continue
        subject, body = letters.reply_notice(
            conversation_id,
            locale,
            name,
            [(r.sender_name or "Support", r.content) for r in replies if r.content],
            page_url or _link("/"),
        )
        try:
            _send([email], subject, body)
            sent += 1
        except Exception:
            log.exception("emailing a reply of conversation %s failed", conversation_id)
            _claim(
                Conversation.visitor_emailed_seq == newest,
                conversation_id,
                visitor_emailed_seq=emailed_seq,
            )
    return sent


def _claim(condition, conversation_id, **values):
    """UPDATE the conversation if `condition` still holds; True when this worker did."""
    done = db.session.execute(
        update(Conversation)
        .where(and_(Conversation.id == conversation_id, condition))
        .values(**values)
    )
    db.session.commit()
    return done.rowcount == 1
