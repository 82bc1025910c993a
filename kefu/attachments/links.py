"""Signed, short-lived links to a file: an <img> cannot send an Authorization header, so a
message hands its readers a link that proves they were allowed to read it."""

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

SALT = "kefu.attachment"


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def url_of(attachment_id):
    token = _serializer().dumps(attachment_id)
    return f"/api/attachments/{attachment_id}?token={token}"


def link_is_valid(token, attachment_id):
    try:
        signed = _serializer().loads(token, max_age=current_app.config["ATTACHMENT_URL_SECONDS"])
    except BadSignature:  # also SignatureExpired
        return False
    return signed == attachment_id
