"""A page's rows, written by `Archive.store` in one transaction, one named step after the other:
which page this is and what the run makes of it (new, changed, unchanged, merged), which of its
URLs its content follows, its content with its authors, reactions, links and a revision, its URL
row, and what extracted it.

A page is identified by its `pipeline.identity.Identity`, so a canon window seen under several
URLs (one per sub-canon) is one page with several `page_urls` rows. Its `url` and its content
follow the smallest of those URLs, so what the archive holds does not depend on the order of the
crawl. Every version of a page's content is kept in `revisions`."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass

from pipeline.identity import Identity
from pipeline.names import name_key
from pipeline.version import extractor_version

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


@dataclass(frozen=True)
class Version:
    """One record of a page, as a run fetched it (or re-read it from its capture)."""

    record: dict
    identity: Identity
    digest: str  # content_hash(record)
    fetched_at: str
    run_id: int

    @property
    def url(self) -> str:
        return self.record["url"]

    @property
    def page_id(self) -> str:
        return self.identity.page_id


@dataclass(frozen=True)
class Stored:
    """What the archive held of the page and of its URL before this version."""

    page_hash: str | None  # the page's content; None for a page not archived yet
    # What a change is judged against: what this URL showed last, if it showed this page (a
    # window's record under another canon may differ, its links, without anything changing);
    # else the page's content.
    previous_hash: str | None
    again: bool  # stored under this URL earlier in this run
    shown_before: bool = False  # this URL showed this page in an earlier fetch


def content_hash(record: dict) -> str:
    """sha256 of the record's canonical JSON without its URL: the same text under another URL is
    the same content."""
    content = {key: value for key, value in record.items() if key != "url"}
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def stored(conn: sqlite3.Connection, version: Version) -> Stored:
    page = conn.execute("SELECT content_hash FROM pages WHERE id = ?",
                        (version.page_id,)).fetchone()
    url = conn.execute("SELECT page_id, content_hash, last_seen_run FROM page_urls WHERE url = ?",
                       (version.url,)).fetchone()
    page_hash = page[0] if page else None
    known = url is not None and url[0] == version.page_id
    return Stored(page_hash=page_hash, previous_hash=url[1] if known else page_hash,
                  again=url is not None and url[2] == version.run_id, shown_before=known)


def outcome(conn: sqlite3.Connection, version: Version, stored: Stored) -> str:
    if stored.page_hash is None:
        return "new"
    if _stored_under_other_url(conn, version.page_id, version.url, version.run_id):
        return "merged"
    return "unchanged" if stored.previous_hash == version.digest else "changed"


def check_outcome(version: Version, stored: Stored, outcome: str) -> str:
    """What this fetch found for its URL, for the revisit policy: a URL merged into a page
    stored under another URL in this run still compares with what it showed itself before."""
    if outcome != "merged":
        return outcome
    if not stored.shown_before:
        return "new"
    return "unchanged" if stored.previous_hash == version.digest else "changed"


def canonical_url(conn: sqlite3.Connection, version: Version) -> str:
    """The URL the page's content follows: its smallest live one, whatever the crawl's order."""
    other = conn.execute(
        "SELECT min(url) FROM page_urls WHERE page_id = ? AND url != ? AND gone_at IS NULL",
        (version.page_id, version.url)).fetchone()[0]
    return min(other, version.url) if other else version.url


def write_content(conn: sqlite3.Connection, version: Version, stored: Stored,
                  canonical: str) -> None:
    """The page's row, its authors, reactions and links, and a revision: for a new page, or
    for new content under the URL its content follows."""
    pid, record = version.page_id, version.record
    if stored.page_hash is None:
        _insert_page(conn, pid, record, version.digest, version.fetched_at)
    elif version.url == canonical and version.digest != stored.page_hash:
        _rewrite_page(conn, pid, record, version.digest, version.fetched_at)
    else:
        return
    _write_children(conn, pid, record)
    _add_revision(conn, pid, record, version.digest, version.fetched_at, version.run_id)


def write_url(conn: sqlite3.Connection, version: Version, canonical: str, live: bool) -> None:
    """The URL's row, the page's URL, and (`live`: seen anew) when both were last seen."""
    conn.execute(
        "INSERT INTO page_urls (url, page_id, collection, content_hash, first_seen_at,"
        " last_seen_at, last_seen_run) VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (url) DO UPDATE SET page_id = excluded.page_id,"
        " collection = excluded.collection, content_hash = excluded.content_hash,"
        " last_seen_run = excluded.last_seen_run" + _SEEN_AGAIN * live,
        (version.url, version.page_id, version.identity.collection, version.digest,
         version.fetched_at, version.fetched_at, version.run_id),
    )
    conn.execute("UPDATE pages SET url = ? WHERE id = ?", (canonical, version.page_id))
    if live:
        conn.execute("UPDATE pages SET last_seen_at = ?, gone_at = NULL WHERE id = ?",
                     (version.fetched_at, version.page_id))


def note_extraction(conn: sqlite3.Connection, version: Version, sources: dict | None) -> None:
    """What extracted the content now held, even when it did not change."""
    conn.execute(
        "UPDATE pages SET extractor_version = ?, field_sources = coalesce(?, field_sources)"
        " WHERE id = ?",
        (extractor_version(), json.dumps(sources, sort_keys=True) if sources is not None else None,
         version.page_id),
    )


def _stored_under_other_url(conn: sqlite3.Connection, pid: str, url: str, run_id: int) -> bool:
    """Whether this run already stored the page under another URL (a canon window in a second
    sub-canon). Read from the database, so a resumed run judges as the uninterrupted one."""
    return conn.execute(
        "SELECT 1 FROM page_urls WHERE page_id = ? AND url != ? AND last_seen_run = ?",
        (pid, url, run_id),
    ).fetchone() is not None


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
