"""The rule catalogue: rule files and parameter files in rules/, validated.

A rule file is data a revisor can read (see docs/regler.md). A broken one is
reported like bad input — file, line, what is wrong — before anything runs.
"""

from enum import Enum
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import InputError, Problem
from . import katalogcache
from .expr import Expr, ExprError, parse, parse_value
from .parameters import check_parameter
from .registry import Register, load_register
from .load import load_model_with_lines, validation_problems
from .mall import Mall, load_template, template_file
from .resources import data_dir, rules_dir
from .yamlread import load_yaml

_PROJECT_RULES = data_dir("rules")
RULES_DIR = rules_dir()


class Strikt(BaseModel):
    # Built on first validation: a catalogue from the compiled cache is unpickled, never validated.
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=True, defer_build=True)


class Utfall(str, Enum):
    uppfylld = "uppfylld"
    avvikelse = "avvikelse"
    iakttagelse = "iakttagelse"
    underlag_saknas = "underlag_saknas"
    ej_tillamplig = "ej_tillamplig"
    fel = "fel"


class Brist(str, Enum):
    avvikelse = "avvikelse"
    iakttagelse = "iakttagelse"


class Vikt(str, Enum):
    """How heavy a brist is: a broken statutory requirement or a material amount weighs more than a mislabelled row."""

    vasentlig = "väsentlig"
    mindre = "mindre"


class Kalla(Strikt):
    namn: str = Field(min_length=1, description="Lagen med paragraf, eller rekommendationens namn.")
    citat: Optional[str] = None
    verifierad: bool = Field(description="Om citatet är kontrollerat mot källan.")
    anmarkning: Optional[str] = None


class Trappsteg(Strikt):
    fran: float = Field(description="Gäller när underlaget är minst detta.")
    varde: float


class Parametervarde(Strikt):
    varde: Optional[Any] = None
    trappa: Optional[list[Trappsteg]] = None

    @model_validator(mode="after")
    def _one(self) -> "Parametervarde":
        if (self.varde is None) == (self.trappa is None):
            raise ValueError("ange antingen varde eller trappa")
        return self


class Parameterenhet(str, Enum):
    kr = "kr"
    procent = "procent"
    procentenheter = "procentenheter"
    antal = "antal"
    manader = "manader"
    bool = "bool"
    text = "text"
    textlista = "textlista"
    rubriker = "rubriker"


class Parameter(Strikt):
    """A dated parameter, like OpenFisca's: values keyed by the date they start to apply."""

    namn: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    beskrivning: str = Field(min_length=1)
    enhet: Parameterenhet = Field(description="Värdenas enhet; varje värde prövas mot den när katalogen läses.")
    kalla: Kalla
    trappa_efter: Optional[str] = Field(None, description="Faktum som väljer trappsteg, t.ex. medlemsbidrag.")
    varden: dict[str, Parametervarde] = Field(min_length=1, description="Nyckel: datum ÅÅÅÅ-MM-DD då värdet börjar gälla.")

    @field_validator("varden")
    @classmethod
    def _sorted(cls, value: dict) -> dict:
        return dict(sorted((str(k), v) for k, v in value.items()))

    def in_force(self, year: int) -> Optional[tuple[str, Parametervarde]]:
        """The value in force at the end of the räkenskapsår."""
        return self.in_force_on(f"{year}-12-31")

    def in_force_on(self, day: str) -> Optional[tuple[str, Parametervarde]]:
        found = None
        for start, value in self.varden.items():
            if start <= day:
                found = (start, value)
        return found


class Meddelande(Strikt):
    uppfylld: str = Field(min_length=1)
    brist: str = Field(min_length=1)
    ej_tillamplig: Optional[str] = None
    sammanfattning: Optional[str] = Field(
        None, min_length=1,
        description="Vid brist: en mening (per post) för rapportens sammanfattning, med de belopp som bär fyndet.")


class Atgard(str, Enum):
    """The verb a recommendation opens with: only an error in the document is "rättas"."""

    ratta = "ratta"  # ett fel i årsredovisningen: en summa, en rubrik, en uppgift som inte stämmer
    atgarda = "atgarda"  # ett krav som årets utfall eller förbundets rutiner inte uppfyller
    overvag = "overvag"  # något att ta ställning till, inget brutet krav


class Rekommendation(Strikt):
    atgard: Atgard
    text: str = Field(min_length=1, description="Fortsätter ”Vi rekommenderar styrelsen att …”.")


class VidSaknat(Strikt):
    """What a missing fact means when its absence is itself the finding (e.g. no target set)."""

    utfall: Brist
    meddelande: str = Field(min_length=1)


class Reserv(Strikt):
    """A second-best fact a rule may read when the report lacks the first (e.g. this year's for next year's)."""

    faktum: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Faktum som används i stället.")
    antagande: str = Field(min_length=1, description="Vad det innebär, som det sägs i fyndet, t.ex. 'antaget oförändrat'.")


class Fall(Strikt):
    namn: str = Field(min_length=1)
    rakenskapsar: int = 2025
    rapport: Optional[dict[str, Any]] = Field(None, description="En liten rapport (förbund och räkenskapsår fylls i).")
    fakta: Optional[dict[str, Any]] = Field(None, description="Fakta direkt, i stället för en rapport.")
    utfall: Utfall
    meddelande_innehaller: list[str] = []
    ger_fakta: Optional[dict[str, Any]] = Field(
        None, description="Fakta som fallets rapport ska ge (härledda värden prövas där de deklareras), t.ex. ek_andel: 43.39.")

    @model_validator(mode="after")
    def _input(self) -> "Fall":
        if (self.rapport is None) == (self.fakta is None):
            raise ValueError("ett fall anger antingen rapport eller fakta")
        if self.ger_fakta is not None and self.rapport is None:
            raise ValueError("ger_fakta prövar det som en rapport ger: ange rapport")
        return self


class Regel(Strikt):
    id: str = Field(pattern=r"^[A-ZÅÄÖ][A-ZÅÄÖ0-9]*(-[A-ZÅÄÖ0-9]+)*$")
    titel: str = Field(min_length=1)
    krav: str = Field(min_length=1, description="Kravet i klarspråk.")
    kallor: list[Kalla] = Field(min_length=1)
    avsnitt: str = Field(pattern=r"^\d+(\.\d+)*$", description="Avsnitt i granskningsrapporten (KPMG:s numrering).")
    vid_brist: Brist
    vikt: Vikt = Field(description="Hur tung en brist är: väsentlig (ett lagkrav eller ett väsentligt belopp) eller mindre (presentation, rubriker, egna rutiner).")
    giltig_fran: Optional[int] = None
    giltig_till: Optional[int] = None
    parametrar: list[str] = []
    for_varje: Optional[str] = Field(None, description="Samling som prövas post för post, t.ex. insatser.")
    harledda: dict[str, str] = Field(default_factory=dict, description="Härledda värden: namn: räkneuttryck.")
    tillamplig_om: Optional[str] = None
    villkor: str = Field(min_length=1, description="När kravet är uppfyllt.")
    slutsats: Optional[str] = Field(None, pattern=r"^[a-z][a-z0-9_]*$", description="Faktum som regeln sluter sig till: sant vid brist.")
    belagg: list[str] = Field(default_factory=list, description="Fakta som visas bland beläggen när de finns, utan att krävas.")
    meddelande: Meddelande
    rekommendation: Optional[Rekommendation] = Field(None, description="Rekommendationen i rapportens slutsats vid brist.")
    vid_saknat: dict[str, VidSaknat] = Field(default_factory=dict, description="Utfall när just detta faktum saknas.")
    reserv: dict[str, list[Reserv]] = Field(
        default_factory=dict,
        description="När rapporten saknar faktumet läser regeln i stället det första av dessa som finns; fyndet säger vilket.",
    )
    fall: list[Fall] = Field(min_length=2)

    @model_validator(mode="after")
    def _cases(self) -> "Regel":
        outcomes = {f.utfall for f in self.fall}
        if "uppfylld" not in outcomes or not outcomes & {"avvikelse", "iakttagelse"}:
            raise ValueError("regeln behöver minst ett uppfyllt fall och ett fall med brist")
        return self

    @cached_property
    def condition(self) -> Expr:
        return parse(self.villkor)

    @cached_property
    def applicability(self) -> Optional[Expr]:
        return parse(self.tillamplig_om) if self.tillamplig_om else None

    @cached_property
    def derived(self) -> dict[str, Expr]:
        return {name: parse_value(text) for name, text in self.harledda.items()}

    @cached_property
    def applicability_needs(self) -> frozenset[str]:
        if self.applicability is None:
            return frozenset()
        return frozenset(self.applicability.names - set(self.harledda) - set(self.parametrar))

    @cached_property
    def reads(self) -> frozenset[str]:
        """Names the applicability and the condition read (derived values included)."""
        names = set(self.condition.names)
        if self.applicability is not None:
            names |= self.applicability.names
        return frozenset(names)

    @cached_property
    def needs(self) -> frozenset[str]:
        """Facts the rule reads (parameters, derived values and concluded facts excluded later)."""
        names = set(self.condition.names)
        if self.applicability is not None:
            names |= self.applicability.names
        for expr in self.derived.values():
            names |= expr.names
        return frozenset(names - set(self.harledda) - set(self.parametrar))


class Katalog(BaseModel):
    version: str
    rules: list[Regel]
    parameters: dict[str, Parameter]
    files: dict[str, str]  # rule id → file path
    fakta: Register  # every fact and collection the rules may read
    directory: str = str(RULES_DIR)
    mall: Optional[Mall] = None  # the report template beside the rules (mallar/rapport.yaml)

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True, defer_build=True)

    def rule(self, rule_id: str) -> Regel:
        return next(r for r in self.rules if r.id == rule_id)


def load_catalogue(directory: Path | None = None) -> Katalog:
    """The catalogue, checked whole; from the compiled cache when nothing it is read from has changed."""
    directory = rules_dir(directory)
    if not directory.is_dir():
        return _read_catalogue(directory)
    sources = [directory, template_file(directory, _PROJECT_RULES)]
    return katalogcache.cached("katalog", sources, lambda: _read_catalogue(directory))


def _read_catalogue(directory: Path) -> Katalog:
    if not directory.is_dir():
        raise InputError([Problem(str(directory), None, "", "regelkatalogen finns inte (ange mappen med --regler eller FINSAM_REGLER)")])
    problems: list[Problem] = []
    version = "okänd"
    meta = directory / "katalog.yaml"
    if meta.exists():
        data, _ = load_yaml(meta)
        version = str(data.get("version", "okänd")) if isinstance(data, dict) else "okänd"

    from .facts import DERIVATIONS
    from .namecheck import check_rule_names  # only when the catalogue is read anew, not from the cache

    register: Optional[Register] = None
    try:
        register = load_register(directory, frozenset(DERIVATIONS))
    except InputError as exc:
        problems.extend(exc.problems)

    parameters: dict[str, Parameter] = {}
    for path in sorted((directory / "parametrar").glob("*.yaml")):
        try:
            param, lines = load_model_with_lines(path, Parameter)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if param.namn != path.stem:
            problems.append(Problem(str(path), lines.line(("namn",)), "namn", f"ska vara filens namn '{path.stem}'"))
        param_problems = check_parameter(str(path), param, lines, register)
        problems.extend(param_problems)
        if not param_problems:
            parameters[param.namn] = param

    loaded = []
    for path in sorted(p for p in directory.rglob("*.yaml") if _is_rule_file(directory, p)):
        try:
            loaded.append((path, *load_model_with_lines(path, Regel)))
        except InputError as exc:
            problems.extend(exc.problems)
    concluded = {rule.slutsats for _, rule, _ in loaded if rule.slutsats}
    rules: list[Regel] = []
    files: dict[str, str] = {}
    for path, rule, lines in loaded:
        rule_problems = _check_rule(path, rule, lines, parameters, register)
        if register is not None:
            rule_problems += check_rule_names(str(path), rule, lines, register, concluded, set(parameters))
        if rule_problems:
            problems.extend(rule_problems)
            continue
        if rule.id in files:
            problems.append(Problem(str(path), lines.line(("id",)), "id", f"regeln {rule.id} finns redan i {files[rule.id]}"))
            continue
        rules.append(rule)
        files[rule.id] = str(path)
    problems.extend(_check_dependencies(rules, files))
    mall = None
    try:
        # With no rule at all, that is the error to name, not the rules the template points to.
        mall = load_template(template_file(directory, _PROJECT_RULES), {rule.id for _, rule, _ in loaded} if loaded else None)
    except InputError as exc:
        problems.extend(exc.problems)
    if mall is not None and register is not None:
        # The template words a missing fact in context; any fact it does not word is named by its registry label.
        labels = {name: fact.etikett for name, fact in (*register.samlingar.items(), *register.fakta.items())}
        mall = mall.model_copy(update={"fakta": {**labels, **mall.fakta}})
    if not loaded and not rules:
        # No rule at all: that is the error to name, not the facts such rules would read.
        problems = [p for p in problems if "faktaregistret saknas" not in p.message]
        if not problems:
            problems.append(Problem(str(directory), None, "", "regelkatalogen innehåller inga regler"))
    if problems:
        raise InputError(problems)
    return Katalog(version=version, rules=_ordered(rules), parameters=parameters, files=files, fakta=register,
                   directory=str(directory), mall=mall)


@lru_cache(maxsize=1)
def default_catalogue() -> Katalog:
    """The catalogue in rules/ (or FINSAM_REGLER), loaded once: what derive() reads when given none."""
    return load_catalogue()


def _is_rule_file(directory: Path, path: Path) -> bool:
    """Rule files are every YAML file except the catalogue's own, its parameters and its templates."""
    parts = path.relative_to(directory).parts
    return parts != ("katalog.yaml",) and parts[0] not in ("parametrar", "mallar", "fakta")


def _check_rule(path: Path, rule: Regel, lines, parameters: dict[str, Parameter], register: Optional[Register] = None) -> list[Problem]:
    problems = []
    for field_name, getter in (("villkor", lambda: rule.condition), ("tillamplig_om", lambda: rule.applicability)):
        try:
            getter()
        except ExprError as exc:
            problems.append(Problem(str(path), lines.line((field_name,)), field_name, str(exc)))
    for name, text in rule.harledda.items():
        try:
            parse_value(text)
        except ExprError as exc:
            problems.append(Problem(str(path), lines.line(("harledda", name)), f"harledda.{name}", str(exc)))
    problems.extend(_check_case_reports(path, rule, lines, register))
    for name in rule.reserv:
        if name not in rule.needs:
            problems.append(Problem(str(path), lines.line(("reserv", name)), f"reserv.{name}", f"regeln läser inget faktum '{name}' att ersätta"))
    for i, name in enumerate(rule.parametrar):
        if name not in parameters:
            problems.append(Problem(str(path), lines.line(("parametrar", i)), f"parametrar[{i}]", f"parametern '{name}' finns inte i rules/parametrar/"))
    if rule.id != path.stem:
        problems.append(Problem(str(path), lines.line(("id",)), "id", f"ska vara filens namn '{path.stem}'"))
    return problems


def _check_case_reports(path: Path, rule: Regel, lines, register: Optional[Register] = None) -> list[Problem]:
    """A case's small report must be a valid report file, or the case proves nothing."""
    from .model import Arsredovisning

    # Claims are checked against this catalogue's kinds (none when its registry is broken).
    context = {"pastaendeslag": register.pastaendeslag if register is not None else None}
    problems = []
    for i, case in enumerate(rule.fall):
        if case.rapport is None:
            continue
        data = {"forbund": {"namn": "Testförbundet"}, "rakenskapsar": case.rakenskapsar, **case.rapport}
        try:
            Arsredovisning.model_validate(data, context=context)
        except ValidationError as exc:
            problems.extend(validation_problems(str(path), exc, lines, ("fall", i, "rapport")))
    return problems


def _check_dependencies(rules: list[Regel], files: dict[str, str]) -> list[Problem]:
    concluded = {r.slutsats: r.id for r in rules if r.slutsats}
    problems = []
    for rule in rules:
        for name in rule.needs & set(concluded):
            if concluded[name] == rule.id:
                problems.append(Problem(files[rule.id], None, "slutsats", f"regeln läser sin egen slutsats '{name}'"))
    try:
        _ordered(rules)
    except ValueError as exc:
        problems.append(Problem("rules/", None, "slutsats", str(exc)))
    return problems


def _ordered(rules: list[Regel]) -> list[Regel]:
    """Rules in an order where every concluded fact is known before a rule reads it."""
    concluded = {r.slutsats: r.id for r in rules if r.slutsats}
    by_id = {r.id: r for r in rules}
    done: list[Regel] = []
    seen: set[str] = set()

    def visit(rule: Regel, stack: tuple[str, ...]) -> None:
        if rule.id in seen:
            return
        if rule.id in stack:
            raise ValueError("slutsatserna bildar en cirkel: " + " → ".join(stack + (rule.id,)))
        for name in sorted(rule.needs & set(concluded)):
            if concluded[name] != rule.id:
                visit(by_id[concluded[name]], stack + (rule.id,))
        seen.add(rule.id)
        done.append(rule)

    for rule in sorted(rules, key=lambda r: r.id):
        visit(rule, ())
    return done


def stages(rules: list[Regel]) -> list[list[Regel]]:
    """Group the ordered rules into stages: a rule runs after those whose conclusions it reads."""
    concluded = {r.slutsats: r.id for r in rules if r.slutsats}
    level: dict[str, int] = {}
    for rule in rules:
        deps = [concluded[n] for n in rule.needs & set(concluded) if concluded[n] != rule.id]
        level[rule.id] = 1 + max((level[d] for d in deps), default=-1)
    out: list[list[Regel]] = [[] for _ in range(max(level.values(), default=-1) + 1)]
    for rule in rules:
        out[level[rule.id]].append(rule)
    return out
