"""Sphinx configuration of the jenkins_sdk documentation site (``make docs``).

Strict by design: ``make docs`` runs ``sphinx-build -W -n``, so any warning — a broken cross
reference to one of our names, a missing page in the table of contents, a docstring that does
not parse — fails the build. References to names outside the package (stdlib, requests, attrs,
click) are not checked: CI has no network for intersphinx inventories.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))
sys.path.insert(0, str(HERE.parent))

from jenkins_sdk import __version__  # noqa: E402

project = "jenkins_sdk"
author = "jenkins_sdk contributors"
copyright = "2026, jenkins_sdk contributors"
release = version = __version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "myst_parser",
    "sphinx_click",
    "generated_pages",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
# Maintainers' protocol notes (docs/protocol-*.md) are plain Markdown read on GitHub, not pages.
exclude_patterns = ["_build", "protocol-*.md", "README.md"]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_default_options = {
    "members": True,
    "undoc-members": False,
    "show-inheritance": True,
    "member-order": "bysource",
}
autodoc_typehints = "signature"
autodoc_class_signature = "separated"
autodoc_preserve_defaults = True
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False

nitpicky = True
# Only our own names must resolve (a broken reference to jenkins_sdk.* fails the build).
nitpick_ignore_regex = [
    (r"py:.*", r"^(?!jenkins_sdk\b).*"),  # stdlib, requests, attrs, click: no inventories offline
    (r"py:.*", r"^jenkins_sdk(\.\w+)*\._\w+.*"),  # private modules (signatures, base classes)
    (r"py:mod", r"^jenkins_sdk\.\w+\.\w+"),  # submodules named in prose; their names are public
    (r"py:class", r"^jenkins_sdk\.testing\.(builders|dispatch)\..*"),  # the emulator's mixins
    (r"py:class", r"^jenkins_sdk\.\w+(\.\w+)*\.[A-Z]$"),  # type variables
    (r"py:class", r"^jenkins_sdk\.triage\.patterns\.SelectedLine$"),  # not exported
]
# `type` (the builtin, in signatures) is also the name of model fields: not an error.
suppress_warnings = ["ref.python"]
default_role = "code"  # `x` in a docstring (the generated models' Markdown habit) is code
napoleon_use_ivar = True  # "Attributes:" as fields: attrs fields are documented once


def _plain_schema_text(app, what, name, obj, options, lines) -> None:  # type: ignore[no-untyped-def]
    """Generated models' docstrings are JSON Schema descriptions: plain text, where ``*`` is a
    star, never reStructuredText emphasis."""
    module = getattr(obj, "__module__", "") or ""
    if module.startswith("jenkins_sdk.models._generated") or name.startswith("jenkins_sdk.models."):
        lines[:] = [line.replace("*", "\\*") for line in lines]


def setup(app) -> None:  # type: ignore[no-untyped-def]
    """Connect the docstring hook."""
    app.connect("autodoc-process-docstring", _plain_schema_text)


html_theme = "furo"
html_title = f"jenkins_sdk {__version__}"
html_static_path: list[str] = []
smartquotes = False  # `--detach` stays two hyphens
