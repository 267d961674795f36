"""Gold sets: whimbrel's own format, PETRARCH unit-test records, PLOVER gold-standard records.

Each loader returns :class:`GoldSentence` records; a malformed file raises
:class:`GoldFormatError` naming the file and the line or record.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from whimbrel.errors import WhimbrelError
from whimbrel.cameo import OLD_NAMES, load_cameo_plover, plover_of
from whimbrel.records import PLOVER_TYPES


class GoldFormatError(WhimbrelError):
    """A gold file cannot be read."""


@dataclass(frozen=True, slots=True)
class GoldEvent:
    type: str
    source: str | None = None
    source_sector: str | None = None
    target: str | None = None
    target_sector: str | None = None
    negated: bool = False
    hedged: bool = False
    source_text: str | None = None
    target_text: str | None = None
    date: str | None = None
    location: str | None = None
    cameo: str | None = None


@dataclass(frozen=True, slots=True)
class GoldSentence:
    doc: str
    sentence: str
    events: tuple[GoldEvent, ...]
    date: str | None = None


def load_whimbrel_gold(path: str | Path) -> list[GoldSentence]:
    """A gold set in whimbrel's format (../shared/gold/FORMAT.md): one sentence per line."""
    out: list[GoldSentence] = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            events = tuple(_gold_event(e) for e in row["events"])
            out.append(GoldSentence(str(row["doc"]), row["sentence"], events))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise GoldFormatError(f"{path}:{n}: {exc.__class__.__name__}: {exc}") from exc
    return out


def _gold_event(e: dict) -> GoldEvent:  # type: ignore[type-arg]
    etype = OLD_NAMES.get(e["type"], e["type"])
    if etype not in PLOVER_TYPES:
        raise ValueError(f"unknown event type {e['type']!r}")
    return GoldEvent(type=etype, source=e.get("source"), source_sector=e.get("source_sector"),
                     target=e.get("target"), target_sector=e.get("target_sector"),
                     negated=bool(e.get("negated")), hedged=bool(e.get("hedged")),
                     source_text=e.get("source_text"), target_text=e.get("target_text"),
                     date=e.get("date"), location=e.get("location"))


def load_petrarch_records(path: str | Path, cameo_table: str | Path | None = None
                          ) -> list[GoldSentence]:
    """PETRARCH unit-test records: each ``<Sentence>`` with its expected ``<EventCoding>``s.

    Types come from the CAMEO code through ``cameo_table`` (a CAMEO-to-PLOVER file; by default
    the one beside the PETRARCH folder in ../shared/peers/plover when present) or the bundled
    root table. Records marked as errors or with no ``<Text>`` are skipped.
    """
    path = Path(path)
    if cameo_table is None:
        guess = path.parent.parent / "plover" / "CAMEO2PLOVER-2021.txt"
        cameo_table = guess if guess.exists() else None
    table = load_cameo_plover(cameo_table) if cameo_table else None
    text = re.sub(r"<!--.*?-->", "", path.read_text(encoding="utf-8", errors="replace"),
                  flags=re.S)
    text = re.sub(r"<Parse>.*?</Parse>", "", text, flags=re.S)
    out: list[GoldSentence] = []
    for m in re.finditer(r"<Sentence\b([^>]*)>(.*?)</Sentence>", text, flags=re.S):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
        body = m.group(2)
        t = re.search(r"<Text>(.*?)</Text>", body, flags=re.S)
        if not t or attrs.get("sentence", "true") != "true" or "id" not in attrs:
            continue
        sentence = " ".join(t.group(1).split())
        events = []
        for code in re.finditer(r"<EventCoding\b([^>]*)>", body):
            c = dict(re.findall(r'(\w+)="([^"]*)"', code.group(1)))
            if "eventcode" not in c:
                continue  # noevents and error markers
            etype = plover_of(c["eventcode"], table)
            if etype is None:
                continue
            events.append(GoldEvent(type=etype, source=_petr_actor(c.get("sourcecode")),
                                    target=_petr_actor(c.get("targetcode")), cameo=c["eventcode"]))
        date = attrs.get("date")
        iso = f"{date[:4]}-{date[4:6]}-{date[6:8]}" if date and len(date) == 8 else None
        out.append(GoldSentence(attrs["id"], sentence, tuple(events), iso))
    if not out:
        raise GoldFormatError(f"{path}: no <Sentence> records found")
    return out


def _petr_actor(code: str | None) -> str | None:
    """PETRARCH writes an actor of no known country as ``---`` (``---GOV``: some government)."""
    if not code or code.startswith("---"):
        return None
    return code


def load_plover_gsr(path: str | Path) -> list[GoldSentence]:
    """PLOVER gold-standard records (a JSON array); older type names are mapped to new ones."""
    try:
        records = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise GoldFormatError(f"{path}: invalid JSON: {exc}") from exc
    out: list[GoldSentence] = []
    for i, r in enumerate(records):
        if r.get("event") == "DOCUMENT" or "text" not in r:
            continue
        etype = OLD_NAMES.get(r["event"], r["event"])
        if etype not in PLOVER_TYPES:
            raise GoldFormatError(f"{path}: record {i} ({r.get('id')}): unknown type {r['event']!r}")
        sources = _actors(r.get("source"))
        targets = _actors(r.get("target"))
        events = tuple(GoldEvent(type=etype, source=s.get("code"), target=t.get("code"),
                                 source_text=s.get("actorText"), target_text=t.get("actorText"))
                       for s in sources for t in targets)
        out.append(GoldSentence(r["id"], r["text"], events, r.get("date")))
    return out


def _actors(value: object) -> list[dict]:  # type: ignore[type-arg]
    """PLOVER GSR actor fields are a list of {actorText, code}, a dict, a code string or empty."""
    if isinstance(value, dict):
        return [value]
    if isinstance(value, str):
        return [{"code": value or None}]
    if isinstance(value, list) and value:
        return [v if isinstance(v, dict) else {"code": v} for v in value]
    return [{}]
