"""Environment variables as Jenkins sets them in a build.

``Run.getEnvironment`` = the job's ``getCharacteristicEnvVars`` (``JOB_NAME``, ``JOB_BASE_NAME``,
``JENKINS_SERVER_COOKIE``), the run's (``BUILD_NUMBER``, ``BUILD_ID``, ``BUILD_TAG``), core's
``CoreEnvironmentContributor`` (``CI=true`` since JENKINS-36707, ``JENKINS_URL``, ``JOB_URL``,
``BUILD_URL``, ``BUILD_DISPLAY_NAME``, ``JENKINS_HOME``; ``EXECUTOR_NUMBER``, ``NODE_NAME`` and
``NODE_LABELS`` on an executor), ``CLASSPATH`` emptied by ``Job.getEnvironment``, the parameters
(``ParametersAction.buildEnvironment``) and ``WORKSPACE``/``WORKSPACE_TMP`` from
``AbstractBuild.getEnvironment``. A pipeline gets the node ones inside ``node {}``
(``ExecutorStepExecution``); a multibranch job gets ``BRANCH_NAME`` (branch-api).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from jenkins_sdk.testing.urls import item_path

if TYPE_CHECKING:
    from jenkins_sdk.testing.state.builds import Build
    from jenkins_sdk.testing.state.items import Job

JENKINS_HOME = "/var/jenkins_home"
AGENT_ROOT = "/home/jenkins/agent"


def build_url(build: Build, root_url: str) -> str:
    """``BUILD_URL``."""
    return f"{root_url}{item_path(build.job)}{build.number}/"


def workspace(job: Job, node: str = "(built-in)") -> str:
    """The job's workspace on ``node`` (``WorkspaceList``: no ``@2`` suffixes here)."""
    base = JENKINS_HOME if node == "(built-in)" else AGENT_ROOT
    return f"{base}/workspace/{job.full_name}"


def node_env(node: str, labels: list[str], executor: int, ws: str) -> dict[str, str]:
    """What an executor adds: node name and labels, executor number, workspace."""
    return {
        "EXECUTOR_NUMBER": str(executor),
        "NODE_LABELS": " ".join(labels) if labels else node,
        "NODE_NAME": "built-in" if node == "(built-in)" else node,
        "WORKSPACE": ws,
        "WORKSPACE_TMP": ws + "@tmp",
    }


def run_env(build: Build, root_url: str) -> dict[str, str]:
    """``Run.getEnvironment`` of ``build`` (sorted, as ``EnvVars`` is a sorted map)."""
    job = build.job
    cookie = hashlib.sha256(f"jenkins-emulator:{root_url}".encode()).hexdigest()[:32]
    env: dict[str, str] = {
        "BUILD_DISPLAY_NAME": build.shown_name,
        "BUILD_ID": str(build.number),
        "BUILD_NUMBER": str(build.number),
        "BUILD_TAG": f"jenkins-{job.full_name.replace('/', '-')}-{build.number}",
        "BUILD_URL": build_url(build, root_url),
        "CI": "true",
        "CLASSPATH": "",
        "HUDSON_HOME": JENKINS_HOME,
        "HUDSON_SERVER_COOKIE": cookie,
        "HUDSON_URL": root_url,
        "JENKINS_HOME": JENKINS_HOME,
        "JENKINS_SERVER_COOKIE": cookie,
        "JENKINS_URL": root_url,
        "JOB_BASE_NAME": job.name,
        "JOB_NAME": job.full_name,
        "JOB_URL": root_url + item_path(job),
    }
    parent = job.parent
    if parent is not None and parent.kind == "multibranch":
        env["BRANCH_NAME"] = job.display_name or job.name
    for d, v in build.params:
        if d.type != "file":
            env[d.name] = str(v).lower() if isinstance(v, bool) else str(v)
    return dict(sorted(env.items()))


def freestyle_env(build: Build, root_url: str, labels: list[str]) -> dict[str, str]:
    """A freestyle build's environment: the run's plus its executor's."""
    node = build.node or "(built-in)"
    env = run_env(build, root_url)
    env.update(node_env(node, labels, build.executor or 0, workspace(build.job, node)))
    return dict(sorted(env.items()))
