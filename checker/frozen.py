"""Small value classes, written out instead of made by @dataclass.

A dataclass compiles each of its methods from generated source when its class is made, and a
command made some thirty of them before doing anything: a measurable part of its start. A class
here names its fields in `_fields` and sets them in its own __init__; it is then equal and shown
exactly as the dataclass with those fields. `_compared` names the fields that count (default: all),
like dataclass's compare=False/repr=False on the others.

- Frozen: as @dataclass(frozen=True): hashed by its fields, no field can be set or deleted
  (set them in __init__ with `set_field`).
- Record: as @dataclass: fields can be set, and it is unhashable; a class that sets
  `__hash__ = Record.hash_fields` is as @dataclass(unsafe_hash=True).
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError

set_field = object.__setattr__


class _Value:
    _fields: tuple[str, ...] = ()
    _compared: tuple[str, ...] | None = None

    def _values(self) -> tuple:
        return tuple(getattr(self, f) for f in (self._fields if self._compared is None else self._compared))

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return self._values() == other._values()
        return NotImplemented

    def hash_fields(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = self._fields if self._compared is None else self._compared
        return f"{type(self).__qualname__}({', '.join(f'{f}={getattr(self, f)!r}' for f in shown)})"


class Frozen(_Value):
    __hash__ = _Value.hash_fields

    def __setattr__(self, name, value):
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name):
        raise FrozenInstanceError(f"cannot delete field {name!r}")


class Record(_Value):
    __hash__ = None  # type: ignore[assignment]


NEW = object()  # a default that means a new empty one each time (dataclass's default_factory)
