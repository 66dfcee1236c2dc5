"""A validator for the part of JSON Schema that ``messaging_rules/output.schema.json`` uses.

``jsonschema`` is not a dependency of the project, and the schema needs only these
keywords: ``type``, ``enum``, ``const``, ``pattern``, ``required``, ``properties``,
``additionalProperties`` (true or false), ``items``, ``$ref`` (to ``#/$defs/…``),
``oneOf`` and ``allOf``.  Any other keyword is an error of the schema, not ignored.

>>> errors({"type": "object", "required": ["a"]}, {"b": 1})
['$: missing key a']
>>> errors({"oneOf": [{"const": 1}, {"type": "integer"}]}, 1)
['$: matches 2 of the oneOf schemas, not exactly one']
"""

from __future__ import annotations

import re
from typing import Any

KNOWN = {
    "$schema",
    "$id",
    "title",
    "description",
    "$defs",
    "type",
    "enum",
    "const",
    "pattern",
    "required",
    "properties",
    "additionalProperties",
    "items",
    "$ref",
    "oneOf",
    "allOf",
}
TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "boolean": (bool,),
    "null": (type(None),),
}


def _is(value: Any, name: str) -> bool:
    if name == "integer" and isinstance(value, bool):
        return False
    return isinstance(value, TYPES[name])


def errors(
    schema: dict[str, Any], value: Any, root: dict[str, Any] | None = None, at: str = "$"
) -> list[str]:
    """Return one line per way *value* breaks *schema* (empty when it is valid)."""
    root = schema if root is None else root
    unknown = set(schema) - KNOWN
    if unknown:
        raise ValueError(f"the schema uses keywords this validator lacks: {sorted(unknown)}")
    found: list[str] = []
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        found += errors(root["$defs"][name], value, root, at)
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is(value, name) for name in names):
            return [*found, f"{at}: {value!r:.60} is not of type {' or '.join(names)}"]
    if "const" in schema and value != schema["const"]:
        found.append(f"{at}: {value!r:.60} is not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{at}: {value!r:.60} is not one of {schema['enum']}")
    if "pattern" in schema and isinstance(value, str) and not re.search(schema["pattern"], value):
        found.append(f"{at}: {value!r:.60} does not match {schema['pattern']}")
    if isinstance(value, dict):
        missing = [key for key in schema.get("required", []) if key not in value]
        found += [f"{at}: missing key {key}" for key in missing]
        properties = schema.get("properties", {})
        for key, item in value.items():
            if key in properties:
                found += errors(properties[key], item, root, f"{at}.{key}")
            elif schema.get("additionalProperties", True) is False:
                found.append(f"{at}: unexpected key {key}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            found += errors(schema["items"], item, root, f"{at}[{index}]")
    for part in schema.get("allOf", []):
        found += errors(part, value, root, at)
    if "oneOf" in schema:
        results = [errors(part, value, root, at) for part in schema["oneOf"]]
        matches = sum(not result for result in results)
        if matches != 1:
            closest = min(results, key=len)
            found.append(f"{at}: matches {matches} of the oneOf schemas, not exactly one")
            found += closest if matches == 0 else []
    return found
