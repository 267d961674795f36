"""The web server as users meet it: `whimbrel serve` in a real process on a loopback port, the REST
API over HTTP, and the pages in real headless Chromium (Debian's chromium and chromedriver,
installed by `make browser`). Screenshots go to test-artifacts/."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from whimbrel.pipeline import ingest

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def web_db(tmp_path_factory, seeds_dir, sample_dir, nlp) -> Path:
    db = tmp_path_factory.mktemp("web") / "web.duckdb"
    ingest([sample_dir, seeds_dir], db=db, nlp=nlp)
    return db


@pytest.fixture(scope="module")
def server(web_db):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "whimbrel", "serve", "--db", str(web_db),
                             "--port", str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/api/health", timeout=2) as r:
                if r.status == 200:
                    break
        except (urllib.error.URLError, ConnectionError):
            if proc.poll() is not None:
                raise RuntimeError(f"server exited: {proc.stderr.read()}")
            time.sleep(0.3)
    else:
        proc.kill()
        raise RuntimeError("server did not start in 60 s")
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def get(url: str) -> tuple[int, object]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            body = r.read().decode()
            return r.status, json.loads(body) if "json" in r.headers["content-type"] else body
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_api_events_filters_and_pages(server):
    status, data = get(server + "/api/events?source=RUS&target=USA")
    assert status == 200 and data["total"] >= 1
    assert all(e["source"] == "RUS" and e["target"] == "USA" for e in data["items"])
    condemn = [e for e in data["items"] if e["type"] == "ACCUSE" and not e["negated"]]
    assert any("strike" in (e["sentence_text"] or "").lower() for e in condemn)
    status, page = get(server + "/api/events?limit=5&offset=5")
    assert status == 200 and len(page["items"]) == 5 and page["offset"] == 5
    status, one = get(server + f"/api/events/{page['items'][0]['doc']}/{page['items'][0]['seq']}")
    assert status == 200 and one["type"] == page["items"][0]["type"]
    assert get(server + "/api/events?type=NOPE")[0] == 422
    assert get(server + "/api/events?source=RUS%27%3BDROP%20TABLE%20events%3B--")[0] == 422
    assert get(server + "/api/events?limit=100000")[0] == 422
    assert get(server + "/api/events/nope/1")[0] == 404


def test_api_articles_actors_dyads_network_disputes(server):
    status, arts = get(server + "/api/articles?limit=3")
    assert status == 200 and arts["total"] == 42 and len(arts["items"]) == 3
    status, actors = get(server + "/api/actors")
    assert status == 200 and {"IRN", "RUS"} <= {a["code"] for a in actors["items"]}
    status, profile = get(server + "/api/actors/IRN")
    assert status == 200 and profile["events_as_source"] > 0
    status, series = get(server + "/api/dyads?source=RUS&target=IRN&either_direction=true")
    assert status == 200 and any(p["period"].startswith("2025") for p in series["points"])
    status, net = get(server + "/api/network")
    assert status == 200 and len(net["nodes"]) >= 5
    status, disputes = get(server + "/api/disputes?kind=how")
    assert status == 200 and disputes["total"] >= 1
    status, spec = get(server + "/openapi.json")
    assert status == 200 and "/api/events" in spec["paths"] and "/api/dyads" in spec["paths"]


def _chrome():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    assert binary and driver, "chromium and chromedriver are missing: run `make browser`"
    opts = webdriver.ChromeOptions()
    opts.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1000"):
        opts.add_argument(arg)
    return webdriver.Chrome(service=Service(driver), options=opts)


def test_browser_filters_events_and_follows_one_to_its_evidence(server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    ARTIFACTS.mkdir(exist_ok=True)
    browser = _chrome()
    try:
        browser.get(server + "/")
        assert "Events" in browser.title
        count = browser.find_element(By.ID, "count")
        everything = int(count.text.split()[0])
        browser.find_element(By.NAME, "source").send_keys("RUS")
        browser.find_element(By.NAME, "target").send_keys("USA")
        browser.find_element(By.ID, "filter").click()
        # the click loads a new page: wait for it (by the old page going away), not for time
        WebDriverWait(browser, 30).until(EC.staleness_of(count))
        count = WebDriverWait(browser, 30).until(
            EC.presence_of_element_located((By.ID, "count")))
        filtered = int(count.text.split()[0])
        assert 0 < filtered < everything
        rows = browser.find_elements(By.CSS_SELECTOR, "#events tbody tr")
        assert rows and all("RUS" in r.find_elements(By.TAG_NAME, "td")[2].text for r in rows)
        browser.save_screenshot(str(ARTIFACTS / "events-filtered.png"))
        link = browser.find_element(By.CSS_SELECTOR, "a.event-link")
        link.click()
        WebDriverWait(browser, 30).until(EC.staleness_of(link))
        trigger = WebDriverWait(browser, 30).until(EC.presence_of_element_located(
            (By.CSS_SELECTOR, "[data-evidence] mark.trigger")))
        sentence = "".join(el.text for el in browser.find_elements(By.CSS_SELECTOR,
                                                                    "[data-evidence]"))
        assert trigger.text and trigger.is_displayed()
        assert trigger.text in sentence
        assert browser.find_elements(By.CSS_SELECTOR, "[data-evidence] mark.source")
        browser.save_screenshot(str(ARTIFACTS / "event-evidence.png"))
        browser.get(server + "/dyads/RUS/IRN")
        assert browser.find_elements(By.CSS_SELECTOR, "#timeline .plot-container")
        browser.save_screenshot(str(ARTIFACTS / "dyad-chart.png"))
        browser.get(server + "/network")
        assert browser.find_elements(By.CSS_SELECTOR, "#network .plot-container")
        browser.get(server + "/actors/IRN")
        assert "Cooperates with" in browser.page_source
    finally:
        browser.quit()


def _whimbrel(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "whimbrel", *args], capture_output=True,
                          text=True, timeout=300)


def test_iran_report_is_self_contained_and_charts_2025(web_db, tmp_path):
    from selenium.webdriver.common.by import By

    out = tmp_path / "iran.html"
    res = _whimbrel("report", "--actor", "IRN", "--out", str(out), "--db", str(web_db))
    assert res.returncode == 0, res.stderr
    html = out.read_text()
    head, body = html.split("</head>", 1)
    assert "<script src" not in body and head.rstrip().endswith("</script>")  # plotly.js inline
    assert 'src="http' not in body
    assert '"x":["2025-' in html.replace(" ", "") or '"2025-06-01"' in html
    assert "Top events" in html and "Disputes" in html
    md = tmp_path / "iran.md"
    assert _whimbrel("report", "--actor", "IRN", "--vs", "RUS", "--format", "md", "--out",
                     str(md), "--db", str(web_db)).returncode == 0
    text = md.read_text()
    assert "| 2025-06-01 |" in text and "## Disputes" in text and "how" in text
    ARTIFACTS.mkdir(exist_ok=True)
    browser = _chrome()
    try:  # the file alone, no server: the chart must still draw
        browser.get(out.as_uri())
        assert browser.find_elements(By.CSS_SELECTOR, "#timeline .plot-container")
        ticks = " ".join(t.text for t in browser.find_elements(By.CSS_SELECTOR,
                                                               "#timeline .xtick text"))
        assert "2025" in ticks
        browser.save_screenshot(str(ARTIFACTS / "report-iran.png"))
    finally:
        browser.quit()


def test_exports_read_back_in_duckdb_and_networkx(web_db, tmp_path):
    import duckdb
    import networkx as nx

    events = duckdb.connect(str(web_db), read_only=True).execute(
        "SELECT count(*) FROM events").fetchone()[0]
    parquet = tmp_path / "events.parquet"
    res = _whimbrel("export", "--format", "parquet", "--out", str(parquet), "--db", str(web_db))
    assert res.returncode == 0, res.stderr
    assert duckdb.sql(f"SELECT count(*) FROM '{parquet}'").fetchall()[0][0] == events
    graphml = tmp_path / "network.graphml"
    assert _whimbrel("export", "--format", "graphml", "--out", str(graphml), "--db",
                     str(web_db)).returncode == 0
    g = nx.read_graphml(graphml)
    assert {"IRN", "RUS", "USA"} <= set(g.nodes) and g.number_of_edges() > 3
    assert all("bloc" in d for _, d in g.nodes(data=True))
    gdelt = tmp_path / "events.tsv"
    assert _whimbrel("export", "--format", "gdelt", "--out", str(gdelt), "--db",
                     str(web_db)).returncode == 0
    rows = gdelt.read_text().splitlines()
    assert rows and all(len(r.split("\t")) == 29 for r in rows)
    plover = tmp_path / "events.jsonl"
    assert _whimbrel("export", "--format", "plover", "--out", str(plover), "--db",
                     str(web_db)).returncode == 0
    first = json.loads(plover.read_text().splitlines()[0])
    assert {"event_type", "source", "target", "evidence"} <= set(first)
    assert _whimbrel("export", "--format", "xml", "--out", str(tmp_path / "x"), "--db",
                     str(web_db)).returncode == 2
