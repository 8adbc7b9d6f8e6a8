"""The published JSON Schemas of Veiligwijzer's exports, and a validator.

``handover-1.schema.json`` describes the JSON part of the handover package
(JSON Schema draft 2020-12). It ships with the app as package data, so a
receiving system can take it from the installed app or from the repository.
A version is never changed in a way that breaks a reader: a new major
version is a new file.

:func:`validate` checks a document against a schema with the subset of JSON
Schema these schemas use — ``type``, ``enum``, ``const``, ``properties``,
``required``, ``additionalProperties: false``, ``items``, ``minItems``, ``uniqueItems``,
``minLength``/``maxLength``, ``minimum``/``maximum``, ``pattern``,
``format`` (``date``, ``date-time``), ``anyOf`` and local ``$ref`` — so the
app needs no JSON Schema library. It returns every problem as
``path: what`` (in English, for a developer or a receiving system; never
the content, which may name people). The tests check the same documents
with the reference implementation as well.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

MAX_PROBLEMS = 50
_TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: (isinstance(v, int | float) and not isinstance(v, bool)
                         and math.isfinite(v)),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
}


@cache
def _schema_text(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text("utf-8")


def load_schema(name: str) -> dict[str, Any]:
    """A schema shipped with the app, by file name (``handover-1.schema.json``)."""
    return json.loads(_schema_text(name))


def _same(a: Any, b: Any) -> bool:
    """JSON equality: ``true`` is not ``1``."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b or (
        _TYPES["number"](a) and _TYPES["number"](b) and a == b)


def _format_ok(fmt: str, value: str) -> bool:
    try:
        if fmt == "date":
            return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and bool(
                date.fromisoformat(value))
        if fmt == "date-time":
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?"
                                r"(Z|[+-]\d{2}:\d{2})", value):
                return False
            return datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None
    except ValueError:
        return False
    return True


def _pattern_ok(pattern: str, value: str) -> bool:
    # In ECMA-262 (JSON Schema's regex flavour) "$" does not match before a
    # trailing newline, as it does in Python: anchor with fullmatch instead.
    if pattern.startswith("^") and pattern.endswith("$") and not pattern.endswith("\\$"):
        return re.fullmatch(pattern[1:-1], value) is not None
    return re.search(pattern, value) is not None


class _Checker:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.problems: list[str] = []

    def fail(self, path: str, what: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(f"{path or '$'}: {what}")

    def resolve(self, ref: str) -> dict[str, Any]:
        if not ref.startswith("#/"):
            raise ValueError(f"only local $ref is supported, not {ref!r}")
        node: Any = self.root
        for part in ref[2:].split("/"):
            node = node[part]
        return node

    def check(self, value: Any, schema: dict[str, Any], path: str) -> bool:
        """Check ``value``; ``True`` when it fits (problems are collected)."""
        before = len(self.problems)
        if "$ref" in schema:
            self.check(value, self.resolve(schema["$ref"]), path)
        if "anyOf" in schema:
            if not any(self._fits(value, option, path) for option in schema["anyOf"]):
                self.fail(path, "matches none of the allowed forms")
        if "const" in schema and not _same(value, schema["const"]):
            self.fail(path, f"must be {json.dumps(schema['const'])}")
        if "enum" in schema and not any(_same(value, e) for e in schema["enum"]):
            self.fail(path, "is not one of the allowed codes")
        if "type" in schema:
            types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            if not any(_TYPES[t](value) for t in types):
                self.fail(path, f"must be of type {' or '.join(types)}")
                return False
        if isinstance(value, str):
            self._string(value, schema, path)
        elif _TYPES["number"](value):
            if "minimum" in schema and value < schema["minimum"]:
                self.fail(path, f"must be at least {schema['minimum']}")
            if "maximum" in schema and value > schema["maximum"]:
                self.fail(path, f"must be at most {schema['maximum']}")
        elif isinstance(value, dict):
            self._object(value, schema, path)
        elif isinstance(value, list):
            self._array(value, schema, path)
        return len(self.problems) == before

    def _fits(self, value: Any, schema: dict[str, Any], path: str) -> bool:
        trial = _Checker(self.root)
        return trial.check(value, schema, path)

    def _string(self, value: str, schema: dict[str, Any], path: str) -> None:
        if "minLength" in schema and len(value) < schema["minLength"]:
            self.fail(path, f"must be at least {schema['minLength']} characters")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            self.fail(path, f"must be at most {schema['maxLength']} characters")
        if "pattern" in schema and not _pattern_ok(schema["pattern"], value):
            self.fail(path, "does not have the required form")
        if "format" in schema and not _format_ok(schema["format"], value):
            self.fail(path, f"is not a valid {schema['format']}")

    def _object(self, value: dict[str, Any], schema: dict[str, Any], path: str) -> None:
        properties = schema.get("properties", {})
        for key in schema.get("required", ()):
            if key not in value:
                self.fail(f"{path}.{key}", "is missing")
        for key, item in value.items():
            if key in properties:
                self.check(item, properties[key], f"{path}.{key}")
            elif schema.get("additionalProperties") is False:
                self.fail(path, "has a field that is not in the schema")

    def _array(self, value: list[Any], schema: dict[str, Any], path: str) -> None:
        if "minItems" in schema and len(value) < schema["minItems"]:
            self.fail(path, f"must hold at least {schema['minItems']} items")
        if "items" in schema:
            for index, item in enumerate(value):
                self.check(item, schema["items"], f"{path}[{index}]")
        if schema.get("uniqueItems"):
            for i, a in enumerate(value):
                if any(_same(a, b) for b in value[i + 1:]):
                    self.fail(path, "holds the same item twice")
                    break


def validate(instance: Any, schema: dict[str, Any]) -> list[str]:
    """Every problem of ``instance`` against ``schema`` (empty when it fits)."""
    checker = _Checker(schema)
    try:
        checker.check(instance, schema, "$")
    except RecursionError:
        checker.fail("$", "is nested too deeply")
    return checker.problems
