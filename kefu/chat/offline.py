"""Messages left while nobody can answer (the widget's offline form, PROTOCOL.md section 6).

The message takes the one message path; when it opens a conversation, that conversation is
`pending`: not routed, listed for agents to pick, and announced to the team by email
(kefu.mail's sweep, so a restart loses no notice). A visitor who already has an active
conversation simply adds the message to it.
"""

import uuid

from ..extensions import db
from ..models import Visitor
from .lookups import get_conversation
from .messages import post_message
from .principals import Principal


def leave_message(principal, name, email, content, client_id=None):
    """Store the visitor's name, email and message; their conversation."""
    visitor = db.session.get(Visitor, principal.id)
    visitor.name, visitor.email = name, email
    db.session.commit()
    sender = Principal("visitor", principal.id, name)
    message, _ = post_message(
        sender, content, client_id=client_id or f"offline-{uuid.uuid4().hex}", left_offline=True
    )
    return get_conversation(message.conversation_id)
