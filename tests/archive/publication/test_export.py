"""Exporting archive tables: every format reads back to the rows the database holds."""

from __future__ import annotations

import csv
import io
import json

import pytest

from archive.publication.export import export_table
from archive.storage.store import Archive
from tests.archive.storage.test_store import FETCHED, record


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "archive.db"
    with Archive(path) as archive:
        run = archive.start_run(["socialevraagstukken"], mirror=True)
        archive.store(record(), fetched_at=FETCHED, run_id=run)
        archive.store(
            record(url="https://www.socialevraagstukken.nl/wijkteams/", title="Wijkteams, “nu”",
                   body_text="Regel één,\n\nregel “twee”; met komma's.", view_count=None),
            fetched_at=FETCHED, run_id=run,
        )
        archive.finish_run(run, "finished")
    return path


def stored_rows(db_path, table: str) -> list[dict]:
    with Archive(db_path) as archive:
        return list(archive.db.query(f"SELECT * FROM [{table}]"))


@pytest.mark.parametrize("table", ["pages", "reactions", "sites", "crawl_runs"])
def test_csv_export_reads_back_the_same_rows(db_path, tmp_path, table):
    out = tmp_path / f"{table}.csv"

    written = export_table(db_path, table, "csv", out)

    with open(out, encoding="utf-8", newline="") as stream:
        exported = list(csv.DictReader(stream))
    expected = [{k: "" if v is None else str(v) for k, v in row.items()}
                for row in stored_rows(db_path, table)]
    assert written == len(exported) == len(expected) > 0
    assert exported == expected


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_exports_read_back_the_same_rows(db_path, tmp_path, fmt):
    out = tmp_path / f"pages.{fmt}"

    export_table(db_path, "pages", fmt, out)

    text = out.read_text(encoding="utf-8")
    exported = json.loads(text) if fmt == "json" else [json.loads(line)
                                                        for line in text.splitlines()]
    assert exported == stored_rows(db_path, "pages")
    assert len(exported) == 2


def test_export_writes_to_a_text_stream(db_path):
    stream = io.StringIO()

    export_table(db_path, "sites", "jsonl", stream)

    slugs = [json.loads(line)["slug"] for line in stream.getvalue().splitlines()]
    assert slugs == ["canon", "movisie", "socialevraagstukken", "zorgwelzijn"]


def test_an_empty_table_exports_as_an_empty_json_array(db_path):
    stream = io.StringIO()

    assert export_table(db_path, "fetch_failures", "json", stream) == 0

    assert json.loads(stream.getvalue()) == []


def test_an_unknown_table_is_refused_with_the_valid_tables_listed(db_path, tmp_path):
    refused = r"unknown table or view 'artikelen'; choose one of: .*page_overview.*pages"
    with pytest.raises(ValueError, match=refused):
        export_table(db_path, "artikelen", "csv", tmp_path / "out.csv")
    with pytest.raises(ValueError, match="unknown table or view 'pages_fts'"):
        export_table(db_path, "pages_fts", "csv", tmp_path / "out.csv")
    assert not (tmp_path / "out.csv").exists()


def test_an_unknown_format_is_refused_with_the_valid_formats_listed(db_path):
    with pytest.raises(ValueError, match="choose one of: csv, json, jsonl"):
        export_table(db_path, "pages", "xml", io.StringIO())


def test_a_missing_database_is_refused_without_creating_one(tmp_path):
    with pytest.raises(ValueError, match="no archive database"):
        export_table(tmp_path / "nergens.db", "pages", "csv", io.StringIO())
    assert not (tmp_path / "nergens.db").exists()
