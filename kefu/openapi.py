"""The OpenAPI 3 document, generated from the registered routes and their notes."""

import re

from flask import current_app
from werkzeug.routing import IntegerConverter

from . import __version__

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "field": {"type": "string"},
            },
        }
    },
}

PUBLIC_PREFIXES = ("/api/", "/healthz", "/readyz", "/metrics")
_CONVERTER = re.compile(r"<(?:[a-z_]+:)?([a-z_]+)>")


def documented_rules(app):
    """The JSON routes that belong in the document (not pages, not static files)."""
    return [
        rule
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(PUBLIC_PREFIXES) and rule.endpoint != "static"
    ]


def openapi_path(rule):
    return _CONVERTER.sub(r"{\1}", rule.rule)


def _path_schema(rule, name):
    """A path argument's schema: an id converter's bounds, or a plain string."""
    converter = rule._converters.get(name)
    if not isinstance(converter, IntegerConverter):
        return {"type": "string"}
    schema = {"type": "integer"}
    if converter.min is not None:
        schema["minimum"] = converter.min
    if converter.max is not None:
        schema["maximum"] = converter.max
    return schema


def _operation(rule, method, view, schemas):
    doc = (view.__doc__ or view.__name__).strip()
    summary, _, description = doc.partition("\n")
    status = str(getattr(view, "openapi_status", 200))
    success = {"description": "Success"}
    if status != "204":
        success["content"] = {getattr(view, "openapi_content_type", "application/json"): {}}
    operation = {
        "operationId": rule.endpoint.replace(".", "_"),
        "summary": " ".join(summary.split()),
        "tags": [rule.endpoint.split(".")[0]],
        "responses": {
            status: success,
            "default": {
                "description": "Error",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            },
        },
    }
    for code, text in getattr(view, "openapi_also", {}).items():
        operation["responses"][str(code)] = {
            "description": text,
            "content": {"application/json": {}},
        }
    if description.strip():
        operation["description"] = " ".join(description.split())
    auth = getattr(view, "openapi_auth", None)
    operation["security"] = [{"bearer": []}] if auth else []
    if auth:
        operation["x-kefu-principals"] = list(auth)
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": _path_schema(rule, name)}
        for name in sorted(rule.arguments)
    ]
    parameters += [
        {"name": name, "in": "query", "required": False, "schema": {"type": "string"}}
        for name in getattr(view, "openapi_query", ())
    ]
    if parameters:
        operation["parameters"] = parameters
    body = getattr(view, "openapi_body", None)
    if body is not None and method in ("POST", "PATCH", "PUT"):
        operation["requestBody"] = {
            "required": getattr(view, "openapi_body_required", True),
            "content": {"application/json": {"schema": _body_schema(body, schemas)}},
        }
    files = getattr(view, "openapi_files", ())
    if files:
        binary = {"type": "string", "format": "binary"}
        form = {
            "type": "object",
            "required": list(files),
            "properties": dict.fromkeys(files, binary),
        }
        operation["requestBody"] = {
            "required": True,
            "content": {"multipart/form-data": {"schema": form}},
        }
    return operation


def _body_schema(model, schemas):
    """The model's JSON schema; the models it nests go to components (a `#/$defs/…` ref
    would point at the document's root, where there are none)."""
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(schema.pop("$defs", {}))
    return schema


def build_document(app=None):
    """Describe every JSON route of the app."""
    app = app or current_app
    paths = {}
    schemas = {"Error": ERROR_SCHEMA}
    for rule in documented_rules(app):
        view = app.view_functions[rule.endpoint]
        item = paths.setdefault(openapi_path(rule), {})
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            item[method.lower()] = _operation(rule, method, view, schemas)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Kefu API",
            "version": __version__,
            "description": "Live-chat customer service. Socket.IO events are in docs/api.md.",
        },
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": dict(sorted(schemas.items())),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
