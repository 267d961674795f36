"""A writer session: one process writing to a store while others read it between batches.

DuckDB lets one process hold a store file, reading or writing. A :class:`WriterSession` opens
the store for each piece of work and closes it after, so ``whimbrel serve`` answers during an
ingest, and keeps a second writer out with a lock file of its own.
"""

from __future__ import annotations

import fcntl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whimbrel.errors import StoreLockedError
from whimbrel.store import WRITER_MEMORY_LIMIT, Store, default_db_path


class WriterSession:
    """A writer that holds DuckDB's file lock only while it works.

    Each call opens the store, does one thing (a batch is one transaction) and closes it, so
    readers such as ``whimbrel serve`` get in between batches; a reader that holds the file
    when a batch is ready makes the writer wait (up to ``wait`` seconds). A lock file beside the
    store (``<store>.lock``, released by the system when the process dies, even by SIGKILL)
    keeps a second writer session out for the whole run, with a clear error.
    """

    def __init__(self, path: str | Path | None = None, *, wait: float = 60.0,
                 memory_limit: int | None = WRITER_MEMORY_LIMIT) -> None:
        self.path = str(path if path is not None else default_db_path())
        self.wait = wait
        self.memory_limit = memory_limit
        self._schema: dict[str, list[str]] = {}  # column types, filled by the first open
        self._turn = threading.Lock()  # one open at a time (the ingest writes in a thread)
        self._lock = None
        if self.path != ":memory:":
            self._lock = open(self.path + ".lock", "a+")  # noqa: SIM115 - held for the session
            try:
                fcntl.flock(self._lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                self._lock.close()
                raise StoreLockedError(
                    f"{self.path}: another whimbrel process is writing to this store (DuckDB "
                    "allows one writer); wait for it to finish or use another --db") from exc
        with self.open():
            pass  # create or migrate now: a bad file fails before any work is done

    @contextmanager
    def open(self) -> Iterator[Store]:
        """The store, open for one piece of work; threads of this process take turns."""
        with self._turn:
            deadline = time.monotonic() + self.wait
            while True:
                try:
                    store = Store(self.path, schema=self._schema,
                                  memory_limit=self.memory_limit)
                    break
                except StoreLockedError:
                    if time.monotonic() >= deadline:
                        raise
                    time.sleep(0.05)
            try:
                yield store
            finally:
                store.close()

    def close(self) -> None:
        if self._lock is not None:
            fcntl.flock(self._lock.fileno(), fcntl.LOCK_UN)
            self._lock.close()
            self._lock = None

    def __enter__(self) -> WriterSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __getattr__(self, name: str) -> Any:
        """``session.write_batch(...)`` and every other Store method: open, call, close (a
        method that returns rows returns them as a list)."""
        if name.startswith("_") or not callable(getattr(Store, name, None)):
            raise AttributeError(name)

        def call(*args: Any, **kwargs: Any) -> Any:
            with self.open() as store:
                result = getattr(store, name)(*args, **kwargs)
                if isinstance(result, Iterator):
                    result = list(result)
                return result

        return call
