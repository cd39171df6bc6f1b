"""Exporting one archive table as CSV, JSON or JSON Lines.

Rows are streamed from a read-only connection straight to the output, so exporting the pages table
of a large archive needs no more memory than one row.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TextIO

import sqlite_utils

from archive.storage.files import check_archive
from archive.storage.schema import content_tables

FORMATS = ("csv", "json", "jsonl")


def export_table(db_path: str | Path, table: str, fmt: str, out: str | Path | TextIO) -> int:
    """Write every row of `table` to `out` (a path or a text stream); returns the rows written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    check_archive(db_path)
    uri = f"{Path(db_path).resolve().as_uri()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        db = sqlite_utils.Database(conn)
        tables = [t for t in content_tables(db) if t != "schema_migrations"]
        tables += db.view_names()
        if table not in tables:
            raise ValueError(f"unknown table or view {table!r}; choose one of: "
                             f"{', '.join(sorted(tables))}")
        cursor = conn.execute(f"SELECT * FROM [{table}]")
        columns = [column[0] for column in cursor.description]
        rows = (dict(zip(columns, values, strict=True)) for values in cursor)
        with _opened(out) as stream:
            return WRITERS[fmt](stream, columns, rows)


@contextmanager
def _opened(out: str | Path | TextIO) -> Iterator[TextIO]:
    if isinstance(out, str | Path):
        # newline="" leaves line endings to the csv module (\r\n, as RFC 4180 has them).
        with open(out, "w", encoding="utf-8", newline="") as stream:
            yield stream
    else:
        yield out


def _write_csv(stream: TextIO, columns: list[str], rows: Iterator[dict]) -> int:
    writer = csv.DictWriter(stream, fieldnames=columns)
    writer.writeheader()
    written = 0
    for row in rows:
        writer.writerow(row)
        written += 1
    return written


def _write_json(stream: TextIO, columns: list[str], rows: Iterator[dict]) -> int:
    """One JSON array, written row by row rather than built in memory."""
    stream.write("[")
    written = 0
    for row in rows:
        stream.write(",\n" if written else "\n")
        stream.write(json.dumps(row, ensure_ascii=False))
        written += 1
    stream.write("\n]\n" if written else "]\n")
    return written


def _write_jsonl(stream: TextIO, columns: list[str], rows: Iterator[dict]) -> int:
    written = 0
    for row in rows:
        stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        written += 1
    return written


WRITERS = {"csv": _write_csv, "json": _write_json, "jsonl": _write_jsonl}
