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
from operator import attrgetter
from typing import Optional

from . import format as fmt
from .catalogue import Katalog, Regel, stages
from .defects import link as link_defects
from .engine import make_evaluator
from .facts import Fact, Facts, Item
from .frozen import NEW
from .findings import SEVERITY, Finding, Granskning, ItemResult, ParameterUsed, section_key
from .parameters import NotResolved, resolve, year_end
from .reference import EvaluationError, MissingValue, Undecided, evaluate_value


class _Scope:
    """The facts one check can see (derived values, item, parameters, report): looked up, not copied."""

    __slots__ = ("_layers",)

    def __init__(self, layers: tuple[dict[str, Fact], ...]):
        self._layers = layers

    def fact(self, name: str) -> Optional[Fact]:
        for layer in self._layers:
            found = layer.get(name)
            if found is not None:
                return found
        return None


class _Values:
    """What a message template may name: a few extra values, then the facts in scope."""

    __slots__ = ("_extra", "_scope")

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

    __slots__ = ("_scope",)

    def __init__(self, scope: _Scope):
        self._scope = scope

    def get(self, name: str, default=None):
        found = self._scope.fact(name)
        return found.enhet if found is not None else default


def _dumped(part, exclude_none: bool = False) -> dict:
    """model_dump() of a flat part of the catalogue (fields of plain values, enums kept as their
    values): the same dict, without building a serializer for the part's class in every command."""
    values = {name: getattr(part, name) for name in type(part).model_fields}
    return {k: v for k, v in values.items() if v is not None} if exclude_none else values


class _Rule:
    """What evaluating a rule reads of it, worked out once per catalogue instead of once per report.

    A rule is a pydantic model, whose every attribute read goes through its __getattr__ hook:
    a report reads them some ten thousand times.
    """

    __slots__ = ("regel", "id", "titel", "avsnitt", "krav", "vid_brist", "vikt", "kallor", "rekommendation",
                 "giltig_fran", "giltig_till", "parametrar", "basis", "for_varje", "needs", "reserv", "belagg",
                 "derived", "derived_list", "applicability", "applicability_key", "applicability_derived", "reads",
                 "vid_saknat", "uppfylld", "brist", "sammanfattning", "ej_tillamplig", "slutsats")

    def __init__(self, rule: Regel, katalog: Katalog):
        self.regel = rule
        self.id, self.titel, self.avsnitt, self.krav = rule.id, rule.titel, rule.avsnitt, rule.krav
        self.vid_brist, self.vikt = rule.vid_brist, rule.vikt
        self.kallor = [_dumped(k, exclude_none=True) for k in rule.kallor]
        self.rekommendation = _dumped(rule.rekommendation) if rule.rekommendation else None
        self.giltig_fran, self.giltig_till = rule.giltig_fran, rule.giltig_till
        self.parametrar = tuple(rule.parametrar)
        # The facts whose values choose a step of the rule's parameters (none: the year alone decides).
        self.basis = tuple(sorted({p.trappa_efter for n in rule.parametrar if (p := katalog.parameters.get(n)) is not None
                                   and p.trappa_efter}))
        self.for_varje = rule.for_varje
        self.needs = tuple(sorted(rule.needs))
        self.reserv = rule.reserv
        self.belagg = tuple(rule.belagg)
        self.derived = rule.derived
        self.derived_list = [(name, expr, tuple(sorted(expr.names)), rule.harledda[name]) for name, expr in rule.derived.items()]
        self.applicability = rule.applicability
        self.applicability_key = f"{rule.id}#tillamplig"
        # The derived values the applicability reads, with those they are computed from.
        self.applicability_derived = _closure(rule.derived, rule.applicability.names) if rule.applicability is not None else frozenset()
        self.reads = rule.reads
        self.vid_saknat = rule.vid_saknat
        m = rule.meddelande
        self.uppfylld, self.brist, self.sammanfattning, self.ej_tillamplig = m.uppfylld, m.brist, m.sammanfattning, m.ej_tillamplig
        self.slutsats = rule.slutsats


class _Check:
    __slots__ = ("rule", "item", "label", "values", "scope", "derived", "evidence", "missing", "memo", "error",
                 "applicable", "holds", "assumed")

    def __init__(self, rule: _Rule, item: Optional[Item], label: str, values: dict, scope: _Scope, derived: dict,
                 evidence: list[Fact], missing: list[str], memo: dict, assumed: list):
        self.rule = rule
        self.item = item
        self.label = label
        self.values = values
        self.scope = scope
        self.derived = derived  # name → Fact, the rule's harledda for this check
        self.evidence = evidence
        self.missing = missing  # facts the rule reads that the report lacks
        self.memo = memo  # derived values by their inputs, shared by the rule's checks
        self.error: Optional[str] = None
        self.applicable: object = True  # True, False, Undecided or an exception
        self.holds: object = None  # likewise, once applicability holds
        self.assumed = assumed  # the rule's fall-backs used: what each assumes

    def display(self, **extra: object) -> _Values:
        return _Values(extra, self.scope)

    @property
    def units(self) -> _Units:
        return _Units(self.scope)


_FRAN_TKR = attrgetter("fran_tkr")
_RANK = {u: i for i, u in enumerate(SEVERITY)}


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
        # What depends only on the catalogue, worked out once instead of for every report.
        plans = {r.id: _Rule(r, katalog) for r in katalog.rules}
        self._stages = [[plans[r.id] for r in stage] for stage in stages(katalog.rules)]
        self._concluding = [[p for p in stage if p.slutsats] for stage in self._stages]
        self._order = [r.id for r in sorted(katalog.rules, key=lambda r: (section_key(r.avsnitt), r.id))]
        # The parameters in force for a rule and a year, where no fact of the report chooses a step.
        self._in_force: dict[tuple[str, int], tuple] = {}
        # The catalogue, the compiled ruleset and the libraries behind them live as long as
        # the process: frozen, the cyclic collector stops rescanning them for every report.
        gc.freeze()

    def run(self, facts: Facts, identity: dict) -> Granskning:
        year = facts.scalars["rakenskapsar"].value
        concluded: dict[str, Fact] = {}
        findings: dict[str, Finding] = {}
        with self.engine.report():
            for stage, concluding in zip(self._stages, self._concluding):
                prepared: list[tuple[Finding, list[_Check]]] = []
                for rule in stage:
                    finding, checks = self._prepare(rule, facts, year, concluded)
                    findings[rule.id] = finding
                    if checks:
                        prepared.append((finding, checks))
                self._evaluate(prepared)
                for rule in concluding:
                    f = findings[rule.id]
                    if f.utfall in ("uppfylld", "avvikelse", "iakttagelse"):
                        concluded[rule.slutsats] = Fact(rule.slutsats, f.utfall != "uppfylld", "bool", f"slutsats av {rule.id}", f"{rule.id}: {f.utfall}")
        ordered = [findings[rule_id] for rule_id in self._order]
        link_defects(ordered)
        scalars = facts.scalars
        return Granskning(
            forbund=identity["forbund"],
            organisationsnummer=identity.get("organisationsnummer"),
            rakenskapsar=year,
            dokument=identity.get("dokument"),
            katalogversion=self.katalog.version,
            motor=self.engine.name,
            findings=ordered,
            scalars=scalars,
            fran_tkr=any(map(_FRAN_TKR, scalars.values())),
            mall=self.katalog.mall,
        )

    # --- preparing checks ---------------------------------------------------------

    def _prepare(self, rule: _Rule, facts: Facts, year: int, concluded: dict[str, Fact]) -> tuple[Finding, list[_Check]]:
        finding = Finding(rule.id, rule.titel, rule.avsnitt, rule.krav, rule.vid_brist, rule.kallor, "uppfylld", "", vikt=rule.vikt,
                          rekommendation=dict(rule.rekommendation) if rule.rekommendation is not None else None)
        if (rule.giltig_fran and year < rule.giltig_fran) or (rule.giltig_till and year > rule.giltig_till):
            finding.utfall = "ej_tillamplig"
            span = f"från {rule.giltig_fran}" if rule.giltig_fran and year < rule.giltig_fran else f"till och med {rule.giltig_till}"
            finding.meddelande = f"Regeln gäller {span}; räkenskapsåret är {year}."
            return finding, []
        param_facts: dict[str, Fact] = {}
        if rule.parametrar:
            params, param_facts, gap = self._parameters(rule, facts, year)
            finding.parametrar = list(params)
            if gap is not None:
                finding.utfall, finding.meddelande, finding.saknas = gap[0], gap[1], list(gap[2])
                return finding, []
        items: Optional[list[Item]] = None
        if rule.for_varje is not None:
            items = facts.collections.get(rule.for_varje)
            if not items:
                finding.utfall = "underlag_saknas"
                finding.saknas = [rule.for_varje]
                reason = self.katalog.fakta.samlingar[rule.for_varje].saknas or f"{rule.for_varje} saknas i underlaget"
                finding.meddelande = f"Underlag saknas: {reason}."
                return finding, []
        # The report's facts as this rule sees them: its parameters, then what earlier stages
        # concluded (as it stands now: later stages add to it), then the report's own.
        scalars = facts.scalars
        if param_facts or concluded:
            layers = tuple(layer for layer in (param_facts, dict(concluded)) if layer) + (scalars,)
            lookup = _Scope(layers).fact
            base = [(n, lookup(n)) for n in rule.needs]
        else:
            layers = (scalars,)
            get = scalars.get
            base = [(n, get(n)) for n in rule.needs]
        param_values = {n: f.value for n, f in param_facts.items()} if param_facts else None
        memo: dict = {}
        fill = bool(rule.reserv)
        with_derived = bool(rule.derived_list)
        belagg = rule.belagg
        checks = []
        for item in (items if items is not None else (None,)):
            values: dict[str, object] = {}  # by name: the facts found, as they are found
            evidence: list[Fact] = []
            missing: list[str] = []
            if item is None:
                for n, f in base:
                    if f is None:
                        missing.append(n)
                    else:
                        values[n] = f.value
                        evidence.append(f)
                own_layers = layers
            else:
                item_get = item.facts.get
                for n, f in base:
                    own = item_get(n)
                    if own is not None:
                        f = own
                    if f is None:
                        missing.append(n)
                    else:
                        values[n] = f.value
                        evidence.append(f)
                own_layers = (item.facts,) + layers
            # A rule without derived values never fills `derived`: those checks share one empty dict.
            derived: dict[str, Fact] = {} if with_derived else _NO_DERIVED
            assumed: list[str] = []
            if fill:
                filled: dict[str, Fact] = {}  # second-best facts standing in for missing ones
                own_layers = (filled,) + own_layers
                scope = _Scope((derived,) + own_layers if with_derived else own_layers)
                if missing:
                    assumed = _fall_back(rule, scope, missing, filled)
                    for n, f in filled.items():
                        values[n] = f.value
                        evidence.append(f)
            else:
                scope = _Scope((derived,) + own_layers if with_derived else own_layers)
            if belagg:
                evidence += [f for n in belagg if n not in values and (f := scope.fact(n)) is not None]
            if param_values is not None:
                values.update(param_values)
            checks.append(_Check(rule, item, item.label if item is not None else rule.titel, values, scope, derived,
                                 evidence, missing, memo, assumed))
        return finding, checks

    def _parameters(self, rule: _Rule, facts: Facts, year: int):
        """The parameters in force, as facts; or why the rule cannot be tried this year."""
        if not rule.basis:
            key = (rule.id, year)
            known = self._in_force.get(key)
            if known is None:
                known = self._in_force[key] = self._resolved(rule, facts, year)
            return known
        return self._resolved(rule, facts, year)

    def _resolved(self, rule: _Rule, facts: Facts, year: int):
        used, as_facts = [], {}
        for name in rule.parametrar:
            param = self.katalog.parameters[name]
            found = resolve(param, year_end(year), facts.value)
            if isinstance(found, NotResolved):
                return used, as_facts, (found.utfall, found.meddelande, tuple(found.saknas))
            value, start = found.value, found.start
            used.append(ParameterUsed(name, param.beskrivning, value, param.enhet, start, param.kalla.namn))
            as_facts[name] = Fact(name, value, param.enhet, param.beskrivning, kalla=param.kalla.namn)
        return used, as_facts, None

    def _derive(self, check: _Check, wanted: Optional[frozenset] = None) -> None:
        """The rule's derived values for one check (those in `wanted`, or all); items often share them.

        A value whose inputs are missing stays missing; one that cannot be computed is an error.
        """
        values, memo = check.values, check.memo
        for name, expr, names, text in check.rule.derived_list:
            if name in check.derived or (wanted is not None and name not in wanted):
                continue
            key = (name, tuple([values.get(n) for n in names]))
            derived = memo.get(key, _UNSEEN)
            if derived is _UNSEEN:
                try:
                    value = evaluate_value(expr, values)
                except MissingValue:
                    derived = None
                except EvaluationError as exc:
                    derived = exc
                else:
                    units = {f.enhet for n in expr.names if (f := check.scope.fact(n)) is not None}
                    unit = "kr" if "kr" in units else ("procent" if "procent" in units else "tal")
                    derived = Fact(name, round(value, 2) if isinstance(value, float) else value, unit, name, text)
                memo[key] = derived
            if derived is None:
                continue
            if isinstance(derived, Exception):
                check.error = f"härlett värde {name}: {derived}"
                return
            values[name] = derived.value
            check.derived[name] = derived
            check.evidence.append(derived)

    # --- evaluating --------------------------------------------------------------

    def _evaluate(self, prepared: list[tuple[Finding, list[_Check]]]) -> None:
        # Applicability first, with only the derived values it reads.
        batch, index = [], []
        for _, checks in prepared:
            rule = checks[0].rule
            if rule.applicability is None:
                continue
            key, wanted = rule.applicability_key, rule.applicability_derived
            for check in checks:
                if wanted:
                    self._derive(check, wanted)
                if not check.error:
                    batch.append((key, check.values))
                    index.append(check)
        if batch:
            for check, answer in zip(index, self.engine.evaluate(batch)):
                check.applicable = answer
        # Then the condition, where the rule applies.
        batch, index = [], []
        for _, checks in prepared:
            rule = checks[0].rule
            key, with_derived = rule.id, bool(rule.derived_list)
            for check in checks:
                if check.error or check.applicable is not True:
                    continue
                if with_derived:
                    self._derive(check)
                    if check.error:
                        continue
                batch.append((key, check.values))
                index.append(check)
        if batch:
            for check, answer in zip(index, self.engine.evaluate(batch)):
                check.holds = answer
        item_result = self._item_result
        for finding, checks in prepared:
            count = len(checks)
            _summarise(finding, [item_result(check, count) for check in checks], checks)

    def _reported(self, check: _Check, names) -> set[str]:
        """The missing names a reader can act on: a missing registry-derived fact stands for its missing inputs."""
        out = _base_names(check, names)
        register = self.katalog.fakta
        if register is None:
            return out
        present = lambda n: check.scope.fact(n) is not None  # noqa: E731
        return {m for n in out for m in register.inputs_missing(n, present)}

    def _item_result(self, check: _Check, count: int) -> ItemResult:
        rule, item = check.rule, check.item
        label, evidence, assumed = check.label, check.evidence, check.assumed
        kalla, provar = (item.kalla, item.provar) if item is not None else (None, None)
        # The texts are written when read (partial), most never are.
        applicable, holds = check.applicable, check.holds
        if check.error:
            return ItemResult(label, "fel", _failure(check, check.error), evidence, NEW, kalla, assumed, provar)
        if applicable is not True:
            if isinstance(applicable, Exception):
                return ItemResult(label, "fel", _failure(check, applicable), evidence, NEW, kalla, assumed, provar)
            if applicable is False:
                text = partial(_written, check, count, rule.ej_tillamplig or "Ej tillämplig.")
                return ItemResult(label, "ej_tillamplig", text, evidence, NEW, kalla, assumed, provar)
        if isinstance(holds, Exception):
            return ItemResult(label, "fel", _failure(check, holds), evidence, NEW, kalla, assumed, provar)
        if check.missing:
            absent = sorted(_base_names(check, rule.reads) & set(check.missing))
            if holds is not True and absent and (set(absent) <= set(rule.vid_saknat) or (holds is False and set(absent) & set(rule.vid_saknat))):
                # The absence is the finding: say so with the numbers that are there.
                first = rule.vid_saknat[next(n for n in absent if n in rule.vid_saknat)]
                return ItemResult(label, first.utfall, partial(_written, check, count, first.meddelande, True), evidence, NEW,
                                  kalla, assumed, provar)
        if isinstance(applicable, Undecided):
            return _undecided(check, self._reported(check, applicable.names), "om regeln är tillämplig", kalla, provar)
        if isinstance(holds, Undecided):
            return _undecided(check, self._reported(check, holds.names), None, kalla, provar)
        if holds:
            return ItemResult(label, "uppfylld", partial(_written, check, count, rule.uppfylld), evidence, NEW, kalla, assumed, provar)
        kort = partial(_written, check, count, rule.sammanfattning) if rule.sammanfattning else None
        return ItemResult(label, rule.vid_brist, partial(_written, check, count, rule.brist), evidence, NEW, kalla, assumed, provar,
                          NEW, kort)


_UNSEEN = object()
_NO_DERIVED: dict = {}  # the derived values of a check whose rule has none (never written to)


def _written(check: _Check, count: int, template: str, only_whole: bool = False) -> str:
    return fmt.render(template, check.display(post=check.label, antal=count), check.units, only_whole=only_whole)


def _fall_back(rule: _Rule, scope: _Scope, missing: list[str], found: dict[str, Fact]) -> list[str]:
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


def _closure(derived: dict, names) -> frozenset:
    """The derived values among `names`, with the derived values they are computed from."""
    wanted, todo = set(), [n for n in names if n in derived]
    while todo:
        name = todo.pop()
        if name not in wanted:
            wanted.add(name)
            todo.extend(n for n in derived[name].names if n in derived)
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


def _undecided(check: _Check, names: set[str], what: Optional[str], kalla: Optional[str], provar: Optional[str]) -> ItemResult:
    listed = sorted(names)
    about = f" {what}" if what else ""
    why = f": {check.item.skal}" if check.item is not None and check.item.skal else ""
    text = f"{check.label}: underlag saknas{about} ({', '.join(listed)}{why})."
    return ItemResult(check.label, "underlag_saknas", text, check.evidence, listed, kalla, check.assumed, provar)


def _failure(check: _Check, reason: object) -> str:
    """Why a check could not be tried; the report words the rest ("kunde inte prövas")."""
    return f"{check.label}: {reason}" if check.item is not None else str(reason)


def _summarise(finding: Finding, items: list[ItemResult], checks: list[_Check]) -> None:
    """The finding from its items, in one pass over them: the worst outcome, what is missing, the
    fall-backs and other documents its verdict rests on, the checks not performed."""
    finding.poster = items
    rank = _RANK
    worst, worst_rank = None, len(rank)
    saknas: set[str] = set()
    antaganden: dict[str, None] = {}
    dokument: set[str] = set()
    ej_provade: list[str] = []
    for i in items:
        utfall = i.utfall
        r = rank[utfall]
        if r < worst_rank:
            worst, worst_rank = utfall, r
        if i.saknas:
            saknas.update(i.saknas)
        if utfall == "fel":
            continue
        for a in i.antaganden:
            antaganden[a] = None
        for b in i.bevis:
            if b.dokument:
                dokument.update(b.dokument.split("; "))
        if utfall == "underlag_saknas":
            # A check that could not be performed is never a pass, and never hidden behind a brist either.
            ej_provade.append(i.meddelande)
    finding.utfall = worst
    finding.saknas = sorted(saknas)
    finding.antaganden = list(antaganden)
    finding.dokument = sorted(dokument)
    finding.ej_provade = ej_provade
    if worst == "fel":
        finding.fel = "; ".join(i.meddelande for i in items if i.utfall == "fel")
    finding.text = partial(_message, worst, ej_provade, finding.antaganden, items, checks)


def _message(utfall: str, ej_provade: list[str], antaganden: list[str], items: list[ItemResult], checks: list[_Check]) -> str:
    """A finding's message, written when it is first read (a genomlysning reads none)."""
    if len(items) == 1 and checks[0].rule.for_varje is None:
        text = items[0].meddelande
    elif utfall == "uppfylld":
        # One sentence for the whole collection, not one per item.
        first = checks[0]
        values = first.display(post=first.label, antal=len(items))
        text = fmt.render(first.rule.uppfylld, values, first.units)
    elif utfall == "ej_tillamplig":
        text = items[0].meddelande
    else:
        text = " ".join(i.meddelande for i in items if i.utfall == utfall)
        if utfall in ("avvikelse", "iakttagelse") and ej_provade:
            text += " Kunde inte prövas: " + " ".join(ej_provade)
    # Which second-best fact a verdict rests on is part of the verdict.
    return " ".join([text, *antaganden])
