"""Records to plain JSON data and back (for stages that run in other processes or machines).

>>> from whimbrel.records import Span, Event
>>> e = Event("a", 0, "ASSAULT", Span(0, 6, "struck"))
>>> from_data(Event, to_data(e)) == e
True
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from typing import Any, TypeVar

T = TypeVar("T")


def to_data(obj: Any) -> Any:
    """Dataclasses, tuples, lists, sets and dicts as JSON-ready dicts and lists (dict keys as
    strings, sets sorted so the output does not depend on hash order)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_data(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_data(v) for v in obj]
    if isinstance(obj, (set, frozenset)):
        return [to_data(v) for v in sorted(obj, key=str)]
    if isinstance(obj, dict):
        return {str(k): to_data(v) for k, v in obj.items()}
    return obj


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    import whimbrel.records as records

    return typing.get_type_hints(cls, vars(records))


def from_data(cls: type[T], data: Any) -> T:
    """The inverse of :func:`to_data` for a record class of :mod:`whimbrel.records`."""
    return _build(cls, data)  # type: ignore[no-any-return]


def _build(tp: Any, data: Any) -> Any:
    if data is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        for option in options:
            if dataclasses.is_dataclass(option) and isinstance(data, dict):
                return _build(option, data)
        return _build(options[0], data) if options else data
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_build(args[0], v) for v in data)
        return tuple(_build(a, v) for a, v in zip(args, data, strict=True))
    if origin is list:
        (arg,) = typing.get_args(tp)
        return [_build(arg, v) for v in data]
    if dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        return tp(**{f.name: _build(hints[f.name], data[f.name])
                     for f in dataclasses.fields(tp) if f.name in data})
    return data
