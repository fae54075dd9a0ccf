"""Smoke test of an installed wheel, run by the clean venv's Python from outside the source tree.

It checks that the package is the installed one (not the checkout), its metadata, the
``jenkins-sdk`` command (``--version``, a read against the emulator, an exit code), and one
round trip of the library against the bundled emulator: trigger, queue, wait, console.
"""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path


def main() -> int:
    """Run the checks; raise on the first failure."""
    import jenkins_sdk
    from jenkins_sdk import BuildResult, JenkinsClient
    from jenkins_sdk.testing import JenkinsEmulator, LinkedClock
    from jenkins_sdk.testing.demo import build_demo

    where = Path(jenkins_sdk.__file__).resolve()
    assert "site-packages" in where.parts, f"imported from the checkout: {where}"
    meta = importlib.metadata.metadata("jenkins-sdk")
    assert meta["Version"] == jenkins_sdk.__version__, (meta["Version"], jenkins_sdk.__version__)
    assert meta["License-Expression"] == "MIT"
    exe = Path(sys.executable).with_name("jenkins-sdk")
    shown = subprocess.run([exe, "--version"], capture_output=True, text=True, check=True)
    assert shown.stdout == f"jenkins-sdk {jenkins_sdk.__version__}\n", shown.stdout
    with JenkinsEmulator() as emu:
        build_demo(emu)
        user, token = emu.credentials
        with JenkinsClient(
            url=emu.url, username=user, api_token=token, clock=LinkedClock(emu)
        ) as client:
            queued = client.builds.trigger("team/app", {"BRANCH": "main"})
            ref = client.queue.wait_for_build(queued, timeout=60)
            build = client.builds.wait("team/app", ref, timeout=600)
            assert build.result is BuildResult.SUCCESS, build.result
            assert "Finished: SUCCESS" in client.console.text("team/app", ref)
        env = {**os.environ, "JENKINS_URL": emu.url, "JENKINS_USER_ID": user}
        env["JENKINS_API_TOKEN"] = token
        env["JENKINS_SDK_CONFIG"] = os.devnull
        status = subprocess.run(
            [exe, "status", "team/flaky"], capture_output=True, text=True, env=env
        )
        assert status.returncode == 1 and "FAILURE" in status.stdout, status
        listed = subprocess.run(
            [exe, "jobs", "ls", "-r", "--json"], capture_output=True, text=True, env=env
        )
        assert listed.returncode == 0 and '"kind": "job_summary_list"' in listed.stdout, listed
    print(f"smoke ok: jenkins-sdk {jenkins_sdk.__version__} from {where.parent}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
