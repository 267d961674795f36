"""Source quality signals per article, from what the cleaner removed and how it was stored.

* ``junk_ratio``: share of the extracted text the cleaner removed as web junk (boilerplate,
  captions, licence lines, related links, comment bait, tables of contents, keyword stuffing);
* ``stuffing_ratio``: the part of it that was keyword stuffing;
* ``missing_date``: the article has no publication date;
* ``copy``: the article republishes an earlier stored story (its near-duplicate cluster is
  another article's).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

JUNK_KINDS = frozenset({"boilerplate", "caption", "licence", "related-links", "comment-bait",
                        "table-of-contents", "keyword-stuffing"})


@dataclass(frozen=True, slots=True)
class Quality:
    article_id: str
    junk_ratio: float
    stuffing_ratio: float
    missing_date: bool
    copy: bool

    def passes(self, *, max_junk: float | None = None, max_stuffing: float | None = None,
               dated_only: bool = False, originals_only: bool = False) -> bool:
        return not ((max_junk is not None and self.junk_ratio > max_junk)
                    or (max_stuffing is not None and self.stuffing_ratio > max_stuffing)
                    or (dated_only and self.missing_date) or (originals_only and self.copy))


def qualities(articles: Iterable[Mapping], removed: Mapping[tuple[str, str], int]  # type: ignore[type-arg]
              ) -> dict[str, Quality]:
    """``articles`` rows with id, cluster, published and raw_chars; ``removed`` maps
    (article id, cleaning kind) to the characters that kind removed."""
    out = {}
    for a in articles:
        raw = max(1, int(a["raw_chars"] or 0))
        junk = sum(n for (aid, kind), n in removed.items() if aid == a["id"] and kind in JUNK_KINDS)
        stuffing = removed.get((a["id"], "keyword-stuffing"), 0)
        out[a["id"]] = Quality(a["id"], round(min(1.0, junk / raw), 4),
                               round(min(1.0, stuffing / raw), 4), a["published"] is None,
                               bool(a["cluster"]) and a["cluster"] != a["id"])
    return out
