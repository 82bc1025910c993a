"""The one error type of the domain, rendered in the contract's envelope."""


class KefuError(Exception):
    """An error a client can act on: a code, an HTTP status and a message."""

    code = "error"
    status = 400
    message = "Something is wrong with the request."

    def __init__(self, message=None, *, code=None, status=None, field=None):
        super().__init__(message or self.message)
        self.message = message or self.message
        self.code = code or self.code
        self.status = status or self.status
        # The input at fault as a dotted path ("widget.color", "email"), so a form can show
        # the message next to it; only for errors tied to one field.
        self.field = field

    def to_dict(self):
        error = {"code": self.code, "message": self.message}
        if self.field is not None:
            error["field"] = self.field
        return {"error": error}


class Unavailable(KefuError):
    """A service Kefu needs (the database, Redis) cannot answer now; the same request may
    succeed in a moment (a message retried with the same client_id is stored once)."""

    code = "unavailable"
    status = 503
    message = "The service is briefly unavailable; try again in a moment."


# Exceptions that mean the database cannot answer now rather than that the request is wrong:
# DB-API's OperationalError (a stopped or restarting server, a broken connection, a query
# cancelled by the server) and, for a connection that broke, InterfaceError.
_OUTAGE_NAMES = frozenset({"OperationalError", "InterfaceError"})


def database_unavailable(exc):
    """An Unavailable when `exc` means the database cannot be reached or answer now (stopped,
    a connection broken, no pooled connection free in time), else None."""
    from sqlalchemy import exc as sa

    if isinstance(exc, sa.TimeoutError | sa.DisconnectionError):
        return Unavailable("The database is busy; try again in a moment.")
    if isinstance(exc, sa.DBAPIError) and exc.connection_invalidated:
        return Unavailable("The database cannot be reached; try again in a moment.")
    if isinstance(exc, sa.StatementError):  # SQLAlchemy's wrapper: judge the driver's error
        exc = exc.orig
    if exc is not None and any(cls.__name__ in _OUTAGE_NAMES for cls in type(exc).__mro__):
        return Unavailable("The database cannot be reached; try again in a moment.")
    return None


class InvalidPayload(KefuError):
    code = "invalid_payload"
    message = "The payload is not valid."


class MessageTooLong(KefuError):
    code = "message_too_long"
    status = 413


class EmptyMessage(KefuError):
    code = "empty_message"
    message = "A message needs some content."


class InvalidClientId(KefuError):
    code = "invalid_client_id"
    message = "client_id must be a string of 1 to 64 characters."


class BadPaging(KefuError):
    code = "invalid_paging"


class Unauthorized(KefuError):
    code = "unauthorized"
    status = 401
    message = "A valid token is required."


class InvalidCredentials(Unauthorized):
    code = "invalid_credentials"
    message = "Wrong email or password."


class Forbidden(KefuError):
    code = "forbidden"
    status = 403
    message = "This token may not do that."


class NotFound(KefuError):
    code = "not_found"
    status = 404
    message = "No such resource."


class Conflict(KefuError):
    code = "conflict"
    status = 409


class UnknownSkillGroup(KefuError):
    code = "unknown_skill_group"
    message = "No such skill group."


class CapacityFull(Conflict):
    code = "capacity_full"
    message = "That agent has no free capacity."


class AlreadyAssigned(Conflict):
    code = "already_assigned"
    message = "That conversation is no longer waiting in the queue."


class ConversationClosed(Conflict):
    code = "conversation_closed"
    message = "That conversation is closed."


class RateLimited(KefuError):
    code = "rate_limited"
    status = 429
    message = "Too many requests; slow down."


class FileTooLarge(KefuError):
    code = "file_too_large"
    status = 413
    message = "That file is larger than uploads may be."


class UnsupportedType(KefuError):
    code = "unsupported_type"
    status = 415
    message = "That kind of file cannot be sent."


class AttachmentUsed(Conflict):
    code = "attachment_used"
    message = "That upload is already attached to a message; upload the file again."


class MailUnavailable(KefuError):
    code = "mail_unavailable"
    status = 503
    message = "Email could not be sent just now; try again later."
