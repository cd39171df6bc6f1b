"""The archive: SQLite schema and storage, full-text search, Datasette publication, exports and
the `archive` command line."""

DEFAULT_DB = "data/archive.db"
