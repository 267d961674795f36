from __future__ import annotations

import io
import json

import pytest

from whimbrel.readers import parse_date, read_inputs
from whimbrel.records import RawDocument, Rejection

BODY = ("Iranian and American negotiators met in Muscat on Saturday for indirect talks mediated "
        "by Oman. The Iranian foreign minister said the meeting had been constructive and that "
        "both sides agreed to meet again next week. ")
PAGE = """<!doctype html><html><head><title>Talks resume in Muscat | Example Wire</title>
<meta property="og:title" content="Talks resume in Muscat">
<meta name="date" content="2025-04-12">
<link rel="canonical" href="https://wire.test/world/muscat-talks"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Talks resume in Muscat</h1>
<p>{p1}</p><figure><img src="a.jpg"><figcaption>Delegates arrive. Photo: Staff</figcaption></figure>
<p>{p2}</p><p>{p3}</p></article>
<footer>Copyright 2025 Example Wire. All rights reserved. Privacy policy.</footer></body></html>
""".format(p1=BODY * 2, p2="Oman's foreign minister hosted both delegations in separate rooms "
           "and carried messages between them for several hours, officials said. " * 2,
           p3="Washington described the talks as positive and productive, while Tehran said "
           "sanctions relief had to be part of any agreement. " * 2)


def read(*paths, **kw):
    return list(read_inputs([str(p) for p in paths], **kw))


def test_text_with_headers(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(f"Title: Talks\nDate: June 19, 2025\nURL: https://x.test/a\n\n{BODY}\n")
    [doc] = read(f)
    assert isinstance(doc, RawDocument)
    assert (doc.name, doc.title, doc.url, doc.published) == ("a.txt", "Talks", "https://x.test/a",
                                                              "2025-06-19")
    assert doc.text.startswith("Iranian and American") and doc.format == "txt"


def test_text_without_headers_keeps_everything(tmp_path):
    f = tmp_path / "b.txt"
    f.write_text("Title of sorts but no colon header\n" + BODY)
    [doc] = read(f)
    assert doc.title is None and doc.text.startswith("Title of sorts")


def test_html_main_text_and_metadata(tmp_path):
    f = tmp_path / "p.html"
    f.write_text(PAGE)
    [doc] = read(f)
    assert isinstance(doc, RawDocument), doc
    assert doc.title == "Talks resume in Muscat"
    assert doc.published == "2025-04-12"
    assert "indirect talks mediated by Oman" in doc.text
    assert "All rights reserved" not in doc.text and "Sport" not in doc.text


def test_jsonl_ids_line_numbers_blank_lines_and_html_records(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text("\n".join([
        json.dumps({"id": "w1", "text": BODY, "published": "2025-06-22T08:00:00Z"}),
        "",
        json.dumps({"text": BODY + " Second."}),
        json.dumps({"id": 7, "html": PAGE, "title": "Given title"}),
    ]) + "\n")
    docs = read(f)
    assert [d.name for d in docs] == ["w1", "feed.jsonl:3", "7"]
    assert docs[0].published == "2025-06-22" and docs[0].origin.endswith("feed.jsonl:1")
    assert docs[2].title == "Given title" and "Muscat" in docs[2].text and docs[2].format == "jsonl"


def test_folders_are_recursive_sorted_and_skip_other_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "z.txt").write_text(BODY)
    (tmp_path / "a.txt").write_text(BODY + " A.")
    (tmp_path / "notes.csv").write_text("x,y\n")
    (tmp_path / ".hidden" / "c.txt").write_text(BODY)
    assert [d.name for d in read(tmp_path)] == ["a.txt", "z.txt"]


@pytest.mark.parametrize("payload,fmt", [
    (json.dumps({"id": "s1", "text": BODY}) + "\n", "jsonl"),
    (PAGE, "html"),
    (BODY, "txt"),
])
def test_stdin_is_sniffed(payload, fmt):
    [doc] = list(read_inputs(["-"], stdin=io.BytesIO(payload.encode())))
    assert isinstance(doc, RawDocument) and doc.format == fmt and "Oman" in doc.text


def _reason(items) -> str:
    [item] = items
    assert isinstance(item, Rejection), item
    return item.reason


def test_bad_inputs_each_get_a_reason(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blank.txt").write_text("  \n\t\n")
    (tmp_path / "bin.txt").write_bytes(b"\x89PNG\x00\x00\x01" * 100)
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 cr\xe8me".encode("latin-1"))
    (tmp_path / "bad.html").write_text("<html><body><div></div></body></html>")
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    assert "empty" in _reason(read(tmp_path / "empty.txt"))
    assert "empty" in _reason(read(tmp_path / "blank.txt"))
    assert "binary content" in _reason(read(tmp_path / "bin.txt"))
    assert "invalid UTF-8 at byte 3" in _reason(read(tmp_path / "latin1.txt"))
    assert "no main text could be extracted from HTML" in _reason(read(tmp_path / "bad.html"))
    assert "file too large: 50.0 MB > limit 10.0 MB" in _reason(read(big))
    assert "no such file" in _reason(read(tmp_path / "missing.txt"))


def test_broken_jsonl_lines_are_rejected_and_the_rest_read(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text("\n".join([
        json.dumps({"id": "ok1", "text": BODY}),
        '{"id": "x", "text": "unterminated',
        "[1, 2, 3]",
        json.dumps({"id": "notext", "title": "only a title"}),
        json.dumps({"id": "badtype", "text": ["a", "list"]}),
        json.dumps({"id": "ok2", "text": BODY}),
    ]) + "\n")
    items = read(f)
    assert [i.name for i in items if isinstance(i, RawDocument)] == ["ok1", "ok2"]
    reasons = [i.reason for i in items if isinstance(i, Rejection)]
    assert reasons[0].startswith("line 2: invalid JSON")
    assert "must be a JSON object" in reasons[1]
    assert "no 'text' or 'html'" in reasons[2]
    assert "must be a string" in reasons[3]


def test_utf8_bom_and_utf16_are_accepted(tmp_path):
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + BODY.encode())
    (tmp_path / "u16.txt").write_bytes(BODY.encode("utf-16"))
    docs = read(tmp_path / "bom.txt", tmp_path / "u16.txt")
    assert all(isinstance(d, RawDocument) and d.text.startswith("Iranian") for d in docs)


def test_parse_date_variants():
    assert parse_date("2025-06-19") == "2025-06-19"
    assert parse_date("Thu, 19 Jun 2025 10:00:00 +0000") == "2025-06-19"
    assert parse_date("Jun 19, 2025") == "2025-06-19"
    assert parse_date("not a date") is None


def test_reads_the_seeds(seeds_dir):
    docs = read(seeds_dir)
    assert [d.name for d in docs][:1] == ["000_25e66934ed0f176f.txt"]
    assert len(docs) == 5 and all(isinstance(d, RawDocument) for d in docs)
