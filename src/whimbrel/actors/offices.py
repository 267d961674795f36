"""Who held which office when: heads of state and government, foreign and defence ministers.

The table lives in ``whimbrel/data/actors/offices.csv`` (one row per person, office and term)::

    country,office,name,aliases,start,end,title,sector,note
    RUS,foreign_minister,Sergey Lavrov,Sergei Lavrov|Lavrov,2004-03-09,,Foreign Minister,GOV,

``country`` is an ISO 3166-1 alpha-3 code, ``office`` one of :data:`OFFICES`, ``aliases`` a
``|``-separated list of other spellings and the bare surname, ``start``/``end`` ISO dates (``end``
empty while the term lasts). A term's ``end`` is the day its successor took over, so two terms of
one office may share that single day; :meth:`OfficeTable.holder` then answers with the newcomer.

    >>> from datetime import date
    >>> table = load_offices()
    >>> table.holder("RUS", "head_of_state", date(2010, 1, 1)).name
    'Dmitry Medvedev'
    >>> [t.title for t in table.find_person("Medvedev", date(2015, 1, 1))][:1]
    ['Prime Minister']

The file is validated when it is loaded; any problem raises :class:`OfficeDataError` naming the
file, the line and the fix.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pycountry

from whimbrel.actors._knowledge_files import USER_ASSIGNED
from whimbrel.errors import WhimbrelError

__all__ = [
    "COLUMNS",
    "DEFAULT_PATH",
    "OFFICES",
    "OfficeDataError",
    "OfficeTable",
    "OfficeTerm",
    "load_offices",
    "normalize_name",
]

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "actors" / "offices.csv"

#: The office keys, in the order terms of one person are listed when several are in force.
OFFICES: tuple[str, ...] = (
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "defence_minister",
)

COLUMNS: tuple[str, ...] = (
    "country",
    "office",
    "name",
    "aliases",
    "start",
    "end",
    "title",
    "sector",
    "note",
)

_SECTORS = frozenset({"GOV"})  # a person is coded GOV (gold conventions, section 2)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class OfficeDataError(WhimbrelError):
    """The office-holder table is malformed (the message names the file, line and problem)."""


@dataclass(frozen=True, slots=True)
class OfficeTerm:
    """One person's term in one office of one country."""

    country: str
    office: str
    name: str
    aliases: tuple[str, ...]
    start: date
    end: date | None
    title: str
    sector: str
    note: str

    def in_force(self, on: date) -> bool:
        """True if the term covers ``on`` (both ends inclusive; an open term has no end)."""
        return self.start <= on and (self.end is None or on <= self.end)

    @property
    def names(self) -> tuple[str, ...]:
        """The full name followed by every alias."""
        return (self.name, *self.aliases)


# Letters that Unicode decomposition leaves alone but news spells without the diacritic.
_FOLD = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
    }
)
_DROP = re.compile(r"[\'\u2018\u2019\u02bc\u02bb`\u00b4.]")
_SPACE = re.compile(r"[\s\-\u2010-\u2015]+")


def normalize_name(text: str) -> str:
    """Fold a name for matching: case, accents, apostrophes, dots and hyphens are ignored.

    >>> normalize_name("Recep Tayyip Erdoğan") == normalize_name("recep tayyip erdogan")
    True
    >>> normalize_name("Ya’alon") == normalize_name("Yaalon") == normalize_name("Ya'alon")
    True
    >>> normalize_name("Amir-Abdollahian") == normalize_name("Amir Abdollahian")
    True
    """
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).translate(_FOLD)
    folded = _DROP.sub("", folded)
    return _SPACE.sub(" ", folded).strip()


class OfficeTable:
    """Office terms indexed by (country, office) and by every folded name and alias."""

    def __init__(self, terms: list[OfficeTerm]) -> None:
        self._terms: tuple[OfficeTerm, ...] = tuple(terms)
        by_seat: dict[tuple[str, str], list[OfficeTerm]] = defaultdict(list)
        by_name: dict[str, list[OfficeTerm]] = defaultdict(list)
        for term in self._terms:
            by_seat[(term.country, term.office)].append(term)
            for key in {normalize_name(n) for n in term.names if n.strip()}:
                by_name[key].append(term)
        self._by_seat = {k: sorted(v, key=lambda t: t.start) for k, v in by_seat.items()}
        self._by_name = dict(by_name)

    def __len__(self) -> int:
        return len(self._terms)

    def __iter__(self) -> Iterator[OfficeTerm]:
        return iter(self._terms)

    def terms(self) -> tuple[OfficeTerm, ...]:
        """Every term, in file order."""
        return self._terms

    def countries(self) -> frozenset[str]:
        """The alpha-3 codes of every country with at least one term."""
        return frozenset(t.country for t in self._terms)

    def seat(self, country: str, office: str) -> tuple[OfficeTerm, ...]:
        """Every term of one office of one country, oldest first."""
        return tuple(self._by_seat.get((country.upper(), office), ()))

    def holder(self, country: str, office: str, on: date) -> OfficeTerm | None:
        """The term of ``office`` in ``country`` in force on ``on``, or None if none is known.

        On a handover day both terms are in force; the one that starts later (the successor) wins.
        """
        if office not in OFFICES:
            raise ValueError(f"unknown office {office!r}; expected one of {', '.join(OFFICES)}")
        found = None
        for term in self._by_seat.get((country.upper(), office), ()):
            if term.start > on:
                break
            if term.in_force(on):
                found = term
        return found

    def find_person(self, name_or_surname: str, on: date | None = None) -> list[OfficeTerm]:
        """Terms of everyone whose name or an alias matches (case- and accent-insensitive).

        With ``on``, the terms in force that day come first (head of state before head of
        government before ministers), then the others, latest first. Without it, all terms,
        latest first.
        """
        matches = self._by_name.get(normalize_name(name_or_surname), [])
        latest_first = sorted(matches, key=lambda t: (t.start, t.end or date.max), reverse=True)
        if on is None:
            return latest_first
        current = [t for t in latest_first if t.in_force(on)]
        current.sort(key=lambda t: OFFICES.index(t.office))
        return current + [t for t in latest_first if not t.in_force(on)]


def _parse_date(text: str, where: str, column: str) -> date:
    if not _ISO_DATE.match(text):
        raise OfficeDataError(f"{where}: {column} {text!r} is not an ISO date YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise OfficeDataError(f"{where}: {column} {text!r} is not a real date ({exc})") from None


def _parse_row(row: dict[str, str], where: str) -> OfficeTerm:
    values = {k: (row.get(k) or "").strip() for k in COLUMNS}
    for column in ("country", "office", "name", "start", "title", "sector"):
        if not values[column]:
            raise OfficeDataError(f"{where}: column {column!r} is empty")
    country = values["country"]
    known = len(country) == 3 and country.isupper() and (
        pycountry.countries.get(alpha_3=country) or country in USER_ASSIGNED)
    if not known:
        raise OfficeDataError(f"{where}: country {country!r} is not an ISO 3166-1 alpha-3 code")
    office = values["office"]
    if office not in OFFICES:
        choices = ", ".join(OFFICES)
        raise OfficeDataError(f"{where}: office {office!r} is unknown; use one of {choices}")
    if values["sector"] not in _SECTORS:
        sector = values["sector"]
        raise OfficeDataError(f"{where}: sector {sector!r} is not one of {sorted(_SECTORS)}")
    start = _parse_date(values["start"], where, "start")
    end = _parse_date(values["end"], where, "end") if values["end"] else None
    if end is not None and end < start:
        raise OfficeDataError(f"{where}: end {end} is before start {start}")
    aliases = tuple(a.strip() for a in values["aliases"].split("|") if a.strip())
    return OfficeTerm(
        country=country,
        office=office,
        name=values["name"],
        aliases=aliases,
        start=start,
        end=end,
        title=values["title"],
        sector=values["sector"],
        note=values["note"],
    )


def _check_overlaps(terms: list[tuple[OfficeTerm, str]], source: str) -> None:
    """Terms of one office of one country may touch on one handover day, never overlap more."""
    seats: dict[tuple[str, str], list[tuple[OfficeTerm, str]]] = defaultdict(list)
    for term, where in terms:
        seats[(term.country, term.office)].append((term, where))
    for (country, office), rows in seats.items():
        rows.sort(key=lambda r: (r[0].start, r[0].end or date.max))
        previous, previous_where = rows[0]
        for term, where in rows[1:]:
            if previous.end is None or term.start < previous.end:
                raise OfficeDataError(
                    f"{source}: {country} {office}: {term.name} ({where}, from {term.start}) "
                    f"overlaps {previous.name} ({previous_where}, {previous.start} to "
                    f"{previous.end or 'open'}); terms may share only the handover day"
                )
            if (term.end or date.max) >= (previous.end or date.max):
                previous, previous_where = term, where


def _read(path: Path) -> OfficeTable:
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise OfficeDataError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    with handle:
        reader = csv.DictReader(handle)
        header = tuple(reader.fieldnames or ())
        if header != COLUMNS:
            found, wanted = ",".join(header), ",".join(COLUMNS)
            raise OfficeDataError(f"{path}: header is {found!r}; expected {wanted!r}")
        parsed: list[tuple[OfficeTerm, str]] = []
        try:
            for row in reader:
                where = f"{path.name}:{reader.line_num}"
                if None in row:
                    raise OfficeDataError(
                        f"{where}: more than {len(COLUMNS)} fields (quote fields with commas)"
                    )
                if all(not (v or "").strip() for v in row.values()):
                    continue
                parsed.append((_parse_row(row, where), where))
        except (csv.Error, UnicodeDecodeError) as exc:
            raise OfficeDataError(f"{path}: not valid UTF-8 CSV ({exc})") from exc
    if not parsed:
        raise OfficeDataError(f"{path}: holds no office terms")
    _check_overlaps(parsed, path.name)
    return OfficeTable([term for term, _ in parsed])


@functools.lru_cache(maxsize=8)
def _load_cached(path: Path) -> OfficeTable:
    return _read(path)


def load_offices(path: Path | None = None) -> OfficeTable:
    """Load and validate the office table (the bundled one by default), cached per path."""
    return _load_cached(Path(path).resolve() if path is not None else DEFAULT_PATH)
