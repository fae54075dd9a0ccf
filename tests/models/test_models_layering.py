"""``jenkins_sdk.models`` is a leaf: of the SDK it imports only ``errors`` (and ``_lazy``, the
stdlib-only re-export helper its ``__init__`` uses); otherwise attrs, cattrs and the stdlib."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import jenkins_sdk

PACKAGE = Path(jenkins_sdk.__file__).parent
ALLOWED_OURS = {"jenkins_sdk.errors", "jenkins_sdk._lazy"}
ALLOWED_THIRD_PARTY = {"attrs", "cattrs"}


def _runtime_imports(path: Path, package: str) -> set[str]:
    """Modules ``path`` imports outside ``if TYPE_CHECKING:`` (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING"
        for stmt in node.body
        for inner in ast.walk(stmt)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module) if part)
            found.add(module)
    return found


def _package_of(path: Path) -> str:
    """The package relative imports in ``path`` start from (its folder, ``__init__`` or not)."""
    return ".".join(path.relative_to(PACKAGE.parent).parts[:-1])


def test_models_import_only_errors_attrs_cattrs_and_the_stdlib() -> None:
    offenders = []
    for path in sorted((PACKAGE / "models").rglob("*.py")):
        for module in _runtime_imports(path, _package_of(path)):
            top = module.split(".")[0]
            fine = (
                module.startswith("jenkins_sdk.models")
                or module in ALLOWED_OURS
                or top in ALLOWED_THIRD_PARTY
                or (top in sys.stdlib_module_names and top != "jenkins_sdk")
            )
            if not fine:
                offenders.append(f"{path.relative_to(PACKAGE)}: {module}")
    assert offenders == []


def test_the_lazy_helper_is_a_stdlib_leaf() -> None:
    imports = _runtime_imports(PACKAGE / "_lazy.py", "jenkins_sdk")
    assert all(m.split(".")[0] in sys.stdlib_module_names for m in imports), imports


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import requests\n"
        "from ..client import JenkinsClient\nimport cattrs.gen\n",
        encoding="utf-8",
    )
    found = _runtime_imports(module, "jenkins_sdk.models")
    assert found == {"typing", "jenkins_sdk.client", "cattrs.gen"}
