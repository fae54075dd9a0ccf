"""The ``jenkins-sdk`` command line (needs the ``cli`` extra: click and rich)."""

from jenkins_sdk.cli.app import cli, main, run

__all__ = ["cli", "main", "run"]
