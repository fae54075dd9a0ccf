"""Workload 1: recursive listing of 2,000 jobs in 50 folders nested two deep."""

from __future__ import annotations

from typing import Any

from bench.workloads import ClientCtx, full_name_from_url

NAME = "listing"
TITLE = "1. recursive listing of {jobs} jobs in {folders} folders (two deep)"
# top folders x sub-folders each x jobs per sub-folder; folders = top * (1 + subs)
SIZES = {
    "full": {"top": 10, "subs": 4, "jobs": 50},
    "quick": {"top": 10, "subs": 4, "jobs": 10},
    "smoke": {"top": 2, "subs": 2, "jobs": 3},
}
SPEED = 0.0
FOLDER_CLASSES = ("com.cloudbees.hudson.plugins.folder.Folder",)


def describe(size: dict[str, Any]) -> dict[str, Any]:
    """Numbers for the title."""
    return {
        "jobs": size["top"] * size["subs"] * size["jobs"],
        "folders": size["top"] * (1 + size["subs"]),
    }


def expected(size: dict[str, Any]) -> list[str]:
    """The full names of every job (folders excluded), sorted."""
    return sorted(
        f"team-{t:02d}/svc-{s:02d}/job-{j:03d}"
        for t in range(size["top"])
        for s in range(size["subs"])
        for j in range(size["jobs"])
    )


def build(emu: Any, size: dict[str, Any]) -> None:
    """Create the folders and jobs."""
    for full in expected(size):
        emu.freestyle(full, duration=1.0)


def prepare(emu: Any, size: dict[str, Any]) -> dict[str, Any]:
    """Nothing changes between runs."""
    return {}


def check(emu: Any, size: dict[str, Any], params: dict[str, Any], answer: Any) -> str | None:
    """The answer must be every job's full name, exactly once."""
    want = expected(size)
    got = sorted(answer)
    if got != want:
        missing = sorted(set(want) - set(got))[:3]
        extra = sorted(set(got) - set(want))[:3]
        return f"{len(got)} names, wanted {len(want)} (missing {missing}, extra {extra})"
    return None


def cleanup(emu: Any, size: dict[str, Any], params: dict[str, Any]) -> None:
    """Nothing to undo."""


# --------------------------------------------------------------------------- clients
def run_sdk(ctx: ClientCtx) -> list[str]:
    """``client.jobs.list(recursive=True)``: one nested ``tree=`` request."""
    with ctx.sdk() as client:
        return [
            j.full_name for j in client.jobs.list(recursive=True) if j.class_ not in FOLDER_CLASSES
        ]


def run_requests(ctx: ClientCtx) -> list[str]:
    """One GET with a hand-written nested ``tree=``."""
    import json

    s = ctx.session()
    tree = "jobs[_class,name,jobs[_class,name,jobs[_class,name]]]"
    data = json.loads(s.get(ctx.url + "api/json", params={"tree": tree}).content)
    out: list[str] = []

    def walk(items: list[dict[str, Any]], prefix: str) -> None:
        for item in items:
            name = prefix + item["name"]
            if item["_class"] in FOLDER_CLASSES:
                walk(item.get("jobs") or [], name + "/")
            else:
                out.append(name)

    walk(data["jobs"], "")
    return out


def run_python_jenkins(ctx: ClientCtx) -> list[str]:
    """``get_all_jobs()`` (nested ``tree=``, 10 levels per request)."""
    server = ctx.python_jenkins()
    return [j["fullname"] for j in server.get_all_jobs() if j["_class"] not in FOLDER_CLASSES]


def run_api4jenkins(ctx: ClientCtx) -> list[str]:
    """``Jenkins.iter(depth=2)`` (one nested ``tree=jobs[url,...]`` request)."""
    j = ctx.api4jenkins()
    return [
        full_name_from_url(job.url, ctx.url)
        for job in j.iter(depth=2)
        if type(job).__name__ != "Folder"
    ]


def run_jenkinsapi(ctx: ClientCtx) -> list[str]:
    """``Jenkins(...).keys()``: the root, then one request per folder (twice: on creation and
    again when the job container is first read)."""
    j = ctx.jenkinsapi()
    return [str(name) for name in j.keys()]  # noqa: SIM118 - jenkinsapi.Jenkins is no dict


CLIENTS = {
    "jenkins_sdk": run_sdk,
    "requests": run_requests,
    "python-jenkins": run_python_jenkins,
    "api4jenkins": run_api4jenkins,
    "jenkinsapi": run_jenkinsapi,
}
