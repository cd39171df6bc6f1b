"""A larger SQLite page cache on each of Datasette's connections. A search at a million pages
reads its newest 10,000 matches' rows for its first rows and for a facet counted in SQL
(plugins/bounded_search.py): about 40 MB of pages, which SQLite's default 2 MB cache cannot hold,
so each statement fetched them from the OS again. Datasette keeps a connection per thread (three
by default), so the server may hold three times CACHE_MB."""

from datasette import hookimpl

CACHE_MB = 128


@hookimpl
def prepare_connection(conn):
    conn.execute(f"PRAGMA cache_size = -{CACHE_MB * 1024}")
