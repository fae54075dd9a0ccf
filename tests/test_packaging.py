"""Packaging facts (issue 17 item 5) checked without building: one version source, a LICENSE
that matches the metadata, anchored sdist includes, dev tools only in dependency groups, the
classifiers; and the dist checker of .ci/ catching what it must."""

from __future__ import annotations

import importlib.util
import io
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

import jenkins_sdk

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the cli extra brings tomli
    import tomli as tomllib

needs_311 = pytest.mark.skipif(sys.version_info < (3, 11), reason=".ci/ scripts use tomllib")
ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PROJECT = PYPROJECT["project"]


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / ".ci" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_version_is_written_once() -> None:
    assert "version" not in PROJECT and PROJECT["dynamic"] == ["version"]
    assert PYPROJECT["tool"]["hatch"]["version"]["path"] == "jenkins_sdk/_version.py"
    assert jenkins_sdk.__version__.count(".") == 2


def test_license_file_matches_the_metadata() -> None:
    assert PROJECT["license"] == "MIT" and PROJECT["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text().startswith("MIT License\n")


def test_only_the_cli_extra_is_published() -> None:
    assert set(PROJECT["optional-dependencies"]) == {"cli"}
    groups = PYPROJECT["dependency-groups"]
    assert {"test", "lint", "codegen", "docs", "bench", "dev"} <= set(groups)
    published = " ".join(PROJECT["dependencies"] + PROJECT["optional-dependencies"]["cli"])
    for tool in ("pytest", "ruff", "mypy", "sphinx", "datamodel-code-generator"):
        assert tool not in published


def test_sdist_includes_are_anchored_and_ship_the_tests() -> None:
    sdist = PYPROJECT["tool"]["hatch"]["build"]["targets"]["sdist"]
    assert all(entry.startswith("/") for entry in sdist["include"])
    assert {"/jenkins_sdk", "/tests", "/LICENSE", "/recordings"} <= set(sdist["include"])
    # what the shipped tests read: tests/test_packaging.py loads .ci/groups.py and check_dist.py
    assert "/.ci" in sdist["include"]


def test_classifiers() -> None:
    classifiers = set(PROJECT["classifiers"])
    assert {"Framework :: Pytest", "Typing :: Typed"} <= classifiers
    versions = {c.rsplit(" ", 1)[-1] for c in classifiers if c.count("::") == 2 and "3." in c}
    assert versions == {"3.10", "3.11", "3.12", "3.13"}
    assert PROJECT["requires-python"] == ">=3.10"


@needs_311
def test_groups_script_expands_included_groups_and_prints_floors() -> None:
    groups = _load("groups")
    dev = groups.requirements(PYPROJECT["dependency-groups"], "dev")
    assert "pytest>=8" in dev and "sphinx>=8.1" in dev and len(dev) == len(set(dev))
    assert groups.floors(["requests>=2.32.2,<3", "attrs>=24.2"]) == [
        "requests==2.32.2",
        "attrs==24.2",
    ]
    with pytest.raises(SystemExit, match="no lower bound"):
        groups.floors(["requests"])
    out = subprocess.run(
        [sys.executable, ".ci/groups.py", "--floors"], cwd=ROOT, capture_output=True, text=True
    )
    assert out.stdout.splitlines()[0] == "requests==2.32.2"


def _tar(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name in names:
            info = tarfile.TarInfo(name)
            tar.addfile(info, io.BytesIO(b""))
    return buffer.getvalue()


def test_dist_checker_flags_a_swept_in_virtualenv(tmp_path: Path) -> None:
    check = _load("check_dist")
    base = "jenkins_sdk-1.0.0/"
    good = [base + n for n in ("LICENSE", "PKG-INFO", "tests/cli/test_manners.py",
                               "jenkins_sdk/py.typed", ".ci/groups.py")]  # fmt: skip
    path = tmp_path / "good.tar.gz"
    path.write_bytes(_tar(good))
    assert check.check_sdist(path, "1.0.0") == []
    path.write_bytes(_tar([*good, base + "venv/lib/python3.11/site-packages/jenkins_sdk/x.py"]))
    problems = check.check_sdist(path, "1.0.0")
    assert "sdist: unexpected top-level entry 'venv'" in problems
    assert any("site-packages" in p for p in problems)


def test_dist_checker_flags_published_dev_tools(tmp_path: Path) -> None:
    check = _load("check_dist")
    info = "jenkins_sdk-1.0.0.dist-info/"
    metadata = (
        "Metadata-Version: 2.4\nName: jenkins-sdk\nVersion: 1.0.0\nLicense-Expression: MIT\n"
        "Classifier: Framework :: Pytest\nClassifier: Typing :: Typed\n"
        "Classifier: Programming Language :: Python :: 3.10\n"
        "Provides-Extra: cli\nProvides-Extra: dev\nRequires-Dist: pytest>=8; extra == 'dev'\n"
    )
    path = tmp_path / "w.whl"
    with zipfile.ZipFile(path, "w") as wheel:
        wheel.writestr(info + "METADATA", metadata)
        for name in ("jenkins_sdk/py.typed", info + "licenses/LICENSE", "jenkins_sdk/cli/app.py"):
            wheel.writestr(name, "")
    problems = check.check_wheel(path, "1.0.0")
    assert problems == [
        "wheel: extras ['cli', 'dev'] (only 'cli' is published)",
        "wheel: publishes the dev tool \"pytest>=8; extra == 'dev'\"",
    ]
