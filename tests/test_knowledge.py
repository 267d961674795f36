"""The actor knowledge base: the bundled data loads and validates, and resolves what news says."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pycountry
import pytest
import yaml

from whimbrel.actors.knowledge import (
    DEFAULT_DIR,
    KINDS,
    OFFICES,
    SECTORS,
    ActorEntry,
    Knowledge,
    KnowledgeError,
    load_knowledge,
)
from whimbrel.errors import WhimbrelError

GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "seeds.jsonl"

# Countries with no demonym, and why: they have no people, or share the word with a country that
# news means far more often.
NO_DEMONYM = {
    "ATA": "no permanent population",
    "ATF": "no permanent population",
    "BVT": "uninhabited",
    "HMD": "uninhabited",
    "IOT": "no permanent population",
    "SGS": "no permanent population",
    "SJM": "no settled demonym",
    "UMI": "no permanent population",
    "COG": "'Congolese' is given to COD",
    "DMA": "'Dominican' is given to DOM",
}
# Countries with no capital entry, and why.
NO_CAPITAL = {
    "ATA": "no capital",
    "BVT": "uninhabited",
    "HMD": "uninhabited",
    "UMI": "no capital",
    "IOT": "Diego Garcia is a base, not a capital",
    "TKL": "the seat rotates among the atolls",
    "BEL": "'Brussels' mostly means the EU in news; left to the resolver",
    "MDV": "'Malé' normalises to the word 'male'",
    "AIA": "'The Valley' normalises to the word 'valley'",
    "NFK": "'Kingston' is Jamaica's capital",
}


@pytest.fixture(scope="module")
def kb() -> Knowledge:
    return load_knowledge()


def test_bundled_data_loads_once(kb: Knowledge) -> None:
    assert load_knowledge() is kb
    assert set(kb.versions) == {p.name for p in DEFAULT_DIR.glob("*.yaml")}
    assert all(kb.versions.values())
    assert kb.max_phrase_tokens >= 5
    assert all(e.kind in KINDS and e.sector in SECTORS for e in kb.entries())


@pytest.mark.parametrize(
    ("phrase", "code", "sector", "kind"),
    [
        ("Kremlin", "RUS", "GOV", "metonym"),
        ("the Kremlin", "RUS", "GOV", "metonym"),
        ("Pentagon", "USA", "MIL", "metonym"),
        ("the White House", "USA", "GOV", "metonym"),
        ("Downing Street", "GBR", "GOV", "metonym"),
        ("Elysee", "FRA", "GOV", "metonym"),
        ("Quai d’Orsay", "FRA", "GOV", "metonym"),
        ("Tehran", "IRN", "GOV", "capital"),
        ("Moscow", "RUS", "GOV", "capital"),
        ("Washington", "USA", "GOV", "capital"),
        ("Beijing", "CHN", "GOV", "capital"),
        ("Kiev", "UKR", "GOV", "capital"),
        ("Tel Aviv", "ISR", "GOV", "metonym"),
        ("Jerusalem", "ISR", "GOV", "capital"),
        ("Iranian", "IRN", "GOV", "demonym"),
        ("Iranians", "IRN", "CVL", "people"),
        ("U.S.", "USA", "GOV", "country"),
        ("the United States of America", "USA", "GOV", "country"),
        ("America", "USA", "GOV", "country"),
        ("Britain", "GBR", "GOV", "country"),
        ("U.K.", "GBR", "GOV", "country"),
        ("DPRK", "PRK", "GOV", "country"),
        ("Republic of Korea", "KOR", "GOV", "country"),
        ("the Islamic Republic", "IRN", "GOV", "country"),
        ("Russia's", "RUS", "GOV", "country"),
        ("Iran’s", "IRN", "GOV", "country"),
        ("Côte d'Ivoire", "CIV", "GOV", "country"),
        ("TASS", "RUS", "MED", "media"),
        ("Sky News Arabia", "ARE", "MED", "media"),
        ("IRGC", "IRN", "MIL", "body"),
        ("Revolutionary Guards", "IRN", "MIL", "body"),
        ("Mossad", "ISR", "GOV", "body"),
        ("IDF", "ISR", "MIL", "body"),
        ("CIA", "USA", "GOV", "body"),
        ("UN Security Council", "UNO", "IGO", "igo"),
        ("U.N.", "UNO", "IGO", "igo"),
        ("Nato", "NATO", "IGO", "igo"),
        ("Shanghai Cooperation Organization", "SCO", "IGO", "igo"),
        ("BRICS", "BRICS", "IGO", "igo"),
        ("UN nuclear watchdog", "IAEA", "IGO", "igo"),
        ("Arab League", "ARL", "IGO", "igo"),
        ("ICRC", "ICRC", "CVL", "ngo"),
        ("Hezbollah", "LBN", "REB", "group"),
        ("Houthis", "YEM", "REB", "group"),
        ("Ansar Allah", "YEM", "REB", "group"),
        ("al-Qaida", "AFG", "REB", "group"),
        ("Islamic State", "IRQ", "REB", "group"),
        ("Wagner Group", "RUS", "MIL", "group"),
        ("Taliban", "AFG", "GOV", "group"),
        ("the West", None, "GOV", "collective"),
        ("Gulf nations", None, "GOV", "collective"),
        ("Western", None, "GOV", "collective"),
    ],
)
def test_lookup(kb: Knowledge, phrase: str, code: str | None, sector: str, kind: str) -> None:
    entry = kb.lookup(phrase)
    assert entry is not None, phrase
    assert (entry.code, entry.sector, entry.kind) == (code, sector, kind)


@pytest.mark.parametrize("phrase", ["us", "who", "is", "un", "west", "polish", "the", "", "Narnia"])
def test_words_that_name_nobody(kb: Knowledge, phrase: str) -> None:
    assert kb.lookup(phrase) is None


def test_records_carry_codes_and_bodies(kb: Knowledge) -> None:
    unsc = kb.lookup("UNSC")
    assert unsc is not None and unsc.body == "security_council" and unsc.country is None
    opec = kb.lookup("OPEC")
    assert opec is not None and (opec.code, opec.cameo) == ("OPEC", "OPC")
    assert kb.lookup("European Union").cameo == "EEC"  # type: ignore[union-attr]
    assert kb.lookup("Xinhua").state is True  # type: ignore[union-attr]
    assert kb.lookup("Reuters").state is False  # type: ignore[union-attr]
    assert kb.lookup("ISIS").transnational is True  # type: ignore[union-attr]
    with pytest.raises(AttributeError):
        kb.lookup("Kremlin").code = "USA"  # type: ignore[misc,union-attr]


def test_sector_history(kb: Knowledge) -> None:
    taliban = kb.lookup("Taliban")
    assert taliban is not None
    assert taliban.sector_on(date(2021, 8, 14)) == "REB"
    assert taliban.sector_on(date(2021, 8, 15)) == "GOV"
    assert kb.lookup("Taliban", on=date(2015, 1, 1)).sector == "REB"  # type: ignore[union-attr]
    assert kb.lookup("HTS", on=date(2020, 1, 1)).sector == "REB"  # type: ignore[union-attr]
    assert kb.lookup("HTS", on=date(2025, 6, 1)).sector == "GOV"  # type: ignore[union-attr]


def test_demonyms(kb: Knowledge) -> None:
    assert kb.demonym("Iranian") == "IRN"
    assert kb.demonym("U.S.") == "USA"
    assert kb.demonym("American") == "USA"
    assert kb.demonym("Emirati") == "ARE"
    assert kb.demonym("Saudi") == "SAU"
    assert kb.demonym("Britons") == "GBR"
    assert kb.demonym("us") is None
    assert kb.demonym("Iran") is None  # a name, not a demonym
    assert kb.demonym("Western") is None


def test_sector_nouns(kb: Knowledge) -> None:
    assert kb.sector_of_noun("officials") == "GOV"
    assert kb.sector_of_noun("Foreign Ministry") == "GOV"
    assert kb.sector_of_noun("defence ministry") == kb.sector_of_noun("Defense Ministry") == "MIL"
    assert kb.sector_of_noun("fighter jets") == "MIL"
    assert kb.sector_of_noun("fighters") == "REB"
    assert kb.sector_of_noun("people") == "CVL"
    assert kb.sector_of_noun("opposition") == "OTHER"  # ANNOTATION rule 2
    assert kb.sector_of_noun("central bank") == "GOV"
    assert kb.sector_of_noun("banks") == "BUS"
    assert kb.sector_of_noun("news agency") == "MED"
    assert kb.sector_of_noun("president") == "GOV"  # titles are nouns too
    assert kb.sector_of_noun("PM") == "GOV"
    assert kb.sector_of_noun("pm") is None
    assert kb.sector_of_noun("Kremlin") is None  # a metonym is an actor, not a noun


def test_titles(kb: Knowledge) -> None:
    assert kb.office_of_title("President") == "head_of_state"
    assert kb.office_of_title("president", country="IRN") == "head_of_government"
    assert kb.office_of_title("Supreme Leader") == "head_of_state"
    assert kb.office_of_title("prime minister") == "head_of_government"
    assert kb.office_of_title("Chancellor", country="DEU") == "head_of_government"
    assert kb.office_of_title("Chancellor", country="GBR") is None
    assert kb.office_of_title("premier", country="CAN") is None
    assert kb.office_of_title("Secretary of State") == "foreign_minister"
    assert kb.office_of_title("Secretary of State", country="GBR") is None
    assert kb.office_of_title("Foreign Secretary", country="GBR") == "foreign_minister"
    assert kb.office_of_title("minister of foreign affairs") == "foreign_minister"
    assert kb.office_of_title("Defense Secretary") == "defence_minister"
    assert kb.office_of_title("Secretary of War") == "defence_minister"
    assert kb.office_of_title("deputy foreign minister") is None
    assert kb.office_of_title("spokesman") is None
    assert kb.office_of_title("not a title") is None


def test_office_keys_match_the_office_table() -> None:
    from whimbrel.actors import offices

    assert set(OFFICES) == set(offices.OFFICES)


def test_every_iso_country_is_covered(kb: Knowledge) -> None:
    by_kind: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for entry in kb.entries():
        if entry.code is not None:
            by_kind[entry.kind].add(entry.code)
    iso = {c.alpha_3 for c in pycountry.countries}
    assert by_kind["country"] == iso | {"XKX"}  # Kosovo: user-assigned, as the EU/IMF code it
    assert all(kb.country_name(code) for code in iso)
    assert iso - by_kind["demonym"] == set(NO_DEMONYM)
    assert iso - by_kind["capital"] == set(NO_CAPITAL)


def test_no_form_names_two_actors(kb: Knowledge) -> None:
    for form in kb.forms():
        found = kb.lookup(form.text)
        assert found is not None, form.text
        assert (found.code, found.sector) == (form.entry.code, form.entry.sector), form.text


def test_gold_actor_texts_agree(kb: Knowledge) -> None:
    """Where a whole gold actor text is a known form, it resolves to the gold code."""
    if not GOLD.is_file():
        pytest.skip(f"{GOLD} is absent (only CI and developers have ../shared)")
    checked = 0
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        for event in json.loads(line)["events"]:
            for role in ("source", "target"):
                text = event[f"{role}_text"]
                entry = kb.lookup(text) if text else None
                if entry is not None:
                    assert entry.code == event[role], (text, event[role])
                    checked += 1
    assert checked >= 20


# -- validation -------------------------------------------------------------------------------------


def _data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "actors"
    shutil.copytree(DEFAULT_DIR, target, ignore=shutil.ignore_patterns("*.csv"))
    return target


def _edit(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_copy_of_the_data_loads(tmp_path: Path) -> None:
    kb = load_knowledge(_data_copy(tmp_path))
    assert kb is not load_knowledge()
    assert kb.lookup("Kremlin") == load_knowledge().lookup("Kremlin")


@pytest.mark.parametrize(
    ("file", "change", "message"),
    [
        ("groups.yaml", lambda d: d["groups"].append({"code": "USA", "name": "Kremlin"}), "already names"),
        ("media.yaml", lambda d: d["media"].append({"code": "IRN", "state": True, "name": "Reuters"}), "already names"),
        ("groups.yaml", lambda d: d["groups"].append({"code": "XYZ", "name": "Nobody"}), "ISO 3166-1"),
        ("groups.yaml", lambda d: d["groups"].append({"code": "LBN", "name": "X", "sector": "PIR"}), "unknown sector"),
        ("groups.yaml", lambda d: d["groups"].append({"code": "LBN", "name": "X", "alias": ["Y"]}), "unknown key"),
        ("igos.yaml", lambda d: d["organisations"].append({"code": "IRN", "name": "X"}), "ISO country code"),
        ("sectors.yaml", lambda d: d["titles"].append({"title": "tsar", "sector": "GOV", "office": "tsar"}), "unknown office"),
        ("sectors.yaml", lambda d: d["sectors"]["MIL"]["nouns"].append("protesters"), "already names"),
        ("countries.yaml", lambda d: d["countries"].append(dict(d["countries"][0])), "listed twice"),
        ("countries.yaml", lambda d: d["countries"][0].update(case_sensitive=["Narnia"]), "not forms"),
        ("media.yaml", lambda d: d.pop("version"), "missing version"),
    ],
)
def test_bad_data_is_rejected(tmp_path: Path, file: str, change, message: str) -> None:  # type: ignore[no-untyped-def]
    data = _data_copy(tmp_path)
    _edit(data / file, change)
    with pytest.raises(KnowledgeError, match=message) as caught:
        load_knowledge(data)
    assert isinstance(caught.value, WhimbrelError)
    assert file in str(caught.value)


def test_yaml_traps_are_rejected(tmp_path: Path) -> None:
    data = _data_copy(tmp_path)
    path = data / "collectives.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "  - {name: No, sector: GOV}\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="boolean"):
        load_knowledge(data)
    path.write_text(text + "  - {name: Nordics, sector: GOV, sector: CVL}\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="repeated"):
        load_knowledge(data)


def test_missing_file_is_reported(tmp_path: Path) -> None:
    data = _data_copy(tmp_path)
    (data / "media.yaml").unlink()
    with pytest.raises(KnowledgeError, match="media.yaml"):
        load_knowledge(data)


def test_entry_is_a_plain_record() -> None:
    entry = ActorEntry("RUS", "GOV", "Kremlin", "metonym", "RUS", None)
    assert entry.sector_on(date(2000, 1, 1)) == "GOV"
    assert hash(entry) == hash(ActorEntry("RUS", "GOV", "Kremlin", "metonym", "RUS", None))


def test_kosovo_and_organisation_missions(kb: Knowledge) -> None:
    """Kosovo has the user-assigned XKX; an organisation's armed mission carries the
    organisation's code with sector MIL; the ICJ is a UN organ (UNO)."""
    assert (kb.lookup("Pristina").code, kb.lookup("Kosovar").code) == ("XKX", "XKX")
    assert (kb.lookup("AMISOM").code, kb.lookup("AMISOM").sector) == ("AU", "MIL")
    assert (kb.lookup("KFOR").code, kb.lookup("KFOR").sector) == ("NATO", "MIL")
    assert kb.lookup("ECOWAS Standby Force").code == "ECOWAS"
    assert (kb.lookup("International Court of Justice").code,
            kb.lookup("World Court").sector) == ("UNO", "IGO")
    assert kb.sector_of_noun("junta") == kb.sector_of_noun("putschists") == "MIL"
    assert kb.sector_of_noun("armed gangs") == "REB"
    assert kb.sector_of_noun("oil tanker") == "BUS"
