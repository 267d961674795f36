"""Typed records passed between the stages of the pipeline.

Each stage maps a stream of one record type to a stream of the next:

    paths --read--> RawDocument | Rejection
          --clean--> Article (with its CleaningAction audit trail)
          --dedup--> Article (cluster set; exact copies become Duplicate)
          --parse--> ParsedArticle (Article + Sentence offsets)
          --store--> rows in DuckDB

Records are frozen: a stage that changes something returns a new record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

InputFormat = Literal["txt", "html", "jsonl"]


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One input document as read, before cleaning.

    ``origin`` names where it came from for messages (``dir/a.txt``, ``feed.jsonl:12``,
    ``<stdin>:3``). ``name`` is the stable id stem: the record's ``id`` field, else the file name
    (for a JSON Lines record without ``id``: ``feed.jsonl:12``). ``text`` is the body text (for
    HTML, the main text trafilatura extracted) and ``html`` the raw HTML when the input was HTML.
    ``published_raw`` is the date as the input gave it, kept when it could not be parsed.
    """

    origin: str
    name: str
    format: InputFormat
    text: str | None = None
    html: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date ``YYYY-MM-DD`` when it could be parsed
    size: int = 0  # bytes of the record as read
    published_raw: str | None = None  # the date as written in the input, parsed or not


@dataclass(frozen=True, slots=True)
class Rejection:
    """A document or record that was not stored, with a one-line reason."""

    origin: str
    reason: str


@dataclass(frozen=True, slots=True)
class CleaningAction:
    """One auditable change the cleaner made.

    ``kind`` is a stable slug (``mojibake``, ``glued-heading``, ``caption``, ``licence``,
    ``comment-bait``, ``related-links``, ``keyword-stuffing``, ``whitespace``, ``quotes``, ...);
    ``reason`` says why in words; ``before`` is the text removed or replaced and ``after`` what it
    became (empty for a removal).
    """

    kind: str
    reason: str
    before: str
    after: str = ""


@dataclass(frozen=True, slots=True)
class CleanedText:
    """The cleaner's output: the clean text and every change made to reach it."""

    text: str
    actions: tuple[CleaningAction, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article ready for NLP and storage.

    ``id`` is stable across runs (see :func:`whimbrel.ids.article_id`); ``content_hash`` is the
    SHA-256 of the extracted text before cleaning, which makes re-ingesting the same input a no-op.
    ``cluster`` is the id of the story cluster (the first-stored member) for republished copies.
    """

    id: str
    content_hash: str
    origin: str
    format: InputFormat
    text: str
    raw_text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    cleaning: tuple[CleaningAction, ...] = ()
    cluster: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article's cleaned text, by character offsets into it."""

    article_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """An article with the output of the NLP, actor and event stages."""

    article: Article
    sentences: tuple[Sentence, ...]
    mentions: tuple[ActorMention, ...] = ()
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    """A statement about a standing relationship between two actors ("Russia and Iran are not
    bound by a mutual defence agreement"): its kind, the pair, and whether it is asserted or
    denied, with the span of the words that say it."""

    article_id: str
    sentence: int
    kind: str
    actors: tuple[str, str]  # sorted country or organisation codes
    asserted: bool
    span: Span
    hedged: bool = False


@dataclass(slots=True)
class IngestSummary:
    """What one ingest run did."""

    read: int = 0
    stored: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    rejected: list[Rejection] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected


# -- actors ------------------------------------------------------------------------------------
SECTORS = ("GOV", "MIL", "REB", "CVL", "BUS", "MED", "IGO", "OTHER")


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts: a country or organisation code, a sector and a canonical name.

    ``code`` is ISO 3166-1 alpha-3 or an IGO code (UNO, NATO, EU, IAEA, ...), or None when the
    text names an actor whose country it does not say ("Western powers"). ``person`` and
    ``office`` are set for a known office holder on the article's date.
    """

    code: str | None
    sector: str | None
    name: str
    person: str | None = None
    title: str | None = None
    office: str | None = None  # head_of_state | head_of_government | foreign_minister | defence_minister

    @property
    def cameo(self) -> str:
        """A CAMEO-style actor code for exports (``RUSGOV``, ``IRNMIL``, ``UNO``)."""
        base = self.code or "---"
        if self.sector in (None, "IGO", "OTHER") or base == self.sector:
            return base
        return base + self.sector


@dataclass(frozen=True, slots=True)
class ActorMention:
    """A stretch of an article's text that names or refers to an actor.

    ``start``/``end`` are character offsets into the article's cleaned text; ``sentence`` is the
    index of the sentence holding it. ``kind`` says how it was recognised (``name``, ``title``,
    ``demonym``, ``metonym``, ``capital``, ``organisation``, ``description``, ``surname``,
    ``pronoun``, ``coreference``, ``dictionary``).
    """

    article_id: str
    sentence: int
    start: int
    end: int
    text: str
    actor: Actor
    kind: str
    confidence: float = 1.0


# -- events ------------------------------------------------------------------------------------
PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
                "COERCE", "ASSAULT")


@dataclass(frozen=True, slots=True)
class Span:
    """Character offsets into an article's cleaned text, with the text they cover."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Location:
    """Where an event happened: the name as written, resolved country and coordinates if known."""

    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One coded interaction, with the evidence it rests on.

    ``type`` is one of :data:`PLOVER_TYPES`; ``cameo`` the CAMEO code where one fits;
    ``source``/``target`` may be None when the text does not say. Spans are offsets into the
    article's cleaned text; ``sentence`` is the sentence index.
    """

    article_id: str
    sentence: int
    type: str
    trigger: Span
    source: Actor | None = None
    target: Actor | None = None
    source_span: Span | None = None
    target_span: Span | None = None
    mode: str | None = None
    contexts: tuple[str, ...] = ()
    cameo: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    negated: bool = False
    hedged: bool = False
    quoted: bool = False
    speaker: str | None = None
    date: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY
    location: Location | None = None
    confidence: float = 1.0
    rule: str | None = None  # id of the coding rule that produced it
    medium: str | None = None  # how a communication went: phone, letter, message, in person
