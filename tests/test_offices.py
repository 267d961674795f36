"""The office-holder table loads, validates, covers the priority countries and answers look-ups."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from whimbrel.actors.offices import (
    COLUMNS,
    OFFICES,
    OfficeDataError,
    OfficeTable,
    load_offices,
    normalize_name,
)
from whimbrel.errors import WhimbrelError

PRIORITY = (
    "RUS", "IRN", "USA", "ISR", "CHN", "UKR", "GBR", "FRA", "DEU", "TUR",
    "SAU", "SYR", "IRQ", "LBN", "EGY", "IND", "PAK", "JPN", "KOR", "PRK",
)  # fmt: skip
COVERAGE_START = date(2000, 1, 1)
COVERAGE_END = date(2025, 12, 31)

# Days on which a priority country has no recorded holder of an office, each with its reason.
# (country, office, first and last uncovered day): every real gap must lie inside one of these.
ALLOWED_GAPS: dict[tuple[str, str, date, date], str] = {
    # China: Li Shangfu removed 2023-10-24; the post stayed vacant until Dong Jun's appointment.
    ("CHN", "defence_minister", date(2023, 10, 25), date(2023, 12, 28)): "vacancy",
    # Iraq: Coalition Provisional Authority and Governing Council (no Iraqi head of state).
    ("IRQ", "head_of_state", date(2003, 4, 10), date(2004, 5, 31)): "occupation (CPA)",
    ("IRQ", "head_of_government", date(2003, 4, 10), date(2004, 5, 31)): "occupation (CPA)",
    ("IRQ", "foreign_minister", date(2003, 4, 10), date(2003, 9, 2)): "occupation (CPA)",
    ("IRQ", "defence_minister", date(2003, 4, 10), date(2003, 12, 31)): "occupation (CPA)",
    # Iraq: portfolios left unfilled while cabinets were confirmed piecemeal.
    ("IRQ", "foreign_minister", date(2020, 5, 8), date(2020, 6, 5)): "FM approved later",
    ("IRQ", "defence_minister", date(2006, 5, 21), date(2006, 6, 7)): "approved later",
    ("IRQ", "defence_minister", date(2014, 9, 9), date(2014, 10, 17)): "approved later",
    ("IRQ", "defence_minister", date(2016, 8, 26), date(2017, 1, 29)): "vacancy",
    ("IRQ", "defence_minister", date(2018, 10, 26), date(2019, 6, 23)): "vacancy",
    # South Korea: acting prime ministers between rejected nominees (2000, 2002) and after the
    # 2025 election, and foreign-minister vacancies, are not listed.
    ("KOR", "head_of_government", date(2000, 5, 20), date(2000, 5, 21)): "acting PM not listed",
    ("KOR", "head_of_government", date(2002, 8, 1), date(2002, 8, 8)): "acting PM not listed",
    ("KOR", "head_of_government", date(2002, 8, 29), date(2002, 10, 3)): "acting PM not listed",
    ("KOR", "head_of_government", date(2025, 6, 5), date(2025, 7, 2)): "acting PM",
    ("KOR", "foreign_minister", date(2006, 11, 11), date(2006, 11, 30)): "Ban left",
    ("KOR", "foreign_minister", date(2010, 9, 5), date(2010, 10, 7)): "Yu Myung-hwan resigned",
    # Lebanon: presidential vacancies (the cabinet exercised the president's powers).
    ("LBN", "head_of_state", date(2007, 11, 24), date(2008, 5, 24)): "presidential vacancy",
    ("LBN", "head_of_state", date(2014, 5, 26), date(2016, 10, 30)): "presidential vacancy",
    ("LBN", "head_of_state", date(2022, 10, 31), date(2025, 1, 8)): "presidential vacancy",
    # Pakistan: caretaker and cabinet-formation handovers of a few days; portfolios left unfilled.
    ("PAK", "head_of_government", date(2004, 6, 27), date(2004, 6, 29)): "handover",
    ("PAK", "head_of_government", date(2012, 6, 20), date(2012, 6, 21)): "handover",
    ("PAK", "head_of_government", date(2017, 7, 29), date(2017, 7, 31)): "handover",
    ("PAK", "foreign_minister", date(2002, 6, 15), date(2002, 11, 22)): "no full FM",
    ("PAK", "foreign_minister", date(2011, 2, 10), date(2011, 2, 10)): "cabinet reshuffle",
    ("PAK", "foreign_minister", date(2013, 3, 17), date(2013, 4, 1)): "caretaker cabinet",
    ("PAK", "foreign_minister", date(2013, 6, 6), date(2013, 6, 6)): "cabinet formation",
    ("PAK", "foreign_minister", date(2017, 7, 29), date(2017, 8, 3)): "cabinet formation",
    ("PAK", "foreign_minister", date(2018, 6, 1), date(2018, 6, 4)): "caretaker cabinet",
    ("PAK", "foreign_minister", date(2018, 8, 19), date(2018, 8, 19)): "cabinet formation",
    ("PAK", "foreign_minister", date(2022, 4, 11), date(2022, 4, 26)): "cabinet formation",
    ("PAK", "foreign_minister", date(2023, 8, 11), date(2023, 8, 16)): "caretaker cabinet",
    ("PAK", "foreign_minister", date(2024, 3, 5), date(2024, 3, 10)): "cabinet formation",
    ("PAK", "defence_minister", date(2012, 6, 20), date(2012, 6, 21)): "cabinet formation",
    ("PAK", "defence_minister", date(2013, 3, 17), date(2013, 6, 6)): "caretaker",
    ("PAK", "defence_minister", date(2017, 7, 29), date(2017, 8, 3)): "cabinet formation",
    ("PAK", "defence_minister", date(2018, 6, 1), date(2018, 6, 7)): "caretaker cabinet",
    ("PAK", "defence_minister", date(2018, 8, 19), date(2018, 8, 29)): "cabinet formation",
    ("PAK", "defence_minister", date(2022, 4, 11), date(2022, 4, 18)): "cabinet formation",
    ("PAK", "defence_minister", date(2023, 8, 15), date(2023, 8, 16)): "caretaker cabinet",
    ("PAK", "defence_minister", date(2024, 3, 5), date(2024, 3, 10)): "cabinet formation",
    # North Korea: Paek Nam-sun died in January 2007; Pak Ui-chun named in May.
    ("PRK", "foreign_minister", date(2007, 1, 3), date(2007, 5, 17)): "vacancy",
    # Saudi Arabia: Prince Sultan died 2011-10-22; Prince Salman appointed 2011-11-05.
    ("SAU", "defence_minister", date(2011, 10, 23), date(2011, 11, 4)): "vacancy",
    # Syria: Muallem's death; and the fall of Assad before the transitional ministers were named.
    ("SYR", "foreign_minister", date(2020, 11, 17), date(2020, 11, 21)): "vacancy",
    ("SYR", "foreign_minister", date(2024, 12, 11), date(2024, 12, 20)): "fall of Assad",
    ("SYR", "defence_minister", date(2024, 12, 9), date(2024, 12, 20)): "fall of Assad",
    # Ukraine: Tarasyuk dismissed 2000-09-29; Zlenko appointed 2000-10-02.
    ("UKR", "foreign_minister", date(2000, 9, 30), date(2000, 10, 1)): "handover",
}


@pytest.fixture(scope="module")
def table() -> OfficeTable:
    return load_offices()


def uncovered(
    table: OfficeTable, country: str, office: str, start: date, end: date
) -> list[tuple[date, date]]:
    """Maximal runs of days in [start, end] on which no term of the office is in force."""
    gaps: list[tuple[date, date]] = []
    cursor = start  # first day not yet known to be covered
    for term in table.seat(country, office):
        if cursor > end:
            break
        if term.start > cursor:
            gaps.append((cursor, min(term.start - timedelta(days=1), end)))
        if term.end is None:
            return gaps
        cursor = max(cursor, term.end + timedelta(days=1))
    if cursor <= end:
        gaps.append((cursor, end))
    return gaps


# --- loading and validation --------------------------------------------------------------------


def test_table_loads_and_is_cached(table: OfficeTable) -> None:
    assert len(table) > 500
    assert load_offices() is table
    assert all(t.office in OFFICES for t in table.terms())
    assert all(t.sector == "GOV" for t in table.terms())
    assert all(t.end is None or t.end >= t.start for t in table.terms())


def test_at_least_sixty_countries(table: OfficeTable) -> None:
    assert len(table.countries()) >= 60
    assert set(PRIORITY) <= table.countries()


def test_every_country_has_a_head_of_state_and_government(table: OfficeTable) -> None:
    for country in table.countries():
        assert table.seat(country, "head_of_state"), country
        assert table.seat(country, "head_of_government"), country


def test_terms_that_began_before_2000_keep_their_real_start(table: OfficeTable) -> None:
    khamenei = table.holder("IRN", "head_of_state", date(2000, 1, 1))
    assert khamenei is not None and khamenei.start == date(1989, 6, 4)


@pytest.mark.parametrize("country", PRIORITY)
@pytest.mark.parametrize("office", OFFICES)
def test_priority_countries_are_covered_every_day(
    table: OfficeTable, country: str, office: str
) -> None:
    gaps = uncovered(table, country, office, COVERAGE_START, COVERAGE_END)
    allowed = [(a, b) for (c, o, a, b) in ALLOWED_GAPS if (c, o) == (country, office)]
    unexplained = [g for g in gaps if not any(a <= g[0] and g[1] <= b for a, b in allowed)]
    assert not unexplained, f"{country} {office}: no holder recorded on {unexplained}"


def test_allowed_gaps_are_still_real(table: OfficeTable) -> None:
    """An allowed gap that the data now covers should be removed from ALLOWED_GAPS."""
    for country, office, first, last in ALLOWED_GAPS:
        gaps = uncovered(table, country, office, COVERAGE_START, COVERAGE_END)
        assert any(a <= last and first <= b for a, b in gaps), (country, office, first, last)


# --- spot checks --------------------------------------------------------------------------------


def test_russia_tandem(table: OfficeTable) -> None:
    assert table.holder("RUS", "head_of_state", date(2010, 1, 1)).name == "Dmitry Medvedev"
    assert table.holder("RUS", "head_of_state", date(2015, 1, 1)).name == "Vladimir Putin"
    assert table.holder("RUS", "head_of_government", date(2010, 1, 1)).name == "Vladimir Putin"
    assert table.holder("RUS", "foreign_minister", date(2022, 2, 24)).name == "Sergey Lavrov"


def test_find_person_by_surname_on_a_date(table: OfficeTable) -> None:
    in_2010 = table.find_person("Medvedev", date(2010, 1, 1))
    first = in_2010[0]
    assert (first.country, first.office, first.title) == ("RUS", "head_of_state", "President")
    in_2015 = table.find_person("Medvedev", date(2015, 1, 1))
    first = in_2015[0]
    assert (first.country, first.office, first.title) == ("RUS", "head_of_government", "Prime Minister")
    # terms not in force on the date follow the ones that are
    assert {t.office for t in in_2015} == {"head_of_state", "head_of_government"}
    assert in_2015[0].in_force(date(2015, 1, 1)) and not in_2015[-1].in_force(date(2015, 1, 1))


def test_iran(table: OfficeTable) -> None:
    assert table.holder("IRN", "foreign_minister", date(2025, 6, 23)).name == "Abbas Araghchi"
    assert table.holder("IRN", "head_of_state", date(2025, 6, 23)).name == "Ali Khamenei"
    assert table.holder("IRN", "head_of_government", date(2025, 6, 23)).name == "Masoud Pezeshkian"
    assert table.find_person("Araqchi", date(2025, 6, 23))[0].name == "Abbas Araghchi"
    assert table.find_person("Ayatollah Khamenei", date(2025, 6, 23))[0].title == "Supreme Leader"
    # the surname follows the office: Ali Khamenei until 2026-02-28, then his son Mojtaba
    assert table.find_person("Khamenei", date(2025, 6, 23))[0].name == "Ali Khamenei"
    assert table.find_person("Khamenei", date(2026, 4, 1))[0].name == "Mojtaba Khamenei"
    assert table.find_person("Sergei Lavrov", date(2025, 6, 23))[0].country == "RUS"


def test_united_states(table: OfficeTable) -> None:
    assert table.holder("USA", "head_of_state", date(2025, 6, 22)).name == "Donald Trump"
    assert table.holder("USA", "head_of_state", date(2024, 6, 1)).name == "Joe Biden"
    assert table.holder("USA", "head_of_government", date(2024, 6, 1)).name == "Joe Biden"
    assert table.holder("USA", "foreign_minister", date(2025, 6, 22)).title == "Secretary of State"
    hegseth = table.holder("USA", "defence_minister", date(2025, 6, 22))
    assert hegseth.name == "Pete Hegseth" and hegseth.start == date(2025, 1, 25)
    assert "Secretary of War" in hegseth.note


def test_united_kingdom(table: OfficeTable) -> None:
    assert table.holder("GBR", "head_of_government", date(2019, 6, 1)).name == "Theresa May"
    assert table.holder("GBR", "head_of_government", date(2020, 1, 1)).name == "Boris Johnson"
    johnson = table.find_person("Johnson", date(2017, 1, 1))
    assert any(
        t.name == "Boris Johnson" and t.office == "foreign_minister" and t.title == "Foreign Secretary"
        and t.in_force(date(2017, 1, 1))
        for t in johnson
    )  # fmt: skip
    assert johnson[0].office == "foreign_minister"


def test_handover_day_goes_to_the_successor(table: OfficeTable) -> None:
    assert table.holder("USA", "head_of_state", date(2021, 1, 20)).name == "Joe Biden"
    assert table.holder("USA", "head_of_state", date(2021, 1, 19)).name == "Donald Trump"


def test_names_match_without_case_or_accents(table: OfficeTable) -> None:
    day = date(2020, 1, 1)
    assert table.find_person("erdogan", day)[0].name == "Recep Tayyip Erdoğan"
    assert table.find_person("ERDOĞAN", day)[0].name == "Recep Tayyip Erdoğan"
    assert table.find_person("Yildirim")[0].name == "Binali Yıldırım"
    lecornu = table.find_person("Sebastien Lecornu", date(2025, 10, 1))
    assert lecornu[0].office == "head_of_government"
    assert normalize_name("Ya’alon") == normalize_name("Yaalon")


def test_find_person_without_a_date_lists_latest_first(table: OfficeTable) -> None:
    putin = table.find_person("Putin")
    assert putin and all(t.name == "Vladimir Putin" for t in putin)
    starts = [t.start for t in putin]
    assert starts == sorted(starts, reverse=True)
    assert table.find_person("No Such Person") == []


def test_holder_before_any_record_is_none(table: OfficeTable) -> None:
    assert table.holder("ZZZ", "head_of_state", date(2010, 1, 1)) is None
    with pytest.raises(ValueError):
        table.holder("USA", "president", date(2010, 1, 1))


# --- validation of malformed files ----------------------------------------------------------------

HEADER = ",".join(COLUMNS) + "\n"


def write(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "offices.csv"
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_a_small_valid_file_loads(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "FRA,head_of_state,A B,B,2000-01-01,2005-01-01,President,GOV,",
        "FRA,head_of_state,C D,D,2005-01-01,,President,GOV,one-day handover overlap is allowed",
        'FRA,foreign_minister,E F,"F|E. F",2000-01-01,,Foreign Minister,GOV,"note, with a comma"',
    )
    loaded = load_offices(path)
    assert len(loaded) == 3
    assert loaded.holder("FRA", "head_of_state", date(2005, 1, 1)).name == "C D"
    assert loaded.find_person("e f")[0].aliases == ("F", "E. F")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("FRA,head_of_state,A,,2000-13-01,,President,GOV,", "not a real date"),
        ("FRA,head_of_state,A,,2000/01/01,,President,GOV,", "not an ISO date"),
        ("FRA,head_of_state,A,,2000-01-01,1999-01-01,President,GOV,", "before start"),
        ("FRA,president,A,,2000-01-01,,President,GOV,", "office 'president' is unknown"),
        ("XXX,head_of_state,A,,2000-01-01,,President,GOV,", "not an ISO 3166-1 alpha-3"),
        ("fra,head_of_state,A,,2000-01-01,,President,GOV,", "not an ISO 3166-1 alpha-3"),
        ("FRA,head_of_state,A,,2000-01-01,,President,CVL,", "sector"),
        ("FRA,head_of_state,,,2000-01-01,,President,GOV,", "'name' is empty"),
        ("FRA,head_of_state,A,,2000-01-01,,President,GOV,,extra", "more than"),
    ],
)
def test_malformed_rows_are_rejected(tmp_path: Path, row: str, message: str) -> None:
    with pytest.raises(OfficeDataError, match=message) as caught:
        load_offices(write(tmp_path, row))
    assert "offices.csv:2" in str(caught.value)
    assert isinstance(caught.value, WhimbrelError)


@pytest.mark.parametrize(
    "rows",
    [
        (
            "FRA,head_of_state,A,,2000-01-01,2005-01-02,President,GOV,",
            "FRA,head_of_state,B,,2005-01-01,,President,GOV,",
        ),
        (
            "FRA,head_of_state,A,,2000-01-01,,President,GOV,",
            "FRA,head_of_state,B,,2005-01-01,,President,GOV,",
        ),
        (
            "FRA,head_of_state,A,,2000-01-01,2010-01-01,President,GOV,",
            "FRA,head_of_state,B,,2002-01-01,2003-01-01,President,GOV,",
        ),
    ],
)
def test_overlapping_terms_are_rejected(tmp_path: Path, rows: tuple[str, str]) -> None:
    with pytest.raises(OfficeDataError, match="overlaps"):
        load_offices(write(tmp_path, *rows))


def test_bad_header_and_missing_file_are_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("country,office,name\nFRA,head_of_state,A\n", encoding="utf-8")
    with pytest.raises(OfficeDataError, match="header"):
        load_offices(bad)
    with pytest.raises(OfficeDataError, match="cannot be read"):
        load_offices(tmp_path / "missing.csv")


def test_kosovo_and_added_african_and_american_holders() -> None:
    """Kosovo's user-assigned XKX is accepted; coverage beyond the first 65 countries."""
    from datetime import date

    from whimbrel.actors.offices import load_offices

    table = load_offices()
    assert table.holder("XKX", "head_of_government", date(2023, 1, 1)).name == "Albin Kurti"
    assert table.holder("NER", "head_of_state", date(2023, 8, 1)).name == "Abdourahamane Tchiani"
    assert [t.country for t in table.find_person("Petro", date(2024, 1, 1))][:1] == ["COL"]
