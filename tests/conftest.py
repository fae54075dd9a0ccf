"""Suite-wide settings.

Hypothesis runs without a per-example deadline: on a loaded 2-core machine (CI, or several
sessions at once) an example that touches a socket or a thread can take longer than the default
200 ms without anything being wrong; speed is measured in ``bench/``, never in unit tests.
"""

from __future__ import annotations

from hypothesis import settings

settings.register_profile("jenkins_sdk", deadline=None)
settings.load_profile("jenkins_sdk")
