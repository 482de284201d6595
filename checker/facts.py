"""Facts: what the rules read, derived from a validated report.

Each fact keeps its formula and operands, so a finding can show how its
numbers were reached. A fact that cannot be derived is absent, never 0: the
rule that needs it then says "underlag saknas".

Scalar facts describe the report as a whole; collections hold one item per
thing a rule checks separately (a printed subtotal per column, an insats, a
goal), so one rule can find several faults and name each.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import combinations
from contextvars import ContextVar
from datetime import date, timedelta
from typing import Callable, Optional

from . import format as fmt
from .frozen import NEW, Frozen, Record, set_field
from .model import Arsredovisning, Driftredovisning, Kolumn, Not, Rakning
from .parameters import resolve, value_in_force, year_end

# The catalogue's parameters in force for the report being derived (set by derive):
# tolerances, deadlines and word lists are law and practice, kept as data in rules/parametrar/.
class Law(Frozen):
    _fields = ("parameters", "year", "directory", "pastaendeslag", "known")
    _compared = ("parameters", "year", "directory", "pastaendeslag")

    def __init__(self, parameters: dict, year: int, directory: str, pastaendeslag: Optional[dict] = None, known: dict = NEW):
        set_field(self, "parameters", parameters)
        set_field(self, "year", year)
        set_field(self, "directory", directory)
        set_field(self, "pastaendeslag", pastaendeslag)  # the catalogue's kinds of claim (rules/fakta, pastaendeslag)
        # Values already looked up for this report: a tolerance is asked for by every sum it checks.
        set_field(self, "known", {} if known is NEW else known)

    def value(self, name: str, year: Optional[int] = None) -> object:
        key = (name, year or self.year)
        if key not in self.known:
            self.known[key] = value_in_force(self.parameters, name, year_end(key[1]), self.directory)
        return self.known[key]

    def resolve(self, name: str, basis: Callable[[str], object], year: Optional[int] = None):
        """A parameter with a scale (or none): the value, or why there is none (parameters.NotResolved)."""
        if name not in self.parameters:
            value_in_force(self.parameters, name, year_end(self.year), self.directory)  # a missing parameter is bad input
        return resolve(self.parameters[name], year_end(year or self.year), basis)


_LAW: ContextVar[Law] = ContextVar("finsam_law")


def law(name: str) -> object:
    """The value of a parameter at the end of the räkenskapsår being derived."""
    return _LAW.get().value(name)


def current_law() -> Law:
    return _LAW.get()


# Fact and Operand are values, never changed once made, but not frozen: a frozen class sets each
# field through object.__setattr__, six times the cost of making one, and a report makes about a
# thousand. They are hashed on their fields, as a frozen one is (dataclass's unsafe_hash).
class Operand(Record):
    _fields = ("label", "value", "kalla", "enhet")
    __hash__ = Record.hash_fields

    def __init__(self, label: str, value: object, kalla: Optional[str] = None, enhet: Optional[str] = None):
        self.label = label
        self.value = value
        self.kalla = kalla
        self.enhet = enhet  # when it differs from the fact's own (a percentage in a sum of kronor)


class Fact(Record):
    _fields = ("name", "value", "enhet", "label", "formel", "operander", "kalla", "fran_tkr", "celler", "dokument")
    __hash__ = Record.hash_fields

    def __init__(self, name: str, value: object, enhet: str, label: str, formel: Optional[str] = None,
                 operander: tuple[Operand, ...] = (), kalla: Optional[str] = None, fran_tkr: bool = False,
                 celler: tuple[str, ...] = (), dokument: Optional[str] = None):
        self.name = name
        self.value = value
        self.enhet = enhet  # kr, procent, antal, text, bool, datum, ar
        self.label = label
        self.formel = formel
        self.operander = operander
        self.kalla = kalla
        self.fran_tkr = fran_tkr
        # The printed cells the value rests on ("balansrakning.summa_tillgangar.2019"): one wrong
        # printed figure is then one defect, however many checks read it.
        self.celler = celler
        self.dokument = dokument  # another document than the årsredovisning, if it comes from one


_new = object.__new__


def _new_fact(name, value, enhet, label, formel, operander, kalla, fran_tkr, celler, dokument) -> Fact:
    """Fact(…) with every field given, set here: a class call goes through type.__call__ and __init__'s
    frame, a fifth of the instructions of making a fact. The fields in __init__'s order (one key table
    for every fact's attributes)."""
    f = _new(Fact)
    f.name = name
    f.value = value
    f.enhet = enhet
    f.label = label
    f.formel = formel
    f.operander = operander if operander.__class__ is tuple else tuple(operander)
    f.kalla = kalla
    f.fran_tkr = fran_tkr
    f.celler = celler
    f.dokument = dokument
    return f


class Item(Record):
    _fields = ("label", "facts", "kalla", "skal", "provar")

    def __init__(self, label: str, facts: dict[str, Fact] = NEW, kalla: Optional[str] = None,
                 skal: Optional[str] = None, provar: Optional[str] = None):
        self.label = label
        self.facts = {} if facts is NEW else facts
        self.kalla = kalla
        self.skal = skal  # why some of the item's facts could not be derived
        self.provar = provar  # the printed cell whose own correctness this item decides

    def add(self, fact: Optional[Fact]) -> None:
        if fact is not None and fact.value is not None:
            self.facts[fact.name] = fact

    def put(self, name, value, enhet, label, formel=None, operander=(), kalla=None, fran_tkr=False, dokument=None) -> None:
        """add(_fact(…)) in one call: the fact, when its value is known."""
        if value is not None:
            # _new_fact written out: the call to it is a sixth of a put, and items hold most facts.
            f = _new(Fact)
            f.name = name
            f.value = value
            f.enhet = enhet
            f.label = label
            f.formel = formel
            f.operander = operander if operander.__class__ is tuple else tuple(operander)
            f.kalla = kalla
            f.fran_tkr = fran_tkr
            f.celler = ()
            f.dokument = dokument
            self.facts[name] = f


class Facts(Record):
    _fields = ("scalars", "collections", "missing")

    def __init__(self, scalars: dict[str, Fact] = NEW, collections: dict[str, list[Item]] = NEW,
                 missing: dict[str, tuple[str, tuple[str, ...]]] = NEW):
        self.scalars = {} if scalars is NEW else scalars
        self.collections = {} if collections is NEW else collections
        # Why a declared fact is absent, when that is more than a missing input: name → (sentence, facts lacking).
        self.missing = {} if missing is NEW else missing

    def add(self, fact: Optional[Fact]) -> None:
        if fact is not None and fact.value is not None:
            self.scalars[fact.name] = fact

    def put(self, name, value, enhet, label, formel=None, operander=(), kalla=None, fran_tkr=False, dokument=None) -> None:
        """add(_fact(…)) in one call: the fact, when its value is known."""
        if value is not None:
            self.scalars[name] = _new_fact(name, value, enhet, label, formel, operander, kalla, fran_tkr, (), dokument)

    def value(self, name: str) -> object:
        fact = self.scalars.get(name)
        return None if fact is None else fact.value


# Registered derivations, in the order they run (a later one may read what an earlier one found).
DERIVATIONS: dict[str, Callable[[Arsredovisning, "Facts"], None]] = {}


def derivation(name: str):
    """Register a derivation: the registry (rules/fakta/) names it as how its facts are obtained."""

    def register(fn):
        DERIVATIONS[name] = fn
        return fn

    return register


def _fact(name, value, enhet, label, formel=None, operander=(), kalla=None, fran_tkr=False, dokument=None) -> Optional[Fact]:
    if value is None:
        return None
    return _new_fact(name, value, enhet, label, formel, operander, kalla, fran_tkr, (), dokument)


_SHARED: dict[tuple, Fact] = {}


def _shared(name: str, value: object, enhet: str, label: str, formel: Optional[str] = None) -> Fact:
    """A fact with no source of its own whose value is one of a few (a bool, a fixed word): made once and
    shared by every item and report that states it, as a fact is a value, never changed once made."""
    key = (name, value, value.__class__, enhet, label, formel)
    fact = _SHARED.get(key)
    if fact is None:
        fact = _SHARED[key] = Fact(name, value, enhet, label, formel)
    return fact


def _doc(part, field: Optional[str] = None, inherited: Optional[str] = None) -> Optional[str]:
    """The other document a part (or one of its fields) comes from, if the report file names one."""
    d = getattr(part, "dokument", None) if part is not None else None
    if isinstance(d, str):
        return d
    if isinstance(d, dict) and field is not None and field in d:
        return d[field]
    return inherited


def _ratio(name, label, num: Optional[Fact], den: Optional[Fact]) -> Optional[Fact]:
    if num is None or den is None or not den.value:
        return None
    # Positional arguments: a class called with keywords costs a dict per call (a report makes some thousand facts).
    return Fact(name, round(100 * num.value / den.value, 2), "procent", label, f"{num.label} ÷ {den.label} × 100",
                (Operand(num.label, num.value, num.kalla), Operand(den.label, den.value, den.kalla)), None,
                num.fran_tkr or den.fran_tkr, num.celler + den.celler, num.dokument or den.dokument)


# --- statements -------------------------------------------------------------

_STATEMENTS = {
    "resultatrakning": "Resultaträkningen",
    "balansrakning": "Balansräkningen",
    "kassaflodesanalys": "Kassaflödesanalysen",
}


# The report's printed tables by identity, named for cell ids; set by derive() for each report, per
# thread (the web page derives in threads, as _LAW).
_TABLES: ContextVar[dict[int, str]] = ContextVar("finsam_tables", default={})


def _statement_key(st) -> str:
    return _TABLES.get().get(id(st), "")


class _Row:
    """A printed row's fields as plain attributes: a pydantic model's attribute goes through its
    __getattr__ hook, and a statement's rows are read some hundred times a report."""

    __slots__ = ("nyckel", "rad", "belopp", "summa_av", "kalla")

    def __init__(self, row):
        d = row.__dict__
        self.nyckel, self.rad, self.belopp, self.summa_av, self.kalla = d["nyckel"], d["rad"], d["belopp"], d["summa_av"], d["kalla"]


class _Table:
    """A statement's or note's rows, read once per report: by key, with each cell's printed cells worked out once."""

    __slots__ = ("st", "key", "rows", "by_key", "tkr", "kalla", "cells", "_top")

    def __init__(self, st):
        self.st = st
        self.key = _statement_key(st)
        self.rows = [_Row(r) for r in st.rader]
        self.by_key = {r.nyckel: r for r in self.rows}
        self.tkr = st.enhet == "tkr"
        self.kalla = st.kalla
        self.cells: dict[tuple[str, int], tuple[str, ...]] = {}
        self._top: Optional[list[_Row]] = None

    def top(self) -> list[_Row]:
        """The rows no printed subtotal includes."""
        if self._top is None:
            inner = {k for row in self.rows for k in (row.summa_av or ())}
            self._top = [row for row in self.rows if row.nyckel not in inner]
        return self._top

    def cell_id(self, row: _Row, year: int) -> str:
        return f"{self.key}.{row.nyckel}.{year}"

    def part_cells(self, row: _Row, year: int) -> tuple[str, ...]:
        """The printed cells a row's value rests on: its own, and a subtotal's rows beneath it."""
        k = (row.nyckel, year)
        found = self.cells.get(k)
        if found is None:
            found = (f"{self.key}.{row.nyckel}.{year}",) if year in row.belopp else ()
            if row.summa_av:
                by_key = self.by_key
                for n in row.summa_av:
                    found += self.part_cells(by_key[n], year)
            self.cells[k] = found
        return found

    def heading_total(self, row: _Row, year: int) -> Optional[tuple[int, list[tuple[_Row, Optional[int]]]]]:
        """A heading printed without its sum: the sum of the rows under it, or None if none is printed.

        Returns the total and each part with its value (None for an empty cell, counted as 0).
        """
        if not row.summa_av:
            return None
        by_key = self.by_key
        parts = [(p, self.value(p, year)) for p in (by_key[k] for k in row.summa_av)]
        if all(v is None for _, v in parts):
            return None
        return sum(v or 0 for _, v in parts), parts

    def value(self, row: _Row, year: int) -> Optional[int]:
        belopp = row.belopp
        if year in belopp:
            return belopp[year]
        found = self.heading_total(row, year)
        return None if found is None else found[0]


# Each table's rows, by the table's identity, while derive() works on one report (None outside it).
_TABLE_ROWS: ContextVar[Optional[dict[int, _Table]]] = ContextVar("finsam_table_rows", default=None)


def _table(st) -> _Table:
    known = _TABLE_ROWS.get()
    if known is None:
        return _Table(st)
    t = known.get(id(st))
    if t is None or t.st is not st:
        t = known[id(st)] = _Table(st)
    return t


def row_amount(st, key: str, year: int) -> Optional[int]:
    """The amount printed in a table's row for a year, or None (keys are unique in a table: the model checks it)."""
    if st is None:
        return None
    row = _table(st).by_key.get(key)
    return None if row is None else row.belopp.get(year)


def _part_operand(row: _Row, value: Optional[int], year: int) -> Operand:
    if value is None:
        return Operand(f"{row.rad} (tom, räknad som 0)", 0, row.kalla)
    if year not in row.belopp:
        return Operand(f"{row.rad} (beräknad ur delposterna)", value, row.kalla)
    return Operand(row.rad, value, row.kalla)


def _row_fact(name, label, st: Optional[Rakning], key: str, year: int, kalla_default=None) -> Optional[Fact]:
    """A row's amount in one column; for a heading printed without its sum, the sum of its rows."""
    if st is None:
        return None
    t = _table(st)
    row = t.by_key.get(key)
    if row is None:
        return None
    kalla, tkr = row.kalla or t.kalla or kalla_default, t.tkr
    if year in row.belopp:
        return _new_fact(name, row.belopp[year], "kr", label, None, (), kalla, tkr, t.part_cells(row, year), None)
    found = t.heading_total(row, year)
    if found is None:
        return None
    total, parts = found
    ops = tuple(_part_operand(p, v, year) for p, v in parts)
    return Fact(name, total, "kr", f"{label} (beräknad ur delposterna)", " + ".join(o.label for o in ops), ops, kalla, tkr,
                tuple(c for p, _ in parts for c in t.part_cells(p, year)))


def tolerance(tkr: bool) -> int:
    """Rounding that is not an error: to whole kronor, or to whole tkr for a part in tkr."""
    return law("tolerans_tkr" if tkr else "tolerans_kr")


def tolerance_fact(tkr: bool) -> Optional[Fact]:
    """The tolerance as the fact "tolerans": one per report and unit, shared by every item that checks a
    sum (a fact is a value, never changed once made; some two hundred items a report hold one)."""
    current = _LAW.get()
    known = current.known
    key = ("tolerans", "faktum", tkr, current.year)  # beside the parameters' (name, year)
    if key not in known:
        value = tolerance(tkr)
        known[key] = None if value is None else Fact("tolerans", value, "kr", "tolerans")
    return known[key]


# What a printed subtotal holds instead, when it holds what it should: the same for nearly every sum.
_HOLDS_ITS_ROWS = Fact("delsumma", "", "text", "vad den tryckta summan i stället är")


def _sum_items(prefix: str, st: Rakning | Not, kalla_base=None) -> list[Item]:
    """Every printed subtotal, per column: printed vs the sum of its parts.

    An empty cell among the parts is nothing printed there, so it counts as 0, and
    the evidence says so; a part that is a heading printed without its sum counts
    with the sum of its own rows.
    """
    items = []
    t = _table(st)
    tkr = t.tkr
    tol, tol_fact = tolerance(tkr), tolerance_fact(tkr)
    by_key, value, part_cells = t.by_key, t.value, t.part_cells
    # What a subtotal's items share in every column: its parts, source, labels and formula.
    sums = []
    for row in t.rows:
        if row.summa_av:
            part_rows = [by_key[k] for k in row.summa_av]
            sums.append((row, part_rows, row.kalla or t.kalla or kalla_base, f"{row.rad} (tryckt)",
                         f"summan av {len(part_rows)} rader", " + ".join(p.rad for p in part_rows)))
    for col in st.kolumner:
        year, heading = col.ar, f"{prefix} {col.rubrik}: "
        for row, part_rows, kalla, printed_label, computed_label, formel in sums:
            if year not in row.belopp:
                continue
            # One pass over the parts (no generator per sum): their values, operands and cells.
            parts, ops, empty, cells, computed = [], [], [], (), 0
            for p in part_rows:
                v = value(p, year)
                parts.append((p, v))
                ops.append(_part_operand(p, v, year))
                if v is None:
                    empty.append(p.rad)
                else:
                    computed += v
                cells += part_cells(p, year)
            printed = row.belopp[year]
            provar = f"{t.key}.{row.nyckel}.{year}"
            ops = tuple(ops)
            if empty:
                formel += f"; tom cell räknas som 0: {', '.join(empty)}"
            facts = {
                "tryckt": _new_fact("tryckt", printed, "kr", printed_label, None, (), kalla, tkr, (provar,), None),
                "beraknad": _new_fact("beraknad", computed, "kr", computed_label, formel, ops, None, tkr, cells, None),
                "differens": _new_fact("differens", printed - computed, "kr", "differens", "tryckt − beräknad", (), None, tkr,
                                       (provar,) + cells, None),
            }
            if tol_fact is not None:
                facts["tolerans"] = tol_fact
            held = _held_instead(parts, printed, computed, tol)
            facts["delsumma"] = Fact("delsumma", held, "text", _HOLDS_ITS_ROWS.label) if held else _HOLDS_ITS_ROWS
            items.append(Item(heading + row.rad, facts, kalla, None, provar))
    return items


_MAX_PARTS = 12  # at most 2^12 subsets; a longer sum names no part of itself


def _held_instead(parts: list, printed: int, computed: int, tol: int) -> str:
    """When a printed subtotal is the sum of only some of its rows, the sentence that says which ("" otherwise).

    Its label then names another post than it holds: "Resultat efter finansiella poster" printed with the finansnetto.
    """
    values = [v or 0 for _, v in parts]
    if abs(printed - computed) <= tol or not 2 <= len(values) <= _MAX_PARTS:
        return ""
    for size in range(len(values) - 1, 0, -1):
        for subset in combinations(range(len(values)), size):
            if abs(sum(values[i] for i in subset) - printed) <= tol:
                held = [parts[i][0].rad for i in subset]
                return f"Raden håller bara {_joined(held)}. "  # the sentence before the difference
    return ""


def _joined(names: list[str]) -> str:
    names = [n[:1].lower() + n[1:] if n[1:2].islower() else n for n in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]


def _columns(st: Optional[Rakning]) -> list:
    return list(st.kolumner) if st else []


def _diff_item(label, kalla, printed: Optional[Fact], computed: Optional[Fact], formel: str, skal: Optional[str] = None) -> Item:
    item = Item(label, {}, kalla)
    if printed is not None:
        item.add(Fact("tryckt", printed.value, "kr", printed.label, printed.formel, printed.operander, printed.kalla,
                      printed.fran_tkr, printed.celler))
    if computed is not None:
        item.add(Fact("beraknad", computed.value, "kr", computed.label, formel if not computed.formel or computed.name == "summa" else computed.formel,
                      computed.operander, None, computed.fran_tkr, computed.celler))
    if printed is not None and computed is not None:
        tkr = printed.fran_tkr or computed.fran_tkr
        item.add(Fact("differens", printed.value - computed.value, "kr", "differens", "tryckt − beräknad", (), None, tkr, printed.celler + computed.celler))
        item.add(tolerance_fact(tkr))
    elif skal is not None:
        item.skal = skal
    return item


def _sum_fact(label: str, facts: list[Optional[Fact]], formel_sep=" + ") -> Optional[Fact]:
    if any(f is None for f in facts):
        return None
    return Fact("summa", sum(f.value for f in facts), "kr", label, formel_sep.join(f.label for f in facts),
                tuple(Operand(f.label, f.value, f.kalla) for f in facts), None, any(f.fran_tkr for f in facts),
                tuple(c for f in facts for c in f.celler))


class _Heading(Frozen):
    _fields = ("rubrik", "ar", "kalla")

    def __init__(self, rubrik: str, ar: int, kalla: Optional[str] = None):
        set_field(self, "rubrik", rubrik)
        set_field(self, "ar", ar)
        set_field(self, "kalla", kalla)


class _DriftHeading(Frozen):
    """A driftredovisning column's heading as read: the heading over its group, then its own."""

    _fields = ("col", "table_kalla")

    def __init__(self, col: object, table_kalla: Optional[str]):
        set_field(self, "col", col)
        set_field(self, "table_kalla", table_kalla)

    @property
    def rubrik(self) -> str:
        return " ".join(t for t in (self.col.overrubrik, self.col.rubrik) if t)

    @property
    def ar(self) -> int:
        return self.col.ar

    @property
    def kalla(self) -> Optional[str]:
        return self.col.kalla or self.table_kalla


_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


@derivation("rakningar")
def _statement_facts(r: Arsredovisning, out: Facts) -> None:
    year, prior = r.rakenskapsar, r.rakenskapsar - 1
    rr, br, kf = r.resultatrakning, r.balansrakning, r.kassaflodesanalys

    out.collections["summor_resultatrakning"] = _sum_items("Resultaträkningen", rr) if rr else []
    out.collections["summor_balansrakning"] = _sum_items("Balansräkningen", br) if br else []
    out.collections["summor_kassaflodesanalys"] = _sum_items("Kassaflödesanalysen", kf) if kf else []

    balans = []
    for col in _columns(br):
        t = _row_fact("t", "Summa tillgångar", br, "summa_tillgangar", col.ar)
        s = _row_fact("s", "Summa eget kapital och skulder", br, "summa_eget_kapital_och_skulder", col.ar)
        if t is None and s is None:
            continue
        item = _diff_item(f"Balansräkningen {col.rubrik}: tillgångar mot eget kapital och skulder", br.kalla, t, s, "Summa eget kapital och skulder")
        balans.append(item)
    out.collections["balans"] = balans

    kf_items = []
    for col in _columns(kf):
        flow = _row_fact("f", "Årets kassaflöde", kf, "arets_kassaflode", col.ar)
        start = _row_fact("b", "Likvida medel vid årets början", kf, "likvida_medel_vid_arets_borjan", col.ar)
        end = _row_fact("e", "Likvida medel vid årets slut", kf, "likvida_medel_vid_arets_slut", col.ar)
        change = None
        if start is not None and end is not None:
            change = _fact("c", end.value - start.value, "kr", "förändring av likvida medel", "likvida medel vid årets slut − vid årets början",
                           (Operand(end.label, end.value, end.kalla), Operand(start.label, start.value, start.kalla)), fran_tkr=end.fran_tkr)
        kf_items.append(_diff_item(f"Kassaflödesanalysen {col.rubrik}: årets kassaflöde mot förändringen av likvida medel", kf.kalla, flow, change, "likvida medel vid årets slut − vid årets början"))
        bank = _row_fact("k", "Kassa och bank (balansräkningen)", br, "kassa_och_bank", col.ar)
        if end is not None and bank is not None:
            kf_items.append(_diff_item(f"Kassaflödesanalysen {col.rubrik}: likvida medel vid årets slut mot balansräkningens kassa och bank", kf.kalla, end, bank, "Kassa och bank i balansräkningen"))
    out.collections["kassaflode"] = [i for i in kf_items if i.facts]

    ek_items = []
    for col in _columns(br):
        closing = _row_fact("u", f"Eget kapital {col.ar}-12-31", br, "summa_eget_kapital", col.ar)
        opening = _row_fact("i", f"Eget kapital {col.ar - 1}-12-31", br, "summa_eget_kapital", col.ar - 1)
        result = _row_fact("r", f"Årets resultat {col.ar} (resultaträkningen)", rr, "arets_resultat", col.ar)
        if closing is None or (col.ar != year and (opening is None or result is None)):
            # Only this year's change is required: a two-column statement never prints the
            # equity the prior year started with.
            continue
        computed = _sum_fact("ingående eget kapital + årets resultat", [opening, result])
        lacking = [label for f, label in ((opening, f"eget kapital {col.ar - 1}-12-31"), (result, f"årets resultat {col.ar} i resultaträkningen")) if f is None]
        ek_items.append(_diff_item(f"Eget kapital {col.ar}: ingående + årets resultat mot utgående", br.kalla, closing, computed,
                                   "ingående eget kapital + årets resultat", skal=" och ".join(lacking) + " är inte tryckt" if lacking else None))
    for col in _columns(br):
        in_br = _row_fact("a", f"Årets resultat i balansräkningen {col.rubrik}", br, "arets_resultat", col.ar)
        in_rr = _row_fact("b", f"Årets resultat i resultaträkningen {col.ar}", rr, "arets_resultat", col.ar)
        if in_br is not None and in_rr is not None:
            ek_items.append(_diff_item(f"Årets resultat {col.ar}: balansräkningen mot resultaträkningen", br.kalla, in_br, in_rr, "Årets resultat i resultaträkningen"))
    out.collections["ek_forandring"] = ek_items

    # Every table whose columns carry printed headings: the räkningar, the notes, the driftredovisning.
    tables = [(_STATEMENTS[key], st.kalla, st.kolumner) for key, st in (("resultatrakning", rr), ("balansrakning", br), ("kassaflodesanalys", kf)) if st]
    tables += [(f"Not {n.nummer} {n.rubrik}", n.kalla, n.kolumner) for n in r.noter]
    if r.driftredovisning is not None:
        d = r.driftredovisning
        tables.append(("Driftredovisningen", d.kalla, [_DriftHeading(k, d.kalla) for k in d.kolumner if k.ar is not None]))
    for t in r.budgettabeller:
        # A budget table's headings hold no year of their own (the table has one): each printed heading with a year.
        if t.kolumner is not None and t.ar is not None:
            heads = [getattr(t.kolumner, k) for k in ("budget", "utfall", "avvikelse")]
            tables.append((f"Tabellen ”{t.rubrik}”", t.kalla, [_Heading(h, t.ar, t.kalla) for h in heads if h]))
    rubriker = []
    for name, kalla, columns in tables:
        for col in columns:
            years = {int(y) for y in _YEAR.findall(col.rubrik)}
            if not years:
                continue
            # A printed column (Kolumn) has no source of its own; asking it for one goes through pydantic's __getattr__.
            own = None if col.__class__ is Kolumn else col.kalla
            item = Item(f"{name}: kolumnen för {col.ar} har rubriken ”{col.rubrik}”", {}, own or kalla)
            item.put("rubrik_stammer", years == {col.ar}, "bool", "rubriken anger rätt år", kalla=item.kalla)
            item.put("rubrik", col.rubrik, "text", "rubrik som tryckt", kalla=item.kalla)
            item.put("ar", col.ar, "ar", "kolumnens år")
            rubriker.append(item)
    out.collections["kolumnrubriker"] = rubriker

    out.add(_row_fact("arets_resultat", "Årets resultat", rr, "arets_resultat", year))
    out.add(_row_fact("arets_resultat_fg", "Årets resultat föregående år", rr, "arets_resultat", prior))
    out.add(_row_fact("verksamhetens_kostnader", "Verksamhetens kostnader", rr, "verksamhetens_kostnader", year))
    out.add(_row_fact("verksamhetens_intakter", "Verksamhetens intäkter", rr, "verksamhetens_intakter", year))
    out.add(_row_fact("ek_utgaende", f"Eget kapital {year}-12-31", br, "summa_eget_kapital", year))
    out.add(_row_fact("ek_ingaende", f"Eget kapital {prior}-12-31", br, "summa_eget_kapital", prior))
    out.add(_row_fact("summa_tillgangar", "Summa tillgångar", br, "summa_tillgangar", year))
    out.add(_ratio("soliditet", "soliditet", out.scalars.get("ek_utgaende"), out.scalars.get("summa_tillgangar")))


@derivation("noter")
def _note_facts(r: Arsredovisning, out: Facts) -> None:
    items = []
    statements = {k: getattr(r, k) for k in _STATEMENTS}
    for note in r.noter:
        st = None
        prefix = f"Not {note.nummer} {note.rubrik}"
        if note.rader and note.kolumner:
            # A note is a printed table like a statement (same columns, rows, subtotals).
            items.extend(_sum_items(prefix, note, note.kalla))
            st = note
        if not note.avser or st is None:
            continue
        stmt_key, row_key = note.avser.split(".", 1)
        target = statements.get(stmt_key)
        for col in note.kolumner:
            printed = _note_total(prefix, note, st, col.ar)
            line = _row_fact("l", f"{_STATEMENTS[stmt_key]}: raden {row_key}", target, row_key, col.ar)
            if printed is None:
                continue
            if line is None:
                # The note says which line it explains; that the line is not there is a check not performed.
                item = Item(f"{prefix} {col.rubrik}: notens summa mot {_STATEMENTS[stmt_key].lower()}", {}, note.kalla)
                item.add(Fact("tryckt", abs(printed.value), "kr", printed.label, None, (), printed.kalla, printed.fran_tkr, printed.celler))
                item.skal = f"raden {row_key} för {col.ar} finns inte i {_STATEMENTS[stmt_key].lower()}"
                items.append(item)
                continue
            # Costs are negative in the statement and usually positive in the note.
            line_abs = Fact("l", abs(line.value), "kr", line.label, None, (), line.kalla, line.fran_tkr, line.celler)
            printed_abs = Fact("n", abs(printed.value), "kr", printed.label, None, (), printed.kalla, printed.fran_tkr, printed.celler)
            items.append(_diff_item(f"{prefix} {col.rubrik}: notens summa mot {_STATEMENTS[stmt_key].lower()}", note.kalla, printed_abs, line_abs, line.label))
    out.collections["noter"] = items


def _note_total(prefix: str, note: Not, st: Not, year: int) -> Optional[Fact]:
    """The note's total: its one top-level row, or the sum of its top-level rows.

    A row is top-level when no printed subtotal includes it; a note that prints
    two subtotals and no grand total is compared by their sum.
    """
    top = _table(st).top()
    if len(top) == 1:
        return _row_fact("n", f"{prefix}: {top[0].rad}", st, top[0].nyckel, year, note.kalla)
    parts = [_row_fact("p", f"{prefix}: {row.rad}", st, row.nyckel, year, note.kalla) for row in top]
    total = _sum_fact(f"{prefix}: summan av notens rader", parts)
    return total and Fact("n", total.value, "kr", total.label, total.formel, total.operander, note.kalla, total.fran_tkr, total.celler)


# --- medlemsbidrag, kostnader, eget kapital -----------------------------------


@derivation("medlemsbidrag")
def _medlemsbidrag_facts(r: Arsredovisning, out: Facts) -> None:
    mb = r.medlemsbidrag
    total = None
    tkr = bool(mb and mb.enhet == "tkr")
    if mb and mb.totalt is not None:
        total = _fact("medlemsbidrag", mb.totalt, "kr", "årets medlemsbidrag", kalla=mb.kalla, fran_tkr=tkr)
    elif mb and None not in (mb.staten, mb.region, mb.kommunerna):
        total = _fact("medlemsbidrag", mb.staten + mb.region + mb.kommunerna, "kr", "årets medlemsbidrag", "staten + regionen + kommunerna",
                      (Operand("staten", mb.staten), Operand("regionen", mb.region), Operand("kommunerna", mb.kommunerna)), mb.kalla, tkr)
    elif r.medlemmar and all(m.medlemsbidrag is not None for m in r.medlemmar):
        total = _fact("medlemsbidrag", sum(m.medlemsbidrag for m in r.medlemmar), "kr", "årets medlemsbidrag", "summan av medlemmarnas bidrag",
                      tuple(Operand(m.namn, m.medlemsbidrag, m.kalla) for m in r.medlemmar))
    out.add(total)
    if mb:
        for part, label in (("staten", "staten (Försäkringskassan)"), ("region", "regionen"), ("kommunerna", "kommunerna")):
            value = getattr(mb, part)
            f = _fact(f"medlemsbidrag_{part}", value, "kr", f"medlemsbidrag från {label}", kalla=mb.kalla, fran_tkr=tkr)
            out.add(f)
            out.add(_ratio(f"andel_{part}", f"andel av medlemsbidraget från {label}", f, total))
    oi = r.ovriga_intakter
    if oi is not None:
        out.put("ovriga_intakter", sum(p.belopp for p in oi.poster), "kr", "övriga intäkter", " + ".join(p.rad for p in oi.poster) or "inga",
                tuple(Operand(p.rad, p.belopp, p.kalla) for p in oi.poster), fran_tkr=oi.enhet == "tkr")

    ek = out.scalars.get("ek_utgaende")
    out.add(_ratio("ek_andel", "eget kapital i procent av medlemsbidraget", ek, total))
    bn = r.budget_nasta_ar
    if bn is not None:
        tkr_b = bn.enhet == "tkr"
        res = _fact("budget_nasta_resultat", bn.resultat, "kr", f"budgeterat resultat {bn.ar}", kalla=bn.kalla, fran_tkr=tkr_b)
        out.add(res)
        mbn = _fact("budget_nasta_medlemsbidrag", bn.medlemsbidrag, "kr", f"medlemsbidrag {bn.ar} enligt budget", kalla=bn.kalla, fran_tkr=tkr_b)
        out.add(mbn)
        if ek is not None and res is not None:
            after = _fact("ek_efter_budget", ek.value + res.value, "kr", f"eget kapital efter budget {bn.ar}", f"{ek.label} + {res.label}",
                          (Operand(ek.label, ek.value, ek.kalla), Operand(res.label, res.value, res.kalla)), fran_tkr=tkr_b)
            out.add(after)
            out.add(_ratio("ek_andel_efter_budget", f"eget kapital efter budget {bn.ar} i procent av medlemsbidraget {bn.ar}", after, mbn))
    b = r.budget
    if b is not None:
        tkr_b = b.enhet == "tkr"
        out.put("budget_resultat", b.resultat, "kr", f"budgeterat resultat {b.ar}", kalla=b.kalla, fran_tkr=tkr_b)
        if b.kostnader is not None:
            bk = _fact("budget_kostnader", abs(b.kostnader), "kr", f"budgeterade kostnader {b.ar}", kalla=b.kalla, fran_tkr=tkr_b)
            out.add(bk)
            vk = out.scalars.get("verksamhetens_kostnader")
            if vk is not None:
                used = _fact("kostnader", abs(vk.value), "kr", "verksamhetens kostnader", kalla=vk.kalla, fran_tkr=vk.fran_tkr)
                out.add(_ratio("budget_forbrukning", "andel av budgeterade kostnader som förbrukats", used, bk))


@derivation("kostnader")
def _kostnad_facts(r: Arsredovisning, out: Facts) -> None:
    kf = r.kostnadsfordelning
    total = None
    if kf is not None:
        tkr = kf.enhet == "tkr"
        adm = None
        if kf.administration is not None:
            adm = _fact("adm_kostnad", abs(kf.administration), "kr", "administrativa kostnader", kalla=kf.kalla, fran_tkr=tkr)
        elif kf.administrationsposter:
            adm = _fact("adm_kostnad", sum(abs(p.belopp) for p in kf.administrationsposter), "kr", "administrativa kostnader",
                        " + ".join(p.rad for p in kf.administrationsposter), tuple(Operand(p.rad, abs(p.belopp), p.kalla) for p in kf.administrationsposter), kf.kalla, tkr)
        if adm is not None and kf.administrationsposter and not adm.operander:
            adm = Fact(adm.name, adm.value, adm.enhet, adm.label, "räknas som administration: " + ", ".join(p.rad for p in kf.administrationsposter),
                       tuple(Operand(p.rad, abs(p.belopp), p.kalla) for p in kf.administrationsposter), adm.kalla, adm.fran_tkr)
        out.add(adm)
        if kf.totalt is not None:
            total = _fact("total_kostnad", abs(kf.totalt), "kr", "totala kostnader enligt förbundets kostnadsfördelning (inte resultaträkningen)", kalla=kf.kalla, fran_tkr=tkr)
        for part, label in (("individinriktade", "individinriktade insatser"), ("strukturovergripande", "strukturövergripande insatser")):
            value = getattr(kf, part)
            if value is not None:
                out.put(f"kostnad_{part}", abs(value), "kr", label, kalla=kf.kalla, fran_tkr=tkr)
    vk = out.scalars.get("verksamhetens_kostnader")
    if total is None and vk is not None:
        total = _fact("total_kostnad", abs(vk.value), "kr", "totala kostnader (verksamhetens kostnader)", kalla=vk.kalla, fran_tkr=vk.fran_tkr)
        out.put("total_kostnad_grund", "", "text", "vad totala kostnader är")
    elif total is not None:
        # A table's total in place of the resultaträkning's is said, with the statement's figure when they differ.
        grund = " (kostnadsfördelningens summa"
        if vk is not None and abs(total.value - abs(vk.value)) > tolerance(total.fran_tkr or vk.fran_tkr):
            grund += f", inte resultaträkningens verksamhetens kostnader {fmt.kr(abs(vk.value))}"
        out.put("total_kostnad_grund", grund + ")", "text", "vad totala kostnader är")
    out.add(total)
    out.add(_ratio("adm_andel", "administrationens andel av totala kostnader", out.scalars.get("adm_kostnad"), total))
    out.add(_ratio("individ_andel", "individinriktade insatsers andel av totala kostnader", out.scalars.get("kostnad_individinriktade"), total))
    out.add(_ratio("struktur_andel", "strukturövergripande insatsers andel av totala kostnader", out.scalars.get("kostnad_strukturovergripande"), total))


# --- insatser, goals, organisation ---------------------------------------------


def mentions(text: str, words: list[str]) -> bool:
    """Whether the (normalised) text names any of the words, each as whole words."""
    return bool(words) and _words_pattern(tuple(words)).search(text) is not None


@lru_cache(maxsize=64)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern:
    # One pattern per word list (a parameter's value): a report asks it of every cost row.
    return re.compile("(?<!\\w)(?:" + "|".join(re.escape(_norm(w)) for w in words) + ")(?!\\w)")


def months_after_year_end(year: int, months: int) -> date:
    """The last day of the month `months` after the räkenskapsår ends: 3 → 31 March the year after."""
    after = months  # months into the next year of the month after the deadline's, counted from 0
    return date(year + 1 + after // 12, after % 12 + 1, 1) - timedelta(days=1)


_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=4096)  # the names of members, insatser and huvudmän, asked again for every insats
def _norm(name: str) -> str:
    return _SPACES.sub(" ", name.strip().lower())


def _documents(docs: list[Optional[str]]) -> Optional[str]:
    """The other documents some facts came from, named once each; None when all are the årsredovisning's."""
    named = list(dict.fromkeys(d for d in docs if d))
    return "; ".join(named) or None


@derivation("insatser")
def _insats_facts(r: Arsredovisning, out: Facts) -> None:
    members = {_norm(m.namn) for m in r.medlemmar}
    staff_flags = [(p.arbetar_med_deltagare, p.leder_insats) for p in r.personal]
    staff_in_insats = any(True in flags for flags in staff_flags)
    staff_known_out = bool(staff_flags) and all(flags == (False, False) for flags in staff_flags)
    staff_docs = [_doc(p, f) for p in r.personal for f in ("arbetar_med_deltagare", "leder_insats") if getattr(p, f) is not None]
    items = []
    for ins in r.insatser:
        item = Item(ins.namn, {}, ins.kalla)
        item.put("namn", ins.namn, "text", "insats", kalla=ins.kalla)
        item.put("typ", ins.typ, "text", "typ av insats")
        avtal_doc = _doc(ins.avtal, "status", _doc(ins, "avtal"))
        if ins.avtal is not None and ins.avtal.status != "okant":
            item.put("avtal", ins.avtal.status, "text", "avtal med huvudmannen", kalla=ins.avtal.kalla or ins.kalla, dokument=avtal_doc)
        if ins.huvudman:
            doc = _doc(ins, "huvudman")
            item.put("huvudman", ins.huvudman, "text", "huvudman", kalla=ins.kalla, dokument=doc)
            is_forbund = _norm(ins.huvudman) in {"förbundet", "forbundet", _norm(r.forbund.namn)}
            item.put("huvudman_ar_forbundet", is_forbund, "bool", "förbundet är självt huvudman", dokument=doc)
            if members:
                item.put("huvudman_ar_medlem", _norm(ins.huvudman) in members, "bool", "huvudmannen är medlem i förbundet", dokument=doc)
        elif ins.avtal is not None and ins.avtal.status == "finns":
            # An avtal is made with the party that carries out the insats, so that party is not the förbund.
            item.put("huvudman_ar_forbundet", False, "bool", "förbundet är självt huvudman",
                     "avtal finns med en huvudman (som inte namnges)", kalla=ins.avtal.kalla, dokument=avtal_doc)
        flags = (ins.forbundets_personal_arbetar_med_deltagare, ins.forbundets_personal_leder_insatsen)
        own_docs = [_doc(ins, f) for f, v in (("forbundets_personal_arbetar_med_deltagare", flags[0]), ("forbundets_personal_leder_insatsen", flags[1])) if v is not None]
        label = "förbundets personal arbetar med deltagare eller leder insatsen"
        if True in flags or staff_in_insats:
            docs = own_docs if True in flags else staff_docs
            item.put("forbundets_personal_i_insatsen", True, "bool", label, dokument=_documents(docs))
        elif flags == (False, False) or staff_known_out or (r.antal_anstallda == 0 and not r.personal):
            docs = own_docs if flags == (False, False) else (staff_docs if staff_known_out else [])
            item.put("forbundets_personal_i_insatsen", False, "bool", label, dokument=_documents(docs))
        item.put("budget", ins.budget, "kr", "budget")
        item.put("utfall", ins.utfall, "kr", "utfall")
        if ins.budget and ins.utfall is not None:
            item.add(_ratio("forbrukning", "förbrukning av budget", item.facts["utfall"], item.facts["budget"]))
        d = ins.deltagare
        if d is not None:
            item.put("deltagare", d.totalt, "antal", "deltagare", kalla=d.kalla)
            split = (d.kvinnor is not None and d.man is not None) or (d.kvinnor_procent is not None and d.man_procent is not None)
            item.put("konsuppdelad", split, "bool", "deltagare redovisade per kön (antal eller andel)", kalla=d.kalla)
        items.append(item)
    out.collections["insatser"] = items
    out.collections["individinsatser"] = [i for i in items if i.facts.get("typ") and i.facts["typ"].value == "individinriktad"]
    if r.insatser:
        out.put("antal_insatser", len(r.insatser), "antal", "antal insatser")
    individual = [i for i in r.insatser if i.typ == "individinriktad"]
    if individual and all(i.deltagare and i.deltagare.totalt is not None for i in individual):
        out.put("deltagare_totalt", sum(i.deltagare.totalt for i in individual), "antal", "deltagare i individinriktade insatser",
                "summan över de individinriktade insatserna", tuple(Operand(i.namn, i.deltagare.totalt, i.deltagare.kalla) for i in individual))
    cost, people = out.scalars.get("kostnad_individinriktade"), out.scalars.get("deltagare_totalt")
    if cost is not None and people is not None and people.value:
        out.put("kostnad_per_deltagare", round(cost.value / people.value, 2), "kr", "kostnad per deltagare",
                f"{cost.label} ÷ {people.label}", (Operand(cost.label, cost.value, cost.kalla), Operand(people.label, people.value)),
                fran_tkr=cost.fran_tkr)


def _target_text(g) -> str:
    unit = {"procent": " %", None: "", "antal": "", "tal": ""}.get(g.enhet, f" {g.enhet}")
    return f"{fmt.tal(g.malvarde)}–{fmt.tal(g.malvarde_max)}{unit}"


@derivation("mal")
def _goal_facts(r: Arsredovisning, out: Facts) -> None:
    """Every goal with a target and an outcome, whether the förbund gives a verdict or not."""
    items = []
    goals = [("Finansiellt mål", g, None) for g in r.finansiella_mal] + [("Verksamhetsmål", g, None) for g in r.verksamhetsmal]
    goals += [(ins.namn, g, ins) for ins in r.insatser for g in ins.mal]
    for owner, g, ins in goals:
        if g.malvarde is None or g.utfall is None:
            continue
        item = Item(f"{owner}: {g.mal}", {}, g.kalla)
        item.put("agare", owner, "text", "vems mål")
        item.put("maltext", g.mal, "text", "målet som det står")
        unit = g.enhet or "tal"
        if g.malvarde_max is not None:
            item.put("malvarde", _target_text(g), "text", "målvärde (intervall)", kalla=g.kalla)
            reached = g.malvarde <= g.utfall <= g.malvarde_max
            how = "målvärde ≤ utfall ≤ övre gräns"
        else:
            item.put("malvarde", g.malvarde, unit, "målvärde", kalla=g.kalla)
            reached = g.utfall >= g.malvarde if g.hogre_ar_battre else g.utfall <= g.malvarde
            how = "utfall ≥ målvärde" if g.hogre_ar_battre else "utfall ≤ målvärde (ett tak)"
        item.put("utfall", g.utfall, unit, "utfall", kalla=g.kalla)
        item.add(_shared("uppnatt", reached, "bool", "målvärdet är nått", how))
        verdict, text, whose = g.forbundets_bedomning, g.bedomning_text, "förbundets bedömning"
        if verdict is None and ins is not None and ins.maluppfyllelse is not None:
            verdict, text, whose = ins.maluppfyllelse, ins.maluppfyllelse_text, "förbundets samlade bedömning av insatsen"
        item.add(_shared("bedomning_angiven", verdict is not None, "bool", "förbundet bedömer målet"))
        if verdict is not None:
            item.put("bedomning", verdict, "text", whose)
            item.put("bedomning_text", text or verdict, "text", f"{whose} som den står")
            item.add(_shared("forbundet_anger_uppfyllt", verdict == "uppfyllt", "bool", "förbundet anger målet som uppfyllt"))
        else:
            item.add(_shared("bedomning_text", "ingen", "text", "förbundets bedömning"))
            item.add(_shared("forbundet_anger_uppfyllt", False, "bool", "förbundet anger målet som uppfyllt"))
        items.append(item)
    out.collections["mal"] = items


@derivation("organisation")
def _organisation_facts(r: Arsredovisning, out: Facts) -> None:
    fb = r.forvaltningsberattelse
    parts = []
    if fb is not None:
        for key, label in (law("fb_delar") or {}).items():
            item = Item(label, {}, fb.kalla)
            item.put("finns", getattr(fb, key), "bool", f"{label} finns", kalla=fb.kalla)
            item.put("falt", key, "text", "fältet i rapportfilen")
            parts.append(item)
    out.collections["fb_delar"] = parts

    if r.medlemmar:
        kinds = [m.typ for m in r.medlemmar]
        members = tuple(Operand(m.namn, m.typ) for m in r.medlemmar)  # the same operands for each kind (values, never changed)
        for kind, label in (("forsakringskassan", "Försäkringskassan"), ("arbetsformedlingen", "Arbetsförmedlingen"), ("region", "regioner"), ("kommun", "kommuner")):
            out.put(f"antal_{kind}", kinds.count(kind), "antal", f"medlemmar: {label}", "räknat i medlemsförteckningen", members)

    bk = r.balanskrav
    reported = (fb.balanskravsresultat if fb else None)
    if bk is not None and bk.balanskravsresultat is not None:
        reported = True
    out.put("balanskrav_redovisat", reported, "bool", "balanskravsresultat redovisat")
    if bk is not None:
        tkr = bk.enhet == "tkr"
        out.put("balanskravsresultat", bk.balanskravsresultat, "kr", "balanskravsresultat (tryckt)", kalla=bk.kalla, fran_tkr=tkr)
        res = bk.arets_resultat if bk.arets_resultat is not None else out.value("arets_resultat")
        if res is not None:
            out.put("balanskravsresultat_beraknat", res + sum(j.belopp for j in bk.justeringar), "kr", "balanskravsresultat (beräknat)",
                    "årets resultat + justeringar", (Operand("årets resultat", res),) + tuple(Operand(j.rad, j.belopp) for j in bk.justeringar), bk.kalla, tkr)
        out.put("synnerliga_skal", bk.synnerliga_skal is not None, "bool", "synnerliga skäl angivna", kalla=bk.kalla)
        out.put("atgardsplan", bk.atgardsplan is not None, "bool", "åtgärdsplan antagen", kalla=bk.kalla)
    elif reported is False:
        out.put("synnerliga_skal", False, "bool", "synnerliga skäl angivna")
        out.put("atgardsplan", False, "bool", "åtgärdsplan antagen")

    if r.redovisningsprinciper is not None:
        text = _norm(r.redovisningsprinciper)
        out.put("redovisningsprinciper_hanvisar_till_lkbr", mentions(text, law("lkbr_nyckelord")),
                "bool", "redovisningsprinciperna hänvisar till LKBR")
        out.put("redovisningsprinciper_hanvisar_till_rkr", mentions(text, law("rkr_nyckelord")),
                "bool", "redovisningsprinciperna hänvisar till RKR:s rekommendationer")

    st = r.styrning
    if st is not None:
        start = f"{r.rakenskapsar}-01-01"
        for key, label in (("verksamhetsplan_beslutad", "verksamhetsplanen beslutad"), ("budget_beslutad", "budgeten beslutad")):
            when = getattr(st, key)
            if when is not None:
                doc = _doc(st, key)
                out.put(f"{key}_fore_aret", when < start[: len(when)], "bool", f"{label} före räkenskapsåret", kalla=st.kalla, dokument=doc)
                out.put(key, when, "datum", label, kalla=st.kalla, dokument=doc)
        if st.uppfoljningssystem:
            systems = " ".join(_norm(s) for s in st.uppfoljningssystem)
            doc = _doc(st, "uppfoljningssystem")
            out.put("uppfoljningssystem", ", ".join(st.uppfoljningssystem), "text", "uppföljningssystem", kalla=st.kalla, dokument=doc)
            out.put("anvander_sus", mentions(systems, law("sus_nyckelord")), "bool", "SUS används", kalla=st.kalla, dokument=doc)
            out.put("anvander_uppfoljning_finsam", mentions(systems, law("uppfoljning_finsam_nyckelord")), "bool", "Uppföljning Finsam används",
                    kalla=st.kalla, dokument=doc)
        if st.arsredovisning_faststalld and len(st.arsredovisning_faststalld) == 10:
            adopted = date.fromisoformat(st.arsredovisning_faststalld)
            deadline = months_after_year_end(r.rakenskapsar, law("arsredovisning_frist_manader"))
            doc = _doc(st, "arsredovisning_faststalld")
            out.put("faststalld_dagar_efter_frist", (adopted - deadline).days, "antal", f"dagar efter {fmt.dag_och_manad(deadline)}",
                    f"fastställd {adopted.isoformat()} − {deadline.isoformat()}", kalla=st.kalla, dokument=doc)
            out.put("arsredovisning_faststalld", st.arsredovisning_faststalld, "datum", "årsredovisningen fastställd", kalla=st.kalla, dokument=doc)


# At most six digits either side: a longer "percentage" is no figure a report states (and
# 10^1000 would read as infinity).
_PERCENT_TEXT = re.compile(r"^\s*[-−]?\d{1,6}(?:[.,]\d{1,6})?\s*(?:%|procent)\s*$")


def _stated_percent(text: Optional[str]) -> tuple[Optional[bool], Optional[float]]:
    if text is None:
        return None, None
    if _PERCENT_TEXT.match(text):
        return True, float(text.replace("procent", "").replace("%", "").replace("−", "-").replace(",", ".").strip())
    return False, None


@derivation("angivna_nyckeltal")
def _stated_facts(r: Arsredovisning, out: Facts) -> None:
    items = []
    an = r.angivna_nyckeltal

    def add(label, text, computed_name, kalla):
        is_pct, value = _stated_percent(text)
        if is_pct is None:
            return
        item = Item(label, {}, kalla)
        item.put("angiven_text", text, "text", f"{label} som angiven", kalla=kalla)
        item.put("ar_procent", is_pct, "bool", "angiven som procentsats", kalla=kalla)
        computed = out.scalars.get(computed_name) if isinstance(computed_name, str) else computed_name
        if value is not None:
            item.put("angiven", value, "procent", f"{label} som angiven", kalla=kalla)
        if computed is not None:
            item.put("beraknad", computed.value, "procent", computed.label, computed.formel, computed.operander)
            if value is not None:
                item.put("differens", round(value - computed.value, 2), "procent", "differens i procentenheter", "angiven − beräknad")
        items.append(item)

    if an is not None:
        add("Eget kapital i procent av medlemsbidraget", an.ek_andel_av_medlemsbidrag, "ek_andel", an.kalla)
        add("Soliditet", an.soliditet, "soliditet", an.kalla)
        add("Administrationens andel av kostnaderna", an.administrationsandel, "adm_andel", an.kalla)
    for o in r.oversikt:
        if an is not None and o.ar == r.rakenskapsar and o.soliditet_angiven == an.soliditet:
            continue  # the same printed figure, already checked above
        if o.soliditet_angiven is not None and o.ar in (r.rakenskapsar, r.rakenskapsar - 1):
            computed = out.scalars.get("soliditet") if o.ar == r.rakenskapsar else _prior_solidity(r)
            add(f"Soliditet {o.ar} i flerårsöversikten", o.soliditet_angiven, computed, o.kalla)
        elif o.soliditet_angiven is not None and not _PERCENT_TEXT.match(o.soliditet_angiven):
            add(f"Soliditet {o.ar} i flerårsöversikten", o.soliditet_angiven, None, o.kalla)
    out.collections["angivna_nyckeltal"] = items


def _prior_solidity(r: Arsredovisning) -> Optional[Fact]:
    prior = r.rakenskapsar - 1
    ek = _row_fact("e", f"Eget kapital {prior}-12-31", r.balansrakning, "summa_eget_kapital", prior)
    t = _row_fact("t", f"Summa tillgångar {prior}-12-31", r.balansrakning, "summa_tillgangar", prior)
    return _ratio("soliditet_fg", f"soliditet {prior}", ek, t)


def drift_deviations(d: Driftredovisning) -> list[tuple[tuple, Item]]:
    """Each driftredovisning row's printed avvikelse against its budget and utfall, by the row's path in the part."""
    tkr = d.enhet == "tkr"
    rows = [(("poster", i), post) for i, post in enumerate(d.poster)]
    rows += [((name,), getattr(d, name)) for name in ("summa_intakter", "summa_kostnader", "resultat") if getattr(d, name)]
    out = []
    for where, post in rows:
        budget, utfall, avvikelse = post.budget, post.utfall, post.avvikelse
        if budget is None or utfall is None or avvikelse is None:
            continue
        # Reports print the deviation either as utfall − budget or budget − utfall.
        a, b = utfall - budget, budget - utfall
        computed = a if abs(avvikelse - a) <= abs(avvikelse - b) else b
        item = Item(f"Driftredovisningen: {post.rad}", {}, post.kalla or d.kalla)
        item.put("tryckt", avvikelse, "kr", "avvikelse (tryckt)", kalla=item.kalla, fran_tkr=tkr)
        item.put("beraknad", computed, "kr", "avvikelse (beräknad)", "utfall − budget" if computed == a else "budget − utfall",
                 (Operand("budget", budget), Operand("utfall", utfall)), fran_tkr=tkr)
        item.put("differens", avvikelse - computed, "kr", "differens", fran_tkr=tkr)
        item.add(tolerance_fact(tkr))
        out.append((where + ("avvikelse",), item))
    return out


@derivation("drift")
def _drift_facts(r: Arsredovisning, out: Facts) -> None:
    d = r.driftredovisning
    items = []
    if d is not None:
        tkr = d.enhet == "tkr"
        items = [item for _, item in drift_deviations(d)]
        checks = (
            (d.resultat, "arets_resultat", "Driftredovisningens resultat mot resultaträkningens årets resultat", False),
            (d.summa_kostnader, "verksamhetens_kostnader", "Driftredovisningens kostnader mot resultaträkningens verksamhetens kostnader", True),
            (d.summa_intakter, "verksamhetens_intakter", "Driftredovisningens intäkter mot resultaträkningens verksamhetens intäkter", True),
        )
        for post, name, label, absolute in checks:
            rr = out.scalars.get(name)
            if post is None or post.utfall is None or rr is None:
                continue
            printed = _fact("d", abs(post.utfall) if absolute else post.utfall, "kr", f"driftredovisningen: {post.rad}", kalla=post.kalla or d.kalla, fran_tkr=tkr)
            line = _fact("r", abs(rr.value) if absolute else rr.value, "kr", f"resultaträkningen: {rr.label}", kalla=rr.kalla, fran_tkr=rr.fran_tkr)
            items.append(_diff_item(label, d.kalla, printed, line, rr.label))
    out.collections["drift"] = items


def read_path(r: Arsredovisning, name: str, decl) -> Optional[Fact]:
    """A fact the registry reads straight from the report: its source is the nearest part that names one."""
    # Each step is a field of a part (the registry checks the path), so the part's fields are read
    # from its __dict__: getattr on a part without kalla or enhet goes through pydantic's __getattr__
    # and two exceptions.
    node, kalla, tkr, doc = r, None, False, None
    for step in decl.sokvag.split("."):
        fields = node.__dict__
        kalla = fields.get("kalla") or kalla
        tkr = fields.get("enhet") == "tkr" or tkr
        if node is not r:
            d = fields.get("dokument")
            if isinstance(d, str):
                doc = d
            elif isinstance(d, dict) and step in d:
                doc = d[step]
        node = fields.get(step)
        if node is None:
            return None
    if isinstance(node, (list, dict)):
        return None
    return _fact(name, node, decl.enhet, decl.etikett, kalla=kalla, fran_tkr=tkr and decl.enhet == "kr", dokument=doc)


def derive(r: Arsredovisning, katalog=None) -> Facts:
    """Every fact the catalogue's registry declares that the report gives."""
    if katalog is None:
        from .catalogue import default_catalogue

        katalog = default_catalogue()
    out = Facts()
    tables = {id(getattr(r, k)): k for k in _STATEMENTS if getattr(r, k) is not None}
    tables.update({id(n): f"not_{n.nummer}" for n in r.noter})
    _TABLES.set(tables)  # not reset: cell ids are read after derive too, as long as this report is the thread's
    for name, decl in katalog.fakta.fakta.items():
        if decl.sokvag is not None:
            out.add(read_path(r, name, decl))
    token = _LAW.set(Law(katalog.parameters, r.rakenskapsar, katalog.directory, katalog.fakta.pastaendeslag))
    rows_token = _TABLE_ROWS.set({})
    try:
        for fn in DERIVATIONS.values():
            fn(r, out)
    finally:
        _TABLE_ROWS.reset(rows_token)
        _LAW.reset(token)
    return out


# Derivations in modules of their own register after the facts above, which they read.
from . import budgettables  # noqa: E402,F401
from . import budgetfacts  # noqa: E402,F401
from . import claimfacts  # noqa: E402,F401
from . import conclusionfacts  # noqa: E402,F401
from . import overview_facts  # noqa: E402,F401
from . import oversikt_avstamning  # noqa: E402,F401
from . import tablefacts  # noqa: E402,F401
from . import insatsfacts  # noqa: E402,F401
from . import labelfacts  # noqa: E402,F401


def in_force(katalog, year: int, check, *args):
    """check(*args) with the catalogue's parameters in force for the year, outside `derive`: the web page
    runs the checker's own checks of one part (sums, deviations) while the user types."""
    token = _LAW.set(Law(katalog.parameters, year, katalog.directory))
    try:
        return check(*args)
    finally:
        _LAW.reset(token)


def sum_checks(st: Rakning | Not, katalog, year: int) -> list[Item]:
    """One statement's or note's printed subtotals, checked as `derive` checks them."""
    return in_force(katalog, year, _sum_items, "", st)
