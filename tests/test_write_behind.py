"""The ingest's background writer: order, errors, and waiting for a write under way."""

from __future__ import annotations

import threading
import time

import pytest

from whimbrel.pipeline import _WriteBehind


def test_results_come_back_in_order_in_the_callers_thread():
    seen: list[tuple[int, str, str]] = []
    with _WriteBehind(lambda n, tag: seen.append((n, tag, threading.current_thread().name))) as w:
        for k in range(5):
            w.submit(lambda k=k: (time.sleep(0.01 * (5 - k)), k)[1], f"batch {k}")
        w.finish()
    assert [(n, tag) for n, tag, _ in seen] == [(k, f"batch {k}") for k in range(5)]
    assert {name for _, _, name in seen} == {threading.current_thread().name}


def test_one_write_at_a_time_and_overlapping_the_caller():
    running, most, lock = 0, 0, threading.Lock()
    overlapped = threading.Event()

    def write() -> int:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.05)
        with lock:
            running -= 1
        return 1

    with _WriteBehind(lambda n, tag: None) as w:
        for _ in range(4):
            w.submit(write)
            if running:  # the caller goes on while the write runs
                overlapped.set()
        w.finish()
    assert most == 1 and overlapped.is_set()


def test_a_failed_write_raises_in_the_caller():
    done: list[int] = []
    with pytest.raises(RuntimeError, match="disk full"):
        with _WriteBehind(lambda n, tag: done.append(n)) as w:
            w.submit(lambda: 1)
            w.submit(lambda: (_ for _ in ()).throw(RuntimeError("disk full")))
            w.submit(lambda: 3)  # raises here: the write before it failed
    assert done == [1]


def test_leaving_by_an_exception_waits_for_the_write_under_way():
    finished = threading.Event()

    def slow() -> int:
        time.sleep(0.2)
        finished.set()
        return 1

    with pytest.raises(KeyError):
        with _WriteBehind(lambda n, tag: None) as w:
            w.submit(slow)
            raise KeyError("the parse failed")
    assert finished.is_set()


@pytest.mark.integration
def test_ingest_stops_at_a_failed_write_and_a_rerun_completes(tmp_path, sample_dir, nlp,
                                                              monkeypatch):
    from whimbrel.pipeline import IngestOptions, ingest
    from whimbrel.store import Store

    db = tmp_path / "w.duckdb"
    calls = {"n": 0}
    real = Store.write_batch

    def failing(self, batch, **kw):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("simulated write failure")
        return real(self, batch, **kw)

    monkeypatch.setattr(Store, "write_batch", failing)
    with pytest.raises(OSError, match="simulated"):
        ingest([sample_dir / "txt"], db=db, nlp=nlp, options=IngestOptions(batch_size=4))
    with Store(db, read_only=True) as store:
        assert store.count("articles") == 8  # two whole batches, nothing of the third
    monkeypatch.setattr(Store, "write_batch", real)
    again = ingest([sample_dir / "txt"], db=db, nlp=nlp, options=IngestOptions(batch_size=4))
    with Store(db, read_only=True) as store:
        total = store.count("articles")
        ids = [r["id"] for r in store.articles()]
    assert again.stored == total - 8 and len(set(ids)) == len(ids) == total > 8


def test_one_malloc_heap_on_glibc():
    """The process keeps to one glibc heap (see whimbrel.heap): mallopt accepted the limit."""
    import platform

    from whimbrel.heap import one_heap

    if platform.system() == "Linux" and platform.libc_ver()[0] == "glibc":
        assert one_heap() is True
    else:
        assert one_heap() in (True, False)


def test_a_failed_write_leaves_the_model_outside_any_memory_zone(tmp_path, sample_dir, nlp,
                                                                 monkeypatch):
    """The parse stops with the ingest: a zone left open (its generator held by the error's
    traceback) would end inside a later parse and drop its strings (spaCy E018)."""
    from whimbrel.pipeline import IngestOptions, ingest
    from whimbrel.store import Store

    def failing(self, batch, **kw):  # type: ignore[no-untyped-def]
        raise OSError("simulated write failure")

    monkeypatch.setattr(Store, "write_batch", failing)
    with pytest.raises(OSError, match="simulated") as excinfo:
        ingest([sample_dir / "txt"], db=tmp_path / "w.duckdb", nlp=nlp,
               options=IngestOptions(batch_size=4))
    assert excinfo.traceback  # the frames are still held here
    assert not nlp.vocab.in_memory_zone
