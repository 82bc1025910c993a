"""Payload shapes for REST bodies and socket events, validated with pydantic.

Content length is checked in the domain (its limit is configuration), so the
same rule holds for REST and both namespaces.
"""

from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    field_validator,
    model_validator,
)

from .errors import InvalidClientId, InvalidPayload
from .events.types import EVENT_TYPES

ClientId = Annotated[StrictStr, Field(min_length=1, max_length=64)]
ShortText = Annotated[StrictStr, Field(max_length=255)]
LongText = Annotated[StrictStr, Field(max_length=2048)]
# Every id and seq fits a signed 64-bit column; a larger number is refused here, not by
# the database driver (it answered 500 with an OverflowError).
MAX_ID = 2**63 - 1
Seq = Annotated[StrictInt, Field(ge=0, le=MAX_ID)]
ConversationId = Annotated[StrictInt, Field(ge=1, le=MAX_ID)]
SkillName = Annotated[StrictStr, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]
UserId = Annotated[StrictStr, Field(min_length=1, max_length=128)]
Role = Literal["agent", "supervisor", "admin"]


def storable_text(value):
    """Text every database stores and every client reads: refuse NUL characters (PostgreSQL
    cannot store them) and unpaired surrogates (not UTF-8; a driver fails to encode them)."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("must not contain NUL characters")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("must be valid Unicode text (no unpaired surrogates)") from None
    return value


class Payload(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)

    _storable = field_validator("*")(storable_text)


class VisitorAuthIn(Payload):
    visitor_id: Annotated[StrictStr, Field(max_length=40)] | None = None
    visitor_secret: Annotated[StrictStr, Field(max_length=128)] | None = None
    user_id: UserId | None = None
    user_hash: Annotated[StrictStr, Field(max_length=128)] | None = None
    name: Annotated[StrictStr, Field(max_length=128)] | None = None
    email: ShortText | None = None
    skill_group: Annotated[StrictStr, Field(max_length=64)] | None = None
    page_url: LongText | None = None
    referrer: LongText | None = None
    locale: Annotated[StrictStr, Field(max_length=32)] | None = None


EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
Email = Annotated[StrictStr, Field(max_length=255, pattern=EMAIL_PATTERN)]
AttributeValue = Annotated[StrictStr, Field(max_length=255)] | StrictInt | StrictBool | None
# setAttributes from the page: a few short values, shown to agents as visitor-supplied.
Attributes = Annotated[
    dict[Annotated[StrictStr, Field(min_length=1, max_length=64)], AttributeValue],
    Field(max_length=50),
]


class VisitorSelfUpdateIn(Payload):
    """What a visitor may change about themselves (the widget's identify without a hash,
    setAttributes, setLocale, setSkillGroup). A null attribute removes it."""

    name: Annotated[StrictStr, Field(max_length=128)] | None = None
    email: Email | None = None
    locale: Annotated[StrictStr, Field(max_length=32)] | None = None
    skill_group: Annotated[StrictStr, Field(max_length=64)] | None = None
    attributes: Attributes | None = None


class OfflineMessageIn(Payload):
    name: Annotated[StrictStr, Field(min_length=1, max_length=128)]
    email: Email
    content: StrictStr
    # Optional, as with any message: a resubmitted form is stored once.
    client_id: ClientId | None = None


class LoginIn(Payload):
    email: Annotated[StrictStr, Field(min_length=1, max_length=255)]
    password: Annotated[StrictStr, Field(min_length=1, max_length=1024)]


class MessageIn(Payload):
    client_id: ClientId
    content: StrictStr
    # "file": the message carries attachment_id (an upload of the sender's), content its caption.
    type: Literal["text", "file"] = "text"
    attachment_id: Annotated[StrictInt, Field(ge=1, le=MAX_ID)] | None = None

    @model_validator(mode="after")
    def _file_has_attachment(self):
        if (self.type == "file") != (self.attachment_id is not None):
            raise ValueError('a "file" message carries attachment_id; a "text" message does not')
        return self


MAX_MENTIONS = 20  # chat/mentions.py checks that each is an active agent


class StaffMessageIn(MessageIn):
    # A note for colleagues: stored in the conversation, never sent to the visitor.
    private: StrictBool = False
    mentions: Annotated[
        list[Annotated[StrictInt, Field(ge=1, le=MAX_ID)]],
        Field(
            max_length=MAX_MENTIONS,
            description=(
                "Agent ids a private note @mentions (at most 20, each once, active agents"
                " only): each gets a `mention` event on /agent and may read the conversation."
            ),
        ),
    ] = []

    @field_validator("mentions")
    @classmethod
    def _mentioned_once(cls, value):
        if len(set(value)) != len(value):
            raise ValueError("each agent is mentioned once")
        return value


class AgentMessageIn(StaffMessageIn):
    conversation_id: ConversationId


class TypingIn(Payload):
    typing: StrictBool


class AgentTypingIn(TypingIn):
    conversation_id: ConversationId


class ReadIn(Payload):
    seq: Seq


class AgentReadIn(ReadIn):
    conversation_id: ConversationId


class SyncIn(Payload):
    after_seq: Seq = 0


class AgentSyncIn(SyncIn):
    conversation_id: ConversationId


class RateIn(Payload):
    conversation_id: ConversationId
    score: Annotated[StrictInt, Field(ge=1, le=5)]
    comment: Annotated[StrictStr, Field(max_length=2000)] = ""


class StatusIn(Payload):
    status: Literal["online", "away"]


class ConversationRef(Payload):
    conversation_id: ConversationId


class WatchIn(Payload):
    # null: watch nothing any more.
    conversation_id: ConversationId | None


class TransferIn(Payload):
    agent_id: Annotated[StrictInt, Field(ge=1, le=MAX_ID)] | None = None
    skill_group: Annotated[StrictStr, Field(min_length=1, max_length=64)] | None = None


class AgentTransferIn(TransferIn):
    conversation_id: ConversationId


class AgentCreateIn(Payload):
    email: Annotated[StrictStr, Field(min_length=3, max_length=255, pattern=r"^[^@\s]+@[^@\s]+$")]
    password: Annotated[StrictStr, Field(min_length=1, max_length=1024)]
    name: Annotated[StrictStr, Field(min_length=1, max_length=128)]
    skills: list[SkillName] = []
    max_concurrent: Annotated[StrictInt, Field(ge=1, le=1000)] = 5
    role: Role = "agent"


class AgentUpdateIn(Payload):
    name: Annotated[StrictStr, Field(min_length=1, max_length=128)] | None = None
    password: Annotated[StrictStr, Field(min_length=1, max_length=1024)] | None = None
    skills: list[SkillName] | None = None
    max_concurrent: Annotated[StrictInt, Field(ge=1, le=1000)] | None = None
    role: Role | None = None
    # false deactivates (as DELETE does), true reactivates.
    active: StrictBool | None = None


class SkillGroupIn(Payload):
    name: SkillName


class VisitorUpdateIn(Payload):
    priority: Annotated[StrictInt, Field(ge=-100, le=100)] | None = None
    skill_group: Annotated[StrictStr, Field(max_length=64)] | None = None
    name: Annotated[StrictStr, Field(max_length=128)] | None = None
    email: ShortText | None = None


class ApiKeyIn(Payload):
    name: Annotated[StrictStr, Field(min_length=1, max_length=128)]


# A canned response's shortcut: what the agent types after "/", one word.
Shortcut = Annotated[StrictStr, Field(min_length=1, max_length=64, pattern=r"^\S+$")]
# Its text; the limit on what can be sent (KEFU_MAX_MESSAGE_CHARS) is checked in the domain.
CannedContent = Annotated[StrictStr, Field(min_length=1, max_length=20000)]


class CannedResponseIn(Payload):
    shortcut: Shortcut
    content: CannedContent
    scope: Literal["personal", "team"] = "personal"


class CannedResponseUpdateIn(Payload):
    shortcut: Shortcut | None = None
    content: CannedContent | None = None


def parse(model, data):
    """Validate `data` against `model`, raising a KefuError with a specific code."""
    if not isinstance(data, dict):
        raise InvalidPayload("The payload must be a JSON object.")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "payload"
        if field == "client_id":
            raise InvalidClientId() from None
        if first["type"] == "missing":
            raise InvalidPayload(
                f"'{field}' is required.", code="missing_field", field=field
            ) from None
        reason = first["msg"].removeprefix("Value error, ")
        raise InvalidPayload(f"'{field}': {reason}.", code="invalid_field", field=field) from None


WebhookEvent = Literal[EVENT_TYPES]
WebhookEvents = Annotated[list[WebhookEvent], Field(min_length=1, max_length=16)]


class WebhookIn(Payload):
    url: LongText
    events: WebhookEvents
    active: StrictBool = True


class WebhookUpdateIn(Payload):
    url: LongText | None = None
    events: WebhookEvents | None = None
    active: StrictBool | None = None
    # A new secret, shown once; the old one keeps signing during the overlap.
    rotate_secret: StrictBool = False
