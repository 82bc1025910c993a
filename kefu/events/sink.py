"""The one small interface through which the domain reports what happened.

sockets/broadcast.py implements it as Socket.IO emits; tests can record it.
Every call happens after the commit that made the change durable.
"""

from flask import current_app

EXTENSION_KEY = "kefu.events"


class EventSink:
    """Receives domain events; the base class ignores them all."""

    def message_posted(self, message, *, visitor_id, agent_id, origin=None):
        """A message was stored (message is its public dict)."""

    def note_mentioned(self, mention, *, agent_ids):
        """A committed private note @mentions these agents (chat/mentions.py)."""

    def conversation_changed(self, conversation, *, visitor_id, agent_ids):
        """A conversation was created, assigned, transferred or closed."""

    def pending_changed(self, conversation):
        """A pending conversation (left while nobody was available) appeared or changed."""

    def queue_changed(self, queued, visitors=None):
        """The waiting queue changed; queued is its conversations in order, visitors the
        ones whose visitors are to be told (None: all of them)."""

    def typing(self, *, conversation_id, visitor_id, agent_id, from_visitor, typing):
        """Someone is typing (relayed, never stored)."""

    def read(self, *, conversation_id, visitor_id, agent_id, from_visitor, seq):
        """Someone read up to seq."""

    def agent_changed(self, agent):
        """An agent's status, load or profile changed."""

    def agent_sessions_ended(self, agent_id):
        """The agent was deleted or its tokens revoked: its connections must end."""

    def site_changed(self, looks):
        """An admin changed the widget's looks or texts (settings/widget.widget_looks)."""

    def workspace_changed(self, workspace):
        """An admin changed the workspace settings (settings `workspace`, as JSON)."""


def current_sink():
    """Return the sink bound to the running app."""
    return current_app.extensions.get(EXTENSION_KEY) or EventSink()
