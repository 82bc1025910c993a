"""Attachments as use cases: upload a file, attach it to one message, read it back.

An upload belongs to its uploader until a message carries it (once: a unique index on
messages.attachment_id). From then on it is read by whoever may read that message: the
conversation's visitor (never a private note's file), its staff, admins, API keys.
"""

from flask import current_app
from sqlalchemy import select

from ..attachments.inspect import inspect
from ..attachments.store import attachment_store, new_key
from ..errors import AttachmentUsed, FileTooLarge, Forbidden, NotFound
from ..extensions import db
from ..models import Attachment, Conversation, Message
from .principals import require_can_read

NAME_LIMIT = 255


def upload(principal, filename, data):
    """Check, clean and store an uploaded file; the committed Attachment."""
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    if len(data) > limit:
        raise FileTooLarge(f"Files may be at most {limit // (1024 * 1024)} MB.")
    found = inspect(data, filename, set(current_app.config["UPLOAD_TYPES"]))
    key = new_key(found.kind)
    attachment_store().put(key, found.data, found.content_type)
    attachment = Attachment(
        key=key,
        name=_display_name(filename, found.kind),
        content_type=found.content_type,
        size=len(found.data),
        width=found.width,
        height=found.height,
        uploader_type=principal.sender_type,
        uploader_id=principal.sender_id,
    )
    db.session.add(attachment)
    db.session.commit()
    return attachment


def _display_name(filename, kind):
    """The sender's file name as a label (never a path): its last part, printable, bounded."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip() or f"file.{kind}"
    return name[-NAME_LIMIT:]


def for_message(principal, attachment_id):
    """The upload a message of `principal` may carry: its own, not yet attached."""
    row = db.session.execute(
        select(Attachment, Message.id)
        .outerjoin(Message, Message.attachment_id == Attachment.id)
        .where(Attachment.id == attachment_id)
    ).first()
    if row is None or not _uploaded_by(principal, row[0]):
        raise NotFound("No such upload.", code="attachment_not_found")
    if row[1] is not None:
        raise AttachmentUsed()
    return row[0]


def _uploaded_by(principal, attachment):
    return (attachment.uploader_type, attachment.uploader_id) == (
        principal.sender_type,
        principal.sender_id,
    )


def readable(principal, attachment_id):
    """The attachment, if `principal` may read it (None: a valid signed link was shown)."""
    row = db.session.execute(
        select(Attachment, Message.private, Conversation)
        .outerjoin(Message, Message.attachment_id == Attachment.id)
        .outerjoin(Conversation, Conversation.id == Message.conversation_id)
        .where(Attachment.id == attachment_id)
    ).first()
    if row is None:
        raise NotFound("No such file.", code="attachment_not_found")
    attachment, private, conversation = row
    if principal is None:
        return attachment
    if conversation is None:  # not attached yet: its uploader's alone
        if not _uploaded_by(principal, attachment):
            raise Forbidden("That file belongs to someone else.")
        return attachment
    if principal.is_visitor and private:
        raise Forbidden("That file belongs to someone else.")
    require_can_read(principal, conversation)
    return attachment
