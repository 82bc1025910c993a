"""The event types of PROTOCOL.md section 9 that a webhook may subscribe to."""

EVENT_TYPES = (
    "conversation.created",
    "conversation.assigned",
    "conversation.transferred",
    "conversation.closed",
    "conversation.rated",
    "message.created",
    "note.created",
    "offline_message.created",
)
# Sent only to the webhook whose "send test event" was pressed.
TEST_EVENT = "webhook.test"
