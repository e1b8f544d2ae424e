"""Every ``$ref`` of the published OpenAPI document points at something in it: a reference left
to a nested ``$defs`` (pydantic's own, in a body schema written by hand) stops the fuzzer and
every client generator at that operation (issue 11: ``POST /api/v1/device/signals``)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from ninja import Schema


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


def _resolve(document: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), ref
    node: Any = document
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        assert isinstance(node, dict) and part in node, f"{ref} points nowhere"
        node = node[part]
    return node


def _has_nested_defs(node: Any) -> bool:
    if isinstance(node, dict):
        return "$defs" in node or any(_has_nested_defs(value) for value in node.values())
    if isinstance(node, list):
        return any(_has_nested_defs(value) for value in node)
    return False


def test_every_ref_of_the_schema_resolves_and_again_on_the_next_request(client: Client) -> None:
    for _request in range(2):  # the first answer must not have changed what the next one reads
        document = client.get("/api/v1/openapi.json").json()
        refs = _refs(document)
        assert len(refs) > 100
        for ref in refs:
            assert isinstance(_resolve(document, ref), dict)
        assert not _has_nested_defs(document["paths"])
        assert not _has_nested_defs(document["components"])


def test_the_device_batch_refers_to_its_signal_schema(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/device/signals"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    items = body["properties"]["signals"]["items"]
    assert items == {"$ref": "#/components/schemas/SignalIn"}
    signal = document["components"]["schemas"]["SignalIn"]
    assert signal["required"] == ["id", "kind", "at"]
    assert signal["additionalProperties"] is False


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def test_the_examples_of_request_bodies_are_valid_bodies(client: Client) -> None:
    """The docs show them, and the fuzz run sends them first: they must stay accepted."""
    document = client.get("/api/v1/openapi.json").json()
    with_examples = {
        schema.__name__: schema
        for schema in _subclasses(Schema)
        if schema.__module__.startswith("cocrea.")
        and "examples" in (schema.model_config.get("json_schema_extra") or {})
    }
    assert {"DesignIn", "EntryIn", "MergeIn", "SynthesisVersionIn"} <= set(with_examples)
    for name, schema in with_examples.items():
        assert document["components"]["schemas"][name]["examples"]
        for example in schema.model_config["json_schema_extra"]["examples"]:  # type: ignore[index]
            schema.model_validate(example)
