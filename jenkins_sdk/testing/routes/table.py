"""The route table: which handler serves a URL segment, filled from one module per area.

An area module declares any of these dicts (segment -> handler) and is listed once in
``routes/__init__.py``'s ``AREAS``:

``ROUTES``            ``/<segment>/...``                  ``handler(ctx, rest)``
``ITEM_ACTIONS``      ``/job/X/<segment>/...`` (any item)  ``handler(ctx, item, rest)``
``JOB_ACTIONS``       ``/job/X/<segment>/...`` (jobs)      ``handler(ctx, job, rest)``
``FOLDER_ACTIONS``    ``/job/F/<segment>/...`` (folders)   ``handler(ctx, folder, rest)``
``BUILD_ACTIONS``     ``/job/X/N/<segment>/...``           ``handler(ctx, build, rest)``
``COMPUTER_SET_ACTIONS`` ``/computer/<segment>`` (``createItem``)  ``handler(ctx, rest)``
``COMPUTER_ACTIONS``  ``/computer/NAME/<segment>/...``     ``handler(ctx, name, rest)``
``VIEW_ACTIONS``      ``/view/NAME/<segment>/...``         ``handler(ctx, name, rest)``

``rest`` is what follows the segment (still percent-encoded). A segment routed twice is an error
at import time, so two areas can never silently shadow each other. An area may also declare
``CRUMB_EXEMPT``, root segments whose POSTs need no CSRF crumb (a plugin's ``CrumbExclusion``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any, Generic, TypeVar

from jenkins_sdk.testing.routes.common import Ctx
from jenkins_sdk.testing.server import Response
from jenkins_sdk.testing.state import Build, Folder, Item, Job

RootHandler = Callable[[Ctx, list[str]], Response]
ItemHandler = Callable[[Ctx, Item, list[str]], Response]
JobHandler = Callable[[Ctx, Job, list[str]], Response]
FolderHandler = Callable[[Ctx, Folder, list[str]], Response]
BuildHandler = Callable[[Ctx, Build, list[str]], Response]
NamedHandler = Callable[[Ctx, str, list[str]], Response]

H = TypeVar("H")


class _Table(Generic[H]):
    """``RouteTable.<name>``: one table (by the module attribute it is read from), typed by
    the handlers it holds."""

    def __init__(self, attribute: str) -> None:
        self.attribute = attribute

    def __get__(self, routes: RouteTable, owner: object = None) -> dict[str, H]:
        return routes.tables[self.attribute]


class RouteTable:
    """Every area's handlers, by table and segment."""

    root = _Table[RootHandler]("ROUTES")
    item = _Table[ItemHandler]("ITEM_ACTIONS")
    job = _Table[JobHandler]("JOB_ACTIONS")
    folder = _Table[FolderHandler]("FOLDER_ACTIONS")
    build = _Table[BuildHandler]("BUILD_ACTIONS")
    #: Stapler finds ``ComputerSet``'s own methods before a node.
    computer_set = _Table[RootHandler]("COMPUTER_SET_ACTIONS")
    computer = _Table[NamedHandler]("COMPUTER_ACTIONS")
    view = _Table[NamedHandler]("VIEW_ACTIONS")

    def __init__(self) -> None:
        self.tables: dict[str, dict[str, Any]] = {name: {} for name in TABLES}
        self.areas: list[str] = []
        #: Root segments exempt from the crumb check (``CRUMB_EXEMPT`` of the areas).
        self.crumb_exempt: set[str] = set()

    def add(self, area: ModuleType) -> None:
        """Register the tables an area module declares (a segment routed twice raises)."""
        for name in TABLES:
            handlers: Mapping[str, Any] = getattr(area, name, {})
            table = self.tables[name]
            for segment, handler in handlers.items():
                if segment in table:
                    raise ValueError(f"{area.__name__}: {name}[{segment!r}] is already routed")
                table[segment] = handler
        self.crumb_exempt.update(getattr(area, "CRUMB_EXEMPT", ()))
        self.areas.append(area.__name__)

    def remove(self, area: ModuleType) -> None:
        """Unregister what ``area`` registered (a test that extended the emulator cleans up)."""
        for name in TABLES:
            table = self.tables[name]
            for segment, handler in getattr(area, name, {}).items():
                if table.get(segment) is handler:
                    del table[segment]
        self.crumb_exempt.difference_update(getattr(area, "CRUMB_EXEMPT", ()))
        if area.__name__ in self.areas:
            self.areas.remove(area.__name__)


#: The module attribute each table is read from.
TABLES = tuple(t.attribute for t in vars(RouteTable).values() if isinstance(t, _Table))

#: The emulator's one table (filled by ``jenkins_sdk.testing.routes`` on import).
TABLE = RouteTable()
