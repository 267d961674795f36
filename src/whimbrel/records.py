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
    (for a JSON Lines record without ``id``: ``feed.jsonl:12``). Exactly one of ``text`` and
    ``html`` is set.
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
    """An article with the output of the NLP stage."""

    article: Article
    sentences: tuple[Sentence, ...]


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
