"""jenkins_sdk: a synchronous, thread-safe client for the Jenkins REST API.

The public surface is re-exported here; nothing needs importing from private modules.
"""

from jenkins_sdk import errors
from jenkins_sdk._version import __version__
from jenkins_sdk.errors import JenkinsError

__all__ = ["JenkinsError", "__version__", "errors"]
