"""The model-metric history, kept where CPython's cycle collector does not walk it.

A model record holds a dict (its ``q_values`` summary), and a dict holding a dict is a container
the collector tracks for good: a few hundred thousand of them made every full collection walk them
all, inside whichever ``log_*`` call set it off (212 ms, where the records alone take 9.5 ms).
Here each record is one flat tuple — a layout (its keys, shared by every record of that shape)
and its values, a nested dict's values spread out — which the collector stops tracking the first
time it sees it. Reading an entry gives the guide's dict back, a new one each time.
"""

import collections
from collections.abc import MutableSequence
from typing import Any, Dict, Iterator, Optional

_layouts: Dict[tuple, tuple] = {}
#: Shapes kept shared at most (a run whose records change shape every call shares none past it).
_max_layouts = 1024


def layout(keys: tuple) -> tuple:
    """The one shared copy of a record shape: its keys in order, a nested dict's as the count of
    its keys, its name, then its keys. Numbers and strings only, so the collector lets the shape
    go at once (a tuple holding a tuple is let go only after it, and a literal's outer tuple is
    made first), and with it every record."""
    if len(_layouts) >= _max_layouts:
        return _layouts.get(keys, keys)
    return _layouts.setdefault(keys, keys)


def pack(record: Dict[str, Any]) -> Any:
    """``record`` as ``(layout, value, …)``; a value that is a plain dict with string keys
    contributes its values. A record with a key that is not a string is kept as a dict."""
    if not all(type(key) is str for key in record):
        return dict(record)
    keys = []
    values = []
    for key, value in record.items():
        if type(value) is dict and all(type(name) is str for name in value):
            keys.append(len(value))
            keys.append(key)
            keys.extend(value)
            values.extend(value.values())
        else:
            keys.append(key)
            values.append(value)
    return (layout(tuple(keys)), *values)


def unpack(entry: Any) -> Dict[str, Any]:
    """The record ``pack`` was given (a new dict)."""
    if type(entry) is dict:
        return dict(entry)
    record = {}
    shape = entry[0]
    position = 0
    index = 1
    while position < len(shape):
        key = shape[position]
        if type(key) is int:
            names = shape[position + 2:position + 2 + key]
            record[shape[position + 1]] = dict(zip(names, entry[index:index + key]))
            position += 2 + key
            index += key
        else:
            record[key] = entry[index]
            position += 1
            index += 1
    return record


class ModelHistory(MutableSequence):
    """The guide's ``model_metrics`` list (a bounded one with ``maxlen``): indexing, slicing,
    iteration, ``len``, ``append``, ``==`` with a list, as a list of dicts; stored packed."""

    def __init__(self, maxlen: Optional[int] = None) -> None:
        self._entries = collections.deque(maxlen=maxlen) if maxlen else []

    @property
    def maxlen(self) -> Optional[int]:
        return getattr(self._entries, "maxlen", None)

    def append_packed(self, entry: tuple) -> None:
        """Adds a record already packed (the logger builds it directly)."""
        self._entries.append(entry)

    def __len__(self) -> int:
        return len(self._entries)

    def __getitem__(self, index):
        if isinstance(index, slice):
            entries = self._entries if isinstance(self._entries, list) else list(self._entries)
            return [unpack(entry) for entry in entries[index]]
        return unpack(self._entries[index])

    def __setitem__(self, index, record) -> None:
        if isinstance(index, slice):
            if not isinstance(self._entries, list):
                raise TypeError("a bounded model history takes no slice assignment")
            self._entries[index] = [pack(item) for item in record]
        else:
            self._entries[index] = pack(record)

    def __delitem__(self, index) -> None:
        if isinstance(index, slice) and not isinstance(self._entries, list):
            kept = list(self._entries)
            del kept[index]
            self._entries.clear()
            self._entries.extend(kept)
        else:
            del self._entries[index]

    def insert(self, index: int, record: Dict[str, Any]) -> None:
        self._entries.insert(index, pack(record))

    def append(self, record: Dict[str, Any]) -> None:
        self._entries.append(pack(record))

    def clear(self) -> None:
        self._entries.clear()

    def __iter__(self) -> Iterator[Dict[str, Any]]:
        return map(unpack, list(self._entries))

    def __reversed__(self) -> Iterator[Dict[str, Any]]:
        return map(unpack, reversed(list(self._entries)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ModelHistory):
            return list(self) == list(other)
        if isinstance(other, (list, tuple, collections.deque)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    def __repr__(self) -> str:
        return repr(list(self))
