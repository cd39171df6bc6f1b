"""Storing extracted records in the archive, one transaction per page.

A page is identified by `pipeline.identity.page_id`, so a canon window seen under several URLs
(one per sub-canon) is one page with several `page_urls` rows. Its `url` and its content follow the
smallest of those URLs, so what the archive holds does not depend on the order of the crawl.

Every write is an upsert keyed on ids derived from the record, so storing the same records again
changes nothing but `last_seen_at` timestamps and the run's counts.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from archive.schema import connect, content_tables, migrate, utc_now
from pipeline.identity import collection, page_id
from pipeline.names import name_key

STATUSES = ("new", "changed", "unchanged", "merged")
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


def content_hash(record: dict) -> str:
    """sha256 of the record's canonical JSON without its URL: the same text under another URL is
    the same content."""
    content = {key: value for key, value in record.items() if key != "url"}
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


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
        # Per run: page id -> the URLs it was stored under in that run, to tell a merge (the
        # same page under another URL) from a page stored twice.
        self._seen: dict[int, dict[str, set[str]]] = {}

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def start_run(self, spiders: list[str], mirror: bool) -> int:
        with self.db.conn:
            cursor = self.db.conn.execute(
                "INSERT INTO crawl_runs (started_at, spiders, mirror, status) "
                "VALUES (?, ?, ?, 'running')",
                (utc_now(), json.dumps(list(spiders)), int(mirror)),
            )
        return cursor.lastrowid

    def store(
        self, record: dict, *, fetched_at: str, run_id: int, sources: dict | None = None
    ) -> str:
        """Store one record; returns "new", "changed", "unchanged" or "merged".

        `sources` (field -> "rule" | "metadata" | "fallback") is kept with the content it
        describes: written whenever this record's content is, and on a re-crawl of the URL the
        content comes from, so an extractor change that moves a field to another layer shows."""
        pid = page_id(record)
        url = record["url"]
        digest = content_hash(record)
        seen = self._seen.setdefault(run_id, {})
        conn = self.db.conn
        try:
            with conn:
                conn.execute("BEGIN IMMEDIATE")
                page = _row(conn, "SELECT url, content_hash FROM pages WHERE id = ?", pid)
                url_row = _row(
                    conn, "SELECT page_id, content_hash FROM page_urls WHERE url = ?", url
                )
                if page is None:
                    status = "new"
                elif pid in seen and url not in seen[pid]:
                    status = "merged"
                else:
                    # Judge change against what this URL showed last time: a window's record
                    # under another canon may differ (its links) without anything changing.
                    known = url_row is not None and url_row["page_id"] == pid
                    previous = url_row["content_hash"] if known else page["content_hash"]
                    status = "unchanged" if previous == digest else "changed"
                _count(conn, run_id, status)

                canonical = min(page["url"], url) if page else url
                if page is None:
                    _insert_page(conn, pid, record, digest, fetched_at)
                    _write_children(conn, pid, record)
                else:
                    differs = digest != page["content_hash"]
                    if differs and (status == "changed" or url == canonical):
                        _rewrite_page(conn, pid, record, digest, canonical, fetched_at)
                        _write_children(conn, pid, record)
                    else:
                        conn.execute(
                            "UPDATE pages SET url = ?, last_seen_at = ? WHERE id = ?",
                            (canonical, fetched_at, pid),
                        )
                if sources is not None and (url == canonical or status == "changed"):
                    conn.execute(
                        "UPDATE pages SET field_sources = ? WHERE id = ?",
                        (json.dumps(sources, sort_keys=True), pid),
                    )
                conn.execute(
                    "INSERT INTO page_urls (url, page_id, collection, content_hash, first_seen_at,"
                    " last_seen_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET"
                    " page_id = excluded.page_id, collection = excluded.collection,"
                    " content_hash = excluded.content_hash, last_seen_at = excluded.last_seen_at",
                    (url, pid, collection(url), digest, fetched_at, fetched_at),
                )
        except sqlite3.IntegrityError as error:
            raise ValueError(f"cannot store the record of {url}: {error}") from error
        seen.setdefault(pid, set()).add(url)
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
    ) -> None:
        """A page that could not be archived. Pages robots.txt forbids are skipped, not failed."""
        with self.db.conn:
            self.db.conn.execute("BEGIN IMMEDIATE")
            self.db.conn.execute(
                "INSERT INTO fetch_failures (run_id, site, url, status, reason, error, fetched_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (run_id, site, url, status, reason, error, fetched_at),
            )
            _count(self.db.conn, run_id, "skipped" if reason == "robots" else "failed")

    def finish_run(self, run_id: int, status: str) -> dict:
        """Close the run; returns its counts (pages_new, ..., pages_skipped)."""
        with self.db.conn:
            self.db.conn.execute(
                "UPDATE crawl_runs SET finished_at = ?, status = ? WHERE id = ?",
                (utc_now(), status, run_id),
            )
        row = _row(self.db.conn, "SELECT * FROM crawl_runs WHERE id = ?", run_id)
        if row is None:
            raise ValueError(f"no crawl run {run_id} in {self.path}")
        self._seen.pop(run_id, None)
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
    conn: sqlite3.Connection,
    pid: str,
    record: dict,
    digest: str,
    canonical: str,
    fetched_at: str,
) -> None:
    values = {
        "url": canonical,
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
    old_authors = [
        row[0]
        for row in conn.execute("SELECT author_id FROM page_authors WHERE page_id = ?", (pid,))
    ]
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
