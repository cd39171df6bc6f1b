"""A disk or database that fills up at any moment of a crawl: the run fails with a non-zero exit
and one line saying what was not kept, the database stays whole, and `--resume` once there is
room again makes the archive a calm crawl makes. The database is filled on demand with SQLite's
max_page_count, every file with RLIMIT_FSIZE (tests/full_disk.py); a real full disk, for the WARC
files alone or for everything, with a small tmpfs, which needs root (CI runs as root)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from tests.archive.test_operations import CONTENT_TABLES, WHEN, content, query
from tests.conftest import run_archive
from tests.full_disk import run_capped

RUN_COUNTS = ("SELECT pages_new, pages_changed, pages_unchanged, pages_merged, pages_gone,"
              " pages_failed, pages_skipped, status FROM crawl_runs ORDER BY id")


@pytest.fixture(scope="module")
def calm(tmp_path_factory, mirror):
    """The mirror crawled without trouble: once, and again into a copy."""
    root = tmp_path_factory.mktemp("calm")
    first = root / "first" / "archive.db"
    assert run_archive("crawl", "--mirror-url", mirror.url, "--db", str(first)).returncode == 0
    second = root / "second" / "archive.db"
    shutil.copytree(first.parent, second.parent)
    assert run_archive("crawl", "--mirror-url", mirror.url, "--db", str(second)).returncode == 0
    pages = query(first, "PRAGMA page_count")[0][0]
    return {"first": first, "second": second, "pages": pages}


def assert_failed_in_one_line(done: subprocess.CompletedProcess, db: Path,
                              then: str = "archive crawl --resume") -> str:
    """Exit status 1 and one error line, naming what to run next (once a run has started);
    the database whole."""
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    said = [line for line in done.stderr.splitlines()
            if not line.startswith(("crawl: ", "reextract: "))]
    assert len(said) == 1 and said[0].startswith("Error: "), done.stderr
    if query(db, "SELECT count(*) FROM crawl_runs")[0][0]:
        assert f"`{then}" in said[0], said
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    return said[0]


def assert_resumes_to(db: Path, reference: Path, mirror, *options: str) -> None:
    """Resumed with room enough (a run that never started is crawled anew), the archive is the
    calm crawl's: the same records and the same counts for every run."""
    started = query(db, "SELECT count(*) FROM crawl_runs")[0][0] == query(
        reference, "SELECT count(*) FROM crawl_runs")[0][0]
    done = run_archive("crawl", *(["--resume"] if started else []), "--mirror-url", mirror.url,
                       "--db", str(db), *options)
    assert done.returncode == 0, done.stdout + done.stderr
    assert content(db) == content(reference)
    assert query(db, RUN_COUNTS) == query(reference, RUN_COUNTS)
    assert query(db, "PRAGMA integrity_check") == [("ok",)]


@pytest.mark.parametrize("share", [0.35, 0.6, 0.85, 0.97])
def test_a_database_that_fills_up_fails_the_run_and_resume_completes_it(calm, mirror, tmp_path,
                                                                       share):
    db = tmp_path / "archive.db"
    done = run_capped("crawl", "--mirror-url", mirror.url, "--db", str(db),
                      max_pages=int(calm["pages"] * share))
    said = assert_failed_in_one_line(done, db)
    assert "database or disk is full" in said
    print(f"\n{int(calm['pages'] * share)} of {calm['pages']} pages: {said}")
    assert_resumes_to(db, calm["first"], mirror)


def test_a_database_full_at_the_first_write_of_a_recrawl_resumes_to_the_calm_recrawl(
        calm, mirror, tmp_path):
    """The run's first group of writes joins every known URL to the run; it is lost here, and
    the resumed run must still re-check them all."""
    db = tmp_path / "archive.db"
    shutil.copy(calm["first"], db)
    shutil.copytree(calm["first"].parent / "captures", tmp_path / "captures")
    done = run_capped("crawl", "--mirror-url", mirror.url, "--db", str(db),
                      max_pages=query(db, "PRAGMA page_count")[0][0])
    assert_failed_in_one_line(done, db)
    assert query(db, "SELECT status FROM crawl_runs WHERE id = 2") == [("failed",)]
    assert_resumes_to(db, calm["second"], mirror)


@pytest.mark.parametrize("max_file_bytes", [1_200_000, 1_700_000])
def test_files_that_cannot_grow_fail_the_run_and_resume_completes_it(calm, mirror, tmp_path,
                                                                    max_file_bytes):
    db = tmp_path / "archive.db"
    done = run_capped("crawl", "--mirror-url", mirror.url, "--db", str(db),
                      max_file_bytes=max_file_bytes)
    print(f"\nfiles capped at {max_file_bytes:,} bytes: {assert_failed_in_one_line(done, db)}")
    assert_resumes_to(db, calm["first"], mirror)


@contextmanager
def small_disk(path: Path, size: str):
    if os.geteuid() != 0:
        pytest.skip("a tmpfs needs root (CI runs as root)")
    path.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield lambda room: subprocess.run(["mount", "-o", f"remount,size={room}", str(path)],
                                          check=True)
    finally:
        subprocess.run(["umount", str(path)], check=True)


@pytest.mark.parametrize("size", ["1400k", "2000k"])
def test_a_disk_that_fills_up_fails_the_run_and_resume_completes_it(calm, mirror, tmp_path, size):
    """The case a hostile test run found: at 1400k the last commit failed and the crawl said ok."""
    with small_disk(tmp_path / "disk", size) as make_room:
        db = tmp_path / "disk" / "archive.db"
        done = run_archive("crawl", "--mirror-url", mirror.url, "--db", str(db))
        print(f"\na disk of {size}: {assert_failed_in_one_line(done, db)}")
        make_room("50m")
        assert_resumes_to(db, calm["first"], mirror)


def test_captures_on_a_disk_that_fills_up_fail_the_run_and_resume_completes_it(
        calm, mirror, tmp_path):
    with small_disk(tmp_path / "disk", "200k") as make_room:
        db = tmp_path / "archive.db"
        captures = ("--captures", str(tmp_path / "disk"))
        done = run_archive("crawl", "--mirror-url", mirror.url, "--db", str(db), *captures)
        said = assert_failed_in_one_line(done, db)
        assert "cannot write the archive's captures" in said and "--captures" in said
        make_room("50m")
        assert_resumes_to(db, calm["first"], mirror, *captures)


def test_a_reextraction_into_a_full_database_fails_in_one_line_and_can_be_run_again(calm,
                                                                                   tmp_path):
    db = tmp_path / "archive.db"
    shutil.copy(calm["first"], db)
    shutil.copytree(calm["first"].parent / "captures", tmp_path / "captures")
    with sqlite3.connect(db) as conn:  # emptied, so that re-extraction has everything to write
        conn.execute("PRAGMA foreign_keys = OFF")
        for table in (*CONTENT_TABLES, "revisions"):
            conn.execute(f"DELETE FROM {table}")
    # Without the freed pages: a crawl slowed down (a busy machine) leaves more of them, enough
    # at times for the whole re-extraction, which then never meets the cap.
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("VACUUM")
    done = run_capped("reextract", "--db", str(db),
                      max_pages=query(db, "PRAGMA page_count")[0][0] + 5)
    assert "Re-extraction run 2 stopped" in assert_failed_in_one_line(done, db,
                                                                     "archive reextract")
    again = run_archive("reextract", "--db", str(db))
    assert again.returncode == 0, again.stdout + again.stderr
    assert content(db, WHEN | {"gone_at"}) == content(calm["first"], WHEN | {"gone_at"})
