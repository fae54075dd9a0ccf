"""JSON renderings of the emulator's objects, shaped like real Jenkins payloads.

Shapes follow captured responses (see tests/emulator/payloads/README.md): jobs
(``butler__Job_FreeStyleProject.json``, ``gomock__workflowjob_test_pipeline.json``), builds
(``api4jenkins__run_workflowrun.json``, ``gomock__workflowrun_success_params.json``), queue items
(``api4jenkins__queue_*.json``, ``cdancy__queueItem*.json``), test reports
(``stagecraft__11_testReport_unstable.json``) and the root (``api4jenkins__jenkins_jenkins.json``).
"""

from jenkins_sdk.testing.render.base import item_path, raw_encode, wants
from jenkins_sdk.testing.render.jobs import ItemRenderer

__all__ = ["Renderer", "item_path", "raw_encode", "wants"]


class Renderer(ItemRenderer):
    """Renders state for one request: ``root`` is the absolute root URL ending in ``/``.

    One class per subject, stacked: ``base`` (URLs) <- ``builds`` <- ``queue`` <- ``jobs``. A new
    area renders its own objects in its route module (or a module here) from these helpers.
    """
