"""What no public output of the archive may show: the pages the takedown register names (by
URL, by an author they credit, by a commenter who reacted on them), the pages whose publisher
said `noarchive`, and, for outputs open to anyone, every page that has or ever had reader
reactions, whose captured HTML prints readers' names.

Decided here once, from the archive as it is when an output is made, for the public copy
(public.py), the WACZ (wacz.py) and replay (replay.py): a takedown then holds for pages crawled
after it was registered, and lifting it gives them back. In page ids, and in the capture URLs
(captures.url, the WARC-Target-URI) of those pages, which the WARC-reading outputs leave out.

Set-based, for an archive of a million pages: a page's URLs come by index; names are compared by
pipeline.names.name_key, which is Python, so it runs over the distinct names of the authors and
commenters once (cached), and only when the register names a person at all."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin

from archive.storage.warc import read_response
from archive.takedowns import KINDS, Takedown, active, canonical_url
from pipeline.names import name_key

# The pages some earlier version of which had reactions other than the reactions table holds now:
# the table holds the latest version's, so a later version changed them, and says so in its
# changed_fields. Read through the partial index of the versions that changed anything (schema
# migration 12), so that neither every version's row nor any record's text is read.
REACTIONS_CHANGED = (
    "SELECT DISTINCT page_id FROM revisions INDEXED BY idx_revisions_changes"
    " WHERE changed_fields != '[]' AND instr(changed_fields, '\"reactions\"') > 0"
)


def withheld_page_ids(conn: sqlite3.Connection, *, public: bool) -> set[str]:
    """The ids of the pages no output may show; with `public`, also every page with readers'
    reactions in any of its versions."""
    pages = pages_withheld_by(conn, active(conn)) | _noarchive_pages(conn)
    if public:
        pages.update(_pages_with_reactions(conn))
    return pages


def removed_page_ids(conn: sqlite3.Connection) -> set[str]:
    """The pages a public copy holds nothing of: taken down by one of their URLs, or `noarchive`.
    (The pages of a taken-down author or commenter stay in it, without the person.)"""
    urls = {takedown.key for takedown in active(conn) if takedown.kind == "url"}
    return _pages_by_url(conn, urls) | _noarchive_pages(conn)


def withheld_urls(conn: sqlite3.Connection, *, public: bool) -> set[str]:
    """The capture URLs no output may replay or export: capture_urls of the pages
    withheld_page_ids names."""
    return capture_urls(conn, withheld_page_ids(conn, public=public))


def capture_urls(conn: sqlite3.Connection, pages: set[str]) -> set[str]:
    """Every URL of these pages, and every URL the register takes down, whether or not the
    archive has a page under it (a document, or a page not crawled yet)."""
    ids = json.dumps(sorted(pages))
    # pages.url is always one of the page's page_urls (its smallest live one), and page_urls
    # has an index on page_id; pages.url is read by the primary key all the same.
    urls = {url for url, in conn.execute(
        "SELECT url FROM page_urls WHERE page_id IN (SELECT value FROM json_each(?))"
        " UNION SELECT url FROM pages WHERE id IN (SELECT value FROM json_each(?))", (ids, ids))}
    urls.update(takedown.key for takedown in active(conn) if takedown.kind == "url")
    return urls


def pages_withheld_by(conn: sqlite3.Connection, takedowns: Iterable[Takedown]) -> set[str]:
    """The ids of the pages these takedowns withhold (lifted or not: the caller chooses)."""
    keys: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for takedown in takedowns:
        keys[takedown.kind].add(takedown.key)
    return (_pages_by_url(conn, keys["url"]) | _pages_by_author(conn, keys["author"])
            | _pages_by_commenter(conn, keys["commenter"]))


def redirect_sources(conn: sqlite3.Connection, folder: Path, urls: set[str], *,
                     site: str | None = None) -> set[str]:
    """The URLs whose captured redirects (of one site's, with `site`) lead to one of `urls`,
    also through other redirects: the archive records no link between a redirect and the page
    it led to, so each redirect record's Location is read from its WARC file in `folder`."""
    if not urls:
        return set()
    targets: dict[str, str] = {}
    for url, warc_file, offset in conn.execute(
            "SELECT url, warc_file, warc_offset FROM captures WHERE status BETWEEN 300 AND 399"
            " AND record_type = 'response'" + (" AND site = ?" if site else ""),
            (site,) if site else ()):
        headers = read_response(folder / warc_file, offset, decode=False).headers
        location = next((value for name, value in headers if name.lower() == "location"), "")
        try:
            targets[url] = canonical_url(urljoin(url, location.strip()))
        except ValueError:  # no Location, or one to no web address: it leads nowhere withheld
            continue
    found: set[str] = set()
    while more := {source for source, target in targets.items()
                   if source not in found and (target in urls or target in found)}:
        found |= more
    return found - urls


def _pages_by_url(conn: sqlite3.Connection, keys: set[str]) -> set[str]:
    # page_urls holds every URL of a page, pages.url among them (see withheld_urls).
    if not keys:
        return set()
    return {page for page, in conn.execute(
        "SELECT DISTINCT page_id FROM page_urls WHERE url IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(keys)),))}


def _noarchive_pages(conn: sqlite3.Connection) -> set[str]:
    return {page for page, in conn.execute("SELECT id FROM pages WHERE noarchive = 1")}


def _pages_by_author(conn: sqlite3.Connection, keys: set[str]) -> set[str]:
    if not keys:
        return set()
    authors = [author for author, name in conn.execute("SELECT id, name FROM authors")
               if _key(name) in keys]
    return {page for page, in conn.execute(
        "SELECT DISTINCT page_id FROM page_authors"
        " WHERE author_id IN (SELECT value FROM json_each(?))", (json.dumps(authors),))}


def _pages_by_commenter(conn: sqlite3.Connection, keys: set[str]) -> set[str]:
    """Pages with a reaction by one of these people now, or in an earlier stored version."""
    if not keys:
        return set()
    spellings = [name for name, in conn.execute(
        "SELECT DISTINCT author FROM reactions WHERE author IS NOT NULL") if _key(name) in keys]
    pages = {page for page, in conn.execute(
        "SELECT DISTINCT page_id FROM reactions WHERE author IN (SELECT value FROM json_each(?))",
        (json.dumps(spellings),))}
    pages.update(page for page, author in conn.execute(
        "SELECT DISTINCT r.page_id, json_extract(j.value, '$.author')"
        " FROM revisions r, json_each(r.record, '$.reactions') j"
        f" WHERE r.page_id IN ({REACTIONS_CHANGED})")
        if isinstance(author, str) and _key(author) in keys)
    return pages


def _pages_with_reactions(conn: sqlite3.Connection) -> set[str]:
    """Pages with reactions now (from the index on reactions.page_id), and pages an earlier
    version of which had some."""
    return {page for page, in conn.execute(
        "SELECT DISTINCT page_id FROM reactions"
        " UNION SELECT page_id FROM revisions"
        f" WHERE page_id IN ({REACTIONS_CHANGED})"
        " AND json_array_length(record, '$.reactions') > 0")}


@lru_cache(maxsize=65536)
def _key(name: str) -> str:
    return name_key(name)
