"""The read stage: files, folders and standard input to :class:`RawDocument` or :class:`Rejection`.

``read_inputs`` is a generator: it never holds the corpus in memory (a JSON Lines file is read
line by line). Nothing here raises for bad input; each unusable file or record becomes a
``Rejection`` with a one-line reason, and reading goes on with the next one:

* a path that does not exist; an empty or whitespace-only file or record;
* binary content (NUL bytes or many control characters in the first 8 KB);
* invalid UTF-8 (decoding is strict: broken bytes are not guessed at; mojibake characters in
  valid UTF-8 are the cleaner's business);
* HTML from which no main text can be extracted;
* a JSON Lines record that is not valid JSON, not an object, or has no text;
* a file (or, for JSON Lines, a record) larger than ``max_bytes``.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import BinaryIO

from whimbrel.records import InputFormat, RawDocument, Rejection

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
HEADER = re.compile(r"^(title|date|published|url)\s*:\s*(.*)$", re.IGNORECASE)
_SNIFF = 8192

Item = RawDocument | Rejection


def read_inputs(paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
                stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Documents and rejections from files, folders (recursive, sorted) and ``-`` (stdin)."""
    for raw in paths:
        if str(raw) == "-":
            yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, max_bytes)
            continue
        path = Path(raw)
        if path.is_dir():
            for file in _walk(path):
                yield from _read_file(file, max_bytes)
        elif path.is_file():
            yield from _read_file(path, max_bytes)
        else:
            yield Rejection(str(path), "no such file or directory")


def _walk(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).parts
        if any(part.startswith(".") for part in rel):
            continue
        if path.is_file() and path.suffix.lower() in SUFFIXES:
            yield path


def _format_of(path: Path) -> InputFormat:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    return "txt"


def _read_file(path: Path, max_bytes: int) -> Iterator[Item]:
    origin = str(path)
    fmt = _format_of(path)
    try:
        size = path.stat().st_size
        if fmt == "jsonl":
            with path.open("rb") as handle:
                yield from _read_jsonl(handle, origin, path.name, max_bytes)
            return
        if size > max_bytes:
            yield Rejection(origin, f"file too large: {_mb(size)} > limit {_mb(max_bytes)} "
                                    "(--max-bytes)")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Rejection(origin, f"cannot read: {exc.strerror or exc}")
        return
    text_or_reason = decode(data)
    if isinstance(text_or_reason, Rejection):
        yield Rejection(origin, text_or_reason.reason)
        return
    yield _document(text_or_reason, fmt, origin, path.name, len(data))


def _read_stdin(stream: BinaryIO, max_bytes: int) -> Iterator[Item]:
    data = stream.read()
    first = data.lstrip()[:1]
    if first == b"{":
        import io

        yield from _read_jsonl(io.BytesIO(data), "<stdin>", "stdin", max_bytes)
        return
    if len(data) > max_bytes:
        yield Rejection("<stdin>", f"input too large: {_mb(len(data))} > limit {_mb(max_bytes)}")
        return
    decoded = decode(data)
    if isinstance(decoded, Rejection):
        yield Rejection("<stdin>", decoded.reason)
        return
    fmt: InputFormat = "html" if first == b"<" else "txt"
    yield _document(decoded, fmt, "<stdin>", "stdin", len(data))


def decode(data: bytes) -> str | Rejection:
    """UTF-8 text (a BOM is dropped; UTF-16 with a BOM is accepted), or why it is not text."""
    if not data.strip():
        return Rejection("", "empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            return Rejection("", f"invalid UTF-16 at byte {exc.start}")
    head = data[:_SNIFF]
    nuls = head.count(0)
    if nuls:
        return Rejection("", f"binary content (not text): {nuls} NUL bytes in first 8 KB")
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if controls > max(8, len(head) // 20):
        return Rejection("", f"binary content (not text): {controls} control bytes in first 8 KB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start:exc.start + 4].hex(" ")
        return Rejection("", f"invalid UTF-8 at byte {exc.start} ({bad}): not UTF-8 text; "
                             "convert it to UTF-8 first")
    if not text.strip():
        return Rejection("", "empty file (whitespace only)")
    return text


def _document(text: str, fmt: InputFormat, origin: str, name: str, size: int) -> Item:
    if fmt == "html":
        return _from_html(text, origin, name, size)
    title = url = published = None
    lines = text.lstrip("\ufeff").split("\n")
    headers: dict[str, str] = {}
    i = 0
    while i < len(lines) and (m := HEADER.match(lines[i].strip())):
        headers[m.group(1).lower()] = m.group(2).strip()
        i += 1
    if headers and (i == len(lines) or not lines[i].strip()):
        text = "\n".join(lines[i:]).strip("\n")
        title = headers.get("title") or None
        url = headers.get("url") or None
        published = parse_date(headers.get("date") or headers.get("published"))
    if not text.strip():
        return Rejection(origin, "no body text after the header lines")
    return RawDocument(origin=origin, name=name, format=fmt, text=text, title=title, url=url,
                       published=published, size=size)


def _from_html(html: str, origin: str, name: str, size: int, **meta: str | None) -> Item:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=True)
    except Exception as exc:  # noqa: BLE001 - the extractor's failures are many and untyped
        return Rejection(origin, f"malformed HTML: {exc.__class__.__name__}: {exc}")
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        return Rejection(origin, "no main text could be extracted from HTML")
    return RawDocument(
        origin=origin, name=name, format="html", text=text.strip(), html=html,
        title=meta.get("title") or getattr(doc, "title", None),
        url=meta.get("url") or getattr(doc, "url", None),
        published=parse_date(meta.get("published")) or parse_date(getattr(doc, "date", None)),
        size=size)


def _read_jsonl(handle: BinaryIO, origin: str, name: str, max_bytes: int) -> Iterator[Item]:
    for number, line in enumerate(handle, start=1):
        where = f"{origin}:{number}"
        if not line.strip():
            continue
        if len(line) > max_bytes:
            yield Rejection(where, f"record too large: {_mb(len(line))} > limit {_mb(max_bytes)}")
            continue
        try:
            record = json.loads(line.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            yield Rejection(where, f"line {number}: invalid UTF-8 at byte {exc.start}")
            continue
        except json.JSONDecodeError as exc:
            yield Rejection(where, f"line {number}: invalid JSON: {exc.msg} at column {exc.colno}")
            continue
        yield _from_record(record, where, f"{name}:{number}", len(line), number)


def _from_record(record: object, where: str, default_name: str, size: int, number: int) -> Item:
    if not isinstance(record, dict):
        return Rejection(where, f"line {number}: a record must be a JSON object, "
                                f"not {type(record).__name__}")
    for key in ("id", "text", "html", "title", "url", "published", "date"):
        value = record.get(key)
        if value is not None and not isinstance(value, str | int):
            return Rejection(where, f"line {number}: field {key!r} must be a string")
    name = str(record["id"]) if record.get("id") not in (None, "") else default_name
    meta = {"title": _str(record.get("title")), "url": _str(record.get("url")),
            "published": _str(record.get("published") or record.get("date"))}
    text, html = _str(record.get("text")), _str(record.get("html"))
    if text and text.strip():
        return RawDocument(origin=where, name=name, format="jsonl", text=text,
                           title=meta["title"], url=meta["url"],
                           published=parse_date(meta["published"]), size=size)
    if html and html.strip():
        item = _from_html(html, where, name, size, **meta)
        if isinstance(item, RawDocument):
            return RawDocument(origin=item.origin, name=item.name, format="jsonl",
                               text=item.text, html=item.html, title=item.title, url=item.url,
                               published=item.published, size=size)
        return item
    return Rejection(where, f"line {number}: record has no 'text' or 'html'")


def _str(value: object) -> str | None:
    return None if value is None else str(value)


_MONTH_DATE = re.compile(r"^([A-Z][a-z]+)\.? (\d{1,2}),? (\d{4})$")


def parse_date(value: str | None) -> str | None:
    """An ISO ``YYYY-MM-DD`` for common date spellings, else None.

    >>> parse_date("2025-06-19T10:00:00Z"), parse_date("June 19, 2025"), parse_date("soon")
    ('2025-06-19', '2025-06-19', None)
    """
    if not value:
        return None
    value = value.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    if m := _MONTH_DATE.match(value):
        for fmt in ("%B %d %Y", "%b %d %Y"):
            try:
                return datetime.strptime(f"{m.group(1)} {m.group(2)} {m.group(3)}", fmt).date().isoformat()
            except ValueError:
                continue
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10]):
        try:
            return date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            return None
    return None


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"
