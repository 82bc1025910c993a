"""What every JSON view shares: bearer auth, bodies, paging, and its OpenAPI notes."""

from datetime import date
from functools import wraps

from flask import g, request

from ..errors import BadPaging, Forbidden, InvalidPayload, Unauthorized
from ..schemas import MAX_ID, parse
from ..tokens import principal_from_token

MAX_PER_PAGE = 100


def bearer_token():
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Send Authorization: Bearer <token>.", code="token_missing")
    return token.strip()


def requires(*kinds, admin=False, roles=None, token_type="access"):
    """Let the view run only for these principal kinds; the principal is g.principal.
    `admin=True` lets only administrators among agents through, `roles` (e.g.
    ("supervisor", "admin")) only agents of those roles."""
    roles = ("admin",) if admin else tuple(roles or ())
    refusal = (
        "Only administrators may do that."
        if roles == ("admin",)
        else f"Only these roles may do that: {', '.join(roles)}."
    )

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            principal = principal_from_token(bearer_token(), kinds, token_type)
            if roles and principal.is_agent and principal.role not in roles:
                raise Forbidden(refusal)
            g.principal = principal
            return view(*args, **kwargs)

        wrapper.openapi_auth = tuple(
            part for k in kinds for part in (roles if roles and k == "agent" else (k,))
        )
        return wrapper

    return decorate


def documented(
    body=None,
    status=200,
    query=(),
    body_required=True,
    also=None,
    files=(),
    content_type="application/json",
):
    """Attach what the OpenAPI document says of a view: its body model, success status,
    query parameters, other success statuses ({status: description}), the file parts of a
    multipart body, and the media type of its success answer."""

    def decorate(view):
        view.openapi_files = files
        view.openapi_content_type = content_type
        view.openapi_body = body
        view.openapi_body_required = body_required
        view.openapi_status = status
        view.openapi_query = query
        view.openapi_also = also or {}
        return view

    return decorate


def json_body(model, required=True):
    """Parse the JSON request body into `model` (a missing body is {} when not required)."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        if required:
            raise InvalidPayload("A JSON body is required.", code="invalid_json")
        return parse(model, {})
    try:
        data = request.get_json(force=True, silent=True)
    except RecursionError:  # JSON nested thousands deep: no payload of Kefu's is
        raise InvalidPayload("The body is nested too deeply.", code="invalid_json") from None
    if data is None:
        raise InvalidPayload("The body is not valid JSON.", code="invalid_json")
    return parse(model, data)


def int_arg(name, default, minimum=1, maximum=None):
    """Read a whole-number query argument, refusing anything else with invalid_paging."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadPaging(f"'{name}' must be a whole number.") from None
    maximum = MAX_ID if maximum is None else maximum
    if value < minimum or value > maximum:
        raise BadPaging(f"'{name}' must be at least {minimum} and at most {maximum}.")
    return value


def day_arg(name, default=None):
    """Read a YYYY-MM-DD query argument, refusing anything else with invalid_field."""
    raw = request.args.get(name)
    if not raw:
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError:
        message = f"'{name}' must be a day as YYYY-MM-DD."
        raise InvalidPayload(message, code="invalid_field") from None


def paging():
    return int_arg("page", 1), int_arg("per_page", 20, maximum=MAX_PER_PAGE)
