"""Plain-data shapes of stored events (JSON Lines, PLOVER), shared by the CLI and the web API."""

from __future__ import annotations

EVENT_COLUMNS = ("doc", "sentence", "type", "source", "source_sector", "target", "target_sector",
                 "negated", "hedged", "date", "location")


def event_record(row: dict) -> dict:  # type: ignore[type-arg]
    """The JSON Lines shape of an event: the brief's keys plus evidence spans."""
    return {
        "doc": row["article_id"], "seq": row["seq"], "sentence": row["sentence"],
        "type": row["type"], "mode": row["mode"], "medium": row.get("medium"), "contexts": row["contexts"], "cameo": row["cameo"],
        "source": row["source_code"], "source_sector": row["source_sector"],
        "source_name": row["source_name"], "target": row["target_code"],
        "target_sector": row["target_sector"], "target_name": row["target_name"],
        "negated": row["negated"], "hedged": row["hedged"], "quoted": row["quoted"],
        "speaker": row["speaker"], "date": row["date"], "published": row.get("published"),
        "location": row["location"],
        "confidence": row["confidence"], "sentence_text": row["sentence_text"],
        "spans": {
            "trigger": [row["trigger_start"], row["trigger_end"], row["trigger_text"]],
            "source": [row["source_start"], row["source_end"], row["source_text"]]
            if row["source_start"] is not None else None,
            "target": [row["target_start"], row["target_end"], row["target_text"]]
            if row["target_start"] is not None else None,
        },
    }


def plover_record(row: dict) -> dict:  # type: ignore[type-arg]
    """An event in the PLOVER data format (one JSON object per event)."""
    def actor(side: str) -> dict | None:  # type: ignore[type-arg]
        if row[f"{side}_code"] is None and row[f"{side}_sector"] is None:
            return None
        code, sector = row[f"{side}_code"], row[f"{side}_sector"]
        return {"code": code, "sector": sector, "name": row[f"{side}_name"],
                "text": row[f"{side}_text"],
                "cameo": (code or "---") + (sector if sector not in (None, "IGO") else "")}

    return {
        "id": f"{row['article_id']}#{row['seq']}",
        "date": row["date"] or row["published"],
        "event_type": row["type"], "mode": row["mode"], "context": row["contexts"] or [],
        "source": actor("source"), "target": actor("target"),
        "negated": row["negated"], "hedged": row["hedged"], "speaker": row["speaker"],
        "location": {"name": row["location"], "country": row["location_country"],
                     "lat": row["lat"], "lon": row["lon"]} if row["location"] else None,
        "cameo": row["cameo"], "quad_class": row["quad_class"], "goldstein": row["goldstein"],
        "confidence": row["confidence"],
        "evidence": {"doc": row["article_id"], "sentence": row["sentence"],
                     "text": row["sentence_text"],
                     "trigger": [row["trigger_start"], row["trigger_end"]]},
    }
