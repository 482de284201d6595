"""The fact registry: every name a rule may read, declared as data in rules/fakta/.

Each fact states its Swedish label, its unit, what it is, and how it is
obtained: a path into the report model (read without Python, see
checker.facts.read_path) or the name of one registered derivation function
(checker.facts.DERIVATIONS). Loading the catalogue checks every name a rule,
a case or a message uses against it, so a misspelt name is an error at load
rather than "underlag saknas" on every report forever.
"""

from enum import Enum
from pathlib import Path
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .errors import InputError, Problem
from .load import load_model_with_lines

NAME = r"^[a-z][a-z0-9_]*$"
PATH = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$"


class Strikt(BaseModel):
    # Built on first validation: a catalogue from the compiled cache is unpickled, never validated.
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=True, defer_build=True)


class Faktaenhet(str, Enum):
    kr = "kr"
    procent = "procent"
    antal = "antal"
    bool = "bool"
    text = "text"
    datum = "datum"
    ar = "ar"
    tal = "tal"  # a number whose unit the report gives (a goal's målvärde)


ENHET_TEXT = {
    "kr": "kronor", "procent": "procent", "antal": "antal", "bool": "ja/nej", "text": "text",
    "datum": "datum", "ar": "år", "tal": "tal (enheten som rapporten anger)",
}


class Faktum(Strikt):
    etikett: str = Field(min_length=1, description="Faktumets namn i klarspråk, som rapporten visar det.")
    enhet: Faktaenhet
    beskrivning: str = Field(min_length=1, description="Vad faktumet är och var i årsredovisningen det står.")
    sokvag: Optional[str] = Field(None, pattern=PATH, description="Fältet i rapportfilen, t.ex. styrning.internkontrollplan.")
    harledning: Optional[str] = Field(None, pattern=NAME, description="Den registrerade härledningen som räknar fram faktumet.")
    ur: list[str] = Field(
        default_factory=list,
        description="För ett härlett faktum: de fakta det räknas ur. Saknas det, nämner rapporten de av dem som saknas "
        "i stället för det härledda namnet (årsredovisningen anger inte budgeterade kostnader).",
    )

    @model_validator(mode="after")
    def _one_way(self) -> "Faktum":
        if (self.sokvag is None) == (self.harledning is None):
            raise ValueError("ange antingen sokvag (fältet i rapportfilen) eller harledning")
        if self.ur and self.harledning is None:
            raise ValueError("ur gäller bara ett härlett faktum (harledning)")
        return self


class Falt(Strikt):
    """A field of each item in a collection."""

    etikett: str = Field(min_length=1)
    enhet: Faktaenhet
    beskrivning: str = Field(min_length=1)


class Samling(Strikt):
    etikett: str = Field(min_length=1)
    beskrivning: str = Field(min_length=1)
    harledning: str = Field(pattern=NAME)
    saknas: Optional[str] = Field(None, min_length=1, description="Vad det betyder att samlingen är tom (underlag saknas: …).")
    falt: dict[str, Falt] = Field(default_factory=dict, description="Fälten i varje post.")
    falt_som: Optional[str] = Field(None, pattern=NAME, description="Samma fält som en annan samling.")

    @model_validator(mode="after")
    def _fields(self) -> "Samling":
        if bool(self.falt) == bool(self.falt_som):
            raise ValueError("ange antingen falt eller falt_som")
        return self


class Pastaendeenhet(str, Enum):
    kr = "kr"
    procent = "procent"


class Pastaendeslag(Strikt):
    """A kind of claim a report may encode (pastaenden[].avser): the fact it is compared with, its unit, its tolerance."""

    etikett: str = Field(min_length=1, description="Vad påståendet gäller, i klarspråk (”kostnader över budget”).")
    faktum: str = Field(pattern=NAME, description="Det deklarerade faktum som det angivna värdet jämförs med.")
    enhet: Pastaendeenhet = Field(description="kr (påståendet anges i kr eller tkr) eller procent.")
    tolerans: str = Field(pattern=NAME, description="Parametern med toleransen för jämförelsen.")
    tolerans_tkr: Optional[str] = Field(None, pattern=NAME, description="Parametern med toleransen när påståendet anges i tkr (bara enhet kr).")
    beskrivning: Optional[str] = Field(None, min_length=1)

    @model_validator(mode="after")
    def _tkr(self) -> "Pastaendeslag":
        if self.tolerans_tkr is not None and self.enhet != "kr":
            raise ValueError("tolerans_tkr gäller bara påståenden i kr")
        return self


class Faktafil(Strikt):
    beskrivning: str = Field(min_length=1, description="Vilken familj av fakta filen håller.")
    fakta: dict[str, Faktum] = Field(default_factory=dict)
    samlingar: dict[str, Samling] = Field(default_factory=dict)
    pastaendeslag: dict[str, Pastaendeslag] = Field(
        default_factory=dict, description="Slagen av påståenden som en rapportfil kan koda (pastaenden[].avser)."
    )


class Register(BaseModel):
    """All declared facts and collections of one catalogue."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    fakta: dict[str, Faktum]
    samlingar: dict[str, Samling]
    files: dict[str, str]  # name → file that declares it
    families: dict[str, str]  # file stem → its description, in file order
    # Kinds of claim a report may encode: data, so a new kind needs no Python.
    pastaendeslag: dict[str, Pastaendeslag] = {}
    pastaendeslag_files: dict[str, str] = {}  # kind → file that declares it

    def fields(self, collection: str) -> dict[str, Falt]:
        c = self.samlingar[collection]
        return self.samlingar[c.falt_som].falt if c.falt_som else c.falt

    def unit(self, name: str, collection: Optional[str] = None) -> Optional[str]:
        if collection is not None and name in self.fields(collection):
            return self.fields(collection)[name].enhet
        fact = self.fakta.get(name)
        return fact.enhet if fact else None

    def inputs_missing(self, name: str, present) -> list[str]:
        """What a missing derived fact stands for: its declared inputs that `present` lacks, themselves resolved."""
        fact = self.fakta.get(name)
        lacking = [n for n in (fact.ur if fact else ()) if not present(n)]
        if not lacking:
            return [name]
        out: list[str] = []
        for n in lacking:
            out += [m for m in self.inputs_missing(n, present) if m not in out]
        return out

    def label(self, name: str) -> str:
        fact = self.fakta.get(name)
        return fact.etikett if fact else name


def load_register(directory: Path, derivations: frozenset[str]) -> Register:
    """rules/fakta/*.yaml, one file per family; every problem at once."""
    problems: list[Problem] = []
    fakta: dict[str, Faktum] = {}
    samlingar: dict[str, Samling] = {}
    files: dict[str, str] = {}
    families: dict[str, str] = {}
    ur_lines: dict[str, Optional[int]] = {}
    kinds: dict[str, tuple[Pastaendeslag, str, object]] = {}
    folder = directory / "fakta"
    paths = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not paths:
        problems.append(Problem(str(folder), None, "", "faktaregistret saknas: varje faktum som reglerna läser deklareras i fakta/*.yaml"))
    for path in paths:
        try:
            data, lines = load_model_with_lines(path, Faktafil)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        families[path.stem] = data.beskrivning
        for kind, entries, into in (("fakta", data.fakta, fakta), ("samlingar", data.samlingar, samlingar)):
            for name, entry in entries.items():
                where = lines.line((kind, name))
                if not _is_name(name):
                    problems.append(Problem(str(path), where, f"{kind}.{name}", "ett namn skrivs med a–z, 0–9 och _ (och börjar med en bokstav)"))
                    continue
                if name in files:
                    problems.append(Problem(str(path), where, f"{kind}.{name}", f"'{name}' är redan deklarerat i {files[name]}"))
                    continue
                if getattr(entry, "sokvag", None) is not None:
                    wrong = path_problem(entry.sokvag)
                    if wrong:
                        problems.append(Problem(str(path), lines.line((kind, name, "sokvag")), f"{kind}.{name}.sokvag", wrong))
                way = getattr(entry, "harledning", None)
                if way is not None and way not in derivations:
                    problems.append(Problem(str(path), lines.line((kind, name, "harledning")), f"{kind}.{name}.harledning",
                                            f"härledningen '{way}' finns inte; registrerade: {', '.join(sorted(derivations))}"))
                if getattr(entry, "ur", None):
                    ur_lines[name] = lines.line((kind, name, "ur"))
                into[name] = entry
                files[name] = str(path)
        for name, entry in data.pastaendeslag.items():
            where = lines.line(("pastaendeslag", name))
            if not _is_name(name):
                problems.append(Problem(str(path), where, f"pastaendeslag.{name}", "ett namn skrivs med a–z, 0–9 och _ (och börjar med en bokstav)"))
            elif name in kinds:
                problems.append(Problem(str(path), where, f"pastaendeslag.{name}", f"'{name}' är redan deklarerat i {kinds[name][1]}"))
            else:
                kinds[name] = (entry, str(path), lines)
        for name, entry in data.samlingar.items():
            for field_name in entry.falt:
                if not _is_name(field_name):
                    problems.append(Problem(str(path), lines.line(("samlingar", name, "falt", field_name)), f"samlingar.{name}.falt.{field_name}",
                                            "ett namn skrivs med a–z, 0–9 och _ (och börjar med en bokstav)"))
    for name, entry in fakta.items():
        for source in entry.ur:
            if source not in fakta or source == name:
                problems.append(Problem(files[name], ur_lines.get(name), f"fakta.{name}.ur", f"'{source}' är inget annat deklarerat faktum"))
    for name, entry in samlingar.items():
        if entry.falt_som is not None and (entry.falt_som not in samlingar or samlingar[entry.falt_som].falt_som):
            problems.append(Problem(files[name], None, f"samlingar.{name}.falt_som", f"'{entry.falt_som}' är ingen samling med egna fält"))
    # Parameter files are named after their parameter (the catalogue checks that).
    parameters = {p.stem for p in (directory / "parametrar").glob("*.yaml")}
    for name, (entry, file, lines) in kinds.items():
        for key in ("tolerans", "tolerans_tkr"):
            value = getattr(entry, key)
            if value is not None and value not in parameters:
                problems.append(Problem(file, lines.line(("pastaendeslag", name, key)), f"pastaendeslag.{name}.{key}",
                                        f"parametern '{value}' finns inte i parametrar/"))
        fact = fakta.get(entry.faktum)
        if fact is None:
            problems.append(Problem(file, lines.line(("pastaendeslag", name, "faktum")), f"pastaendeslag.{name}.faktum",
                                    f"'{entry.faktum}' är inget faktum i faktaregistret (en samling eller ett okänt namn)"))
        elif fact.enhet != entry.enhet:
            problems.append(Problem(file, lines.line(("pastaendeslag", name, "enhet")), f"pastaendeslag.{name}.enhet",
                                    f"faktumet '{entry.faktum}' har enheten {fact.enhet}, inte {entry.enhet}"))
    if problems:
        raise InputError(problems)
    return Register(fakta=fakta, samlingar=samlingar, files=files, families=families,
                    pastaendeslag={n: k[0] for n, k in kinds.items()}, pastaendeslag_files={n: k[1] for n, k in kinds.items()})


def path_problem(path: str) -> Optional[str]:
    """Why a sokvag does not lead to one value in the report model (rapportfilens fält), or None."""
    import typing

    from pydantic import BaseModel as Model

    from .model import Arsredovisning

    node: object = Arsredovisning
    walked = []
    for step in path.split("."):
        if not (isinstance(node, type) and issubclass(node, Model)) or step not in node.model_fields:
            where = ".".join(walked) or "rapportfilen"
            return f"fältet '{step}' finns inte i {where} (se docs/rapportfil.md)"
        walked.append(step)
        node = node.model_fields[step].annotation
        args = [a for a in typing.get_args(node) if a is not type(None)]
        if typing.get_origin(node) in (list, dict):
            return f"'{'.'.join(walked)}' är en lista: ett faktum läser ett värde (en samling behöver en härledning)"
        if typing.get_origin(node) is typing.Union and len(args) == 1:
            node = args[0]
    if isinstance(node, type) and issubclass(node, Model):
        return f"'{path}' är en del med egna fält, inget värde"
    return None


def _is_name(name: object) -> bool:
    import re

    return isinstance(name, str) and re.match(NAME, name) is not None
