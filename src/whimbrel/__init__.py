"""whimbrel: news articles to an auditable record of international political events.

The public API (re-exported here; everything else is internal)::

    >>> import whimbrel
    >>> summary = whimbrel.ingest(["articles/"], db="news.duckdb")   # doctest: +SKIP
    >>> with whimbrel.Store("news.duckdb", read_only=True) as store:  # doctest: +SKIP
    ...     for row in store.articles():
    ...         print(row["id"], row["title"])
"""

from whimbrel.clean import clean
from whimbrel.errors import (
    InputError,
    ModelError,
    RejectedInput,
    StoreError,
    StoreLockedError,
    WhimbrelError,
)
from whimbrel.pipeline import IngestOptions, ingest, recode
from whimbrel.readers import read_inputs
from whimbrel.records import (
    Article,
    CleanedText,
    CleaningAction,
    IngestSummary,
    ParsedArticle,
    RawDocument,
    Rejection,
    Sentence,
)
from whimbrel.store import Store

__version__ = "0.1.0"

__all__ = [
    "Article",
    "CleanedText",
    "CleaningAction",
    "IngestOptions",
    "IngestSummary",
    "InputError",
    "ModelError",
    "ParsedArticle",
    "RawDocument",
    "RejectedInput",
    "Rejection",
    "Sentence",
    "Store",
    "StoreError",
    "StoreLockedError",
    "WhimbrelError",
    "clean",
    "ingest",
    "read_inputs",
    "recode",
]
