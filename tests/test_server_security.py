"""The server lets no one in: read only by default, writes only with the bearer token, bound
parameters against injection in every filter, escaped article text, limits on body size, page
size and query time, and a schemathesis run over the OpenAPI spec that finds no server error."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import duckdb
import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from whimbrel.errors import StoreLockedError
from whimbrel.pipeline import ingest
from whimbrel.store import Store
from whimbrel.web.app import create_app

pytestmark = pytest.mark.integration
TOKEN = "t0ken-for-tests-only-1234"
HOSTILE = ["' OR 1=1 --", "RUS'; DROP TABLE events; --", "RUS\") UNION SELECT * FROM articles--",
           "%27%20OR%201%3D1", "<script>alert(1)</script>", "../../etc/passwd", "\x00", "A" * 40]
TEXTS = {
    "plain": "Russia condemned the United States on Monday over the strikes on Iran.",
    "xss": "Russia condemned the United States <script>alert('x')</script> on Monday, and "
           "<b onmouseover=alert(1)>Iran</b> thanked Moscow.",
}


@pytest.fixture(scope="module")
def db(tmp_path_factory, nlp) -> Path:
    d = tmp_path_factory.mktemp("sec")
    feed = d / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": k, "text": t, "date": "2025-06-23"}) + "\n"
                            for k, t in TEXTS.items()))
    path = d / "s.duckdb"
    ingest([feed], db=path, nlp=nlp)
    return path


def _counts(db: Path) -> tuple[int, int]:
    with Store(db, read_only=True) as s:
        return s.count("articles"), s.count("events")


def test_read_only_by_default_and_writes_need_the_token(db, nlp, tmp_path):
    body = {"articles": [{"id": "new", "text": "Iran thanked Russia for its support on Tuesday.",
                          "date": "2025-06-24"}]}
    ro = TestClient(create_app(db))
    assert ro.post("/api/articles", json=body).status_code == 403
    with pytest.raises(ValueError, match="token"):
        create_app(db, allow_write=True)
    copy = tmp_path / "w.duckdb"
    copy.write_bytes(db.read_bytes())
    rw = TestClient(create_app(copy, allow_write=True, token=TOKEN))
    assert rw.post("/api/articles", json=body).status_code == 401
    assert rw.post("/api/articles", json=body,
                   headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert rw.post("/api/articles", json=body,
                   headers={"Authorization": f"Basic {TOKEN}"}).status_code == 401
    before = _counts(copy)
    res = rw.post("/api/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert res.status_code == 201 and res.json()["stored"] == 1
    assert _counts(copy)[0] == before[0] + 1
    again = rw.post("/api/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert again.json()["stored"] == 0 and again.json()["duplicates"] == 1


@pytest.mark.parametrize("path,params", [
    ("/api/events", ("source", "target", "actor", "type", "since", "until")),
    ("/api/merged", ("source", "target", "type")),
    ("/api/dyads", ("source", "target", "freq")),
    ("/api/network", ("since", "until")),
    ("/api/disputes", ("kind",)),
    ("/", ("source", "target", "actor", "type", "since", "until")),
])
def test_injection_strings_in_every_filter_are_refused_or_harmless(db, path, params):
    client = TestClient(create_app(db))
    before = _counts(db)
    for param in params:
        for value in HOSTILE:
            res = client.get(path, params={param: value})
            assert res.status_code in (200, 422), (path, param, value, res.status_code)
            if res.status_code == 200 and path.startswith("/api/") and "items" in res.json():
                assert res.json()["items"] == [] or param in ("kind",)
    for hostile in HOSTILE[:3]:
        res = client.get(f"/api/articles/{hostile}")
        assert res.status_code == 404
        res = client.get(f"/api/actors/{hostile}")
        assert res.status_code in (200, 404, 422)
    assert _counts(db) == before
    with duckdb.connect(str(db), read_only=True) as con:  # the tables are all still there
        assert con.execute("SELECT count(*) FROM events").fetchone()[0] == before[1]


def test_article_text_is_escaped_in_pages(db):
    client = TestClient(create_app(db))
    events = client.get("/api/events", params={"limit": 50}).json()["items"]
    mine = [e for e in events if e["doc"] == "xss"]
    assert mine, "the hostile article was coded"
    html = client.get(f"/events/xss/{mine[0]['seq']}").text
    assert "<script>alert(" not in html and "&lt;script&gt;" in html
    assert "onmouseover=alert" not in html.replace("&#34;", "").replace("&quot;", "") or \
        "<b onmouseover" not in html
    listing = client.get("/", params={"actor": "RUS"}).text
    assert "<script>alert(" not in listing


def test_limits_on_body_size_page_size_and_query_time(db, tmp_path):
    client = TestClient(create_app(db, allow_write=True, token=TOKEN, max_body=10_000))
    big = {"articles": [{"id": "big", "text": "x " * 20_000}]}
    res = client.post("/api/articles", json=big, headers={"Authorization": f"Bearer {TOKEN}"})
    assert res.status_code == 413
    assert client.get("/api/events", params={"limit": 501}).status_code == 422
    assert client.get("/api/events", params={"offset": -1}).status_code == 422
    # a store big enough that the network query runs for a while, and a tiny time limit
    slow = tmp_path / "slow.duckdb"
    with Store(slow):
        pass
    with duckdb.connect(str(slow)) as con:
        con.execute("INSERT INTO articles (id, content_hash, text, raw_text) "
                    "SELECT 'a' || i, 'h' || i, 't', 't' FROM range(1000) r(i)")
        con.execute("INSERT INTO events (article_id, seq, sentence, type, quad_class, goldstein, "
                    "source_code, target_code, trigger_start, trigger_end, negated) "
                    "SELECT 'a' || (i % 1000), i, 0, 'ASSAULT', 4, -9.0, "
                    "'C' || (i % 5000), 'C' || ((i * 7919) % 5000), 0, 1, false "
                    "FROM range(1000000) r(i)")
    quick = TestClient(create_app(slow, query_timeout=0.2))
    t0 = time.perf_counter()
    res = quick.get("/api/merged")  # reads every event: far more than 0.2 s
    assert res.status_code == 503 and "ran past" in res.json()["detail"]
    assert time.perf_counter() - t0 < 5
    assert quick.get("/api/articles", params={"limit": 5}).status_code == 200  # small reads go on


def test_a_write_in_progress_gives_a_clear_503_not_a_corrupt_read(db, tmp_path):
    copy = tmp_path / "busy.duckdb"
    copy.write_bytes(db.read_bytes())
    client = TestClient(create_app(copy, lock_wait=0.3))
    held = threading.Event()
    release = threading.Event()

    def writer() -> None:
        import subprocess
        import sys
        code = ("import duckdb,sys,time; c=duckdb.connect(sys.argv[1]); print('ok', flush=True);"
                " time.sleep(3)")
        p = subprocess.Popen([sys.executable, "-c", code, str(copy)], stdout=subprocess.PIPE,
                             text=True)
        p.stdout.readline()
        held.set()
        release.wait(10)
        p.kill()
        p.wait()

    t = threading.Thread(target=writer)
    t.start()
    assert held.wait(20)
    try:
        res = client.get("/api/events")
        assert res.status_code == 503 and "being written" in res.json()["detail"]
        with pytest.raises(StoreLockedError):
            Store(copy, read_only=True)
    finally:
        release.set()
        t.join()
    assert client.get("/api/events").status_code == 200  # answers again once the writer is gone


def test_schemathesis_finds_no_server_error(db):
    """Every operation of the OpenAPI spec, with cases generated from its parameters."""
    from hypothesis import given

    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(db))
    calls: list[tuple[str, int]] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10

    for op in operations:
        @given(op.as_strategy())
        @settings(max_examples=8, deadline=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def run(case) -> None:  # type: ignore[no-untyped-def]
            response = case.call()
            calls.append((case.path, response.status_code))
            assert response.status_code < 500, (case.method, case.path, case.query,
                                                response.text[:300])

        run()
    print(f"schemathesis: {len(calls)} calls over {len(operations)} operations, "
          f"statuses {sorted({c for _, c in calls})}")
    assert len(calls) >= 3 * len(operations)
