"""The layer rules of DESIGN.md section 11, checked like a linter over the package's source (ast).

Data flows one way: CLI / user code -> client -> resources (and triage above them) -> _http ->
adapters -> the wire. Only the transport sees requests/urllib3; the leaves (config, models,
modes, the secrets policy) import nothing of the client; size is a smell. Imports under
``if TYPE_CHECKING:`` are not counted: they never run, so they can neither load a layer nor
close a cycle.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "jenkins_sdk"
GENERATED = PACKAGE / "models" / "_generated"
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80
MAX_LOCAL_IMPORTS = 3

#: Known offenders being split right now by their owners (issue 13); this list only shrinks,
#: and must be empty before issue 13 is closed. A new offender fails at once.
PENDING: set[str] = set()


def _modules() -> Iterator[tuple[str, Path, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if GENERATED in path.parents:
            continue
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(relative.parts).removesuffix(".__init__")
        yield name, path, ast.parse(path.read_text(encoding="utf-8"), str(path))


MODULES = list(_modules())


def _type_only(tree: ast.AST) -> set[int]:
    """The ids of import statements under ``if TYPE_CHECKING:`` (they never run)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            found |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return found


def _imports(tree: ast.AST, module: str) -> Iterator[tuple[str, ast.stmt]]:
    """Every module ``tree`` imports at run time (relative imports resolved), with the
    statement; imports under ``if TYPE_CHECKING:`` are type references, not imports."""
    skip = _type_only(tree)
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".")[: -node.level]
                base = ".".join([*parts, base]) if base else ".".join(parts)
            yield base, node
            for alias in node.names:
                yield f"{base}.{alias.name}", node


def _in(module: str, *prefixes: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def _violations(rule: str) -> list[str]:
    found: list[str] = []
    for name, _, tree in MODULES:
        for target, node in _imports(tree, name):
            if _breaks(rule, name, target):
                found.append(f"{name}:{node.lineno} imports {target}")
    return sorted(set(found))


def _breaks(rule: str, importer: str, target: str) -> bool:
    if rule == "wire":
        allowed = ("jenkins_sdk._http", "jenkins_sdk.simulation", "jenkins_sdk.client")
        return _in(target, "requests", "urllib3") and not _in(importer, *allowed)
    if rule == "resources-triage":
        return _in(importer, "jenkins_sdk.resources") and _in(target, "jenkins_sdk.triage")
    if rule == "config-simulation":
        return _in(importer, "jenkins_sdk.config") and _in(target, "jenkins_sdk.simulation")
    if rule == "simulation-up":
        above = ("jenkins_sdk.client", "jenkins_sdk.resources", "jenkins_sdk.testing")
        return _in(importer, "jenkins_sdk.simulation") and _in(target, *above)
    if rule == "models-leaf":
        return (
            _in(importer, "jenkins_sdk.models")
            and _in(target, "jenkins_sdk")
            and not _in(target, "jenkins_sdk.models", "jenkins_sdk.errors", "jenkins_sdk._lazy")
        )
    if rule == "leaves":
        leaves = (
            "jenkins_sdk.modes",
            "jenkins_sdk._secrets",
            "jenkins_sdk.errors",
            "jenkins_sdk._lazy",
        )
        return _in(importer, *leaves) and _in(target, "jenkins_sdk")
    raise AssertionError(rule)


@pytest.mark.parametrize(
    "rule",
    ["wire", "resources-triage", "config-simulation", "simulation-up", "models-leaf", "leaves"],
)
def test_layer_rule(rule: str) -> None:
    assert _violations(rule) == []


def test_the_rules_catch_a_break() -> None:
    assert _breaks("wire", "jenkins_sdk.resources.console", "requests")
    assert not _breaks("wire", "jenkins_sdk._http.transport", "urllib3.exceptions")
    assert _breaks("resources-triage", "jenkins_sdk.resources.builds", "jenkins_sdk.triage")
    assert _breaks("models-leaf", "jenkins_sdk.models.converter", "jenkins_sdk.refs")
    assert not _breaks("models-leaf", "jenkins_sdk.models.converter", "jenkins_sdk.errors")


def test_config_loads_neither_simulation_nor_the_wire() -> None:
    """Transitively: ``import jenkins_sdk.config`` pulls in no simulation, requests or urllib3."""
    graph = {name: {t for t, _ in _imports(tree, name)} for name, _, tree in MODULES}
    seen: set[str] = set()
    todo = ["jenkins_sdk.config"]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        todo.extend(t for t in graph.get(current, ()) if t in graph or not _in(t, "jenkins_sdk"))
    assert not [m for m in seen if _in(m, "jenkins_sdk.simulation", "requests", "urllib3")]


@pytest.mark.parametrize("name", [name for name, _, _ in MODULES])
def test_module_size(name: str) -> None:
    path = next(p for n, p, _ in MODULES if n == name)
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES or name in PENDING, f"{name}: {lines} lines"


def test_function_size() -> None:
    long: list[str] = []
    for name, _, tree in MODULES:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES and f"{name}.{node.name}" not in PENDING:
                    long.append(f"{name}.{node.name}: {length} lines")
    assert long == []


def _is_namespace(node: ast.FunctionDef, module: str) -> bool:
    """The client's lazily created operation namespaces (a cached_property on JenkinsClient)."""
    return module == "jenkins_sdk.client" and any(
        isinstance(d, ast.Name) and d.id == "cached_property" for d in node.decorator_list
    )


def test_few_function_level_imports_of_our_own_modules() -> None:
    local: list[str] = []
    for name, _, tree in MODULES:
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if _is_namespace(func, name) or f"{name}.{func.name}" in PENDING:
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    targets = [t for t, _ in _imports(node, name)]
                    if any(_in(t, "jenkins_sdk") for t in targets):
                        local.append(f"{name}.{func.name}:{node.lineno}")
    assert len(set(local)) <= MAX_LOCAL_IMPORTS, sorted(set(local))


def test_pending_offenders_still_exist() -> None:
    """An entry of PENDING that no longer offends must be removed (the list only shrinks)."""
    assert _offenders() >= PENDING


def _offenders() -> set[str]:
    """Every module over the size limit and function over the length limit or importing our
    own modules inside its body (the client's namespaces excepted)."""
    found: set[str] = set()
    for name, path, tree in MODULES:
        if len(path.read_text(encoding="utf-8").splitlines()) > MAX_MODULE_LINES:
            found.add(name)
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if (node.end_lineno or node.lineno) - node.lineno + 1 > MAX_FUNCTION_LINES:
                found.add(f"{name}.{node.name}")
            if _is_namespace(node, name):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom) and any(
                    _in(target, "jenkins_sdk") for target, _ in _imports(inner, name)
                ):
                    found.add(f"{name}.{node.name}")
    return found
