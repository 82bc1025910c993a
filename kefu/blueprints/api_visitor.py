"""Visitor REST: get a token, read message history."""

from flask import Blueprint, current_app, g, jsonify, request

from ..chat import lookups
from ..chat.messages import visitor_history
from ..chat.offline import leave_message
from ..chat.transcripts import transcript_text
from ..chat.visitors import authenticate_visitor, update_self
from ..dispatch.queue import public_conversation
from ..errors import Forbidden, InvalidPayload, KefuError, MailUnavailable, NotFound
from ..mail import letters, smtp
from ..ratelimit import enforce
from ..schemas import OfflineMessageIn, VisitorAuthIn, VisitorSelfUpdateIn
from ..serializers import message_dict, visitor_view
from ..tokens import issue_visitor_token
from .common import documented, json_body, paging, requires

bp = Blueprint("api_visitor", __name__, url_prefix="/api")


@bp.post("/visitor/auth")
@documented(body=VisitorAuthIn, body_required=False)
def auth_visitor():
    """Get a visitor token: a new anonymous visitor, a resumed one, or an identified user."""
    enforce("RATE_LIMIT_VISITOR_AUTH", request.remote_addr)
    data = json_body(VisitorAuthIn, required=False)
    visitor, secret = authenticate_visitor(
        data,
        user_agent=request.headers.get("User-Agent"),
        ip=request.remote_addr,
    )
    token, expires_in = issue_visitor_token(visitor.id)
    body = {
        "token": token,
        "expires_in": expires_in,
        "visitor_id": visitor.id,
        "socket": {"path": "/socket.io", "namespace": "/visitor"},
    }
    if secret is not None:
        body["visitor_secret"] = secret
    current_app.logger.debug("visitor %s authenticated", visitor.id)
    return jsonify(body)


@bp.get("/messages/history")
@requires("visitor", "agent", "api_key")
@documented(query=("visitor_id", "page", "per_page"))
def get_history():
    """All messages of a visitor: page 1 is the newest, each page oldest first."""
    visitor_id = request.args.get("visitor_id", "")
    if not visitor_id:
        raise InvalidPayload("'visitor_id' is required.", code="missing_field")
    if g.principal.is_visitor and g.principal.id != visitor_id:
        raise Forbidden("A visitor token reads only its own history.")
    page, per_page = paging()
    rows, total = visitor_history(visitor_id, page, per_page, with_notes=g.principal.is_staff)
    return jsonify(
        {
            "data": [message_dict(m) for m in rows],
            "total": total,
            "page": page,
            "per_page": per_page,
        }
    )


@bp.patch("/visitor/me")
@requires("visitor")
@documented(body=VisitorSelfUpdateIn)
def update_me():
    """Change what the visitor says of themselves: name, email, locale, skill group, and
    attributes (shown to agents as visitor-supplied; a null value removes one)."""
    visitor = update_self(g.principal.id, json_body(VisitorSelfUpdateIn))
    return jsonify(
        {
            "id": visitor.id,
            "name": visitor.name,
            "email": visitor.email,
            "locale": visitor.locale,
            "skill_group": visitor.skill_group,
            "attributes": visitor.attributes or {},
        }
    )


@bp.post("/visitor/offline-message")
@requires("visitor")
@documented(body=OfflineMessageIn, status=201)
def offline_message():
    """Leave a message while nobody can answer: it opens a pending conversation (announced
    to the team by email), or joins the visitor's active one."""
    data = json_body(OfflineMessageIn)
    conversation = leave_message(g.principal, data.name, data.email, data.content, data.client_id)
    return jsonify({"conversation": visitor_view(public_conversation(conversation))}), 201


def _transcript_of_caller():
    conversation = lookups.active_conversation(g.principal.id) or lookups.latest_conversation(
        g.principal.id
    )
    if conversation is None:
        raise NotFound("There is no conversation yet.", code="conversation_not_found")
    return conversation, transcript_text(g.principal, conversation, conversation.visitor.locale)


@bp.post("/visitor/transcript/email")
@requires("visitor")
@documented()
def email_transcript():
    """Email the visitor's current or latest conversation to the address they gave."""
    enforce("RATE_LIMIT_TRANSCRIPT_EMAIL", g.principal.id)
    conversation, text = _transcript_of_caller()
    address = conversation.visitor.email
    if not address:
        raise InvalidPayload("Tell us your email address first.", code="missing_field")
    if not current_app.config.get("SMTP_URL"):
        raise KefuError("Email is not set up on this server.", code="mail_not_configured")
    subject, body = letters.transcript_mail(conversation.id, conversation.visitor.locale, text)
    config = current_app.config
    try:
        smtp.send(config["SMTP_URL"], config["MAIL_FROM"], [address], subject, body)
    except Exception:
        current_app.logger.exception("emailing a transcript failed")
        raise MailUnavailable() from None
    return jsonify({"sent_to": address})


@bp.get("/visitor/transcript")
@requires("visitor")
@documented(content_type="text/plain")
def transcript():
    """The visitor's current or latest conversation as text/plain (what they could see)."""
    conversation, text = _transcript_of_caller()
    response = current_app.response_class(text, content_type="text/plain; charset=utf-8")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="kefu-conversation-{conversation.id}.txt"'
    )
    return response
