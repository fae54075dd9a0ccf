"""``python -m jenkins_sdk.cli``: the same as the ``jenkins-sdk`` command."""

from jenkins_sdk.cli.app import run

if __name__ == "__main__":
    run()
