"""A re-crawl whose stored captures cannot be read (the captures folder not copied with the
database, a record damaged on disk) finishes, asks the site for no URL more than twice, says
what it fetched again, and captures those URLs whole. Before, the re-fetch of an unreadable
capture was itself conditional, answered 304 again, and looped: a hostile test run counted
61,473 requests for one robots.txt in a minute."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from archive.storage.warc import read_response
from mirror import MirrorServer
from tests.archive.test_operations import query
from tests.conftest import run_archive

DAMAGED = ("https://www.canonsociaalwerk.eu/robots.txt",
           "https://www.movisie.nl/artikel/zonder-burgerkracht-geen-wijkteams")


@pytest.fixture(scope="module")
def crawled(tmp_path_factory, mirror) -> Path:
    db = tmp_path_factory.mktemp("crawled") / "archive.db"
    assert run_archive("crawl", "--mirror-url", mirror.url, "--db", str(db)).returncode == 0
    return db


def copy(db: Path, to: Path, *, captures: bool) -> Path:
    to.mkdir(exist_ok=True)
    shutil.copy(db, to / db.name)
    if captures:
        shutil.copytree(db.parent / "captures", to / "captures")
    return to / db.name


def recrawl(db: Path):
    """A crawl against a mirror of its own, counting what it asks for: (result, requests per
    URL). A crawl that loops is cut off by the timeout."""
    with MirrorServer() as mirror:
        done = run_archive("crawl", "--mirror-url", mirror.url, "--db", str(db), "--all",
                           timeout=240)
    return done, Counter(f"{host}{path}" for host, path, _ in mirror.log)


@pytest.fixture(scope="module")
def normal(crawled, tmp_path_factory) -> Counter:
    done, requests = recrawl(copy(crawled, tmp_path_factory.mktemp("normal"), captures=True))
    assert done.returncode == 0, done.stdout + done.stderr
    assert max(requests.values()) == 1
    return requests


def damage(db: Path, url: str) -> None:
    """Overwrite the middle of the URL's stored response record, as a failing disk might."""
    ((warc_file, offset, length),) = query(
        db, "SELECT warc_file, warc_offset, warc_length FROM captures WHERE url = ?"
        " AND record_type = 'response' AND status = 200", url)
    with open(db.parent / "captures" / warc_file, "r+b") as file:
        file.seek(offset + length // 2)
        file.write(b"\x00" * 16)


def assert_every_capture_reads(db: Path) -> None:
    rows = query(db, "SELECT url, warc_file, warc_offset FROM captures c WHERE record_type ="
                 " 'response' AND id = (SELECT max(id) FROM captures WHERE url = c.url AND"
                 " record_type = 'response')")
    for url, warc_file, offset in rows:
        assert read_response(db.parent / "captures" / warc_file, offset, decode=False).url == url


def test_a_recrawl_without_its_captures_fetches_each_url_once_in_full(crawled, normal,
                                                                     tmp_path):
    db = copy(crawled, tmp_path, captures=False)
    done, requests = recrawl(db)
    assert done.returncode == 0, done.stdout + done.stderr
    print(f"\nrequests: {sum(requests.values())}, a normal re-crawl {sum(normal.values())}")
    assert sum(requests.values()) <= 2 * sum(normal.values())
    assert max(requests.values()) == 1
    assert "fetched in full" in done.stdout and "WARC file of their last capture is missing" \
        in done.stdout
    assert_every_capture_reads(db)


def test_a_recrawl_fetches_a_damaged_capture_once_more_and_keeps_it_whole(crawled, normal,
                                                                         tmp_path):
    db = copy(crawled, tmp_path, captures=True)
    for url in DAMAGED:
        damage(db, url)
    done, requests = recrawl(db)
    assert done.returncode == 0, done.stdout + done.stderr
    assert sum(requests.values()) <= 2 * sum(normal.values())
    twice = {url for url, times in requests.items() if times == 2}
    assert twice == {url.split("://", 1)[1] for url in DAMAGED}
    assert max(requests.values()) == 2
    assert "fetched again" in done.stdout and f"{len(DAMAGED)} URLs: their last capture could" \
        " not be read" in done.stdout
    assert_every_capture_reads(db)
    # The next crawl finds a whole capture to ask after, and asks once.
    again, requests = recrawl(db)
    assert again.returncode == 0 and max(requests.values()) == 1
    assert "fetched again" not in again.stdout
