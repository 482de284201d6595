"""Small immutable value classes, written out instead of made by @dataclass(frozen=True).

A dataclass compiles each of its methods from generated source when its class is made, and a
command made some thirty of them before doing anything: a measurable part of its start. A class
here names its fields in `_fields` and sets them in its own __init__ (with object.__setattr__);
it is then equal, hashed, shown and frozen exactly as the frozen dataclass with those fields.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError

set_field = object.__setattr__


class Frozen:
    _fields: tuple[str, ...] = ()

    def _values(self) -> tuple:
        return tuple(getattr(self, f) for f in self._fields)

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return self._values() == other._values()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        return f"{type(self).__qualname__}({', '.join(f'{f}={getattr(self, f)!r}' for f in self._fields)})"

    def __setattr__(self, name, value):
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name):
        raise FrozenInstanceError(f"cannot delete field {name!r}")
