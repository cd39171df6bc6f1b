"""A search's matches, found once per state of the served file and kept in memory, with the two
things a search page asks of them besides its rows: how many there are, and their facets.

Why kept: a search page asks SQLite for its rows, its count and four facets, each over the same
matches. Asked in SQL, each of those reads every match's row again: at 100,000 pages the count
of `zorg`'s 50,347 matches alone took 190-500 ms (one B-tree leaf per match), and at a million
pages the count and four facets over the newest 10,000 took 100-150 ms together. Found once,
the count is the number of matches, and a facet is counted from one column held in memory as
numpy arrays (row number and value code per pair), which takes a millisecond or two.

Exact or bounded: in an archive of at most EXACT_PAGES pages every match is kept, so counts and
facets are exact whatever the word (fetching `wijkteam*`'s 63,472 matches at 100,000 pages:
20 ms). Above that a search keeps its newest BOUND matches (FTS5 walks a term's matches in rowid
order and stops there), and the page says that there are more (plugins/bounded_search.py).

Only a column that an index leads can be held: loading it reads that index, not the table
(`site` at a million pages: well under a second). Other columns are counted by Datasette's SQL."""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from contextlib import closing
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

from archive.storage.files import file_state

BOUND = 10_000
EXACT_PAGES = 100_000
KEPT = 64  # searches whose matches are kept, per server
KEPT_FILES = 4  # states of served files whose facet columns are kept
PLUGIN = "archive-search"  # its `exact_pages` setting (`archive serve --exact-up-to`)


@dataclass(frozen=True)
class FacetColumn:
    """One facet's values per row: pair i says row `rowids[i]` has value `values[codes[i]]`.
    A row may have several values (a page's authors) or none."""

    rowids: np.ndarray
    codes: np.ndarray
    values: list


@dataclass
class Matches:
    """The rowids of a search's matches, newest first; `more` when there are more than these."""

    rowids: np.ndarray
    more: bool
    facets: dict[str, list[tuple[object, int]]] = field(default_factory=dict)

    @cached_property
    def json(self) -> str:
        return "[" + ",".join(map(str, self.rowids.tolist())) + "]"

    @cached_property
    def _member(self) -> np.ndarray:
        member = np.zeros(int(self.rowids.max(initial=0)) + 1, dtype=bool)
        member[self.rowids] = True
        return member

    def counts(self, column: FacetColumn) -> list[tuple[object, int]]:
        """Pages per value among the matches, most first, then by value as SQLite orders them
        (`order by count desc, value`): numbers before text, text by code point."""
        member = self._member
        inside = column.rowids < len(member)
        hits = column.codes[inside][member[column.rowids[inside]]]
        per_code = np.bincount(hits, minlength=len(column.values))
        found = [(column.values[code], int(per_code[code])) for code in np.flatnonzero(per_code)]
        return sorted(found, key=lambda pair: (-pair[1], sqlite_order(pair[0])))


def sqlite_order(value: object) -> tuple:
    return (0, value) if isinstance(value, (int, float)) else (1, str(value))


class _Kept:
    """Least recently used entries, safe for Datasette's SQL threads; `make` runs outside the
    lock, so a slow load does not hold up other searches."""

    def __init__(self, size: int):
        self.size, self.entries, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key: tuple, make):
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
                return self.entries[key]
        value = make()
        with self.lock:
            self.entries[key] = value
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)
        return value


_searches = _Kept(KEPT)
_columns = _Kept(KEPT_FILES * 8)
_sizes = _Kept(KEPT_FILES)


def exact_pages(datasette) -> int:
    """Up to how many pages a served file counts every search exactly: EXACT_PAGES unless the
    metadata's plugin settings say otherwise."""
    return int((datasette.plugin_config(PLUGIN) or {}).get("exact_pages", EXACT_PAGES))


def is_exact(conn, path: str, table: str, up_to: int) -> bool:
    """Whether every search of this file keeps all its matches: `table` has at most `up_to`
    rows."""
    def count() -> int:
        return conn.execute(f"select count(*) from {escape_sqlite(table)}").fetchone()[0]
    return _sizes.get((path, *file_state(path), table), count) <= up_to


def newest_matches_sql(fts: str, matches: list[str], table: str, fts_pk: str, filters: str) -> str:
    """The rowids of the newest matches, newest first. `matches` are MATCH conditions on the
    index (FTS5 ANDs several); `filters` are the request's column filters, checked per match so
    that the bound counts only pages the request asks for."""
    where = " and ".join(matches)
    if filters:
        where += (f" and exists (select 1 from {escape_sqlite(table)} where"
                  f" {escape_sqlite(fts_pk)} = {escape_sqlite(fts)}.rowid and {filters})")
    return f"select rowid from {escape_sqlite(fts)} where {where} order by rowid desc"


def kept_matches(conn, path: str, table: str, fts: str, query: str, up_to: int) -> Matches:
    """The matches of `query` (FTS5 syntax) in `fts`, newest first: all of them in a file of
    at most `up_to` pages, else the newest BOUND."""
    exact = is_exact(conn, path, table, up_to)

    def find() -> Matches:
        sql = newest_matches_sql(fts, [f"{escape_sqlite(fts)} match ?"], table, "rowid", "")
        reader = conn.cursor()
        reader.row_factory = None
        if exact:
            rows = reader.execute(sql, (query,))
        else:
            rows = reader.execute(f"{sql} limit ?", (query, BOUND + 1))
        rowids = np.fromiter((rowid for rowid, in rows), dtype=np.int64)
        more = not exact and len(rowids) > BOUND
        return Matches(rowids[:BOUND] if more else rowids, more)

    return _searches.get((path, *file_state(path), fts, query, exact), find)


def indexed(conn, table: str, column: str) -> bool:
    """Whether an index of `table` leads with `column`, so that it can be held cheaply."""
    return conn.execute(
        "select 1 from pragma_index_list(?) as list, pragma_index_info(list.name) as info"
        " where info.seqno = 0 and info.name = ? and list.partial = 0 limit 1",
        (table, column)).fetchone() is not None


def facet_column(conn, path: str, pairs_sql: str) -> FacetColumn:
    """The (rowid, key, value) rows that `pairs_sql` selects, held once per state of the file.
    Pages are counted per key (an author's id), each key shown by its value (the name); a key
    given twice for one page (an author in two roles) counts once."""
    def load() -> FacetColumn:
        reader = conn.cursor()
        reader.row_factory = None
        codes: dict[object, int] = {}
        rowids, coded, values = [], [], []
        for rowid, key, value in reader.execute(pairs_sql):
            code = codes.setdefault(key, len(codes))
            if code == len(values):
                values.append(value)
            rowids.append(rowid)
            coded.append(code)
        pairs = np.unique(np.array(rowids, dtype=np.int64) * max(1, len(values))
                          + np.array(coded, dtype=np.int64))
        return FacetColumn(pairs // max(1, len(values)), pairs % max(1, len(values)), values)
    return _columns.get((path, *file_state(path), pairs_sql), load)


def load_in_background(datasette, wanted) -> None:
    """Hold the facet columns of each immutable database that `wanted(conn, database)` lists
    (pairs SQL) before its first search asks for them: the authors of a million pages take
    seconds to read. Mutable databases change, and load on demand."""
    def load(path: str, name: str) -> None:
        with closing(sqlite3.connect(f"file:{path}?immutable=1", uri=True)) as conn:
            for pairs_sql in wanted(conn, name):
                facet_column(conn, path, pairs_sql)
    for name, db in datasette.databases.items():
        if db.path is not None and not db.is_mutable:
            threading.Thread(target=load, args=(db.path, name), name="facet columns",
                             daemon=True).start()


def column_pairs_sql(table: str, column: str) -> str:
    name = escape_sqlite(column)
    return f"select rowid, {name}, {name} from {escape_sqlite(table)} where {name} is not null"


def facet_counts(conn, path: str, matches: Matches, pairs_sql: str) -> list[tuple[object, int]]:
    """A facet of kept matches: pages per value, most first; counted once per search."""
    if pairs_sql not in matches.facets:
        matches.facets[pairs_sql] = matches.counts(facet_column(conn, path, pairs_sql))
    return matches.facets[pairs_sql]


def kept_clause(table: str, fts_pk: str) -> str:
    """The WHERE clause of a search whose matches are kept: its rowids, as JSON, from the SQL
    function `newest_matches` (plugins/bounded_search.py), called with the same arguments by the
    rows, the count and the facets of one request."""
    literal = "'" + table.replace("'", "''") + "'"
    return (f"{escape_sqlite(fts_pk)} in (select value from json_each("
            f"newest_matches({literal}, :search_index, :search)))")


async def kept_facet_counts(facet, pairs_sql: str) -> list[tuple[object, int]] | None:
    """The counts of one facet over the listing's kept matches, or None if the listing is not
    a kept search alone (another clause, a `_where=` or the next page's, narrows its rows)."""
    if not facet.table or not isinstance(facet.params, dict) or "search" not in facet.params:
        return None
    fts_pk = facet.ds.table_metadata(facet.database, facet.table).get("fts_pk", "rowid")
    if not facet.sql.endswith(f" where {kept_clause(facet.table, fts_pk)} "):
        return None
    db = facet.ds.get_database(facet.database)
    table, fts, query = facet.table, facet.params["search_index"], facet.params["search"]
    up_to = exact_pages(facet.ds)
    return await db.execute_fn(lambda conn: facet_counts(
        conn, db.path, kept_matches(conn, db.path, table, fts, query, up_to), pairs_sql))


def facet_toggle(facet, arg: str, value: object) -> tuple[bool, str]:
    """Whether a facet value's filter (`arg=value`) is on, and the link that turns it on or
    off, as Datasette's column facet makes them."""
    selected = (arg, str(value)) in facet.get_querystring_pairs()
    if selected:
        path = path_with_removed_args(facet.request, {arg: str(value)})
    else:
        path = path_with_added_args(facet.request, {arg: value})
    return selected, facet.ds.absolute_url(facet.request, facet.ds.urls.path(path))
