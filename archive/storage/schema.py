"""The archive's SQLite schema, built by numbered migrations applied on open.

Each migration is recorded in `schema_migrations` once it has run, so opening an archive only
ever applies the ones it lacks. sqlite-utils commits around its DDL helpers, so a migration cannot
be one transaction; instead every step is written to be re-runnable (IF NOT EXISTS, INSERT OR
IGNORE), and a migration interrupted half-way simply runs again on the next open.

Tables are created explicitly with declared foreign keys (so Datasette links rows) and an index on
every foreign key; nothing is ever grown by `alter=True`.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Callable

import sqlite_utils

from pipeline.dates import utc_now
from pipeline.sites import all_rules

# Rights stay with each publisher of the harvested sites (pipeline/sites/); the archive keeps
# copies for research and teaching, which is what the licence column says.
LICENCE = (
    "Rechten bij de uitgever van de site; gearchiveerd voor onderzoek en onderwijs, "
    "niet voor herpublicatie"
)

# Accents folded so "ideeen" finds "ideeën", as Dutch readers type it both ways.
FTS_TOKENIZE = "unicode61 remove_diacritics 2"


def _tables(db: sqlite_utils.Database) -> None:
    db["sites"].create(
        {
            "slug": str,
            "name": str,
            "url": str,
            "description": str,
            "source": str,
            "licence": str,
        },
        pk="slug",
        if_not_exists=True,
    )
    db["crawl_runs"].create(
        {
            "id": int,
            "started_at": str,
            "finished_at": str,
            "spiders": str,  # JSON list of spider names
            "mirror": int,
            "status": str,
            "pages_new": int,
            "pages_changed": int,
            "pages_unchanged": int,
            "pages_merged": int,
            "pages_failed": int,
            "pages_skipped": int,
        },
        pk="id",
        defaults={
            f"pages_{count}": 0
            for count in ("new", "changed", "unchanged", "merged", "failed", "skipped")
        },
        if_not_exists=True,
    )
    db["pages"].create(
        {
            "id": str,
            "url": str,
            "site": str,
            "kind": str,
            "title": str,
            "subtitle": str,
            "canon_year": int,
            "published": str,
            "modified": str,
            "year": int,
            "body_text": str,
            "view_count": int,
            "reading_time_minutes": int,
            "language": str,
            "content_hash": str,
            "first_seen_at": str,
            "last_seen_at": str,
            "last_changed_at": str,
            "fetched_at": str,
        },
        pk="id",
        foreign_keys=[("site", "sites", "slug")],
        if_not_exists=True,
    )
    db["page_urls"].create(
        {
            "url": str,
            "page_id": str,
            "collection": str,
            # The hash of the record last seen under this URL: a window's record differs a little
            # from canon to canon (its links), so changes are judged per URL.
            "content_hash": str,
            "first_seen_at": str,
            "last_seen_at": str,
        },
        pk="url",
        foreign_keys=[("page_id", "pages", "id")],
        if_not_exists=True,
    )
    db["authors"].create({"id": str, "name": str}, pk="id", if_not_exists=True)
    db["page_authors"].create(
        {"page_id": str, "author_id": str, "role": str, "position": int, "bio": str},
        pk=("page_id", "author_id", "role"),
        foreign_keys=[("page_id", "pages", "id"), ("author_id", "authors", "id")],
        if_not_exists=True,
    )
    db["reactions"].create(
        {
            "id": str,
            "page_id": str,
            "position": int,
            "author": str,
            "posted": str,
            "text": str,
            "parent": int,
        },
        pk="id",
        foreign_keys=[("page_id", "pages", "id")],
        if_not_exists=True,
    )
    db["links"].create(
        {"id": str, "page_id": str, "position": int, "kind": str, "title": str, "url": str},
        pk="id",
        foreign_keys=[("page_id", "pages", "id")],
        if_not_exists=True,
    )
    db["fetch_failures"].create(
        {
            "id": int,
            "run_id": int,
            "site": str,
            "url": str,
            "status": int,
            "reason": str,
            "error": str,
            "fetched_at": str,
        },
        pk="id",
        foreign_keys=[("run_id", "crawl_runs", "id")],
        if_not_exists=True,
    )
    indexes = {
        "pages": (["site"], ["kind"], ["year"], ["published"]),
        "page_urls": (["page_id"], ["collection"]),
        "page_authors": (["page_id"], ["author_id"]),
        "reactions": (["page_id"],),
        "links": (["page_id"],),
        "fetch_failures": (["run_id"],),
    }
    for table, columns_list in indexes.items():
        for columns in columns_list:
            db[table].create_index(columns, if_not_exists=True)


def _sites(db: sqlite_utils.Database) -> None:
    rows = [
        {"slug": rules.site, "name": rules.name, "url": rules.home,
         "description": rules.description, "source": f"Publieke website {rules.home}",
         "licence": LICENCE}
        for rules in all_rules()
    ]
    with db.conn:
        db.conn.executemany(
            "INSERT OR IGNORE INTO sites (slug, name, url, description, source, licence) "
            "VALUES (:slug, :name, :url, :description, :source, :licence)",
            rows,
        )


def _search(db: sqlite_utils.Database) -> None:
    _fts5(db, "pages", ("title", "body_text"))


def _fts5(
    db: sqlite_utils.Database, table: str, columns: tuple[str, ...], prefix: str = ""
) -> None:
    """(Re)build `<table>_fts`, an external-content FTS5 index of `columns`, kept in sync by
    triggers. The update trigger fires only when an indexed column changes: a re-crawl touches
    every page's last_seen_at, and that must not rewrite the index."""
    fts, listed = f"{table}_fts", ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    options = f", prefix='{prefix}'" if prefix else ""
    delete = f"INSERT INTO {fts} ({fts}, rowid, {listed}) VALUES ('delete', old.rowid, {old});"
    insert = f"INSERT INTO {fts} (rowid, {listed}) VALUES (new.rowid, {new});"
    with db.conn:
        for suffix in ("ai", "ad", "au"):
            db.conn.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix}")
        db.conn.execute(f"DROP TABLE IF EXISTS {fts}")
        db.conn.execute(
            f'CREATE VIRTUAL TABLE {fts} USING fts5({listed}, content="{table}", '
            f"tokenize='{FTS_TOKENIZE}'{options})"
        )
        db.conn.execute(f"CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN {insert} END")
        db.conn.execute(f"CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN {delete} END")
        db.conn.execute(
            f"CREATE TRIGGER {table}_au AFTER UPDATE OF {listed} ON {table} "
            f"BEGIN {delete} {insert} END"
        )
        db.conn.execute(f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')")


def _field_sources(db: sqlite_utils.Database) -> None:
    # Which layer (rule, metadata, fallback) gave each field: a drop in rule coverage after a
    # site's redesign shows in the archive before it shows in researchers' results.
    db["pages"].add_column("field_sources", str)


# A page row's columns made from its credits and reactions, as an UPDATE of pages sets them.
CREDITS_AND_REACTIONS = (
    "author_names = (SELECT json_group_array(name) FROM (SELECT a.name FROM page_authors pa"
    " JOIN authors a ON a.id = pa.author_id WHERE pa.page_id = pages.id ORDER BY pa.position)),"
    " reaction_count = (SELECT count(*) FROM reactions r WHERE r.page_id = pages.id),"
    " reactions_text = (SELECT group_concat(text, char(10) || char(10)) FROM (SELECT text"
    " FROM reactions r WHERE r.page_id = pages.id ORDER BY position))"
)


def _published_archive(db: sqlite_utils.Database) -> None:
    # What researchers facet and search on, kept on the page row itself so that faceting a
    # million pages is a GROUP BY on one table: authors' names (a JSON array, for Datasette's
    # array facet), the reaction count, and the reactions' text for full-text search.
    for column, kind in (("author_names", str), ("reaction_count", int), ("reactions_text", str)):
        if column not in db["pages"].columns_dict:
            db["pages"].add_column(column, kind)
    with db.conn:
        db.conn.execute(f"UPDATE pages SET {CREDITS_AND_REACTIONS}")
    _fts5(db, "pages", ("title", "subtitle", "body_text", "reactions_text"), prefix="2 3 4")
    _fts5(db, "reactions", ("author", "text"))
    _fts5(db, "authors", ("name",))
    _views(db)
    for table, columns in (("pages", ["site", "year"]), ("pages", ["site", "kind", "year"])):
        db[table].create_index(columns, if_not_exists=True)


def _views(db: sqlite_utils.Database, views: dict[str, str] | None = None) -> None:
    with db.conn:
        for name, sql in (VIEWS if views is None else views).items():
            db.conn.execute(f"DROP VIEW IF EXISTS {name}")
            db.conn.execute(f"CREATE VIEW {name} AS {sql}")


VIEWS = {
    # Each author's pages per site.
    "author_overview": (
        "SELECT a.id AS author_id, a.name, p.site, count(DISTINCT p.id) AS pages"
        " FROM authors a JOIN page_authors pa ON pa.author_id = a.id"
        " JOIN pages p ON p.id = pa.page_id GROUP BY a.id, p.site"
    ),
}


def _author_facet_index(db: sqlite_utils.Database) -> None:
    # The author facet counts each author's distinct pages from this index alone; the index on
    # author_id by itself is a prefix of it.
    with db.conn:
        db.conn.execute("DROP INDEX IF EXISTS idx_page_authors_author_id")
    db["page_authors"].create_index(["author_id", "page_id"], if_not_exists=True)


def _operations(db: sqlite_utils.Database) -> None:
    # What an archivist running nightly crawls needs to prove and resume: every HTTP capture and
    # where its WARC record lies, every version of a page, pages that went away, the crawl's
    # own progress per URL (so a killed crawl can continue), and extraction coverage per run.
    db["captures"].create(
        {
            "id": int,
            "run_id": int,
            "site": str,
            "url": str,  # WARC-Target-URI: the real URL, also when fetched from the mirror
            "fetched_at": str,  # WARC-Date
            "status": int,
            "content_type": str,
            "record_type": str,  # response, or revisit when the payload was stored before
            "payload_digest": str,  # WARC-Payload-Digest, sha1:<base32>
            "refers_to": int,  # a revisit's capture holding the payload
            "etag": str,
            "last_modified": str,
            "warc_file": str,  # relative to the captures folder
            "warc_offset": int,
            "warc_length": int,
            "http_bytes": int,  # bytes received: status line, headers and body
            "archived": int,  # 1 when the archive stored this capture as a page
        },
        pk="id",
        foreign_keys=[("run_id", "crawl_runs", "id"), ("refers_to", "captures", "id")],
        if_not_exists=True,
    )
    db["crawl_state"].create(
        {
            "url": str,
            "site": str,
            "callback": str,  # the spider method that handles the URL's response
            "discovered_run": int,
            "discovered_at": str,
            "fetched_run": int,  # the run that stored the URL's page or failure
            "fetched_at": str,
            "status": int,
            "expanded_run": int,  # the run that recorded every link the response led to
        },
        pk="url",
        if_not_exists=True,
    )
    db["revisions"].create(
        {
            "id": int,
            "page_id": str,
            "run_id": int,
            "fetched_at": str,
            "content_hash": str,
            "changed_fields": str,  # JSON list; empty for a page's first version
            "record": str,  # the whole record of this version, as JSON
            "extractor_version": str,
        },
        pk="id",
        foreign_keys=[("page_id", "pages", "id"), ("run_id", "crawl_runs", "id")],
        if_not_exists=True,
    )
    db["field_coverage"].create(
        {"run_id": int, "site": str, "field": str, "pages": int, "by_rule": int},
        pk=("run_id", "site", "field"),
        foreign_keys=[("run_id", "crawl_runs", "id")],
        if_not_exists=True,
    )
    for column in ("pages_gone", "bytes_downloaded", "errors"):
        if column not in db["crawl_runs"].columns_dict:
            db["crawl_runs"].add_column(column, int, not_null_default=0)
    for table, column, kind in (
        ("pages", "gone_at", str),
        ("pages", "extractor_version", str),
        ("page_urls", "gone_at", str),
        ("page_urls", "last_seen_run", int),
    ):
        if column not in db[table].columns_dict:
            db[table].add_column(column, kind)
    for table, columns in (
        ("captures", ["url", "id"]),
        ("captures", ["run_id"]),
        ("crawl_state", ["discovered_run"]),
        ("crawl_state", ["site"]),
        ("revisions", ["page_id", "id"]),
    ):
        db[table].create_index(columns, if_not_exists=True)


def _author_page_counts(db: sqlite_utils.Database) -> None:
    # The author facet of an unfiltered listing reads these instead of counting 1.3 million
    # page_authors rows per request; the store keeps them current.
    if "page_count" not in db["authors"].columns_dict:
        db["authors"].add_column("page_count", int, not_null_default=0)
    with db.conn:
        db.conn.execute(
            "UPDATE authors SET page_count = (SELECT count(DISTINCT page_id) FROM page_authors"
            " WHERE author_id = authors.id)")
    db["authors"].create_index(["page_count"], if_not_exists=True)


def _fetch_retries(db: sqlite_utils.Database) -> None:
    # Every fault a crawl met and got past by waiting and asking again: a site that needs many
    # retries is a site in trouble, or one that asks us to slow down.
    db["fetch_retries"].create(
        {"id": int, "run_id": int, "site": str, "url": str, "attempt": int, "reason": str,
         "delay_seconds": float, "at": str},
        pk="id",
        foreign_keys=[("run_id", "crawl_runs", "id")],
        if_not_exists=True,
    )
    db["fetch_retries"].create_index(["run_id"], if_not_exists=True)


def _warc_files(db: sqlite_utils.Database) -> None:
    # Fixity at ingest: each WARC file's SHA-256 and size when it was closed, so that `archive
    # verify` can tell a file that changed since from one that did not (archive/storage/fixity.py).
    db["warc_files"].create(
        {
            "name": str,  # relative to the captures folder, as captures.warc_file
            "run_id": int,
            "sha256": str,  # hex
            "bytes": int,
            "recorded_at": str,
            "recorded_by": str,  # "crawl" when the crawl closed it, "verify" by `verify --record`
        },
        pk="name",
        foreign_keys=[("run_id", "crawl_runs", "id")],
        if_not_exists=True,
    )
    db["warc_files"].create_index(["run_id"], if_not_exists=True)


# Kept apart from VIEWS: it reads `revisions`, which migration 8 creates. Made earlier (by
# migration 5's views), it would name a missing table, and SQLite refuses every ALTER TABLE
# RENAME while a view does ("error in view page_changes: no such table").
REVISION_VIEWS = {
    # One row per stored version that changed something (a page's first version changed
    # nothing): what changed on which page and when, searchable through the page's index.
    "page_changes": (
        "SELECT r.id AS revision_id, r.page_id, p.title, p.site, p.url,"
        " substr(r.fetched_at, 1, 10) AS date, r.fetched_at,"
        " (SELECT group_concat(value, ', ') FROM json_each(r.changed_fields)) AS fields,"
        " r.changed_fields, r.run_id, p.rowid AS page_rowid"
        " FROM revisions r JOIN pages p ON p.id = r.page_id"
        " WHERE r.changed_fields != '[]'"
    ),
}


def _page_changes(db: sqlite_utils.Database) -> None:
    _views(db, REVISION_VIEWS)
    # The changes newest first, and their count, without reading the first versions.
    with db.conn:
        db.conn.execute(
            "CREATE INDEX IF NOT EXISTS idx_revisions_changes ON revisions (fetched_at)"
            " WHERE changed_fields != '[]'")


def _documents(db: sqlite_utils.Database) -> None:
    # What pages offer for download (reports, factsheets, handouts), kept as records of their own:
    # a publication's text lives in its PDF, and publication links rot first. One row per
    # document URL; the pages that link it are its rows in `links`.
    db["documents"].create(
        {
            "id": str,  # pipeline.identity.url_id of its URL
            "url": str,
            "site": str,
            "format": str,  # pdf, docx, html (a page, not a document), else doc, xlsx, ...
            "media_type": str,  # what the bytes are, sniffed; never taken from the header alone
            "served_type": str,  # the Content-Type the server sent
            "title": str,  # from the file's own metadata
            "author": str,  # from the file's own metadata
            "created": str,  # YYYY-MM-DD, from the file's own metadata
            "modified": str,  # YYYY-MM-DD, from the file's own metadata
            "year": int,  # of created, else of modified
            "page_count": int,
            "bytes": int,
            "sha256": str,  # hex, of the body as received (decoded from any Content-Encoding)
            "text": str,  # paragraphs separated by a blank line; empty when none could be read
            # Why the text is missing (or, for a PDF with unreadable pages, incomplete):
            # pipeline.documents.PROBLEMS; NULL when it was read whole.
            "problem": str,
            "problem_detail": str,  # the reason in words
            "first_seen_at": str,
            "last_seen_at": str,
            "last_changed_at": str,
            "fetched_at": str,  # of the body the row describes
            "gone_at": str,
            "last_seen_run": int,
            "extractor_version": str,
        },
        pk="id",
        foreign_keys=[("site", "sites", "slug"), ("last_seen_run", "crawl_runs", "id")],
        if_not_exists=True,
    )
    for columns in (["url"], ["site", "format", "year"], ["last_seen_run"], ["problem"]):
        db["documents"].create_index(columns, unique=columns == ["url"], if_not_exists=True)
    # A page's documents, and a document's pages, are both read through links by URL.
    db["links"].create_index(["url"], if_not_exists=True)
    for outcome in ("new", "changed", "unchanged"):
        if f"documents_{outcome}" not in db["crawl_runs"].columns_dict:
            db["crawl_runs"].add_column(f"documents_{outcome}", int, not_null_default=0)
    _fts5(db, "documents", ("title", "text"), prefix="2 3 4")
    _views(db, DOCUMENT_VIEWS)


# Kept apart from VIEWS, as REVISION_VIEWS: they read `documents`, which migration 13 creates.
DOCUMENT_VIEWS = {
    # One row per document with the link text it is offered under and the pages offering it.
    "document_overview": (
        "SELECT d.id, d.url, d.site, d.format,"
        " coalesce(d.title, (SELECT l.title FROM links l WHERE l.url = d.url"
        "  ORDER BY l.page_id, l.position LIMIT 1)) AS title,"
        " (SELECT l.title FROM links l WHERE l.url = d.url ORDER BY l.page_id, l.position"
        "  LIMIT 1) AS link_title,"
        " d.year, d.page_count, d.bytes, d.problem,"
        " (SELECT count(DISTINCT l.page_id) FROM links l WHERE l.url = d.url) AS linked_from,"
        " d.first_seen_at, d.last_seen_at, d.gone_at,"
        # The key of documents_fts, so the view is searchable like the table.
        " d.rowid AS document_rowid"
        " FROM documents d"
    ),
}

# The key of the public copy's pseudonyms (archive/publication/public.py): kept in the archive,
# never in what it publishes, so that no one can turn a list of names into the pseudonyms.
PUBLICATION_SECRET = "publication_secret"


def _people_and_rights(db: sqlite_utils.Database) -> None:
    # What a public archive owes the people in it and the publishers of its pages: the key of the
    # readers' pseudonyms, the register of removal requests, and what each site said it allows.
    db[PUBLICATION_SECRET].create({"secret": str}, if_not_exists=True)
    with db.conn:
        if db.conn.execute(f"SELECT count(*) FROM {PUBLICATION_SECRET}").fetchone()[0] == 0:
            db.conn.execute(f"INSERT INTO {PUBLICATION_SECRET} (secret) VALUES (?)",
                            (secrets.token_hex(32),))
    # A removal request and its lifting, never deleted: the register is the proof of both.
    db["takedowns"].create(
        {
            "id": int,
            "kind": str,  # url, author or commenter
            "value": str,  # as the archivist gave it
            "key": str,  # what it is matched by: the canonical URL, or pipeline.names.name_key
            "reason": str,
            "added_at": str,
            "added_by": str,
            "lifted_at": str,
            "lifted_by": str,
            "lift_reason": str,
        },
        pk="id",
        if_not_exists=True,
    )
    db["takedowns"].create_index(["kind", "key"], if_not_exists=True)
    # A site's robots.txt and /.well-known/tdmrep.json as a run read them: the robots.txt the
    # crawl obeyed, and the TDM reservations the pages' rows are resolved against.
    db["policy_files"].create(
        {
            "id": int,
            "run_id": int,
            "site": str,
            "kind": str,  # robots.txt or tdmrep.json
            "url": str,
            "fetched_at": str,
            "status": int,
            "body": str,  # as text; NULL when the site answered without one (404)
            "sha256": str,  # hex, of the body's bytes
        },
        pk="id",
        foreign_keys=[("run_id", "crawl_runs", "id")],
        if_not_exists=True,
    )
    db["policy_files"].create_index(["run_id"], if_not_exists=True)
    db["policy_files"].create_index(["url", "id"], if_not_exists=True)
    # The rights signals of a page, one row each time they change: the row of the latest run at
    # or before a day is what the page said that day (last_seen_run carries it forward).
    db["page_rights"].create(
        {
            "id": int,
            "url": str,
            "page_id": str,
            "site": str,
            "run_id": int,  # the run that first saw these signals
            "last_seen_run": int,
            "fetched_at": str,
            "meta_robots": str,  # <meta name="robots"> (and name="<our crawler>"), as printed
            "x_robots_tag": str,  # the X-Robots-Tag header, as sent
            "noarchive": int,
            "noindex": int,
            "nosnippet": int,
            "tdm_reservation": int,  # 1 reserved, 0 not, NULL when the site said nothing
            "tdm_policy": str,  # the policy URL that comes with a reservation
            "tdm_source": str,  # header, meta or tdmrep.json
            "licence": str,  # the licence URL (rel="license", a Creative Commons link, JSON-LD)
            "licence_source": str,  # rel-license, creative-commons-link or json-ld
            "robots_file_id": int,  # the robots.txt the crawl obeyed fetching it
        },
        pk="id",
        foreign_keys=[("run_id", "crawl_runs", "id"), ("robots_file_id", "policy_files", "id")],
        if_not_exists=True,
    )
    for columns in (["url", "id"], ["page_id"], ["run_id"], ["noarchive"], ["tdm_reservation"]):
        db["page_rights"].create_index(columns, if_not_exists=True)
    # The page's current signals on its row, as the other columns researchers export: a CSV of
    # pages says which rows their publisher reserved against text and data mining.
    for column, kind in (("noarchive", int), ("tdm_reservation", int), ("tdm_policy", str),
                         ("licence", str)):
        if column not in db["pages"].columns_dict:
            db["pages"].add_column(column, kind)
    # The few pages every public output leaves out, without reading every page row.
    with db.conn:
        db.conn.execute("CREATE INDEX IF NOT EXISTS idx_pages_noarchive ON pages (id)"
                        " WHERE noarchive = 1")
    _views(db, PAGE_VIEWS)


# Kept apart from VIEWS: it shows the rights columns migration 14 adds to pages (an archive from
# before it had an earlier form of the view, which migration 14 replaces).
PAGE_VIEWS = {
    # One row per page with what a researcher reads and facets on, without writing SQL.
    "page_overview": (
        "SELECT p.id, p.url, p.site, p.kind, p.title, p.subtitle, p.year, p.canon_year,"
        " p.published, p.modified,"
        " (SELECT group_concat(value, '; ') FROM json_each(p.author_names)) AS authors,"
        " p.author_names, p.reaction_count, p.view_count, p.reading_time_minutes,"
        " p.tdm_reservation, p.tdm_policy, p.licence,"
        # The key of pages_fts, so the view is searchable like the table.
        " p.rowid AS page_rowid"
        " FROM pages p"
    ),
}


def _revisits(db: sqlite_utils.Database) -> None:
    """What each check of a URL found, and when the revisit policy would check it next
    (archive/storage/revisits.py), kept by the store with every fetch."""
    for column, kind in REVISIT_COLUMNS.items():
        if column not in db["crawl_state"].columns_dict:
            db["crawl_state"].add_column(column, kind)
    db["crawl_state"].create_index(["site", "next_check_at"], if_not_exists=True)


def _run_revisits(db: sqlite_utils.Database) -> None:
    """Per run and site, what the revisit policy chose (archive/crawl/url_state.py): of the
    known URLs, how many were due and how many the run took within its budget, and how many more
    the site's sitemaps and feeds announced changed. A resumed run continues this choice."""
    db["run_revisits"].create(
        {
            "run_id": int,
            "site": str,
            "every_url": int,  # 1: `archive crawl --all`, every known URL, no budget
            "budget": int,
            "known": int,  # URLs known from earlier runs, not gone
            "due": int,  # of those, the ones whose next check had passed
            "chosen": int,  # of those, the ones the run took (at most the budget)
            "announced": int,  # known URLs not due, fetched as a sitemap or feed announced them
        },
        pk=("run_id", "site"),
        defaults={"announced": 0},
        foreign_keys=[("run_id", "crawl_runs", "id"), ("site", "sites", "slug")],
        if_not_exists=True,
    )


REVISIT_COLUMNS = {
    "checks": int,  # fetches that compared the URL's content with an earlier capture
    "changes": int,  # of those, the ones that found it changed
    "first_checked_at": str,  # the capture the first of those compared with
    "wait_days": float,  # the policy's wait after the last fetch
    "next_check_at": str,  # fetched_at + wait_days
    "change_rate": float,  # changes a day, estimated (revisits.change_rate)
}


MIGRATIONS: tuple[tuple[int, str, Callable[[sqlite_utils.Database], None]], ...] = (
    (1, "tables", _tables),
    (2, "sites", _sites),
    (3, "search", _search),
    (4, "field sources", _field_sources),
    (5, "published archive", _published_archive),
    (6, "searchable page overview", _views),
    (7, "author facet index", _author_facet_index),
    (8, "archivist's operations", _operations),
    (9, "author page counts", _author_page_counts),
    (10, "fetch retries", _fetch_retries),
    (11, "WARC file fixity", _warc_files),
    (12, "page changes", _page_changes),
    (13, "documents", _documents),
    (14, "people and rights", _people_and_rights),
    (15, "revisits", _revisits),
    (16, "run revisits", _run_revisits),
)


def connect(path: str) -> sqlite_utils.Database:
    """A connection with foreign keys enforced and WAL (readers such as Datasette do not block the
    crawl's writes)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    return sqlite_utils.Database(conn)


def migrate(db: sqlite_utils.Database) -> list[int]:
    """Apply the migrations the database lacks, in order; returns the numbers applied."""
    db["schema_migrations"].create(
        {"number": int, "name": str, "applied_at": str}, pk="number", if_not_exists=True
    )
    done = {row["number"] for row in db["schema_migrations"].rows}
    applied = []
    for number, name, step in MIGRATIONS:
        if number in done:
            continue
        step(db)
        with db.conn:
            db.conn.execute(
                "INSERT INTO schema_migrations (number, name, applied_at) VALUES (?, ?, ?)",
                (number, name, utc_now()),
            )
        applied.append(number)
    return applied


def content_tables(db: sqlite_utils.Database) -> list[str]:
    """The tables that hold data, without the full-text index and its shadow tables."""
    fts = db.table_names(fts4=True) + db.table_names(fts5=True)
    return [
        name
        for name in db.table_names()
        if not any(name == f or name.startswith(f + "_") for f in fts)
    ]
