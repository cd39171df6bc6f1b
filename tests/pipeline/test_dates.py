import logging
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.dates import MONTHS, find_dates, parse_date


@pytest.mark.parametrize(
    "text, expected",
    [
        ("14-11-2019", "2019-11-14"),
        ("14/11/2019", "2019-11-14"),
        ("14.11.2019", "2019-11-14"),
        ("3-2-2020", "2020-02-03"),
        ("27 september 2013", "2013-09-27"),
        ("27 sept. 2013", "2013-09-27"),
        ("27 sep 2013", "2013-09-27"),
        ("ma 3 feb. 2020", "2020-02-03"),
        ("maandag 3 februari 2020", "2020-02-03"),
        ("3 februari 2020, 14:05", "2020-02-03"),
        ("1 mrt 2021", "2021-03-01"),
        ("1 maart 2021", "2021-03-01"),
        ("9 okt. 2018", "2018-10-09"),
        ("31 DECEMBER 1999", "1999-12-31"),
        ("1 Mei 1901", "1901-05-01"),
        ("5 october 2020", "2020-10-05"),
        ("27\u00a0september\u00a02013", "2013-09-27"),
        ("2019-11-14", "2019-11-14"),
        ("2019-11-14T10:00:00+01:00", "2019-11-14"),
        ("2019-11-14T10:00:00.000+0100", "2019-11-14"),
        ("2019-11-14T10:00:00Z", "2019-11-14"),
    ],
)
def test_every_printed_form_becomes_iso(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "month, number",
    [
        ("jan", 1), ("feb", 2), ("mrt", 3), ("maart", 3), ("apr", 4), ("mei", 5), ("jun", 6),
        ("jul", 7), ("aug", 8), ("sep", 9), ("sept", 9), ("okt", 10), ("nov", 11), ("dec", 12),
        ("januari", 1), ("juni", 6), ("juli", 7), ("augustus", 8), ("november", 11),
    ],
)
def test_dutch_month_names_and_abbreviations_in_any_case(month, number):
    for spelling in (month, month.upper(), month.capitalize(), month + "."):
        assert parse_date(f"12 {spelling} 2020") == f"2020-{number:02d}-12"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("artikel - 27 september 2013", "2013-09-27"),
        ("Datum laatste wijziging :27-01-2021", "2021-01-27"),
        ("Publicatiedatum: 14-11-2019", "2019-11-14"),
        ("Geplaatst op 3 februari 2020 om 14:05 door Jan", "2020-02-03"),
        ("14-11-2019 → Symposium op 13 juni 2020", "2019-11-14"),
        ("16 september 202516 september 2025", "2025-09-16"),
    ],
)
def test_the_first_date_embedded_in_a_longer_text_is_taken(text, expected):
    assert parse_date(text) == expected


def test_a_timestamp_with_an_offset_is_dated_by_the_clock_in_the_netherlands():
    # Drupal stores midnight of 27 September in Amsterdam as 22:00 UTC the day before.
    assert parse_date("2013-09-26T22:00:00Z") == "2013-09-27"
    assert parse_date("2013-09-26T22:00:00+00:00") == "2013-09-27"
    assert parse_date("2014-01-31T23:30:00Z") == "2014-02-01"


@pytest.mark.parametrize("text", ["31-02-2019", "14-13-2019", "30 februari 2020", "2019-00-10",
                                  "0-11-2019", "artikel - 31 april 2013"])
def test_an_impossible_date_gives_none_and_a_warning(text, caplog):
    with caplog.at_level(logging.WARNING, logger="pipeline.dates"):
        assert parse_date(text) is None
    assert "impossible date" in caplog.text


@pytest.mark.parametrize(
    "text",
    [
        "14-11-19",  # a two-digit year is not guessed
        "27 sept. '13",
        "september 2014",  # no day
        "2019",
        "vandaag",
        "gisteren om 14:05",
        "Leestijd: 4 min.",
        "",
        None,
    ],
)
def test_text_without_a_complete_date_gives_none(text):
    assert parse_date(text) is None


def test_find_dates_returns_every_possible_date_in_order(caplog):
    text = "16 september 202516 oktober 2025; eerder 31-02-2019 en 2019-11-14"
    with caplog.at_level(logging.WARNING, logger="pipeline.dates"):
        assert find_dates(text) == ["2025-09-16", "2025-10-16", "2019-11-14"]
    assert "31-02-2019" in caplog.text


@given(st.text())
def test_parse_date_never_raises_and_gives_a_valid_iso_date(text):
    result = parse_date(text)
    assert result is None or date.fromisoformat(result).isoformat() == result


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Nd",))))
def test_text_without_digits_has_no_date(text):
    assert parse_date(text) is None


def _spellings(day: date) -> list[str]:
    months = [name for name, number in MONTHS.items() if number == day.month]
    return [
        f"{day.day:02d}-{day.month:02d}-{day.year}",
        f"{day.day}/{day.month}/{day.year}",
        f"{day.day:02d}.{day.month:02d}.{day.year}",
        day.isoformat(),
        f"{day.isoformat()}T12:00:00+01:00",
        *(f"{day.day} {month}. {day.year}" for month in months),
        *(f"{day.day} {month.upper()} {day.year}, 14:05" for month in months),
    ]


@given(
    day=st.dates(min_value=date(1000, 1, 1)),
    index=st.integers(min_value=0),
    before=st.text(alphabet="abcdefghijklmnopqrstuvwxyz :-", max_size=30),
    after=st.text(max_size=30),
)
def test_any_date_in_any_spelling_is_read_back_from_surrounding_text(day, index, before, after):
    spellings = _spellings(day)
    text = f"{before} {spellings[index % len(spellings)]} {after}"
    assert parse_date(text) == day.isoformat()
