"""Run a pipeline, watch its stages change, and answer its input step with a parameter.

    python examples/pipeline_input.py team/release --reason "scheduled release"

Prints each stage transition as the run goes; a failed stage's log is printed; ``--abort``
answers the input step with Abort instead (the run then ends ABORTED).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from jenkins_sdk import BuildResult, JenkinsClient, StageStatus


def main(argv: Sequence[str] | None = None) -> int:
    """Trigger JOB, answer its input steps, and return 0 when the run succeeded."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("job", nargs="?", default="team/release")
    parser.add_argument("--reason", default="approved by examples/pipeline_input.py")
    parser.add_argument("--abort", action="store_true", help="abort the input step")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds")
    args = parser.parse_args(argv)
    job = args.job

    with JenkinsClient.from_env() as client:
        ref = client.queue.wait_for_build(client.builds.trigger(job), timeout=args.timeout)
        print(f"{job} #{ref.number} started")
        seen: dict[str, str] = {}
        for run in client.pipelines.watch(job, ref, timeout=args.timeout):
            for stage in run.stages:
                status = stage.status.value if stage.status else "?"
                if seen.get(stage.id) != status:
                    seen[stage.id] = status
                    print(f"  {stage.name}: {status}")
                if stage.status is StageStatus.FAILED:
                    print(client.pipelines.stage_log(job, ref, stage.id))
            if run.status is StageStatus.PAUSED_PENDING_INPUT:
                for pending in client.pipelines.pending_inputs(job, ref):
                    if args.abort:
                        print(f"  input {pending.message!r}: abort")
                        client.pipelines.abort_input(job, ref, pending)
                    else:
                        print(f"  input {pending.message!r}: proceed (REASON={args.reason})")
                        names = [p.name for p in pending.inputs]
                        values = {"REASON": args.reason} if "REASON" in names else None
                        client.pipelines.submit_input(job, ref, pending, values)
        build = client.builds.wait(job, ref, timeout=args.timeout)
        print(f"{job} #{build.number}: {build.result.value if build.result else '?'}")
        return 0 if build.result is BuildResult.SUCCESS else 1


if __name__ == "__main__":
    raise SystemExit(main())
