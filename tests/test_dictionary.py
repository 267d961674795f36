from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from docs import doc
from whimbrel.actors.dictionary import (
    DictionaryError,
    UserDictionary,
    read_dictionary,
    split_cameo,
)
from whimbrel.actors.knowledge import load_knowledge
from whimbrel.actors.mentions import find_mentions
from whimbrel.actors.offices import load_offices
from whimbrel.actors.resolve import Resolver

SHARED = Path(__file__).resolve().parents[2] / "shared"


def test_csv_with_aliases_and_dates(tmp_path):
    f = tmp_path / "a.csv"
    f.write_text("name,code,sector,aliases,start,end\n"
                 "Free Army of Arnor,ARN,REB,FAA|the Free Army,2020-01-01,\n")
    entries = read_dictionary(f)
    assert {e.phrase for e in entries} == {"Free Army of Arnor", "FAA", "the Free Army"}
    d = UserDictionary(entries)
    assert d.lookup("faa", date(2021, 1, 1)).code == "ARN"
    assert d.lookup("FAA", date(2019, 1, 1)) is None


def test_yaml_and_bad_entries(tmp_path):
    f = tmp_path / "a.yaml"
    f.write_text("actors:\n  - {name: Gondor Guard, code: GON, sector: MIL, aliases: [the Guard]}\n")
    assert [e.sector for e in read_dictionary(f)] == ["MIL", "MIL"]
    f.write_text("actors:\n  - {name: X, code: GON, sector: WIZARD}\n")
    with pytest.raises(DictionaryError, match="unknown sector"):
        read_dictionary(f)
    f.write_text("- {code: GON}\n")
    with pytest.raises(DictionaryError, match="needs 'name' and 'code'"):
        read_dictionary(f)


def test_petrarch_format(tmp_path):
    f = tmp_path / "actors.txt"
    f.write_text("<!-- header -->\nARNOR_  [ARN]\n+ARNORIAN\nISRAELI_TROOPS [ISRMIL]\n"
                 "BOROMIR  [---] # a comment\nOLD_KING [GONGOV >900101]\n")
    entries = {e.phrase: e for e in read_dictionary(f)}
    assert entries["ARNOR"].code == "ARN" and entries["ARNORIAN"].code == "ARN"
    assert (entries["ISRAELI TROOPS"].code, entries["ISRAELI TROOPS"].sector) == ("ISR", "MIL")
    assert entries["OLD KING"].start == date(1990, 1, 1)
    assert split_cameo("UNO") == ("UNO", "IGO") and split_cameo("ARN") == ("ARN", "GOV")


def test_petrarch_codes_on_their_own_lines_with_date_ranges(tmp_path):
    f = tmp_path / "actors.txt"
    f.write_text("GOLLUM  # a comment\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\n"
                 "\t[HOBREB >990816]\n\nLORIEN  [ELR/GAL]\nZIMBABWE\n\t[RHO <790606]\n\t[ZBW]\n")
    user = UserDictionary(read_dictionary(f))
    assert user.lookup("Smeagol", date(1990, 1, 1)).sector == "GOV"
    got = user.lookup("Smeagol", date(1997, 1, 1))
    assert (got.code, got.sector, got.end) == ("HOB", "GOV", date(1999, 8, 15))
    assert user.lookup("Gollum", date(2001, 1, 1)).sector == "REB"
    assert user.lookup("Zimbabwe", date(1975, 1, 1)).code == "RHO"
    assert user.lookup("Zimbabwe", date(1995, 1, 1)).code == "ZBW"
    assert {e.code for e in read_dictionary(f) if e.phrase == "LORIEN"} == {"ELR", "GAL"}


def test_peer_petrarch_dictionary_loads():
    path = SHARED / "peers" / "petrarch2" / "PETR.Validate.actors.txt"
    if not path.exists():
        pytest.skip("../shared is absent")
    entries = read_dictionary(path, "petrarch")
    phrases = {e.phrase for e in entries}
    assert len(entries) > 100 and "ARAGORN" in phrases


def test_user_entries_resolve_fictional_actors(tmp_path):
    f = tmp_path / "a.csv"
    f.write_text("name,code,sector\nArnor,ARN,GOV\nGondor,GON,GOV\n")
    user = UserDictionary(read_dictionary(f))
    d = doc("Arnor/PROPN/nsubj/1/GPE attacked/VERB/ROOT/1/attack Gondor/PROPN/dobj/1/GPE")
    found = find_mentions(d, Resolver(load_knowledge(), load_offices(), None, user))
    assert [m.actors[0].code for m in found] == ["ARN", "GON"]


def test_the_store_keeps_every_dated_entry_of_one_code_and_sector(tmp_path):
    """A PETRARCH entry may give one code and sector for two periods ("[ARNGOV < 950601]",
    "[ARNGOV 19950601 - 19990815]"); the store's old key (phrase, code, sector) kept only the
    last, so an article of 1994 no longer found the actor."""
    from whimbrel.store import Store

    f = tmp_path / "actors.txt"
    f.write_text("ELESSAR\n\t[ARNGOV < 950601]\n\t[ARNGOV 19950601 - 19990815]\n"
                 "\t[ARNREB > 990816]\n")
    entries = read_dictionary(f, "petrarch")
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.add_user_actors(entries)
        store.add_user_actors(entries)  # a re-import replaces, it does not duplicate
        kept = store.user_actors()
    assert len(kept) == 3
    d = UserDictionary(kept)
    assert d.lookup("elessar", date(1994, 1, 4)).sector == "GOV"
    assert d.lookup("elessar", date(2001, 1, 1)).sector == "REB"


def test_a_store_of_schema_6_keeps_its_user_actors_when_migrated(tmp_path):
    import duckdb

    from whimbrel.schema import MIGRATIONS
    from whimbrel.store import Store

    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    for version, ddl in MIGRATIONS:
        if version <= 6:
            con.execute(ddl)
    con.execute("INSERT INTO meta VALUES ('schema_version', '6')")
    con.execute("INSERT INTO user_actors VALUES ('ELESSAR', 'ARN', 'GOV', 'Elessar', NULL, "
                "NULL, 'old.txt', NULL)")
    con.close()
    with Store(db) as store:
        assert [a.phrase for a in store.user_actors()] == ["ELESSAR"]
