"""The web server: a REST API (OpenAPI at /docs) and server-rendered pages over one store.

Read only: every request opens the DuckDB file read-only and closes it, so ``whimbrel ingest``
can run between requests (DuckDB allows one writer; a request during a write gets a 503). All
filters are bound parameters; page sizes are capped. Pages need no JavaScript build step: the
charts use plotly.js served from the installed plotly package.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from whimbrel.errors import StoreError, StoreLockedError, WhimbrelError
from whimbrel.records import PLOVER_TYPES
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


def create_app(db: str | Path) -> FastAPI:
    """The app for one store file."""
    db = str(db)
    env = _templates()
    app = FastAPI(title="whimbrel", version="0.1.0",
                  description="Coded international political events with their evidence.")

    @contextmanager
    def store() -> Iterator[Store]:
        try:
            s = Store(db, read_only=True)
        except StoreLockedError as exc:
            raise HTTPException(503, "the store is being written; try again shortly") from exc
        except StoreError as exc:
            raise HTTPException(500, str(exc)) from exc
        try:
            yield s
        finally:
            s.close()

    def page(name: str, **ctx: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**ctx))

    @app.exception_handler(WhimbrelError)
    async def _whimbrel_error(request: Request, exc: WhimbrelError) -> JSONResponse:
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
            return _plain(actor_profile(s, code.upper(), top=top))

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
        from whimbrel.reasoning.run import merged_events
        from whimbrel.reasoning.views import merged_record

        with store() as s:
            found = [e for e in merged_events(s)
                     if (source is None or e.source == source.upper())
                     and (target is None or e.target == target.upper())
                     and (type is None or e.type == type.upper())]
        return {"items": [merged_record(e) for e in found[offset:offset + limit]],
                "total": len(found), "limit": limit, "offset": offset}

    @app.get("/api/dyads")
    def api_dyad(source: Code = None, target: Code = None,
                 freq: Annotated[str, Query(pattern="^(day|week|month|year)$")] = "month",
                 either_direction: bool = False) -> dict[str, Any]:
        from whimbrel.analysis.series import dyad_series

        with store() as s:
            return _plain(dyad_series(s, source and source.upper(), target and target.upper(),
                                      freq=freq, either_direction=either_direction))

    @app.get("/api/network")
    def api_network(since: Day = None, until: Day = None,
                    min_events: Annotated[int, Query(ge=1, le=10_000)] = 1) -> dict[str, Any]:
        from whimbrel.analysis.network import actor_network

        with store() as s:
            return _plain(actor_network(s, since=since, until=until, min_events=min_events))

    @app.get("/api/disputes")
    def api_disputes(kind: Code = None) -> dict[str, Any]:
        from whimbrel.reasoning.run import disputes
        from whimbrel.reasoning.views import dispute_record

        with store() as s:
            found = [dispute_record(d) for d in disputes(s) if kind is None or d.kind == kind]
        return {"items": found, "total": len(found)}

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
            net = actor_network(s, since=since, until=until)
        return page("network.html", chart=network_chart(net), net=net, title="Actor network",
                    charts=True)

    @app.get("/disputes", response_class=HTMLResponse, include_in_schema=False)
    def disputes_page() -> HTMLResponse:
        from whimbrel.reasoning.run import disputes

        with store() as s:
            found = disputes(s)
        return page("disputes.html", disputes=found, title="Disputes")

    @app.get("/search", include_in_schema=False)
    def search(q: Annotated[str, Query(max_length=32)] = "") -> RedirectResponse:
        code = "".join(ch for ch in q.upper() if ch.isalnum())
        return RedirectResponse(f"/actors/{code}" if code else "/", status_code=303)

    return app


def _filters(source, target, actor, type, since, until) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    source, target, actor, type, since, until = (v or None for v in (source, target, actor, type,
                                                                     since, until))
    if type is not None and type.upper() not in PLOVER_TYPES:
        raise HTTPException(422, f"type must be one of {', '.join(PLOVER_TYPES)}")
    return {"source": source and source.upper(), "target": target and target.upper(),
            "actor": actor and actor.upper(), "type": type and type.upper(),
            "since": since, "until": until}


def _plain(obj: Any) -> Any:
    """Dataclasses (with tuples and dicts inside) as JSON-ready data."""
    import dataclasses

    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [_plain(v) for v in obj]
    return obj
