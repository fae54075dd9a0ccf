"""The children of an item group as Jenkins keeps them: ``Jenkins.items`` and
``AbstractFolder.items`` are ``CopyOnWriteMap.Tree<>(String.CASE_INSENSITIVE_ORDER)`` (core
``jenkins/model/Jenkins.java``, cloudbees-folder ``AbstractFolder.java``): a name finds its item
whatever its case (``job/APP`` is ``job/app``; ``createItem?name=APP`` is refused when ``app``
exists), the item keeps its own spelling, and iteration (``jobs`` in ``api/json``) is sorted
case-insensitively."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableMapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jenkins_sdk.testing.state.items import Item


def _fold(name: str) -> str:
    """``String.CASE_INSENSITIVE_ORDER``'s comparison key (upper, then lower case)."""
    return name.upper().lower()


class ItemMap(MutableMapping[str, "Item"]):
    """Name -> item, case-insensitive, iterated in ``CASE_INSENSITIVE_ORDER``."""

    def __init__(self, pairs: Iterable[tuple[str, Item]] = ()) -> None:
        self._data: dict[str, tuple[str, Item]] = {}
        for name, item in pairs:
            self[name] = item

    def __getitem__(self, name: str) -> Item:
        return self._data[_fold(name)][1]

    def __setitem__(self, name: str, item: Item) -> None:
        self._data[_fold(name)] = (name, item)

    def __delitem__(self, name: str) -> None:
        del self._data[_fold(name)]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and _fold(name) in self._data

    def __iter__(self) -> Iterator[str]:
        return iter([self._data[k][0] for k in sorted(self._data)])

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"ItemMap({list(self)!r})"
