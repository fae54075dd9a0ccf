"""Lazy re-exports for a package ``__init__``, each public name written once.

A package lists what it re-exports in its ``if TYPE_CHECKING:`` block, in the explicit re-export
form the type checkers know (PEP 484)::

    from typing import TYPE_CHECKING

    from jenkins_sdk._lazy import lazy_exports

    if TYPE_CHECKING:
        from jenkins_sdk.client import JenkinsClient as JenkinsClient
        from jenkins_sdk import errors as errors  # a submodule of this package

    if not TYPE_CHECKING:  # the type checker reads the imports above instead
        __getattr__, __dir__ = lazy_exports(globals())

and that block is the only place the name is written. The first time the module is asked for a
name it lacks, :func:`lazy_exports` reads the module's source with :mod:`ast` and derives:

* the lazy names: every ``from M import A as A`` of the ``TYPE_CHECKING`` block (imported from
  ``M`` on first use, then cached in the module, so later lookups never come back here);
* type aliases of that block written ``Name: TypeAlias = A | B | C`` (the union of those names);
* ``__all__`` (sorted): the lazy names and aliases, plus the module's own eager
  ``from M import A as A`` re-exports and its public top-level functions and classes.

Imports without the ``as`` repetition (``from typing import TypeAlias``) are for the type checker
only and are not exported. Type checkers read the re-exports (``from package import *`` and
``package.Name`` are fully typed) but see no ``__all__`` attribute: it exists at run time only.

``import package`` stays cheap: nothing is parsed or imported until a name is used. The source
must be installed (it is in every wheel and sdist; a sourceless, ``.pyc``-only bundle raises
``ImportError`` on first use).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["lazy_exports"]


class _Exports:
    """What a module's source says it exports (see the module docstring)."""

    def __init__(self, module: str, source: str) -> None:
        import ast  # only here: ``import package`` must not pay for it

        self.lazy: dict[str, str] = {}  # name -> module it comes from
        self.aliases: dict[str, list[str]] = {}  # name -> the names of its union
        eager: list[str] = []
        package = module  # the __init__ of a package: relative imports start here
        for node in ast.parse(source).body:
            if isinstance(node, ast.If) and _is_type_checking(node.test):
                for inner in node.body:
                    if isinstance(inner, ast.ImportFrom):
                        for name, source_module in _reexports(inner, package):
                            self.lazy[name] = source_module
                    elif isinstance(inner, ast.AnnAssign) and isinstance(inner.target, ast.Name):
                        self.aliases[inner.target.id] = _union_names(inner.value, module)
            elif isinstance(node, ast.ImportFrom):
                eager.extend(name for name, _ in _reexports(node, package))
            elif isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_"):
                eager.append(node.name)
        self.all = sorted({*self.lazy, *self.aliases, *eager})


def _is_type_checking(test: Any) -> bool:
    import ast

    if isinstance(test, ast.Attribute):
        return test.attr == "TYPE_CHECKING"
    return isinstance(test, ast.Name) and test.id == "TYPE_CHECKING"


def _reexports(node: Any, package: str) -> Iterator[tuple[str, str]]:
    """``(name, module)`` for each ``A as A`` of a ``from module import ...`` statement."""
    from importlib.util import resolve_name

    module = resolve_name("." * node.level + (node.module or ""), package)
    for alias in node.names:
        if alias.asname == alias.name:
            yield alias.name, module


def _union_names(value: Any, module: str) -> list[str]:
    """The names of ``A | B | C``; anything else is refused (it would need evaluating)."""
    import ast

    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.BitOr):
        return [*_union_names(value.left, module), *_union_names(value.right, module)]
    if isinstance(value, ast.Name):
        return [value.id]
    raise ImportError(f"{module}: a lazy type alias must be a union of names (A | B | C)")


def _source(namespace: dict[str, Any]) -> str:
    """The module's source: its ``.py`` file, else what its loader gives (e.g. from a zip)."""
    module, path = namespace["__name__"], namespace.get("__file__")
    if path and path.endswith(".py"):
        with open(path, encoding="utf-8") as file:
            return file.read()
    spec = namespace.get("__spec__")
    get_source = getattr(spec.loader, "get_source", None) if spec else None
    source = get_source(module) if get_source else None
    if source is None:
        raise ImportError(f"{module}: lazy exports are read from the source, which is missing")
    return str(source)


def lazy_exports(namespace: dict[str, Any]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The module ``__getattr__`` and ``__dir__`` for the module whose ``globals()`` is given."""
    module = str(namespace["__name__"])
    found: list[_Exports] = []  # filled on first use (two threads may both parse: harmless)

    def exports() -> _Exports:
        if not found:
            found.append(_Exports(module, _source(namespace)))
        return found[0]

    def load(name: str) -> Any:
        if name in namespace:
            return namespace[name]
        table = exports()
        if name in table.lazy:
            source = table.lazy[name]
            if source == module:  # ``from package import submodule as submodule``
                value: Any = importlib.import_module(f"{module}.{name}")
            else:
                imported = importlib.import_module(source)
                try:
                    value = getattr(imported, name)
                except AttributeError:  # a submodule not imported yet, as ``from`` imports do
                    value = importlib.import_module(f"{source}.{name}")
        elif name in table.aliases:
            members = [load(member) for member in table.aliases[name]]
            value = members[0]
            for member in members[1:]:
                value = value | member
        else:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        namespace[name] = value
        return value

    def __getattr__(name: str) -> Any:
        """Import a public name from its module the first time it is asked for."""
        if name == "__all__":
            namespace["__all__"] = list(exports().all)
            return namespace["__all__"]
        if name.startswith("__"):  # dunder probes (copy, pickle, inspect) parse nothing
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        return load(name)

    def __dir__() -> list[str]:
        """Every public name, loaded or not (for ``dir()`` and completion)."""
        return sorted({*namespace, *exports().all})

    return __getattr__, __dir__
