"""Generic actor nouns that take their country from the document.

News names an actor once ("Sudan's army", "Kosovo police", "the Houthis") and then goes on with a
generic noun that carries no country: "the army", "police", "the regime", "protesters",
"civilians", "the militants", "the junta", "the transitional authorities". Such a noun is
resolved here, in this order:

1. a possessive pronoun already resolved ("its forces", "their fighters"): its actor, with the
   noun's sector; or, for a conjunct, the country of the first conjunct ("Iran's nuclear sites,
   scientists and military leaders");
2. the latest earlier mention in the document with the same head word and a code ("Kosovo
   police ... police") or, for a title ("the president"), the latest earlier holder of that
   office ("President Ruto ... The president");
3. for armed non-state nouns ("the militants", "gunmen", "the group"): the latest earlier mention
   of an armed group (sector REB) in the last :data:`GROUP_LOOKBACK` sentences, which is the
   group the text is talking about; "the bloc", "the alliance" the latest organisation (IGO);
4. else the article's dominant country (:func:`dominant_country`): the country its names,
   demonyms and capitals point to most often, the first one named on a tie. This is where a
   domestic story happens ("police fired tear gas at protesters" in an article about Kenya).
   Back-references to a group ("the group", "the organisation") never fall back to it, and a
   sponsor named in the phrase ("Iran-backed militiamen") is never the answer.

The noun keeps its own sector ("the junta" MIL, "the regime" GOV, "civilians" CVL). Only nouns
in :data:`GENERIC_ACTOR_NOUNS` are resolved: weapons and attack nouns ("drones", "the strikes")
do not say whose they are, and the other side of a conflict is as likely as the home country.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from whimbrel.places import Gazetteer
from whimbrel.actors.resolve import Resolver, is_ethnic, is_sponsor, phrase_bounds, suffix_texts
from whimbrel.records import Actor

if TYPE_CHECKING:
    from whimbrel.actors.mentions import DocMention

# Actor nouns that need a country and may take it from the document (longest form wins).
GENERIC_ACTOR_NOUNS = frozenset({
    # GOV
    "government", "governments", "administration", "authorities", "regime", "cabinet",
    "presidency", "parliament", "legislature", "lawmakers", "police", "policemen",
    "police officers", "officers", "officials", "ministry", "foreign ministry",
    "interior ministry", "spokesperson", "spokesman", "spokeswoman", "president",
    "prime minister", "foreign minister", "court", "courts", "judiciary", "prosecutors",
    "ruling party", "security services", "transitional authorities", "federal government",
    # MIL
    "army", "armed forces", "forces", "troops", "soldiers", "security forces",
    "navy", "air force", "coast guard", "border guards", "national guard", "junta",
    "military junta", "military regime", "military government", "military rulers",
    "military leaders", "coup leaders", "putschists", "military personnel", "personnel",
    # REB
    "rebels", "rebel", "militants", "insurgents", "militia", "militias", "militiamen",
    "fighters", "guerrillas", "guerrilla", "separatists", "jihadists", "gunmen", "gangs",
    "gang members", "armed gangs", "criminal gangs", "extremists", "armed group",
    "armed groups", "paramilitaries", "rebel dissidents", "dissident factions",
    # CVL
    "civilians", "people", "residents", "villagers", "protesters", "protestors",
    "demonstrators", "citizens", "population", "students", "activists",
    # OTHER
    "opposition", "opposition leader", "opposition leaders", "opposition parties",
})
# Back-references to an organisation just named: only an armed group's latest mention.
GROUP_REFERENCES = frozenset({"group", "groups", "movement", "faction", "factions", "outfit",
                              "enemy"})
# Back-references to an international organisation just named ("the bloc", "the alliance");
# "the organisation" may be either an organisation or an armed group.
IGO_REFERENCES = frozenset({"bloc", "alliance", "union", "commission", "body"})
EITHER_REFERENCES = frozenset({"organization", "organisation"})
# Resolved only as "the country" / "the military" (a bare or indefinite one is no actor:
# "a country that refuses", "military and economic aid").
DEFINITE_ONLY = frozenset({"country", "nation", "military"})
GROUP_LOOKBACK = 6
WHERE_WEIGHT = 3
# Actors that are where they are from: their nationality says where the story is. (Officials,
# troops and governments act abroad: "French troops in Mali" is a story in Mali.)
DOMESTIC_NOUNS = frozenset({"regime", "junta", "police", "civilian", "civilians", "people",
                            "resident", "residents", "villager", "villagers", "protester",
                            "protesters", "protestor", "protestors", "demonstrator",
                            "demonstrators", "opposition", "militant", "militants", "rebel",
                            "rebels", "insurgent", "insurgents", "militia", "militias", "gang",
                            "gangs", "parliament", "lawmakers", "separatists", "villages",
                            "town", "towns", "city", "region", "province", "state"})
# Trailing words dropped to find a place ("Kyauktaw Township"); not "State" or "Region", whose
# stems are often other places' names ("Chin State", "Shan State").
PLACE_WORDS = frozenset({"township", "district", "county", "governorate", "prefecture",
                         "oblast"})
LOCATIVE_PREPOSITIONS = frozenset({"in", "across", "inside", "within", "throughout"})
COUNTRY_KINDS = frozenset({"country", "capital", "demonym", "people", "metonym"})
# Nouns whose country is a quantity's, not an actor's ("the country's economy" is a thing).
NOT_ACTOR_DEPS = frozenset({"compound", "npadvmod"})


def dominant_country(doc, resolver: Resolver,  # type: ignore[no-untyped-def]
                     places: Gazetteer | None = None) -> str | None:
    """The country where the document's story happens, or None if it names none.

    Every country, capital, demonym, people noun or metonym counts once; it counts
    :data:`WHERE_WEIGHT` times where it says *where* rather than *who*: as the object of a
    locative preposition ("in Niger", "across Myanmar") or as the nationality of a domestic
    actor (:data:`DOMESTIC_NOUNS`: "Malian protesters", "Myanmar's junta"). A place the gazetteer knows (a city, a town) and
    the home of a (not transnational) armed group the article names are always a where. So an article about France pulling out of Niger is Niger's, though it names
    France as often. Ties go to the country named first. Named entities are looked up whole
    ("South Sudan"); other capitalised words one by one ("Kenyan")."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    covered: set[int] = set()

    def count(code: str | None, root, place: bool = False) -> None:  # type: ignore[no-untyped-def]
        if code is None or len(code) != 3 or not code.isalpha() or is_ethnic(root):
            return  # "ethnic Serbs" say who, not where
        counts[code] += WHERE_WEIGHT if place or _says_where(root, resolver) else 1
        first.setdefault(code, root.i)

    for ent in doc.ents:
        if ent.label_ not in ("GPE", "NORP", "LOC", "ORG", "FAC"):
            continue
        e = resolver.entry(ent.text)
        code = e.code if e is not None and e.kind in COUNTRY_KINDS else resolver.kb.demonym(ent.text)
        # an armed group fights at home: its country is where the story is
        place = e is not None and e.kind == "group" and not e.transnational
        if place:
            code = e.code
        if code is None and e is None and places is not None and ent.label_ in ("GPE", "LOC", "FAC"):
            code = _place(places, ent.text)
            place = code is not None
        if code is not None:
            covered.update(range(ent.start, ent.end))
            count(code, ent.root, place)
    for tok in doc:
        if tok.i in covered or not tok.text[:1].isupper() or tok.pos_ not in ("PROPN", "ADJ"):
            continue
        if tok.i > 0 and tok.doc[tok.i - 1].lower_ == "ethnic":
            continue
        count(resolver.country_of_token(tok), tok)
    if not counts:
        return None
    return max(counts, key=lambda c: (counts[c], -first[c]))


def _says_where(root, resolver: Resolver) -> bool:  # type: ignore[no-untyped-def]
    """Does a country name at ``root`` say where (a locative object, or the nationality of a
    generic actor noun) rather than who acts?"""
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in LOCATIVE_PREPOSITIONS:
        return True
    if root.dep_ in ("amod", "compound", "poss", "nmod") and head.i != root.i:
        return head.lemma_.lower() in DOMESTIC_NOUNS or head.lower_ in DOMESTIC_NOUNS
    return False


def _place(places: Gazetteer, name: str) -> str | None:
    """The country of a place name, also without a trailing "Township", "District" ..."""
    loc = places.lookup(name)
    words = name.split()
    if loc is None and len(words) > 1 and words[-1].lower() in PLACE_WORDS:
        loc = places.lookup(" ".join(words[:-1]))
    return loc.country if loc is not None else None


def _noun_form(tok, resolver: Resolver) -> tuple[str, int] | None:  # type: ignore[no-untyped-def]
    """The longest generic actor noun ending at ``tok`` and where its phrase starts."""
    start, _ = phrase_bounds(tok)
    for i, text in suffix_texts(tok.doc, start, tok):
        form = text.replace("’", "'").lower().strip()
        if form in GENERIC_ACTOR_NOUNS or (i == tok.i and tok.lemma_.lower() in GENERIC_ACTOR_NOUNS):
            return form, start
    return None


def generic_actors(tok, s_idx: int, resolver: Resolver,  # type: ignore[no-untyped-def]
                   prior: Sequence[DocMention], dominant: str | None,
                   pronoun: DocMention | None = None) -> tuple[tuple[Actor, ...], int] | None:
    """The actors of a generic noun headed by ``tok`` and the token its phrase starts at, or
    None (see the module docstring for the order). ``prior`` are the document's mentions so
    far, in text order; ``pronoun`` is the resolved possessive pronoun of the phrase, if any."""
    if any(t.pos_ == "PROPN" for t in tok.lefts if t.dep_ != "det"):
        return None  # an unresolved name ("Kyauktaw villagers") is not for guessing
    lower = tok.lower_
    if lower in GROUP_REFERENCES | IGO_REFERENCES | EITHER_REFERENCES:
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.lefts):
            return None
        start, _ = phrase_bounds(tok)
        sectors = ({"REB"} if lower in GROUP_REFERENCES else {"IGO"} if lower in IGO_REFERENCES
                   else {"REB", "IGO"})
        ref = _latest_group(prior, s_idx, sectors)
        return ((Actor(ref.code, ref.sector, tok.doc[start:tok.i + 1].text),), start) if ref else None
    found = _noun_form(tok, resolver)
    if found is None and pronoun is not None and resolver.kb.sector_of_noun(tok.text):
        # "the bloc's defence chiefs", "its negotiators": the possessor, with the noun's sector
        found = tok.text.lower(), phrase_bounds(tok)[0]
    if found is None:
        if lower in DEFINITE_ONLY and [c.lower_ for c in tok.lefts] == ["the"] and dominant:
            return (Actor(dominant, "GOV" if lower != "military" else "MIL",
                          tok.doc[tok.i - 1:tok.i + 1].text),), tok.i - 1
        return None
    form, start = found
    sector = resolver.kb.sector_of_noun(form) or resolver.kb.sector_of_noun(tok.text) or "GOV"
    text = tok.doc[start:tok.i + 1].text
    if pronoun is not None:
        codes = [a.code for a in pronoun.actors if a.code]
        return (tuple(Actor(c, sector, text) for c in codes), start) if codes else None
    code = _conjunct_country(tok, prior) or _same_noun(tok, form, prior, resolver)
    if code is None and sector == "REB":
        reb = _latest_group(prior, s_idx, {"REB"})
        code = reb.code if reb is not None else None
    code = code or dominant
    sponsors = {resolver.country_of_token(t) for t in tok.doc[start:tok.i] if is_sponsor(t)}
    if code is None or code in sponsors:
        return None  # "Iran-backed militiamen" are not Iran's, whatever the article is about
    return (Actor(code, sector, text),), start


def _conjunct_country(tok, prior: Sequence[DocMention]) -> str | None:  # type: ignore[no-untyped-def]
    """The country of the first conjunct when it is named with one ("Iran's sites, scientists
    and commanders": the possessor is shared)."""
    if tok.dep_ != "conj":
        return None
    first = tok.head
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    for m in reversed(prior):
        if m.head == first.i and m.kind == "description" and m.actors[0].code:
            return m.actors[0].code
    return None


def _same_noun(tok, form: str, prior: Sequence[DocMention],  # type: ignore[no-untyped-def]
               resolver: Resolver) -> str | None:
    """The code of the latest earlier mention headed by the same word, or holding the office
    the noun is a title of."""
    doc = tok.doc
    lemma = tok.lemma_.lower()
    office = resolver.kb.office_of_title(form)
    for m in reversed(prior):
        if m.kind == "pronoun" or not m.actors or m.actors[0].code is None:
            continue
        if doc[m.head].lemma_.lower() == lemma and m.head != tok.i:
            return m.actors[0].code
        if office is not None and any(a.office == office and a.code for a in m.actors):
            return next(a.code for a in m.actors if a.office == office and a.code)
    return None


def _latest_group(prior: Sequence[DocMention], s_idx: int, sectors: set[str]) -> Actor | None:
    """The latest actor of one of ``sectors`` (REB: an armed group; IGO: an organisation)."""
    for m in reversed(prior):
        if s_idx - m.sentence > GROUP_LOOKBACK:
            return None
        for a in m.actors:
            if a.sector in sectors and a.code is not None:
                return a
    return None
