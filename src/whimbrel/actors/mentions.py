"""Find every actor mention of a parsed document, including references back to earlier ones.

Named and described actors come from :class:`~whimbrel.actors.resolve.Resolver`. In-document
coreference then fills in what refers back:

* surnames after a full mention ("Araghchi"): remembered by the resolver;
* definite descriptions with no country ("the ministry", "the leader"): the latest earlier
  mention with the same head noun;
* pairs ("the two leaders", "both nations", "both sides", "their"): the two latest distinct
  actors;
* generic actor nouns ("police", "the regime", "civilians", "the militants", "its forces"):
  :mod:`whimbrel.actors.context` (the same noun earlier, the armed group just named, else the
  article's dominant country);
* first person in a quote attributed after it ("'We will respond,' the spokesman said"): the
  subject of the speech verb;
* pronouns: "he/his/him/she/her" a person subject earlier in the sentence ("Kim said he"), else
  the latest person; "it/its" the latest organisation or country
  (preferring the previous sentence's subject); "they/their/them" the latest pair.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from whimbrel.actors.context import dominant_country, generic_actors
from whimbrel.places import load_gazetteer
from whimbrel.actors.resolve import NOUN_POS, PhraseActor, Resolver
from whimbrel.records import Actor

PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers"})
THING_PRONOUNS = frozenset({"it", "its"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs"})
FIRST_PERSON = frozenset({"we", "us", "our", "i", "my"})
SPEECH_VERBS = frozenset({"say", "tell", "add", "state", "write", "tweet", "post", "declare",
                          "announce", "warn", "insist", "stress", "claim", "explain", "note"})
PAIR_WORDS = frozenset({"both", "two"})
# "the warring parties", "the conflicting sides", "rival factions", "the parties": the two
# belligerents of the document (a state and an armed group may share a country)
BELLIGERENT_WORDS = frozenset({"warring", "conflicting", "rival", "opposing", "fighting",
                               "belligerent", "all", "the"})
BELLIGERENT_HEADS = frozenset({"parties", "sides", "factions"})
PAIR_HEADS = frozenset({"leaders", "nations", "countries", "sides", "states", "governments",
                        "capitals", "partners", "allies", "presidents", "ministers", "powers"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod", "flat"})
LOOKBACK_SENTENCES = 3
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "dative"})
GROUP_NOUNS = frozenset({"aggressors", "attackers", "belligerents", "adversaries", "enemies",
                         "rivals", "parties", "allies", "partners"})


@dataclass(frozen=True, slots=True)
class DocMention:
    """An actor mention of a parsed document: token range, actors, how it was found."""

    sentence: int  # index of the spaCy sentence in ``doc.sents`` order
    head: int
    start: int
    end: int
    actors: tuple[Actor, ...]
    kind: str

    def doc_first_person(self, doc) -> bool:  # type: ignore[no-untyped-def]
        """Is this mention a first-person pronoun ("we", "us")?"""
        return self.kind == "pronoun" and doc[self.head].lower_ in FIRST_PERSON

    def char_span(self, doc) -> tuple[int, int]:  # type: ignore[no-untyped-def]
        last = doc[self.end - 1]
        return doc[self.start].idx, last.idx + len(last.text)


@dataclass(slots=True)
class MentionIndex:
    """All mentions of a document, by head token."""

    mentions: list[DocMention] = field(default_factory=list)
    by_head: dict[int, DocMention] = field(default_factory=dict)

    def add(self, m: DocMention) -> None:
        self.mentions.append(m)
        self.by_head[m.head] = m

    def at(self, token) -> DocMention | None:  # type: ignore[no-untyped-def]
        return self.by_head.get(token.i)

    def __iter__(self) -> Iterator[DocMention]:
        return iter(self.mentions)


def is_phrase_head(token) -> bool:  # type: ignore[no-untyped-def]
    if token.pos_ == "ADJ" and token.text[:1].isupper() and token.dep_ in ARGUMENT_DEPS:
        return True  # a name mis-tagged as an adjective ("with Pezeshkian", "-ian" like a demonym)
    if token.pos_ not in NOUN_POS:
        return False
    return not (token.dep_ in MODIFIER_DEPS and token.head.pos_ in NOUN_POS
                and token.head.i != token.i)


def find_mentions(doc, resolver: Resolver,  # type: ignore[no-untyped-def]
                  event_nouns: frozenset[str] = frozenset()) -> MentionIndex:
    """Every actor mention of ``doc`` in text order. Nouns in ``event_nouns`` ("the strikes")
    are not resolved to an earlier mention: a back-reference to an event does not say who."""
    index = MentionIndex()
    dominant = dominant_country(doc, resolver, load_gazetteer())
    subjects: list[DocMention | None] = []
    for s_idx, sent in enumerate(doc.sents):
        subject: DocMention | None = None
        unresolved_we: list = []  # type: ignore[type-arg]
        for tok in sent:
            found: DocMention | None = None
            lower = tok.lower_.replace("’", "'")
            pronoun = lower in PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS | FIRST_PERSON
            if pronoun and (tok.text.islower() or tok.text.istitle()) and tok.pos_ != "PROPN":
                found = _pronoun(tok, s_idx, index, subjects)
                if found is None and lower in FIRST_PERSON:
                    unresolved_we.append(tok)
            elif is_phrase_head(tok):
                found = _pair(tok, s_idx, index) or _phrase(tok, s_idx, resolver)
                if found is None and tok.lower_ not in event_nouns:
                    found = _definite(tok, s_idx, index) or _generic(tok, s_idx, index,
                                                                     resolver, dominant)
            if found is not None:
                index.add(found)
                if subject is None and tok.dep_ in ("nsubj", "nsubjpass"):
                    subject = found
        speaker = _speaker(sent, index, s_idx) or (_speaker(sent, index, s_idx - 1)
                                                   if s_idx and unresolved_we else None)
        if unresolved_we and speaker is not None:
            for tok in unresolved_we:
                index.add(DocMention(s_idx, tok.i, tok.i, tok.i + 1, speaker.actors[:1], "pronoun"))
            index.mentions.sort(key=lambda m: m.head)
        subjects.append(subject)
    return index


def _speaker(sent, index: MentionIndex, s_idx: int) -> DocMention | None:  # type: ignore[no-untyped-def]
    """Who speaks a quote with its attribution after it ("'We struck two ships,' the
    spokesman said"), or in the sentence before (a quote that goes on): the coded subject of a
    speech verb in sentence ``s_idx``."""
    for m in index.mentions:
        if m.sentence != s_idx or m.doc_first_person(sent.doc) or not m.actors[0].code:
            continue
        head = sent.doc[m.head]
        if head.dep_ == "nsubj" and head.head.lemma_.lower() in SPEECH_VERBS:
            return m
    return None


def _phrase(tok, s_idx: int, resolver: Resolver) -> DocMention | None:  # type: ignore[no-untyped-def]
    pa: PhraseActor | None = resolver.resolve(tok)
    if pa is None:
        return None
    return DocMention(s_idx, pa.head, pa.start, pa.end, pa.actors, pa.kind)


def _generic(tok, s_idx: int, index: MentionIndex, resolver: Resolver,  # type: ignore[no-untyped-def]
             dominant: str | None) -> DocMention | None:
    """A generic actor noun with no country in its phrase (:mod:`whimbrel.actors.context`)."""
    pronoun = next((index.at(c) for c in tok.lefts if c.dep_ == "poss" and index.at(c)), None)
    found = generic_actors(tok, s_idx, resolver, index.mentions, dominant, pronoun)
    if found is None:
        return None
    actors, start = found
    return DocMention(s_idx, tok.i, start, tok.i + 1, actors, "context")


def _recent(index: MentionIndex, s_idx: int, *, person: bool | None = None,
            coded: bool = True) -> Iterator[DocMention]:
    for m in reversed(index.mentions):
        if s_idx - m.sentence > LOOKBACK_SENTENCES:
            return
        if coded and all(a.code is None for a in m.actors):
            continue
        if person is True and not any(a.person or m.kind in ("name",) for a in m.actors):
            if m.kind not in ("name",) and not _is_person_description(m):
                continue
        if person is False and (m.kind == "name" or _is_person_description(m)):
            continue
        yield m


def _is_person_description(m: DocMention) -> bool:
    return any(a.person or a.title for a in m.actors)


def _pair(tok, s_idx: int, index: MentionIndex) -> DocMention | None:  # type: ignore[no-untyped-def]
    """"the two leaders", "both nations", "both sides": the two latest distinct actors."""
    if tok.lower_ in BELLIGERENT_HEADS:
        return _belligerents(tok, s_idx, index)
    if tok.lower_ not in PAIR_HEADS:
        return None
    if not any(c.lower_ in PAIR_WORDS for c in tok.lefts):
        return None
    person = tok.lower_ in ("leaders", "presidents", "ministers")
    if person:
        found = _two_latest(index, s_idx, person)
    else:
        found = (_conjoined(index, s_idx, tok.doc) or _protagonists(index)
                 or _two_latest(index, s_idx))
    if found is None:
        return None
    start = min([tok.i] + [c.left_edge.i for c in tok.lefts])
    return DocMention(s_idx, tok.i, start, tok.i + 1, found, "coreference")


def _belligerents(tok, s_idx: int, index: MentionIndex) -> DocMention | None:  # type: ignore[no-untyped-def]
    """"the warring parties", "the conflicting sides", "the parties", "rival factions": the
    document's two main protagonists (:func:`_protagonists`), else the pair just named."""
    words = {c.lower_ for c in tok.lefts}
    if not words & (BELLIGERENT_WORDS | PAIR_WORDS) or any(c.dep_ == "poss" for c in tok.lefts):
        return None  # "their partners", "opposition parties" are no pair
    if any(c.lower_ in ("political", "opposition", "ruling", "other") for c in tok.lefts):
        return None
    found = _protagonists(index) or _conjoined(index, s_idx, tok.doc)
    if found is None:
        return None
    start = min([tok.i] + [c.left_edge.i for c in tok.lefts])
    return DocMention(s_idx, tok.i, start, tok.i + 1, found, "coreference")


def _two_latest(index: MentionIndex, s_idx: int, person: bool = False) -> tuple[Actor, ...] | None:
    seen: list[Actor] = []
    codes: set[str] = set()
    for m in _recent(index, s_idx, person=True if person else None):
        for a in m.actors:
            if a.code and a.code not in codes:
                codes.add(a.code)
                seen.append(a)
        if len(seen) >= 2:
            # text order: the earlier-mentioned actor first
            return tuple(reversed(seen[:2]))
    return None


def _protagonists(index: MentionIndex) -> tuple[Actor, ...] | None:
    """The two sides the document has named most often so far ("both nations", "the warring
    parties"). A side is a country's state (any sector but REB) or an armed group (REB) of a
    country, so a civil war's government and rebels are two sides though they share a code."""
    counts: dict[tuple[str, bool], int] = {}
    first: dict[tuple[str, bool], Actor] = {}
    for m in index.mentions:
        if m.kind not in ("country", "capital", "metonym", "name", "description", "organisation",
                          "context"):
            continue
        for a in m.actors:
            if a.code and a.sector != "IGO":
                key = (a.code, a.sector == "REB")
                counts[key] = counts.get(key, 0) + 1
                first.setdefault(key, Actor(a.code, "REB" if key[1] else "GOV", a.code))
    top = sorted(counts, key=lambda c: -counts[c])[:2]
    if len(top) < 2 or counts[top[1]] < 2:
        return None
    return tuple(first[c] for c in top)


def _definite(tok, s_idx: int, index: MentionIndex) -> DocMention | None:  # type: ignore[no-untyped-def]
    """"the ministry", "the leader": the latest earlier mention with the same head word."""
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.lefts):
        return None
    lemma = tok.lemma_.lower()
    bare = all(c.dep_ in ("det", "punct") for c in tok.lefts)  # not "the opposition parties"
    if tok.lower_ in GROUP_NOUNS and bare and (pair := _conjoined(index, s_idx, tok.doc)):
        # "the aggressors", "the attackers": the pair the text just named
        start = min([tok.i] + [c.left_edge.i for c in tok.lefts])
        return DocMention(s_idx, tok.i, start, tok.i + 1, pair, "coreference")
    for m in _recent(index, s_idx):
        head = tok.doc[m.head]
        if head.lemma_.lower() == lemma and m.head != tok.i:
            start = min([tok.i] + [c.left_edge.i for c in tok.lefts])
            return DocMention(s_idx, tok.i, start, tok.i + 1, m.actors, "coreference")
    return None


def _pronoun(tok, s_idx: int, index: MentionIndex,  # type: ignore[no-untyped-def]
             subjects: list[DocMention | None]) -> DocMention | None:
    lower = tok.lower_
    actors: tuple[Actor, ...] | None = None
    if lower in PERSON_PRONOUNS:
        prev = subjects[-1] if subjects else None
        speaker = _sentence_person_subject(tok, s_idx, index)
        if speaker is not None:
            actors = speaker.actors[:1]  # "Kim said he would visit": this sentence's subject
        elif (tok.dep_ in ("nsubj", "nsubjpass") and prev is not None and prev.actors[0].code
                and (prev.kind == "name" or _is_person_description(prev))):
            actors = prev.actors[:1]  # "Araghchi said ... Putin. He accused ...": the subject
        else:
            m = next(_recent(index, s_idx, person=True), None)
            actors = m.actors[:1] if m else None
    elif lower in THING_PRONOUNS and (same := _sentence_agent(tok, s_idx, index)) is not None:
        actors = same.actors[:1]
    elif lower in THING_PRONOUNS:
        prev = subjects[-1] if subjects else None
        if (prev is not None and prev.kind != "name"
                and not _is_person_description(prev) and prev.actors[0].code):
            actors = prev.actors[:1]
        else:
            m = next(_recent(index, s_idx, person=False), None)
            actors = m.actors[:1] if m else None
    elif lower in FIRST_PERSON:
        # "Zakharova ... stated, 'we would like to warn'": the latest actor in this sentence
        m = next((m for m in reversed(index.mentions) if m.sentence == s_idx
                  and m.actors[0].code), None)
        actors = m.actors[:1] if m else None
    elif lower in PLURAL_PRONOUNS and (same := _sentence_agent(tok, s_idx, index)) is not None \
            and tok.i - same.end <= 3:
        actors = same.actors  # "The Houthis, who say their attacks ..."
    elif lower in PLURAL_PRONOUNS:
        actors = _conjoined(index, s_idx, tok.doc) or _two_latest(index, s_idx)
    if not actors:
        return None
    return DocMention(s_idx, tok.i, tok.i, tok.i + 1, actors, "pronoun")


def _sentence_person_subject(tok, s_idx: int, index: MentionIndex) -> DocMention | None:  # type: ignore[no-untyped-def]
    """A named person (or titled description) that is a subject earlier in this sentence."""
    for m in reversed(index.mentions):
        if m.sentence != s_idx:
            break
        if (m.head < tok.i and tok.doc[m.head].dep_ == "nsubj" and m.kind != "pronoun"
                and m.actors[0].code and (m.kind == "name" or _is_person_description(m))):
            return m
    return None


def _sentence_agent(tok, s_idx: int, index: MentionIndex) -> DocMention | None:  # type: ignore[no-untyped-def]
    """An earlier possessor or subject in the same sentence ("Russia's support ..., its warnings")."""
    doc = tok.doc
    for m in reversed(index.mentions):
        if m.sentence != s_idx:
            break
        if m.head < tok.i and doc[m.head].dep_ in ("poss", "nsubj") and m.kind != "pronoun" \
                and m.actors[0].code and not _is_person_description(m):
            return m
    return None


def _conjoined(index: MentionIndex, s_idx: int, doc) -> tuple[Actor, ...] | None:  # type: ignore[no-untyped-def]
    """The latest pair of mentions joined by "and" ("Russia and Iran"), if recent."""
    mentions = list(_recent(index, s_idx))
    for later in mentions:
        for earlier in mentions:
            if (earlier.sentence == later.sentence and earlier.head < later.head
                    and _joined(earlier, later, doc)):
                return (earlier.actors[0], later.actors[0])
    return None


def _joined(a: DocMention, b: DocMention, doc) -> bool:  # type: ignore[no-untyped-def]
    between = [t.lower_ for t in doc[a.end:b.start]]
    return (0 < len(between) <= 2 and "and" in between and set(between) <= {"and", ","}
            and (a.actors[0].code, a.actors[0].sector) != (b.actors[0].code, b.actors[0].sector)
            and len(a.actors) == len(b.actors) == 1)
