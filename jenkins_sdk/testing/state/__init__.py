"""The emulated controller's state, one module per subject.

``items``       folders, multibranch projects, jobs; names and their rules
``builds``      a build and its stage runs, advancing on the clock
``queue``       queue items and the scheduler (quiet period, executors, LeftItems)
``controller``  :class:`ControllerState`: the item tree, the queue and the per-area stores
``nodes``, ``views``  per-area stores (a new area adds its own store module)
"""

from jenkins_sdk.testing.state.builds import Build, StageRun
from jenkins_sdk.testing.state.controller import ControllerState
from jenkins_sdk.testing.state.items import (
    BUILD_CLASSES,
    FOLDER,
    FREESTYLE,
    ITEM_CLASSES,
    MATRIX,
    MULTIBRANCH,
    ORGANIZATION,
    PIPELINE,
    EmulatorError,
    Folder,
    Item,
    Job,
    check_good_name,
    fail,
)
from jenkins_sdk.testing.state.queue import LEFT_ITEM_TTL_MS, QueueItem

__all__ = [
    "BUILD_CLASSES",
    "FOLDER",
    "FREESTYLE",
    "ITEM_CLASSES",
    "LEFT_ITEM_TTL_MS",
    "MATRIX",
    "MULTIBRANCH",
    "ORGANIZATION",
    "PIPELINE",
    "Build",
    "ControllerState",
    "EmulatorError",
    "Folder",
    "Item",
    "Job",
    "QueueItem",
    "StageRun",
    "check_good_name",
    "fail",
]
