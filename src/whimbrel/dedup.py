"""Exact and near-duplicate detection.

* Exact: the SHA-256 of the extracted text with whitespace folded (:func:`content_hash`). The same
  input ingested twice is recognised and stored once.
* Near: republished copies of one story (a new headline, a changed first line, an agency credit)
  are found with MinHash over word 5-shingles and LSH (datasketch). They are stored, not dropped,
  and linked into one story cluster: the ``cluster`` of every copy is the id of the first-stored
  member.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE = 5
SCHEME = "affine32"  # stored signatures must be read back with the scheme that made them
THRESHOLD = 0.5  # estimated Jaccard of 5-shingles above which two articles are one story
_WORD = re.compile(r"\w+", re.UNICODE)


def content_hash(text: str) -> str:
    """SHA-256 hex digest of ``text`` with runs of whitespace folded to one space."""
    folded = " ".join(text.split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def signature(text: str) -> MinHash:
    """MinHash of the lower-cased word 5-shingles of ``text``."""
    words = _WORD.findall(text.lower())
    mh = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    if len(words) < SHINGLE:
        shingles = [" ".join(words)] if words else [""]
    else:
        shingles = [" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]
    mh.update_batch([s.encode("utf-8") for s in shingles])
    return mh


def to_bytes(mh: MinHash) -> bytes:
    return np.asarray(mh.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(raw: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME, hashvalues=np.frombuffer(raw, dtype=np.uint64))


@dataclass(frozen=True, slots=True)
class ClusterMatch:
    cluster: str
    similar_to: str
    similarity: float


class NearDuplicateIndex:
    """An LSH index of stored articles; :meth:`add` returns the story cluster a new article joins."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._sigs: dict[str, MinHash] = {}
        self._cluster: dict[str, str] = {}

    @classmethod
    def from_stored(cls, rows: Iterable[tuple[str, str | None, bytes]],
                    threshold: float = THRESHOLD) -> NearDuplicateIndex:
        index = cls(threshold)
        for article_id, cluster, raw in rows:
            index._insert(article_id, from_bytes(raw), cluster or article_id)
        return index

    def __len__(self) -> int:
        return len(self._sigs)

    def _insert(self, article_id: str, mh: MinHash, cluster: str) -> None:
        self._lsh.insert(article_id, mh)
        self._sigs[article_id] = mh
        self._cluster[article_id] = cluster

    def match(self, mh: MinHash) -> ClusterMatch | None:
        """The most similar stored article above the threshold, if any."""
        best: ClusterMatch | None = None
        for candidate in self._lsh.query(mh):
            sim = mh.jaccard(self._sigs[candidate])
            if sim >= self.threshold and (best is None or sim > best.similarity):
                best = ClusterMatch(self._cluster[candidate], candidate, sim)
        return best

    def add(self, article_id: str, mh: MinHash) -> ClusterMatch | None:
        """Index ``article_id``; return the match that put it in an existing cluster, if any."""
        found = self.match(mh)
        self._insert(article_id, mh, found.cluster if found else article_id)
        return found
