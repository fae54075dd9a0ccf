"""The children of an item group as Jenkins keeps them: ``Jenkins.items`` and
``AbstractFolder.items`` are ``CopyOnWriteMap.Tree<>(String.CASE_INSENSITIVE_ORDER)`` (core
``jenkins/model/Jenkins.java``, cloudbees-folder ``AbstractFolder.java``): a name finds its item
whatever its case (``job/APP`` is ``job/app``; ``createItem?name=APP`` is refused when ``app``
exists) and the item keeps its own spelling.

Approximation: Jenkins iterates such a map sorted case-insensitively (``jobs`` in ``api/json``);
the emulator keeps creation order, which committed recordings and other tests rely on."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableMapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jenkins_sdk.testing.state.items import Item


def _fold(name: str) -> str:
    """``String.CASE_INSENSITIVE_ORDER``'s comparison key (upper, then lower case)."""
    return name.upper().lower()


class ItemMap(MutableMapping[str, "Item"]):
    """Name -> item, case-insensitive, iterated in creation order."""

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
        return iter([name for name, _item in self._data.values()])

    def __len__(self) -> int:
        return len(self._data)

    def rename(self, old: str, new: str) -> None:
        """Give the item ``old`` the name ``new``, keeping its place."""
        item = self[old]
        self._data = {
            (_fold(new) if key == _fold(old) else key): ((new, item) if key == _fold(old) else pair)
            for key, pair in self._data.items()
        }

    def __repr__(self) -> str:
        return f"ItemMap({list(self)!r})"
