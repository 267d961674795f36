"""The gazetteer and the cache of its built index."""

from __future__ import annotations

import pickle

import pytest

from whimbrel.places import DATA, Gazetteer, build_index, cache_key, cached_index


@pytest.fixture(scope="module")
def built():
    return build_index()


def test_lookup_keeps_the_name_as_written(built):
    g = Gazetteer(built)
    tehran = g.lookup("tehran")
    assert tehran is not None and tehran.name == "tehran" and tehran.country == "IRN"
    assert g.lookup("Fordow").country == "IRN"  # a site from places.yaml
    assert g.lookup("Nowhere-on-Earth-Xyz") is None


def test_index_is_cached_and_read_back(tmp_path, built):
    first = cached_index(directory=tmp_path)
    files = list(tmp_path.iterdir())
    assert first == built and [f.name for f in files] == [cache_key()]
    # what is read back is the file's content: tamper with it and the tampered entry comes back
    with files[0].open("wb") as f:
        pickle.dump({**built, "tehran": ("Tehran", "XXX", 0.0, 0.0)}, f)
    assert cached_index(directory=tmp_path)["tehran"][1] == "XXX"


def test_a_broken_cache_file_is_rebuilt(tmp_path, built):
    (tmp_path / cache_key()).write_bytes(b"not a pickle")
    assert cached_index(directory=tmp_path) == built
    assert pickle.loads((tmp_path / cache_key()).read_bytes()) == built


def test_changed_places_file_gets_another_cache_entry(tmp_path):
    places = tmp_path / "places.yaml"
    places.write_text(DATA.read_text(encoding="utf-8") + "\n  - name: Whimbrel Point\n"
                      "    country: ISL\n    lat: 64.1\n    lon: -21.9\n", encoding="utf-8")
    assert cache_key(places) != cache_key()
    index = cached_index(places, directory=tmp_path / "cache")
    assert Gazetteer(index).lookup("whimbrel point").country == "ISL"
    assert "whimbrel point" not in cached_index(directory=tmp_path / "cache")


def test_unwritable_cache_still_builds(tmp_path, built):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache directory would be")
    assert cached_index(directory=blocked / "sub") == built
