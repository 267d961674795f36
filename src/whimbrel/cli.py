"""The ``whimbrel`` command line: a thin layer that parses options, calls the library, prints."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from whimbrel.errors import WhimbrelError
from whimbrel.nlp import NlpConfig
from whimbrel.pipeline import IngestOptions, ingest, recode
from whimbrel.readers import DEFAULT_MAX_BYTES
from whimbrel.store import Store, default_db_path
from whimbrel.views import EVENT_COLUMNS, event_record, plover_record

app = typer.Typer(
    help="whimbrel: news articles to an auditable record of who did what to whom.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)

DbOption = Annotated[
    Optional[Path],
    typer.Option("--db", help="DuckDB store file [default: $WHIMBREL_DB or ./whimbrel.duckdb]"),
]


def _db(db: Path | None) -> str:
    return str(db) if db else default_db_path()


def _fail(exc: WhimbrelError) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(2)


class _Bar:
    """A tqdm progress bar on stderr, shown only on a terminal."""

    def __init__(self, desc: str, quiet: bool) -> None:
        from tqdm import tqdm

        self._bar = tqdm(desc=desc, unit=" doc", disable=True if quiet else None,
                         file=sys.stderr, leave=False)

    def __call__(self, n: int) -> None:
        self._bar.update(n)

    def close(self) -> None:
        self._bar.close()


def _log_commit(number: int, stored: int) -> None:
    typer.echo(f"committed batch {number}: {stored} articles stored so far", err=True)


@app.command("ingest")
def ingest_cmd(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursive) or - for stdin")],
    db: DbOption = None,
    batch_size: Annotated[int, typer.Option(help="Articles per store transaction")] = 32,
    workers: Annotated[int, typer.Option(help="spaCy worker processes")] = 1,
    max_bytes: Annotated[int, typer.Option(help="Largest file or record accepted")] = DEFAULT_MAX_BYTES,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log each committed batch")] = False,
) -> None:
    """Read, clean, deduplicate, parse and store articles. Exit code 1 if any input was rejected."""
    options = IngestOptions(batch_size=batch_size, max_bytes=max_bytes,
                            nlp=NlpConfig(n_process=workers))
    bar = _Bar("ingest", quiet)
    try:
        summary = ingest(paths, db=_db(db), options=options, progress=bar,
                         on_commit=_log_commit if verbose else None)
    except WhimbrelError as exc:
        _fail(exc)
        return
    finally:
        bar.close()
    typer.echo(f"read {summary.read}, stored {summary.stored}, duplicates {summary.duplicates}, "
               f"near-duplicates linked {summary.near_duplicates}, "
               f"rejected {len(summary.rejected)}")
    for r in summary.rejected:
        typer.echo(f"  rejected {r.origin}: {r.reason}")
    raise typer.Exit(1 if summary.rejected else 0)


@app.command("recode")
def recode_cmd(db: DbOption = None,
               quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False) -> None:
    """Re-run cleaning and the later stages on every stored article (after rules change)."""
    bar = _Bar("recode", quiet)
    try:
        n = recode(db=_db(db), progress=bar)
    except WhimbrelError as exc:
        _fail(exc)
        return
    finally:
        bar.close()
    typer.echo(f"recoded {n} articles")


@app.command("articles")
def articles_cmd(
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", help="table or jsonl")] = "table",
    limit: Annotated[Optional[int], typer.Option(help="At most this many")] = None,
    quality: Annotated[bool, typer.Option("--quality", help="Show source quality signals")] = False,
) -> None:
    """List stored articles (jsonl lines carry the source quality signals)."""
    from whimbrel.reasoning.run import article_qualities
    from whimbrel.reasoning.views import quality_record

    if format not in ("table", "jsonl"):
        raise typer.BadParameter("--format must be table or jsonl")
    try:
        with Store(_db(db), read_only=True) as store:
            qualities = article_qualities(store)
            for row in store.articles(limit=limit):
                q = qualities.get(row["id"])
                if format == "jsonl":
                    keys = ("id", "title", "url", "published", "cluster", "text")
                    rec = {k: row[k] for k in keys}
                    rec["quality"] = quality_record(q) if q else None
                    typer.echo(json.dumps(rec, ensure_ascii=False))
                else:
                    title = (row["title"] or "")[:60]
                    cluster = "" if row["cluster"] == row["id"] else f"  [copy of {row['cluster']}]"
                    signals = (f"junk {q.junk_ratio:5.1%} stuffing {q.stuffing_ratio:5.1%}  "
                               if quality and q else "")
                    typer.echo(f"{row['id'][:40]:40}  {row['published'] or '-':10}  {signals}"
                               f"{title}{cluster}")
    except WhimbrelError as exc:
        _fail(exc)


@app.command("show")
def show_cmd(
    article_id: Annotated[str, typer.Argument(metavar="ID")],
    db: DbOption = None,
    cleaning: Annotated[bool, typer.Option("--cleaning", help="What the cleaner changed and why")] = False,
    sentences: Annotated[bool, typer.Option("--sentences", help="Sentences with offsets")] = False,
) -> None:
    """Show one article: metadata and text, or its cleaning trail, or its sentences."""
    try:
        with Store(_db(db), read_only=True) as store:
            row = store.article(article_id)
            if row is None:
                typer.echo(f"error: no article {article_id!r} in {_db(db)}", err=True)
                raise typer.Exit(2)
            if cleaning:
                actions = store.cleaning(article_id)
                typer.echo(f"{article_id}: {len(actions)} cleaning actions")
                for a in actions:
                    change = f" -> {a.after!r}" if a.after else ""
                    typer.echo(f"- [{a.kind}] {a.reason}: {a.before[:200]!r}{change}")
            elif sentences:
                for s in store.sentences(article_id):
                    typer.echo(f"{s.index:4} {s.start:6}-{s.end:<6} {s.text}")
            else:
                for key in ("id", "title", "url", "published", "cluster", "origin", "format"):
                    typer.echo(f"{key}: {row[key]}")
                typer.echo("")
                typer.echo(row["text"])
    except WhimbrelError as exc:
        _fail(exc)


@app.command("runs")
def runs_cmd(db: DbOption = None) -> None:
    """List ingest runs with their counts."""
    try:
        with Store(_db(db), read_only=True) as store:
            for r in store.runs():
                typer.echo(f"{r['id']:4} {r['started_at']:%Y-%m-%d %H:%M:%S} read={r['read']} "
                           f"stored={r['stored']} dup={r['duplicates']} "
                           f"near={r['near_duplicates']} rejected={r['rejected']} {r['command']}")
    except WhimbrelError as exc:
        _fail(exc)


def main() -> None:  # pragma: no cover
    app()


@app.command("events")
def events_cmd(
    db: DbOption = None,
    source: Annotated[Optional[str], typer.Option(help="Source actor code, e.g. RUS")] = None,
    target: Annotated[Optional[str], typer.Option(help="Target actor code, e.g. USA")] = None,
    type: Annotated[Optional[str], typer.Option("--type", help="PLOVER type, e.g. ACCUSE")] = None,
    since: Annotated[Optional[str], typer.Option(help="YYYY-MM-DD")] = None,
    until: Annotated[Optional[str], typer.Option(help="YYYY-MM-DD")] = None,
    format: Annotated[str, typer.Option("--format", help="table, csv or jsonl")] = "table",
    limit: Annotated[Optional[int], typer.Option(help="At most this many")] = None,
    merged: Annotated[bool, typer.Option("--merged", help="Real events: reports merged, with counts and status")] = False,
    window: Annotated[int, typer.Option(help="Days within which dated reports are one event (--merged)")] = 7,
    max_junk: Annotated[Optional[float], typer.Option(help="Skip articles with a larger junk ratio")] = None,
    max_stuffing: Annotated[Optional[float], typer.Option(help="Skip articles with a larger keyword-stuffing ratio")] = None,
    dated_only: Annotated[bool, typer.Option("--dated-only", help="Skip articles with no date")] = False,
    originals_only: Annotated[bool, typer.Option("--originals-only", help="Skip republished copies")] = False,
) -> None:
    """List coded events with their evidence, or (--merged) the real events they report."""
    from whimbrel.reasoning.run import SourceFilter, article_qualities

    if format not in ("table", "csv", "jsonl", "plover"):
        raise typer.BadParameter("--format must be table, csv, jsonl or plover")
    filters = SourceFilter(max_junk, max_stuffing, dated_only, originals_only)
    try:
        with Store(_db(db), read_only=True) as store:
            if merged:
                _merged(store, filters, window, source, target, type, since, until, format, limit)
                return
            rows = store.events(source=source, target=target, type=type and type.upper(),
                                since=since, until=until, limit=limit)
            if filters != SourceFilter():
                q = article_qualities(store)
                rows = (r for r in rows if q[r["article_id"]].passes(
                    max_junk=max_junk, max_stuffing=max_stuffing, dated_only=dated_only,
                    originals_only=originals_only))
            if format == "csv":
                import csv

                writer = csv.writer(sys.stdout)
                writer.writerow(EVENT_COLUMNS + ("trigger", "sentence_text"))
                for row in rows:
                    rec = event_record(row)
                    writer.writerow([rec[k] for k in EVENT_COLUMNS]
                                    + [row["trigger_text"], row["sentence_text"]])
                return
            for row in rows:
                rec = event_record(row)
                if format == "plover":
                    typer.echo(json.dumps(plover_record(row), ensure_ascii=False))
                    continue
                if format == "jsonl":
                    typer.echo(json.dumps(rec, ensure_ascii=False))
                    continue
                flags = ("NOT " if rec["negated"] else "") + ("~" if rec["hedged"] else "")
                src = f"{rec['source'] or '-'}/{rec['source_sector'] or '-'}"
                tgt = f"{rec['target'] or '-'}/{rec['target_sector'] or '-'}"
                typer.echo(f"{rec['doc'][:28]:28} {rec['sentence']:4} {flags:5}{rec['type']:10} "
                           f"{src:10} -> {tgt:10} {rec['date'] or '':10} "
                           f"[{row['trigger_text']}] {(row['sentence_text'] or '')[:70]}")
    except WhimbrelError as exc:
        _fail(exc)


def _merged(store: Store, filters, window: int, source, target, type, since, until,  # type: ignore[no-untyped-def]
            format: str, limit: int | None) -> None:
    from whimbrel.reasoning.merge import MergeOptions, interval
    from whimbrel.reasoning.run import merged_events
    from whimbrel.reasoning.views import merged_line, merged_record

    if format not in ("table", "jsonl"):
        raise typer.BadParameter("--merged lists as table or jsonl")
    shown = 0
    for e in merged_events(store, options=MergeOptions(window), filters=filters):
        iv = interval(e.date)
        if (source and e.source != source) or (target and e.target != target) or (
                type and e.type != type.upper()) or (since and (iv is None or str(iv[1]) < since)) \
                or (until and (iv is None or str(iv[0]) > until)):
            continue
        if limit is not None and shown >= limit:
            break
        shown += 1
        typer.echo(json.dumps(merged_record(e), ensure_ascii=False) if format == "jsonl"
                   else merged_line(e))


@app.command("disputes")
def disputes_cmd(
    db: DbOption = None,
    kind: Annotated[Optional[str], typer.Option(help="occurrence, how, when, where, who or relationship")] = None,
    format: Annotated[str, typer.Option("--format", help="table or jsonl")] = "table",
    window: Annotated[int, typer.Option(help="Days within which dated reports are one event")] = 7,
    max_junk: Annotated[Optional[float], typer.Option(help="Skip articles with a larger junk ratio")] = None,
    originals_only: Annotated[bool, typer.Option("--originals-only", help="Skip republished copies")] = False,
) -> None:
    """Contradictions between reports, with the evidence spans of each side."""
    from whimbrel.reasoning.disputes import KINDS
    from whimbrel.reasoning.merge import MergeOptions
    from whimbrel.reasoning.run import SourceFilter, disputes
    from whimbrel.reasoning.views import dispute_lines, dispute_record

    if kind is not None and kind not in KINDS:
        raise typer.BadParameter(f"--kind must be one of {', '.join(KINDS)}")
    if format not in ("table", "jsonl"):
        raise typer.BadParameter("--format must be table or jsonl")
    try:
        with Store(_db(db), read_only=True) as store:
            found = disputes(store, options=MergeOptions(window),
                             filters=SourceFilter(max_junk=max_junk, originals_only=originals_only))
    except WhimbrelError as exc:
        _fail(exc)
        return
    for d in found:
        if kind is not None and d.kind != kind:
            continue
        if format == "jsonl":
            typer.echo(json.dumps(dispute_record(d), ensure_ascii=False))
        else:
            typer.echo("\n".join(dispute_lines(d)))


@app.command("report")
def report_cmd(
    actor: Annotated[str, typer.Option("--actor", help="Actor code, e.g. IRN")],
    out: Annotated[Path, typer.Option("--out", help="File to write")],
    vs: Annotated[Optional[str], typer.Option("--vs", help="A second actor: a dyad brief")] = None,
    format: Annotated[str, typer.Option("--format", help="html or md")] = "html",
    db: DbOption = None,
) -> None:
    """Write a brief on an actor (or a dyad): timeline, network, top events, disputes."""
    from whimbrel.report import gather, render_html, render_markdown

    if format not in ("html", "md"):
        raise typer.BadParameter("--format must be html or md")
    try:
        with Store(_db(db), read_only=True) as store:
            brief = gather(store, actor, vs)
    except WhimbrelError as exc:
        _fail(exc)
        return
    out.write_text(render_html(brief) if format == "html" else render_markdown(brief),
                   encoding="utf-8")
    typer.echo(f"wrote {out}: {len(brief.events)} events, {len(brief.disputes)} disputes")


@app.command("export")
def export_cmd(
    format: Annotated[str, typer.Option("--format", help="plover, gdelt, csv, parquet or graphml")],
    out: Annotated[Path, typer.Option("--out", help="File to write")],
    db: DbOption = None,
) -> None:
    """Export the coded events (PLOVER JSON Lines, GDELT-style TSV, CSV, Parquet) or the actor
    network (GraphML)."""
    from whimbrel.export import export

    try:
        with Store(_db(db), read_only=True) as store:
            n = export(store, format, out)
    except (WhimbrelError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"wrote {n} rows to {out}")


@app.command("run")
def run_cmd(
    input: Annotated[list[str], typer.Option("--input", help="File, folder or glob (repeatable)")],
    output: Annotated[Path, typer.Option("--output", help="New folder for the Parquet output")],
    engine: Annotated[str, typer.Option(help="ray")] = "ray",
    address: Annotated[Optional[str], typer.Option(help="Ray cluster address (default: a local cluster)")] = None,
    workers: Annotated[int, typer.Option(help="Worker actors, each with one loaded model")] = 2,
    batch_size: Annotated[int, typer.Option(help="Articles per worker batch")] = 16,
) -> None:
    """Code a corpus on Ray Data into Parquet (events in the export schema, and parsed articles
    for `whimbrel load`)."""
    import glob as globbing

    from whimbrel.distributed import run_ray

    if engine != "ray":
        raise typer.BadParameter("--engine must be ray (use `whimbrel ingest` on one machine)")
    paths: list[str] = []
    for item in input:
        found = sorted(globbing.glob(item)) if any(ch in item for ch in "*?[") else [item]
        if not found:
            typer.echo(f"error: {item}: matches no file", err=True)
            raise typer.Exit(2)
        paths.extend(found)
    try:
        result = run_ray(paths, output, address=address, workers=workers, batch_size=batch_size)
    except (WhimbrelError, FileExistsError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    s = result.summary
    typer.echo(f"read {s.read}, coded {result.articles} articles, {result.events} events, "
               f"duplicates {s.duplicates}, near-duplicates linked {s.near_duplicates}, "
               f"rejected {len(s.rejected)}; wrote {output}/events and {output}/parsed")
    for r in s.rejected:
        typer.echo(f"rejected: {r.origin}: {r.reason}", err=True)


@app.command("load")
def load_cmd(
    folder: Annotated[Path, typer.Argument(help="Output folder of `whimbrel run`")],
    db: DbOption = None,
) -> None:
    """Bring a `whimbrel run` output into a DuckDB store (articles already stored are skipped)."""
    from whimbrel.distributed import load

    try:
        n = load(folder, db=_db(db))
    except (WhimbrelError, FileNotFoundError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"loaded {n} articles into {_db(db)}")


@app.command("doctor")
def doctor_cmd(db: DbOption = None) -> None:
    """Check the install (model, data files, store schema, free disk) and say how to fix it."""
    from whimbrel.doctor import checks

    failed = False
    for c in checks(_db(db)):
        mark = {"ok": "ok  ", "warn": "WARN", "fail": "FAIL"}[c.status]
        typer.echo(f"{mark} {c.name:22} {c.detail}")
        if c.fix and c.status != "ok":
            typer.echo(f"     {'':22} fix: {c.fix}")
        failed |= c.status == "fail"
    raise typer.Exit(1 if failed else 0)


@app.command("serve")
def serve_cmd(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default)")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port")] = 8000,
    allow_write: Annotated[bool, typer.Option("--allow-write", help="Enable POST /api/articles (needs a token)")] = False,
    token: Annotated[Optional[str], typer.Option(help="Bearer token for write endpoints (default $WHIMBREL_TOKEN)")] = None,
    query_timeout: Annotated[float, typer.Option(help="Seconds before a query is interrupted")] = 10.0,
) -> None:
    """Serve the REST API (OpenAPI docs at /docs) and the web pages over a store. Read only
    unless started with --allow-write and a token."""
    import os

    import uvicorn

    from whimbrel.web.app import create_app

    path = _db(db)
    if not Path(path).exists():
        typer.echo(f"error: {path}: no such store; run `whimbrel ingest` first", err=True)
        raise typer.Exit(2)
    token = token or os.environ.get("WHIMBREL_TOKEN")
    if allow_write and (not token or len(token) < 16):
        typer.echo("error: --allow-write needs a token of at least 16 characters "
                   "(--token or $WHIMBREL_TOKEN)", err=True)
        raise typer.Exit(2)
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"warning: listening on {host}: reachable from other machines", err=True)
    typer.echo(f"serving {path} on http://{host}:{port}/ (API docs at /docs)"
               + (", writable with a bearer token" if allow_write else ", read only"), err=True)
    uvicorn.run(create_app(path, allow_write=allow_write, token=token,
                           query_timeout=query_timeout),
                host=host, port=port, log_level="warning", limit_concurrency=64,
                timeout_keep_alive=5)


actors_app = typer.Typer(help="Actor mentions and the actor knowledge base.", no_args_is_help=True)
app.add_typer(actors_app, name="actors")


@actors_app.command("mentions")
def actors_mentions_cmd(
    db: DbOption = None,
    doc: Annotated[Optional[str], typer.Option("--doc", help="Only this article id")] = None,
    format: Annotated[str, typer.Option("--format", help="table or jsonl")] = "table",
) -> None:
    """Actor mentions with their character offsets and resolved code and sector."""
    try:
        with Store(_db(db), read_only=True) as store:
            for row in store.mentions(article_id=doc):
                if format == "jsonl":
                    keys = ("doc", "sentence", "text", "start", "end", "code", "sector", "name",
                            "kind", "title", "office")
                    typer.echo(json.dumps({k: row[k] for k in keys}, ensure_ascii=False))
                else:
                    typer.echo(f"{row['doc'][:28]:28} {row['sentence']:4} {row['start']:6} "
                               f"{row['code'] or '-':5} {row['sector'] or '-':5} "
                               f"{row['kind']:12} {row['text']}")
    except WhimbrelError as exc:
        _fail(exc)


@actors_app.command("import")
def actors_import_cmd(
    file: Annotated[Path, typer.Argument(help="CSV, YAML or PETRARCH actor dictionary")],
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", help="auto, csv, yaml or petrarch")] = "auto",
) -> None:
    """Import a user actor dictionary; later ingests (and `whimbrel recode`) use it."""
    from whimbrel.actors.dictionary import read_dictionary

    try:
        entries = read_dictionary(file, format)
        with Store(_db(db)) as store:
            n = store.add_user_actors(entries)
    except WhimbrelError as exc:
        _fail(exc)
        return
    typer.echo(f"imported {n} names of {len({(e.code, e.name) for e in entries})} actors "
               f"from {file}; run `whimbrel recode` to apply them to stored articles")


@actors_app.command("list")
def actors_list_cmd(db: DbOption = None,
                    limit: Annotated[Optional[int], typer.Option(help="At most this many")] = None
                    ) -> None:
    """Actors found in the stored articles, with mention and article counts."""
    try:
        with Store(_db(db), read_only=True) as store:
            for i, row in enumerate(store.actor_counts()):
                if limit is not None and i >= limit:
                    break
                typer.echo(f"{row['code'] or '-':6} {row['sector'] or '-':5} "
                           f"{row['mentions']:6} mentions {row['articles']:4} articles  "
                           f"{row['name']}")
    except WhimbrelError as exc:
        _fail(exc)


@actors_app.command("show")
def actors_show_cmd(
    name: Annotated[str, typer.Argument(help="A name, title, place or code")],
    on: Annotated[Optional[str], typer.Option("--on", help="Date for office holders")] = None,
    db: DbOption = None,
) -> None:
    """What whimbrel knows about a name: knowledge base, office terms, user dictionary."""
    from datetime import date as _date

    from whimbrel.actors.dictionary import UserDictionary
    from whimbrel.actors.knowledge import load_knowledge
    from whimbrel.actors.offices import load_offices

    day = _date.fromisoformat(on) if on else None
    found = False
    entry = load_knowledge().lookup(name, on=day)
    if entry is not None:
        found = True
        typer.echo(f"knowledge: {entry.code or '-'} {entry.sector} {entry.kind} {entry.name}")
    for term in load_offices().find_person(name, day):
        found = True
        end = term.end.isoformat() if term.end else "now"
        typer.echo(f"office:    {term.country} {term.title} {term.name} "
                   f"({term.start.isoformat()} - {end})")
    path = _db(db)
    if Path(path).exists():
        try:
            with Store(path, read_only=True) as store:
                user = UserDictionary(store.user_actors()).lookup(name, day)
        except WhimbrelError:
            user = None
        if user is not None:
            found = True
            typer.echo(f"user:      {user.code} {user.sector} {user.name} (from {user.source})")
    if not found:
        typer.echo(f"nothing known about {name!r}", err=True)
        raise typer.Exit(1)


rules_app = typer.Typer(help="User verb dictionaries that extend the coding rules.",
                        no_args_is_help=True)
app.add_typer(rules_app, name="rules")


@rules_app.command("import")
def rules_import_cmd(
    file: Annotated[Path, typer.Argument(help="Verb dictionary in PETRARCH format")],
    db: DbOption = None,
) -> None:
    """Import a verb dictionary; its patterns are tried before the bundled rules in later
    ingests (and `whimbrel recode`). Re-importing a file of the same name replaces it."""
    from whimbrel.events.verbdict import read_verb_dictionary

    try:
        read_verb_dictionary(file)  # a clear error before the store is opened
        with Store(_db(db)) as store:
            parsed = store.add_verb_dictionary(file.name, file.read_text(encoding="utf-8",
                                                                         errors="replace"))
    except WhimbrelError as exc:
        _fail(exc)
        return
    typer.echo(f"imported {len(parsed.blocks)} verbs with {len(parsed)} patterns and "
               f"{len(parsed.synsets)} synsets from {file}; run `whimbrel recode` to apply them "
               "to stored articles")


@rules_app.command("list")
def rules_list_cmd(db: DbOption = None) -> None:
    """The imported verb dictionaries."""
    try:
        with Store(_db(db), read_only=True) as store:
            for row in store.verb_dictionary_list():
                typer.echo(f"{row['name']:32} {row['verbs']:5} verbs {row['patterns']:6} "
                           f"patterns  sha256:{row['digest']}  {row['imported_at']:%Y-%m-%d %H:%M}")
    except WhimbrelError as exc:
        _fail(exc)


@app.command("eval")
def eval_cmd(
    gold: Annotated[Path, typer.Argument(help="Gold file")],
    format: Annotated[str, typer.Option("--format", help="whimbrel, petrarch or plover-gsr")] = "whimbrel",
    docs: Annotated[Optional[Path], typer.Option(help="Folder of the gold set's documents")] = None,
    actors: Annotated[Optional[Path], typer.Option(help="Actor dictionary to import first")] = None,
    rules: Annotated[Optional[Path], typer.Option(help="Verb dictionary (PETRARCH format) to import first")] = None,
    db: Annotated[Optional[Path], typer.Option("--db", help="Store to code into (default: temporary)")] = None,
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Write the scores as JSON")] = None,
    errors: Annotated[Optional[Path], typer.Option("--errors", help="Write every sentence's gold and system events, paired, and the actor misses")] = None,
) -> None:
    """Code a gold set's documents with the real pipeline and score the events."""
    from whimbrel.evaluation.run import LOADERS, evaluate
    from whimbrel.evaluation.score import (error_classes, render_error_classes, render_errors,
                                           render_text)

    if format not in LOADERS:
        raise typer.BadParameter(f"--format must be one of {', '.join(LOADERS)}")
    try:
        result = evaluate(gold, format, docs=docs, actors=actors, rules=rules, db=db)
    except WhimbrelError as exc:
        _fail(exc)
        return
    typer.echo(f"{len(result.gold)} gold sentences, {result.report.gold_events} gold events, "
               f"{result.coded_docs} documents coded, {result.report.system_events} system "
               f"events aligned")
    typer.echo(render_text(result.report))
    data = result.report.to_json()
    if result.actors is not None:
        acc = result.actors
        data["actors"] = {"mentions": acc.mentions, "code": acc.code_share,
                          "code_and_sector": acc.code_and_sector_share}
        typer.echo(f"actor mentions with a gold code: {acc.mentions}; right code "
                   f"{acc.code_share:.1%}, right code and sector {acc.code_and_sector_share:.1%}")
    if result.share is not None:
        produced, expected = result.share
        share = produced / expected if expected else 0.0
        data["petrarch_codings"] = {"produced": produced, "expected": expected, "share": share}
        typer.echo(f"PETRARCH codings produced (CAMEO root and both actors): "
                   f"{produced}/{expected} = {share:.1%}")
    classes = error_classes(result.report, result.gold)
    data["error_classes"] = {name: len(pairs) for name, pairs in classes.items()}
    if json_out:
        json_out.write_text(json.dumps(data, indent=2), encoding="utf-8")
    if errors:
        listing = render_error_classes(classes) + "\n\n" + render_errors(result.report)
        if result.actors is not None:
            listing += "\n# actor mentions not resolved to the gold code and sector\n" + "\n".join(
                f"{doc}: {text!r} gold {want}, got {got}"
                for doc, text, want, got in result.actors.misses)
        errors.write_text(listing + "\n", encoding="utf-8")
