"""Where an archive lives, and whether a file is one: checked here once, so every command
refuses a wrong path with the same words before it writes anything beside it."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

DEFAULT_DB = "data/archive.db"
SQLITE_HEADER = b"SQLite format 3\x00"


def captures_folder(db_path: str, configured: str | None = None) -> Path:
    """Where the WARC files of an archive live: `captures/` beside its database (the file itself,
    not a link to it), unless configured otherwise, so copying the folder of an archive copies
    its evidence too."""
    return Path(configured) if configured else Path(db_path).resolve().parent / "captures"


def read_only(db_path: str | Path) -> sqlite3.Connection:
    """A connection that reads the database and leaves no trace beside it. Even `mode=ro`
    creates the -wal and -shm files of a WAL database, and a read-only connection cannot remove
    them again. Without a -wal file no connection has the database open (SQLite removes it as
    the last one closes, and a writer creates it before it writes), so the file is read as it
    lies (`immutable`), which creates nothing; with one, SQLite reads the WAL as usual."""
    path = Path(db_path).resolve()
    immutable = not Path(f"{path}-wal").exists()
    return sqlite3.connect(f"{path.as_uri()}?mode=ro{'&immutable=1' if immutable else ''}",
                           uri=True)


def file_state(db_path: str | Path) -> list[str]:
    """What changes whenever a database file is written to: every write touches the file or its
    WAL. Size and modification time of each, for what is made from the file and must be made
    again when it changed (the public copy, its ranked index, kept search results)."""
    path = Path(db_path).resolve()
    return [f"{stat.st_size}:{stat.st_mtime_ns}"
            for stat in (name.stat() for name in (path, Path(f"{path}-wal")) if name.exists())]


def check_archive(db_path: str | Path, *, may_be_new: bool = False) -> None:
    """Raise ValueError unless `db_path` is an archive database. With `may_be_new`, a file not
    there yet or empty, and a SQLite file without the archive's tables, pass too: opening them
    as an `Archive` makes them one."""
    path = Path(db_path)
    if not path.is_file() or not path.stat().st_size:
        if may_be_new:
            return  # a folder is refused where the database would be made (Archive)
        if path.is_dir():
            raise ValueError(f"{db_path} is a folder, not an archive database file")
        raise ValueError(f"no archive database at {db_path}: run `archive crawl` first")
    with path.open("rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise ValueError(f"{db_path} is not a SQLite archive database")
    if may_be_new:
        return
    try:
        with closing(read_only(path)) as conn:
            conn.execute("SELECT count(*) FROM pages").fetchone()
    except sqlite3.DatabaseError as error:
        raise ValueError(f"{db_path} is not an archive database ({error})") from None
