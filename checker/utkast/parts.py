"""The parts outside the statements: identity, members, the förvaltningsberättelse's
headings, the key figures its text states, the balanskrav table, the driftredovisning."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from . import aliases
from .numbers import best_readings, count_range, readings as readings_of, split_line
from .source import Line
from .table import Row, is_footer, read_rows, where
from .text import fold, ocr_pattern, unit_heading


@dataclass
class Found:
    value: object
    lines: list[Line]
    why: list[str] = field(default_factory=list)

    def where(self) -> str:
        return where(self.lines)


class Joined:
    """Lines joined into one text (hyphenation undone), each character knowing its line."""

    def __init__(self, lines: list[Line]):
        parts, owners = [], []
        for line in lines:
            t = line.text.strip()
            if not t:
                t = "\n"
            if parts and parts[-1].endswith("-") and t[:1].islower():
                parts[-1] = parts[-1][:-1]
                owners[-1] = owners[-1][:-1]
            elif parts:
                parts.append(" ")
                owners.append([owners[-1][-1] if owners[-1] else line])
            parts.append(t)
            owners.append([line] * len(t))
        self.text = "".join(parts)
        self.owner = [o for chunk in owners for o in chunk]

    def lines_of(self, start: int, end: int) -> list[Line]:
        seen, out = set(), []
        for line in self.owner[start:end]:
            if id(line) not in seen:
                seen.add(id(line))
                out.append(line)
        return out


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


_NAME = ocr_pattern(r"\b(Samordningsförbundet|Samordningsförbund|FINSAM|Finsam|Finsamförbundet)\s+((?:i\s+)?[A-ZÅÄÖ][\wåäöé-]+(?:\s+och\s+[A-ZÅÄÖ][\wåäöé-]+)?)")
_NOT_NAME = {"Årsredovisning", "Sverige", "Förbundet", "Lag", "Samordningsförbund"}


def identity(report: list[Line], everything: list[Line]) -> dict[str, Found]:
    out: dict[str, Found] = {}
    names: Counter = Counter()
    where_name: dict[str, list[Line]] = {}
    for line in report:
        for m in _NAME.finditer(line.text):
            if m.group(2).split()[0] in _NOT_NAME:
                continue
            name = f"{m.group(1)} {m.group(2)}"
            names[name] += 1
            where_name.setdefault(name, []).append(line)
    if names:
        name, _ = sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        out["namn"] = Found(name, where_name[name][:1])
    words = set(out["namn"].value.split()[1:]) - {"och", "i"} if "namn" in out else set()
    for scope in (report, everything):
        for i, line in enumerate(scope):
            for m in re.finditer(r"(?<!\d)(\d{6})\s?[-–]\s?(\d{4})(?!\d)", line.text):
                digits = m.group(1) + m.group(2)
                if not _luhn(digits) or not m.group(1).startswith(("2", "8")):
                    continue
                near = " ".join(l.text for l in scope[max(0, i - 2) : i + 3])
                if scope is everything and words and not any(w in near for w in words):
                    continue
                out["organisationsnummer"] = Found(f"{m.group(1)}-{m.group(2)}", [line])
                break
            if "organisationsnummer" in out:
                break
        if "organisationsnummer" in out:
            break
    lan: Counter = Counter()
    where_lan: dict[str, Line] = {}
    for line in report:
        for m in _LAN.finditer(line.text):
            lan[m.group(1)] += 1
            where_lan.setdefault(m.group(1), line)
    if lan:
        best = sorted(lan.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        out["lan"] = Found(best, [where_lan[best]])
    return out


_LAN = ocr_pattern(r"\b([A-ZÅÄÖ][a-zåäö]+ län)\b")
_YEAR_TITLE = ocr_pattern(r"(?:Å|å)rsredovisning(?:en)?\s+(?:för\s+)?((?:19|20)\d{2})")
_BK_START = ocr_pattern(r"^\s*(?:å|Å)rets resultat enligt resultaträkningen", re.I)


def report_year(report: list[Line]) -> int | None:
    years: Counter = Counter()
    for line in report:
        for m in _YEAR_TITLE.finditer(line.text):
            years[int(m.group(1))] += 1
    return years.most_common(1)[0][0] if years else None


# --- members and medlemsbidrag ------------------------------------------------


def members(report: list[Line], note_rows: list[tuple[Row, int | None]]) -> tuple[list[dict], dict | None]:
    """Members from the intäkter note's rows (who paid) and the text (who is a member)."""
    kinds = aliases.table()["medlemmar"]
    result: list[dict] = []
    groups: dict[str, list[tuple[int, Row]]] = {"staten": [], "region": [], "kommunerna": []}
    joined = Joined(report[:400])
    text = fold(joined.text)
    mention: dict[str, Line] = {}
    for agency in ("forsakringskassan", "arbetsformedlingen"):
        for name in kinds[agency]:
            m = re.search(rf"\b{name}\b", text)
            if m:
                hit = next((l for l in report[:400] if re.search(rf"\b{name}\b", fold(l.text))), None)
                if hit is not None:
                    mention[agency] = hit
                    break
    if "forsakringskassan" in mention:
        result.append({"namn": "Försäkringskassan", "typ": "forsakringskassan", "lines": [mention["forsakringskassan"]]})
    if "arbetsformedlingen" in mention:
        result.append({"namn": "Arbetsförmedlingen", "typ": "arbetsformedlingen", "lines": [mention["arbetsformedlingen"]]})
    for row, value in note_rows:
        if value is None or value < 0:
            continue  # a medlemsbidrag is never negative: such a row is something else
        label = fold(row.label)
        name = re.sub(r"^(?:driftbidrag|medlemsbidrag|bidrag|medlemsavgift)\s+(?:fran\s+)?", "", label)
        printed = _printed_tail(row.label) or row.label.strip()
        if any(re.search(rf"\b{w}\b", label) for w in kinds["staten"]) and "kommun" not in label:
            groups["staten"].append((value, row))
        elif re.search(r"\bregion|\blandsting", label):
            groups["region"].append((value, row))
            result.append({"namn": printed, "typ": "region", "medlemsbidrag": value, "lines": row.lines})
        elif re.search(r"\bkommun\b", label) and name:
            groups["kommunerna"].append((value, row))
            result.append({"namn": printed, "typ": "kommun", "medlemsbidrag": value, "lines": row.lines})
    if not any(groups.values()):
        return result, None
    contrib: dict = {}
    lines: list[Line] = []
    for group, items in groups.items():
        if items:
            contrib[group] = sum(v for v, _ in items)
            for _, r in items:
                lines.extend(r.lines)
    if all(groups.values()):
        contrib["totalt"] = sum(contrib[g] for g in groups)
    contrib["lines"] = sorted(set(lines), key=lambda l: ((l.page or 0), l.number))
    return result, contrib


def _printed_tail(label: str) -> str:
    m = ocr_pattern(r"^(?:Driftbidrag|Medlemsbidrag|Bidrag|Medlemsavgift)\s+(?:från\s+)?(.*)$", re.I).match(label)
    return (m.group(1) if m else label).strip()


# --- förvaltningsberättelse ---------------------------------------------------


def fb_parts(report: list[Line]) -> dict[str, Found | None]:
    out: dict[str, Found | None] = {}
    for key, names in aliases.table()["fb_delar"].items():
        hit = None
        for line in report:
            if len(line.text) > 90 or not line.text.strip():
                continue
            folded = fold(line.text)
            if any(folded.startswith(n) for n in names):
                hit = line
                break
        out[key] = Found(True, [hit]) if hit else None
    return out


# --- key figures the text states ------------------------------------------------

_PCT = r"(?<![\d,])(\d{1,3}(?:,\d+)?\s?(?:%|procent))"
_LIMIT = ocr_pattern(r"(understig|överstig|rekommender|tak|högst|max|inte överstiga|mål)\w*\s*(om\s+)?$", re.I)


def key_figures(report: list[Line]) -> dict[str, Found]:
    joined = Joined(report)
    text = joined.text
    out: dict[str, Found] = {}
    ek = ocr_pattern(r"(?:eget|egna)\s+kapital\w*[^.%\n]{0,120}?" + _PCT + r"\s+(?:av\s+)?(?:[\wåäö]+\s+){0,4}?(?:medlemsbidrag|medelstilldelning|tilldelning|medlemstilldelning)\w*", re.I)
    for m in ek.finditer(text):
        before = text[max(0, m.start(1) - 30) : m.start(1)]
        if _LIMIT.search(before):
            continue
        out["ek_andel_av_medlemsbidrag"] = Found(m.group(1), joined.lines_of(m.start(1), m.end(1)))
        break
    sol = ocr_pattern(r"\bsoliditet(?:en)?\s+(?:(?:är|var|uppgår till|uppgick till)\s+)?(-?\d[\d ]{0,8}(?:,\d+)?(?:\s?%)?)", re.I)
    for m in sol.finditer(text):
        value = m.group(1).strip()
        # "Soliditet 1 305 1 871 …" (a table row): the first amount only, as printed
        if "%" not in value:
            nl = split_line("x " + value)
            if nl.items and nl.items[0].tokens:
                toks = nl.items[0].tokens
                value = toks[0] + ("" if len(toks) < 2 or len(toks[1]) != 3 else " " + toks[1])
        out["soliditet"] = Found(value, joined.lines_of(m.start(1), m.end(1)))
        break
    adm = [
        re.compile(r"\badministration\b[^.%\n]{0,60}?" + _PCT, re.I),
        ocr_pattern(_PCT + r"\s+av\s+(?:[\wåäö]+\s+){0,3}?kostnader\w*\s+(?:utgörs|består)\s+av\s+administration", re.I),
    ]
    for pat in adm:
        for m in pat.finditer(text):
            before = text[max(0, m.start(1) - 30) : m.start(1)]
            if _LIMIT.search(before):
                continue
            out["administrationsandel"] = Found(m.group(1), joined.lines_of(m.start(1), m.end(1)))
            break
        if "administrationsandel" in out:
            break
    steg = ocr_pattern(_PCT + r"\s+av\s+(?:[\wåäö]+\s+){0,8}?deltagar\w*[^.%]{0,80}?stegförflyttning", re.I)
    for m in steg.finditer(text):
        out["stegforflyttning"] = Found(m.group(1), joined.lines_of(m.start(1), m.end(1)))
        break
    return out


# --- balanskrav -----------------------------------------------------------------


def balanskrav(report: list[Line]) -> dict | None:
    start = None
    for i, line in enumerate(report):
        if _BK_START.match(line.text):
            start = i
    if start is None:
        return None
    out: dict = {"justeringar": [], "lines": []}
    for line in report[start : start + 30]:
        if not line.text.strip():
            continue
        nl = split_line(line.text)
        if not nl.label or not nl.items:
            if out.get("balanskravsresultat") is not None:
                break
            continue
        reading = best_readings(nl, 1)
        if not reading:
            continue
        value = reading[0].values[0]
        value = 0 if value is None else value
        label = nl.label.rstrip("* ")
        out["lines"].append(line)
        folded = fold(label)
        if folded.startswith("arets resultat"):
            out["arets_resultat"] = value
        elif folded.startswith("balanskravsresultat"):
            out["balanskravsresultat"] = value
            end = report.index(line)
            out["end"] = end
            break
        else:
            out["justeringar"].append({"rad": label, "belopp": value})
    if "end" in out:
        # the paragraph that gives the synnerliga skäl, whole (it may cite "prop. 1996/97:52 s. 38")
        tail = report[out["end"] + 1 : out["end"] + 16]
        skal = ocr_pattern(r"synnerliga\s+skäl", re.I)
        hit = next((k for k, l in enumerate(tail) if skal.search(l.text) or (k + 1 < len(tail) and skal.search(l.text + " " + tail[k + 1].text))), None)
        if hit is not None:
            a = hit
            while a > 0 and tail[a - 1].text.strip():
                a -= 1
            b = hit
            while b + 1 < len(tail) and tail[b + 1].text.strip():
                b += 1
            para = tail[a : b + 1]
            out["synnerliga_skal"] = re.sub(r"\s+", " ", Joined(para).text).strip(" *\n")
            out["lines"].extend(para)
    return out


# --- driftredovisning -------------------------------------------------------------

# Column layouts seen in print: (count, index of utfall, budget, avvikelse)
_LAYOUTS = {8: (2, 3, 4), 7: (2, 3, 4), 5: (0, 1, 2), 4: (0, 1, 2), 3: (0, 1, 2)}
_SKIP = ("utgaende eget kapital", "likvida medel", "belopp", "utfall", "budget", "avvikelse", "intakt kostnad")


def driftredovisning(lines: list[Line], arets_resultat: int | None = None) -> dict | None:
    body = [l for l in lines[1:] if not is_footer(l.text)]
    best = None
    for n in sorted(_LAYOUTS, reverse=True):
        rows = read_rows(body, n)
        good = 0
        for r in rows:
            merged = _merged(r)
            lo, hi = count_range(merged)
            if lo <= n <= hi and any(rd.penalty == 0 for rd in readings_of(merged, n)):
                good += 1
        if good >= 2 and (best is None or good > best[0]):
            best = (good, n, rows)
    if best is None:
        return None
    _, n, rows = best
    iu, ib, ia = _LAYOUTS[n]
    out: dict = {"poster": [], "tkr": any("tkr" in fold(l.text).split() for l in lines), "count": n, "unit_why": None}
    # The unit heading kept as printed: the catalogue tests it against the amounts.
    out["enhetsrubrik"] = next(((h, l) for l in lines if (h := unit_heading(l.text))), None)
    for row in rows:
        folded = fold(row.label)
        if not folded or any(folded.startswith(s) for s in _SKIP):
            continue
        readings = sorted(readings_of(_merged(row), n), key=lambda r: (r.penalty, -_relations(r.values, n)))
        if not readings:
            continue
        top = (readings[0].penalty, _relations(readings[0].values, n))
        readings = [r for r in readings if (r.penalty, _relations(r.values, n)) == top] + [r for r in readings if (r.penalty, _relations(r.values, n)) != top]
        vals = readings[0].values
        post = {
            "rad": re.sub(r"\s+", " ", row.label).strip(),
            "utfall": vals[iu], "budget": vals[ib], "avvikelse": vals[ia],
            "lines": row.lines, "why": list(row.why),
            "dash": [k for k, v in (("utfall", vals[iu]), ("budget", vals[ib]), ("avvikelse", vals[ia])) if v is None],
            "values": vals,
        }
        if n >= 7:
            # Intäkt and Kostnad columns: a row with only one of them tells which kind of row it is ("-" is none)
            inc, cost = (abs(vals[0] or 0), abs(vals[1] or 0))
            post["slag"] = "kostnad" if cost and not inc else "intakt" if inc and not cost else None
        close = [r for r in readings if (r.penalty, _relations(r.values, n)) == top]
        if len(close) > 1:
            post["why"].append(f"valt bland {len(close)} läsningar av siffrorna")
        if folded.startswith(("summa intakter", "medlemsavgift intakter", "intakter totalt", "summa verksamhetens intakter")):
            out["summa_intakter"] = post
        elif folded.startswith(("summa kostnader", "nettokostnad", "kostnader totalt")):
            out["summa_kostnader"] = post
        elif folded in ("resultat", "summa", "arets resultat", "resultat totalt"):
            post["summa"] = True
            out["resultat"] = post
        else:
            out["poster"].append(post)
    res = out.get("resultat")
    if res and n >= 7 and res.get("values") and not ("summa_intakter" in out or "summa_kostnader" in out):
        # the result row's own Intäkt and Kostnad columns are the totals (no rows of their own)
        v = res["values"]
        if v[0] is not None:
            out["summa_intakter"] = {"rad": f"{res['rad']} (kolumn Intäkt)", "utfall": v[0], "budget": None, "avvikelse": None,
                                     "lines": res["lines"], "why": list(res["why"]), "summa": True, "only": ["utfall"]}
        if v[1] is not None:
            out["summa_kostnader"] = {"rad": f"{res['rad']} (kolumn Kostnad)", "utfall": v[1], "budget": None, "avvikelse": None,
                                      "lines": res["lines"], "why": list(res["why"]), "summa": True, "only": ["utfall"]}
    result = out.get("resultat", {}).get("utfall")
    if arets_resultat is not None and result is not None:
        # The unit by arithmetic: the table's result is the resultaträkning's, in kr or in tkr.
        if abs(result - arets_resultat) <= 1:
            out["unit_why"] = None if not out["tkr"] else "tabellen säger tkr men resultatet är årets resultat i kronor"
            out["tkr"] = False
        elif abs(result * 1000 - arets_resultat) <= 1000:
            out["tkr"] = True
    return out


def _relations(values, n: int) -> int:
    """How many of the table's own sums hold: intäkt − kostnad = netto, netto − budget = avvikelse."""
    v = [0 if x is None else x for x in values]

    def rel(a: int, b: int, c: int) -> bool:
        return abs(abs(v[a] - v[b]) - abs(v[c])) <= 1 or abs(abs(v[a]) + abs(v[b]) - abs(v[c])) <= 1 and (v[a] == 0 or v[b] == 0)

    if n >= 8:
        return rel(0, 1, 2) + rel(2, 3, 4) + rel(5, 6, 7)
    if n >= 3:
        return int(rel(0, 1, 2))
    return 0


def _merged(row: Row):
    from .table import _merge

    return _merge(row.numeric)


# --- redovisningsprinciper, administration, uppföljning ----------------------------


def principles(notes, everything: list[Line]) -> Found | None:
    """The redovisningsprinciper's text: note 1 when it is about them, else the section so headed."""
    for note in notes:
        if "principer" in fold(note.rubrik) and not note.table:
            body = [l for l in note.lines[1:] if l.text.strip()]
            if body:
                return Found(re.sub(r"\s+", " ", Joined(body).text).strip(), body)
    for i, line in enumerate(everything):
        if len(line.text) < 60 and fold(line.text) in ("redovisningsprinciper", "redovisnings och vardering sprinciper"):
            body = []
            for l in everything[i + 1 : i + 15]:
                if not l.text.strip():
                    if body:
                        break
                    continue
                body.append(l)
            if body:
                return Found(re.sub(r"\s+", " ", Joined(body).text).strip(), body)
    return None


def administration(notes) -> dict | None:
    """The costs note's printed administration subtotal, and the rows it sums."""
    names = aliases.table()["administration"]
    for note in notes:
        if not note.table:
            continue
        t = note.table
        for i, (row, key) in enumerate(zip(t.rows, t.keys)):
            if any(fold(row.label).startswith(n) for n in names) and row.values and row.values[0] is not None:
                parts = [t.rows[p] for p in t.sums.get(i, [])]
                return {"administration": row.values[0], "poster": [(p.label, p.values[0], p.where()) for p in parts if p.values and p.values[0] is not None],
                        "lines": row.lines, "note": note.nummer}
    return None


_ADM_GOAL = ocr_pattern(r"administrat\w*\s+kostnader\w*\s+(?:ska|får)\s+(?:inte\s+överstiga|högst\s+vara|uppgå\s+till\s+högst)\s+(\d{1,2}(?:,\d+)?)\s?(?:%|procent)", re.I)


def administration_goal(report: list[Line]) -> Found | None:
    joined = Joined(report)
    m = _ADM_GOAL.search(joined.text)
    if not m:
        return None
    return Found(m.group(1).replace(",", "."), joined.lines_of(m.start(), m.end()))


def follow_up_systems(report: list[Line]) -> list[Found]:
    out = []
    for name, words in aliases.table()["uppfoljningssystem"].items():
        for line in report:
            folded = f" {fold(line.text)} "
            if any(f" {w} " in folded for w in words):
                out.append(Found(name, [line]))
                break
    return out


# --- insatser -----------------------------------------------------------------------

_OWNER = ocr_pattern(r"^\s*(?:Insatsägare|Projektägare|Huvudman|Insatsens ägare)\s*:?\s+(.+?)\s*\.?\s*$", re.I)


def insatser(report: list[Line]) -> list[dict]:
    """Insatser the text presents with their owner ("Insatsägare Lekebergs kommun."):
    the name is the heading above, the type the nearest heading before that names one."""
    out = []
    for i, line in enumerate(report):
        m = _OWNER.match(line.text)
        if not m:
            continue
        name_line = None
        for back in range(i - 1, max(-1, i - 6), -1):
            t = report[back].text.strip()
            if not t or t[:1] in "–-•":
                continue
            name_line = report[back]
            break
        if name_line is None or len(name_line.text.strip()) > 60:
            continue
        typ = None
        for back in range(i - 1, max(-1, i - 250), -1):
            folded = fold(report[back].text)
            if "individinriktad" in folded:
                typ = "individinriktad"
                break
            if "strukturovergripande" in folded:
                typ = "strukturovergripande"
                break
        if typ is None:
            continue
        out.append({"namn": " ".join(name_line.text.split()), "typ": typ, "huvudman": m.group(1).strip(" ."),
                    "lines": [name_line, line]})
    return out
