"""Forms for the report, generated from the report model's JSON Schema.

Nothing here knows a field by name except the grouping of the top-level parts
into the pages a reviewer goes through (`PARTS`) and the Swedish spelling of
the ASCII keys (`_WORDS`). A list whose items hold only simple values becomes
a table (one column per property, one per year of a `belopp` mapping); any
other list becomes one card per item; an object becomes a fieldset. Every
`kalla` is shown beside the values it gives the source of.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Optional

from ..model import Arsredovisning
from ..yamlread import format_path

# The parts of an årsredovisning in the order a reviewer reads them.
PARTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("identitet", "Förbund och medlemmar", ("forbund", "rakenskapsar", "dokument", "medlemmar", "revision")),
    ("medlemsbidrag", "Medlemsbidrag och intäkter", ("medlemsbidrag", "ovriga_intakter")),
    ("resultatrakning", "Resultaträkning", ("resultatrakning",)),
    ("balansrakning", "Balansräkning", ("balansrakning",)),
    ("kassaflodesanalys", "Kassaflödesanalys", ("kassaflodesanalys",)),
    ("noter", "Noter", ("noter", "redovisningsprinciper")),
    ("driftredovisning", "Driftredovisning och kostnader", ("driftredovisning", "kostnadsfordelning", "budgettabeller", "budget", "budget_nasta_ar")),
    ("insatser", "Insatser och mål", ("insatser", "finansiella_mal", "verksamhetsmal", "administrationsmal", "lokaler", "antal_anstallda", "personal")),
    ("forvaltningsberattelse", "Förvaltningsberättelse", ("forvaltningsberattelse", "god_ekonomisk_hushallning", "balanskrav", "rattelser", "styrning", "forbundsordning", "angivna_nyckeltal", "pastaenden", "oversikt", "anmarkningar")),
)
OTHER = ("ovrigt", "Övrigt")

# ASCII keys as the documents spell the words.
_WORDS = {
    "forbund": "förbund", "rakenskapsar": "räkenskapsår", "lan": "län", "kalla": "källa", "ar": "år",
    "ovriga": "övriga", "intakter": "intäkter", "rakning": "räkning", "resultatrakning": "resultaträkning",
    "balansrakning": "balansräkning", "kassaflodesanalys": "kassaflödesanalys", "man": "män",
    "forvaltningsberattelse": "förvaltningsberättelse", "nasta": "nästa", "mal": "mål", "malvarde": "målvärde",
    "hogre": "högre", "battre": "bättre", "forbundets": "förbundets", "bedomning": "bedömning",
    "strukturovergripande": "strukturövergripande", "anstallda": "anställda", "anstallningsform": "anställningsform",
    "sysselsattningsgrad": "sysselsättningsgrad", "leder": "leder", "atgardsplan": "åtgärdsplan",
    "skal": "skäl", "oversikt": "översikt", "anmarkningar": "anmärkningar", "forhallanden": "förhållanden",
    "vasentliga": "väsentliga", "handelser": "händelser", "uppfoljning": "uppföljning", "hushallning": "hushållning",
    "forvantad": "förväntad", "ekonomisk": "ekonomisk", "uppfoljningssystem": "uppföljningssystem",
    "konsuppdelad": "könsuppdelad", "faststalld": "fastställd", "faststallande": "fastställande",
    "tillstyrker": "tillstyrker", "stegforflyttning": "stegförflyttning", "angiven": "angiven",
    "forsakringskassan": "Försäkringskassan", "arbetsformedlingen": "Arbetsförmedlingen",
    "kommunerna": "kommunerna", "okant": "okänt", "ej": "ej", "uppfyllt": "uppfyllt", "kan": "kan",
    "bedomas": "bedömas", "anstalld": "anställd", "kopt": "köpt", "tjanst": "tjänst", "tjanster": "tjänster",
    "redovisningsprinciper": "redovisningsprinciper", "arets": "årets", "forsorjning": "försörjning",
    "beslutad": "beslutad", "aterrapporterad": "återrapporterad", "lokaler": "lokaler", "ar_battre": "är bättre",
    "avtalsstatus": "avtalsstatus", "overgripande": "övergripande", "administrationsposter": "administrationsposter",
    "omrade": "område", "not": "not", "typ": "typ", "utsedd": "utsedd", "av": "av", "kostnadsfordelning": "kostnadsfördelning",
    "forbundets_personal": "förbundets personal", "forbundet": "förbundet", "verksamhetsmal": "verksamhetsmål",
    "administrationsmal": "administrationsmål", "rattelser": "rättelser", "pastaenden": "påståenden",
    "hushallning_": "hushållning", "atgard": "åtgärd", "sarskilda": "särskilda", "storhet": "storhet", "varde": "värde",
    "forbundsordning": "förbundsordning", "delarsrapport": "delårsrapport", "upprattad": "upprättad",
    "ersattning": "ersättning", "kraver": "kräver", "budgettabeller": "budgettabeller", "avsnitt": "avsnitt",
    "kalla_": "källa", "fordelning": "fördelning", "forandring": "förändring", "foregaende": "föregående", "hyr": "hyr", "for": "för", "andel": "andel",
}


def label(key: str) -> str:
    words = [_WORDS.get(w, w) for w in str(key).split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


@lru_cache(maxsize=1)
def schema() -> dict:
    return Arsredovisning.model_json_schema(by_alias=True)


def resolve(node: dict) -> tuple[dict, bool]:
    """The node behind `$ref` and `anyOf [X, null]`, and whether null is allowed."""
    defs = schema()["$defs"]
    nullable = False
    while True:
        if "$ref" in node:
            merged = dict(defs[node["$ref"].rsplit("/", 1)[1]])
            merged.update({k: v for k, v in node.items() if k not in ("$ref", "default")})
            node = merged
        elif "anyOf" in node:
            options = [o for o in node["anyOf"] if o.get("type") != "null"]
            nullable = nullable or len(options) < len(node["anyOf"])
            rest = {k: v for k, v in node.items() if k not in ("anyOf", "default")}
            node = {**options[0], **{k: v for k, v in rest.items() if k in ("description", "title")}}
        else:
            return node, nullable


def kind(node: dict) -> str:
    node, _ = resolve(node)
    if "enum" in node:
        return "enum"
    t = node.get("type")
    if t == "object" and "properties" in node:
        return "object"
    if t == "object":
        return "mapping"  # e.g. belopp per year
    if t == "array":
        items, _ = resolve(node.get("items", {}))
        return "lines" if items.get("type") in ("string", "integer", "number") else "array"
    return {"boolean": "bool", "integer": "int", "number": "number"}.get(t, "text")


def _simple(node: dict) -> bool:
    """An item whose properties are all simple values (or a mapping of them) fits a table row."""
    props = resolve(node)[0].get("properties", {})
    return all(kind(p) not in ("object", "array") for p in props.values())


@dataclass
class Ctx:
    marks: set[str]  # format_path of every value marked for checking
    columns: dict = field(default_factory=dict)  # path of a statement → its kolumner (years of the belopp columns)


# --- the widgets the templates draw ----------------------------------------------------------


@dataclass
class Field:
    kind = "field"
    path: tuple
    label: str
    input: str  # text, amount, int, number, enum, bool, lines
    value: str
    required: bool = False
    help: str = ""
    options: tuple = ()
    mark: bool = False
    amount: bool = False
    default: str = ""
    code: bool = False  # an identifier with a fixed form (a pattern): technical, shown small
    title: str = ""  # where it stands, for a list of values to check: the row's text and the column

    @property
    def name(self) -> str:
        return "/".join(map(str, self.path))

    @property
    def where(self) -> str:
        return format_path(self.path)

    @property
    def fid(self) -> str:
        return "f-" + re.sub(r"[^A-Za-z0-9_-]", "-", self.name)


@dataclass
class Group:
    kind = "group"
    path: tuple
    label: str
    fields: list = field(default_factory=list)  # Field | Group | Table | Cards
    kalla: Optional[Field] = None
    help: str = ""
    present: bool = True
    mark: bool = False

    @property
    def where(self) -> str:
        return format_path(self.path)


@dataclass
class Row:
    kind = "row"
    path: tuple
    cells: list  # Field | None
    kalla: Optional[Field]
    mark: bool = False


@dataclass
class Table:
    kind = "table"
    path: tuple
    label: str
    columns: list[str]
    rows: list[Row]
    help: str = ""

    @property
    def widths(self) -> list[int]:
        """Each column as wide as its longest value (within reason), so the printed row text reads whole."""
        out = []
        for i, _ in enumerate(self.columns):
            cells = [r.cells[i] for r in self.rows]
            longest = max((len(max(c.value.splitlines() or [""], key=len)) for c in cells), default=0)
            cap = 16 if cells and cells[0].code else (26 if cells and cells[0].input == "lines" else 40)
            out.append(min(max(longest + 1, 5), cap))
        return out

    @property
    def where(self) -> str:
        return format_path(self.path)

    @property
    def name(self) -> str:
        return "/".join(map(str, self.path))


@dataclass
class Cards:
    kind = "cards"
    path: tuple
    label: str
    items: list[Group]
    help: str = ""

    @property
    def name(self) -> str:
        return "/".join(map(str, self.path))


def _year(key: str):
    """A column year is an integer key in the file (and so in the validator's field paths)."""
    return int(key) if key.isdigit() else key


def display(value: Any, input_kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)


def _is_amount(node: dict) -> bool:
    return "Belopp" in (resolve(node)[0].get("description") or "")


def _leaf(path: tuple, key: str, node: dict, value: Any, required: bool, ctx: Ctx) -> Field:
    k = kind(node)
    target, _ = resolve(node)
    options: tuple = ()
    if k == "enum":
        options = tuple(target["enum"])
    amount = k == "int" and _is_amount(node)
    return Field(
        path=path + (key,),
        label=label(key) if isinstance(key, str) else str(key),
        input="amount" if amount else k,
        value=display(value, k),
        required=required,
        help=target.get("description") or "",
        options=options,
        mark=format_path(path + (key,)) in ctx.marks,
        amount=amount,
        default=display(target.get("default", node.get("default")), k),
        code="pattern" in target and k == "text",
    )


def build(node: dict, data: Any, path: tuple, title: str, ctx: Ctx, required: bool = False):
    """The widget for `data` (possibly missing) under schema `node` at `path`."""
    k = kind(node)
    target, _ = resolve(node)
    if k == "object":
        return _object(target, data if isinstance(data, dict) else None, path, title, ctx)
    if k == "array":
        items = data if isinstance(data, list) else []
        item_node = target.get("items", {})
        if _simple(item_node):
            return _table(item_node, items, path, title, ctx, target.get("description") or "")
        cards = [
            _object(resolve(item_node)[0], item if isinstance(item, dict) else None, path + (i,), f"{title} {i + 1}", ctx)
            for i, item in enumerate(items)
        ]
        return Cards(path, title, cards, target.get("description") or "")
    if k == "mapping":
        values = data if isinstance(data, dict) else {}
        inner = target.get("additionalProperties", {})
        group = Group(path, title, help=target.get("description") or "")
        group.fields = [_leaf(path, _year(str(key)), inner, v, False, ctx) for key, v in values.items()]
        return group
    return _leaf(path[:-1], path[-1], node, data, required, ctx)


def _object(target: dict, data: Optional[dict], path: tuple, title: str, ctx: Ctx) -> Group:
    values = data or {}
    group = Group(path, title, help=target.get("description") or "", present=data is not None, mark=format_path(path) in ctx.marks)
    needed = set(target.get("required", ()))
    for key, prop in target.get("properties", {}).items():
        widget = build(prop, values.get(key), path + (key,), label(key), ctx, key in needed)
        if key == "kalla" and isinstance(widget, Field):
            group.kalla = widget
        else:
            group.fields.append(widget)
    for w in group.fields + [group.kalla]:
        if isinstance(w, Field) and not w.title:
            w.title = f"{title}: {w.label}"
    return group


def _table(item_node: dict, items: list, path: tuple, title: str, ctx: Ctx, help_text: str) -> Table:
    item, _ = resolve(item_node)
    props = item.get("properties", {})
    needed = set(item.get("required", ()))
    # A mapping column (belopp per year) opens into one column per year, latest first.
    years: dict[str, list] = {}
    for key, prop in props.items():
        if kind(prop) == "mapping":
            found = {str(y) for it in items if isinstance(it, dict) for y in (it.get(key) or {})}
            found |= {str(c.get("ar")) for c in ctx.columns.get(path[:-1], []) if c.get("ar") is not None}
            years[key] = sorted(found, reverse=True)
    columns: list[str] = []
    for key, prop in props.items():
        if key == "kalla":
            continue
        if key in years:
            columns += [f"{label(key)} {y}" for y in years[key]]
        else:
            columns.append(label(key))
    rows = []
    for i, it in enumerate(items):
        it = it if isinstance(it, dict) else {}
        cells: list = []
        kalla = None
        for key, prop in props.items():
            if key == "kalla":
                kalla = _leaf(path + (i,), key, prop, it.get(key), False, ctx)
            elif key in years:
                inner = resolve(prop)[0].get("additionalProperties", {})
                mapping = it.get(key) or {}
                by_text = {str(y): v for y, v in mapping.items()} if isinstance(mapping, dict) else {}
                cells += [_leaf(path + (i, key), _year(y), inner, by_text.get(y), False, ctx) for y in years[key]]
            else:
                cells.append(_leaf(path + (i,), key, prop, it.get(key), key in needed, ctx))
        # The row's own words (its first plain text value) name it in the list of values to check.
        name = next((c.value for c in cells if c.input == "text" and not c.code and c.value), f"rad {i + 1}")
        for c, column in zip(cells, columns):
            c.title = f"{title}: {name} – {column}"
        if kalla is not None:
            kalla.title = f"{title}: {name} – källa"
        rows.append(Row(path + (i,), cells, kalla, mark=format_path(path + (i,)) in ctx.marks))
    return Table(path, title, columns, rows, help_text)


def part_widgets(doc: dict, part: str, marks: set[str]) -> list:
    """The widgets of one part (see PARTS) for the report `doc` (plain or ruamel mapping)."""
    top = schema()["properties"]
    needed = set(schema().get("required", ()))
    ctx = Ctx(marks)
    _collect_columns(doc, (), ctx.columns)
    return [build(top[key], doc.get(key), (key,), label(key), ctx, key in needed) for key in part_keys(part)]


def _collect_columns(node: Any, path: tuple, out: dict) -> None:
    if isinstance(node, dict):
        if isinstance(node.get("kolumner"), list):
            out[path] = [c for c in node["kolumner"] if isinstance(c, dict)]
        for k, v in node.items():
            _collect_columns(v, path + (k,), out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            _collect_columns(v, path + (i,), out)


def part_keys(part: str) -> tuple[str, ...]:
    for slug, _, keys in PARTS:
        if slug == part:
            return keys
    if part == OTHER[0]:
        return other_keys()
    raise KeyError(part)


def other_keys() -> tuple[str, ...]:
    listed = {k for _, _, keys in PARTS for k in keys}
    return tuple(k for k in schema()["properties"] if k not in listed)


def parts() -> list[tuple[str, str]]:
    out = [(slug, title) for slug, title, _ in PARTS]
    if other_keys():
        out.append(OTHER)
    return out


def part_of(path: tuple) -> str:
    top = path[0] if path else ""
    for slug, _, keys in PARTS:
        if top in keys:
            return slug
    return OTHER[0] if top in other_keys() else PARTS[0][0]


def parse_name(name: str) -> tuple[tuple, str]:
    """A form field's name → (path, input kind), checked against the schema; KeyError if it names nothing."""
    node = schema()
    path: list = []
    for part in name.split("/"):
        target, _ = resolve(node)
        k = kind(target)
        if k == "object":
            if part not in target.get("properties", {}):
                raise KeyError(part)
            node = target["properties"][part]
            path.append(part)
        elif k == "array":
            if not part.isdigit():
                raise KeyError(part)
            node = target.get("items", {})
            path.append(int(part))
        elif k == "mapping":
            if not re.fullmatch(r"[0-9]{4}", part):
                raise KeyError(part)
            node = target.get("additionalProperties", {})
            path.append(int(part))
        else:
            raise KeyError(part)
    k = kind(node)
    if k in ("object", "array", "mapping"):
        raise KeyError(name)
    return tuple(path), ("amount" if k == "int" and _is_amount(node) else k)


def new_item(name: str) -> tuple:
    """The path of a list (a table or cards) named by a form, checked against the schema."""
    node = schema()
    path: list = []
    for part in name.split("/"):
        target, _ = resolve(node)
        k = kind(target)
        if k == "object" and part in target.get("properties", {}):
            node = target["properties"][part]
            path.append(part)
        elif k == "array" and part.isdigit():
            node = target.get("items", {})
            path.append(int(part))
        else:
            raise KeyError(part)
    if kind(node) != "array":
        raise KeyError(name)
    return tuple(path)
