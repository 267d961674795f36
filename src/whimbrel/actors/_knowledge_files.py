"""Reading and validating the actor knowledge files (internal to :mod:`whimbrel.actors.knowledge`).

Each file is a YAML mapping with ``version``, ``description`` and one or two sections; every item
is checked for unknown keys, types, sectors, offices and ISO codes, and turned into plain parsed
records. Problems raise :class:`FileProblem`, which the loader re-raises as ``KnowledgeError``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pycountry
import yaml

from whimbrel.actors.normalise import normalise

DATA_FILES: tuple[str, ...] = ("countries.yaml", "igos.yaml", "groups.yaml", "state_bodies.yaml",
                               "media.yaml", "collectives.yaml", "sectors.yaml")
SECTORS: tuple[str, ...] = ("GOV", "MIL", "REB", "CVL", "BUS", "MED", "IGO", "OTHER")
OFFICES: tuple[str, ...] = ("head_of_state", "head_of_government", "foreign_minister", "defence_minister")
SUBSECTORS: tuple[str, ...] = ("SPY", "LEG", "JUD", "PARTY", "SOE")
_ORG_CODE = re.compile(r"[A-Z][A-Z0-9+]{1,11}")
_CAMEO_CODE = re.compile(r"[A-Z]{3}")


class FileProblem(Exception):
    """A knowledge file cannot be used; the message names the file, the item and the fix."""


@dataclass(frozen=True, slots=True)
class ParsedEntry:
    kind: str
    code: str | None
    sector: str
    name: str
    forms: tuple[str, ...]
    case_sensitive: frozenset[str]  # normalised (case kept) forms that match only as written
    item: str
    where: str
    country: str | None = None
    cameo: str | None = None
    body: str | None = None
    subsector: str | None = None
    transnational: bool = False
    state: bool | None = None
    history: tuple[tuple[date, str], ...] = ()


@dataclass(frozen=True, slots=True)
class ParsedTitle:
    title: str
    sector: str
    office: str | None
    countries: tuple[str, ...]
    by_country: tuple[tuple[str, str | None], ...]
    where: str


@dataclass(frozen=True, slots=True)
class ParsedFile:
    version: str
    entries: tuple[ParsedEntry, ...] = ()
    country_names: tuple[tuple[str, str], ...] = ()
    nouns: tuple[tuple[str, str, str], ...] = ()  # (noun, sector, where)
    titles: tuple[ParsedTitle, ...] = ()


# -- YAML with repeated keys rejected ------------------------------------------------------------

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """A safe loader that refuses a key repeated in one mapping (YAML would keep the last)."""


def _mapping_without_repeats(loader, node):  # type: ignore[no-untyped-def]
    loader.flatten_mapping(node)
    seen: set[object] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise FileProblem(f"line {key_node.start_mark.line + 1}: the key {key!r} is repeated; keep one")
        seen.add(key)
    return loader.construct_mapping(node, deep=True)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_repeats)


# -- field checks --------------------------------------------------------------------------------


# User-assigned alpha-3 codes for entities ISO 3166-1 does not list but news treats as states:
# XKX is Kosovo's code at the EU, the IMF and the World Bank (and in the gold sets).
USER_ASSIGNED = frozenset({"XKX"})


@functools.cache
def iso_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes (pycountry) plus the user-assigned :data:`USER_ASSIGNED`."""
    return frozenset(country.alpha_3 for country in pycountry.countries) | USER_ASSIGNED


def _text(value: object, where: str, field: str) -> str:
    if isinstance(value, bool):
        raise FileProblem(f"{where}: {field} is a YAML boolean ({value}); quote it (YAML reads yes/no/on/off as booleans)")
    if not isinstance(value, str) or not value.strip():
        raise FileProblem(f"{where}: {field} must be non-empty text, not {value!r}")
    return value.strip()


def _texts(value: object, where: str, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise FileProblem(f"{where}: {field} must be a list, not {value!r}")
    return tuple(_text(v, where, field) for v in value)


def _iso(value: object, where: str, field: str = "code") -> str:
    code = _text(value, where, field)
    if code not in iso_codes():
        raise FileProblem(f"{where}: {field} {code!r} is not an ISO 3166-1 alpha-3 code (pycountry)")
    return code


def _org_code(value: object, where: str) -> str:
    code = _text(value, where, "code")
    if not _ORG_CODE.fullmatch(code):
        raise FileProblem(f"{where}: organisation code {code!r} must be 2-12 capitals, digits or '+'")
    if code in iso_codes():
        raise FileProblem(f"{where}: organisation code {code!r} is also an ISO country code; choose another")
    return code


def _sector(value: object, where: str, allowed: tuple[str, ...] = SECTORS) -> str:
    sector = _text(value, where, "sector")
    if sector not in allowed:
        raise FileProblem(f"{where}: unknown sector {sector!r}; use one of {', '.join(sorted(allowed))}")
    return sector


def _cameo(value: object, where: str, code: str | None) -> str | None:
    if value is None:
        return None
    cameo = _text(value, where, "cameo")
    if not _CAMEO_CODE.fullmatch(cameo):
        raise FileProblem(f"{where}: cameo {cameo!r} must be three capitals")
    if cameo == code:
        raise FileProblem(f"{where}: cameo {cameo!r} equals the code; drop it (cameo is for codes that differ)")
    return cameo


def _flag(value: object, where: str, field: str, default: bool | None) -> bool | None:
    if value is None:
        return default
    if not isinstance(value, bool):
        raise FileProblem(f"{where}: {field} must be true or false, not {value!r}")
    return value


def _check_keys(item: object, where: str, required: Iterable[str], optional: Iterable[str]) -> dict:  # type: ignore[type-arg]
    if not isinstance(item, dict):
        raise FileProblem(f"{where}: expected a mapping, not {item!r}")
    required = tuple(required)
    missing = [k for k in required if k not in item]
    if missing:
        raise FileProblem(f"{where}: missing {', '.join(missing)}")
    unknown = sorted(set(map(str, item)) - set(required) - set(optional))
    if unknown:
        raise FileProblem(f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted({*required, *optional}))}")
    return item


def _case_sensitive(item: dict, forms: Iterable[str], where: str) -> frozenset[str]:  # type: ignore[type-arg]
    listed = {normalise(f, keep_case=True) for f in _texts(item.get("case_sensitive"), where, "case_sensitive")}
    known = {normalise(f, keep_case=True) for f in forms}
    stray = sorted(listed - known)
    if stray:
        raise FileProblem(f"{where}: case_sensitive {stray} are not forms of this entry; add them as aliases or drop them")
    return frozenset(listed)


def _history(value: object, where: str, current: str) -> tuple[tuple[date, str], ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise FileProblem(f"{where}: sector_history must be a list of {{until, sector}}")
    periods: list[tuple[date, str]] = []
    for i, period in enumerate(value):
        at = f"{where} sector_history[{i}]"
        period = _check_keys(period, at, ("until", "sector"), ())
        until = period["until"]
        if isinstance(until, str):
            try:
                until = date.fromisoformat(until)
            except ValueError:
                until = None
        if not isinstance(until, date):
            raise FileProblem(f"{at}: until must be a date YYYY-MM-DD")
        if periods and until <= periods[-1][0]:
            raise FileProblem(f"{at}: periods must be in date order, oldest first")
        periods.append((until, _sector(period["sector"], at)))
    if periods and periods[-1][1] == current:
        raise FileProblem(f"{where}: the last sector_history period repeats the current sector {current}; drop it")
    return tuple(periods)


# -- one parser per file ---------------------------------------------------------------------------

_COUNTRY_KEYS = ("aliases", "demonyms", "people", "capitals", "metonyms", "case_sensitive", "note")


def _countries(items: list, file: str) -> ParsedFile:  # type: ignore[type-arg]
    entries: list[ParsedEntry] = []
    names: list[tuple[str, str]] = []
    seen: set[str] = set()
    for i, raw in enumerate(items):
        where = f"{file}: countries[{i}]"
        item = _check_keys(raw, where, ("code", "name"), _COUNTRY_KEYS)
        code = _iso(item["code"], where)
        where = f"{file}: country {code}"
        if code in seen:
            raise FileProblem(f"{where}: listed twice; merge the two items")
        seen.add(code)
        name = _text(item["name"], where, "name")
        names.append((code, name))
        metonyms = item.get("metonyms") or {}
        if not isinstance(metonyms, dict):
            raise FileProblem(f"{where}: metonyms must map a sector to a list of names")
        groups: list[tuple[str, str, tuple[str, ...]]] = [
            ("country", "GOV", (name, *_texts(item.get("aliases"), where, "aliases"))),
            *(("capital", "GOV", (c,)) for c in _texts(item.get("capitals"), where, "capitals")),
            *(("metonym", _sector(s, where), (m,)) for s, ms in metonyms.items()
              for m in _texts(ms, where, f"metonyms.{s}")),
            *(("demonym", "GOV", (d,)) for d in _texts(item.get("demonyms"), where, "demonyms")),
            *(("people", "CVL", (p,)) for p in _texts(item.get("people"), where, "people")),
        ]
        exact = _case_sensitive(item, (f for _, _, forms in groups for f in forms), where)
        for kind, sector, forms in groups:
            entries.append(ParsedEntry(kind, code, sector, forms[0], forms, exact, f"{file}#{code}",
                                       where, country=code))
    return ParsedFile("", tuple(entries), tuple(names))


def _named(items: list, file: str, section: str, required: tuple[str, ...], optional: tuple[str, ...],
           make: Callable[[dict, str, str, tuple[str, ...], frozenset[str]], ParsedEntry]) -> tuple[ParsedEntry, ...]:  # type: ignore[type-arg]
    parsed = []
    for i, raw in enumerate(items):
        where = f"{file}: {section}[{i}]"
        item = _check_keys(raw, where, required, (*optional, "aliases", "case_sensitive", "note"))
        name = _text(item["name"], where, "name")
        where = f"{file}: {section}[{i}] ({name})"
        forms = (name, *_texts(item.get("aliases"), where, "aliases"))
        parsed.append(make(item, name, where, forms, _case_sensitive(item, forms, where)))
    return tuple(parsed)


def _igo(item, name, where, forms, exact):  # type: ignore[no-untyped-def]
    code = _org_code(item["code"], where)
    body = _text(item["body"], where, "body") if item.get("body") is not None else None
    # an organisation's armed mission (AMISOM, KFOR, ECOMOG) is MIL; the organisation itself IGO
    sector = _sector(item.get("sector", "IGO"), where)
    return ParsedEntry("igo", code, sector, name, forms, exact, where, where,
                       cameo=_cameo(item.get("cameo"), where, code), body=body)


def _ngo(item, name, where, forms, exact):  # type: ignore[no-untyped-def]
    country = _iso(item["country"], where, "country") if item.get("country") is not None else None
    if country is not None:
        code = _iso(item["code"], where)
        if code != country:
            raise FileProblem(f"{where}: a national NGO's code must be its country ({country})")
    else:
        code = _org_code(item["code"], where)
    return ParsedEntry("ngo", code, "CVL", name, forms, exact, where, where, country=country,
                       cameo=_cameo(item.get("cameo"), where, code))


def _group(item, name, where, forms, exact):  # type: ignore[no-untyped-def]
    code = _iso(item["code"], where)
    sector = _sector(item.get("sector", "REB"), where)
    return ParsedEntry("group", code, sector, name, forms, exact, where, where, country=code,
                       transnational=bool(_flag(item.get("transnational"), where, "transnational", False)),
                       history=_history(item.get("sector_history"), where, sector))


def _body(item, name, where, forms, exact):  # type: ignore[no-untyped-def]
    code = _iso(item["code"], where)
    subsector = _sector(item["subsector"], where, SUBSECTORS) if item.get("subsector") is not None else None
    return ParsedEntry("body", code, _sector(item["sector"], where), name, forms, exact, where, where,
                       country=code, subsector=subsector)


def _media(item, name, where, forms, exact):  # type: ignore[no-untyped-def]
    code = _iso(item["code"], where)
    return ParsedEntry("media", code, "MED", name, forms, exact, where, where, country=code,
                       state=_flag(item["state"], where, "state", None))


def _collective(item, name, where, forms, exact):  # type: ignore[no-untyped-def]
    return ParsedEntry("collective", None, _sector(item["sector"], where), name, forms, exact, where, where)


def _sectors(doc: dict, file: str) -> ParsedFile:  # type: ignore[type-arg]
    sectors = doc.get("sectors")
    if not isinstance(sectors, dict):
        raise FileProblem(f"{file}: sectors must map each sector to its comment and nouns")
    nouns: list[tuple[str, str, str]] = []
    for sector, block in sectors.items():
        where = f"{file}: sectors.{sector}"
        sector = _sector(sector, where)
        block = _check_keys(block, where, ("comment", "nouns"), ("note",))
        nouns.extend((noun, sector, where) for noun in _texts(block["nouns"], where, "nouns"))
    titles: list[ParsedTitle] = []
    for i, raw in enumerate(doc.get("titles") or []):
        where = f"{file}: titles[{i}]"
        item = _check_keys(raw, where, ("title", "sector", "office"), ("countries", "by_country", "note"))
        title = _text(item["title"], where, "title")
        where = f"{file}: titles[{i}] ({title})"
        by_country = item.get("by_country") or {}
        if not isinstance(by_country, dict):
            raise FileProblem(f"{where}: by_country must map country codes to offices")
        titles.append(ParsedTitle(
            title, _sector(item["sector"], where), _office(item["office"], where),
            tuple(_iso(c, where, "countries") for c in _texts(item.get("countries"), where, "countries")),
            tuple((_iso(c, where, "by_country"), _office(o, where)) for c, o in by_country.items()),
            where,
        ))
    return ParsedFile("", nouns=tuple(nouns), titles=tuple(titles))


def _office(value: object, where: str) -> str | None:
    if value is None:
        return None
    office = _text(value, where, "office")
    if office not in OFFICES:
        raise FileProblem(f"{where}: unknown office {office!r}; use one of {', '.join(sorted(OFFICES))} or null")
    return office


_SECTIONS: dict[str, tuple[str, ...]] = {
    "countries.yaml": ("countries",),
    "igos.yaml": ("organisations", "ngos"),
    "groups.yaml": ("groups",),
    "state_bodies.yaml": ("bodies",),
    "media.yaml": ("media",),
    "collectives.yaml": ("collectives",),
    "sectors.yaml": ("sectors", "titles"),
}


def parse_file(path: Path) -> ParsedFile:
    """Read and validate one knowledge file."""
    file = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FileProblem(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        doc = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except FileProblem as exc:
        raise FileProblem(f"{path}: {exc}") from None
    except yaml.YAMLError as exc:
        raise FileProblem(f"{path}: not valid YAML ({exc})") from None
    sections = _SECTIONS[file]
    doc = _check_keys(doc, file, ("version", "description", sections[0]), sections[1:])
    version = str(doc["version"]).strip()
    if not version or isinstance(doc["version"], bool):
        raise FileProblem(f"{file}: version must be a number or text")
    _text(doc["description"], file, "description")
    if file == "sectors.yaml":
        return _with_version(_sectors(doc, file), version)
    lists = {}
    for section in sections:
        value = doc.get(section) or []
        if not isinstance(value, list):
            raise FileProblem(f"{file}: {section} must be a list")
        lists[section] = value
    if file == "countries.yaml":
        return _with_version(_countries(lists["countries"], file), version)
    if file == "igos.yaml":
        entries = (*_named(lists["organisations"], file, "organisations", ("code", "name"), ("cameo", "body", "sector"), _igo),
                   *_named(lists["ngos"], file, "ngos", ("code", "name"), ("cameo", "country"), _ngo))
    elif file == "groups.yaml":
        entries = _named(lists["groups"], file, "groups", ("code", "name"),
                         ("sector", "transnational", "sector_history"), _group)
    elif file == "state_bodies.yaml":
        entries = _named(lists["bodies"], file, "bodies", ("code", "sector", "name"), ("subsector",), _body)
    elif file == "media.yaml":
        entries = _named(lists["media"], file, "media", ("code", "state", "name"), (), _media)
    else:
        entries = _named(lists["collectives"], file, "collectives", ("name", "sector"), (), _collective)
    return ParsedFile(version, tuple(entries))


def _with_version(parsed: ParsedFile, version: str) -> ParsedFile:
    return ParsedFile(version, parsed.entries, parsed.country_names, parsed.nouns, parsed.titles)
