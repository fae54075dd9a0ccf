"""Check the built sdist and wheel in a directory: what they contain and what their metadata says.

``python .ci/check_dist.py dist/`` exits non-zero, naming each problem, when:
the sdist holds anything outside its anchored includes (a virtualenv's site-packages, caches),
lacks the tests, LICENSE or PKG-INFO; the wheel lacks py.typed or the license file; the metadata
publishes a dev tool (pytest, ruff, mypy, ...) or an extra other than ``cli``; the version is not
the one in jenkins_sdk/_version.py.
"""

from __future__ import annotations

import re
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SDIST_TOP = {
    "jenkins_sdk", "tests", "recordings", "schemas", "codegen", "examples", "bench", "tools",
    "docs", "README.md", "CHANGELOG.md", "SECURITY.md", "LICENSE", "Makefile", "pyproject.toml",
    "PKG-INFO", ".gitignore", ".ci",
}  # fmt: skip
DEV_TOOLS = ("pytest", "ruff", "mypy", "responses", "hypothesis", "datamodel-code-generator",
             "sphinx", "python-jenkins", "jenkinsapi", "api4jenkins", "pyinstrument")  # fmt: skip


def _version() -> str:
    text = (ROOT / "jenkins_sdk" / "_version.py").read_text()
    found = re.search(r'__version__ = "([^"]+)"', text)
    assert found is not None
    return found.group(1)


def check_sdist(path: Path, version: str) -> list[str]:
    """Problems of the sdist at ``path``."""
    problems: list[str] = []
    prefix = f"jenkins_sdk-{version}/"
    with tarfile.open(path) as tar:
        names = tar.getnames()
    for name in names:
        if not name.startswith(prefix):
            problems.append(f"sdist: {name} is outside {prefix}")
            continue
        rest = name[len(prefix) :]
        top = rest.split("/", 1)[0]
        if rest and top not in SDIST_TOP:
            problems.append(f"sdist: unexpected top-level entry {top!r}")
        if "site-packages" in rest or "__pycache__" in rest or rest.endswith(".pyc"):
            problems.append(f"sdist: {rest} should not be shipped")
    for needed in ("LICENSE", "PKG-INFO", "tests/cli/test_manners.py", "jenkins_sdk/py.typed",
                   ".ci/groups.py"):  # fmt: skip
        if prefix + needed not in names:
            problems.append(f"sdist: {needed} is missing")
    return sorted(set(problems))


def check_wheel(path: Path, version: str) -> list[str]:
    """Problems of the wheel at ``path``."""
    problems: list[str] = []
    with zipfile.ZipFile(path) as wheel:
        names = wheel.namelist()
        info = f"jenkins_sdk-{version}.dist-info/"
        if info + "METADATA" not in names:
            return [f"wheel: {info}METADATA is missing"]
        metadata = Parser().parsestr(wheel.read(info + "METADATA").decode())
    for needed in ("jenkins_sdk/py.typed", info + "licenses/LICENSE", "jenkins_sdk/cli/app.py"):
        if needed not in names:
            problems.append(f"wheel: {needed} is missing")
    if any(not n.startswith(("jenkins_sdk/", info)) for n in names):
        problems.append("wheel: files outside the package")
    if metadata["Version"] != version:
        problems.append(f"wheel: version {metadata['Version']} != {version}")
    if metadata["License-Expression"] != "MIT":
        problems.append(f"wheel: License-Expression is {metadata['License-Expression']!r}")
    extras = metadata.get_all("Provides-Extra") or []
    if extras != ["cli"]:
        problems.append(f"wheel: extras {extras} (only 'cli' is published)")
    for requirement in metadata.get_all("Requires-Dist") or []:
        if requirement.split()[0].split(";")[0].lower().startswith(DEV_TOOLS):
            problems.append(f"wheel: publishes the dev tool {requirement!r}")
    classifiers = metadata.get_all("Classifier") or []
    for needed in (
        "Framework :: Pytest",
        "Typing :: Typed",
        "Programming Language :: Python :: 3.10",
    ):
        if needed not in classifiers:
            problems.append(f"wheel: classifier {needed!r} is missing")
    return problems


def main(argv: list[str]) -> int:
    """Check ``argv[0]`` (default: dist/); print each problem; 0 when there is none."""
    folder = Path(argv[0] if argv else "dist")
    version = _version()
    sdists, wheels = sorted(folder.glob("*.tar.gz")), sorted(folder.glob("*.whl"))
    if len(sdists) != 1 or len(wheels) != 1:
        print(f"expected one sdist and one wheel in {folder}, found {sdists + wheels}")
        return 1
    problems = check_sdist(sdists[0], version) + check_wheel(wheels[0], version)
    for problem in problems:
        print(problem)
    if not problems:
        print(f"dist ok: {sdists[0].name}, {wheels[0].name}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
