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
    moment,
    next_wait,
    spread,
)
from archive.storage.store import Archive, mark_fetched

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


def test_a_sitemaps_lastmod_and_a_feeds_pubdate_are_read_as_the_same_moment():
    assert moment("2025-09-16T07:00:00+02:00") == moment("Tue, 16 Sep 2025 07:00:00 +0200")
    assert moment("2025-09-16T05:00:00Z") == moment("2025-09-16T07:00:00+02:00")
    assert moment("2025-09-16").tzinfo is not None  # a date alone: midnight UTC
    assert moment("nonsense") is None and moment(None) is None


def test_the_change_rate_allows_for_changes_a_check_missed():
    # Every one of 10 daily checks found a change: more than one a day may have happened.
    assert change_rate(10, 10, 10.0) > 1.0
    assert change_rate(10, 0, 10.0) == 0.0
    assert change_rate(10, 5, 10.0) == pytest.approx(-math.log(5.5 / 10.5))
    assert change_rate(0, 0, 0.0) is None


def crawl_state(archive, url: str) -> dict:
    return next(archive.db.query("SELECT * FROM crawl_state WHERE url = ?", [url]))


def test_the_store_records_each_check_and_when_the_policy_would_check_again(tmp_path):
    url = "https://www.socialevraagstukken.nl/overheid-moet-zich-bezinnen-op-eigen-kracht/"
    page = {"url": url, "site": "socialevraagstukken", "kind": "artikel", "title": "Eigen kracht",
            "published": "2013-09-20", "body_text": "Een tekst.", "authors": [],
            "reactions": [], "links": []}
    with Archive(tmp_path / "archive.db") as archive:
        archive.db.execute("INSERT INTO crawl_state (url, site) VALUES (?, ?)",
                           [url, "socialevraagstukken"])
        stored = []
        for when, body in (("2024-05-01T10:00:00Z", "Een tekst."),
                           ("2024-05-29T10:00:00Z", "Een tekst."),
                           ("2024-06-26T10:00:00Z", "Een herziene tekst.")):
            run = archive.start_run(["socialevraagstukken"], mirror=True)
            stored.append(archive.store({**page, "body_text": body}, fetched_at=when, run_id=run))
            archive.finish_run(run, "finished")
            if len(stored) == 1:
                first = crawl_state(archive, url)
        state = crawl_state(archive, url)
    assert stored == ["new", "unchanged", "changed"]
    # The first capture compares with nothing; a page ten years old waits the ceiling.
    assert (first["checks"], first["changes"]) == (None, None)
    assert first["wait_days"] == next_wait(None, False, 3876.0, spread(url))
    assert first["next_check_at"] > "2024-05-01T10:00:00Z"
    assert (state["checks"], state["changes"]) == (2, 1)
    assert state["first_checked_at"] == "2024-05-01T10:00:00Z"
    assert state["wait_days"] < first["wait_days"]  # the change shortened it
    assert state["change_rate"] == pytest.approx(change_rate(2, 1, 56.0))
    assert state["next_check_at"] > "2024-06-26T10:00:00Z"


def test_a_listing_waits_the_fixed_time_for_want_of_anything_to_compare(tmp_path):
    url = "https://www.movisie.nl/artikelen"
    with Archive(tmp_path / "archive.db") as archive:
        archive.db.execute("INSERT INTO crawl_state (url, site) VALUES (?, ?)", [url, "movisie"])
        run = archive.start_run(["movisie"], mirror=True)
        with archive.transaction() as conn:
            mark_fetched(conn, [url], run, "2024-05-01T10:00:00Z", 200)
        state = crawl_state(archive, url)
    assert state["checks"] is None
    assert state["wait_days"] == next_wait(None, None, None, spread(url)) <= UNKNOWN_WAIT
