"""Bounds on what one query may make the server hold, as SQL through the archive's URLs is open
to anyone (`?sql=` is how the dashboards fetch their charts, so it stays on in public mode too).
The time limit bounds how long a query runs, not how much it returns: `select
randomblob(1000000000)` answered 1.33 GB within it, and the server grew to 7.4 GB (a hostile test
run measured it).

- No value larger than LENGTH_LIMIT can be made or read: SQLite's SQLITE_LIMIT_LENGTH on every
  connection Datasette opens. Nothing the archive stores comes near it: a page is at most the
  crawl's DOWNLOAD_MAXSIZE of 20 MB, and its text and record are no larger than that.
- No query may return more than RESULT_LIMIT in all its rows: counted row by row as Datasette
  fetches them, so the query fails before the rest is held. Answering costs the server several
  times what it returns (Python's copies, the JSON, its bytes), and more for blobs, which JSON
  carries as base64: they count twice. The archive stores none.

Both answer an error (HTTP 400). Measured (tests/archive/publication/test_publication_safety.py):
the server stays under 500 MB for each of five such queries, `randomblob(1000000000)` among
them."""

import sqlite3
import threading
import weakref

from datasette import hookimpl

LENGTH_LIMIT = 32 * 2**20
RESULT_LIMIT = 24 * 2**20
_fetched = threading.local()  # this thread's query: its cursor, and what its rows held so far


class ResultTooLarge(sqlite3.DataError):
    """A query's rows held more than RESULT_LIMIT."""


def bounded_row(cursor: sqlite3.Cursor, row: tuple) -> sqlite3.Row:
    """Datasette's own row type, once the row is counted against its query's limit. A cursor
    is one query, fetched in one thread."""
    size = sum(len(value) if isinstance(value, str) else 2 * len(value)
               for value in row if isinstance(value, str | bytes))
    current = getattr(_fetched, "cursor", None)
    if current is None or current() is not cursor:
        _fetched.cursor, _fetched.size = weakref.ref(cursor), 0
    _fetched.size += size
    if _fetched.size > RESULT_LIMIT:
        raise ResultTooLarge(f"the answer would hold more than {RESULT_LIMIT // 2**20} MB:"
                             " ask for fewer rows or columns")
    return sqlite3.Row(cursor, row)


@hookimpl
def prepare_connection(conn):
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, LENGTH_LIMIT)
    conn.row_factory = bounded_row
