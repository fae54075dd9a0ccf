"""Plugins: ``/pluginManager/api/json`` (``hudson.PluginManager``)."""

from __future__ import annotations

from typing import Any

from jenkins_sdk.testing.routes.common import Ctx, json_response
from jenkins_sdk.testing.server import Response

PLUGINS = [
    ("workflow-job", "Pipeline: Job", "1540.v295eccc9778f"),
    ("workflow-cps", "Pipeline: Groovy", "4106.v7a_8a_8176d450"),
    ("pipeline-stage-view", "Pipeline: Stage View Plugin", "2.38"),
    ("pipeline-input-step", "Pipeline: Input Step", "517.vf8e782ee645c"),
    ("cloudbees-folder", "Folders Plugin", "6.1012.v79a_86a_1ea_c1f"),
    ("workflow-multibranch", "Pipeline: Multibranch", "806.vb_b_688f609ee9"),
    ("junit", "JUnit Plugin", "1335.v6b_a_a_e18534e1"),
    ("git", "Git plugin", "5.7.0"),
]


def plugins(ctx: Ctx, rest: list[str]) -> Response:
    """``/pluginManager/api/json``."""
    entries: list[dict[str, Any]] = [
        {
            "active": True,
            "backupVersion": None,
            "bundled": False,
            "deleted": False,
            "dependencies": [],
            "downgradable": False,
            "enabled": True,
            "hasUpdate": False,
            "longName": long,
            "pinned": False,
            "requiredCoreVersion": "2.479.3",
            "shortName": short,
            "supportsDynamicLoad": "MAYBE",
            "url": f"https://plugins.jenkins.io/{short}",
            "version": version,
        }
        for short, long, version in PLUGINS
    ]
    return json_response(ctx, {"_class": "hudson.LocalPluginManager", "plugins": entries})


ROUTES = {"pluginManager": plugins}
