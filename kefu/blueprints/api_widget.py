"""Widget REST: its public configuration (no token: the widget asks before anyone writes)."""

from flask import Blueprint, jsonify, request

from ..settings import current_settings
from ..settings.widget import widget_config
from ..timeutil import utcnow
from .common import documented

bp = Blueprint("api_widget", __name__, url_prefix="/api")

# Browsers and proxies may reuse an answer this long: a widget loaded on every page view
# asks once per few seconds at most, and an agent coming online shows within that time.
CACHE_SECONDS = 5


@bp.get("/widget/config")
@documented(query=("skill_group",))
def get_widget_config():
    """The widget's looks, texts, pre-chat form and upload limits, and whether an agent
    can answer now (`online`; with ?skill_group=name also `group_online`)."""
    skill_group = request.args.get("skill_group") or None
    response = jsonify(widget_config(current_settings(), utcnow(), skill_group))
    response.headers["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response
