"""Conversations REST, for agents and for integrations with an API key."""

from flask import Blueprint, g, jsonify, request

from ..chat import conversations, lookups, messages, search
from ..errors import InvalidPayload
from ..models import STATUS_CLOSED, STATUS_OPEN, STATUS_PENDING, STATUS_QUEUED
from ..schemas import StaffMessageIn, TransferIn
from ..serializers import message_dict
from .common import day_arg, documented, int_arg, json_body, paging, requires

bp = Blueprint("api_conversations", __name__, url_prefix="/api/conversations")

STAFF = ("agent", "api_key")
SEARCH_MAX_CHARS = 200
STATUSES = (STATUS_QUEUED, STATUS_PENDING, STATUS_OPEN, STATUS_CLOSED)


@bp.get("")
@requires(*STAFF)
@documented(
    query=(
        "status",
        "mine",
        "q",
        "agent_id",
        "skill_group",
        "visitor_id",
        "from",
        "to",
        "rating",
        "page",
        "per_page",
    )
)
def list_conversations():
    """Conversations, newest first; filter by status, mine=1 for the agent's own, q (text in
    the visitor's name or email or in the messages), agent, skill group, visitor, creation
    days (from, to: YYYY-MM-DD, UTC, inclusive) and rating."""
    status = request.args.get("status") or None
    if status is not None and status not in STATUSES:
        raise InvalidPayload(
            f"'status' must be one of {', '.join(STATUSES)}.", code="invalid_field"
        )
    wanted = search.ConversationFilter(
        status=status,
        mine=request.args.get("mine", "") in ("1", "true", "yes"),
        text=_search_text(),
        agent_id=int_arg("agent_id", None),
        skill_group=request.args.get("skill_group") or None,
        visitor_id=request.args.get("visitor_id") or None,
        created_from=day_arg("from"),
        created_to=day_arg("to"),
        rating=int_arg("rating", None, minimum=1, maximum=5),
    )
    page, per_page = paging()
    rows, total = lookups.list_conversations(g.principal, wanted, page, per_page)
    return jsonify({"data": rows, "total": total, "page": page, "per_page": per_page})


def _search_text():
    text = (request.args.get("q") or "").strip()
    if len(text) > SEARCH_MAX_CHARS:
        raise InvalidPayload(
            f"'q' may hold at most {SEARCH_MAX_CHARS} characters.", code="invalid_field"
        )
    return text or None


@bp.get("/<id:conversation_id>")
@requires(*STAFF)
def get_conversation(conversation_id):
    """One conversation."""
    conversation = lookups.readable_conversation(g.principal, conversation_id)
    return jsonify(conversations.public_conversation(conversation))


@bp.get("/<id:conversation_id>/messages")
@requires(*STAFF)
@documented(query=("after_seq", "limit"))
def list_messages(conversation_id):
    """Messages with seq > after_seq, ascending, at most `limit` (100 by default, 500 at most)."""
    after_seq = int_arg("after_seq", 0, minimum=0)
    limit = int_arg("limit", 100, maximum=500)
    conversation = lookups.readable_conversation(g.principal, conversation_id)
    rows = messages.messages_after(g.principal, conversation, after_seq, limit)
    return jsonify({"data": [message_dict(m) for m in rows]})


@bp.post("/<id:conversation_id>/messages")
@requires(*STAFF)
@documented(body=StaffMessageIn, status=201, also={200: "A retry: the message stored before"})
def post_message(conversation_id):
    """Send a message as the assigned agent, an admin or an API key; a repeated client_id
    returns the stored message with 200."""
    data = json_body(StaffMessageIn)
    message, created = messages.post_message(
        g.principal,
        data.content,
        client_id=data.client_id,
        conversation_id=conversation_id,
        msg_type=data.type,
        private=data.private,
        mentions=data.mentions,
        attachment_id=data.attachment_id,
    )
    return jsonify(message_dict(message)), 201 if created else 200


@bp.post("/<id:conversation_id>/transfer")
@requires(*STAFF)
@documented(body=TransferIn)
def transfer_conversation(conversation_id):
    """Hand the conversation to an agent ({"agent_id"}) or a skill group ({"skill_group"})."""
    data = json_body(TransferIn)
    return jsonify(
        conversations.transfer_conversation(
            g.principal, conversation_id, data.agent_id, data.skill_group
        )
    )


@bp.post("/<id:conversation_id>/close")
@requires(*STAFF)
def close_conversation(conversation_id):
    """Close the conversation (idempotent)."""
    return jsonify(conversations.close_conversation(g.principal, conversation_id))


@bp.post("/<id:conversation_id>/pick")
@requires("agent")
def pick_conversation(conversation_id):
    """Take a queued conversation (the REST twin of the socket `pick`)."""
    return jsonify(conversations.pick_conversation(g.principal, conversation_id))
