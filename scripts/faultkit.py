"""Fault injection and fuzzing kit for whimbrel (not part of the package).

Used by ``scripts/faults.py`` (run by a person) and by ``tests/test_fuzz.py`` and
``tests/test_faults.py`` (loaded from this file). It holds:

* hypothesis strategies for hostile input: random bytes in every encoding the readers meet,
  HTML from a small grammar (tags, attributes, scripts, comments, broken nesting, entities,
  mis-decoded characters), messy text, and broken JSON Lines whose every line says what it is;
* the contract of a rejection (:func:`rejection_problem`): a reason from the readers' documented
  vocabulary, and an origin that names the file, and the line for a JSON Lines record;
* SIGKILL fault injection (:func:`kill_and_resume`): run a whimbrel command, kill it after a
  seeded random delay, check the store opens and holds only whole articles, resume, and compare
  the final store with one clean uninterrupted run.
"""

from __future__ import annotations

import codecs
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

from whimbrel.errors import WhimbrelError
from whimbrel.records import RawDocument, Rejection
from whimbrel.store import Store

WHIMBREL = (sys.executable, "-m", "whimbrel")
COUNTED_TABLES = ("articles", "sentences", "actor_mentions", "events", "claims")
ARTICLE_TABLES = ("sentences", "cleaning", "actor_mentions", "events", "claims")

# -- hostile input ---------------------------------------------------------------------------------

SCRIPT_MARK, STYLE_MARK, COMMENT_MARK = "SCRIPTMARKER", "STYLEMARKER", "COMMENTMARKER"
MARKS = (SCRIPT_MARK, STYLE_MARK, COMMENT_MARK)
# markup in the cleaned text: generated text never holds "<" before a letter, "!", "?" or "/x"
RAW_TAG = re.compile(r"<(?:[A-Za-z!?]|/[A-Za-z])")

_WORDS = ("the minister said talks in Oman would resume next week after Iran and the United "
          "States agreed to meet again while Russia warned that new sanctions on its banks were "
          "a hostile act").split()
ODD = ("&amp;", "&nbsp;", "&eacute;", "&#8217;", "&#x2014;", "&quot;", "&copy;", "&bogus;",
       "&#0;", "&#xD800;", "&#1114112;", "&", "3 &lt; 4", ">", "Ã©", "â€™", "â€œ", "â€\x9d", "Â",
       "ðŸ˜€", "β", "\ufffd", "\u200f", "\u200e", "\u200b", "\u202e", "\u2028", "\u00a0", "\x85",
       "\r", "\t", "مرحبا", "שלום")
JUNK = ("Photo: Reuters", "Getty Images", "Share your thoughts in the comments below.",
        "Sources: Reuters, AP", "Table of Contents", "- Related story", "putin iran konflikt",
        "All rights reserved", "Read more: talks", "Moscow's Delicate Dance", "and the", "- ")
SPECIAL_CHARS = "\x00\x01\x07\x0b\x0c\x1b\x7f\x80\x85\x9d\xa0\xad\u200b\u200c\u200d\u200e" \
                "\u200f\u202a\u202b\u202c\u202d\u202e\u2028\u2029\u2060\u2066\u2069\ufeff\ufffd" \
                "\r\n\tβÃâ€™œÂ© .,!?-\"'"


def sentences(min_words: int = 4, max_words: int = 25) -> st.SearchStrategy[str]:
    """An English-looking sentence from a small vocabulary."""
    return st.lists(st.sampled_from(_WORDS), min_size=min_words, max_size=max_words).map(
        lambda ws: " ".join(ws).capitalize() + ".")


def prose(min_sentences: int = 3, max_sentences: int = 8) -> st.SearchStrategy[str]:
    """A paragraph of English that passes the language check (many function words)."""
    return st.lists(sentences(8, 20), min_size=min_sentences, max_size=max_sentences).map(
        " ".join)


def messy_text(max_size: int = 400) -> st.SearchStrategy[str]:
    """Any text (``st.text()``: control characters included), weighted towards the characters
    the cleaner treats specially, plus paragraphs and very long lines.

    A very long line is one long word of any characters, or plain ASCII prose: with mis-decoded
    characters among thousands of words cleaning is super-linear (a known bug, pinned by
    ``test_clean_time_is_linear_in_mojibake``), which would make run times unpredictable."""
    chars = st.one_of(st.characters(), st.sampled_from(SPECIAL_CHARS))
    short = st.text(chars, max_size=max_size)
    pieces = st.one_of(short, sentences(), st.sampled_from(ODD), st.sampled_from(JUNK),
                       st.just("\n"), st.just("\n\n"))
    mixed = st.lists(pieces, max_size=20).map("".join)
    lines = st.lists(pieces, max_size=12).map("\n".join)
    unit = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
                   min_size=1, max_size=12)
    long_word = st.tuples(unit, st.integers(500, 8000), short).map(lambda t: t[0] * t[1] + t[2])
    long_prose = st.tuples(sentences(), st.integers(100, 1500)).map(
        lambda t: " ".join([t[0]] * t[1]))
    return st.one_of(short, mixed, lines, long_word, long_prose)


_TAGS = ("p", "div", "span", "b", "i", "a", "article", "main", "section", "h1", "h2", "ul", "li",
         "table", "tr", "td", "blockquote", "em", "strong", "header", "footer", "nav", "aside",
         "figure", "figcaption", "form", "button", "pre", "code", "font", "center", "ARTICLE", "P")
_ATTRS = ('class="content"', 'id="main"', 'href="https://wire.test/a?b=1&c=2"',
          'href="javascript:alert(1)"', 'style="display:none"', "onclick=\"alert('<b>x</b>')\"",
          "data-x='{\"a\": 1}'", "class=unquoted", 'title="a &amp; b"', "hidden",
          'lang="ar" dir="rtl"', 'alt="<img src=x>"', 'class="comments"', 'itemprop="articleBody"')
_LEAVES = (
    f"<script>var {SCRIPT_MARK} = '<p>leak</p>'; if (a < b) {{ x(); }}</script>",
    f"<SCRIPT type=\"text/javascript\">document.write('<div>{SCRIPT_MARK}</div>')</SCRIPT>",
    f"<script type=\"application/ld+json\">{{\"@type\": \"NewsArticle\", \"x\": \"{SCRIPT_MARK}\"}}"
    "</script>",
    f"<script src=\"x.js\"></script><script>/*<![CDATA[*/{SCRIPT_MARK}/*]]>*/</script>",
    f"<svg><script>{SCRIPT_MARK}()</script></svg>",
    f"<style>.{STYLE_MARK} {{ color: red }} p > b {{ x: y }}</style>",
    f"<!-- {COMMENT_MARK} <p>commented out</p> -->", f"<!--[if IE]>{COMMENT_MARK}<![endif]-->",
    "<!---->", "<!-->", "</div>", "</p></p>", "<br>", "<br/>", "<hr>", "<p/>",
    "<img src=x onerror=alert(1)>", "<!DOCTYPE html>", "<?xml version='1.0'?>",
    "<![CDATA[ raw data ]]>", "<iframe src=\"https://ads.test\"></iframe>",
    "<noscript>Enable JavaScript to read this.</noscript>", "<textarea>reply here</textarea>",
    "<input type=\"text\" value=\"x\">", "<meta charset=\"utf-8\">", "<b><i>crossed</b></i>",
    "<table><td>cell<tr>row</table>", "<li>one<li>two",
)


def _element(tag: str, attrs: list[str], children: list[str], closing: int) -> str:
    open_tag = f"<{' '.join([tag, *attrs])}>"
    body = "".join(children)
    if closing == 0:
        return f"{open_tag}{body}</{tag}>"
    if closing == 1:
        return open_tag + body  # never closed
    if closing == 2:
        return f"{open_tag}{body}</{'div' if tag != 'div' else 'span'}>"  # closes the wrong tag
    return f"</{tag}>{body}{open_tag}"  # inside out


def html_nodes() -> st.SearchStrategy[str]:
    text = st.lists(st.one_of(sentences(), st.sampled_from(ODD)), min_size=1, max_size=6).map(
        " ".join)
    leaf = st.one_of(text, text, st.sampled_from(_LEAVES))
    return st.recursive(
        leaf,
        lambda children: st.builds(_element, st.sampled_from(_TAGS),
                                   st.lists(st.sampled_from(_ATTRS), max_size=2),
                                   st.lists(children, max_size=4), st.integers(0, 3)),
        max_leaves=25)


def _page(doctype: bool, title: str, article: str | None, nodes: list[str], tail: str,
          wrapped: bool) -> str:
    body = list(nodes)
    if article is not None:
        body.insert(len(body) // 2, article)
    html = "".join(body) + tail
    if wrapped:
        html = (f"<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head>"
                f"<body>{html}</body></html>")
    return ("<!DOCTYPE html>\n" if doctype else "") + html


def html_pages() -> st.SearchStrategy[str]:
    """An HTML page from the grammar: often with a real article in it, always with junk."""
    article = st.builds(lambda h, ps: f"<article><h1>{h}</h1>" + "".join(
        f"<p>{p}</p>" for p in ps) + "</article>", sentences(3, 8),
        st.lists(prose(2, 5), min_size=1, max_size=4))
    tail = st.sampled_from(("", "<script>unclosed(", "<!-- unclosed comment", "<div><p>",
                            "</body></html>", "<", "<p", "&", "</", "<a href=x>link</a"))
    return st.builds(_page, st.booleans(), sentences(2, 6), st.none() | article,
                     st.lists(html_nodes(), max_size=6), tail, st.booleans())


# -- JSON Lines ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Line:
    """One JSON Lines line with what it should become: ``store`` (an English record: stored, or
    a duplicate of an earlier one), ``reject`` (must be rejected), ``either`` (HTML, short or
    odd text whose fate depends on extraction and cleaning), ``blank`` (skipped)."""

    data: bytes
    fate: str


def record_bytes(text: str, ident: str | int | None, extra: dict[str, object]) -> bytes:
    record: dict[str, object] = {"text": text, **extra}
    if ident is not None:
        record["id"] = ident
    return json.dumps(record).encode()


def jsonl_lines(huge: int = 30_000, max_lines: int = 8) -> st.SearchStrategy[list[Line]]:
    """Lines mixing valid records, invalid JSON, non-objects, wrong field types and huge fields.

    ``huge`` is the size of an oversized field: pass ``max_bytes`` between 15 KB and ``huge``
    so those lines are rejected as too large and big ones (up to ~14 KB) are stored. Never a
    whole-file rejection (no NUL, no BOM)."""
    ident = st.none() | st.sampled_from(["a", "b", "x 1", 7, 0, "ünï", "  "])
    meta = st.fixed_dictionaries({}, optional={
        "title": sentences(2, 6), "url": st.just("https://wire.test/x"),
        "published": st.sampled_from(["2025-06-22", "June 22, 2025", "soon", ""])})
    texts = st.sampled_from([
        "Iran and the United States agreed to resume talks in Oman next week, the foreign "
        "minister said on Sunday after a long meeting with the mediators in Muscat.",
        "Russia warned that new sanctions on its banks were a hostile act and said that it "
        "would respond to the decision of the European Union in due course.",
    ]) | prose(2, 4)
    store = st.builds(lambda t, i, m: Line(record_bytes(t, i, m), "store"), texts, ident, meta)
    either = st.one_of(
        st.builds(lambda h, i: Line(json.dumps({"id": i, "html": h}).encode(), "either"),
                  html_pages(), ident),
        st.builds(lambda t: Line(record_bytes(t, None, {}), "either"), messy_text(200)),
        st.builds(lambda t: Line(record_bytes(t, None, {}), "either"), sentences(1, 4)),
    )
    wrong_type = st.sampled_from([
        {"text": 5}, {"text": ["a"]}, {"text": None}, {"html": {"p": 1}},
        {"text": "ok", "id": True}, {"text": "ok", "id": [1]}, {"text": "ok", "id": 1.5},
        {"text": "ok", "title": 3}, {"text": "ok", "url": False},
        {"text": "ok", "published": 20250101}, {"title": "no body"}, {"text": "   "}, {"html": ""},
        {},
    ]).map(lambda r: json.dumps(r).encode())
    not_object = st.sampled_from([b"[]", b"[1, 2]", b"42", b'"text"', b"null", b"true", b"3.5"])
    invalid = st.one_of(
        st.sampled_from([b"{", b"{\"text\": ", b"{'text': 'single quotes'}", b"{\"text\": \"x\",}",
                         b"not json", b"{\"text\": \"unterminated}", b"}{", b"{\"a\" 1}",
                         b"[" * 5000 + b"]" * 5000, b"{\"text\": \"\xff\xfe bad utf-8\"}",
                         b"{\"text\": \"\xc3\x28\"}", b"{\"text\": NaN}"]),
        # text that cannot start a JSON value, whatever whitespace comes first
        st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r\x00"),
                min_size=1, max_size=60)
        .filter(lambda s: s.strip() and s.lstrip()[:1] not in "{[\"-0123456789tfn")
        .map(str.encode),
    )
    big = st.builds(lambda p, k: Line(record_bytes(" ".join([p] * k), None, {}), "store"),
                    prose(2, 3), st.integers(10, 25))  # up to ~14 KB: under the limit, stored
    too_large = st.sampled_from(["word ", "Iran said "]).map(
        lambda w: Line(record_bytes(w * (huge // len(w) + 1), None, {}), "reject"))
    reject = st.one_of(wrong_type, not_object, invalid).map(lambda b: Line(b, "reject"))
    blank = st.sampled_from([b"", b"   ", b"\t"]).map(lambda b: Line(b, "blank"))
    line = st.one_of(store, store, reject, reject, either, big, too_large, blank)
    lines = st.lists(line, min_size=1, max_size=max_lines).filter(
        lambda ls: any(x.fate != "blank" for x in ls))
    return st.builds(_with_copy, lines, st.booleans())


def _with_copy(lines: list[Line], copy: bool) -> list[Line]:
    """The lines, and when asked a second copy of the first record to store (a duplicate)."""
    stored = [x for x in lines if x.fate == "store"]
    return [*lines, stored[0]] if copy and stored else lines


def jsonl_bytes(lines: Sequence[Line]) -> bytes:
    return b"\n".join(x.data for x in lines) + b"\n"


def raw_bytes() -> st.SearchStrategy[bytes]:
    """Bytes a reader may meet: binary, UTF-8 (with and without BOM), UTF-16/32 with and
    without BOM, valid text followed by garbage, HTML and JSON Lines."""
    text = st.text(max_size=600)
    return st.one_of(
        st.binary(max_size=2048),
        text.map(str.encode),
        text.map(lambda s: codecs.BOM_UTF8 + s.encode()),
        text.map(lambda s: s.encode("utf-16")), text.map(lambda s: s.encode("utf-32")),
        text.map(lambda s: s.encode("utf-16-le")),
        st.builds(lambda a, b: a.encode() + b, prose(1, 3), st.binary(min_size=1, max_size=64)),
        st.builds(lambda t: f"Title: {t}\nDate: 2025-06-22\n\n".encode(), sentences(2, 5)),
        st.builds(lambda t, b: f"Title: {t}\nURL: https://x.test\n\n{b}".encode(),
                  sentences(2, 5), prose(1, 3)),
        html_pages().map(str.encode),
        jsonl_lines(huge=3000, max_lines=4).map(jsonl_bytes),
    )


# -- the contract of a read item -------------------------------------------------------------------

KNOWN_REASON = re.compile(r"^(line \d+: )?(" + "|".join((
    r"empty (file|text|html)", r"binary content \(not text\)", r"invalid (UTF-8|UTF-16|UTF-32)",
    r"invalid JSON", r"JSON Lines must be UTF-8", r"(file|input|record) too large",
    r"malformed HTML", r"no main text could be extracted", r"no body text after the header",
    r"expected a JSON object", r"field '\w+' must be", r"record has neither", r"cannot read",
    r"no such file", r"no text", r"not English")) + r")")
_FORMATS = {".txt": {"txt"}, ".html": {"html"}, ".jsonl": {"jsonl"}}


def rejection_problem(item: RawDocument | Rejection, path: Path | str) -> str | None:
    """What is wrong with one item read from ``path`` (None when it keeps the contract).

    A document has body text, a format that fits the extension and an origin naming the file
    (``file:N`` for a JSON Lines record). A rejection has a one-line reason from the readers'
    vocabulary and an origin naming the file, or ``file:N`` with the reason saying ``line N``."""
    path = str(path)
    suffix = os.path.splitext(path)[1].lower()
    record = re.fullmatch(re.escape(path) + r":(\d+)", item.origin)
    if item.origin != path and not record:
        return f"origin {item.origin!r} does not name {path!r}"
    if record and suffix in (".txt", ".html"):
        return f"a {suffix} file is one document, not records: {item.origin!r}"
    if isinstance(item, RawDocument):
        if not (item.text or "").strip():
            return f"document with no text from {item.origin}"
        if item.format not in _FORMATS.get(suffix, {"txt", "html", "jsonl"}):
            return f"format {item.format!r} for a {suffix or 'sniffed'} file"
        if record and item.format != "jsonl":
            return f"record {item.origin} has format {item.format!r}"
        return None
    if not isinstance(item, Rejection):
        return f"neither a document nor a rejection: {type(item).__name__}"
    reason = item.reason
    if not isinstance(reason, str) or not reason.strip() or "\n" in reason:
        return f"rejection of {item.origin} without a one-line reason: {reason!r}"
    if not KNOWN_REASON.match(reason):
        return f"rejection of {item.origin} with an unexplained reason: {reason!r}"
    said = re.match(r"line (\d+): ", reason)
    if said and (not record or said.group(1) != record.group(1)):
        return f"reason {reason!r} names another line than its origin {item.origin!r}"
    if record is None and suffix == ".jsonl" and reason.startswith("line "):
        return f"record rejection without the line in its origin: {item.origin!r}"
    return None


# -- SIGKILL fault injection -----------------------------------------------------------------------

@dataclass(frozen=True)
class Snapshot:
    """What a store holds: row counts of the counted tables and each article's story cluster."""

    counts: dict[str, int]
    clusters: dict[str, str | None]


@dataclass
class FaultReport:
    injected: int = 0  # processes killed by SIGKILL (a run that ended before its kill is not)
    finished_early: int = 0  # runs that ended before their kill time (a resume that completed)
    survived: int = 0  # kills after which the store opened and held only whole articles
    partial: int = 0  # kills that left some articles stored, but not all of them
    lost: int = 0  # articles of the clean run missing after resuming
    extra: int = 0  # articles not in the clean run (a duplicate under another id, ...)
    failures: list[str] = field(default_factory=list)
    final_db: Path | None = None  # the store the last run completed


def ingest_command(corpus: Path | str, *, batch_size: int = 2) -> Callable[[Path], list[str]]:
    return lambda db: [*WHIMBREL, "ingest", str(corpus), "--db", str(db),
                       "--batch-size", str(batch_size), "-q"]


def recode_command(db: Path) -> list[str]:
    return [*WHIMBREL, "recode", "--db", str(db), "-q"]


def snapshot(db: Path | str) -> Snapshot:
    with Store(db, read_only=True) as store:
        counts = {t: store.count(t) for t in COUNTED_TABLES}
        clusters = {r["id"]: r["cluster"] for r in store.query("SELECT id, cluster FROM articles")}
    return Snapshot(counts, clusters)


def article_signatures(db: Path | str) -> dict[str, tuple[object, ...]]:
    """Per article what the analysis stages stored: sentence, cleaning-action, event and claim
    counts and the actor codes in order (a recode changes it, a half-done one must not)."""
    with Store(db, read_only=True) as store:
        rows = store.query(
            "SELECT a.id, "
            "(SELECT count(*) FROM sentences s WHERE s.article_id = a.id) AS sentences, "
            "(SELECT count(*) FROM cleaning c WHERE c.article_id = a.id) AS cleaning, "
            "(SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events, "
            "(SELECT count(*) FROM claims c WHERE c.article_id = a.id) AS claims, "
            "(SELECT list(code ORDER BY seq) FROM actor_mentions m WHERE m.article_id = a.id) "
            "AS codes FROM articles a")
    return {r["id"]: (r["sentences"], r["cleaning"], r["events"], r["claims"],
                      tuple(r["codes"] or ())) for r in rows}


def store_problems(db: Path | str) -> list[str]:
    """Why the store is not whole: it does not open, an article without sentences, rows of an
    article that is not stored, a duplicated id or content hash. Opens it for writing, as the
    next run does (DuckDB replays or discards the write-ahead log of a killed writer)."""
    try:
        with Store(db) as store:
            q = store.query
            problems = [f"article {r['id']!r} has no sentences" for r in q(
                "SELECT id FROM articles a WHERE NOT EXISTS "
                "(SELECT 1 FROM sentences s WHERE s.article_id = a.id)")]
            for table in ARTICLE_TABLES:
                orphans = q(f"SELECT article_id, count(*) AS n FROM {table} "  # noqa: S608
                            "WHERE article_id NOT IN (SELECT id FROM articles) GROUP BY 1")
                problems += [f"{r['n']} {table} rows of missing article {r['article_id']!r}"
                             for r in orphans]
            dup = q("SELECT count(*) - count(DISTINCT id) AS ids, "
                    "count(*) - count(DISTINCT content_hash) AS hashes FROM articles")[0]
            if dup["ids"] or dup["hashes"]:
                problems.append(f"duplicated articles: {dup}")
            return problems
    except (WhimbrelError, OSError) as exc:
        return [f"store does not open: {type(exc).__name__}: {exc}"]
    except Exception as exc:  # noqa: BLE001 - a DuckDB error here is the finding, not a crash
        return [f"store is unreadable: {type(exc).__name__}: {exc}"]


def compare(got: Snapshot, want: Snapshot, report: FaultReport, what: str) -> None:
    lost, extra = set(want.clusters) - set(got.clusters), set(got.clusters) - set(want.clusters)
    report.lost += len(lost)
    report.extra += len(extra)
    if lost or extra:
        report.failures.append(f"{what}: lost {sorted(lost)}, extra {sorted(extra)}")
    if got.counts != want.counts:
        report.failures.append(f"{what}: counts {got.counts} != clean run {want.counts}")
    moved = {k: (v, want.clusters[k]) for k, v in got.clusters.items()
             if k in want.clusters and v != want.clusters[k]}
    if moved:
        report.failures.append(f"{what}: clusters differ from the clean run: {moved}")


@dataclass(frozen=True)
class Outcome:
    killed: bool
    returncode: int
    seconds: float
    stderr: str


def run_killed(args: Sequence[str], delay: float | None, *, timeout: float = 900) -> Outcome:
    """Run ``args``; SIGKILL it ``delay`` seconds after start unless it ended before."""
    with tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(list(args), stdout=subprocess.DEVNULL, stderr=err)
        try:
            returncode = proc.wait(timeout=timeout if delay is None else delay)
            killed = False
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            returncode = proc.wait(timeout=60)
            killed = returncode == -signal.SIGKILL
        seconds = time.monotonic() - start
        err.seek(0)
        return Outcome(killed, returncode, seconds, err.read().decode(errors="replace")[-2000:])


def kill_times(duration: float, n: int, seed: int, *, spread: float = 1.0) -> list[float]:
    """``n`` kill delays drawn across ``[0, spread * duration]``: one uniformly at random in each
    of ``n`` equal slices (so they cover the whole run), in a seeded random order."""
    rng = random.Random(seed)
    width = spread * duration / n
    times = [round((k + rng.random()) * width, 3) for k in range(n)]
    rng.shuffle(times)
    return times


def kill_and_resume(command: Callable[[Path], Sequence[str]], workdir: Path,
                    delays: Sequence[float], want: Snapshot, *,
                    prepare: Callable[[Path], None] | None = None,
                    check: Callable[[Path], list[str]] | None = None,
                    log: Callable[[str], None] = lambda _: None) -> FaultReport:
    """Kill ``command(db)`` after each delay, check the store, and resume with the next run.

    Each run resumes the store the killed one left. A run that ends before its kill time has
    completed the job: the store is compared with ``want`` (the clean run) and the next kill
    starts on a fresh store (``prepare(db)`` makes it, e.g. copies a store to recode). After the
    last kill the job is resumed to its end and compared. ``check(db)`` adds problems to look
    for after each kill."""
    report = FaultReport()
    generation = 0

    def fresh() -> Path:
        db = workdir / f"faults-{generation}.duckdb"
        if prepare:
            prepare(db)
        return db

    db = fresh()
    for n, delay in enumerate(delays, start=1):
        out = run_killed(command(db), delay)
        if not out.killed and out.returncode != 0:
            report.failures.append(f"run {n} exited {out.returncode}: {out.stderr}")
        problems = store_problems(db)
        problems += check(db) if check and not problems else []
        if out.killed:
            report.injected += 1
            report.survived += not problems
            if not problems:
                stored = snapshot(db).counts["articles"]
                report.partial += 0 < stored < want.counts["articles"]
        report.failures += [f"after kill {n} at {delay:.2f}s: {p}" for p in problems]
        log(f"kill {n:2} at {delay:6.2f}s: " + ("killed" if out.killed else
            f"ended first ({out.seconds:.1f}s)") + (f", {len(problems)} problems" if problems
                                                     else ", store whole"))
        if not out.killed:
            report.finished_early += 1
            compare(snapshot(db), want, report, f"store {generation} completed by run {n}")
            generation += 1
            db = fresh()
    out = run_killed(command(db), None)
    if out.returncode != 0:
        report.failures.append(f"final resume exited {out.returncode}: {out.stderr}")
    report.failures += [f"after the final resume: {p}" for p in store_problems(db)]
    compare(snapshot(db), want, report, f"store {generation} after the final resume")
    report.final_db = db
    return report
