"""User actor dictionaries: CSV, YAML and PETRARCH-format files that extend the knowledge base.

Imported entries are stored in the store (``user_actors``) and consulted before the bundled
knowledge, so a user can code actors whimbrel does not know, fictional ones included.

* CSV: a header with ``name,code,sector`` and optionally ``aliases`` (``|``-separated),
  ``start``, ``end`` (ISO dates bounding when the entry applies).
* YAML: a list of mappings with the same keys (``aliases`` a list), or ``{actors: [...]}``.
* PETRARCH (``.txt``): ``NAME [CODE]`` lines, ``_`` for spaces, ``+SYNONYM`` lines adding
  names to the entry above, ``#`` comments, ``<!-- -->`` blocks; a dated code
  ``[CODE >YYMMDD]`` or ``[CODE <YYMMDD]`` is kept with its bound. A CAMEO-style code is split
  into a country (its first three letters) and a sector from the rest (``ISRMIL`` is ISR, MIL).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from whimbrel.actors.normalise import normalise
from whimbrel.errors import InputError
from whimbrel.records import SECTORS

CAMEO_SECTORS = {"GOV": "GOV", "MIL": "MIL", "REB": "REB", "CVL": "CVL", "BUS": "BUS",
                 "MED": "MED", "IGO": "IGO", "OPP": "CVL", "SPY": "GOV", "LEG": "GOV",
                 "JUD": "GOV", "COP": "GOV", "INS": "REB", "UAF": "REB", "NGO": "CVL",
                 "EDU": "CVL", "LAB": "CVL", "REF": "CVL", "HLH": "CVL", "ELI": "GOV"}


class DictionaryError(InputError):
    """A user dictionary file or entry cannot be read (the message names file and line)."""


@dataclass(frozen=True, slots=True)
class UserActor:
    """One name of a user-defined actor."""

    phrase: str
    code: str
    sector: str
    name: str
    start: date | None = None
    end: date | None = None
    source: str = ""

    def applies(self, on: date | None) -> bool:
        if on is None:
            return True
        return (self.start is None or on >= self.start) and (self.end is None or on <= self.end)


def split_cameo(code: str) -> tuple[str, str]:
    """``ISRMIL`` -> (``ISR``, ``MIL``); ``UNO`` -> (``UNO``, ``IGO``); ``ARN`` -> (``ARN``, ``GOV``)."""
    code = code.strip().upper()
    country, rest = code[:3], code[3:]
    if country in ("UNO", "NATO", "IGO"):
        return country, "IGO"
    for i in range(0, len(rest), 3):
        sector = CAMEO_SECTORS.get(rest[i:i + 3])
        if sector:
            return country, sector
    return country, "GOV" if not rest else "OTHER"


def _date(value: object, where: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise DictionaryError(f"{where}: bad date {value!r} (use YYYY-MM-DD)") from exc


def _entries(row: dict, where: str, source: str) -> Iterator[UserActor]:  # type: ignore[type-arg]
    name = str(row.get("name") or "").strip()
    code = str(row.get("code") or "").strip().upper()
    sector = str(row.get("sector") or "").strip().upper() or split_cameo(code)[1]
    if not name or not code:
        raise DictionaryError(f"{where}: an entry needs 'name' and 'code'")
    if sector not in SECTORS:
        raise DictionaryError(f"{where}: unknown sector {sector!r} (one of {', '.join(SECTORS)})")
    aliases = row.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [a for a in aliases.split("|") if a.strip()]
    start, end = _date(row.get("start"), where), _date(row.get("end"), where)
    for phrase in [name, *aliases]:
        yield UserActor(str(phrase).strip(), code, sector, name, start, end, source)


def read_csv(path: Path) -> list[UserActor]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or not {"name", "code"} <= set(reader.fieldnames):
            raise DictionaryError(f"{path}: a CSV dictionary needs a header with name,code")
        return [a for n, row in enumerate(reader, start=2)
                for a in _entries(row, f"{path}:{n}", path.name)]


def read_yaml(path: Path) -> list[UserActor]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DictionaryError(f"{path}: invalid YAML: {exc}") from exc
    if isinstance(data, dict):
        data = data.get("actors")
    if not isinstance(data, list):
        raise DictionaryError(f"{path}: a YAML dictionary is a list of actors (or actors: [...])")
    out: list[UserActor] = []
    for n, row in enumerate(data, start=1):
        if not isinstance(row, dict):
            raise DictionaryError(f"{path}: entry {n} is not a mapping")
        out.extend(_entries(row, f"{path}: entry {n}", path.name))
    return out



def _petr_date(value: str) -> date | None:
    digits = re.sub(r"\D", "", value)
    if len(digits) == 8:
        digits, century = digits[2:], int(digits[:2]) * 100
    elif len(digits) == 6:
        century = None
    else:
        return None
    yy, mm, dd = int(digits[:2]), int(digits[2:4]), int(digits[4:])
    if century is not None:
        try:
            return date(century + yy, mm, dd)
        except ValueError:
            return None
    try:
        return date(1900 + yy if yy > 30 else 2000 + yy, mm, dd)
    except ValueError:
        return None


def read_petrarch(path: Path) -> list[UserActor]:
    """Entries are a name line, optional ``+SYNONYM`` lines and codes: on the name line
    (``NAME [CODE]``) or on lines of their own (``[HOB < 950601]``, ``[HOBGOV 19950601 -
    19990815]``), each with an optional date bound; ``A/B`` and ``A;B`` list several codes."""
    text = re.sub(r"<!--.*?-->", "", path.read_text(encoding="utf-8", errors="replace"),
                  flags=re.S)
    entries: list[tuple[list[str], list[str]]] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith(("!", "<")):
            continue
        if line.startswith("+"):
            if entries:
                entries[-1][0].append(_petr_phrase(line[1:]))
            continue
        if line.startswith("["):
            if entries:
                entries[-1][1].extend(re.findall(r"\[([^\]]*)\]", line))
            continue
        name = re.sub(r"\{[^}]*\}", "", line.split("[", 1)[0]).strip()
        if not name:
            continue
        entries.append(([_petr_phrase(name)], re.findall(r"\[([^\]]*)\]", line)))
    out: list[UserActor] = []
    for phrases, specs in entries:
        codes: list[tuple[str, str, date | None, date | None]] = []
        for spec in specs:
            for part in re.split(r"[;/]", spec):
                parsed = _petr_code(part)
                if parsed is not None:
                    codes.append(parsed)
        for phrase in phrases:
            for country, sector, start, end in codes:
                out.append(UserActor(phrase, country, sector, phrases[0].title(), start, end,
                                     path.name))
    if not out:
        raise DictionaryError(f"{path}: no PETRARCH actor entries (expected 'NAME [CODE]' lines)")
    return out


def _petr_code(spec: str) -> tuple[str, str, date | None, date | None] | None:
    """``HOB < 950601`` -> (HOB, GOV, None, 1995-06-01); ``X 19950601 - 19990815`` a range."""
    parts = spec.split(None, 1)
    if not parts or parts[0].startswith("~") or parts[0] in ("+++", "---"):
        return None
    country, sector = split_cameo(parts[0])
    bound = parts[1].replace(" ", "") if len(parts) > 1 else ""
    start = end = None
    if bound.startswith(">"):
        start = _petr_date(bound)
    elif bound.startswith("<"):
        end = _petr_date(bound)
    elif "-" in bound:
        first, _, last = bound.partition("-")
        start, end = _petr_date(first), _petr_date(last)
    return country, sector, start, end


def _petr_phrase(raw: str) -> str:
    return " ".join(raw.replace("_", " ").split()).strip()


def read_dictionary(path: str | Path, fmt: str = "auto") -> list[UserActor]:
    """Read a user actor dictionary; ``fmt`` is csv, yaml, petrarch or auto (by extension)."""
    path = Path(path)
    if not path.is_file():
        raise DictionaryError(f"{path}: no such file")
    if fmt == "auto":
        suffix = path.suffix.lower()
        fmt = {".csv": "csv", ".yaml": "yaml", ".yml": "yaml"}.get(suffix, "petrarch")
    readers = {"csv": read_csv, "yaml": read_yaml, "petrarch": read_petrarch}
    if fmt not in readers:
        raise DictionaryError(f"{path}: unknown format {fmt!r} (csv, yaml, petrarch)")
    return readers[fmt](path)


class UserDictionary:
    """Imported actors by normalised phrase; consulted before the bundled knowledge."""

    def __init__(self, actors: Iterable[UserActor] = ()) -> None:
        self._by_phrase: dict[str, list[UserActor]] = {}
        for a in actors:
            self._by_phrase.setdefault(normalise(a.phrase), []).append(a)
        self.max_tokens = max((len(p.split()) for p in self._by_phrase), default=0)

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_phrase.values())

    def lookup(self, phrase: str, on: date | None = None) -> UserActor | None:
        for a in self._by_phrase.get(normalise(phrase), ()):
            if a.applies(on):
                return a
        return None
