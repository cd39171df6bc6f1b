import math

import pytest

from archive.storage.revisits import (
    FIRST_WAIT,
    MAX_WAIT,
    MIN_WAIT,
    SPREAD,
    UNKNOWN_WAIT,
    YOUNG_DAYS,
    change_rate,
    next_wait,
    spread,
)

OLD = 5 * 365.0  # days since publication of a page long past its first weeks


def test_a_change_shortens_the_wait_and_no_change_lengthens_it():
    assert next_wait(6.0, changed=True, age_days=OLD) == pytest.approx(4.0)
    assert next_wait(6.0, changed=False, age_days=OLD) == pytest.approx(9.0)


def test_the_wait_stays_between_a_night_and_the_ceiling():
    assert next_wait(1.0, changed=True, age_days=OLD) == MIN_WAIT
    assert next_wait(MAX_WAIT, changed=False, age_days=OLD) == MAX_WAIT
    waits = [next_wait(MAX_WAIT, changed=False, age_days=OLD, share=spread(f"https://x/{n}"))
             for n in range(200)]
    assert all(MAX_WAIT * (1 - SPREAD) <= wait <= MAX_WAIT for wait in waits)
    assert len(set(waits)) > 100  # spread, so that URLs checked together fall due apart


def test_a_page_in_its_first_weeks_is_checked_every_night():
    assert next_wait(10.0, changed=False, age_days=YOUNG_DAYS - 1) == MIN_WAIT
    assert next_wait(10.0, changed=False, age_days=YOUNG_DAYS + 1) == 15.0


def test_a_first_wait_grows_with_the_age_of_the_page_up_to_the_ceiling():
    assert next_wait(None, changed=True, age_days=None) == FIRST_WAIT
    assert next_wait(None, changed=False, age_days=365.0) == pytest.approx(365 / 30)
    assert next_wait(None, changed=False, age_days=OLD) == MAX_WAIT


def test_a_url_whose_change_cannot_be_told_waits_the_fixed_time():
    assert next_wait(20.0, changed=None, age_days=OLD) == UNKNOWN_WAIT


def test_a_urls_spread_is_its_own_and_below_one():
    assert spread("https://www.movisie.nl/artikel/a") == spread("https://www.movisie.nl/artikel/a")
    assert all(0 <= spread(f"https://x/{n}") < 1 for n in range(100))


def test_the_change_rate_allows_for_changes_a_check_missed():
    # Every one of 10 daily checks found a change: more than one a day may have happened.
    assert change_rate(10, 10, 10.0) > 1.0
    assert change_rate(10, 0, 10.0) == 0.0
    assert change_rate(10, 5, 10.0) == pytest.approx(-math.log(5.5 / 10.5))
    assert change_rate(0, 0, 0.0) is None
