"""Typed failures of whimbrel.

The tree::

    WhimbrelError
    ├── InputError          an input file or record cannot be used (the message names it and why)
    │   └── RejectedInput   raised by a stage for one document; the batch records it and goes on
    ├── StoreError          the DuckDB store cannot be opened, migrated or written
    │   └── StoreLockedError  another process holds the write lock
    └── ModelError          the spaCy model is missing or cannot be loaded

Every message names the input (file, record or path) and, where there is one, the fix.
"""

from __future__ import annotations


class WhimbrelError(Exception):
    """Base class of every error whimbrel raises on purpose."""


class InputError(WhimbrelError):
    """An input path or record cannot be read."""


class RejectedInput(InputError):
    """One document is rejected; ``reason`` is the one-line explanation stored in the summary."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class StoreError(WhimbrelError):
    """The store cannot be opened, migrated or written."""


class QueryTimeout(StoreError):
    """A read ran past its time limit and was stopped."""


class StoreLockedError(StoreError):
    """Another process is writing to the store (DuckDB allows one writer)."""


class ModelError(WhimbrelError):
    """The spaCy model is missing or cannot be loaded."""
