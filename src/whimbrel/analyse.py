"""The stages after parsing: actor mentions and events of one parsed document.

:class:`Analyzer` holds the knowledge tables and coding rules (loaded once) and turns a spaCy
``Doc`` of an :class:`~whimbrel.records.Article` into a :class:`~whimbrel.records.ParsedArticle`
with sentences, actor mentions and events, all by character offsets into the cleaned text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import chain, islice

from whimbrel.actors.dictionary import UserActor, UserDictionary
from whimbrel.actors.knowledge import Knowledge, load_knowledge
from whimbrel.actors.mentions import find_mentions
from whimbrel.actors.offices import OfficeTable, load_offices
from whimbrel.actors.resolve import Resolver
from whimbrel.claims import find_claims
from whimbrel.events.coder import Coder
from whimbrel.events.rules import Rules, load_rules
from whimbrel.events.verbdict import VerbDictionary, VerbMatcher
from whimbrel.nlp import NlpConfig, sentences_of
from whimbrel.places import Gazetteer, load_gazetteer
from whimbrel.records import ActorMention, Article, Event, ParsedArticle, Span

_FULL_DATE = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|"
    r"December) (\d{1,2}), (\d{4})\b")
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"]


_BARE_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def reference_date(article: Article) -> date | None:
    """The article's date, else the latest full date its text gives ("June 19, 2025") unless
    the text names a later year (then that date is history, not the story's date)."""
    if article.published:
        try:
            return date.fromisoformat(article.published[:10])
        except ValueError:
            pass
    found = []
    for month, day, year in _FULL_DATE.findall(article.text):
        try:
            found.append(date(int(year), _MONTHS.index(month.lower()) + 1, int(day)))
        except ValueError:
            continue
    if not found:
        return None
    latest = max(found)
    years = [int(y) for y in _BARE_YEAR.findall(article.text)]
    return None if years and max(years) > latest.year else latest


@dataclass(frozen=True, slots=True)
class Analyzer:
    kb: Knowledge
    offices: OfficeTable
    rules: Rules
    user: UserDictionary = field(default_factory=UserDictionary)
    gazetteer: Gazetteer | None = None
    verbs: VerbMatcher | None = None

    @classmethod
    def load(cls, user: Iterable[UserActor] = (),
             verbs: Sequence[VerbDictionary] = ()) -> Analyzer:
        """The bundled knowledge and rules, plus the user's imported actors and verb
        dictionaries."""
        return cls(load_knowledge(), load_offices(), load_rules(), UserDictionary(user),
                   load_gazetteer(), VerbMatcher(verbs) if verbs else None)

    def knows(self, word: str) -> bool:
        """Is ``word`` (or a two-word phrase) a name the knowledge tables recognise?"""
        return (self.kb.lookup(word) is not None or self.kb.demonym(word) is not None
                or bool(self.offices.find_person(word)) or self.user.lookup(word) is not None)

    def analyse(self, doc, article: Article) -> ParsedArticle:  # type: ignore[no-untyped-def]
        """Sentences, mentions and events of a parsed article. ``doc`` may have been parsed from a
        case-normalised copy of the text (same length): every text kept comes from the article."""
        text = article.text
        sentences = tuple(replace(s, text=text[s.start:s.end])
                          for s in sentences_of(doc, article.id))
        starts = [s.start for s in sentences]
        index_of_spacy: list[int] = []
        for sent in doc.sents:
            k = bisect.bisect_right(starts, sent.end_char - 1) - 1
            ok = k >= 0 and sentences[k].start < sent.end_char and sentences[k].end > sent.start_char
            index_of_spacy.append(k if ok else -1)
        ref = reference_date(article)
        mentions = find_mentions(doc, Resolver(self.kb, self.offices, ref, self.user),
                                 event_nouns=frozenset(self.rules.nouns))
        records: list[ActorMention] = []
        for m in mentions:
            s_idx = index_of_spacy[m.sentence] if m.sentence < len(index_of_spacy) else -1
            if s_idx < 0:
                continue
            a, b = m.char_span(doc)
            for actor in m.actors:
                records.append(ActorMention(article.id, s_idx, a, b, text[a:b], actor, m.kind))
        events = Coder(self.rules, self.gazetteer, self.verbs).code_doc(doc, mentions, article_id=article.id,
                                                            sentence_index=index_of_spacy,
                                                            reference=ref)
        claims = find_claims(doc, mentions, article_id=article.id, sentence_index=index_of_spacy)
        return ParsedArticle(article, sentences, tuple(records),
                             tuple(_original_text(e, text) for e in events),
                             tuple(replace(c, span=Span(c.span.start, c.span.end,
                                                        text[c.span.start:c.span.end]))
                                   for c in claims))


def _original_text(event: Event, text: str) -> Event:
    def fix(span: Span | None) -> Span | None:
        return None if span is None else Span(span.start, span.end, text[span.start:span.end])

    return replace(event, trigger=fix(event.trigger), source_span=fix(event.source_span),
                   target_span=fix(event.target_span))


_WORD = re.compile(r"[A-Za-z][\w'’-]*")


def truecase_headings(text: str, known) -> str:  # type: ignore[no-untyped-def]
    r"""The text with Title Case headings in sentence case, for parsing only.

    spaCy's small model tags most words of "Iran Seeks Putin's Help Amidst US Aggression" as
    proper nouns and finds no verb. Lines that are mostly capitalised words get every word that
    ``known`` does not recognise as a name lower-cased (the first word, acronyms and names stay).
    Only letters change case, so every character offset stays valid for the original text.

    >>> truecase_headings("Why Iran Appeals to Putin\nThe talks went on.", {"Iran", "Putin"}.__contains__)
    'Why Iran appeals to Putin\nThe talks went on.'
    """
    out = []
    for line in text.split("\n"):
        words = list(_WORD.finditer(line))
        caps = [w for w in words if w.group(0)[0].isupper()]
        if len(words) < 3 or len(caps) < 0.6 * len(words) or line.rstrip().endswith("."):
            out.append(line)
            continue
        chars = list(line)
        for i, w in enumerate(words):
            word = w.group(0)
            if i == 0 or not word[0].isupper() or word.isupper():
                continue
            nxt = words[i + 1].group(0) if i + 1 < len(words) else ""
            prev = words[i - 1].group(0) if i else ""
            stem = re.sub(r"['’]s$", "", word)
            if known(stem) or (nxt and known(f"{stem} {nxt}")) or (prev and known(f"{prev} {stem}")):
                continue
            chars[w.start()] = word[0].lower()
        out.append("".join(chars))
    return "\n".join(out)


# A wire dateline or credit opening a paragraph: "CAIRO -", "MOSCOW, June 23 (Reuters) -",
# "(Bloomberg) --", "WASHINGTON (AP) —". A city in capitals and/or an agency in brackets, then
# a dash.
_DATELINE = re.compile(
    r"^(?P<line>(?:[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}"
    r"(?:,\s*(?:[A-Z][a-z]+\.?\s+\d{1,2}|[A-Z][A-Za-z]+))?\s*)?"
    r"(?:\([A-Z][A-Za-z .&/-]{1,40}\)\s*)?)(?:--|[-–—])\s", re.MULTILINE)


def mask_datelines(text: str) -> str:
    r"""The text with wire datelines and credits that open a paragraph blanked, for parsing only.

    "CAIRO - Talks between ..." parses with CAIRO as a noun of the sentence, and the city or the
    agency then becomes an actor of its events. Blanking (spaces of the same length) keeps every
    character offset valid for the original text, which is what is stored.

    >>> mask_datelines("CAIRO - Talks resumed.\n(Reuters) -- Troops left.\nA - B")
    '        Talks resumed.\n             Troops left.\nA - B'
    """
    def blank(m: re.Match[str]) -> str:
        head = m.group("line")
        if not head.strip() or not (re.search(r"[A-Z]{2}", head) or "(" in head):
            return m.group(0)
        return " " * len(m.group(0))

    return _DATELINE.sub(blank, text)


# Articles parsed in one spaCy memory zone: the words spaCy meets there for the first time
# (names, numbers, typos: in real news their number grows with the corpus) are added to its
# vocabulary only until the zone ends, so a long run's memory does not grow with them.
ZONE_ARTICLES = 256


def analyse_articles(nlp, analyzer: Analyzer, articles: Iterable[Article],  # type: ignore[no-untyped-def]
                     config: NlpConfig | None = None) -> Iterator[ParsedArticle]:
    """Parse a stream of articles with spaCy and run the actor and event stages on each.

    The articles are parsed :data:`ZONE_ARTICLES` at a time inside ``nlp.memory_zone()``: no
    spaCy object outlives its zone (what comes out are whimbrel records)."""
    config = config or NlpConfig()
    it = iter(articles)
    for first in it:
        with nlp.memory_zone():
            zone = chain((first,), islice(it, ZONE_ARTICLES - 1))
            pairs = ((mask_datelines(truecase_headings(a.text, analyzer.knows)), a)
                     for a in zone)
            for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=config.batch_size,
                                         n_process=config.n_process):
                yield analyzer.analyse(doc, article)
