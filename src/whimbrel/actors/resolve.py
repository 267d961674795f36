"""Resolve the noun phrase headed by a token to the actor(s) it names.

A *phrase* is a noun (or proper noun) with its left modifiers (determiners, adjectives,
compounds, possessives, hyphenated prefixes such as "US-led") and, on the right, an ``of``-phrase
("the foreign minister of Iran") or an appositive ("Dmitry Peskov, the Kremlin's spokesman").
Its actor is found, in this order, from:

1. a known office holder named in it, on the article's date ("Vladimir Putin", "Lavrov");
2. a named organisation, metonym, country or capital at its head ("the Kremlin", "TASS", "IRGC"),
   also one whose name runs on through an of-phrase ("the Economic Community of West African
   States");
2b. a named armed group, organisation or state body among its modifiers ("Houthi targets", "PKK
   fighters", "African Union peacekeeping troops"): a group keeps its own sector (its fighters and
   weapons are the group's), an organisation or body takes the head noun's sector if it has one;
3. countries named among its modifiers, or the country of a known person named there ("the Maduro
   regime"), except sponsors ("the Iran-backed militia" is not Iran) and ethnicities ("ethnic
   Serb lawmakers in Kosovo" are Kosovo's) ("Russian President ...", "Iran's Supreme Leader ...",
   "US-Israeli air raids" gives two actors), or in its ``of``-phrase or appositive;
4. vague collective modifiers ("Western powers", "Gulf nations"): an actor with no code.

The sector comes from the named actor, else from the head noun ("ministry" GOV, "jets" MIL,
"people" CVL; knowledge/sectors.yaml), else GOV for a country acting as a state.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from whimbrel.actors.dictionary import UserDictionary
from whimbrel.actors.knowledge import ActorEntry, Knowledge
from whimbrel.actors.offices import OfficeTable, OfficeTerm
from whimbrel.records import Actor

LEFT_DEPS = frozenset({"det", "amod", "compound", "poss", "nmod", "npadvmod", "nummod", "case",
                       "punct", "quantmod", "advmod", "predet"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
VAGUE = frozenset({"western", "west", "global", "regional", "gulf", "arab", "non-western",
                   "world", "foreign", "international", "allied", "neighbouring", "neighboring"})
COLLECTIVE_HEADS = frozenset({"power", "powers", "nation", "nations", "country", "countries",
                              "state", "states", "ally", "allies", "partner", "partners",
                              "government", "governments", "capital", "capitals", "west",
                              "leaders", "actors", "players", "adversaries", "rivals"})
MILITARY_TITLES = frozenset({"general", "commander", "admiral", "colonel", "major", "lieutenant",
                             "brigadier", "marshal", "chief of staff"})
# Countries whose names put the family name first (as English-language news writes them)
FAMILY_NAME_FIRST = frozenset({"CHN", "TWN", "HKG", "MAC", "PRK", "KOR", "VNM", "KHM", "SGP"})
# "Iran-backed militia", "Hamas-allied fighters": the modifier names a sponsor, not the actor
SPONSOR_WORDS = frozenset({"backed", "supported", "sponsored", "funded", "financed", "armed",
                           "allied", "aligned", "inspired", "trained"})
NAMED_MODIFIER_KINDS = frozenset({"group", "igo", "body", "ngo", "media"})
PERSON_TITLES_GOV = frozenset({"president", "minister", "leader", "spokesman", "spokeswoman",
                               "ayatollah", "chancellor", "king", "emir", "prince", "premier",
                               "secretary", "ambassador", "envoy", "chairman", "deputy",
                               "senator", "governor", "mayor", "diplomat", "official",
                               "spokesperson", "sheikh", "sultan", "queen"})


@dataclass(frozen=True, slots=True)
class PhraseActor:
    """The actor(s) of the phrase headed by token ``head``; ``start``/``end`` are token indices."""

    head: int
    start: int
    end: int
    actors: tuple[Actor, ...]
    kind: str


def _norm(text: str) -> str:
    return text.replace("’", "'").strip().lower()


def suffix_texts(doc, start: int, head) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    """``(i, doc[i:head.i + 1].text)`` for i from ``start`` to the head, longest first: slices
    of one phrase text (tokens tile the text), not a spaCy span per suffix."""
    phrase = doc[start:head.i + 1].text
    base = doc[start].idx
    return [(i, phrase[doc[i].idx - base:]) for i in range(start, head.i + 1)]


def is_sponsor(token) -> bool:  # type: ignore[no-untyped-def]
    """Is ``token`` the sponsor in "Iran-backed", "Hamas-allied" (followed by a sponsor word)?"""
    nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if nxt is not None and nxt.text == "-" and token.i + 2 < len(token.doc):
        nxt = token.doc[token.i + 2]
    return (token.head.lower_ in SPONSOR_WORDS
            or (nxt is not None and nxt.lower_ in SPONSOR_WORDS))


def is_ethnic(token) -> bool:  # type: ignore[no-untyped-def]
    """Is ``token`` a demonym used for an ethnicity ("ethnic Armenian", "ethnic-Albanian")? The
    people of a territory are coded by where they live, not by their kin state."""
    doc = token.doc
    i = token.i - 1
    if i >= 0 and doc[i].text == "-":
        i -= 1
    return i >= 0 and doc[i].lower_ == "ethnic"


def phrase_bounds(head) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Token range [start, end) of the head's left-modifier phrase (contiguous)."""
    start = head.i
    for child in head.lefts:
        if child.dep_ in LEFT_DEPS or (child.dep_ == "prep" and child.text == "-"):
            start = min(start, child.left_edge.i)
    return start, head.i + 1


class Resolver:
    """Resolves phrases of one document; holds the document's date and knowledge tables."""

    def __init__(self, kb: Knowledge, offices: OfficeTable, on: date | None,
                 user: UserDictionary | None = None) -> None:
        self.kb = kb
        self.offices = offices
        self.on = on
        self.user = user or UserDictionary()
        self._people: dict[str, Actor] = {}  # surname/full name -> actor seen in this document

    # -- lookups ---------------------------------------------------------------------------
    def entry(self, text: str) -> ActorEntry | None:
        """What a phrase names: the user's dictionary first, then the bundled knowledge."""
        if len(self.user):
            u = self.user.lookup(text, self.on)
            if u is not None:
                return ActorEntry(code=u.code, sector=u.sector, name=u.name, kind="dictionary",
                                  country=u.code)
        return self.kb.lookup(text, on=self.on)

    def country_of_token(self, token) -> str | None:  # type: ignore[no-untyped-def]
        """A country code named by one token: a country, capital, demonym ("Iranian")."""
        text = token.text
        code = self.kb.demonym(text)
        if code:
            return code
        e = self.entry(text)
        if e is not None and e.kind in ("country", "capital", "metonym", "demonym", "people",
                                        "dictionary"):
            return e.code
        return None

    def person(self, name: str) -> tuple[Actor, OfficeTerm | None] | None:
        """A person by full name or surname: this document's earlier mentions, then offices."""
        key = _norm(name)
        if key in self._people:
            return self._people[key], None
        terms = self.offices.find_person(name, self.on)
        if self.on is not None:
            terms = [t for t in terms if t.in_force(self.on)] or terms[:0]
            if not terms and self.kb.lookup(name) is not None:
                return None  # out of national office, named by an organisation ("Rutte" at NATO)
            if not terms:
                # out of office on the date: the most recent term still tells the country
                every = self.offices.find_person(name, None)
                terms = [t for t in every if t.start <= self.on][:1] or every[-1:]
        if not terms:
            return None
        term = terms[0]
        actor = Actor(term.country, term.sector or "GOV", term.name, person=term.name,
                      title=term.title, office=term.office)
        return actor, term

    def remember_person(self, tokens: Iterable, actor: Actor) -> None:  # type: ignore[type-arg]
        names = [t.text for t in tokens if t.pos_ == "PROPN" and t.text[:1].isupper()]
        if not names or actor.code is None:
            return
        full = " ".join(names)
        self._people.setdefault(_norm(full), actor)
        self._people.setdefault(_norm(names[-1]), actor)
        if actor.code in FAMILY_NAME_FIRST:
            # "Kim Jong Un ... Kim", "Wang Yi ... Wang": the family name comes first
            given = [n for n in names if n.lower() not in PERSON_TITLES_GOV | MILITARY_TITLES
                     and self.kb.title(n) is None and self.kb.demonym(n) is None
                     and self.kb.lookup(n) is None]
            if len(given) >= 2:
                self._people.setdefault(_norm(given[0]), actor)

    # -- phrase resolution -----------------------------------------------------------------
    def resolve(self, head) -> PhraseActor | None:  # type: ignore[no-untyped-def]
        """The actor(s) of the phrase headed by ``head``, or None if it names no actor."""
        if head.pos_ not in NOUN_POS and head.pos_ != "ADJ":
            return None
        doc = head.doc
        start, end = phrase_bounds(head)
        tokens = doc[start:end]
        head_text = _norm(head.text)

        # 1. a named person (a PERSON entity or a run of proper nouns ending at the head)
        if head.pos_ == "PROPN" or head.ent_type_ == "PERSON" or (
                head.pos_ == "ADJ" and head.text[:1].isupper() and self.kb.demonym(head.text) is None):
            name_tokens = [t for t in tokens if (t.pos_ == "PROPN" or t.i == head.i)
                           and t.i >= self._name_start(head)]
            found = self._person_phrase(name_tokens, tokens)
            if found is not None:
                return PhraseActor(head.i, start, end, (found,), "name")

        # 2. a named organisation / metonym / country at the head (longest span ending at head)
        named = self._of_name(head, start)
        if named is not None:
            return named
        suffixes = suffix_texts(doc, start, head)
        for i, span_text in suffixes:
            e = self.entry(span_text)
            if e is not None and (e.code is not None or e.kind in ("igo", "group", "media", "body",
                                                                     "metonym", "collective")):
                if e.kind == "demonym" and i == head.i and head.pos_ == "ADJ":
                    break
                if e.kind == "igo" and self._modifier_countries(doc, start, doc[i]):
                    break  # "Russia's Security Council" is Russia's, not the UN's
                sector = e.sector or "GOV"
                kind = {"country": "country", "capital": "capital", "metonym": "metonym",
                        "dictionary": "dictionary", "collective": "vague"}.get(e.kind,
                                                                               "organisation")
                return PhraseActor(head.i, start, end,
                                   (Actor(e.code, sector, e.name),), kind)

        # 2b. a named group / organisation / body among the modifiers
        sector = self._sector(doc, start, head, suffixes)
        inner = self._modifier_name(doc, start, head)
        if inner is not None and (sector is not None or inner.kind == "group"):
            # an organisation only before an actor noun ("AU troops", not "the G20 summit")
            kind = "organisation"
            own = inner.sector if inner.kind == "group" or sector is None else sector
            return PhraseActor(head.i, start, end,
                               (Actor(inner.code, own, doc[start:end].text),), kind)

        # 3. countries among the modifiers, the of-phrase or the appositive
        codes = self._modifier_countries(doc, start, head)
        if not codes and (sector is not None or head.ent_type_ == "PERSON"):
            # "the foreign minister of Iran", "Dmitry Peskov, the Kremlin's spokesman" (only for
            # heads that name an actor: "the impact of the US raids" is not the US)
            codes = self._right_countries(head)
        if codes:
            if sector is None:
                sector = "GOV" if self._is_actorish(head) else None
            if sector is None:
                sector = "GOV"
            name = doc[start:end].text
            # "the Russian leader", "Iran's foreign minister": a person, though unnamed
            title = head.text if (head_text in PERSON_TITLES_GOV or head_text in MILITARY_TITLES
                                  or self.kb.office_of_title(head.text)) else None
            actors = tuple(Actor(c, sector, name, title=title) for c in codes)
            if head.ent_type_ == "PERSON" or self._titled(tokens):
                for a in actors[:1]:
                    self.remember_person(tokens, a)
            return PhraseActor(head.i, start, end, actors, "description")

        # 4. vague collectives: "Western powers", "Gulf nations", "the West"
        mods = {_norm(t.text) for t in tokens}
        if head_text in ("west",) or (mods & VAGUE and (head_text in COLLECTIVE_HEADS
                                                        or sector is not None)):
            return PhraseActor(head.i, start, end,
                               (Actor(None, sector or "GOV", doc[start:end].text),), "vague")
        return None

    def _of_name(self, head, start: int) -> PhraseActor | None:  # type: ignore[no-untyped-def]
        """A proper name that runs on through "of" ("the Economic Community of West African
        States", "the Organization of American States"): the phrase up to the end of the
        of-phrase, if it is all capitalised words, names a known organisation or country."""
        if head.pos_ != "PROPN":
            return None
        doc = head.doc
        for child in head.rights:
            if child.dep_ != "prep" or child.lower_ != "of":
                continue
            end = child.right_edge.i + 1
            words = [t for t in doc[child.i + 1:end] if not t.is_punct and t.lower_ != "the"]
            if not words or not all(t.text[:1].isupper() or t.lower_ in ("and", "for", "of")
                                    for t in words):
                return None
            for i in range(start, head.i + 1):
                e = self.entry(doc[i:end].text)
                if e is not None and e.code is not None and e.kind != "demonym":
                    return PhraseActor(head.i, start, end, (Actor(e.code, e.sector or "GOV",
                                                                  e.name),), "organisation")
        return None

    def _person_country(self, token) -> str | None:  # type: ignore[no-untyped-def]
        """The country of a known person named by the proper-noun run ending at ``token``."""
        i = token.i
        while i > 0 and token.doc[i - 1].pos_ == "PROPN" and token.doc[i - 1].head.i in (token.i, token.head.i):
            i -= 1
        for k in range(i, token.i + 1):
            found = self.person(token.doc[k:token.i + 1].text)
            if found is not None and found[0].code:
                return found[0].code
        return None

    def _modifier_name(self, doc, start: int, head) -> ActorEntry | None:  # type: ignore[no-untyped-def]
        """A named group, organisation or body among the left modifiers (longest first)."""
        if head.i - start < 1:
            return None
        for length in range(head.i - start, 0, -1):
            for i in range(head.i - length, start - 1, -1):  # nearest the head first
                span = doc[i:i + length]
                if span[0].is_punct or span[-1].is_punct or not any(t.text[:1].isupper()
                                                                    for t in span):
                    continue
                if is_sponsor(span[-1]):
                    continue
                e = self.entry(span.text)
                if e is not None and e.code is not None and e.kind in NAMED_MODIFIER_KINDS:
                    return e
        return None

    def _name_start(self, head) -> int:  # type: ignore[no-untyped-def]
        i = head.i
        while i > 0 and head.doc[i - 1].pos_ == "PROPN" and head.doc[i - 1].dep_ == "compound":
            i -= 1
        return i

    def _person_phrase(self, name_tokens, tokens) -> Actor | None:  # type: ignore[no-untyped-def]
        # try the longest name run first: "Ayatollah Ali Khamenei", "Ali Khamenei", "Khamenei"
        for k in range(len(name_tokens)):
            name = " ".join(t.text for t in name_tokens[k:])
            if not name:
                continue
            found = self.person(name)
            if found is not None:
                actor, _ = found
                self.remember_person(name_tokens, actor)
                return actor
        return None

    def _titled(self, tokens) -> bool:  # type: ignore[no-untyped-def]
        return any(_norm(t.text) in PERSON_TITLES_GOV or self.kb.office_of_title(t.text)
                   for t in tokens)

    def _is_actorish(self, head) -> bool:  # type: ignore[no-untyped-def]
        return head.pos_ in NOUN_POS

    def _sector(self, doc, start: int, head,  # type: ignore[no-untyped-def]
                suffixes: list[tuple[int, str]]) -> str | None:
        """Sector from the longest sector noun ending at the head ("Foreign Ministry", "jets");
        ``suffixes`` is :func:`suffix_texts` of the phrase."""
        for _, text in suffixes:
            s = self.kb.sector_of_noun(text)
            if s is not None:
                if head.ent_type_ == "PERSON" or head.pos_ == "PROPN" and self._titled(doc[start:head.i + 1]):
                    if any(_norm(t.text) in MILITARY_TITLES for t in doc[start:head.i + 1]):
                        return "MIL"
                    return "GOV"
                return s
        if head.ent_type_ == "PERSON" or (head.pos_ == "PROPN" and self._titled(doc[start:head.i])):
            if any(_norm(t.text) in MILITARY_TITLES for t in doc[start:head.i + 1]):
                return "MIL"
            return "GOV"
        return None

    def _modifier_countries(self, doc, start: int, head) -> list[str]:  # type: ignore[no-untyped-def]
        codes: list[str] = []
        for t in doc[start:head.i]:
            if t.dep_ == "case" or t.is_punct or is_sponsor(t) or is_ethnic(t):
                continue
            code = self.country_of_token(t)
            if code is None and t.pos_ == "PROPN" and t.dep_ in ("compound", "poss") \
                    and t.head.i == head.i:
                code = self._person_country(t)  # "the Maduro regime", "Biden's administration"
            if code is None and t.dep_ == "poss":
                # "the Kremlin's spokesman": a possessive metonym or organisation
                e = self.entry(doc[t.left_edge.i:t.i + 1].text) or self.entry(t.text)
                code = e.code if e is not None else None
            if code and code not in codes:
                codes.append(code)
        return codes

    def _right_countries(self, head) -> list[str]:  # type: ignore[no-untyped-def]
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ in ("of", "from", "in"):
                # "the government of Iran", "soldiers from Gondor", "lawmakers in X and Y"
                codes: list[str] = []
                for pobj in child.children:
                    if pobj.dep_ != "pobj":
                        continue
                    for p in (pobj, *[c for c in pobj.conjuncts if c.i > pobj.i]):
                        code = self.country_of_token(p)
                        if code is None:
                            inner = self.resolve(p)
                            code = inner.actors[0].code if inner is not None else None
                        if code and code not in codes:
                            codes.append(code)
                if codes:
                    return codes
            if child.dep_ == "appos":
                inner = self.resolve(child)
                if inner is not None and inner.actors[0].code:
                    return [inner.actors[0].code]
        if head.dep_ == "appos" and head.head.pos_ in NOUN_POS:
            # "Deputy Chairman of Russia's Security Council, Dmitry Medvedev"
            for child in head.head.rights:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for pobj in child.children:
                        inner = self.resolve(pobj) if pobj.dep_ == "pobj" else None
                        if inner is not None and inner.actors[0].code:
                            return [inner.actors[0].code]
            start, _ = phrase_bounds(head.head)
            codes = self._modifier_countries(head.doc, start, head.head)
            if codes:
                return codes[:1]
        return []
