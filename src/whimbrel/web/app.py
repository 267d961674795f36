"""The web server: a REST API (OpenAPI at /docs) and server-rendered pages over one store.

Read only by default: every request opens the DuckDB file read-only and closes it, so
``whimbrel ingest`` can write between requests (DuckDB allows one writer at a time; a request that
meets a write in progress waits a little for it, then gets a 503 that says so). Started with
``allow_write`` and a token, ``POST /api/articles`` ingests articles for callers that send
``Authorization: Bearer <token>``.

Limits: filters are bound parameters and validated; page sizes are capped; request bodies over
``max_body`` bytes are refused (413); a query running past ``query_timeout`` seconds is
interrupted (503). Article text is escaped in pages (Jinja2 autoescaping). Pages need no
JavaScript build step: the charts use plotly.js served from the installed plotly package.
"""

from __future__ import annotations

import functools
import hmac
import json
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import duckdb
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel, Field

from whimbrel.errors import QueryTimeout, StoreError, StoreLockedError, WhimbrelError
from whimbrel.records import PLOVER_TYPES
from whimbrel.serial import to_data
from whimbrel.store import Store
from whimbrel.views import event_record
from whimbrel.web.highlight import evidence_segments

MAX_PAGE = 500
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page size")]
Offset = Annotated[int, Query(ge=0, description="Rows to skip")]
# empty values (a blank form field) mean no filter
Code = Annotated[str | None, Query(max_length=32, pattern=r"^[A-Za-z0-9_-]*$")]
Day = Annotated[str | None, Query(max_length=10, pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?)?$")]


@functools.lru_cache(maxsize=1)
def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def _templates() -> Environment:
    env = Environment(loader=PackageLoader("whimbrel.web", "templates"),
                      autoescape=select_autoescape(["html"]))
    env.globals["PLOVER_TYPES"] = PLOVER_TYPES
    return env


class ArticleIn(BaseModel):
    """An article to ingest (the JSON Lines record fields)."""

    id: str = Field(min_length=1, max_length=300)
    text: str = Field(min_length=1, max_length=500_000)
    title: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=2000)
    date: str | None = Field(default=None, max_length=40)


class ArticlesIn(BaseModel):
    articles: list[ArticleIn] = Field(min_length=1, max_length=100)


def create_app(db: str | Path, *, allow_write: bool = False, token: str | None = None,
               query_timeout: float = 10.0, max_body: int = 2_000_000,
               lock_wait: float = 5.0) -> FastAPI:
    """The app for one store file (see the module docstring for the options)."""
    if allow_write and not token:
        raise ValueError("a writable server needs a token (--token or $WHIMBREL_TOKEN)")
    db = str(db)
    env = _templates()
    app = FastAPI(title="whimbrel", version="0.1.0",
                  description="Coded international political events with their evidence.")
    write_lock = threading.Lock()
    models: dict[str, Any] = {}
    reasoned = _Reasoned(db)

    @contextmanager
    def store() -> Iterator[Store]:
        deadline = time.monotonic() + lock_wait
        while True:
            try:
                s = Store(db, read_only=True)
                break
            except StoreLockedError as exc:
                if time.monotonic() >= deadline:
                    raise HTTPException(503, "the store is being written by another process; "
                                             "try again shortly") from exc
                time.sleep(0.05)
            except StoreError as exc:
                raise HTTPException(503, str(exc)) from exc
        s.set_deadline(query_timeout)
        try:
            yield s
        except QueryTimeout as exc:
            raise HTTPException(503, f"query ran past {query_timeout:g} s; narrow the "
                                     "filters") from exc
        except duckdb.InterruptException as exc:
            raise HTTPException(503, f"query ran past {query_timeout:g} s; narrow the "
                                     "filters") from exc
        finally:
            s.close()

    @app.middleware("http")
    async def limit_body(request: Request, call_next):  # type: ignore[no-untyped-def]
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > max_body):
            return JSONResponse({"detail": f"request body over {max_body} bytes"}, 413)
        response = await call_next(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    def writer(request: Request) -> None:
        """Write endpoints: only on a writable server, only with the right bearer token."""
        if not allow_write:
            raise HTTPException(403, "this server is read only (start it with --allow-write)")
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(),
                                                                  (token or "").encode()):
            raise HTTPException(401, "missing or wrong bearer token",
                                headers={"WWW-Authenticate": "Bearer"})

    def page(name: str, **ctx: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**ctx))

    @app.exception_handler(WhimbrelError)
    async def _whimbrel_error(request: Request, exc: WhimbrelError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    @app.exception_handler(ValueError)
    async def _value_error(request: Request, exc: ValueError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    # -- API -----------------------------------------------------------------------------
    @app.get("/api/health")
    def health() -> dict[str, Any]:
        with store() as s:
            return {"ok": True, "articles": s.count("articles"), "events": s.count("events")}

    @app.get("/api/articles")
    def api_articles(limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        with store() as s:
            items = [{k: r[k] for k in ("id", "title", "url", "published", "cluster")}
                     for r in s.articles(limit=limit, offset=offset)]
            return {"items": items, "total": s.count("articles"), "limit": limit,
                    "offset": offset}

    @app.get("/api/articles/{article_id}")
    def api_article(article_id: str) -> dict[str, Any]:
        with store() as s:
            row = s.article(article_id)
            if row is None:
                raise HTTPException(404, f"no article {article_id!r}")
            return {k: row[k] for k in ("id", "title", "url", "published", "cluster", "text")}

    @app.get("/api/actors")
    def api_actors(limit: Limit = 100) -> dict[str, Any]:
        with store() as s:
            return {"items": [dict(r) for r, _ in zip(s.actor_counts(), range(limit))]}

    @app.get("/api/actors/{code}")
    def api_actor(code: str, top: Annotated[int, Query(ge=1, le=100)] = 10) -> dict[str, Any]:
        from whimbrel.analysis.profile import actor_profile

        with store() as s:
            return to_data(actor_profile(s, code.upper(), top=top))

    @app.get("/api/events")
    def api_events(source: Code = None, target: Code = None, actor: Code = None,
                   type: Code = None, since: Day = None, until: Day = None,
                   limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        f = _filters(source, target, actor, type, since, until)
        with store() as s:
            items = [event_record(r) for r in s.events(**f, limit=limit, offset=offset)]
            return {"items": items, "total": s.count_events(**f), "limit": limit,
                    "offset": offset}

    @app.get("/api/events/{article_id}/{seq}")
    def api_event(article_id: str, seq: int) -> dict[str, Any]:
        with store() as s:
            row = s.event(article_id, seq)
            if row is None:
                raise HTTPException(404, f"no event {article_id}#{seq}")
            return event_record(row)

    @app.get("/api/merged")
    def api_merged(source: Code = None, target: Code = None, type: Code = None,
                   limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        from whimbrel.reasoning.views import merged_record

        with store() as s:
            found = [e for e in reasoned.merged(s)
                     if (not source or e.source == source.upper())
                     and (not target or e.target == target.upper())
                     and (not type or e.type == type.upper())]
        return {"items": [merged_record(e) for e in found[offset:offset + limit]],
                "total": len(found), "limit": limit, "offset": offset}

    @app.get("/api/dyads")
    def api_dyad(source: Code = None, target: Code = None,
                 freq: Annotated[str, Query(pattern="^(day|week|month|year)$")] = "month",
                 either_direction: bool = False) -> dict[str, Any]:
        from whimbrel.analysis.series import dyad_series

        with store() as s:
            return to_data(dyad_series(s, (source or "").upper() or None,
                                      (target or "").upper() or None, freq=freq,
                                      either_direction=either_direction))

    @app.get("/api/network")
    def api_network(since: Day = None, until: Day = None,
                    min_events: Annotated[int, Query(ge=1, le=10_000)] = 1) -> dict[str, Any]:
        from whimbrel.analysis.network import actor_network

        with store() as s:
            return to_data(actor_network(s, since=since or None, until=until or None,
                                        min_events=min_events))

    @app.get("/api/disputes")
    def api_disputes(kind: Code = None) -> dict[str, Any]:
        from whimbrel.reasoning.views import dispute_record

        with store() as s:
            found = [dispute_record(d) for d in reasoned.disputes(s)
                     if not kind or d.kind == kind]
        return {"items": found, "total": len(found)}

    @app.post("/api/articles", status_code=201, dependencies=[Depends(writer)])
    def api_ingest(body: ArticlesIn) -> dict[str, Any]:
        """Ingest articles (writable servers only, with a bearer token)."""
        from whimbrel.nlp import load_nlp
        from whimbrel.pipeline import ingest

        with write_lock, tempfile.TemporaryDirectory(prefix="whimbrel-post-") as tmp:
            if "nlp" not in models:
                models["nlp"] = load_nlp()
            feed = Path(tmp) / "posted.jsonl"
            feed.write_text("".join(json.dumps(a.model_dump(exclude_none=True)) + "\n"
                                    for a in body.articles), encoding="utf-8")
            try:
                summary = ingest([feed], db=db, nlp=models["nlp"])
            except StoreLockedError as exc:
                raise HTTPException(503, str(exc)) from exc
        return {"read": summary.read, "stored": summary.stored,
                "duplicates": summary.duplicates,
                "rejected": [{"record": r.origin, "reason": r.reason} for r in summary.rejected]}

    @app.get("/static/plotly.js", include_in_schema=False)
    def plotly_js() -> Response:
        return Response(_plotly_js(), media_type="application/javascript",
                        headers={"Cache-Control": "max-age=86400"})

    # -- pages ---------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def events_page(source: Code = None, target: Code = None, actor: Code = None,
                    type: Code = None, since: Day = None, until: Day = None,
                    limit: Limit = 50, offset: Offset = 0) -> HTMLResponse:
        f = _filters(source, target, actor, type, since, until)
        with store() as s:
            rows = [event_record(r) for r in s.events(**f, limit=limit, offset=offset)]
            total = s.count_events(**f)
        query = {k: v for k, v in f.items() if v}
        return page("events.html", rows=rows, total=total, limit=limit, offset=offset,
                    query=query, title="Events")

    @app.get("/events/{article_id}/{seq}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(article_id: str, seq: int) -> HTMLResponse:
        with store() as s:
            row = s.event(article_id, seq)
            if row is None:
                raise HTTPException(404, f"no event {article_id}#{seq}")
            article = s.article(article_id)
        rec = event_record(row)
        segments = evidence_segments(article["text"] if article else "", row)
        return page("event.html", e=rec, row=row, segments=segments,
                    title=f"{rec['type']} {rec['source'] or '?'} → {rec['target'] or '?'}")

    @app.get("/actors/{code}", response_class=HTMLResponse, include_in_schema=False)
    def actor_page(code: str) -> HTMLResponse:
        from whimbrel.analysis.profile import actor_profile

        code = code.upper()
        with store() as s:
            profile = actor_profile(s, code)
            rows = [event_record(r) for r in s.events(actor=code, limit=100)]
        return page("actor.html", code=code, profile=profile, rows=rows, title=f"Actor {code}")

    @app.get("/dyads/{a}/{b}", response_class=HTMLResponse, include_in_schema=False)
    def dyad_page(a: str, b: str,
                  freq: Annotated[str, Query(pattern="^(day|week|month|year)$")] = "month"
                  ) -> HTMLResponse:
        from whimbrel.analysis.series import dyad_series
        from whimbrel.web.charts import series_chart

        a, b = a.upper(), b.upper()
        with store() as s:
            series = dyad_series(s, a, b, freq=freq, either_direction=True)
            rows = [event_record(r) for r in s.events(source=a, target=b, limit=100)]
            rows += [event_record(r) for r in s.events(source=b, target=a, limit=100)]
        return page("dyad.html", a=a, b=b, chart=series_chart(series, f"{a} and {b}"),
                    rows=rows, title=f"{a} and {b}", charts=True)

    @app.get("/network", response_class=HTMLResponse, include_in_schema=False)
    def network_page(since: Day = None, until: Day = None) -> HTMLResponse:
        from whimbrel.analysis.network import actor_network
        from whimbrel.web.charts import network_chart

        with store() as s:
            net = actor_network(s, since=since or None, until=until or None)
        return page("network.html", chart=network_chart(net), net=net, title="Actor network",
                    charts=True)

    @app.get("/disputes", response_class=HTMLResponse, include_in_schema=False)
    def disputes_page() -> HTMLResponse:
        with store() as s:
            found = reasoned.disputes(s)
        return page("disputes.html", disputes=found, title="Disputes")

    @app.get("/search", include_in_schema=False)
    def search(q: Annotated[str, Query(max_length=32)] = "") -> RedirectResponse:
        code = "".join(ch for ch in q.upper() if ch.isalnum())
        return RedirectResponse(f"/actors/{code}" if code else "/", status_code=303)

    return app


class _Reasoned:
    """Merged events and disputes of one store file, computed once per state of the file.

    Merging reads every event, so it is not redone per request: the results are kept with the
    file's state (size and modification time of the store and its write-ahead log), and a write
    by any process changes that state and makes the next request recompute.
    """

    def __init__(self, db: str) -> None:
        self._db = db
        self._lock = threading.Lock()
        self._state: tuple[Any, ...] | None = None
        self._results: dict[str, Any] = {}

    def _file_state(self) -> tuple[Any, ...]:
        out: list[Any] = []
        for path in (Path(self._db), Path(self._db + ".wal")):
            try:
                st = path.stat()
                out.append((st.st_size, st.st_mtime_ns))
            except OSError:
                out.append(None)
        return tuple(out)

    def _get(self, name: str, compute: Any, store: Store) -> Any:
        with self._lock:
            state = self._file_state()
            if state != self._state:
                self._state, self._results = state, {}
            if name not in self._results:
                self._results[name] = compute(store)
            return self._results[name]

    def merged(self, store: Store) -> list[Any]:
        from whimbrel.reasoning.run import merged_events

        return self._get("merged", merged_events, store)  # type: ignore[no-any-return]

    def disputes(self, store: Store) -> list[Any]:
        from whimbrel.reasoning.run import disputes

        return self._get("disputes", disputes, store)  # type: ignore[no-any-return]


def _filters(source, target, actor, type, since, until) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    source, target, actor, type, since, until = (v or None for v in (source, target, actor, type,
                                                                     since, until))
    if type is not None and type.upper() not in PLOVER_TYPES:
        raise HTTPException(422, f"type must be one of {', '.join(PLOVER_TYPES)}")
    return {"source": source and source.upper(), "target": target and target.upper(),
            "actor": actor and actor.upper(), "type": type and type.upper(),
            "since": since, "until": until}
