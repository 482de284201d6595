"""Summaries as they are kept while thousands accumulate: read-only and small.

A summary as built is plain dicts, lists and dataclasses: about 20 kB a report once it has
crossed from a worker (every name and outcome a fresh string), so 10 000 reports held
200 MB. Kept, the same values are read-only mappings over shared key tuples, strings are
interned, equal key-figure cells and small tables are shared between reports, and the rule
outcomes are one byte each (Coded: a tuple of 130 pointers was 1 kB a report), and the
figures of a year are doubles in one array (Figures); readers see the same mappings, values
and cells as before.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Iterator

from .keyfigures import Cell

_INDEX: dict[tuple, dict] = {}  # key tuple → {key: position}, one per distinct set of keys
_SHARED: dict[tuple, Any] = {}  # equal small tables and cells: one object for all reports
_SHARED_MAX = 200_000  # beyond that many distinct ones, sharing stops paying


def _intern(value: Any) -> Any:
    return sys.intern(value) if type(value) is str else value


def _index(keys: tuple) -> dict:
    found = _INDEX.get(keys)
    if found is None:
        found = _INDEX[keys] = {k: i for i, k in enumerate(keys)}
    return found


def _shared(key: tuple, make) -> Any:
    found = _SHARED.get(key)
    if found is None:
        found = make()
        if len(_SHARED) < _SHARED_MAX:
            _SHARED[key] = found
    return found


class Frozen(Mapping):
    """A read-only dict: its keys are shared with every mapping with the same keys."""

    __slots__ = ("_index", "_values")

    def __init__(self, data: Mapping):
        keys = tuple(_intern(k) for k in data)
        self._index = _index(keys)
        self._values = tuple(_intern(v) for v in data.values())

    def __getitem__(self, key):
        return self._values[self._index[key]]

    def get(self, key, default=None):
        i = self._index.get(key)
        return default if i is None else self._values[i]

    def __contains__(self, key) -> bool:
        return key in self._index

    def __iter__(self) -> Iterator:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return repr(dict(self))


_EXACT = 2 ** 53  # an int below it is exact as a double


class Figures(Frozen):
    """Figure → (value, from tkr). The numbers as doubles in one array, 8 bytes each instead of an
    object of 24–32; a text (a key figure as printed) is kept beside them. One integer holds the
    flags: from tkr (bit i), an int (bit n + i), a text (bit 2n + i), so each value comes back as it was."""

    __slots__ = ("_flags", "_texts")

    def __init__(self, data: Mapping):
        self._index = _index(tuple(_intern(k) for k in data))
        n = len(data)
        numbers: list = []
        texts: list = []
        flags = 0
        for i, (value, tkr) in enumerate(data.values()):
            kind = type(value)
            if kind is float or (kind is int and -_EXACT < value < _EXACT):
                numbers.append(value)
                flags |= (kind is int) << (n + i)
            else:
                numbers.append(len(texts))
                texts.append(_intern(value))
                flags |= 1 << (2 * n + i)
            flags |= bool(tkr) << i
        self._values = array("d", numbers)
        self._flags = flags
        self._texts = tuple(texts) if texts else ()

    def _at(self, i: int) -> tuple:
        n, flags, value = len(self._values), self._flags, self._values[i]
        if flags >> (2 * n + i) & 1:
            value = self._texts[int(value)]
        elif flags >> (n + i) & 1:
            value = int(value)
        return value, bool(flags >> i & 1)

    def __getitem__(self, key):
        return self._at(self._index[key])

    def get(self, key, default=None):
        i = self._index.get(key)
        return default if i is None else self._at(i)


class Coded(Frozen):
    """A read-only dict whose values come from a small set (the rule outcomes): one byte a value,
    the set kept once for all reports."""

    __slots__ = ()

    def __init__(self, data: Mapping):
        self._index = _index(tuple(_intern(k) for k in data))
        self._values = bytes(_code(v) for v in data.values())

    def __getitem__(self, key):
        return _DECODE[self._values[self._index[key]]]

    def get(self, key, default=None):
        i = self._index.get(key)
        return default if i is None else _DECODE[self._values[i]]


_DECODE: list = []  # every distinct value of a Coded once, at its code
_CODE: dict = {}


def _code(value) -> int:
    key = (type(value), value)  # 1 and True are equal keys, not equal values
    found = _CODE.get(key)
    if found is None:
        if len(_DECODE) == 256:
            raise OverflowError("more than 256 distinct values")
        found = _CODE[key] = len(_DECODE)
        _DECODE.append(_intern(value))
    return found


def coded(data: Mapping) -> Frozen:
    try:
        return Coded(data)
    except (OverflowError, TypeError):  # too many distinct values, or one unhashable: kept as they are
        return Frozen(data)


def frozen(data: Mapping | None) -> Frozen | None:
    """Equal small tables (a year's headings, the defect counts) are one object for all reports."""
    if data is None:
        return None
    values = tuple(data.values())
    try:
        return _shared(("frozen", tuple(data), values), lambda: Frozen(data))
    except TypeError:  # an unhashable value: not shared
        return Frozen(data)


_NONE = Frozen({})


def cell(c: Cell) -> Cell:
    """A cell that lacks nothing keeps no list or dict of its own; equal missing ones are shared."""
    if c.varde is not None and not c.saknas and not c.etiketter:  # a value: hardly ever equal to another's
        return replace(c, saknas=(), etiketter=_NONE, skal=_intern(c.skal), anm=_intern(c.anm))
    saknas = tuple(_intern(n) for n in c.saknas)
    labels = tuple((_intern(k), _intern(v)) for k, v in c.etiketter.items())
    key = ("cell", type(c.varde), c.varde, saknas, c.skal, c.fran_tkr, c.anm, labels)
    return _shared(key, lambda: replace(c, saknas=saknas, etiketter=Frozen(dict(labels)) if labels else _NONE,
                                        skal=_intern(c.skal), anm=_intern(c.anm)))


def summary(s):
    """The summary as kept: the same values, compactly (see the module's doc)."""
    return replace(
        s,
        fil=s.fil, namn=_intern(s.namn), organisationsnummer=_intern(s.organisationsnummer), lan=_intern(s.lan),
        dokument=_intern(s.dokument), motor=_intern(s.motor), katalogversion=_intern(s.katalogversion),
        nyckeltal=Frozen({k: cell(c) for k, c in s.nyckeltal.items()}),
        utfall=coded(s.utfall),
        brister=frozen(s.brister),
        egna=Figures(s.egna),
        oversikt=Frozen({y: Figures(f) for y, f in s.oversikt.items()}),
        fb_delar=frozen(s.fb_delar),
        fb_rubriker=frozen(s.fb_rubriker),
        oversikt_tak=frozen(s.oversikt_tak),
        angivna=Frozen(s.angivna),
        delar_saknas=_shared(("list", *s.delar_saknas), lambda: tuple(_intern(k) for k in s.delar_saknas)),
        tkr_delar=_shared(("list", *s.tkr_delar), lambda: tuple(_intern(k) for k in s.tkr_delar)),
    )
