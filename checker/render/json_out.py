"""The findings as JSON: stable keys, stable order, for further use and for the region's tools."""

from __future__ import annotations

import json

from ..facts import Fact
from ..findings import Granskning
from ..visible import json_bidi


def fact_dict(f: Fact) -> dict:
    out = {"namn": f.name, "etikett": f.label, "varde": f.value, "enhet": f.enhet}
    if f.formel:
        out["formel"] = f.formel
    if f.operander:
        out["operander"] = [{"etikett": o.label, "varde": o.value, **({"kalla": o.kalla} if o.kalla else {}), **({"enhet": o.enhet} if o.enhet else {})} for o in f.operander]
    if f.kalla:
        out["kalla"] = f.kalla
    if f.fran_tkr:
        out["fran_tkr"] = True
    if f.dokument:
        out["dokument"] = f.dokument
    return out


# The output's format, described by schema/granskning.schema.json (docs/json.md): the major number
# changes when a field changes meaning or goes away, the minor when fields are added.
FORMAT_VERSION = "1.0"


def to_dict(g: Granskning) -> dict:
    return {
        "formatversion": FORMAT_VERSION,
        "katalogversion": g.katalogversion,
        "motor": g.motor,
        "forbund": {"namn": g.forbund, "organisationsnummer": g.organisationsnummer},
        "rakenskapsar": g.rakenskapsar,
        "dokument": g.dokument,
        "sammanfattning": g.counts(),
        "slutkod": g.exit_code(),
        "utfall_per_regel": g.outcomes(),
        "utanfor_arsredovisningen": [{"regel": f.id, "titel": f.titel, "utfall": f.utfall, "dokument": f.dokument}
                                     for f in g.utanfor_arsredovisningen()],
        "regler": [
            {
                "id": f.id,
                "titel": f.titel,
                "avsnitt": f.avsnitt,
                "utfall": f.utfall,
                "meddelande": f.meddelande,
                "krav": f.krav,
                "vid_brist": f.vid_brist,
                "vikt": f.vikt,
                "kallor": f.kallor,
                "parametrar": [p.as_dict() for p in f.parametrar],
                "saknas": f.saknas,
                **({"antaganden": f.antaganden} if f.antaganden else {}),
                **({"ej_provade": f.ej_provade} if f.ej_provade else {}),
                **({"pekar_pa": f.pekar_pa} if f.pekar_pa else {}),
                **({"dokument": f.dokument} if f.dokument else {}),
                **({"fel": f.fel} if f.fel else {}),
                **({"rekommendation": f.rekommendation} if f.rekommendation else {}),
                "poster": [
                    {
                        "post": i.label,
                        "utfall": i.utfall,
                        "meddelande": i.meddelande,
                        **({"sammanfattning": i.kort} if i.kort else {}),
                        **({"kalla": i.kalla} if i.kalla else {}),
                        "bevis": [fact_dict(b) for b in i.bevis],
                        "saknas": i.saknas,
                        **({"pekar_pa": i.pekar_pa} if i.pekar_pa else {}),
                    }
                    for i in f.poster
                ],
            }
            for f in g.findings
        ],
    }


def render_json(g: Granskning) -> str:
    return json_bidi(json.dumps(to_dict(g), ensure_ascii=False, indent=2)) + "\n"
