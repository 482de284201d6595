"""Evaluate the catalogue against one report's facts: findings with their evidence.

The conditions run on the rule engine (checker.engine); the reference
evaluator computes the rules' derived values and stands in where the engine
cannot be imported. Missing data gives "underlag saknas", never a pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from . import format as fmt
from .catalogue import Katalog, Regel, stages
from .engine import make_evaluator
from .facts import Fact, Facts, Item
from .findings import Finding, Granskning, ItemResult, ParameterUsed, worst
from .reference import EvaluationError, evaluate_value

_COLLECTION_TEXT = {
    "insatser": "inga insatser redovisade",
    "individinsatser": "inga individinriktade insatser redovisade",
    "mal": "inga mål med både målvärde, utfall och förbundets bedömning",
    "fb_delar": "förvaltningsberättelsens delar är inte angivna",
    "noter": "inga noter med summor",
}


@dataclass
class _Check:
    rule: Regel
    item: Optional[Item]
    label: str
    values: dict
    units: dict
    evidence: list[Fact]
    missing: list[str]
    display: dict
    app_missing: list[str]
    error: Optional[str] = None


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

    def run(self, facts: Facts, identity: dict) -> Granskning:
        year = facts.scalars["rakenskapsar"].value
        concluded: dict[str, Fact] = {}
        findings: dict[str, Finding] = {}
        for stage in stages(self.katalog.rules):
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
        ordered = sorted(findings.values(), key=lambda f: (_section_key(f.avsnitt), f.id))
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
        )

    # --- preparing checks ---------------------------------------------------------

    def _prepare(self, rule: Regel, facts: Facts, year: int, concluded: dict[str, Fact]) -> tuple[Finding, list[_Check]]:
        finding = Finding(
            id=rule.id, titel=rule.titel, avsnitt=rule.avsnitt, krav=rule.krav, vid_brist=rule.vid_brist,
            kallor=[k.model_dump(exclude_none=True) for k in rule.kallor], utfall="uppfylld", meddelande="",
        )
        if (rule.giltig_fran and year < rule.giltig_fran) or (rule.giltig_till and year > rule.giltig_till):
            finding.utfall = "ej_tillamplig"
            span = f"från {rule.giltig_fran}" if rule.giltig_fran and year < rule.giltig_fran else f"till och med {rule.giltig_till}"
            finding.meddelande = f"Regeln gäller {span}; räkenskapsåret är {year}."
            return finding, []
        params, param_facts = self._parameters(rule, facts, year)
        finding.parametrar = params
        scalars = {**facts.scalars, **concluded}
        if rule.for_varje is None:
            items: list[Optional[Item]] = [None]
        else:
            items = list(facts.collections.get(rule.for_varje, []))
            if not items:
                finding.utfall = "underlag_saknas"
                finding.saknas = [rule.for_varje]
                reason = _COLLECTION_TEXT.get(rule.for_varje, f"{rule.for_varje} saknas i underlaget")
                finding.meddelande = f"Underlag saknas: {reason}."
                return finding, []
        checks = []
        for item in items:
            available = {**scalars, **(item.facts if item else {}), **param_facts}
            missing = sorted(n for n in rule.needs if n not in available)
            values = {n: available[n].value for n in rule.needs if n in available}
            values.update({n: f.value for n, f in param_facts.items()})
            units = {n: f.enhet for n, f in available.items()}
            evidence = [available[n] for n in sorted(rule.needs) if n in available and n not in param_facts]
            display = {n: f.value for n, f in available.items()}
            app_missing = sorted(n for n in rule.applicability_needs if n not in available)
            check = _Check(rule, item, item.label if item else rule.titel, values, units, evidence, missing, display, app_missing)
            if not missing:
                self._derive(check)
            checks.append(check)
        return finding, checks

    def _parameters(self, rule: Regel, facts: Facts, year: int) -> tuple[list[ParameterUsed], dict[str, Fact]]:
        used, as_facts = [], {}
        for name in rule.parametrar:
            param = self.katalog.parameters[name]
            found = param.in_force(year)
            if found is None:
                continue
            start, pv = found
            value = pv.varde
            if pv.trappa is not None:
                basis = facts.value(param.trappa_efter) if param.trappa_efter else None
                steps = [s for s in pv.trappa if basis is not None and basis >= s.fran]
                if not steps:
                    continue
                value = steps[-1].varde
            used.append(ParameterUsed(name, param.beskrivning, value, param.enhet, start, param.kalla.namn))
            as_facts[name] = Fact(name, value, param.enhet, param.beskrivning, kalla=param.kalla.namn)
        return used, as_facts

    def _derive(self, check: _Check) -> None:
        for name, expr in check.rule.derived.items():
            try:
                value = evaluate_value(expr, check.values)
            except (EvaluationError, KeyError) as exc:
                check.error = f"härlett värde {name}: {exc}"
                return
            if isinstance(value, float):
                value = round(value, 2)
            check.values[name] = value
            check.display[name] = value
            units = {check.units.get(n) for n in expr.names}
            check.units[name] = "kr" if "kr" in units else ("procent" if "procent" in units else "tal")
            check.evidence.append(Fact(name, value, check.units[name], name, str(expr)))

    # --- evaluating --------------------------------------------------------------

    def _evaluate(self, checks: list[_Check], findings: dict[str, Finding]) -> None:
        batch, index = [], []
        for i, check in enumerate(checks):
            if check.error:
                continue
            # Applicability is decided first: a rule that does not apply needs none of its facts.
            if check.rule.applicability is not None and not check.app_missing:
                batch.append((f"{check.rule.id}#tillamplig", check.values))
                index.append((i, "tillamplig"))
            if not check.missing:
                batch.append((check.rule.id, check.values))
                index.append((i, "villkor"))
        results = self.engine.evaluate(batch) if batch else []
        answers: dict[tuple[int, str], object] = {key: res for key, res in zip(index, results)}
        counts: dict[str, int] = {}
        for check in checks:
            counts[check.rule.id] = counts.get(check.rule.id, 0) + 1
        for check in checks:
            check.display.setdefault("antal", counts[check.rule.id])
        by_rule: dict[str, list[ItemResult]] = {}
        for i, check in enumerate(checks):
            by_rule.setdefault(check.rule.id, []).append(self._item_result(check, answers.get((i, "tillamplig")), answers.get((i, "villkor"))))
        for rule_id, results_ in by_rule.items():
            _summarise(findings[rule_id], results_, [c for c in checks if c.rule.id == rule_id])

    def _item_result(self, check: _Check, applicable: object, holds: object) -> ItemResult:
        rule = check.rule
        base = dict(bevis=check.evidence, kalla=check.item.kalla if check.item else None)
        values = {**check.display, "post": check.label}
        units = check.units
        if check.error:
            return ItemResult(check.label, "fel", f"{check.label}: regeln kunde inte prövas: {check.error}", **base)
        if rule.applicability is not None:
            if isinstance(applicable, Exception):
                return ItemResult(check.label, "fel", f"{check.label}: regeln kunde inte prövas: {applicable}", **base)
            if applicable is False:
                text = fmt.render(rule.meddelande.ej_tillamplig or "Ej tillämplig.", values, units)
                return ItemResult(check.label, "ej_tillamplig", text, **base)
        if check.missing and set(check.missing) <= set(rule.vid_saknat):
            # The absence is the finding: say so with the numbers that are there.
            first = rule.vid_saknat[check.missing[0]]
            values = {**check.display, "post": check.label}
            return ItemResult(check.label, first.utfall, fmt.render(first.meddelande, values, check.units), **base)
        if check.missing:
            names = ", ".join(check.missing)
            return ItemResult(check.label, "underlag_saknas", f"{check.label}: underlag saknas ({names}).", saknas=check.missing, **base)
        if isinstance(holds, Exception):
            return ItemResult(check.label, "fel", f"{check.label}: regeln kunde inte prövas: {holds}", **base)
        if holds:
            return ItemResult(check.label, "uppfylld", fmt.render(rule.meddelande.uppfylld, values, units), **base)
        return ItemResult(check.label, rule.vid_brist, fmt.render(rule.meddelande.brist, values, units), **base)


def _summarise(finding: Finding, items: list[ItemResult], checks: list[_Check]) -> None:
    finding.poster = items
    finding.utfall = worst([i.utfall for i in items])
    finding.saknas = sorted({n for i in items for n in i.saknas})
    if finding.utfall == "fel":
        finding.fel = "; ".join(i.meddelande for i in items if i.utfall == "fel")
    if len(items) == 1 and checks[0].rule.for_varje is None:
        finding.meddelande = items[0].meddelande
        return
    if finding.utfall == "uppfylld":
        # One sentence for the whole collection, not one per item.
        first = checks[0]
        values = {**first.display, "post": first.label, "antal": len(items)}
        finding.meddelande = fmt.render(first.rule.meddelande.uppfylld, values, first.units)
        return
    if finding.utfall == "ej_tillamplig":
        finding.meddelande = items[0].meddelande
        return
    finding.meddelande = " ".join(i.meddelande for i in items if i.utfall == finding.utfall)


def _section_key(section: str) -> tuple[int, ...]:
    return tuple(int(p) for p in section.split("."))
