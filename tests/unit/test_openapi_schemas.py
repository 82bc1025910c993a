"""The OpenAPI document's request schemas: nested models live in components (their refs
resolve), the document is valid OpenAPI 3.1, and the settings and canned-response bodies
are as strict as their validation."""

from openapi_spec_validator import validate

from kefu.openapi import build_document


def _body(document, path, method):
    return document["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]


def _refs(node):
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_the_document_is_valid_and_every_ref_resolves(app):
    """No `#/$defs/…` ref is left pointing at the document's root."""
    document = build_document()
    validate(document)
    refs = set(_refs(document["paths"]))
    assert refs, "the settings body nests models"
    schemas = document["components"]["schemas"]
    for ref in refs:
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.rsplit("/", 1)[1] in schemas, ref
        assert "$defs" not in schemas[ref.rsplit("/", 1)[1]]


def test_the_settings_body_refuses_unknown_fields(app):
    """PATCH /api/settings: additionalProperties false at every level, with the patterns
    the server checks."""
    document = build_document()
    body = _body(document, "/api/settings", "patch")
    schemas = document["components"]["schemas"]
    assert body["additionalProperties"] is False
    assert set(body["properties"]) == {
        "widget",
        "business_hours",
        "allowed_origins",
        "auto_close_minutes",
        "workspace",
    }
    for name in ("WidgetPatch", "PrechatPatch", "BusinessHoursPatch", "PrechatField"):
        assert schemas[name]["additionalProperties"] is False, name
    assert schemas["WorkspacePatch"]["additionalProperties"] is False
    toggle = schemas["WorkspacePatch"]["properties"]["agents_see_all_open"]["anyOf"][0]
    assert toggle == {"type": "boolean"}
    color = schemas["WidgetPatch"]["properties"]["color"]["anyOf"][0]
    assert color["pattern"] == "^#(?:[0-9a-fA-F]{3}){1,2}$"
    minutes = body["properties"]["auto_close_minutes"]["anyOf"][0]
    assert (minutes["minimum"], minutes["maximum"]) == (1, 10080)


def test_the_canned_response_body(app):
    """POST /api/canned-responses: the shortcut's pattern and the scope's values."""
    body = _body(build_document(), "/api/canned-responses", "post")
    assert body["required"] == ["shortcut", "content"]
    assert body["properties"]["shortcut"]["pattern"] == r"^\S+$"
    assert body["properties"]["scope"]["enum"] == ["personal", "team"]
