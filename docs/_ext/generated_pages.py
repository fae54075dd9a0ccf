"""Sphinx directives whose content is generated from the code, so the pages cannot drift:

``json-kinds``   every kind of the CLI's ``--json`` schema with its fields (jenkins_sdk.cli.kinds)
``exit-codes``   the CLI's exit codes (jenkins_sdk.cli.exitcodes)
"""

from __future__ import annotations

import types
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


class _Generated(SphinxDirective):
    has_content = False

    def lines(self) -> list[str]:
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        container = nodes.container()
        self.state.nested_parse(StringList(self.lines(), "<generated>"), 0, container)
        return list(container.children)


class JsonKinds(_Generated):
    """Tables of every JSON kind."""

    def lines(self) -> list[str]:
        from jenkins_sdk.cli.kinds import KINDS
        from jenkins_sdk.cli.schema import SCHEMA_VERSION

        out = [f"Schema version: **{SCHEMA_VERSION}**.", ""]
        for kind in KINDS:
            out += [f".. rubric:: {kind.name}", "", _cell(kind.doc), ""]
            out += [".. list-table::", "   :header-rows: 1", "   :widths: 20 15 65", ""]
            out += ["   * - key", "     - type", "     - meaning"]
            for field in kind.fields:
                out += [
                    f"   * - ``{field.name}``",
                    f"     - {_cell(field.type)}",
                    f"     - {_cell(field.doc)}",
                ]
            out.append("")
        return out


class ExitCodes(_Generated):
    """The exit code table."""

    def lines(self) -> list[str]:
        from jenkins_sdk.cli import exitcodes

        rows = [(code, text.replace("`", "``")) for code, text in exitcodes.MEANINGS.items()]
        out = [
            ".. list-table::",
            "   :header-rows: 1",
            "   :widths: 10 90",
            "",
            "   * - code",
            "     - meaning",
        ]
        for code, meaning in rows:
            out += [f"   * - {code}", f"     - {meaning}"]
        return out


#: The public modules, in the order their pages claim a name (the first that exports it).
PUBLIC_MODULES = (
    "jenkins_sdk.config",
    "jenkins_sdk.errors",
    "jenkins_sdk.refs",
    "jenkins_sdk.models",
    "jenkins_sdk.status",
    "jenkins_sdk.resources",
    "jenkins_sdk.specs",
    "jenkins_sdk.admin_results",
    "jenkins_sdk.simulation",
    "jenkins_sdk.testing",
    "jenkins_sdk.triage",
)
#: Names documented on the client page under the top-level package.
TOP_LEVEL = ("JenkinsClient", "Clock", "ManualClock", "SystemClock")


def documented_at(module: str, name: str) -> str | None:
    """Where the reference documents ``module.name`` (None: a module or a version string)."""
    import importlib

    if module == "jenkins_sdk":
        if name in TOP_LEVEL:
            return f"jenkins_sdk.{name}"
        for candidate in PUBLIC_MODULES:
            if name in importlib.import_module(candidate).__all__:
                return documented_at(candidate, name)
        return None
    if module == "jenkins_sdk.status" and name in ("BuildResult", "StageStatus"):
        return f"jenkins_sdk.models.{name}"
    return f"{module}.{name}"


class PublicNames(_Generated):
    """Every public name of every public module, each a cross reference (nitpicky mode fails
    the build when one is not documented)."""

    def lines(self) -> list[str]:
        import importlib

        out: list[str] = []
        for module in ("jenkins_sdk", *PUBLIC_MODULES):
            names = importlib.import_module(module).__all__
            refs = []
            for name in names:
                target = documented_at(module, name)
                refs.append(f":py:obj:`{name} <{target}>`" if target else f"``{name}``")
            out += [f".. rubric:: {module}", "", ", ".join(refs), ""]
        return out


class PublicData(_Generated):
    """``autodata`` for each constant in a module's ``__all__`` (autodoc skips imported data)."""

    required_arguments = 1

    def lines(self) -> list[str]:
        import importlib
        import inspect

        from sphinx.pycode import ModuleAnalyzer

        module = importlib.import_module(self.arguments[0])
        # Data with a ``#:`` doc comment is documented by ``automodule :members:`` already.
        commented = {key[1] for key in ModuleAnalyzer.for_module(module.__name__).find_attr_docs()}
        out: list[str] = []
        for name in module.__all__:
            if name in commented:
                continue
            value = getattr(module, name)
            if inspect.isclass(value) or inspect.isroutine(value) or inspect.ismodule(value):
                continue
            if isinstance(value, types.UnionType):  # a type alias: autodoc documents it
                continue
            out += [f".. autodata:: {module.__name__}.{name}", ""]
        return out


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives."""
    app.add_directive("json-kinds", JsonKinds)
    app.add_directive("exit-codes", ExitCodes)
    app.add_directive("public-names", PublicNames)
    app.add_directive("public-data", PublicData)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
