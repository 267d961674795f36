"""The read stage: every input format, folders, standard input and every kind of bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from whimbrel.readers import parse_date, read_inputs
from whimbrel.records import RawDocument, Rejection

SHARED = Path(__file__).resolve().parents[2] / "shared"

BODY = ("Iranian and American negotiators met in Muscat on Saturday for indirect talks mediated "
        "by Oman. The Iranian foreign minister said the meeting had been constructive and that "
        "both sides agreed to meet again next week. ")
P2 = ("Oman's foreign minister hosted both delegations in separate rooms and carried messages "
      "between them for several hours, officials said. ")
P3 = ("Washington described the talks as positive and productive, while Tehran said that "
      "sanctions relief had to be part of any agreement on its nuclear programme. ")
PAGE = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Talks resume in Muscat | Example Wire</title>
<meta property="og:title" content="Talks resume in Muscat">
<meta property="article:published_time" content="2025-04-12T09:30:00Z">
<link rel="canonical" href="https://wire.test/world/muscat-talks"></head>
<body>
<header><a href="/">Example Wire</a>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>
<main><article>
<h1>Talks resume in Muscat</h1>
<p class="byline">By Staff Reporter</p>
<p>{BODY * 2}</p>
<figure><img src="delegates.jpg" alt=""><figcaption>Delegates arrive at the palace. Photo:
Agency Pictures</figcaption></figure>
<p>{P2 * 2}</p>
<p>{P3 * 2}</p>
</article>
<aside><h2>Most read</h2><ul><li><a href="/x">Ten recipes for summer</a></li></ul></aside>
</main>
<footer><p>Copyright 2025 Example Wire. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a> | <a href="/terms">Terms of use</a></p></footer>
</body></html>
"""


def read(*paths: Path | str, **options) -> list[RawDocument | Rejection]:
    return list(read_inputs([str(p) for p in paths], **options))


def reason_of(items: list[RawDocument | Rejection]) -> str:
    [item] = items
    assert isinstance(item, Rejection), item
    return item.reason


def test_page_has_enough_words_to_be_realistic():
    assert len((BODY * 2 + P2 * 2 + P3 * 2).split()) >= 150


# -- plain text ----------------------------------------------------------------------------------
def test_text_with_headers(tmp_path):
    f = tmp_path / "000_25e66934ed0f176f.txt"
    f.write_text(f"Title: Talks resume\nDate: June 19, 2025\nURL: https://x.test/a\n\n{BODY}\n")
    [doc] = read(f)
    assert isinstance(doc, RawDocument)
    assert doc.name == "000_25e66934ed0f176f.txt" and doc.origin == str(f) and doc.format == "txt"
    assert (doc.title, doc.url, doc.published) == ("Talks resume", "https://x.test/a",
                                                   "2025-06-19")
    assert doc.text.startswith("Iranian and American") and "Title:" not in doc.text
    assert doc.size == f.stat().st_size


def test_headers_any_order_any_case_and_published(tmp_path):
    f = tmp_path / "a.text"
    f.write_text(f"url: https://x.test/b\npublished: 2025-06-19T10:00:00Z\nTITLE: T\n\n{BODY}")
    [doc] = read(f)
    assert (doc.title, doc.url, doc.published) == ("T", "https://x.test/b", "2025-06-19")


def test_text_without_headers_keeps_everything(tmp_path):
    f = tmp_path / "b.txt"
    f.write_text("Talks resume in Muscat\n" + BODY)
    [doc] = read(f)
    assert doc.title is None and doc.published is None
    assert doc.text == "Talks resume in Muscat\n" + BODY


def test_header_like_first_line_without_blank_line_is_body(tmp_path):
    f = tmp_path / "c.txt"
    f.write_text("Date: the talks were moved again\n" + BODY)
    [doc] = read(f)
    assert doc.published is None and doc.text.startswith("Date: the talks")


def test_unparseable_date_is_none_but_kept_raw(tmp_path):
    f = tmp_path / "d.txt"
    f.write_text(f"Date: last Tuesday\n\n{BODY}")
    [doc] = read(f)
    assert isinstance(doc, RawDocument)
    assert doc.published is None and doc.published_raw == "last Tuesday"


def test_markdown_is_read_as_text(tmp_path):
    (tmp_path / "note.md").write_text("# Talks\n\n" + BODY)
    (tmp_path / "README.md").write_text("# About this corpus")
    [doc] = read(tmp_path)  # a README describes a folder: it is not an article
    assert doc.format == "txt" and doc.name == "note.md"


# -- HTML ----------------------------------------------------------------------------------------
def test_html_main_text_and_metadata(tmp_path):
    f = tmp_path / "page.html"
    f.write_text(PAGE)
    [doc] = read(f)
    assert isinstance(doc, RawDocument), doc
    assert doc.format == "html" and doc.name == "page.html" and doc.html == PAGE
    assert doc.title == "Talks resume in Muscat"
    assert doc.url == "https://wire.test/world/muscat-talks"
    assert doc.published == "2025-04-12"
    assert "indirect talks mediated by Oman" in doc.text
    assert "sanctions relief" in doc.text and "\n" in doc.text  # paragraphs joined by newlines
    for boilerplate in ("All rights reserved", "Privacy policy", "Weather", "Ten recipes"):
        assert boilerplate not in doc.text


# -- JSON Lines ----------------------------------------------------------------------------------
def test_jsonl_ids_line_numbers_blank_lines_and_html_records(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text("\n".join([
        json.dumps({"id": "w1", "text": BODY, "published": "2025-06-22T08:00:00Z",
                    "title": "First", "url": "https://x.test/1"}),
        "",
        "   ",
        json.dumps({"text": BODY + " Second.", "date": "Jun 23, 2025"}),
        json.dumps({"id": 7, "html": PAGE, "title": "Given title"}),
    ]) + "\n")
    docs = read(f)
    assert all(isinstance(d, RawDocument) for d in docs), docs
    assert [d.name for d in docs] == ["w1", "feed.jsonl:4", "7"]
    assert [d.origin for d in docs] == [f"{f}:1", f"{f}:4", f"{f}:5"]
    assert (docs[0].title, docs[0].url, docs[0].published) == ("First", "https://x.test/1",
                                                                "2025-06-22")
    assert docs[1].published == "2025-06-23" and docs[1].format == "jsonl"
    assert docs[2].title == "Given title"  # the record's metadata wins over the page's
    assert docs[2].published == "2025-04-12" and docs[2].html == PAGE
    assert "Muscat" in docs[2].text and "All rights reserved" not in docs[2].text


def test_ndjson_extension(tmp_path):
    (tmp_path / "f.ndjson").write_text(json.dumps({"id": "n1", "text": BODY}) + "\n")
    assert [d.name for d in read(tmp_path / "f.ndjson")] == ["n1"]


def test_jsonl_limit_is_per_record_not_per_file(tmp_path):
    f = tmp_path / "big.jsonl"
    f.write_text("".join(json.dumps({"id": f"r{i}", "text": BODY}) + "\n" for i in range(40)))
    assert f.stat().st_size > 4096
    docs = read(f, max_bytes=1024)
    assert len(docs) == 40 and all(isinstance(d, RawDocument) for d in docs)


def test_oversized_jsonl_record_is_rejected_and_reading_goes_on(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text("\n".join([json.dumps({"id": "big", "text": "x " * 5000}),
                            json.dumps({"id": "ok", "text": BODY})]) + "\n")
    items = read(f, max_bytes=2048)
    assert isinstance(items[0], Rejection) and items[0].origin == f"{f}:1"
    assert items[0].reason.startswith("line 1: record too large:")
    assert "> limit 0.0 MB (--max-bytes)" in items[0].reason
    assert [i.name for i in items[1:]] == ["ok"]


# -- folders -------------------------------------------------------------------------------------
def test_folders_are_recursive_sorted_and_skip_other_files(tmp_path):
    for sub in ("b", "a", ".hidden", "a/deeper"):
        (tmp_path / sub).mkdir()
    (tmp_path / "b" / "z.txt").write_text(BODY)
    (tmp_path / "a" / "deeper" / "y.txt").write_text(BODY)
    (tmp_path / "a" / "x.html").write_text(PAGE)
    (tmp_path / "a.txt").write_text(BODY + " A.")
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "c1", "text": BODY}) + "\n")
    (tmp_path / "notes.csv").write_text("x,y\n")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\x00\x00")
    (tmp_path / ".draft.txt").write_text(BODY)
    (tmp_path / "README.md").write_text("# About this corpus\n\nReports collected in 2025.")
    (tmp_path / ".hidden" / "c.txt").write_text(BODY)
    items = read(tmp_path)
    assert all(isinstance(i, RawDocument) for i in items), items
    assert [i.name for i in items] == ["y.txt", "x.html", "a.txt", "z.txt", "c1"]
    assert read(tmp_path) == items  # deterministic


def test_a_bad_file_in_a_folder_does_not_stop_the_others(tmp_path):
    (tmp_path / "1.txt").write_text(BODY)
    (tmp_path / "2.txt").write_bytes(b"")
    (tmp_path / "3.txt").write_text(BODY)
    items = read(tmp_path)
    assert [type(i).__name__ for i in items] == ["RawDocument", "Rejection", "RawDocument"]


def test_explicit_file_with_another_extension_is_sniffed(tmp_path):
    f = tmp_path / "article"
    f.write_text(PAGE)
    [doc] = read(f)
    assert isinstance(doc, RawDocument) and doc.format == "html" and doc.name == "article"


def test_a_single_path_is_accepted(tmp_path):
    (tmp_path / "a.txt").write_text(BODY)
    assert [d.name for d in read_inputs(tmp_path / "a.txt")] == ["a.txt"]


# -- standard input ------------------------------------------------------------------------------
@pytest.mark.parametrize("payload,fmt", [
    ("\n\n" + json.dumps({"id": "s1", "text": BODY}) + "\n", "jsonl"),
    ("\n  " + PAGE, "html"),
    (BODY, "txt"),
    (f"Title: From a pipe\n\n{BODY}", "txt"),
])
def test_stdin_is_sniffed(payload, fmt):
    [doc] = list(read_inputs(["-"], stdin=io.BytesIO(payload.encode())))
    assert isinstance(doc, RawDocument), doc
    assert doc.format == fmt and "Oman" in doc.text and doc.origin.startswith("<stdin>")


def test_stdin_jsonl_origins_and_names():
    lines = [json.dumps({"text": BODY}), "", json.dumps({"id": "b", "text": BODY})]
    docs = list(read_inputs(["-"], stdin=io.BytesIO("\n".join(lines).encode())))
    assert [(d.origin, d.name) for d in docs] == [("<stdin>:1", "stdin:1"), ("<stdin>:3", "b")]


def test_stdin_defaults_to_sys_stdin(monkeypatch):
    class FakeStdin:
        buffer = io.BytesIO(BODY.encode())

    monkeypatch.setattr("sys.stdin", FakeStdin())
    [doc] = read("-")
    assert isinstance(doc, RawDocument) and doc.format == "txt"


class CountingStream(io.BytesIO):
    """Counts the lines read, to show that records come out before the stream is consumed."""

    lines_read = 0

    def readline(self, size: int | None = -1) -> bytes:
        self.lines_read += 1
        return super().readline(size)


def test_jsonl_is_streamed_line_by_line():
    stream = CountingStream(b"".join(json.dumps({"id": i, "text": BODY}).encode() + b"\n"
                                     for i in range(1000)))
    items = read_inputs(["-"], stdin=stream)
    assert next(items).name == "0"
    assert stream.lines_read <= 2


# -- bad input -----------------------------------------------------------------------------------
def test_empty_and_whitespace_only_files(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blank.txt").write_text("  \n\t\n")
    (tmp_path / "empty.html").write_text("")
    (tmp_path / "empty.jsonl").write_text("\n\n")
    for name in ("empty.txt", "blank.txt", "empty.html", "empty.jsonl"):
        assert reason_of(read(tmp_path / name)).startswith("empty file"), name
    assert "empty file" in reason_of(list(read_inputs(["-"], stdin=io.BytesIO(b""))))


def test_header_lines_without_a_body(tmp_path):
    (tmp_path / "h.txt").write_text("Title: Only a title\nDate: 2025-06-19\n\n")
    assert reason_of(read(tmp_path / "h.txt")) == "no body text after the header lines"


def test_binary_files(tmp_path):
    (tmp_path / "nul.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    (tmp_path / "ctl.html").write_bytes(bytes(range(1, 9)) * 20)
    (tmp_path / "bin.jsonl").write_bytes(b'{"a": 1}\n\x00\x01\x02\x03\n')
    assert reason_of(read(tmp_path / "nul.txt")) == (
        "binary content (not text): 30 NUL bytes in first 8 KB")
    assert reason_of(read(tmp_path / "ctl.html")).startswith(
        "binary content (not text): 160 control bytes (100%)")
    assert reason_of(read(tmp_path / "bin.jsonl")).startswith("binary content (not text)")


def test_invalid_utf8_is_rejected_not_repaired(tmp_path):
    (tmp_path / "latin1.txt").write_bytes("Café crème au Sénat".encode("latin-1"))
    reason = reason_of(read(tmp_path / "latin1.txt"))
    assert reason.startswith("invalid UTF-8 at byte 3: invalid continuation byte")
    assert "convert it to UTF-8" in reason


def test_mojibake_characters_in_valid_utf8_are_kept(tmp_path):
    (tmp_path / "m.txt").write_text("Iranâ€™s foreign minister said so. " + BODY)
    [doc] = read(tmp_path / "m.txt")
    assert doc.text.startswith("Iranâ€™s")


def test_utf8_bom_utf16_and_utf32_are_accepted(tmp_path):
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + BODY.encode())
    (tmp_path / "u16.txt").write_bytes(BODY.encode("utf-16"))
    (tmp_path / "u32.txt").write_bytes(BODY.encode("utf-32"))
    (tmp_path / "bom.jsonl").write_bytes(b"\xef\xbb\xbf" + json.dumps({"text": BODY}).encode())
    docs = read(*(tmp_path / n for n in ("bom.txt", "u16.txt", "u32.txt", "bom.jsonl")))
    assert all(isinstance(d, RawDocument) and d.text.startswith("Iranian") for d in docs), docs


def test_utf16_jsonl_is_rejected_with_the_fix(tmp_path):
    (tmp_path / "u16.jsonl").write_bytes(json.dumps({"text": BODY}).encode("utf-16"))
    assert "must be UTF-8" in reason_of(read(tmp_path / "u16.jsonl"))


@pytest.mark.parametrize("html", [
    "<html><body><div></div></body></html>",
    "<<<>>> <</p </div",
    "<html><head><title>Only a title</title></head><body><div><span></span><p>",
    '<html><body><script>var x = "<p>text</p>";</script><style>p{color:red}</style></body></html>',
    "<!-- <html><body><p>commented out</p></body></html> -->",
])
def test_malformed_or_empty_html(tmp_path, html):
    (tmp_path / "bad.html").write_text(html)
    assert reason_of(read(tmp_path / "bad.html")) == "no main text could be extracted from HTML"


def test_broken_jsonl_lines_are_rejected_and_the_rest_read(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text("\n".join([
        json.dumps({"id": "ok1", "text": BODY}),
        '{"id": "x" "text": "missing comma"}',
        "[1, 2, 3]",
        json.dumps({"id": "notext", "title": "only a title"}),
        json.dumps({"id": "badtype", "text": ["a", "list"]}),
        json.dumps({"id": True, "text": BODY}),
        json.dumps({"id": "emptytext", "text": "  "}),
        json.dumps({"id": "nohtmltext", "html": "<html><body></body></html>"}),
        '"just a string"',
        json.dumps({"id": "ok2", "text": BODY}),
    ]) + "\n")
    items = read(f)
    assert [i.name for i in items if isinstance(i, RawDocument)] == ["ok1", "ok2"]
    rejected = [i for i in items if isinstance(i, Rejection)]
    assert [r.origin for r in rejected] == [f"{f}:{n}" for n in range(2, 10)]
    assert [r.reason for r in rejected] == [
        "line 2: invalid JSON: Expecting ',' delimiter at column 12",
        "line 3: expected a JSON object, got an array",
        "line 4: record has neither 'text' nor 'html'",
        "line 5: field 'text' must be a string, not an array",
        "line 6: field 'id' must be a string or an integer, not a boolean",
        "line 7: empty text",
        "line 8: no main text could be extracted from HTML",
        "line 9: expected a JSON object, got a string",
    ]


def test_invalid_utf8_in_a_jsonl_line(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_bytes(json.dumps({"text": BODY}).encode() + b'\n{"text": "caf\xe9"}\n')
    items = read(f)
    assert isinstance(items[0], RawDocument)
    assert items[1].reason.startswith("line 2: invalid UTF-8 at byte 13")


def test_file_larger_than_the_limit_is_rejected_before_reading(tmp_path):
    for name in ("big.txt", "big.html"):
        with (tmp_path / name).open("wb") as fh:
            fh.truncate(int(52.4 * 1024 * 1024))  # sparse: nothing is written or read
        assert reason_of(read(tmp_path / name)) == (
            "file too large: 52.4 MB > limit 10.0 MB (--max-bytes)")


def test_the_limit_can_be_changed(tmp_path):
    (tmp_path / "a.txt").write_text(BODY * 20)
    assert reason_of(read(tmp_path / "a.txt", max_bytes=1000)).startswith("file too large")
    assert "input too large" in reason_of(
        list(read_inputs(["-"], stdin=io.BytesIO((BODY * 20).encode()), max_bytes=1000)))


def test_nonexistent_path(tmp_path):
    missing = tmp_path / "missing.txt"
    assert read(missing) == [Rejection(str(missing), "no such file or directory")]


# -- dates ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", [
    "2025-06-19", "2025-06-19T10:00:00Z", "2025-06-19T10:00:00.123+0000", "June 19, 2025",
    "Jun 19, 2025", "19 June 2025", "Thursday, 19th June 2025", "Thu, 19 Jun 2025 10:00:00 +0000",
    "Thu, 19 Jun 2025 10:00:00 GMT", "2025/06/19",
])
def test_parse_date_variants(value):
    assert parse_date(value) == "2025-06-19"


@pytest.mark.parametrize("value", [None, "", "not a date", "06/07/2025", "2025-13-45", "2025"])
def test_parse_date_gives_none_for_what_it_cannot_read(value):
    assert parse_date(value) is None


# -- the shared seed corpus ----------------------------------------------------------------------
def test_reads_the_seeds():
    seeds = SHARED / "corpus" / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"{seeds} is absent (only CI and developers have ../shared)")
    docs = read(seeds)
    assert len(docs) == 5 and all(isinstance(d, RawDocument) for d in docs), docs
    assert docs[0].name == "000_25e66934ed0f176f.txt"
    assert all(d.name[:3].isdigit() and d.name.endswith(".txt") for d in docs)
    assert [d.name for d in docs] == sorted(d.name for d in docs)
