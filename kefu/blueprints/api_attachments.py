"""Attachments over HTTP (PROTOCOL.md section 5): upload a file, fetch it back."""

from urllib.parse import quote

from flask import Blueprint, current_app, g, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from ..attachments.links import link_is_valid
from ..attachments.store import attachment_store
from ..chat import attachments
from ..errors import FileTooLarge, InvalidPayload
from ..serializers import attachment_dict
from ..tokens import principal_from_token
from .common import bearer_token, documented, requires

bp = Blueprint("api_attachments", __name__, url_prefix="/api/attachments")

# Room for the multipart framing around the file itself.
MULTIPART_SLACK = 64 * 1024
PRINCIPALS = ("visitor", "agent", "api_key")
# Shown in the page; everything else is downloaded.
INLINE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")


@bp.post("")
@requires(*PRINCIPALS)
@documented(status=201, files=("file",))
def upload():
    """Upload one file (multipart part `file`); send it with a message of type "file"."""
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    # Refused from the header, before the body is read.
    if request.content_length is not None and request.content_length > limit + MULTIPART_SLACK:
        raise _too_large(limit)
    request.max_content_length = limit + MULTIPART_SLACK
    try:
        part = request.files.get("file")
    except RequestEntityTooLarge:
        raise _too_large(limit) from None
    if part is None:
        raise InvalidPayload("Send the file as the multipart part 'file'.", code="missing_field")
    try:
        data = part.stream.read(limit + 1)
    finally:  # a large part is spooled to a temporary file: closed here, not by the GC
        part.close()
    if len(data) > limit:
        raise _too_large(limit)
    attachment = attachments.upload(g.principal, part.filename, data)
    return jsonify(attachment_dict(attachment)), 201


def _too_large(limit):
    return FileTooLarge(f"Files may be at most {limit / (1024 * 1024):g} MB.")


@bp.get("/<id:attachment_id>")
@documented(query=("token",), content_type="*/*")
def download(attachment_id):
    """The file: with the signed `token` of its message's link, or a bearer token that may
    read the message."""
    token = request.args.get("token")
    if token is not None and link_is_valid(token, attachment_id):
        principal = None
    else:
        principal = principal_from_token(bearer_token(), PRINCIPALS, "access")
    attachment = attachments.readable(principal, attachment_id)
    content_type = attachment.content_type
    if content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    disposition = "inline" if attachment.content_type in INLINE_TYPES else "attachment"
    response = current_app.response_class(
        attachment_store().chunks(attachment.key), content_type=content_type
    )
    response.headers["Content-Length"] = str(attachment.size)
    response.headers["Content-Disposition"] = _disposition(disposition, attachment.name)
    # Whatever the bytes turn out to be, they run nothing on Kefu's origin.
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


def _disposition(kind, name):
    fallback = "".join(ch if ch.isascii() and ch not in '"\\' else "_" for ch in name)
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
