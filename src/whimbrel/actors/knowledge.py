"""The actor knowledge base: who a phrase like "the Kremlin", "Tehran", "TASS" or "Iranian" names.

The knowledge lives in versioned YAML files under ``whimbrel/data/actors/`` (countries, capitals,
demonyms and metonyms; international organisations and NGOs; armed groups; named state bodies;
media; vague collectives; sector nouns and titles). :func:`load_knowledge` reads and validates
them once into an immutable :class:`Knowledge`:

    >>> kb = load_knowledge()
    >>> entry = kb.lookup("the Kremlin")
    >>> entry.code, entry.sector, entry.kind
    ('RUS', 'GOV', 'metonym')
    >>> kb.lookup("U.S.").code, kb.demonym("Iranian"), kb.sector_of_noun("fighter jets")
    ('USA', 'IRN', 'MIL')
    >>> kb.office_of_title("Secretary of State"), kb.office_of_title("president", country="IRN")
    ('foreign_minister', 'head_of_government')

Matching ignores case, accents, a leading "the", dots, hyphens, commas and curly apostrophes, and
tries the phrase without a possessive "'s" when the whole phrase is unknown. Short all-capital
forms ("US", "UN", "WHO", "IS") and the forms a file lists as ``case_sensitive`` ("West",
"Polish") match only as written, so "us", "who" and "polish" name nobody.

Loading fails with :class:`KnowledgeError` (naming the file, the entry and the fix) on a malformed
file, an unknown sector, office or key, an invalid ISO code, or an alias that two different actors
claim. A form may name two entries only when they are the same actor (code and sector) seen as
different kinds, such as "UK" as a name and as an adjective; the country, then the organisation,
wins over a capital, metonym or demonym.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from types import MappingProxyType

from whimbrel.actors import _knowledge_files as files
from whimbrel.actors._knowledge_files import OFFICES, SECTORS
from whimbrel.actors.normalise import is_acronym, normalise, strip_possessive, token_count
from whimbrel.errors import WhimbrelError

__all__ = ["KINDS", "OFFICES", "SECTORS", "ActorEntry", "ActorForm", "Knowledge", "KnowledgeError",
           "SectorPeriod", "Title", "load_knowledge"]

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "data" / "actors"
# Kinds of entry, in the order they win when one form names the same actor in two ways.
KINDS: tuple[str, ...] = ("country", "igo", "body", "group", "media", "ngo", "capital", "metonym",
                          "demonym", "people", "collective")


class KnowledgeError(WhimbrelError):
    """An actor knowledge file is malformed or contradicts another (the message says where)."""


@dataclass(frozen=True, slots=True)
class SectorPeriod:
    """An earlier sector of an actor, held until the day before ``until``."""

    until: date
    sector: str


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """What a phrase names.

    ``code`` is an ISO 3166-1 alpha-3 code, an organisation code (``UNO``, ``NATO``, ``ICRC``) or
    None for a vague collective ("the West"). ``kind`` is one of :data:`KINDS`. ``country`` is the
    ISO code of the actor's country (None for IGOs, international NGOs and collectives);
    ``cameo`` the CAMEO code where it differs from ``code``; ``body`` the part of an organisation
    ("security_council" of UNO); ``subsector`` a refinement (SPY, LEG, JUD, PARTY, SOE); ``state``
    for media, whether a government owns or funds it; ``history`` earlier sectors, oldest first.
    """

    code: str | None
    sector: str
    name: str
    kind: str
    country: str | None
    cameo: str | None = None
    body: str | None = None
    subsector: str | None = None
    transnational: bool = False
    state: bool | None = None
    history: tuple[SectorPeriod, ...] = field(default=(), repr=False)

    def sector_on(self, day: date) -> str:
        """The sector the actor had on ``day`` ("Taliban": REB before 2021-08-15, then GOV)."""
        for period in self.history:
            if day < period.until:
                return period.sector
        return self.sector


@dataclass(frozen=True, slots=True)
class ActorForm:
    """One written form of an entry, as a phrase matcher would use it."""

    text: str
    entry: ActorEntry
    case_sensitive: bool


@dataclass(frozen=True, slots=True)
class Title:
    """A title, its sector and the office key it denotes (see :data:`OFFICES`)."""

    title: str
    sector: str
    office: str | None
    countries: tuple[str, ...] = ()  # the office holds only in these countries (empty: anywhere)
    by_country: tuple[tuple[str, str | None], ...] = ()  # a different office in these countries

    def office_in(self, country: str | None) -> str | None:
        """The office in ``country``; with no country, the title's usual office."""
        if country is None:
            return self.office
        for code, office in self.by_country:
            if code == country:
                return office
        if self.countries and country not in self.countries:
            return None
        return self.office


def _frozen(mapping: dict) -> Mapping:  # type: ignore[type-arg]
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True, slots=True, eq=False)
class Knowledge:
    """The loaded knowledge base: immutable lookups over every data file. Build it with
    :func:`load_knowledge`."""

    versions: Mapping[str, str]  # file name -> its ``version``
    max_phrase_tokens: int  # the longest form, in spaCy-style tokens (an n-gram scan bound)
    _phrases: Mapping[str, ActorEntry]
    _exact_phrases: Mapping[str, ActorEntry]
    _demonyms: Mapping[str, str]
    _exact_demonyms: Mapping[str, str]
    _nouns: Mapping[str, str]
    _exact_nouns: Mapping[str, str]
    _titles: Mapping[str, Title]
    _exact_titles: Mapping[str, Title]
    _entries: tuple[ActorEntry, ...]
    _forms: tuple[ActorForm, ...]
    _country_names: Mapping[str, str]

    def lookup(self, phrase: str, *, on: date | None = None) -> ActorEntry | None:
        """The actor ``phrase`` names, or None. With ``on``, the sector it had that day."""
        entry = _find(self._exact_phrases, self._phrases, phrase, possessive=True)
        if entry is not None and on is not None and entry.history:
            sector = entry.sector_on(on)
            if sector != entry.sector:
                entry = replace(entry, sector=sector)
        return entry

    def demonym(self, word: str) -> str | None:
        """The country code of a demonym or people noun ("Iranian", "U.S.", "Britons"), or None."""
        return _find(self._exact_demonyms, self._demonyms, word, possessive=False)

    def sector_of_noun(self, noun: str) -> str | None:
        """The sector a head noun or title sets ("officials" GOV, "jets" MIL, "protesters" CVL)."""
        return _find(self._exact_nouns, self._nouns, noun, possessive=False)

    def title(self, title: str) -> Title | None:
        """The :class:`Title` record of ``title``, or None."""
        return _find(self._exact_titles, self._titles, title, possessive=False)

    def office_of_title(self, title: str, *, country: str | None = None) -> str | None:
        """The office key a title denotes ("foreign secretary" -> "foreign_minister"), in
        ``country`` when given ("president" of IRN -> "head_of_government"); else None."""
        found = self.title(title)
        return found.office_in(country) if found is not None else None

    def country_name(self, code: str) -> str | None:
        """The canonical short name of an ISO alpha-3 code ("IRN" -> "Iran")."""
        return self._country_names.get(code)

    def entries(self) -> Iterator[ActorEntry]:
        """Every distinct entry, in file order."""
        return iter(self._entries)

    def forms(self) -> Iterator[ActorForm]:
        """Every written form with its entry (for building a phrase matcher)."""
        return iter(self._forms)


def _find(exact: Mapping, folded: Mapping, phrase: str, *, possessive: bool):  # type: ignore[no-untyped-def,type-arg]
    key = normalise(phrase, keep_case=True)
    candidates = [key]
    if possessive and (bare := strip_possessive(key)) is not None:
        candidates.append(bare)
    for candidate in candidates:
        hit = exact.get(candidate)
        if hit is None:
            hit = folded.get(candidate.lower())
        if hit is not None:
            return hit
    return None


# -- building -----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Claim:
    value: object
    item: str  # the YAML item the form came from ("countries.yaml#USA")
    where: str  # for messages


@dataclass(slots=True)
class _Index:
    """A mutable two-tier index (exact-case and folded) used while loading."""

    what: str
    folded: dict[str, _Claim] = field(default_factory=dict)
    exact: dict[str, _Claim] = field(default_factory=dict)

    def add(self, form: str, value: object, item: str, where: str, *, exact: bool) -> None:
        key = normalise(form, keep_case=exact)
        if not key:
            raise KnowledgeError(f"{where}: the {self.what} {form!r} is empty once normalised; remove it")
        table = self.exact if exact else self.folded
        claim = table.get(key)
        if claim is None:
            table[key] = _Claim(value, item, where)
            return
        if claim.value == value or claim.item == item:
            return
        winner = _reconcile(claim.value, value)
        if winner is None:
            raise KnowledgeError(
                f"{where}: the {self.what} {form!r} already names {_describe(claim.value)} "
                f"({claim.where}); a form must name one actor: remove it from one of the two"
            )
        if winner is value:
            table[key] = _Claim(value, item, where)

    def freeze(self) -> tuple[Mapping, Mapping]:  # type: ignore[type-arg]
        return (_frozen({k: c.value for k, c in self.exact.items()}),
                _frozen({k: c.value for k, c in self.folded.items()}))


def _reconcile(old: object, new: object) -> object | None:
    """Which of two values one form may keep, or None when they conflict."""
    if isinstance(old, ActorEntry) and isinstance(new, ActorEntry):
        if (old.code, old.sector) != (new.code, new.sector) or old.kind == new.kind:
            return None
        return old if KINDS.index(old.kind) <= KINDS.index(new.kind) else new
    return None


def _describe(value: object) -> str:
    if isinstance(value, ActorEntry):
        return f"{value.name!r} ({value.kind}, {value.code} {value.sector})"
    if isinstance(value, Title):
        return f"the title {value.title!r}"
    return repr(value)


class _Builder:
    """Collects entries and forms from the parsed files, checking conflicts as it goes."""

    def __init__(self) -> None:
        self.phrases = _Index("form")
        self.demonyms = _Index("demonym")
        self.nouns = _Index("sector noun")
        self.titles = _Index("title")
        self.entries: dict[ActorEntry, None] = {}
        self.forms: list[ActorForm] = []
        self.country_names: dict[str, str] = {}
        self.longest = 1

    def add_entry(self, parsed: files.ParsedEntry) -> None:
        entry = ActorEntry(
            code=parsed.code, sector=parsed.sector, name=parsed.name, kind=parsed.kind,
            country=parsed.country, cameo=parsed.cameo, body=parsed.body,
            subsector=parsed.subsector, transnational=parsed.transnational, state=parsed.state,
            history=tuple(SectorPeriod(until, sector) for until, sector in parsed.history),
        )
        self.entries.setdefault(entry, None)
        for form in parsed.forms:
            exact = is_acronym(form) or normalise(form, keep_case=True) in parsed.case_sensitive
            self.phrases.add(form, entry, parsed.item, parsed.where, exact=exact)
            if parsed.kind in ("demonym", "people") and entry.code is not None:
                self.demonyms.add(form, entry.code, parsed.item, parsed.where, exact=exact)
            self.forms.append(ActorForm(form, entry, exact))
            self.longest = max(self.longest, token_count(form))

    def add_noun(self, noun: str, sector: str, where: str) -> None:
        self.nouns.add(noun, sector, where, where, exact=is_acronym(noun))
        self.longest = max(self.longest, token_count(noun))

    def add_title(self, parsed: files.ParsedTitle) -> None:
        title = Title(parsed.title, parsed.sector, parsed.office, parsed.countries, parsed.by_country)
        exact = is_acronym(parsed.title)
        if (self.titles.exact if exact else self.titles.folded).get(normalise(parsed.title, keep_case=exact)):
            raise KnowledgeError(f"{parsed.where}: the title {parsed.title!r} is listed twice; keep one")
        self.titles.add(parsed.title, title, f"title:{parsed.title}", parsed.where, exact=exact)
        self.add_noun(parsed.title, parsed.sector, parsed.where)

    def build(self, versions: dict[str, str]) -> Knowledge:
        exact_phrases, phrases = self.phrases.freeze()
        exact_demonyms, demonyms = self.demonyms.freeze()
        exact_nouns, nouns = self.nouns.freeze()
        exact_titles, titles = self.titles.freeze()
        return Knowledge(
            versions=_frozen(versions), max_phrase_tokens=self.longest,
            _phrases=phrases, _exact_phrases=exact_phrases,
            _demonyms=demonyms, _exact_demonyms=exact_demonyms,
            _nouns=nouns, _exact_nouns=exact_nouns,
            _titles=titles, _exact_titles=exact_titles,
            _entries=tuple(self.entries), _forms=tuple(self.forms),
            _country_names=_frozen(self.country_names),
        )


def _build(data_dir: Path) -> Knowledge:
    builder = _Builder()
    versions: dict[str, str] = {}
    try:
        for name in files.DATA_FILES:
            parsed = files.parse_file(data_dir / name)
            versions[name] = parsed.version
            for entry in parsed.entries:
                builder.add_entry(entry)
            for code, country_name in parsed.country_names:
                builder.country_names[code] = country_name
            for noun, sector, where in parsed.nouns:
                builder.add_noun(noun, sector, where)
            for title in parsed.titles:
                builder.add_title(title)
    except files.FileProblem as exc:
        raise KnowledgeError(str(exc)) from None
    return builder.build(versions)


@functools.lru_cache(maxsize=1)
def _default_knowledge() -> Knowledge:
    return _build(DEFAULT_DIR)


def load_knowledge(data_dir: Path | None = None) -> Knowledge:
    """Load and validate the knowledge files of ``data_dir`` (the bundled ones by default; that
    result is cached, so every caller shares one immutable :class:`Knowledge`)."""
    if data_dir is None:
        return _default_knowledge()
    return _build(Path(data_dir))
