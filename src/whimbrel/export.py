"""Export the coded events for other tools: PLOVER JSON Lines, GDELT-style TSV, CSV, Parquet, or
the actor network as GraphML.

Every format but GraphML is written by DuckDB itself (``COPY (SELECT ...) TO``), streaming, in
event order (article id, then sequence number). PLOVER, CSV and Parquet keep negated events with
their ``negated`` flag and the Goldstein score as coded (empty when the CAMEO code gives none);
``date`` is the event's date, else its article's publication date.

GDELT mapping
-------------
GDELT 2.0 event files are tab-separated with no header and no quoting; :data:`GDELT_COLUMNS` are
written in that order (a subset of GDELT's 61 columns: the actor geography and ActionGeo type,
ADM1 and feature id columns are left out). Tabs and line breaks inside text become spaces.
Negated events are not written (GDELT has no negation).

====================  =========================================================================
GLOBALEVENTID         row number, from 1
SQLDATE               YYYYMMDD of the event's date (a month or year date: its first day)
MonthYear, Year       YYYYMM, YYYY of that date
FractionDate          Year + day of year / 365, to 4 decimals (2025.0027 is 1 January)
Actor1Code            actor code followed by sector (``RUSGOV``; ``RUS`` with no sector)
Actor1Name            actor name as resolved, else the text of the mention
Actor1CountryCode     the actor code when it is an ISO 3166 alpha-3 country code, else empty
Actor1Type1Code       sector (GOV, MIL, CVL, IGO...)
Actor2...             the same for the target
IsRootEvent           1
EventCode             CAMEO code, empty when there is none
EventBaseCode         its first 3 characters; EventRootCode its first 2
QuadClass             1-4
GoldsteinScale        the event's Goldstein score, else its quad class default
NumMentions/Sources/  1 (one event row is one report; see ``whimbrel events --merged``)
NumArticles
AvgTone               empty (whimbrel measures no tone)
ActionGeo_FullName    the location as written; ActionGeo_CountryCode its country (ISO alpha-3,
                      where GDELT uses FIPS 10-4), ActionGeo_Lat/Long its coordinates
DATEADDED             YYYYMMDD of the export day (GDELT: YYYYMMDDHHMMSS of the 15-minute batch)
SOURCEURL             the article's URL, else its id
====================  =========================================================================

Date fields are empty for an event with no date.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from whimbrel.analysis.network import actor_network, network_to_graphml
from whimbrel.analysis.series import DEFAULT_GOLDSTEIN
from whimbrel.store import Store

FORMATS = ("plover", "gdelt", "csv", "parquet", "graphml")

GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long",
    "DATEADDED", "SOURCEURL",
)

CSV_COLUMNS: tuple[str, ...] = (
    "doc", "seq", "sentence", "date", "type", "mode", "cameo", "quad_class", "goldstein",
    "source", "source_sector", "target", "target_sector", "negated", "hedged", "location",
    "location_country", "trigger", "sentence_text",
)
SPAN_COLUMNS: tuple[str, ...] = (
    "trigger_start", "trigger_end", "source_start", "source_end", "source_text",
    "target_start", "target_end", "target_text",
)

_FROM = ("FROM events e LEFT JOIN articles a ON a.id = e.article_id "
         "LEFT JOIN sentences s ON s.article_id = e.article_id AND s.idx = e.sentence")
_ORDER = "ORDER BY e.article_id, e.seq"
_DATE = "coalesce(e.date, CAST(a.published AS VARCHAR))"

_TABLE_SELECT = (
    "e.article_id AS doc, e.seq, e.sentence, " + _DATE + " AS date, e.type, e.mode, e.cameo, "
    "e.quad_class, e.goldstein, e.source_code AS source, e.source_sector, "
    "e.target_code AS target, e.target_sector, e.negated, e.hedged, e.location, "
    "e.location_country, e.trigger_text AS trigger, s.text AS sentence_text")
_SPAN_SELECT = ", ".join(f"e.{c}" for c in SPAN_COLUMNS)


def _actor_struct(side: str) -> str:
    fields = ("code", "sector", "name", "text")
    columns = [f"e.{side}_{f}" for f in fields]
    return (f"CASE WHEN {' AND '.join(c + ' IS NULL' for c in columns)} THEN NULL ELSE "
            "{" + ", ".join(f"'{f}': {c}" for f, c in zip(fields, columns, strict=True))
            + f"}} END AS {side}")


_PLOVER_SELECT = (
    "CAST(e.article_id AS VARCHAR) || '#' || CAST(e.seq AS VARCHAR) AS id, "
    + _DATE + " AS date, e.type AS event_type, e.mode, "
    "coalesce(e.contexts, CAST([] AS VARCHAR[])) AS context, "
    + _actor_struct("source") + ", " + _actor_struct("target") + ", "
    "e.negated, e.hedged, e.speaker, "
    "CASE WHEN e.location IS NULL THEN NULL ELSE {'name': e.location, "
    "'country': e.location_country, 'lat': e.lat, 'lon': e.lon} END AS location, "
    "e.cameo, e.quad_class, e.goldstein, e.confidence, "
    "{'doc': e.article_id, 'sentence': e.sentence, 'text': s.text, "
    "'trigger': [e.trigger_start, e.trigger_end]} AS evidence")


def _flat(sql: str) -> str:
    """Text with no tab or line break (GDELT fields are never quoted)."""
    return f"regexp_replace({sql}, '[\\t\\r\\n]+', ' ', 'g')"


def _gdelt_actor(side: str, n: int) -> str:
    code, sector = f"e.{side}_code", f"e.{side}_sector"
    return (
        f"coalesce({code}, '') || coalesce({sector}, '') AS Actor{n}Code, "
        f"{_flat(f'coalesce(e.{side}_name, e.{side}_text)')} AS Actor{n}Name, "
        f"CASE WHEN list_contains($1, {code}) THEN {code} END AS Actor{n}CountryCode, "
        f"{sector} AS Actor{n}Type1Code")


_GS = "coalesce(e.goldstein, CASE e.quad_class " + " ".join(
    f"WHEN {q} THEN {g}" for q, g in DEFAULT_GOLDSTEIN.items()) + " END)"

_GDELT_SQL = (
    "WITH x AS (SELECT e.*, a.url, s.text AS sentence_text, CASE length(" + _DATE + ") "
    "WHEN 10 THEN TRY_CAST(" + _DATE + " AS DATE) "
    "WHEN 7 THEN TRY_CAST(" + _DATE + " || '-01' AS DATE) "
    "WHEN 4 THEN TRY_CAST(" + _DATE + " || '-01-01' AS DATE) END AS day "
    + _FROM + " WHERE NOT coalesce(e.negated, false)) "
    "SELECT row_number() OVER (ORDER BY e.article_id, e.seq) AS GLOBALEVENTID, "
    "strftime(day, '%Y%m%d') AS SQLDATE, strftime(day, '%Y%m') AS MonthYear, "
    "year(day) AS Year, round(year(day) + dayofyear(day) / 365.0, 4) AS FractionDate, "
    + _gdelt_actor("source", 1) + ", " + _gdelt_actor("target", 2) + ", "
    "1 AS IsRootEvent, coalesce(e.cameo, '') AS EventCode, left(e.cameo, 3) AS EventBaseCode, "
    "left(e.cameo, 2) AS EventRootCode, e.quad_class AS QuadClass, "
    "CAST(" + _GS + " AS DOUBLE) AS GoldsteinScale, "
    "1 AS NumMentions, 1 AS NumSources, 1 AS NumArticles, '' AS AvgTone, "
    + _flat("e.location") + " AS ActionGeo_FullName, e.location_country AS ActionGeo_CountryCode, "
    "e.lat AS ActionGeo_Lat, e.lon AS ActionGeo_Long, $2 AS DATEADDED, "
    + _flat("coalesce(e.url, e.article_id)") + " AS SOURCEURL "
    "FROM x AS e ORDER BY GLOBALEVENTID")


@cache
def _country_codes() -> tuple[str, ...]:
    import pycountry

    return tuple(sorted(c.alpha_3 for c in pycountry.countries))


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def export(store: Store, fmt: str, out: Path) -> int:
    """Write every event of ``store`` to ``out`` in format ``fmt``; returns the rows written
    (for GraphML, the edges).

    >>> import tempfile
    >>> with Store(":memory:") as store, tempfile.TemporaryDirectory() as tmp:
    ...     export(store, "csv", Path(tmp) / "events.csv")
    0
    """
    if fmt not in FORMATS:
        raise ValueError(f"export format {fmt!r} is not one of {', '.join(FORMATS)}")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        network = actor_network(store)
        network_to_graphml(network, out)
        return len(network.edges)
    target = _literal(out)
    if fmt == "plover":
        sql = f"COPY (SELECT {_PLOVER_SELECT} {_FROM} {_ORDER}) TO {target} (FORMAT JSON)"
        params: list[object] = []
    elif fmt == "csv":
        sql = f"COPY (SELECT {_TABLE_SELECT} {_FROM} {_ORDER}) TO {target} (FORMAT CSV, HEADER)"
        params = []
    elif fmt == "parquet":
        sql = (f"COPY (SELECT {_TABLE_SELECT}, {_SPAN_SELECT} {_FROM} {_ORDER}) TO {target} "
               "(FORMAT PARQUET)")
        params = []
    else:
        sql = (f"COPY ({_GDELT_SQL}) TO {target} "
               "(FORMAT CSV, DELIMITER '\t', HEADER false, QUOTE '', ESCAPE '')")
        params = [_country_codes(), date.today().strftime("%Y%m%d")]
    rows = store.query(sql, params)
    return int(next(iter(rows[0].values()))) if rows else 0
