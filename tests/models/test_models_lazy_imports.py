"""``jenkins_sdk`` and ``jenkins_sdk.models`` import lazily (PEP 562) yet export every name."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import jenkins_sdk
import jenkins_sdk.models


def _modules_after(statement: str) -> set[str]:
    """The jenkins_sdk/requests/cattrs modules a fresh interpreter holds after ``statement``."""
    code = (
        f"import sys, json; {statement}; "
        "print(json.dumps(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('jenkins_sdk', 'requests', 'cattrs'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return set(json.loads(out.stdout))


def test_import_jenkins_sdk_loads_nothing_else() -> None:
    assert _modules_after("import jenkins_sdk") == {"jenkins_sdk", "jenkins_sdk._version"}


def test_import_testing_does_not_pull_in_the_client() -> None:
    loaded = _modules_after("import jenkins_sdk.testing")
    assert "jenkins_sdk.client" not in loaded
    assert not any(m.startswith(("jenkins_sdk._http", "requests")) for m in loaded)


def test_models_load_a_generated_module_on_first_use() -> None:
    loaded = _modules_after("import jenkins_sdk.models")
    assert "jenkins_sdk.models.converter" not in loaded and "cattrs" not in loaded
    assert "jenkins_sdk.models._generated.build" not in loaded
    loaded = _modules_after("from jenkins_sdk.models import Crumb")
    assert "jenkins_sdk.models._generated.crumb" in loaded
    assert "jenkins_sdk.models._generated.build" not in loaded


@pytest.mark.parametrize("module", [jenkins_sdk, jenkins_sdk.models], ids=lambda m: m.__name__)
def test_every_exported_name_resolves_and_is_listed(module: object) -> None:
    names = module.__all__  # type: ignore[attr-defined]
    for name in names:
        assert getattr(module, name) is not None, name
    assert set(names) <= set(dir(module))
    missing = "no_such_name"
    with pytest.raises(AttributeError, match=missing):
        getattr(module, missing)


def test_lazy_names_are_the_defining_modules_objects() -> None:
    from jenkins_sdk import JenkinsClient, errors
    from jenkins_sdk.client import JenkinsClient as Defined
    from jenkins_sdk.models import AnyAction, Build, structure
    from jenkins_sdk.models._generated.build import Build as GeneratedBuild
    from jenkins_sdk.models.converter import structure as converter_structure

    assert JenkinsClient is Defined
    assert errors is sys.modules["jenkins_sdk.errors"]
    assert Build is GeneratedBuild and structure is converter_structure
    assert jenkins_sdk.models.Action in AnyAction.__args__
