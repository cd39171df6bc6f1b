"""Fixity: each WARC file's SHA-256 and size are recorded when the crawl closes it, and
`archive verify` names every file or record that is missing, altered, truncated or unindexed,
exits non-zero then, and changes nothing. One crawl of the mirror (and a re-crawl, for revisit
records) serves every case: each works on a copy of it."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from archive.storage.lock import CrawlLock
from archive.storage.warc import WarcFile
from tests.conftest import query, run_archive

APPENDED_URL = "https://www.movisie.nl/artikel/nooit-gecrawld"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory, mirror) -> Path:
    db = tmp_path_factory.mktemp("fixity") / "archive.db"
    for _ in range(2):
        done = run_archive("crawl", "--mirror-url", mirror.url, "--db", str(db))
        assert done.returncode == 0, done.stdout + done.stderr
    return db


@pytest.fixture
def archive(crawled, tmp_path) -> Path:
    """A copy of the crawled archive, database and captures, to damage."""
    shutil.copytree(crawled.parent, tmp_path / "archive", ignore=shutil.ignore_patterns("*.lock"))
    return tmp_path / "archive" / crawled.name


def files(db: Path) -> dict[str, bytes]:
    """Every file of the archive's folder by its path, but the crawl lock, which holds the pid
    of whoever took it last (verify takes it too)."""
    return {path.relative_to(db.parent).as_posix(): path.read_bytes()
            for path in sorted(db.parent.rglob("*")) if path.is_file()
            and not path.name.endswith(".lock")}


def verify(db: Path, *args: str):
    before = files(db)
    done = run_archive("verify", "--db", str(db), *args)
    assert "Traceback" not in done.stderr, done.stderr
    if "--record" not in args:
        assert files(db) == before, "verify changed a file"
    return done


def response(db: Path, warc_file: str) -> tuple[int, int, str]:
    """Offset, length and URL of a response record with a body in the file (the middle one)."""
    rows = query(db, "SELECT warc_offset, warc_length, url FROM captures WHERE warc_file = ? AND"
                 " record_type = 'response' AND status = 200 ORDER BY warc_offset", warc_file)
    return rows[len(rows) // 2]


def test_a_clean_crawl_verifies_clean(archive):
    done = verify(archive)
    assert done.returncode == 0, done.stdout
    (summary,) = done.stdout.splitlines()
    indexed = query(archive, "SELECT count(*) FROM captures")[0][0]
    assert summary.startswith("verified 8 WARC files")
    assert summary.endswith(f"and {indexed} indexed records: clean")
    assert "verify: 8/8 WARC files" in done.stderr  # progress, on stderr


def test_each_warc_file_has_its_sha256_and_size_recorded_when_it_was_closed(archive):
    recorded = {name: (sha, size, run, by) for name, sha, size, run, by in query(
        archive, "SELECT name, sha256, bytes, run_id, recorded_by FROM warc_files")}
    captures = archive.parent / "captures"
    assert sorted(recorded) == sorted(path.name for path in captures.iterdir())
    for name, (sha, size, run, by) in recorded.items():
        data = (captures / name).read_bytes()
        assert (sha, size) == (hashlib.sha256(data).hexdigest(), len(data))
        assert name.startswith(f"run{run:05d}-") and by == "crawl"


def test_damage_of_every_kind_is_named_and_left_as_it_is(archive):
    captures = archive.parent / "captures"
    flipped, cut, deleted, grown = sorted(path.name for path in captures.glob("run00001-*"))
    # One byte flipped in the middle of a record's gzip member, as a failing disk might.
    flip_at, flip_length, flip_url = response(archive, flipped)
    with open(captures / flipped, "r+b") as file:
        file.seek(flip_at + flip_length // 2)
        byte = file.read(1)
        file.seek(-1, 1)
        file.write(bytes([byte[0] ^ 0x01]))
    # A file cut off in the middle of a record, as an interrupted copy leaves it.
    cut_at, cut_length, cut_url = response(archive, cut)
    cut_size = (captures / cut).stat().st_size
    with open(captures / cut, "r+b") as file:
        file.truncate(cut_at + cut_length // 2)
    (captures / deleted).unlink()
    deleted_rows = query(archive, "SELECT count(*) FROM captures WHERE warc_file = ?", deleted)
    # A whole, valid record appended to a closed file, which no index row points at.
    grown_size = (captures / grown).stat().st_size
    with WarcFile(captures / grown, software="someone else") as warc:
        warc.write_exchange(url=APPENDED_URL, fetched_at="2026-12-01T10:00:00Z", method="GET",
                            request_headers=[], status=200, reason="OK", protocol="HTTP/1.1",
                            response_headers=[("Content-Type", "text/html")], body=b"<p>x</p>")

    done = verify(archive)

    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert f"altered: {flipped} at offset {flip_at} ({flip_url}): its gzip member is damaged" \
        in done.stdout
    assert any(line.startswith(f"altered: {flipped}: its SHA-256 is not the one recorded")
               for line in lines)
    assert f"truncated: {cut} at offset {cut_at} ({cut_url}): the file ends inside this" \
        f" record's gzip member ({cut_length // 2:,} bytes of it are there)" in lines
    assert f"truncated: {cut}: {cut_at + cut_length // 2:,} bytes of the {cut_size:,} recorded" \
        " when it was closed" in lines
    assert f"missing: {deleted}: the file is not there; the captures table indexes" \
        f" {deleted_rows[0][0]} records in it" in lines
    assert f"unindexed: {grown} at offset {grown_size} ({APPENDED_URL}): a response record that" \
        " the captures table does not index" in lines
    assert any(line.startswith(f"altered: {grown}: ") and "bytes were appended after it was"
               f" closed (its first {grown_size:,} are as recorded)" in line for line in lines)
    # Each problem names one of the damaged files; the other four are clean.
    named = {line.split(": ", 2)[1].split(" at offset")[0] for line in lines[:-1]}
    assert named == {flipped, cut, deleted, grown}
    assert lines[-1].startswith("verified 7 WARC files")
    assert "problems (" in lines[-1] and "1 missing" in lines[-1] and "1 unindexed" in lines[-1]


def test_an_archive_from_before_fixity_is_unrecorded_not_altered_until_recorded(archive):
    with closing(sqlite3.connect(archive)) as conn, conn:
        conn.execute("DROP TABLE warc_files")
        conn.execute("DELETE FROM schema_migrations WHERE number = 11")
    captures = archive.parent / "captures"
    damaged = sorted(captures.iterdir())[0].name
    offset, length, _ = response(archive, damaged)
    with open(captures / damaged, "r+b") as file:
        file.seek(offset + length // 2)
        file.write(b"\x00" * 8)

    done = verify(archive)  # opens the old archive as it is: no migration, no write

    assert done.returncode == 1
    unrecorded = [line for line in done.stdout.splitlines() if line.startswith("unrecorded: ")]
    assert len(unrecorded) == 8
    assert [line for line in done.stdout.splitlines() if line.startswith("altered")] == [
        line for line in done.stdout.splitlines() if line.startswith(f"altered: {damaged} at ")]

    recorded = verify(archive, "--record")
    assert recorded.returncode == 1 and "; recorded now" in recorded.stdout
    names = {name for (name,) in query(archive, "SELECT name FROM warc_files"
                                               " WHERE recorded_by = 'verify'")}
    assert names == {path.name for path in captures.iterdir()} - {damaged}
    again = verify(archive)
    assert [line for line in again.stdout.splitlines() if line.startswith("unrecorded")] == [
        f"unrecorded: {damaged}: no SHA-256 was recorded when it was closed; its records were"
        " checked"]


def test_verify_waits_for_no_crawl_it_would_race(archive):
    with CrawlLock(archive):
        done = verify(archive)
    assert done.returncode == 1
    assert done.stderr.startswith("Error: another crawl (pid ")
    assert "Traceback" not in done.stderr


def test_verify_of_a_missing_archive_is_a_one_line_error(tmp_path):
    done = run_archive("verify", "--db", str(tmp_path / "none.db"))
    assert done.returncode == 1
    assert done.stderr == f"Error: no archive database at {tmp_path / 'none.db'}: run `archive" \
        " crawl` first\n"
    assert not list(tmp_path.iterdir())
