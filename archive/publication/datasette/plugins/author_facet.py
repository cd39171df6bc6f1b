"""An author facet that counts from page_authors instead of parsing every page's JSON list.

Datasette's array facet on `author_names` runs json_each over every row and de-duplicates whole
rows, body text included: at a million pages it never finishes within the facet time limit, so
researchers would never see it. The counts and the links it offers are the same as the array
facet's (`author_names__arraycontains=<name>`), only computed otherwise: unfiltered from the page
counts kept on each author row, filtered by joining page_authors to the listing's own SQL.

Configured in metadata as `facets: [{authors: author_names}]`.
"""

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import path_with_removed_args

from archive.publication.kept_searches import facet_toggle, kept_facet_counts, load_in_background

# Each page's authors, for counting the kept matches of a search in memory
# (archive/publication/kept_searches.py): per author id, shown by name, as the SQL below counts.
# Read in the order of pages' ids, whose authors are beside each other in page_authors' key: at
# a million pages 3.3 s, where SQLite's own order (by author, each page looked up) took 19 s.
AUTHOR_PAIRS_SQL = ("SELECT p.rowid, a.id, a.name FROM pages p CROSS JOIN page_authors pa"
                    " ON pa.page_id = p.id JOIN authors a ON a.id = pa.author_id")


def pages_per_author_sql(listing_sql: str, limit: int) -> str:
    """Counts per author of the pages in a listing, given the listing's SQL (which selects `id`)."""
    # Datasette writes a listing without filters or search as "select ... from <table> ",
    # which covers every page: the counts the store keeps on each author row are the answer.
    if " where " not in listing_sql.lower():
        return ("SELECT name AS value, page_count AS count FROM authors WHERE page_count > 0"
                f" ORDER BY page_count DESC, name LIMIT {limit}")
    return ("SELECT a.name AS value, count(DISTINCT pa.page_id) AS count"
            " FROM page_authors pa JOIN authors a ON a.id = pa.author_id"
            f" WHERE pa.page_id IN (SELECT id FROM ({listing_sql}))"
            f" GROUP BY a.id ORDER BY count DESC, value LIMIT {limit}")


class AuthorFacet(Facet):
    type = "authors"

    async def facet_results(self):
        results, timed_out = [], []
        size = self.get_facet_size()
        for config in self.get_configs():
            column = config["config"].get("column") or config["config"]["simple"]
            counts = await kept_facet_counts(self, AUTHOR_PAIRS_SQL)
            if counts is None:
                try:
                    rows = await self.ds.execute(
                        self.database, pages_per_author_sql(self.sql, size + 1), self.params,
                        truncate=False, custom_time_limit=self.ds.setting("facet_time_limit_ms"))
                except QueryInterrupted:
                    timed_out.append(column)
                    continue
                counts = [(row["value"], row["count"]) for row in rows.rows]
            values = []
            for name, count in counts[:size]:
                selected, url = facet_toggle(self, f"{column}__arraycontains", name)
                values.append({"value": name, "label": name, "count": count,
                               "toggle_url": url, "selected": selected})
            results.append({
                "name": column,
                "type": self.type,
                "results": values,
                "hideable": config["source"] != "metadata",
                "toggle_url": self.ds.urls.path(
                    path_with_removed_args(self.request, {"_facet_authors": column})),
                "truncated": len(counts) > size,
            })
        return results, timed_out


@hookimpl
def startup(datasette):
    def wanted(conn, database: str) -> list[str]:
        tables = datasette.metadata("tables", database=database) or {}
        configured = any(isinstance(facet, dict) and AuthorFacet.type in facet
                         for settings in tables.values() for facet in settings.get("facets", []))
        return [AUTHOR_PAIRS_SQL] if configured else []
    load_in_background(datasette, wanted)


@hookimpl
def register_facet_classes():
    return [AuthorFacet]
