"""The read stage: files, folders and standard input to :class:`RawDocument` or :class:`Rejection`.

:func:`read_inputs` is a generator that never holds the corpus in memory: JSON Lines are read line
by line, and a line is never read past ``max_bytes``. The format comes from the extension:

* ``.txt`` / ``.text`` / ``.md``: plain text, with optional ``Title:``, ``Date:`` (or
  ``Published:``) and ``URL:`` header lines closed by a blank line;
* ``.html`` / ``.htm``: main text and metadata extracted with trafilatura (raw HTML kept);
* ``.jsonl`` / ``.ndjson``: one JSON object per line (``id``, ``text`` or ``html``, ``title``,
  ``url``, ``published`` or ``date``); blank lines are skipped.

``-`` (standard input), pipes and files named explicitly with another extension are sniffed: JSON
Lines if the first non-blank line starts with ``{``, HTML if ``<``, else text. Folders are walked
recursively in sorted order; other files, hidden files and folders, symlinked folders and
``README.*`` files (they describe a corpus, they are not part of it) are skipped, not rejected.

Nothing here raises for bad input: each unusable file or record becomes a ``Rejection`` with a
one-line reason, and reading goes on. Rejected: a missing or unreadable path; an empty or
whitespace-only file; a JSON Lines record with empty or no ``text``/``html``; binary content (NUL
bytes or a high share of control bytes in the first 8 KB); invalid UTF-8 (decoded strictly, never
repaired; mojibake *characters* are the cleaner's business; a UTF-8 BOM is dropped, UTF-16/32
with a BOM decoded); HTML with no extractable main text; a JSON Lines line that is not valid JSON,
not an object or has fields of the wrong type; a file (for JSON Lines, a line) over ``max_bytes``,
checked with ``stat`` before reading. Internally an unusable document raises
:class:`~whimbrel.errors.RejectedInput`, turned into a ``Rejection`` per file or record.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from itertools import count
from pathlib import Path
from typing import BinaryIO

from whimbrel.errors import RejectedInput
from whimbrel.records import InputFormat, RawDocument, Rejection

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
STDIN = "<stdin>"
SNIFF_BYTES = 8192

Item = RawDocument | Rejection
ReadLine = Callable[[int], bytes]

_HEADER = re.compile(r"^(title|date|published|url)[ \t]*:[ \t]*(.*?)\s*$", re.IGNORECASE)
_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
              (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_CHUNK = 1 << 20
_RECORD_STRINGS = ("text", "html", "title", "url", "published", "date")


def read_inputs(paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
                stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Documents and rejections from files, folders and ``-`` (standard input), lazily.

    ``stdin`` is read for ``-`` (default ``sys.stdin.buffer``). A single ``str`` or ``Path`` is
    taken as one path. Never raises for bad input: see the module docstring for every rejection.

    >>> from io import BytesIO
    >>> [doc] = read_inputs(["-"], stdin=BytesIO(b"Title: Talks\\n\\nThe talks resumed."))
    >>> doc.title, doc.text, doc.format
    ('Talks', 'The talks resumed.', 'txt')
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    for entry in paths:
        if str(entry) == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _read_stream(stream, STDIN, "stdin", max_bytes)
            continue
        path = Path(entry)
        try:
            mode = path.stat().st_mode
        except (FileNotFoundError, NotADirectoryError):
            yield Rejection(str(path), "no such file or directory")
            continue
        except OSError as exc:
            yield Rejection(str(path), f"cannot read: {exc.strerror or exc}")
            continue
        if stat.S_ISDIR(mode):
            yield from _read_folder(path, max_bytes)
        else:
            yield from _read_path(path, max_bytes)


def _read_folder(folder: Path, max_bytes: int) -> Iterator[Item]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        yield Rejection(str(folder), f"cannot list folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name.upper().startswith("README."):
            continue
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            yield from _read_folder(path, max_bytes)
        elif entry.is_file() and path.suffix.lower() in SUFFIXES:
            yield from _read_path(path, max_bytes)


def _read_path(path: Path, max_bytes: int) -> Iterator[Item]:
    """One file, pipe or device as documents and rejections (sniffed if the suffix is not known)."""
    origin, suffix = str(path), path.suffix.lower()
    try:
        info = path.stat()
        if suffix in JSONL_SUFFIXES:
            with path.open("rb") as handle:
                if handle.seekable():  # a whole file that is not UTF-8 text is one rejection
                    head = handle.read(SNIFF_BYTES)
                    if head.startswith(tuple(bom for bom, _ in _WIDE_BOMS)):
                        raise RejectedInput(origin, "JSON Lines must be UTF-8: convert the file")
                    _check_not_binary(head, origin)
                    handle.seek(0)
                yield from _jsonl_items(handle.readline, origin, path.name, max_bytes)
        elif suffix in SUFFIXES and stat.S_ISREG(info.st_mode):
            if info.st_size > max_bytes:
                raise RejectedInput(origin, _too_large("file", info.st_size, max_bytes))
            with path.open("rb") as handle:
                data = handle.read(max_bytes + 1)
            if len(data) > max_bytes:  # it grew after the stat
                raise RejectedInput(origin, _too_large("file", len(data), max_bytes))
            fmt: InputFormat = "html" if suffix in HTML_SUFFIXES else "txt"
            yield _document(decode_text(data, origin), fmt, origin, path.name, len(data))
        else:
            with path.open("rb") as handle:
                yield from _read_stream(handle, origin, path.name, max_bytes)
    except RejectedInput as exc:
        yield Rejection(exc.origin, exc.reason)
    except OSError as exc:
        yield Rejection(origin, f"cannot read: {exc.strerror or exc}")


def _read_stream(stream: BinaryIO, origin: str, name: str, max_bytes: int) -> Iterator[Item]:
    """A stream of unknown format, sniffed by its first non-blank line."""
    try:
        prefix: list[bytes] = []
        while line := stream.readline(max_bytes + 2):
            prefix.append(line if prefix else line.removeprefix(codecs.BOM_UTF8))
            if prefix[-1].strip():
                break
        if prefix and prefix[-1].lstrip().startswith(b"{"):
            def readline(size: int) -> bytes:  # the lines read so far first, then the rest
                return prefix.pop(0) if prefix else stream.readline(size)
            yield from _jsonl_items(readline, origin, name, max_bytes)
            return
        head = b"".join(prefix)
        data = head + stream.read(max(0, max_bytes + 1 - len(head)))
        if len(data) > max_bytes:
            size = len(data) + sum(len(chunk) for chunk in iter(lambda: stream.read(_CHUNK), b""))
            raise RejectedInput(origin, _too_large("input", size, max_bytes))
        text = decode_text(data, origin)
        if text.lstrip().startswith("{"):  # only reachable for UTF-16/32 input
            raise RejectedInput(origin, "JSON Lines must be UTF-8: convert the input to UTF-8")
        fmt: InputFormat = "html" if text.lstrip().startswith("<") else "txt"
        yield _document(text, fmt, origin, name, len(data))
    except RejectedInput as exc:
        yield Rejection(exc.origin, exc.reason)
    except OSError as exc:
        yield Rejection(origin, f"cannot read: {exc.strerror or exc}")


def decode_text(data: bytes, origin: str) -> str:
    """The text of a whole document; raises :class:`RejectedInput` when it is not usable text.

    Rejected: empty or whitespace-only, binary (NUL or many control bytes in the first 8 KB),
    invalid UTF-8 (strict; a UTF-8 BOM is dropped). UTF-16/32 with a BOM is decoded.
    """
    if not data.strip():
        raise RejectedInput(origin, "empty file")
    for bom, codec in _WIDE_BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise RejectedInput(origin, f"invalid {codec.upper()} at byte {exc.start}: "
                                            f"{exc.reason}") from None
            break
    else:
        _check_not_binary(data[:SNIFF_BYTES], origin)
        text = _decode_utf8(data, origin)
    if not text.strip():
        raise RejectedInput(origin, "empty file (whitespace only)")
    return text


def _decode_utf8(data: bytes, origin: str, prefix: str = "") -> str:
    offset = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[offset:].decode("utf-8")
    except UnicodeDecodeError as exc:
        at = offset + exc.start
        bad = data[at:at + 4].hex(" ")
        raise RejectedInput(origin, f"{prefix}invalid UTF-8 at byte {at}: {exc.reason} "
                                    f"(bytes {bad}); convert it to UTF-8") from None


def _check_not_binary(head: bytes, origin: str) -> None:
    nuls = head.count(0)
    if nuls:
        raise RejectedInput(origin, f"binary content (not text): {nuls} NUL bytes in first 8 KB")
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > max(8, len(head) // 20):
        raise RejectedInput(origin, f"binary content (not text): {controls} control bytes "
                                    f"({controls / len(head):.0%}) in first 8 KB")


def _document(text: str, fmt: InputFormat, origin: str, name: str, size: int) -> RawDocument:
    """A text or HTML document; raises :class:`RejectedInput` when it has no body text."""
    if fmt == "html":
        return _html_document(text, origin, name, size, "html")
    lines = text.splitlines(keepends=True)
    headers: dict[str, str] = {}
    i = 0
    while i < len(lines) and (match := _HEADER.match(lines[i])):
        headers[match.group(1).lower()] = match.group(2)
        i += 1
    if not headers or (i < len(lines) and lines[i].strip()):
        return RawDocument(origin=origin, name=name, format=fmt, text=text, size=size)
    body = "".join(lines[i:]).strip("\r\n")
    if not body.strip():
        raise RejectedInput(origin, "no body text after the header lines")
    raw_date = headers.get("published") or headers.get("date") or None
    return RawDocument(origin=origin, name=name, format=fmt, text=body,
                       title=headers.get("title") or None, url=headers.get("url") or None,
                       published=parse_date(raw_date), published_raw=raw_date, size=size)


def _html_document(html: str, origin: str, name: str, size: int, fmt: InputFormat, *,
                   title: str | None = None, url: str | None = None,
                   published: str | None = None) -> RawDocument:
    """Main text and metadata of a page; given metadata wins over what the page says.

    Raises :class:`RejectedInput` when trafilatura fails or finds no main text.
    """
    import trafilatura  # heavy: imported on first use
    from trafilatura.settings import set_date_params

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False,
            favor_precision=True, date_extraction_params=set_date_params(extensive=False))
    except Exception as exc:  # noqa: BLE001 - the extractor's failures are many and untyped
        raise RejectedInput(origin, f"malformed HTML: {type(exc).__name__}: {exc}") from None
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise RejectedInput(origin, "no main text could be extracted from HTML")
    raw_date = published or getattr(doc, "date", None) or None
    return RawDocument(origin=origin, name=name, format=fmt, text=text.strip(), html=html,
                       title=title or getattr(doc, "title", None) or None,
                       url=url or getattr(doc, "url", None) or None,
                       published=parse_date(raw_date), published_raw=raw_date, size=size)


def _lines(readline: ReadLine, limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """``(line number, line, size)``; ``line`` is None for a line longer than ``limit`` bytes,
    whose rest is skipped in chunks without being held in memory."""
    for number in count(1):
        line = readline(limit + 2)
        if not line:
            return
        if len(line.rstrip(b"\r\n")) <= limit:
            yield number, line, len(line)
            continue
        size = len(line)
        while not line.endswith(b"\n"):
            line = readline(_CHUNK)
            if not line:
                break
            size += len(line)
        yield number, None, size


def _jsonl_items(readline: ReadLine, origin: str, name: str, max_bytes: int) -> Iterator[Item]:
    """One item per non-blank line; a stream with no record at all is one rejection."""
    records = 0
    for number, line, size in _lines(readline, max_bytes):
        where = f"{origin}:{number}"
        if line is None:
            records += 1
            yield Rejection(where, _too_large(f"line {number}: record", size, max_bytes))
            continue
        if number == 1:
            line = line.removeprefix(codecs.BOM_UTF8)
        if not line.strip():
            continue
        records += 1
        try:
            yield _record_document(line, number, where, f"{name}:{number}", size)
        except RejectedInput as exc:
            yield Rejection(exc.origin, exc.reason)
    if not records:
        yield Rejection(origin, "empty file (no JSON Lines records)")


def _record_document(line: bytes, number: int, where: str, default_name: str,
                     size: int) -> RawDocument:
    """One JSON Lines record; raises :class:`RejectedInput` naming the line and the problem."""
    at = f"line {number}: "
    text_line = _decode_utf8(line, where, at)
    try:
        record = json.loads(text_line)
    except json.JSONDecodeError as exc:
        raise RejectedInput(where, f"{at}invalid JSON: {exc.msg} at column {exc.colno}") from None
    except RecursionError:
        raise RejectedInput(where, f"{at}invalid JSON: nested too deeply") from None
    if not isinstance(record, dict):
        raise RejectedInput(where, f"{at}expected a JSON object, got {_json_type(record)}")
    for key in ("id", *_RECORD_STRINGS):
        value, kinds = record.get(key), (str | int if key == "id" else str)
        if value is not None and (isinstance(value, bool) or not isinstance(value, kinds)):
            kind = "a string or an integer" if key == "id" else "a string"
            raise RejectedInput(where, f"{at}field {key!r} must be {kind}, "
                                       f"not {_json_type(value)}")
    ident = record.get("id")
    name = str(ident).strip() if ident is not None and str(ident).strip() else default_name
    text, html = record.get("text"), record.get("html")
    title, url = record.get("title") or None, record.get("url") or None
    raw_date = record.get("published") or record.get("date") or None
    if text is None and html is None:
        raise RejectedInput(where, f"{at}record has neither 'text' nor 'html'")
    if text is not None and text.strip():
        return RawDocument(origin=where, name=name, format="jsonl", text=text, html=html,
                           title=title, url=url, published=parse_date(raw_date),
                           published_raw=raw_date, size=size)
    if html is not None and html.strip():
        try:
            return _html_document(html, where, name, size, "jsonl", title=title, url=url,
                                  published=raw_date)
        except RejectedInput as exc:
            raise RejectedInput(where, at + exc.reason) from None
    raise RejectedInput(where, f"{at}empty {'text' if text is not None else 'html'}")


_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", int: "a number",
               float: "a number", bool: "a boolean", type(None): "null"}


def _json_type(value: object) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


_WEEKDAY = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE)
_ORDINAL = re.compile(r"(\d)(st|nd|rd|th)\b", re.IGNORECASE)
_DATE_FORMATS = ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d")


def parse_date(value: str | None) -> str | None:
    """An ISO ``YYYY-MM-DD`` for common spellings of a date, else None (never raises).

    The date is the one written, not converted to UTC. Ambiguous forms (``06/07/2025``) are None.

    >>> parse_date("2025-06-19T10:00:00Z"), parse_date("June 19, 2025"), parse_date("soon")
    ('2025-06-19', '2025-06-19', None)
    >>> parse_date("Thu, 19 Jun 2025 10:00:00 +0000"), parse_date("Thursday 19th June 2025")
    ('2025-06-19', '2025-06-19')
    """
    value = (value or "").strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        pass
    if re.match(r"\d{4}-\d{2}-\d{2}(?!\d)", value):
        try:
            return date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    words = _ORDINAL.sub(r"\1", _WEEKDAY.sub("", value)).replace(",", " ").replace(".", " ")
    words = " ".join(words.split()).replace("Sept ", "Sep ")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(words, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _too_large(what: str, size: int, limit: int) -> str:
    return f"{what} too large: {size / 2**20:.1f} MB > limit {limit / 2**20:.1f} MB (--max-bytes)"
