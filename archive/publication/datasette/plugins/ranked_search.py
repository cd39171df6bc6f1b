"""`ranked_pages(:q)` and `ranked_index_answers(:q)` in the archive's SQL, for the canned query
`search`: the best pages by bm25 from the ranked index beside the database when there is one
that answers the query (archive/publication/ranked.py), else NULL and 0, and the query ranks
with FTS5 itself as it always did."""

from datasette import hookimpl

from archive.publication.ranked import answerable, ranked_pages_json


@hookimpl
def prepare_connection(conn, database, datasette):
    db = datasette.databases.get(database)
    path = db.path if db is not None else None
    if path is None:  # in-memory databases: no index beside them
        return
    conn.create_function("ranked_pages", 1, lambda query: ranked_pages_json(path, query),
                         deterministic=True)
    conn.create_function("ranked_index_answers", 1,
                         lambda query: int(answerable(path, query) is not None),
                         deterministic=True)
