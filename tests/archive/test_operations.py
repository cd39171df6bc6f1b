"""An archivist's nights: re-crawls of a changed mirror keep every version and notice removed
pages, cost little when nothing changed, are captured in valid WARC that re-extracts offline to
the same records, raise an alarm when a template breaks, and survive being killed."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

import archive.reextract as reextract_module
from archive.storage.lock import CrawlLock
from mirror import MirrorServer
from mirror.server import SITES_DIR
from tests.conftest import REPO, query, run_archive

ZW_CHANGED = ("https://www.zorgwelzijn.nl/akkoord-over-cao-sociaal-werk/",
              "zorgwelzijn/files/akkoord-over-cao-sociaal-werk/index.html")
DELETED = "socialevraagstukken/files/mantelzorgers-raken-overbelast/index.html"
CONTENT_TABLES = ("pages", "page_urls", "authors", "page_authors", "reactions", "links")
# Columns that say when or in which run, not what was archived.
WHEN = {"first_seen_at", "last_seen_at", "last_changed_at", "fetched_at", "last_seen_run"}


def content(db: Path, ignore: set[str] = WHEN) -> dict[str, list[tuple]]:
    """Every content table's rows without the columns ignored, in key order."""
    tables = {}
    with closing(sqlite3.connect(db)) as conn:
        for table in CONTENT_TABLES:
            columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")
                       if row[1] not in ignore]
            tables[table] = conn.execute(
                f"SELECT {', '.join(columns)} FROM {table} ORDER BY 1, 2").fetchall()
    return tables


def crawl(mirror: MirrorServer, db: Path, *extra: str):
    return run_archive("crawl", "--mirror-url", mirror.url, "--db", str(db), *extra)


def retitle(path: Path, title: str) -> None:
    html = path.read_text(encoding="utf-8")
    assert title in html, path
    path.write_text(html.replace(title, title + " (bijgewerkt)"), encoding="utf-8")


@pytest.fixture(scope="module")
def nights(tmp_path_factory):
    """A mirror copy crawled, then two of its pages changed and one deleted, crawled again."""
    root = tmp_path_factory.mktemp("nights")
    sites = root / "sites"
    shutil.copytree(SITES_DIR, sites)
    db = root / "archive" / "archive.db"
    with MirrorServer(sites_dir=sites) as mirror:
        first = crawl(mirror, db)
        shutil.copy(db, root / "after-first.db")
        (movisie,) = query(db, "SELECT url FROM pages WHERE site = 'movisie'"
                               " AND url LIKE '%/artikel/%' ORDER BY url LIMIT 1")[0]
        changed = {ZW_CHANGED[0]: sites / ZW_CHANGED[1],
                   movisie: sites / "movisie/files/artikel" / movisie.rsplit("/", 1)[1]}
        for url, file in changed.items():
            retitle(file, query(db, "SELECT title FROM pages WHERE url = ?", url)[0][0])
        (sites / DELETED).unlink()
        second = crawl(mirror, db, "--all")
    return {"db": db, "root": root, "first": first, "second": second,
            "changed": list(changed),
            "deleted": "https://www.socialevraagstukken.nl/mantelzorgers-raken-overbelast/"}


def test_a_changed_page_gets_a_new_revision_naming_the_changed_field(nights):
    assert nights["second"].returncode == 0, nights["second"].stdout + nights["second"].stderr
    revisions = query(nights["db"], "SELECT p.url, r.changed_fields FROM revisions r"
                      " JOIN pages p ON p.id = r.page_id WHERE r.run_id = 2 ORDER BY p.url")
    assert sorted(url for url, _ in revisions) == sorted(nights["changed"])
    assert all("title" in json.loads(fields) for _, fields in revisions)
    # The first version is kept beside the new one.
    for url in nights["changed"]:
        titles = [json.loads(record)["title"] for (record,) in query(
            nights["db"], "SELECT r.record FROM revisions r JOIN pages p ON p.id = r.page_id"
            " WHERE p.url = ? ORDER BY r.id", url)]
        assert len(titles) == 2 and titles[1] == titles[0] + " (bijgewerkt)"


def test_a_deleted_page_is_marked_gone_and_kept(nights):
    gone = query(nights["db"], "SELECT url, gone_at, title FROM pages WHERE gone_at IS NOT NULL")
    assert [url for url, _, _ in gone] == [nights["deleted"]]
    assert gone[0][2]  # its content is still there


def test_the_rest_of_the_second_crawl_is_unchanged(nights):
    (row,) = query(nights["db"], "SELECT pages_new, pages_changed, pages_unchanged, pages_gone,"
                   " pages_merged FROM crawl_runs WHERE id = 2")
    pages = query(nights["db"], "SELECT count(*) FROM pages")[0][0]
    assert row == (0, 2, pages - 3, 1, 2)
    print("\n" + nights["second"].stdout)


def test_the_second_crawl_downloads_under_a_tenth_of_the_first(nights):
    first, second = [n for (n,) in query(
        nights["db"], "SELECT bytes_downloaded FROM crawl_runs ORDER BY id")]
    print(f"\nbytes downloaded: first crawl {first:,}, second crawl {second:,}"
          f" ({second / first:.1%})")
    assert first > 100_000
    assert second < first / 10


def test_every_warc_file_passes_warcio_check_and_index(nights):
    files = sorted((nights["db"].parent / "captures").glob("*.warc.gz"))
    assert len(files) == 8  # four sites, two runs
    warcio = Path(sys.executable).with_name("warcio")
    for path in files:
        check = subprocess.run([warcio, "check", "-v", path], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        index = subprocess.run([warcio, "index", "-f", "warc-type,warc-target-uri", path],
                               capture_output=True, text=True, check=True)
        records = [json.loads(line) for line in index.stdout.splitlines()]
        assert {r["warc-type"] for r in records} >= {"warcinfo", "request"}


def test_the_capture_index_points_at_each_record(nights):
    from archive.storage.warc import read_response

    rows = query(nights["db"], "SELECT url, status, warc_file, warc_offset FROM captures"
                 " WHERE record_type = 'response'")
    assert len(rows) > 100
    for url, status, warc_file, offset in rows:
        stored = read_response(nights["db"].parent / "captures" / warc_file, offset, decode=True)
        assert (stored.url, stored.status) == (url, status)


def test_reextraction_from_warc_alone_rebuilds_identical_records(nights, tmp_path):
    """The mirror is stopped (the fixture's `with` has ended): only the WARC files remain."""
    copy = tmp_path / "archive.db"
    shutil.copy(nights["db"], copy)
    shutil.copytree(nights["db"].parent / "captures", tmp_path / "captures")
    with closing(sqlite3.connect(copy)) as conn, conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        for table in (*CONTENT_TABLES, "revisions"):
            conn.execute(f"DELETE FROM {table}")
    done = run_archive("reextract", "--db", str(copy))
    assert done.returncode == 0, done.stdout + done.stderr
    # The deleted page comes back from its last capture, only without its gone mark.
    assert content(copy, WHEN | {"gone_at"}) == content(nights["db"], WHEN | {"gone_at"})
    assert query(copy, "SELECT count(*) FROM pages")[0][0] > 50


def test_reextraction_reading_its_captures_a_few_at_a_time_misses_none(nights, tmp_path,
                                                                         monkeypatch):
    """An archive of many pages is read in pages of JOBS_READ captures; here 7, so the mirror's
    URLs take several reads."""
    copy = tmp_path / "archive.db"
    shutil.copy(nights["db"], copy)
    with closing(sqlite3.connect(copy)) as conn, conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        for table in (*CONTENT_TABLES, "revisions"):
            conn.execute(f"DELETE FROM {table}")
    monkeypatch.setattr(reextract_module, "JOBS_READ", 7)
    result = reextract_module.reextract(str(copy), nights["db"].parent / "captures")
    assert not result.errors
    assert content(copy, WHEN | {"gone_at"}) == content(nights["db"], WHEN | {"gone_at"})


def test_reextracting_an_unchanged_archive_changes_nothing(nights, tmp_path):
    copy = tmp_path / "archive.db"
    shutil.copy(nights["db"], copy)
    before = content(copy)
    done = run_archive("reextract", "--db", str(copy), "--captures",
                       str(nights["db"].parent / "captures"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "changed 0" in done.stdout and "changed https" not in done.stdout
    assert content(copy) == before
    versions = {v for (v,) in query(copy, "SELECT DISTINCT extractor_version FROM pages")}
    assert len(versions) == 1 and versions.pop().startswith("0.1.0+")


def test_a_renamed_date_label_makes_the_run_fail_naming_site_and_field(tmp_path):
    sites = tmp_path / "sites"
    shutil.copytree(SITES_DIR, sites)
    db = tmp_path / "archive.db"
    with MirrorServer(sites_dir=sites) as mirror:
        first = crawl(mirror, db, "--site", "canon")
        assert first.returncode == 0, first.stdout + first.stderr
        for page in (sites / "canon" / "files").rglob("*"):
            if page.is_file() and b"Publicatiedatum" in page.read_bytes():
                page.write_bytes(page.read_bytes().replace(b"Publicatiedatum", b"Verschenen op"))
        second = crawl(mirror, db, "--site", "canon", "--all")
    assert second.returncode == 3, second.stdout + second.stderr
    assert "DRIFT canon: site rules found `published`" in second.stdout
    assert "movisie" not in second.stdout


def test_a_second_crawl_of_a_locked_archive_is_refused(tmp_path, mirror):
    db = tmp_path / "archive.db"
    with CrawlLock(db):
        done = crawl(mirror, db)
    assert done.returncode == 1
    assert "another crawl" in done.stderr and str(os.getpid()) in done.stderr
    assert not (tmp_path / "captures").exists()


def test_a_crawl_through_a_link_to_the_database_takes_its_lock_and_its_captures(tmp_path,
                                                                                mirror):
    """The lock and the captures folder lay beside the link: two crawls of one archive ran at
    once, and the second looped on captures it could not find."""
    real = tmp_path / "real" / "archive.db"
    link = tmp_path / "elsewhere" / "link.db"
    real.parent.mkdir()
    link.parent.mkdir()
    link.symlink_to(real)
    for held, crawled in ((real, link), (link, real)):
        with CrawlLock(held):
            done = crawl(mirror, crawled, "--site", "canon")
        assert done.returncode == 1 and "another crawl" in done.stderr, done.stdout + done.stderr
    done = crawl(mirror, link, "--site", "canon")
    assert done.returncode == 0, done.stdout + done.stderr
    assert list((real.parent / "captures").glob("run00001-canon-*.warc.gz"))
    assert sorted(path.name for path in link.parent.iterdir()) == ["link.db"]


def test_a_crawl_killed_halfway_resumes_to_the_same_archive(nights, tmp_path):
    db = tmp_path / "archive.db"
    # Slow enough that several of the crawl's one-second commit groups land before it ends: the
    # kill falls on an open group, whose pages the resumed crawl must fetch again.
    with MirrorServer(delay=0.3) as mirror:
        child = subprocess.Popen(
            [sys.executable, "-m", "archive", "crawl", "--mirror-url", mirror.url, "--db",
             str(db)], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        stored = 0
        while stored < 25 and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.05)
            try:
                stored = query(db, "SELECT count(*) FROM pages")[0][0]
            except sqlite3.OperationalError:
                stored = 0  # not created yet, or busy
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert 25 <= stored < 53, stored
        resumed = run_archive("crawl", "--resume", "--mirror-url", mirror.url, "--db", str(db))
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    print(f"\nkilled after {stored} pages; resumed:\n{resumed.stdout}")
    reference = nights["root"] / "after-first.db"
    assert content(db) == content(reference)
    counts = "SELECT pages_new, pages_changed, pages_unchanged, pages_merged, pages_failed," \
             " pages_skipped, pages_gone, status FROM crawl_runs"
    assert query(db, counts) == query(reference, counts)
    assert query(db, "PRAGMA integrity_check") == [("ok",)]


def test_a_reextraction_is_refused_while_a_crawl_holds_the_lock(nights, tmp_path):
    copy = tmp_path / "archive.db"
    shutil.copy(nights["db"], copy)
    before = copy.read_bytes()
    with CrawlLock(copy):
        done = run_archive("reextract", "--db", str(copy), "--captures",
                           str(nights["db"].parent / "captures"))
    assert done.returncode == 1 and "another crawl" in done.stderr
    assert copy.read_bytes() == before
