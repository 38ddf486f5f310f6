"""The JSON Schema of notice data files, as an editor should see them.

pydantic's schema describes the models; data files are friendlier than that: a paragraph
is a bare string, a body may be plain text, a 回执 field or a 密级 a single string,
numbers stand in text fields.  This module widens the generated schema to match what the
loader accepts, so an editor does not mark a valid file as wrong.
"""

from __future__ import annotations

from typing import Any

from notice_kit.models import Package

# Models that also accept one string: the string is their main field.
_STRING_FORMS = ("Paragraph", "ReceiptField", "Secrecy")


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a notice data file."""
    schema = Package.model_json_schema(mode="validation")
    defs: dict[str, Any] = schema["$defs"]
    for name in _STRING_FORMS:
        defs[name] = {"anyOf": [{"type": "string"}, defs[name]],
                      "description": defs[name].get("description")}
    for name in ("Notice", "DocumentAttachment"):
        body = defs[name]["properties"]["body"]
        defs[name]["properties"]["body"] = {
            "description": body.get("description"),
            "anyOf": [{"type": "string", "description": "带序号的纯文本 / plain text"}, body],
        }
    _widen(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "notice_kit notice package"
    return schema


def _widen(node: Any) -> None:
    """oneOf → anyOf (a bare ``{text: …}`` matches two block kinds; the loader tells them
    apart by their keys), and text fields also take integers (YAML reads 87366433 so)."""
    if isinstance(node, dict):
        if "oneOf" in node:
            node["anyOf"] = node.pop("oneOf")
        for value in node.values():
            _widen(value)
        if node.get("type") == "string" and not {"format", "enum", "const"} & node.keys():
            node.pop("type")
            node.pop("minLength", None)
            node["anyOf"] = [{"type": "string"}, {"type": "integer"}]
    elif isinstance(node, list):
        for item in node:
            _widen(item)
