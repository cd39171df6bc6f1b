"""A downloaded document's row, written by `Archive.store_document` in one transaction: one row
per document URL, its content (the file's hash, metadata and text, or why there is no text)
replaced when it differs from what the archive held, and when it was first and last seen.

The file itself is never here: it is in the WARC files, which `archive reextract` reads the text
from again. Which pages offer a document is not kept twice either: those are the pages' rows in
`links` with its URL."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from pipeline.identity import url_id
from pipeline.version import extractor_version

if TYPE_CHECKING:  # the readers it brings (pypdf, python-docx) are the workers' to import
    from pipeline.documents import Document

# The document's fields, as pipeline.documents.Document names them, that are its content.
CONTENT = ("format", "media_type", "title", "author", "created", "modified", "page_count",
           "bytes", "sha256", "text", "problem")


def write(conn: sqlite3.Connection, document: Document, *, url: str, site: str,
          served_type: str | None, fetched_at: str, run_id: int, live: bool) -> tuple[str, bool]:
    """Store the document; returns its outcome (new, changed, unchanged) and whether this run
    stored it before (a resumed crawl fetching it again), so that it is counted once."""
    held = conn.execute(
        f"SELECT {', '.join(CONTENT)}, problem_detail, served_type, last_seen_run"
        " FROM documents WHERE url = ?", (url,)).fetchone()
    values = {**{key: getattr(document, key) for key in CONTENT},
              "problem_detail": document.detail, "served_type": served_type}
    year = (document.created or document.modified or "")[:4]
    content = {**values, "year": int(year) if year.isdigit() else None,
               "fetched_at": fetched_at, "extractor_version": extractor_version()}
    if held is None:
        row = {"id": url_id(url), "url": url, "site": site, **content,
               "first_seen_at": fetched_at, "last_seen_at": fetched_at,
               "last_changed_at": fetched_at, "last_seen_run": run_id}
        conn.execute(f"INSERT INTO documents ({', '.join(row)})"
                     f" VALUES ({', '.join(':' + key for key in row)})", row)
        return "new", False
    again = held[-1] == run_id
    outcome = "unchanged" if tuple(held[:-1]) == tuple(values.values()) else "changed"
    if outcome == "changed":
        content["last_changed_at"] = fetched_at
        conn.execute(f"UPDATE documents SET {', '.join(f'{key} = :{key}' for key in content)}"
                     " WHERE url = :url", {**content, "url": url})
    if live:
        conn.execute("UPDATE documents SET last_seen_at = ?, last_seen_run = ?, gone_at = NULL"
                     " WHERE url = ?", (fetched_at, run_id, url))
    return outcome, again


def mark_gone(conn: sqlite3.Connection, url: str, fetched_at: str) -> bool:
    """Mark an archived document gone, kept; False if the URL is no document of the archive."""
    return conn.execute("UPDATE documents SET gone_at = coalesce(gone_at, ?) WHERE url = ?",
                        (fetched_at, url)).rowcount > 0
