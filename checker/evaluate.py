"""Evaluate the catalogue against one report's facts: findings with their evidence.

The conditions run on the rule engine (checker.engine); the reference
evaluator computes the rules' derived values and stands in where the engine
cannot be imported.

Applicability is decided first, and a rule's derived values are computed only
where it holds: a rule that does not apply needs none of its facts and cannot
fail on them. Conditions are three-valued: what the known facts decide is
decided; what stays open is "underlag saknas", naming the facts that would
decide it, never a pass.
"""

from __future__ import annotations

import gc
from functools import partial
from typing import Optional

from . import format as fmt
from .catalogue import Katalog, Regel, stages
from .defects import link as link_defects
from .engine import make_evaluator
from .facts import Fact, Facts, Item
from .frozen import NEW, Record
from .findings import Finding, Granskning, ItemResult, ParameterUsed, section_key, worst
from .parameters import NotResolved, resolve, year_end
from .reference import EvaluationError, MissingValue, Undecided, evaluate_value


class _Scope:
    """The facts one check can see (derived values, item, parameters, report): looked up, not copied."""

    def __init__(self, *layers: dict[str, Fact]):
        self._layers = layers

    def fact(self, name: str) -> Optional[Fact]:
        for layer in self._layers:
            found = layer.get(name)
            if found is not None:
                return found
        return None


class _Values:
    """What a message template may name: a few extra values, then the facts in scope."""

    def __init__(self, extra: dict[str, object], scope: _Scope):
        self._extra, self._scope = extra, scope

    def __contains__(self, name: str) -> bool:
        return name in self._extra or self._scope.fact(name) is not None

    def __getitem__(self, name: str) -> object:
        if name in self._extra:
            return self._extra[name]
        return self._scope.fact(name).value



class _Units:
    """The unit of each fact in scope, as format.render asks for it."""

    def __init__(self, scope: _Scope):
        self._scope = scope

    def get(self, name: str, default=None):
        found = self._scope.fact(name)
        return found.enhet if found is not None else default


class _Check(Record):
    _fields = ("rule", "item", "label", "values", "scope", "derived", "evidence", "missing", "memo", "error",
               "applicable", "holds", "assumed")

    def __init__(self, rule: Regel, item: Optional[Item], label: str, values: dict, scope: _Scope, derived: dict,
                 evidence: list[Fact], missing: list[str], memo: dict, error: Optional[str] = None,
                 applicable: object = True, holds: object = None, assumed: list = NEW):
        self.rule = rule
        self.item = item
        self.label = label
        self.values = values
        self.scope = scope
        self.derived = derived  # name → Fact, the rule's harledda for this check
        self.evidence = evidence
        self.missing = missing  # facts the rule reads that the report lacks
        self.memo = memo  # derived values by their inputs, shared by the rule's checks
        self.error = error
        self.applicable = applicable  # True, False, Undecided or an exception
        self.holds = holds  # likewise, once applicability holds
        self.assumed = [] if assumed is NEW else assumed  # the rule's fall-backs used: what each assumes

    def display(self, **extra: object) -> _Values:
        return _Values(extra, self.scope)

    @property
    def units(self) -> _Units:
        return _Units(self.scope)


def _dumped(part, exclude_none: bool = False) -> dict:
    """model_dump() of a flat part of the catalogue (fields of plain values, enums kept as their
    values): the same dict, without building a serializer for the part's class in every command."""
    values = {name: getattr(part, name) for name in type(part).model_fields}
    return {k: v for k, v in values.items() if v is not None} if exclude_none else values


class Checker:
    """One per process: the catalogue compiled once for the engine, then any number of reports."""

    def __init__(self, katalog: Katalog, prefer: str = "durable"):
        self.katalog = katalog
        conditions = {}
        for rule in katalog.rules:
            conditions[rule.id] = rule.condition
            if rule.applicability is not None:
                conditions[f"{rule.id}#tillamplig"] = rule.applicability
        self.engine = make_evaluator(conditions, prefer=prefer)
        self._sources = {r.id: [_dumped(k, exclude_none=True) for k in r.kallor] for r in katalog.rules}
        # What depends only on the catalogue, worked out once instead of for every report.
        self._stages = stages(katalog.rules)
        self._order = [r.id for r in sorted(katalog.rules, key=lambda r: (section_key(r.avsnitt), r.id))]
        self._needs = {r.id: tuple(sorted(r.needs)) for r in katalog.rules}
        self._recommendations = {r.id: _dumped(r.rekommendation) for r in katalog.rules if r.rekommendation}
        self._derived = {r.id: [(name, expr, tuple(sorted(expr.names))) for name, expr in r.derived.items()] for r in katalog.rules}
        # The catalogue, the compiled ruleset and the libraries behind them live as long as
        # the process: frozen, the cyclic collector stops rescanning them for every report.
        gc.freeze()

    def run(self, facts: Facts, identity: dict) -> Granskning:
        year = facts.scalars["rakenskapsar"].value
        concluded: dict[str, Fact] = {}
        findings: dict[str, Finding] = {}
        with self.engine.report():
            for stage in self._stages:
                checks: list[_Check] = []
                for rule in stage:
                    finding, rule_checks = self._prepare(rule, facts, year, concluded)
                    findings[rule.id] = finding
                    checks.extend(rule_checks)
                self._evaluate(checks, findings)
                for rule in stage:
                    f = findings[rule.id]
                    if rule.slutsats and f.utfall in ("uppfylld", "avvikelse", "iakttagelse"):
                        concluded[rule.slutsats] = Fact(rule.slutsats, f.utfall != "uppfylld", "bool", f"slutsats av {rule.id}", f"{rule.id}: {f.utfall}")
        ordered = [findings[rule_id] for rule_id in self._order]
        link_defects(ordered)
        return Granskning(
            forbund=identity["forbund"],
            organisationsnummer=identity.get("organisationsnummer"),
            rakenskapsar=year,
            dokument=identity.get("dokument"),
            katalogversion=self.katalog.version,
            motor=self.engine.name,
            findings=ordered,
            scalars=facts.scalars,
            fran_tkr=any(f.fran_tkr for f in facts.scalars.values()),
            mall=self.katalog.mall,
        )

    # --- preparing checks ---------------------------------------------------------

    def _prepare(self, rule: Regel, facts: Facts, year: int, concluded: dict[str, Fact]) -> tuple[Finding, list[_Check]]:
        finding = Finding(
            id=rule.id, titel=rule.titel, avsnitt=rule.avsnitt, krav=rule.krav, vid_brist=rule.vid_brist, vikt=rule.vikt,
            rekommendation=dict(self._recommendations[rule.id]) if rule.id in self._recommendations else None,
            kallor=self._sources[rule.id], utfall="uppfylld", text="",
        )
        if (rule.giltig_fran and year < rule.giltig_fran) or (rule.giltig_till and year > rule.giltig_till):
            finding.utfall = "ej_tillamplig"
            span = f"från {rule.giltig_fran}" if rule.giltig_fran and year < rule.giltig_fran else f"till och med {rule.giltig_till}"
            finding.meddelande = f"Regeln gäller {span}; räkenskapsåret är {year}."
            return finding, []
        params, param_facts, gap = self._parameters(rule, facts, year)
        finding.parametrar = params
        if gap is not None:
            finding.utfall, finding.meddelande, finding.saknas = gap
            return finding, []
        if rule.for_varje is None:
            items: list[Optional[Item]] = [None]
        else:
            items = list(facts.collections.get(rule.for_varje, []))
            if not items:
                finding.utfall = "underlag_saknas"
                finding.saknas = [rule.for_varje]
                reason = self.katalog.fakta.samlingar[rule.for_varje].saknas or f"{rule.for_varje} saknas i underlaget"
                finding.meddelande = f"Underlag saknas: {reason}."
                return finding, []
        checks = []
        needs = self._needs[rule.id]
        memo: dict = {}
        base = {**facts.scalars, **concluded, **param_facts} if (concluded or param_facts) else facts.scalars
        base_get = base.get
        param_values = {n: f.value for n, f in param_facts.items()}
        for item in items:
            derived: dict[str, Fact] = {}
            filled: dict[str, Fact] = {}  # second-best facts standing in for missing ones
            scope = _Scope(derived, filled, item.facts, base) if item else _Scope(derived, filled, base)
            # As scope.fact would find them: derived and filled are still empty here.
            item_get = item.facts.get if item else base_get
            found: dict[str, Fact] = {}
            missing: list[str] = []
            for n in needs:
                f = item_get(n)
                if f is None:
                    f = base_get(n)
                if f is None:
                    missing.append(n)
                else:
                    found[n] = f
            assumed = _fall_back(rule, scope, missing, filled) if missing and rule.reserv else []
            found.update(filled)
            values = {n: f.value for n, f in found.items()}
            values.update(param_values)
            evidence = [f for n, f in found.items() if n not in param_facts] if param_facts else list(found.values())
            if rule.belagg:
                evidence += [f for n in rule.belagg if n not in found and (f := scope.fact(n)) is not None]
            check = _Check(rule, item, item.label if item else rule.titel, values, scope, derived, evidence, missing, memo)
            check.assumed = assumed
            checks.append(check)
        return finding, checks

    def _parameters(self, rule: Regel, facts: Facts, year: int):
        """The parameters in force, as facts; or why the rule cannot be tried this year."""
        used, as_facts = [], {}
        for name in rule.parametrar:
            param = self.katalog.parameters[name]
            found = resolve(param, year_end(year), facts.value)
            if isinstance(found, NotResolved):
                return used, as_facts, (found.utfall, found.meddelande, list(found.saknas))
            value, start = found.value, found.start
            used.append(ParameterUsed(name, param.beskrivning, value, param.enhet, start, param.kalla.namn))
            as_facts[name] = Fact(name, value, param.enhet, param.beskrivning, kalla=param.kalla.namn)
        return used, as_facts, None

    def _derive(self, check: _Check, wanted: Optional[frozenset] = None) -> None:
        """The rule's derived values for one check (those in `wanted`, or all); items often share them.

        A value whose inputs are missing stays missing; one that cannot be computed is an error.
        """
        rule = check.rule
        for name, expr, names in self._derived[rule.id]:
            if name in check.derived or (wanted is not None and name not in wanted):
                continue
            key = (name, tuple(check.values.get(n) for n in names))
            if key not in check.memo:
                try:
                    value = evaluate_value(expr, check.values)
                except MissingValue:
                    check.memo[key] = None
                except EvaluationError as exc:
                    check.memo[key] = exc
                else:
                    units = {f.enhet for n in expr.names if (f := check.scope.fact(n)) is not None}
                    unit = "kr" if "kr" in units else ("procent" if "procent" in units else "tal")
                    check.memo[key] = Fact(name, round(value, 2) if isinstance(value, float) else value, unit, name, rule.harledda[name])
            derived = check.memo[key]
            if derived is None:
                continue
            if isinstance(derived, Exception):
                check.error = f"härlett värde {name}: {derived}"
                return
            check.values[name] = derived.value
            check.derived[name] = derived
            check.evidence.append(derived)

    # --- evaluating --------------------------------------------------------------

    def _evaluate(self, checks: list[_Check], findings: dict[str, Finding]) -> None:
        # Applicability first, with only the derived values it reads.
        batch, index = [], []
        for check in checks:
            rule = check.rule
            if rule.applicability is None:
                continue
            self._derive(check, _closure(rule, rule.applicability.names))
            if not check.error:
                batch.append((f"{rule.id}#tillamplig", check.values))
                index.append(check)
        for check, answer in zip(index, self.engine.evaluate(batch) if batch else []):
            check.applicable = answer
        # Then the condition, where the rule applies.
        batch, index = [], []
        for check in checks:
            if check.error or check.applicable is not True:
                continue
            self._derive(check)
            if not check.error:
                batch.append((check.rule.id, check.values))
                index.append(check)
        for check, answer in zip(index, self.engine.evaluate(batch) if batch else []):
            check.holds = answer
        counts: dict[str, int] = {}
        for check in checks:
            counts[check.rule.id] = counts.get(check.rule.id, 0) + 1
        by_rule: dict[str, list[ItemResult]] = {}
        grouped: dict[str, list[_Check]] = {}
        for check in checks:
            result = self._item_result(check, counts[check.rule.id])
            by_rule.setdefault(check.rule.id, []).append(result)
            grouped.setdefault(check.rule.id, []).append(check)
        for rule_id, results_ in by_rule.items():
            _summarise(findings[rule_id], results_, grouped[rule_id])

    def _reported(self, check: _Check, names) -> set[str]:
        """The missing names a reader can act on: a missing registry-derived fact stands for its missing inputs."""
        out = _base_names(check, names)
        register = self.katalog.fakta
        if register is None:
            return out
        present = lambda n: check.scope.fact(n) is not None  # noqa: E731
        return {m for n in out for m in register.inputs_missing(n, present)}

    def _item_result(self, check: _Check, count: int) -> ItemResult:
        rule = check.rule
        base = dict(bevis=check.evidence, kalla=check.item.kalla if check.item else None, antaganden=check.assumed,
                    provar=check.item.provar if check.item else None)
        write = partial(_written, check, count)  # the texts are written when read, most never are
        applicable, holds = check.applicable, check.holds
        if check.error:
            return ItemResult(check.label, "fel", _failure(check, check.error), **base)
        if isinstance(applicable, Exception):
            return ItemResult(check.label, "fel", _failure(check, applicable), **base)
        if applicable is False:
            text = partial(write, rule.meddelande.ej_tillamplig or "Ej tillämplig.")
            return ItemResult(check.label, "ej_tillamplig", text, **base)
        if isinstance(holds, Exception):
            return ItemResult(check.label, "fel", _failure(check, holds), **base)
        absent = sorted(_base_names(check, rule.reads) & set(check.missing)) if check.missing else []
        if holds is not True and absent and (set(absent) <= set(rule.vid_saknat) or (holds is False and set(absent) & set(rule.vid_saknat))):
            # The absence is the finding: say so with the numbers that are there.
            first = rule.vid_saknat[next(n for n in absent if n in rule.vid_saknat)]
            return ItemResult(check.label, first.utfall, partial(write, first.meddelande, only_whole=True), **base)
        if isinstance(applicable, Undecided):
            return _undecided(check, self._reported(check, applicable.names), "om regeln är tillämplig", base)
        if isinstance(holds, Undecided):
            return _undecided(check, self._reported(check, holds.names), None, base)
        if holds:
            return ItemResult(check.label, "uppfylld", partial(write, rule.meddelande.uppfylld), **base)
        kort = partial(write, rule.meddelande.sammanfattning) if rule.meddelande.sammanfattning else None
        return ItemResult(check.label, rule.vid_brist, partial(write, rule.meddelande.brist), kort_text=kort, **base)


def _written(check: _Check, count: int, template: str, only_whole: bool = False) -> str:
    return fmt.render(template, check.display(post=check.label, antal=count), check.units, only_whole=only_whole)


def _fall_back(rule: Regel, scope: _Scope, missing: list[str], found: dict[str, Fact]) -> list[str]:
    """Fill what the report lacks with the rule's second-best facts; say what each assumes.

    The lacking fact stays in `missing`: its absence is still what vid_saknat is about.
    """
    assumed = []
    for name in missing:
        for alt in rule.reserv.get(name, ()):
            other = scope.fact(alt.faktum)
            if other is None:
                continue
            found[name] = Fact(name, other.value, other.enhet, f"{other.label}, i stället för {name}", other.formel,
                               other.operander, other.kalla, other.fran_tkr)
            text = alt.antagande.rstrip(".")
            assumed.append(f"{text[:1].upper()}{text[1:]}.")
            break
    return assumed


def _closure(rule: Regel, names) -> frozenset:
    """The derived values among `names`, with the derived values they are computed from."""
    wanted, todo = set(), [n for n in names if n in rule.derived]
    while todo:
        name = todo.pop()
        if name not in wanted:
            wanted.add(name)
            todo.extend(n for n in rule.derived[name].names if n in rule.derived)
    return frozenset(wanted)


def _base_names(check: _Check, names) -> set[str]:
    """Names as the report knows them: a missing derived value stands for its missing inputs."""
    out: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        expr = check.rule.derived.get(name)
        if expr is None:
            out.add(name)
        elif name not in check.derived:
            todo.extend(n for n in expr.names if n not in check.values or n in check.rule.derived)
    return out


def _undecided(check: _Check, names: set[str], what: Optional[str], base: dict) -> ItemResult:
    listed = sorted(names)
    about = f" {what}" if what else ""
    why = f": {check.item.skal}" if check.item is not None and check.item.skal else ""
    text = f"{check.label}: underlag saknas{about} ({', '.join(listed)}{why})."
    return ItemResult(check.label, "underlag_saknas", text, saknas=listed, **base)


def _failure(check: _Check, reason: object) -> str:
    """Why a check could not be tried; the report words the rest ("kunde inte prövas")."""
    return f"{check.label}: {reason}" if check.item is not None else str(reason)


def _summarise(finding: Finding, items: list[ItemResult], checks: list[_Check]) -> None:
    finding.poster = items
    finding.utfall = worst([i.utfall for i in items])
    finding.saknas = sorted({n for i in items for n in i.saknas})
    finding.antaganden = list(dict.fromkeys(a for i in items if i.utfall != "fel" for a in i.antaganden))
    finding.dokument = sorted({d for i in items if i.utfall != "fel" for b in i.bevis if b.dokument for d in b.dokument.split("; ")})
    # A check that could not be performed is never a pass, and never hidden behind a brist either.
    finding.ej_provade = [i.meddelande for i in items if i.utfall == "underlag_saknas"]
    if finding.utfall == "fel":
        finding.fel = "; ".join(i.meddelande for i in items if i.utfall == "fel")
    finding.text = partial(_message, finding.utfall, finding.ej_provade, finding.antaganden, items, checks)


def _message(utfall: str, ej_provade: list[str], antaganden: list[str], items: list[ItemResult], checks: list[_Check]) -> str:
    """A finding's message, written when it is first read (a genomlysning reads none)."""
    if len(items) == 1 and checks[0].rule.for_varje is None:
        text = items[0].meddelande
    elif utfall == "uppfylld":
        # One sentence for the whole collection, not one per item.
        first = checks[0]
        values = first.display(post=first.label, antal=len(items))
        text = fmt.render(first.rule.meddelande.uppfylld, values, first.units)
    elif utfall == "ej_tillamplig":
        text = items[0].meddelande
    else:
        text = " ".join(i.meddelande for i in items if i.utfall == utfall)
        if utfall in ("avvikelse", "iakttagelse") and ej_provade:
            text += " Kunde inte prövas: " + " ".join(ej_provade)
    # Which second-best fact a verdict rests on is part of the verdict.
    return " ".join([text, *antaganden])
