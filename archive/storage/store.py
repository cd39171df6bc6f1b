"""The archive database: crawl runs, and the extracted records stored in them, each page all or
nothing (its rows, step by step: archive/storage/pages.py), and the pages that could not be.

Every write is an upsert keyed on ids derived from the record, so storing the same records again
changes nothing but `last_seen_at` timestamps and the run's counts. Every version of a page's
content is kept in `revisions`; a page whose URLs all answer 404/410 is marked gone, never deleted.

Each write also marks its URL fetched in `crawl_state` and its capture archived, in the same
transaction: a crawl killed at any moment resumes without losing or repeating a page.

A transaction per page costs more than the page's own rows (each commit flushes the full-text
index and syncs the WAL), so crawls and re-extraction group their units of work: each unit is a
savepoint inside one transaction committed every so many units or seconds (`group_commits`). A
unit that fails still rolls back alone; a kill loses at most the open group, which is consistent
with itself, and which a resumed crawl fetches again.

A write the database or disk refuses (full, read-only, failing) loses the open group the same
way, and the archive then takes no more writes: a page stored after its capture's index row was
lost would be marked fetched, and `--resume` would never capture it again. The caller learns it
as an `ArchiveWriteError`, and the crawl run stays resumable.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from archive.storage import documents, pages, revisits
from archive.storage.pages import content_hash
from archive.storage.schema import connect, content_tables, migrate
from pipeline.dates import utc_now
from pipeline.identity import Identity, identify

if TYPE_CHECKING:  # the readers it brings (pypdf, python-docx) are the workers' to import
    from pipeline.documents import Document

# What became of a URL a run fetched: a page stored (Archive.store says which), or not
# (Archive.record_failure): gone, failed, or skipped as robots.txt asks. The runs' counts are
# `pages_<outcome>` columns of `crawl_runs`.
STORED = ("new", "changed", "unchanged", "merged")
NOT_STORED = ("gone", "failed", "skipped")
OUTCOMES = STORED + NOT_STORED
# What became of a downloaded document: `crawl_runs.documents_<outcome>`. Whether it could be
# read is the document's own `problem`; one that could not be fetched is a failure like a page's.
DOCUMENT_OUTCOMES = ("new", "changed", "unchanged")
GONE_STATUSES = (404, 410)
# A re-extraction is a run too (its revisions name it), but no crawl: there is nothing to resume.
REEXTRACTION = "reextract"
# A crawl run that did not finish: killed, or failed (a site could not be crawled, or the archive
# could not be written). `archive crawl --resume` continues the last of them.
UNFINISHED = ("running", "interrupted", "failed")


class ArchiveWriteError(OSError):
    """The archive could not keep a write: the database or the disk is full, read-only or failing.
    The open group of writes is rolled back whole, and the archive refuses every later write."""


def _refused(error: BaseException) -> bool:
    """SQLite errors of the file rather than of the statement: full, read-only, I/O, locked,
    malformed. A constraint or binding error is a bug in the write, and rolls back only its unit."""
    return isinstance(error, sqlite3.OperationalError) or type(error) is sqlite3.DatabaseError


@dataclass
class _Group:
    """The open group of units of work, and when it is due for its commit."""

    units: int  # committed once this many are in
    seconds: float  # or once the first of them is this old
    before_commit: list[Callable[[], None]] = field(default_factory=list)
    pending: int = 0
    opened: float = 0.0

    def due(self) -> bool:
        return (self.pending >= self.units
                or time.monotonic() - self.opened >= self.seconds)


class Archive:
    """The archive database: records in, pages and their authors, reactions and links out."""

    def __init__(self, path: str | Path):
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OSError(f"cannot create the archive's folder {path.parent}: {error}") from error
        if path.is_dir():
            raise OSError(f"{path} is a folder, not an archive database file")
        try:
            self.db = connect(str(path))
            migrate(self.db)
        except sqlite3.OperationalError as error:
            raise OSError(f"cannot open or write the archive database {path}: {error}") from error
        except sqlite3.DatabaseError as error:
            raise ValueError(f"{path} is not a SQLite archive database: {error}") from error
        self.path = path
        self._group: _Group | None = None
        self._open = True
        self._depth = 0  # of units inside units: a group commits between whole ones only
        self.failure: str | None = None  # why the archive takes no more writes

    def close(self) -> None:
        """Commits the open group, if any: every unit in it is whole. The connection is closed
        even when that commit fails (the group is then lost, and the error raised). Closing twice
        is fine."""
        if self._open:
            try:
                self.commit()
            finally:
                self.db.conn.close()
                self._open = False

    def fail(self, error: BaseException, what: str | None = None) -> ArchiveWriteError:
        """Give up the open group and refuse every later write, because `error` means a write was
        not kept (here, or in the WARC files whose index rows the group holds). Returns the error
        to raise; the first failure is the one every later refusal names."""
        if self.failure is None:
            self.failure = f"cannot write {what or f'the archive database {self.path}'}: {error}"
            try:
                self.db.conn.rollback()
            except sqlite3.Error:
                pass  # SQLite may have rolled back already; nothing of the group is kept either way
            if self._group is not None:
                self._group.pending = 0
        return ArchiveWriteError(self.failure)

    def group_commits(self, units: int, seconds: float) -> None:
        """From now on, commit units of work together: once `units` of them are in, or the first
        is `seconds` old (checked when a unit ends; `commit` also ends a group)."""
        self._group = _Group(units, seconds)

    def before_commit(self, hook: Callable[[], None]) -> None:
        """Run `hook` before each group's commit: a WARC file synced before the index rows that
        point into it are committed. Without groups, each unit commits itself and no hook would
        run, so asking for one then is refused."""
        if self._group is None:
            raise ValueError("before_commit needs group_commits first")
        self._group.before_commit.append(hook)

    def commit(self) -> None:
        """Commit the open group now (a crawl's idle timer, its end). Raises ArchiveWriteError
        if the group cannot be kept (a hook's file or the database refused it)."""
        conn = self.db.conn
        if self._group is None or self.failure is not None or not conn.in_transaction:
            return
        try:
            for hook in self._group.before_commit:
                hook()
        except OSError as error:
            raise self.fail(error, "the archive's captures") from error
        try:
            conn.commit()
        except sqlite3.Error as error:
            raise self.fail(error) from error
        self._group.pending = 0

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One unit of work: all of it or none. Its own transaction, or a savepoint in the
        group's transaction (`group_commits`) or in the unit it is part of. Raises
        ArchiveWriteError when the storage refuses it (see `fail`), and at once when the archive
        has failed before."""
        if self.failure is not None:
            raise ArchiveWriteError(self.failure)
        conn = self.db.conn
        group = self._group
        try:
            if group is None and not conn.in_transaction:
                with conn:
                    conn.execute("BEGIN IMMEDIATE")
                    yield conn
                return
            if not conn.in_transaction:
                conn.execute("BEGIN IMMEDIATE")
                group.opened = time.monotonic()
            self._depth += 1
            try:
                conn.execute("SAVEPOINT unit")
                yield conn
            except BaseException as error:
                # A refusal by the storage loses the whole group (below); SQLite may have rolled
                # the transaction back already, savepoint and all.
                if not _refused(error) and self.failure is None:
                    conn.execute("ROLLBACK TO unit")
                    conn.execute("RELEASE unit")
                raise
            else:
                conn.execute("RELEASE unit")
            finally:
                self._depth -= 1
        except sqlite3.Error as error:
            if not _refused(error):
                raise
            raise self.fail(error) from error
        if group is not None and self._depth == 0:
            group.pending += 1
            if group.due():
                self.commit()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def start_run(self, spiders: list[str], mirror: bool) -> int:
        """A new run, of `spiders` or of the REEXTRACTION."""
        with self.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO crawl_runs (started_at, spiders, mirror, status) "
                "VALUES (?, ?, ?, 'running')",
                (utc_now(), json.dumps(list(spiders)), int(mirror)),
            )
        return cursor.lastrowid

    def last_crawl(self) -> tuple[int, list[str], str] | None:
        """The last crawl run (not a re-extraction): its id, spiders and status."""
        row = self.db.conn.execute(
            "SELECT id, spiders, status FROM crawl_runs WHERE spiders != ? ORDER BY id DESC"
            " LIMIT 1", (json.dumps([REEXTRACTION]),)).fetchone()
        return None if row is None else (row[0], json.loads(row[1]), row[2])

    def resume_run(self, run_id: int) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE crawl_runs SET status = 'running' WHERE id = ?", (run_id,))

    def interrupt_runs(self) -> None:
        """Runs still marked running have lost their process: only the holder of the crawl lock
        may say so."""
        with self.transaction() as conn:
            conn.execute("UPDATE crawl_runs SET status = 'interrupted' WHERE status = 'running'")

    def add_errors(self, run_id: int, errors: int) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE crawl_runs SET errors = errors + ? WHERE id = ?",
                         (errors, run_id))

    def store(
        self, record: dict, *, fetched_at: str, run_id: int, identity: Identity | None = None,
        sources: dict | None = None, requested: Iterable[str] = (), live: bool = True,
    ) -> str:
        """Store one record; returns its outcome, one of STORED.

        `identity` is the page's, as extraction told it (else it is told here). `sources`
        (field -> "rule" | "metadata" | "fallback") is kept with the content it describes.
        `requested` names the URLs whose fetch this record completes (the request's and any
        redirects'), marked fetched in this run's crawl state with the record. `live=False`
        stores a record re-read from a capture: the page was not seen anew, so when it was last
        seen, whether it is gone and the crawl state stay as they are."""
        version = pages.Version(record, identity or identify(record), content_hash(record),
                                fetched_at, run_id)
        try:
            with self.transaction() as conn:
                stored = pages.stored(conn, version)
                outcome = pages.outcome(conn, version, stored)
                # Stored under this URL earlier in this run: a resumed crawl fetching the page
                # again for its links. It is counted once, as in an uninterrupted run.
                if not stored.again:
                    _count(conn, run_id, outcome)
                canonical = pages.canonical_url(conn, version)
                pages.write_content(conn, version, stored, canonical)
                pages.write_url(conn, version, canonical, live)
                if version.url == canonical:
                    pages.note_extraction(conn, version, sources)
                if live:
                    mark_fetched(conn, [version.url, *requested], run_id, fetched_at, 200,
                                 pages.check_outcome(version, stored, outcome),
                                 record.get("published"))
                    _mark_archived(conn, version.url, run_id)
        except sqlite3.IntegrityError as error:
            raise ValueError(f"cannot store the record of {version.url}: {error}") from error
        return outcome

    def store_document(
        self, document: Document, *, url: str, site: str, served_type: str | None,
        fetched_at: str, run_id: int, requested: Iterable[str] = (), live: bool = True,
    ) -> str:
        """Store one downloaded document (archive/storage/documents.py); returns its outcome,
        one of DOCUMENT_OUTCOMES. `requested` and `live` as for `store`."""
        with self.transaction() as conn:
            outcome, again = documents.write(
                conn, document, url=url, site=site, served_type=served_type,
                fetched_at=fetched_at, run_id=run_id, live=live)
            if not again:
                column = f"documents_{outcome}"
                conn.execute(f"UPDATE crawl_runs SET {column} = {column} + 1 WHERE id = ?",
                             (run_id,))
            if live:
                mark_fetched(conn, [url, *requested], run_id, fetched_at, 200, outcome)
                _mark_archived(conn, url, run_id)
        return outcome

    def record_failure(
        self,
        run_id: int,
        *,
        site: str,
        url: str,
        status: int | None,
        reason: str,
        error: str | None,
        fetched_at: str,
    ) -> str:
        """A page or document that could not be archived; returns the outcome counted: "skipped"
        for URLs robots.txt forbids, "gone" for an archived page or document that now answers 404
        or 410 (marked gone, kept), "failed" otherwise."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO fetch_failures (run_id, site, url, status, reason, error, fetched_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (run_id, site, url, status, reason, error, fetched_at),
            )
            if reason == "robots":
                outcome = "skipped"
            elif status in GONE_STATUSES and (_mark_gone(conn, url, fetched_at)
                                              or documents.mark_gone(conn, url, fetched_at)):
                outcome = "gone"
            else:
                outcome = "failed"
            _count(conn, run_id, outcome)
            mark_fetched(conn, [url], run_id, fetched_at, status)
            mark_expanded(conn, [url], run_id)  # a failure leads nowhere: the URL is done
        return outcome

    def finish_run(self, run_id: int, status: str) -> dict:
        """Close the run, totalling the bytes its captures received; returns its counts
        (pages_new, ..., pages_gone)."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE crawl_runs SET finished_at = ?, status = ?, bytes_downloaded ="
                " (SELECT coalesce(sum(http_bytes), 0) FROM captures WHERE run_id = ?)"
                " WHERE id = ?",
                (utc_now(), status, run_id, run_id),
            )
        self.commit()  # the run's end is on disk before anyone is told of it
        row = _row(self.db.conn, "SELECT * FROM crawl_runs WHERE id = ?", run_id)
        if row is None:
            raise ValueError(f"no crawl run {run_id} in {self.path}")
        return {key: row[key] for key in row.keys() if key.startswith("pages_")}

    def table_counts(self) -> dict[str, int]:
        return {table: self.db[table].count for table in content_tables(self.db)}


def _row(conn: sqlite3.Connection, sql: str, *params: object) -> dict | None:
    cursor = conn.execute(sql, params)
    values = cursor.fetchone()
    if values is None:
        return None
    return dict(zip([column[0] for column in cursor.description], values, strict=True))


def _count(conn: sqlite3.Connection, run_id: int, outcome: str) -> None:
    column = f"pages_{outcome}"
    cursor = conn.execute(f"UPDATE crawl_runs SET {column} = {column} + 1 WHERE id = ?", (run_id,))
    if cursor.rowcount == 0:
        raise ValueError(f"no crawl run {run_id}: call start_run first")


def mark_fetched(conn: sqlite3.Connection, urls: Iterable[str], run_id: int, fetched_at: str,
                 status: int | None, outcome: str | None = None,
                 published: str | None = None) -> None:
    """The crawl state's half of "done": what the URLs yielded is in the archive. With it, what
    the fetch says for the revisit policy (revisits.note_checks: `outcome` is the store's for a
    page or document, `published` the page's date)."""
    urls = list(dict.fromkeys(urls))
    revisits.note_checks(conn, urls, fetched_at, outcome, published)
    conn.executemany(
        "UPDATE crawl_state SET fetched_run = ?, fetched_at = ?, status = ? WHERE url = ?",
        [(run_id, fetched_at, status, url) for url in urls],
    )


def mark_expanded(conn: sqlite3.Connection, urls: Iterable[str], run_id: int) -> None:
    """The other half: every request the URLs led to is recorded."""
    conn.executemany("UPDATE crawl_state SET expanded_run = ? WHERE url = ?",
                     [(run_id, url) for url in dict.fromkeys(urls)])


def _mark_gone(conn: sqlite3.Connection, url: str, fetched_at: str) -> bool:
    """Mark an archived URL gone, and its page when none of its URLs is left; False if the URL
    was never archived."""
    row = conn.execute("SELECT page_id FROM page_urls WHERE url = ?", (url,)).fetchone()
    if row is None:
        return False
    conn.execute("UPDATE page_urls SET gone_at = coalesce(gone_at, ?) WHERE url = ?",
                 (fetched_at, url))
    conn.execute(
        "UPDATE pages SET gone_at = coalesce(gone_at, ?) WHERE id = ? AND NOT EXISTS"
        " (SELECT 1 FROM page_urls WHERE page_id = pages.id AND gone_at IS NULL)",
        (fetched_at, row[0]),
    )
    return True


def _mark_archived(conn: sqlite3.Connection, url: str, run_id: int) -> None:
    """The capture the record was read from is archived: re-extraction reads it back."""
    conn.execute("UPDATE captures SET archived = 1 WHERE id = (SELECT max(id) FROM captures"
                 " WHERE url = ? AND run_id = ?)", (url, run_id))
