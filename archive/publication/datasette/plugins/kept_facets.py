"""Column facets of a search whose matches are kept (archive/publication/kept_searches.py),
counted in memory instead of by one SQL statement per facet over every match's row. The values,
their order, labels and links are Datasette's column facet's; any other listing, and a column
no index leads, is counted by Datasette's own SQL.

Datasette registers its facet classes from the module datasette.facets; that module is
unregistered and its date and array facets are registered again from here, unchanged."""

from datasette import hookimpl
from datasette.facets import ArrayFacet, ColumnFacet, DateFacet
from datasette.plugins import pm
from datasette.utils import detect_json1, path_with_removed_args

from archive.publication.kept_searches import (
    column_pairs_sql,
    facet_toggle,
    indexed,
    kept_facet_counts,
    load_in_background,
)

DATASETTE_FACETS = "datasette.facets"

if pm.get_plugin(DATASETTE_FACETS) is not None:
    pm.unregister(name=DATASETTE_FACETS)


class KeptColumnFacet(ColumnFacet):
    async def facet_results(self):
        results, by_sql = [], []
        size = self.get_facet_size()
        db = self.ds.get_database(self.database)
        for config in self.get_configs():
            column = config["config"].get("column") or config["config"]["simple"]
            can_keep = await db.execute_fn(lambda conn, c=column: indexed(conn, self.table, c))
            counts = (await kept_facet_counts(self, column_pairs_sql(self.table, column))
                      if can_keep else None)
            if counts is None:
                by_sql.append(config)
                continue
            shown = counts[:size]
            labels = await self.ds.expand_foreign_keys(
                self.database, self.table, column, [value for value, _ in shown])
            values = []
            for value, count in shown:
                arg = f"{column}__exact" if column.startswith("_") else column
                selected, url = facet_toggle(self, arg, value)
                values.append({"value": value, "label": labels.get((column, value), value),
                               "count": count, "toggle_url": url, "selected": selected})
            results.append({
                "name": column, "type": self.type, "hideable": config["source"] != "metadata",
                "toggle_url": self.ds.urls.path(
                    path_with_removed_args(self.request, {"_facet": column})),
                "results": values, "truncated": len(counts) > size,
            })
        timed_out = []
        if by_sql:
            self.get_configs = lambda: by_sql
            sql_results, timed_out = await super().facet_results()
            results += sql_results
        return results, timed_out


@hookimpl
def startup(datasette):
    def wanted(conn, database: str) -> list[str]:
        """The column facets the metadata gives each table, where an index leads them."""
        tables = datasette.metadata("tables", database=database) or {}
        return [column_pairs_sql(table, facet) for table, settings in tables.items()
                for facet in settings.get("facets", []) if isinstance(facet, str)
                and indexed(conn, table, facet)]
    load_in_background(datasette, wanted)


@hookimpl
def register_facet_classes():
    return [KeptColumnFacet, DateFacet] + ([ArrayFacet] if detect_json1() else [])
