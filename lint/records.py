"""Bases for small data classes, without the start-up cost of ``@dataclass``.

``@dataclass`` writes each class's ``__init__``, ``__repr__`` and ``__eq__`` (frozen ones also
``__setattr__``, ``__delattr__`` and ``__hash__``) as source text and compiles it when its
module is imported: 0.3 to 1 ms a class, about 20 ms of a one-article pre-commit run, which
imports some forty of them. A class on these bases lists its fields in ``_fields`` and writes
its own ``__init__``; equality, hashing, repr and copying are these methods, written once, and
behave as dataclass's do: equal when of the same class with equal fields, shown as
``Name(field=value, ...)``.

Kinds have a base of their own, which reads their options from annotations (lint/kinds/__init__.py).
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, ClassVar

# Frozen classes set their fields in ``__init__`` with this, as frozen dataclasses do.
set_field = object.__setattr__


class FrozenInstanceError(AttributeError):
    """Assigning to a field of a :class:`Value` (dataclasses raises its own of the same name)."""


class Record:
    """A mutable record: ``_fields`` are compared and shown; instances are unhashable."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    _unshown: ClassVar[frozenset[str]] = frozenset()  # fields left out of repr
    __hash__ = None  # type: ignore[assignment] - mutable, as an eq dataclass

    # Every field's value at once, as a tuple, in one C call (None: fewer than two fields).
    # Equality and hashing run at each dict or set look-up of a span, thousands per article.
    _getter: ClassVar[Callable[[Any], tuple] | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._getter = attrgetter(*cls._fields) if len(cls._fields) > 1 else None

    def _values(self) -> tuple:
        getter = self._getter
        if getter is not None:
            return getter(self)
        return tuple([getattr(self, name) for name in self._fields])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            getter = self._getter
            if getter is not None:
                return getter(self) == getter(other)
            return self._values() == other._values()  # type: ignore[attr-defined]
        return NotImplemented

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields if name not in self._unshown)
        return f"{self.__class__.__qualname__}({shown})"

    def replace(self, **changes: Any) -> Any:
        """A copy with ``changes`` (``dataclasses.replace``); ``__init__`` must take every field
        by its name."""
        return self.__class__(**{**{name: getattr(self, name) for name in self._fields}, **changes})


class Value(Record):
    """An immutable, hashable record whose ``__slots__`` are its ``_fields``, in ``__init__``'s
    order (pickling and copying call the class with them)."""

    __slots__ = ()

    def __hash__(self) -> int:  # type: ignore[override]
        getter = self._getter
        return hash(getter(self) if getter is not None else self._values())

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple:
        return (self.__class__, self._values())
