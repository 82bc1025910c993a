"""Shared factories of the unit tests: principals, and messages through the one
post_message (the product's only path)."""

from kefu.chat.messages import post_message
from kefu.chat.principals import Principal
from kefu.extensions import db
from kefu.models import Conversation


def as_visitor(visitor):
    """The principal a visitor's token gives."""
    return Principal("visitor", visitor.id, visitor.name)


def as_agent(agent):
    """The principal an agent's token gives."""
    return Principal("agent", agent.id, agent.name, agent.is_admin, role=agent.role)


def visitor_says(principal, client_id, content, **options):
    """A visitor's message: to their active conversation, opening one if none."""
    return post_message(principal, content, client_id=client_id, **options)


def staff_says(principal, conversation_id, client_id, content, **options):
    """An agent's or API key's message into a named conversation."""
    return post_message(
        principal, content, client_id=client_id, conversation_id=conversation_id, **options
    )


def say(visitor, text="hi", client_id=None):
    """The visitor says `text`; their conversation, freshly read."""
    message, _ = visitor_says(as_visitor(visitor), client_id or f"c-{visitor.id}-{text}", text)
    return db.session.get(Conversation, message.conversation_id, populate_existing=True)
