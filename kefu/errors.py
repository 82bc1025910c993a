"""The one error type of the domain, rendered in the contract's envelope."""


class KefuError(Exception):
    """An error a client can act on: a code, an HTTP status and a message."""

    code = "error"
    status = 400
    message = "Something is wrong with the request."

    def __init__(self, message=None, *, code=None, status=None):
        super().__init__(message or self.message)
        self.message = message or self.message
        self.code = code or self.code
        self.status = status or self.status

    def to_dict(self):
        return {"error": {"code": self.code, "message": self.message}}


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
