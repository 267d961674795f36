"""Exact and near-duplicate detection.

* Exact: the SHA-256 of the extracted text with whitespace folded (:func:`content_hash`). The same
  input ingested twice is recognised and stored once.
* Near: republished copies of one story (a new headline, a changed first line, an agency credit)
  are found with MinHash over word 5-shingles (datasketch) and banded LSH. They are stored, not
  dropped, and linked into one story cluster: the ``cluster`` of every copy is the id of the
  first-stored member.

The LSH bands are plain data (:func:`band_keys`): the store keeps them in a table, so a run looks
up candidates for a chunk of new articles with one query instead of holding an index of every
stored article in memory (memory stays flat however large the store). :class:`NearDuplicateIndex`
is the same banding in memory, for the articles a run has not stored yet.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from datasketch import MinHash

NUM_PERM = 128
SHINGLE = 5
SCHEME = "affine32"  # stored signatures must be read back with the scheme that made them
THRESHOLD = 0.5  # estimated Jaccard of 5-shingles above which two articles are one story
# LSH: 25 bands of 5 hash values; two signatures are candidates when one band is equal. This is
# datasketch's optimum for THRESHOLD with 128 permutations (equal weight to false positives and
# negatives). Stored band keys depend on it: changing it needs a store migration.
BANDS, ROWS = 25, 5
_WORD = re.compile(r"\w+", re.UNICODE)


def content_hash(text: str) -> str:
    """SHA-256 hex digest of ``text`` with runs of whitespace folded to one space."""
    folded = " ".join(text.split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def _minhash() -> type[MinHash]:
    """datasketch's MinHash, imported when first needed: the package also imports SciPy (a
    third of a second), which processes that never deduplicate (parse workers, ``whimbrel
    serve``, queries) need not pay for."""
    from datasketch import MinHash

    return MinHash


def signature(text: str) -> MinHash:
    """MinHash of the lower-cased word 5-shingles of ``text``."""
    words = _WORD.findall(text.lower())
    mh = _minhash()(num_perm=NUM_PERM, scheme=SCHEME)
    if len(words) < SHINGLE:
        shingles = [" ".join(words)] if words else [""]
    else:
        shingles = [" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]
    mh.update_batch([s.encode("utf-8") for s in shingles])
    return mh


def to_bytes(mh: MinHash) -> bytes:
    return np.asarray(mh.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(raw: bytes) -> MinHash:
    return _minhash()(num_perm=NUM_PERM, scheme=SCHEME,
                      hashvalues=np.frombuffer(raw, dtype=np.uint64))


def band_keys(mh: MinHash) -> list[int]:
    """One signed 64-bit key per LSH band of ``mh`` (a hash of the band's values)."""
    values = np.asarray(mh.hashvalues, dtype=np.uint64)[:BANDS * ROWS].reshape(BANDS, ROWS)
    return [int.from_bytes(hashlib.blake2b(row.tobytes(), digest_size=8).digest(), "little",
                           signed=True) for row in values]


def similarity(a: MinHash, b: MinHash) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a.hashvalues == b.hashvalues)) / NUM_PERM


@dataclass(frozen=True, slots=True)
class ClusterMatch:
    cluster: str
    similar_to: str
    similarity: float


def best_match(mh: MinHash, candidates: Iterable[tuple[str, str, MinHash]],
               threshold: float = THRESHOLD, *,
               best: ClusterMatch | None = None) -> ClusterMatch | None:
    """The most similar of ``(id, cluster, signature)`` candidates at or above ``threshold``
    (ties go to the first; ``best``, a match found before them, comes first)."""
    for article_id, cluster, other in candidates:
        sim = similarity(mh, other)
        if sim >= threshold and (best is None or sim > best.similarity):
            best = ClusterMatch(cluster, article_id, sim)
    return best


class BestStored:
    """The best stored match of each signature of a chunk, kept as the store shows candidates
    one at a time (``visit`` of :meth:`whimbrel.store.Store.near_candidates`), so memory does
    not grow with how many candidates a large store has. Ties go to the smaller article id
    (candidates come in no set order)."""

    def __init__(self, signatures: Sequence[MinHash], threshold: float = THRESHOLD) -> None:
        self._values = [np.asarray(m.hashvalues, dtype=np.uint64) for m in signatures]
        self.threshold = threshold
        self.best: list[ClusterMatch | None] = [None] * len(signatures)

    def __call__(self, k: int, article_id: str, cluster: str, raw: bytes) -> None:
        other = np.frombuffer(raw, dtype=np.uint64)
        sim = float(np.count_nonzero(self._values[k] == other)) / NUM_PERM
        if sim < self.threshold:
            return
        current = self.best[k]
        if current is None or sim > current.similarity or (
                sim == current.similarity and article_id < current.similar_to):
            self.best[k] = ClusterMatch(cluster, article_id, sim)


class NearDuplicateIndex:
    """An in-memory LSH index; :meth:`add` returns the story cluster a new article joins."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._bands: defaultdict[tuple[int, int], list[str]] = defaultdict(list)
        self._keys: dict[str, list[int]] = {}
        self._sigs: dict[str, MinHash] = {}
        self._cluster: dict[str, str] = {}

    @classmethod
    def from_stored(cls, rows: Iterable[tuple[str, str | None, bytes]],
                    threshold: float = THRESHOLD) -> NearDuplicateIndex:
        index = cls(threshold)
        for article_id, cluster, raw in rows:
            index.insert(article_id, from_bytes(raw), cluster or article_id)
        return index

    def __len__(self) -> int:
        return len(self._sigs)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._sigs

    def insert(self, article_id: str, mh: MinHash, cluster: str) -> None:
        keys = band_keys(mh)
        for band, key in enumerate(keys):
            self._bands[(band, key)].append(article_id)
        self._keys[article_id] = keys
        self._sigs[article_id] = mh
        self._cluster[article_id] = cluster

    def discard(self, article_id: str) -> None:
        """Forget ``article_id`` (once it is stored, the store's bands find it)."""
        keys = self._keys.pop(article_id, None)
        if keys is None:
            return
        for band, key in enumerate(keys):
            ids = self._bands[(band, key)]
            ids.remove(article_id)
            if not ids:
                del self._bands[(band, key)]
        del self._sigs[article_id], self._cluster[article_id]

    def candidates(self, mh: MinHash) -> list[tuple[str, str, MinHash]]:
        """``(id, cluster, signature)`` of indexed articles sharing a band with ``mh``."""
        found: dict[str, None] = {}
        for band, key in enumerate(band_keys(mh)):
            for article_id in self._bands.get((band, key), ()):
                found[article_id] = None
        return [(i, self._cluster[i], self._sigs[i]) for i in found]

    def match(self, mh: MinHash) -> ClusterMatch | None:
        """The most similar indexed article above the threshold, if any."""
        return best_match(mh, self.candidates(mh), self.threshold)

    def add(self, article_id: str, mh: MinHash) -> ClusterMatch | None:
        """Index ``article_id``; return the match that put it in an existing cluster, if any."""
        found = self.match(mh)
        self.insert(article_id, mh, found.cluster if found else article_id)
        return found
