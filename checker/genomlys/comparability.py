"""What stands between today's reports and comparable ones.

For every report: the key figures it cannot give and the facts they lack, the
förvaltningsberättelse's headings it lacks, what its flerårsöversikt covers,
whether it states its key figures and an administration target, and whether
it gives amounts in tkr. Then, over all reports, what a common template would
have to require.
"""

from __future__ import annotations

from collections import Counter
from typing import Optional

from .collect import Forbund, Summary
from .keyfigures import KEY_FIGURES
from .trends import TREND_FIGURES, Trend

STATED = {
    "ek_andel_av_medlemsbidrag": "eget kapital i procent av medlemsbidraget",
    "soliditet": "soliditet",
    "administrationsandel": "administrationens andel",
    "stegforflyttning": "stegförflyttning",
}
OVERVIEW_FIGURES = [f for f in TREND_FIGURES if f[0] not in ("ek_andel", "adm_andel")]
MIN_OVERVIEW_YEARS = 5


def fb_parts(forbund: list[Forbund]) -> dict[str, str]:
    """The förvaltningsberättelse's required parts over all reports (field → heading), as the parameter fb_delar gives them."""
    out: dict[str, str] = {}
    for f in forbund:
        for s in f.rapporter:
            for key, title in s.fb_rubriker.items():
                out.setdefault(key, title)
    return out


def _report_row(f: Forbund, s: Summary, parts: dict[str, str]) -> dict:
    missing_kf = [kf.id for kf in KEY_FIGURES if s.nyckeltal[kf.id].missing]
    missing_facts = sorted({n for kf in KEY_FIGURES for n in s.nyckeltal[kf.id].saknas})
    if s.fb_delar is None:
        fb_missing: Optional[list[str]] = None
    else:
        fb_missing = [k for k in parts if s.fb_delar.get(k) is False]
    fb_unknown = [] if s.fb_delar is None else [k for k in parts if s.fb_delar.get(k) is None]
    years = sorted(s.oversikt)
    # What the översikt itself prints; the shares computed from it are not counted.
    given = sorted({name for fig in s.oversikt.values() for name in fig if name not in ("ek_andel", "adm_andel")},
                   key=[t[0] for t in TREND_FIGURES].index)
    return {
        "forbund": f.kortnamn,
        "forbund_id": f.id,
        "ar": s.ar,
        "fil": s.fil,
        "nyckeltal_saknas": missing_kf,
        "fakta_saknas": missing_facts,
        "fb_rubriker_saknas": fb_missing,
        "fb_rubriker_ej_angivna": fb_unknown,
        "delar_saknas": list(s.delar_saknas),
        "oversikt_ar": years,
        "oversikt_figurer": given,
        "angivna_nyckeltal": [k for k in STATED if k in s.angivna],
        "administrationsmal": s.adm_mal is not None,
        "tkr": list(s.tkr_delar),
    }


def analyse(forbund: list[Forbund], trends: dict[str, Trend]) -> dict:
    parts = fb_parts(forbund)
    rows = [_report_row(f, s, parts) for f in forbund for s in f.rapporter]
    labels = {n: t for f in forbund for s in f.rapporter for c in s.nyckeltal.values() for n, t in c.etiketter.items()}
    n = len(rows)
    names = {id(r): f"{r['forbund']} {r['ar']}" for r in rows}

    def who(pred) -> list[str]:
        return [names[id(r)] for r in rows if pred(r)]

    key_figures = []
    for kf in KEY_FIGURES:
        lacking = who(lambda r, k=kf.id: k in r["nyckeltal_saknas"])
        facts = Counter(n_ for f in forbund for s in f.rapporter for n_ in s.nyckeltal[kf.id].saknas)
        key_figures.append({"id": kf.id, "rubrik": kf.label, "saknas_i": lacking, "fakta": dict(sorted(facts.items()))})

    headings = []
    for key, title in parts.items():
        headings.append({
            "id": key,
            "rubrik": title,
            "saknas_i": who(lambda r, k=key: r["fb_rubriker_saknas"] is not None and k in r["fb_rubriker_saknas"]),
            "ej_angivet_i": who(lambda r, k=key: r["fb_rubriker_saknas"] is None or k in r["fb_rubriker_ej_angivna"]),
        })

    overview = []
    for fid, title, _ in OVERVIEW_FIGURES:
        overview.append({"id": fid, "rubrik": title, "ges_i": who(lambda r, k=fid: k in r["oversikt_figurer"])})

    per_forbund = []
    for f in forbund:
        t = trends[f.id]
        per_forbund.append({
            "forbund": f.kortnamn,
            "forbund_id": f.id,
            "namn_i_rapporterna": f.namn_i_rapporterna,
            "organisationsnummer": f.organisationsnummer,
            "utan_organisationsnummer": [s.fil for s in f.rapporter if not s.organisationsnummer],
            "motstridiga_uppgifter": len(t.conflicts),
        })

    return {
        "antal_rapporter": n,
        "rapporter": rows,
        "nyckeltal": key_figures,
        "fb_rubriker": headings,
        "oversikt": overview,
        "forbund": per_forbund,
        "krav": requirements(rows, key_figures, headings, overview, per_forbund, labels),
    }


def _list(items: list[str], limit: int = 6) -> str:
    if len(items) <= limit:
        return ", ".join(items)
    return ", ".join(items[:limit]) + f" m.fl. ({len(items)} st.)"


def requirements(rows, key_figures, headings, overview, per_forbund, labels: dict[str, str]) -> list[str]:
    """What a common template must ask of every report, from what is missing today."""
    n = len(rows)
    out: list[str] = []
    facts = Counter()
    lacking_by_fact: dict[str, set[str]] = {}
    for r in rows:
        for name in r["fakta_saknas"]:
            facts[name] += 1
            lacking_by_fact.setdefault(name, set()).add(f"{r['forbund']} {r['ar']}")
    for name, count in sorted(facts.items(), key=lambda kv: (-kv[1], kv[0])):
        used_by = [kf["rubrik"].lower() for kf in key_figures if name in kf["fakta"]]
        out.append(
            f"Redovisa {labels.get(name, name)} – saknas i {count} av {n} rapporter "
            f"({_list(sorted(lacking_by_fact[name]))}); behövs för {', '.join(used_by)}."
        )
    for h in headings:
        if h["saknas_i"]:
            out.append(f"Ha rubriken \"{h['rubrik']}\" i förvaltningsberättelsen – saknas i {_list(h['saknas_i'])}.")
    undescribed = [f"{r['forbund']} {r['ar']}" for r in rows if r["fb_rubriker_saknas"] is None]
    if undescribed:
        out.append(f"Förvaltningsberättelsens delar är inte beskrivna i underlaget för {_list(undescribed)}.")
    short = [f"{r['forbund']} {r['ar']}" for r in rows if len(r["oversikt_ar"]) < MIN_OVERVIEW_YEARS]
    if short:
        out.append(f"Ge en flerårsöversikt över minst {MIN_OVERVIEW_YEARS} år – kortare eller ingen i {_list(short)}.")
    for o in overview:
        if len(o["ges_i"]) < n and o["id"] in ("medlemsbidrag", "eget_kapital", "kostnader", "administration", "deltagare"):
            out.append(f"Ta med {o['rubrik'].lower()} i flerårsöversikten – ges i {len(o['ges_i'])} av {n} rapporter.")
    tkr = [f"{r['forbund']} {r['ar']}" for r in rows if r["tkr"]]
    if tkr:
        out.append(f"Ange belopp i kronor, inte tkr, så att avstämningar går på kronan – tkr förekommer i {_list(tkr)}.")
    no_target = [f"{r['forbund']} {r['ar']}" for r in rows if not r["administrationsmal"]]
    if no_target:
        out.append(f"Ange ett mål för administrationens andel av kostnaderna – saknas i {_list(no_target)}.")
    for key, label in STATED.items():
        missing = [f"{r['forbund']} {r['ar']}" for r in rows if key not in r["angivna_nyckeltal"]]
        if missing and key != "stegforflyttning":
            out.append(f"Ange nyckeltalet {label} som procentsats i texten – anges inte i {_list(missing)}.")
    for f in per_forbund:
        if len(f["namn_i_rapporterna"]) > 1:
            out.append(f"Använd ett och samma namn: {f['forbund']} heter " + " / ".join(f"\"{x}\"" for x in f["namn_i_rapporterna"]) + " i rapporterna.")
        if f["utan_organisationsnummer"]:
            out.append(f"Ange organisationsnumret i årsredovisningen – saknas för {f['forbund']} i {_list(f['utan_organisationsnummer'])}.")
        if f["motstridiga_uppgifter"]:
            out.append(f"{f['forbund']}: {f['motstridiga_uppgifter']} uppgifter skiljer sig mellan årsredovisningarna för samma år (se utvecklingen över åren).")
    return out
