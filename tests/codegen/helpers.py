"""A throwaway object schema for the codegen keyword tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

GenerateModel = Callable[[dict[str, Any]], Any]
"""The ``generate_model`` fixture: properties -> the generated ``SecretHolder`` class."""


def schema_with(properties: dict[str, Any]) -> dict[str, Any]:
    """A ``SecretHolder`` object schema with a required ``name`` and ``properties``."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "secret_holder.json",
        "title": "SecretHolder",
        "type": "object",
        "required": ["name"],
        "properties": {"name": {"type": "string"}, **properties},
    }
