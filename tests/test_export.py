"""Exports of a real DuckDB store in every format, read back."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import networkx as nx
import pytest

from whimbrel.export import CSV_COLUMNS, GDELT_COLUMNS, SPAN_COLUMNS, export
from whimbrel.store import Store

SENTENCE = "Russian troops attacked Kyiv on Friday."


def _event(seq: int, **values: Any) -> dict[str, Any]:
    row = {"article_id": "a1", "seq": seq, "sentence": 0, "type": "ASSAULT", "mode": None,
           "contexts": ["military"], "cameo": "190", "quad_class": 4, "goldstein": -10.0,
           "source_code": "RUS", "source_sector": "MIL", "source_name": "Russia",
           "source_start": 0, "source_end": 14, "source_text": "Russian troops",
           "target_code": "UKR", "target_sector": None, "target_name": "Ukraine",
           "target_start": 24, "target_end": 28, "target_text": "Kyiv",
           "trigger_start": 15, "trigger_end": 23, "trigger_text": "attacked",
           "negated": False, "hedged": False, "quoted": False, "speaker": None,
           "date": "2024-01-05", "location": "Kyiv", "location_country": "UKR",
           "lat": 50.45, "lon": 30.52, "confidence": 0.9, "rule": "test", "medium": None}
    row.update(values)
    return row


EVENTS = [
    _event(0),
    _event(1, type="ACCUSE", cameo="1121", quad_class=3, goldstein=None, date="2024-02",
           source_code="NATO", source_sector="IGO", source_name="NATO", location=None,
           location_country=None, lat=None, lon=None, target_sector="GOV"),
    _event(2, negated=True),  # kept with its flag in PLOVER/CSV, absent from GDELT
    _event(3, type="CONSULT", cameo=None, quad_class=1, goldstein=None, date="2024",
           location="Kyiv\tcentre"),
    _event(4, type="PROTEST", cameo="14", quad_class=3, goldstein=-6.5, date=None,
           source_code=None, source_sector=None, source_name=None, source_start=None,
           source_end=None, source_text=None, article_id="a2"),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    path = tmp_path_factory.mktemp("export") / "s.duckdb"
    Store(path).close()
    con = duckdb.connect(str(path))
    try:
        con.execute("INSERT INTO articles (id, content_hash, url, published, text, raw_text) "
                    "VALUES ('a1', 'h1', 'https://example.org/kyiv', '2024-01-06', ?, ?), "
                    "('a2', 'h2', NULL, '2024-03-09', ?, ?)", [SENTENCE] * 4)
        con.execute("INSERT INTO sentences VALUES ('a1', 0, 0, 39, ?), ('a2', 0, 0, 39, ?)",
                    [SENTENCE, SENTENCE])
        for row in EVENTS:
            con.execute(f"INSERT INTO events ({', '.join(row)}) "
                        f"VALUES ({', '.join('?' * len(row))})", list(row.values()))
    finally:
        con.close()
    with Store(path, read_only=True) as opened:
        yield opened


def test_plover_jsonl(store, tmp_path):
    out = tmp_path / "events.jsonl"
    assert export(store, "plover", out) == 5
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in records] == ["a1#0", "a1#1", "a1#2", "a1#3", "a2#4"]
    first = records[0]
    assert first["event_type"] == "ASSAULT" and first["date"] == "2024-01-05"
    assert first["context"] == ["military"]
    assert first["source"] == {"code": "RUS", "sector": "MIL", "name": "Russia",
                               "text": "Russian troops"}
    assert first["location"] == {"name": "Kyiv", "country": "UKR", "lat": 50.45, "lon": 30.52}
    assert first["evidence"] == {"doc": "a1", "sentence": 0, "text": SENTENCE,
                                 "trigger": [15, 23]}
    assert records[1]["location"] is None and records[1]["goldstein"] is None
    assert records[2]["negated"] is True
    assert records[4]["source"] is None and records[4]["date"] == "2024-03-09"


def test_gdelt_tsv(store, tmp_path):
    out = tmp_path / "events.tsv"
    assert export(store, "gdelt", out) == 4  # the negated event is not written
    lines = out.read_text().split("\n")
    assert lines[-1] == ""
    rows = [line.split("\t") for line in lines[:-1]]
    assert len(rows) == 4
    assert all(len(r) == len(GDELT_COLUMNS) for r in rows)
    rows = [dict(zip(GDELT_COLUMNS, r, strict=True)) for r in rows]
    assaulted, accused, consulted, protested = rows
    assert [r["GLOBALEVENTID"] for r in rows] == ["1", "2", "3", "4"]
    assert (assaulted["SQLDATE"], assaulted["MonthYear"], assaulted["Year"]) == (
        "20240105", "202401", "2024")
    assert assaulted["FractionDate"] == "2024.0137"
    assert accused["SQLDATE"] == "20240201" and consulted["SQLDATE"] == "20240101"
    assert protested["SQLDATE"] == "20240309"  # the article's date
    assert (assaulted["Actor1Code"], assaulted["Actor1CountryCode"],
            assaulted["Actor1Type1Code"], assaulted["Actor2Code"]) == (
        "RUSMIL", "RUS", "MIL", "UKR")
    assert (accused["Actor1Code"], accused["Actor1CountryCode"]) == ("NATOIGO", "")
    assert protested["Actor1Code"] == "" and protested["Actor1Name"] == ""
    assert (accused["EventCode"], accused["EventBaseCode"], accused["EventRootCode"]) == (
        "1121", "112", "11")
    assert consulted["EventCode"] == "" and protested["EventBaseCode"] == "14"
    assert float(accused["GoldsteinScale"]) == -3.0  # quad 3 default
    assert float(consulted["GoldsteinScale"]) == 2.0
    assert consulted["ActionGeo_FullName"] == "Kyiv centre"  # no tab inside a field
    assert float(assaulted["ActionGeo_Lat"]) == 50.45 and accused["ActionGeo_Lat"] == ""
    assert {r["DATEADDED"] for r in rows} == {date.today().strftime("%Y%m%d")}
    assert assaulted["SOURCEURL"] == "https://example.org/kyiv"
    assert protested["SOURCEURL"] == "a2"


def test_csv(store, tmp_path):
    out = tmp_path / "events.csv"
    assert export(store, "csv", out) == 5
    with out.open(newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    assert len(rows) == 5
    assert rows[0]["trigger"] == "attacked" and rows[0]["sentence_text"] == SENTENCE
    assert rows[2]["negated"] == "true"
    assert rows[4]["date"] == "2024-03-09" and rows[4]["doc"] == "a2"
    assert rows[3]["location"] == "Kyiv\tcentre"  # CSV quotes it


def test_parquet(store, tmp_path):
    out = tmp_path / "events.parquet"
    assert export(store, "parquet", out) == 5
    table = duckdb.sql(f"SELECT * FROM '{out}'")
    assert tuple(table.columns) == CSV_COLUMNS + SPAN_COLUMNS
    assert duckdb.sql(f"SELECT count(*) FROM '{out}'").fetchall() == [(5,)]
    assert duckdb.sql(f"SELECT trigger_start, trigger_end, source_text FROM '{out}' "
                      "WHERE seq = 0").fetchall() == [(15, 23, "Russian troops")]


def test_graphml(store, tmp_path):
    out = tmp_path / "nested" / "actors.graphml"
    assert export(store, "graphml", out) == 2  # RUS-UKR and NATO-UKR
    graph = nx.read_graphml(out)
    assert set(graph.nodes) == {"NATO", "RUS", "UKR"}
    assert all(isinstance(d["bloc"], int) for _, d in graph.nodes(data=True))
    assert graph["RUS"]["UKR"]["weight"] == -8.0  # -10 and the default 2.0 of a CONSULT
    assert (graph["RUS"]["UKR"]["conflict"], graph["RUS"]["UKR"]["cooperation"]) == (1, 1)


def test_unknown_format(store, tmp_path):
    with pytest.raises(ValueError, match="xml"):
        export(store, "xml", tmp_path / "x")
    assert not (tmp_path / "x").exists()
