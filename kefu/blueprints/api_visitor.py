"""Visitor REST: get a token, read message history."""

from flask import Blueprint, current_app, g, jsonify, request

from ..chat.messages import visitor_history
from ..chat.visitors import authenticate_visitor
from ..errors import Forbidden, InvalidPayload
from ..ratelimit import enforce
from ..schemas import VisitorAuthIn
from ..serializers import message_dict
from ..tokens import issue_visitor_token
from .common import documented, json_body, paging, requires

bp = Blueprint("api_visitor", __name__, url_prefix="/api")


@bp.post("/visitor/auth")
@documented(body=VisitorAuthIn, body_required=False)
def auth_visitor():
    """Get a visitor token: a new anonymous visitor, a resumed one, or an identified user."""
    enforce("RATE_LIMIT_VISITOR_AUTH", request.remote_addr)
    data = json_body(VisitorAuthIn, required=False)
    visitor, secret = authenticate_visitor(
        data,
        user_agent=request.headers.get("User-Agent"),
        ip=request.remote_addr,
    )
    token, expires_in = issue_visitor_token(visitor.id)
    body = {
        "token": token,
        "expires_in": expires_in,
        "visitor_id": visitor.id,
        "socket": {"path": "/socket.io", "namespace": "/visitor"},
    }
    if secret is not None:
        body["visitor_secret"] = secret
    current_app.logger.debug("visitor %s authenticated", visitor.id)
    return jsonify(body)


@bp.get("/messages/history")
@requires("visitor", "agent", "api_key")
@documented(query=("visitor_id", "page", "per_page"))
def get_history():
    """All messages of a visitor: page 1 is the newest, each page oldest first."""
    visitor_id = request.args.get("visitor_id", "")
    if not visitor_id:
        raise InvalidPayload("'visitor_id' is required.", code="missing_field")
    if g.principal.is_visitor and g.principal.id != visitor_id:
        raise Forbidden("A visitor token reads only its own history.")
    page, per_page = paging()
    rows, total = visitor_history(visitor_id, page, per_page)
    return jsonify(
        {
            "data": [message_dict(m) for m in rows],
            "total": total,
            "page": page,
            "per_page": per_page,
        }
    )
