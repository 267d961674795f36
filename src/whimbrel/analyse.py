"""The stages after parsing: actor mentions and events of one parsed document.

:class:`Analyzer` holds the knowledge tables and coding rules (loaded once) and turns a spaCy
``Doc`` of an :class:`~whimbrel.records.Article` into a :class:`~whimbrel.records.ParsedArticle`
with sentences, actor mentions and events, all by character offsets into the cleaned text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from whimbrel.actors.dictionary import UserActor, UserDictionary
from whimbrel.actors.knowledge import Knowledge, load_knowledge
from whimbrel.actors.mentions import find_mentions
from whimbrel.actors.offices import OfficeTable, load_offices
from whimbrel.actors.resolve import Resolver
from whimbrel.events.coder import Coder
from whimbrel.events.rules import Rules, load_rules
from whimbrel.nlp import NlpConfig, sentences_of
from whimbrel.places import Gazetteer, load_gazetteer
from whimbrel.records import ActorMention, Article, ParsedArticle

_FULL_DATE = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|"
    r"December) (\d{1,2}), (\d{4})\b")
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"]


def reference_date(article: Article) -> date | None:
    """The article's date, else the latest full date its text gives ("June 19, 2025")."""
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
    return max(found) if found else None


@dataclass(frozen=True, slots=True)
class Analyzer:
    kb: Knowledge
    offices: OfficeTable
    rules: Rules
    user: UserDictionary = field(default_factory=UserDictionary)
    gazetteer: Gazetteer | None = None

    @classmethod
    def load(cls, user: Iterable[UserActor] = ()) -> Analyzer:
        """The bundled knowledge and rules, plus the user's imported actors."""
        return cls(load_knowledge(), load_offices(), load_rules(), UserDictionary(user),
                   load_gazetteer())

    def analyse(self, doc, article: Article) -> ParsedArticle:  # type: ignore[no-untyped-def]
        sentences = sentences_of(doc, article.id)
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
                records.append(ActorMention(article.id, s_idx, a, b, doc.text[a:b], actor, m.kind))
        events = Coder(self.rules, self.gazetteer).code_doc(doc, mentions, article_id=article.id,
                                            sentence_index=index_of_spacy, reference=ref)
        return ParsedArticle(article, sentences, tuple(records), tuple(events))


def analyse_articles(nlp, analyzer: Analyzer, articles: Iterable[Article],  # type: ignore[no-untyped-def]
                     config: NlpConfig | None = None) -> Iterator[ParsedArticle]:
    """Parse a stream of articles with spaCy and run the actor and event stages on each."""
    config = config or NlpConfig()
    pairs = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=config.batch_size,
                                 n_process=config.n_process):
        yield analyzer.analyse(doc, article)
