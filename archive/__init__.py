"""The archive: SQLite schema and storage, full-text search, Datasette publication, exports and
the `archive` command line."""

from pathlib import Path

DEFAULT_DB = "data/archive.db"


def captures_folder(db_path: str, configured: str | None = None) -> Path:
    """Where the WARC files of an archive live: `captures/` beside its database (the file itself,
    not a link to it), unless configured otherwise, so copying the folder of an archive copies
    its evidence too."""
    return Path(configured) if configured else Path(db_path).resolve().parent / "captures"
