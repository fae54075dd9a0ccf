"""Generate one throwaway schema into a module and import its class (for the keyword tests)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from codegen.__main__ import generate
from tests.codegen.helpers import GenerateModel, schema_with


@pytest.fixture
def generate_model(tmp_path: Path) -> GenerateModel:
    """Run the real generator on ``schema_with(properties)``; return the generated class."""

    def make(properties: dict[str, Any]) -> Any:
        schemas = tmp_path / "schemas"
        schemas.mkdir()
        text = json.dumps(schema_with(properties))
        (schemas / "secret_holder.json").write_text(text, encoding="utf-8")
        out = tmp_path / "_generated"
        generate(out, schemas)
        spec = importlib.util.spec_from_file_location("secret_holder", out / "secret_holder.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.SecretHolder

    return make
