"""`archive serve`: Datasette over the archive with the project's metadata, whatever the
database file is called."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

METADATA = Path(__file__).with_name("metadata.yml")


def check_database(db_path: str) -> None:
    """Refuse a missing or non-SQLite file before Datasette would create or choke on it."""
    path = Path(db_path)
    if not path.is_file():
        raise ValueError(f"no archive at {db_path}: run `archive crawl` first")
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            conn.execute("select count(*) from pages").fetchone()
    except sqlite3.DatabaseError as error:
        raise ValueError(f"{db_path} is not an archive database ({error})") from None


def metadata_for(db_path: str) -> dict:
    """The metadata file, its per-database section keyed by this file's name as Datasette
    names the database (its stem)."""
    metadata = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    databases = metadata.get("databases", {})
    if "archive" in databases:
        databases[Path(db_path).stem] = databases.pop("archive")
    return metadata


def serve_datasette(db_path: str, host: str = "127.0.0.1", port: int = 8001) -> None:
    check_database(db_path)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(metadata_for(db_path), handle)
    print(f"serving {db_path} on http://{host}:{port}/ (Ctrl-C to stop)", file=sys.stderr)
    command = [sys.executable, "-m", "datasette", "serve", db_path, "--metadata", handle.name,
               "--host", host, "--port", str(port)]
    try:
        subprocess.run(command, check=False)
    except KeyboardInterrupt:
        pass
    finally:
        Path(handle.name).unlink(missing_ok=True)
