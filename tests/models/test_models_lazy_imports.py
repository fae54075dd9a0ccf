"""``jenkins_sdk``, ``jenkins_sdk.resources`` and ``jenkins_sdk.models`` import lazily (PEP 562,
through :mod:`jenkins_sdk._lazy`) yet export every name, each written once."""

from __future__ import annotations

import ast
import importlib
import json
import re
import subprocess
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import jenkins_sdk
import jenkins_sdk.models
import jenkins_sdk.resources
from jenkins_sdk._lazy import lazy_exports

LAZY_PACKAGES = [jenkins_sdk, jenkins_sdk.resources, jenkins_sdk.models]


def _fresh(code: str) -> Any:
    """What a fresh interpreter prints (JSON) after running ``code``."""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return json.loads(out.stdout)


def _modules_after(statement: str, tops: tuple[str, ...] | None = None) -> set[str]:
    """The modules (of ``tops``; default jenkins_sdk/requests/cattrs) loaded after ``statement``."""
    tops = tops or ("jenkins_sdk", "requests", "cattrs")
    code = (
        f"import sys, json; {statement}; "
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {tops!r})))"
    )
    return set(_fresh(code))


def test_import_jenkins_sdk_loads_nothing_else() -> None:
    assert _modules_after("import jenkins_sdk") == {
        "jenkins_sdk",
        "jenkins_sdk._lazy",
        "jenkins_sdk._version",
    }
    assert not _modules_after("import jenkins_sdk", ("ast",))  # nothing parsed before first use


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


@pytest.mark.parametrize("module", LAZY_PACKAGES, ids=lambda m: m.__name__)
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


@pytest.mark.parametrize("module", LAZY_PACKAGES, ids=lambda m: m.__name__)
def test_the_packages_use_the_helper_and_write_each_name_once(module: types.ModuleType) -> None:
    assert module.__getattr__.__qualname__.startswith("lazy_exports.")  # type: ignore[attr-defined]
    assert module.__dir__.__qualname__.startswith("lazy_exports.")  # type: ignore[attr-defined]
    source = Path(module.__file__ or "").read_text(encoding="utf-8")
    assert "__all__ =" not in source
    for name in module.__all__:  # type: ignore[attr-defined]
        spellings = rf"\b{name} as {name}\b|\bdef {name}\(|\b{name}: TypeAlias\b"
        assert len(re.findall(spellings, source)) == 1, name


@pytest.mark.parametrize("module", LAZY_PACKAGES, ids=lambda m: m.__name__)
def test_star_import_and_dir_in_a_fresh_interpreter(module: types.ModuleType) -> None:
    name = module.__name__
    code = (
        f"import json, {name} as m; ns = {{}}; exec('from {name} import *', ns); "
        "print(json.dumps([sorted(k for k in ns if k != '__builtins__'), sorted(m.__all__), "
        "sorted(set(m.__all__) - set(dir(m)))]))"
    )
    star, names, missing_from_dir = _fresh(code)
    assert star == names == sorted(module.__all__)  # type: ignore[attr-defined]
    assert missing_from_dir == []


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], Any]]:
    """Import a throwaway package ``lazydemo`` whose ``__init__`` is the given text."""
    monkeypatch.syspath_prepend(str(tmp_path))

    def make(init: str) -> Any:
        root = tmp_path / "lazydemo"
        root.mkdir()
        (root / "__init__.py").write_text(init, encoding="utf-8")
        shapes = "class Circle: ...\nclass Square: ...\nRADIUS = 2\n"
        (root / "shapes.py").write_text(shapes, encoding="utf-8")
        (root / "sub.py").write_text("VALUE = 1\n", encoding="utf-8")
        return importlib.import_module("lazydemo")

    yield make
    for name in [m for m in sys.modules if m.split(".")[0] == "lazydemo"]:
        del sys.modules[name]


DEMO = """
from typing import TYPE_CHECKING
from jenkins_sdk._lazy import lazy_exports
from os import sep as sep
from os import getcwd

if TYPE_CHECKING:
    from typing import TypeAlias
    from . import sub as sub
    from .shapes import Circle as Circle, Square as Square
    from lazydemo.shapes import RADIUS as RADIUS
    from lazydemo.shapes import Circle as Hidden

    Shape: TypeAlias = Circle | Square

if not TYPE_CHECKING:
    __getattr__, __dir__ = lazy_exports(globals())

def area(shape): return 0

def _private(): return 1

class Registry: ...
"""


def test_the_helper_derives_all_getattr_and_dir_from_the_source(package: Any) -> None:
    demo = package(DEMO)
    assert "Circle" not in vars(demo)  # nothing imported before first use
    assert demo.__all__ == [
        "Circle", "RADIUS", "Registry", "Shape", "Square", "area", "sep", "sub"
    ]  # fmt: skip
    assert demo.Circle.__module__ == "lazydemo.shapes" and "Circle" in vars(demo)  # cached
    assert demo.Shape == demo.Circle | demo.Square
    assert demo.sub.VALUE == 1 and demo.RADIUS == 2
    assert {"Hidden", "getcwd", "TypeAlias", "_private"}.isdisjoint(demo.__all__)
    for missing in ("Hidden", "nothing", "__wrapped__"):
        with pytest.raises(AttributeError, match=missing):
            getattr(demo, missing)
    assert set(demo.__all__) <= set(dir(demo))


def test_the_helper_refuses_what_it_cannot_derive(package: Any) -> None:
    bad_alias = DEMO.replace("Shape: TypeAlias = Circle | Square", "Shape: TypeAlias = list[int]")
    with pytest.raises(ImportError, match="union of names"):
        package(bad_alias).Circle  # noqa: B018
    namespace = {"__name__": "nowhere", "__file__": None, "__spec__": None}
    getattr_, _ = lazy_exports(namespace)
    with pytest.raises(ImportError, match="source, which is missing"):
        getattr_("Anything")


def test_the_helper_source_is_small_and_parses_only_on_use() -> None:
    source = Path(jenkins_sdk.__file__).with_name("_lazy.py").read_text(encoding="utf-8")
    imports = [n for n in ast.parse(source).body if isinstance(n, ast.Import | ast.ImportFrom)]
    assert all(getattr(n, "module", None) != "ast" for n in imports)
    assert len(source.splitlines()) < 200
