"""A conversation as plain text, as its visitor saw it (no private notes)."""

from ..models import Message
from ..timeutil import isoformat
from .messages import messages_after

LABELS = {
    "en": {"title": "Conversation #{id}", "file": "[file: {name}]", "system": "Kefu"},
    "zh-CN": {"title": "会话 #{id}", "file": "[文件：{name}]", "system": "客服系统"},
}


def transcript_text(principal, conversation, locale=None):
    """The visible messages of `conversation`, one block each: time, sender, text."""
    labels = LABELS.get(locale or "en", LABELS["en"])
    lines = [labels["title"].format(id=conversation.id), ""]
    for message in messages_after(principal, conversation, 0):
        lines.append(f"[{isoformat(message.created_at)}] {_sender(message, labels)}")
        if message.content:
            lines.append(message.content)
        if message.attachment is not None:
            lines.append(labels["file"].format(name=message.attachment.name))
        lines.append("")
    return "\n".join(lines)


def _sender(message: Message, labels):
    if message.sender_type == "system":
        return labels["system"]
    return message.sender_name or message.sender_type
