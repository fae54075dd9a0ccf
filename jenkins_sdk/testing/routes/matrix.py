"""Matrix projects (matrix-project plugin): ``activeConfigurations`` in the job's JSON, each
configuration at ``job/M/<axis=value,...>/`` (``MatrixConfiguration``, named by
``Combination.toString``, shown by ``toCompactString``) and its runs at ``<config>/N/``
(``MatrixRun``, sharing the parent build's number: ``MatrixBuild.getRuns``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from jenkins_sdk.testing.pipeline.names import combination_name, compact_name
from jenkins_sdk.testing.render.matrix import config_ref, run_ref
from jenkins_sdk.testing.routes.common import Ctx, html_page, json_response, not_found
from jenkins_sdk.testing.server import Response
from jenkins_sdk.testing.state import Build, Job


def find(job: Job, segment: str) -> dict[str, str] | None:
    """The combination a URL segment names, parsed as ``Combination.fromString`` parses it
    (``a=1,b=x`` in any axis order; ``default`` is the empty one)."""
    wanted = _parse(unquote(segment))
    return next((c for c in job.combinations() if c == wanted), None)


def _parse(name: str) -> dict[str, str] | None:
    if name == "default":
        return {}
    combo: dict[str, str] = {}
    for token in (t for t in name.split(",") if t):
        key, sep, value = token.partition("=")
        if not sep:
            return None
        combo[key] = value
    return combo


def configuration_routes(ctx: Ctx, job: Job, combo: dict[str, str], rest: list[str]) -> Response:
    """A configuration's page, ``api/json``, and its runs' ``N/api/json``."""
    if not rest:
        return html_page(f"{job.full_display_name} » {compact_name(job, combo)} [Jenkins]")
    if rest[:2] in (["api", "json"], ["api", "python"]):
        return json_response(ctx, _configuration(ctx, job, combo))
    if rest[0].isdigit() and int(rest[0]) in job.builds:
        build = job.builds[int(rest[0])]
        if rest[1:3] in (["api", "json"], ["api", "python"]):
            return json_response(ctx, _run(ctx, job, combo, build))
    return not_found()


def _configuration(ctx: Ctx, job: Job, combo: dict[str, str]) -> dict[str, Any]:
    ref = config_ref(ctx.render, job, combo)
    runs = [run_ref(ref["url"], b) for b in job.last_builds()]
    return {
        **ref,
        "actions": [],
        "buildable": not job.disabled,
        "builds": runs,
        "description": None,
        "displayName": compact_name(job, combo),
        "fullDisplayName": f"{job.full_display_name} » {compact_name(job, combo)}",
        "fullName": f"{job.full_name}/{ref['name']}",
        "lastBuild": runs[0] if runs else None,
        "nextBuildNumber": job.next_build_number,
    }


def _run(ctx: Ctx, job: Job, combo: dict[str, str], build: Build) -> dict[str, Any]:
    name = combination_name(combo)
    ref = config_ref(ctx.render, job, combo)
    result = getattr(build, "matrix_results", {}).get(name)
    return {
        **run_ref(ref["url"], build),
        "building": result is None and build.building,
        "displayName": f"#{build.number}",
        "duration": build.duration_ms,
        "fullDisplayName": f"{job.full_display_name} » {compact_name(job, combo)} #{build.number}",
        "id": str(build.number),
        "result": result,
        "timestamp": build.start_ms,
    }


def configuration_action(ctx: Ctx, job: Job, segment: str, rest: list[str]) -> Response | None:
    """Serve ``job/M/<combination>/...`` when ``segment`` names a configuration of ``job``."""
    combo = find(job, segment)
    return None if combo is None else configuration_routes(ctx, job, combo, rest)
