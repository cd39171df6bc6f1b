"""`?_search=` that answers at a million pages. In an archive of at most `--exact-up-to` pages
(archive/publication/kept_searches.py) a search's rows, count and facets are those of every
match. In a larger one they are those of its newest BOUND matches: below the bound that is every
match, so the count and the facets are exact; above it the count says "meer dan 10.000"
(`query.params.search_more_than` in the JSON, docs/api.md) and the facets are labelled as
counted over the newest BOUND.

Why a bound: Datasette's own search clause, `rowid in (select rowid from pages_fts where ...
match ...)`, makes SQLite collect every match before it sorts, counts or facets them. For "zorg"
in half of a million pages that is over the server's time limit ("SQL query took too long").
FTS5 walks a term's matches in rowid order and stops when told (`order by rowid desc limit`),
and the public copy numbers its pages by publication date (archive/publication/public.py), so
the newest matches cost the same whatever the term. In the internal archive, whose rowids are the
order pages entered it, the bound is the matches archived last; the page says which.

A search without column filters finds its matches once: `newest_matches()` in SQL, which the
rows and any facet counted in SQL call with the same arguments, keeps them per state of the
database file (archive/storage/files.py file_state). Its count is the number kept: Datasette's
count statement for it is answered without SQLite, which would read every match's row
(`execute` below). Its facets are counted in memory (plugins/kept_facets.py, author_facet.py).

Datasette's search hook lives in datasette.filters beside its `_where` and `_through` hooks; the
module is unregistered and those two are registered again from here, unchanged."""

from datasette import hookimpl
from datasette.database import Database, Results
from datasette.filters import FilterArguments, Filters, through_filters, where_filters
from datasette.plugins import pm
from datasette.utils import escape_fts, escape_sqlite
from datasette.utils.asgi import BadRequest

from archive.publication.kept_searches import (
    BOUND,
    exact_pages,
    is_exact,
    kept_clause,
    kept_matches,
    newest_matches_sql,
)
from archive.publication.public import is_public_copy

DATASETTE_FILTERS = "datasette.filters"

if pm.get_plugin(DATASETTE_FILTERS) is not None:
    pm.unregister(name=DATASETTE_FILTERS)
__all__ = ["through_filters", "where_filters"]  # registered again as this plugin's hooks


def dutch(number: int) -> str:
    return f"{number:,}".replace(",", ".")


@hookimpl
def prepare_connection(conn, database, datasette):
    db = datasette.databases.get(database)
    if db is None or db.path is None:
        return
    up_to = exact_pages(datasette)
    conn.create_function(
        "newest_matches", 3,
        lambda table, fts, query: kept_matches(conn, db.path, table, fts, query, up_to).json,
        deterministic=True)


# The count statements of kept searches, as Datasette's table view writes them
# (`select count(*) from <table> where <clause> `), with their table and index.
_kept_counts: dict[str, str] = {}
_execute = Database.execute


async def execute(self, sql, params=None, *args, **kwargs):
    """Database.execute, except that the count of a kept search is its number of kept
    matches, which SQLite would otherwise find by reading every match's row. Any other
    statement, or a count Datasette writes otherwise, runs in SQLite as before."""
    table = _kept_counts.get(sql)
    if table is None or self.path is None or not params:
        return await _execute(self, sql, params, *args, **kwargs)
    up_to = exact_pages(self.ds)
    matches = await self.execute_fn(lambda conn: kept_matches(
        conn, self.path, table, params["search_index"], params["search"], up_to))
    return Results([(len(matches.rowids),)], False, [("count(*)",)])


Database.execute = execute


@hookimpl(specname="filters_from_request")
def bounded_search(request, database, table, datasette):
    async def inner():
        table_metadata = datasette.table_metadata(database, table)
        db = datasette.get_database(database)
        fts = (request.args.get("_fts_table") or table_metadata.get("fts_table")
               or await db.fts_table(table))
        fts_pk = request.args.get("_fts_pk", table_metadata.get("fts_pk", "rowid"))
        raw = table_metadata.get("searchmode") == "raw"
        if request.args.get("_searchmode") in ("raw", "escaped"):
            raw = request.args.get("_searchmode") == "raw"
        extra_context = {"supports_search": bool(fts)}
        searches = {key: request.args[key] for key in request.args
                    if key.startswith("_search") and key != "_searchmode"}
        if not (fts and searches):
            return FilterArguments([], extra_context=extra_context)
        params, matches, described = {}, [], []
        for i, (key, text) in enumerate(searches.items()):
            name = "search" if key == "_search" else f"search_{i}"
            column = None if key == "_search" else key.split("_search_", 1)[1]
            if column is not None and column not in await db.table_columns(fts):
                raise BadRequest("Cannot search by that column")
            placeholder = f":{name}" if raw else f"escape_fts(:{name})"
            target = escape_sqlite(fts) if column is None else escape_sqlite(column)
            matches.append(f"{target} match {placeholder}")
            params[name] = text
            described.append(f'search matches "{text}"' if column is None
                             else f'search column "{column}" matches "{text}"')
            extra_context["search"] = text
        filter_args = [(key, value) for key in request.args
                       if not (key.startswith("_") and "__" not in key)
                       for value in request.args.getlist(key)]
        clauses, filter_params = Filters(sorted(filter_args)).build_where_clauses(table)
        params.update(filter_params)
        where = " and ".join(f"({clause})" for clause in clauses)
        up_to = exact_pages(datasette)
        if list(searches) == ["_search"] and not where:
            query = searches["_search"] if raw else escape_fts(searches["_search"])
            found = await db.execute_fn(
                lambda conn: kept_matches(conn, db.path, table, fts, query, up_to))
            more = found.more
            params.update(search=query, search_index=fts)
            clause = kept_clause(table, fts_pk)
            _kept_counts[f"select count(*) from {escape_sqlite(table)} where {clause} "] = table
        else:
            newest = newest_matches_sql(fts, matches, table, fts_pk, where)
            exact = await db.execute_fn(lambda conn: is_exact(conn, db.path, table, up_to))
            more = not exact and (await db.execute(
                f"select 1 from ({newest} limit 1 offset {BOUND})", params)).first() is not None
            params["search_limit"] = -1 if exact else BOUND  # SQLite: a negative limit is none
            clause = f"{escape_sqlite(fts_pk)} in ({newest} limit :search_limit)"
        if more:
            params["search_more_than"] = BOUND
            order = "gepubliceerd" if is_public_copy(db.path) else "gearchiveerd"
            described.append(f"meer dan {dutch(BOUND)} treffers: de laatst {order}e"
                             f" {dutch(BOUND)} getoond en in de facetten geteld")
        return FilterArguments([clause], params, described, extra_context)

    return inner

