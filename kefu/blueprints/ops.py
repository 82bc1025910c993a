"""Operations: liveness, readiness, the OpenAPI document."""

import hmac

from flask import Blueprint, Response, current_app, jsonify, request
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from ..errors import NotFound, Unauthorized
from ..extensions import db
from ..openapi import build_document
from ..state import current_state
from .common import documented

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
def healthz():
    """200 while the process serves."""
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz():
    """200 when the database (and Redis, when configured) answer; else 503 naming what failed."""
    checks = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:  # any driver error means not ready
        db.session.rollback()
        checks["database"] = f"failed: {exc.__class__.__name__}"
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = "ok" if current_state().ping() else "failed"
    ready = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if ready else "unavailable", "checks": checks}
    return jsonify(body), 200 if ready else 503


@bp.get("/api/openapi.json")
def openapi_document():
    """This OpenAPI 3 document."""
    return jsonify(build_document())


@bp.get("/metrics")
@documented(content_type="text/plain")
def metrics():
    """Prometheus metrics of this worker process: open in development; elsewhere only with
    `Authorization: Bearer <KEFU_METRICS_TOKEN>` (404 when no token is set)."""
    token = current_app.config.get("METRICS_TOKEN")
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").encode()
        if not hmac.compare_digest(given, token.encode()):
            raise Unauthorized("Metrics need the metrics token.", code="token_invalid")
    elif not current_app.config.get("METRICS_OPEN"):
        raise NotFound("Metrics are off: set KEFU_METRICS_TOKEN.", code="not_found")
    return Response(generate_latest(), content_type=CONTENT_TYPE_LATEST)
