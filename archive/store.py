"""Storing extracted records in the archive, each page all or nothing.

A page is identified by `pipeline.identity.page_id`, so a canon window seen under several URLs
(one per sub-canon) is one page with several `page_urls` rows. Its `url` and its content follow the
smallest of those URLs, so what the archive holds does not depend on the order of the crawl.

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

import hashlib
import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from archive.schema import connect, content_tables, migrate, utc_now
from pipeline.identity import collection, page_id
from pipeline.names import name_key
from pipeline.version import extractor_version

STATUSES = ("new", "changed", "unchanged", "merged")
GONE_STATUSES = (404, 410)
_SEEN_AGAIN = ", last_seen_at = excluded.last_seen_at, gone_at = NULL"
# Record fields copied as they are into the pages row.
PAGE_FIELDS = (
    "site",
    "kind",
    "title",
    "subtitle",
    "canon_year",
    "published",
    "modified",
    "body_text",
    "view_count",
    "reading_time_minutes",
    "language",
)


class ArchiveWriteError(OSError):
    """The archive could not keep a write: the database or the disk is full, read-only or failing.
    The open group of writes is rolled back whole, and the archive refuses every later write."""


def _refused(error: BaseException) -> bool:
    """SQLite errors of the file rather than of the statement: full, read-only, I/O, locked,
    malformed. A constraint or binding error is a bug in the write, and rolls back only its unit."""
    return isinstance(error, sqlite3.OperationalError) or type(error) is sqlite3.DatabaseError


def content_hash(record: dict) -> str:
    """sha256 of the record's canonical JSON without its URL: the same text under another URL is
    the same content."""
    content = {key: value for key, value in record.items() if key != "url"}
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


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
        with self.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO crawl_runs (started_at, spiders, mirror, status) "
                "VALUES (?, ?, ?, 'running')",
                (utc_now(), json.dumps(list(spiders)), int(mirror)),
            )
        return cursor.lastrowid

    def store(
        self, record: dict, *, fetched_at: str, run_id: int, sources: dict | None = None,
        requested: Iterable[str] = (), live: bool = True,
    ) -> str:
        """Store one record; returns "new", "changed", "unchanged" or "merged".

        `sources` (field -> "rule" | "metadata" | "fallback") is kept with the content it
        describes. `requested` names the URLs whose fetch this record completes (the request's
        and any redirects'), marked fetched in this run's crawl state with the record.
        `live=False` stores a record re-read from a capture: the page was not seen anew, so
        when it was last seen, whether it is gone and the crawl state stay as they are."""
        pid = page_id(record)
        url = record["url"]
        digest = content_hash(record)
        try:
            with self.transaction() as conn:
                page = _row(conn, "SELECT url, content_hash FROM pages WHERE id = ?", pid)
                url_row = _row(
                    conn, "SELECT page_id, content_hash, last_seen_run FROM page_urls"
                    " WHERE url = ?", url
                )
                # Stored under this URL earlier in this run: a resumed crawl fetching the page
                # again for its links. It is counted once, as in an uninterrupted run.
                again = url_row is not None and url_row["last_seen_run"] == run_id
                if page is None:
                    status = "new"
                elif _stored_under_other_url(conn, pid, url, run_id):
                    status = "merged"
                else:
                    # Judge change against what this URL showed last time: a window's record
                    # under another canon may differ (its links) without anything changing.
                    known = url_row is not None and url_row["page_id"] == pid
                    previous = url_row["content_hash"] if known else page["content_hash"]
                    status = "unchanged" if previous == digest else "changed"
                if not again:
                    _count(conn, run_id, status)
                # The page's content follows its smallest live URL, whatever the crawl's order.
                other = conn.execute(
                    "SELECT min(url) FROM page_urls WHERE page_id = ? AND url != ?"
                    " AND gone_at IS NULL", (pid, url)).fetchone()[0]
                canonical = min(other, url) if other else url
                if page is None:
                    _insert_page(conn, pid, record, digest, fetched_at)
                    _write_children(conn, pid, record)
                    _add_revision(conn, pid, record, digest, fetched_at, run_id)
                elif url == canonical and digest != page["content_hash"]:
                    _rewrite_page(conn, pid, record, digest, fetched_at)
                    _write_children(conn, pid, record)
                    _add_revision(conn, pid, record, digest, fetched_at, run_id)
                conn.execute(
                    "INSERT INTO page_urls (url, page_id, collection, content_hash, first_seen_at,"
                    " last_seen_at, last_seen_run) VALUES (?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (url) DO UPDATE SET page_id = excluded.page_id,"
                    " collection = excluded.collection, content_hash = excluded.content_hash,"
                    " last_seen_run = excluded.last_seen_run" + _SEEN_AGAIN * live,
                    (url, pid, collection(url), digest, fetched_at, fetched_at, run_id),
                )
                conn.execute("UPDATE pages SET url = ? WHERE id = ?", (canonical, pid))
                if live:
                    conn.execute(
                        "UPDATE pages SET last_seen_at = ?, gone_at = NULL WHERE id = ?",
                        (fetched_at, pid))
                if url == canonical:
                    # What extracted the content now held, even when it did not change.
                    conn.execute(
                        "UPDATE pages SET extractor_version = ?,"
                        " field_sources = coalesce(?, field_sources) WHERE id = ?",
                        (extractor_version(),
                         json.dumps(sources, sort_keys=True) if sources is not None else None,
                         pid),
                    )
                if live:
                    mark_fetched(conn, [url, *requested], run_id, fetched_at, 200)
                    conn.execute(
                        "UPDATE captures SET archived = 1 WHERE id = (SELECT max(id) FROM"
                        " captures WHERE url = ? AND run_id = ?)", (url, run_id))
        except sqlite3.IntegrityError as error:
            raise ValueError(f"cannot store the record of {url}: {error}") from error
        return status

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
        """A page that could not be archived; returns the outcome counted: "skipped" for pages
        robots.txt forbids, "gone" for an archived page that now answers 404 or 410 (marked
        gone, kept), "failed" otherwise."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO fetch_failures (run_id, site, url, status, reason, error, fetched_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (run_id, site, url, status, reason, error, fetched_at),
            )
            if reason == "robots":
                outcome = "skipped"
            elif status in GONE_STATUSES and _mark_gone(conn, url, fetched_at):
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


def _stored_under_other_url(conn: sqlite3.Connection, pid: str, url: str, run_id: int) -> bool:
    """Whether this run already stored the page under another URL (a canon window in a second
    sub-canon). Read from the database, so a resumed run judges as the uninterrupted one."""
    return conn.execute(
        "SELECT 1 FROM page_urls WHERE page_id = ? AND url != ? AND last_seen_run = ?",
        (pid, url, run_id),
    ).fetchone() is not None


def mark_fetched(conn: sqlite3.Connection, urls: Iterable[str], run_id: int, fetched_at: str,
                 status: int | None) -> None:
    """The crawl state's half of "done": what the URLs yielded is in the archive."""
    conn.executemany(
        "UPDATE crawl_state SET fetched_run = ?, fetched_at = ?, status = ? WHERE url = ?",
        [(run_id, fetched_at, status, url) for url in dict.fromkeys(urls)],
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


def _add_revision(conn: sqlite3.Connection, pid: str, record: dict, digest: str,
                  fetched_at: str, run_id: int) -> None:
    """Keep this version of the page, naming the fields that differ from the previous one."""
    previous = conn.execute(
        "SELECT record FROM revisions WHERE page_id = ? ORDER BY id DESC LIMIT 1", (pid,)
    ).fetchone()
    if previous is None:
        changed = []
    else:
        old = json.loads(previous[0])
        changed = sorted(k for k in record.keys() | old.keys()
                         if k != "url" and record.get(k) != old.get(k))
    conn.execute(
        "INSERT INTO revisions (page_id, run_id, fetched_at, content_hash, changed_fields,"
        " record, extractor_version) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (pid, run_id, fetched_at, digest, json.dumps(changed),
         json.dumps(record, ensure_ascii=False, sort_keys=True), extractor_version()),
    )


def _page_values(record: dict) -> dict:
    values = {field: record.get(field) for field in PAGE_FIELDS}
    published = record.get("published")
    values["year"] = int(published[:4]) if published else None
    reactions = record.get("reactions") or []
    names = [author["name"] for author in record.get("authors") or []]
    values["author_names"] = json.dumps(names, ensure_ascii=False)
    values["reaction_count"] = len(reactions)
    values["reactions_text"] = "\n\n".join(r.get("text") or "" for r in reactions) or None
    return values


def _insert_page(
    conn: sqlite3.Connection, pid: str, record: dict, digest: str, fetched_at: str
) -> None:
    values = {
        "id": pid,
        "url": record["url"],
        **_page_values(record),
        "content_hash": digest,
        "first_seen_at": fetched_at,
        "last_seen_at": fetched_at,
        "last_changed_at": fetched_at,
        "fetched_at": fetched_at,
    }
    columns = ", ".join(values)
    placeholders = ", ".join(f":{column}" for column in values)
    conn.execute(f"INSERT INTO pages ({columns}) VALUES ({placeholders})", values)


def _rewrite_page(
    conn: sqlite3.Connection, pid: str, record: dict, digest: str, fetched_at: str
) -> None:
    values = {
        **_page_values(record),
        "content_hash": digest,
        "last_seen_at": fetched_at,
        "last_changed_at": fetched_at,
        "fetched_at": fetched_at,
    }
    assignments = ", ".join(f"{column} = :{column}" for column in values)
    conn.execute(f"UPDATE pages SET {assignments} WHERE id = :id", {**values, "id": pid})


def _write_children(conn: sqlite3.Connection, pid: str, record: dict) -> None:
    """Replace the page's author, reaction and link rows with the record's."""
    old_authors = {
        row[0]
        for row in conn.execute("SELECT author_id FROM page_authors WHERE page_id = ?", (pid,))
    }
    for table in ("page_authors", "reactions", "links"):
        conn.execute(f"DELETE FROM {table} WHERE page_id = ?", (pid,))

    written: set[tuple[str, str]] = set()
    for position, author in enumerate(record.get("authors") or [], start=1):
        name = (author.get("name") or "").strip()
        aid = name_key(name)
        role = author.get("role") or "author"
        if not aid or (aid, role) in written:
            continue
        written.add((aid, role))
        conn.execute("INSERT OR IGNORE INTO authors (id, name) VALUES (?, ?)", (aid, name))
        conn.execute(
            "INSERT INTO page_authors (page_id, author_id, role, position, bio)"
            " VALUES (?, ?, ?, ?, ?)",
            (pid, aid, role, position, author.get("bio")),
        )
    # Authors no page names any more (a misspelling since corrected) leave with their last page.
    conn.executemany(
        "DELETE FROM authors WHERE id = ? AND id NOT IN (SELECT author_id FROM page_authors)",
        [(aid,) for aid in old_authors],
    )
    # Counted by difference: a recount would read all of a prolific author's pages each time.
    new_authors = {aid for aid, _ in written}
    conn.executemany(
        "UPDATE authors SET page_count = page_count + ? WHERE id = ?",
        [(1, aid) for aid in new_authors - old_authors]
        + [(-1, aid) for aid in old_authors - new_authors],
    )

    conn.executemany(
        "INSERT INTO reactions (id, page_id, position, author, posted, text, parent)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                f"{pid}:{reaction['position']}",
                pid,
                reaction["position"],
                reaction.get("author"),
                reaction.get("posted"),
                reaction.get("text"),
                reaction.get("parent"),
            )
            for reaction in record.get("reactions") or []
        ],
    )
    conn.executemany(
        "INSERT INTO links (id, page_id, position, kind, title, url) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (f"{pid}:{position}", pid, position, link.get("kind"), link.get("title"), link["url"])
            for position, link in enumerate(record.get("links") or [], start=1)
        ],
    )
