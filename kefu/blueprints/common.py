"""What every JSON view shares: bearer auth, bodies, paging, and its OpenAPI notes."""

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


def requires(*kinds, admin=False, token_type="access"):
    """Let the view run only for these principal kinds; the principal is g.principal."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            principal = principal_from_token(bearer_token(), kinds, token_type)
            if admin and principal.is_agent and not principal.is_admin:
                raise Forbidden("Only administrators may do that.")
            g.principal = principal
            return view(*args, **kwargs)

        wrapper.openapi_auth = tuple("admin" if admin and k == "agent" else k for k in kinds)
        return wrapper

    return decorate


def documented(body=None, status=200, query=(), body_required=True, also=None):
    """Attach what the OpenAPI document says of a view: its body model, success status,
    query parameters, and other success statuses ({status: description})."""

    def decorate(view):
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


def paging():
    return int_arg("page", 1), int_arg("per_page", 20, maximum=MAX_PER_PAGE)
